"""Read the drafts of every space and the comments on them, reporting by line.

Layout (see generator/consultation/__init__.py)::

    spaces/<space>/drafts/<draft>/v1.md, v2.md, ...    one file a version
    spaces/<space>/drafts/<draft>/comments/<id>.md     one comment a file

The core loader skips ``drafts/``; this module reads it on demand and sets
``Space.drafts``, so a site without drafts costs nothing and the check, the
build and the export read drafts the same way.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from generator.consultation.anchors import split_blocks
from generator.consultation.model import Comment, Draft, Version
from generator.model import Post, Question, Site, Space
from generator.model.fields import FieldReader
from generator.model.ids import is_safe_id, split_language
from generator.model.load import _load_post, _read
from generator.model.problems import Problems
from generator.model.source import normalise_text

DRAFTS_DIR = "drafts"
COMMENTS_DIR = "comments"
VERSION_FILE = re.compile(r"^v(\d{1,3})\.md$")
TARGET_KEYS = ("draft", "version", "paragraph")


def comment_path(space: str, draft: str, post_id: str) -> str:
    """Where the comment with ``post_id`` is filed, relative to the repository."""
    return f"spaces/{space}/{DRAFTS_DIR}/{draft}/{COMMENTS_DIR}/{post_id}.md"


def load_drafts(site: Site, problems: Problems | None = None) -> Problems:
    """Read every space's drafts into ``Space.drafts``; return the problems found.

    A comment whose draft, version or paragraph is unknown is still loaded (so
    nothing is lost from the page) and reported with its file and line.
    """
    problems = problems if problems is not None else Problems(site.root)
    for space in site.spaces:
        folder = space.path / DRAFTS_DIR
        space.drafts = []
        if not folder.is_dir():
            continue
        for draft_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            draft = _load_draft(draft_dir, space, problems)
            if draft is not None:
                space.drafts.append(draft)
        for draft in space.drafts:
            _load_comments(draft, space, problems)
    return problems


def _load_draft(folder: Path, space: Space, problems: Problems) -> Draft | None:
    if folder.name.startswith("."):
        return None
    if not is_safe_id(folder.name):
        problems.error(folder, 0, f"draft folder name {folder.name!r} is not a safe "
                       "id (ASCII letters, digits and hyphens)")
        return None
    numbered: dict[int, Path] = {}
    for path in sorted(folder.glob("*.md")):
        found = VERSION_FILE.match(path.name)
        if found is None:
            problems.warning(path, 0, "not a version of the draft: versions are "
                             "named v1.md, v2.md, ...; this file is ignored")
        else:
            numbered[int(found.group(1))] = path
    if not numbered:
        problems.error(folder, 0, "draft folder has no v1.md")
        return None
    expected = list(range(1, len(numbered) + 1))
    if sorted(numbered) != expected:
        have = ", ".join(f"v{n}.md" for n in sorted(numbered))
        problems.error(folder, 0, f"draft versions must be numbered v1.md, v2.md, "
                       f"... without gaps; found {have}")
        return None
    draft = Draft(slug=folder.name, space=space.slug, path=folder)
    for number in expected:
        version = _load_version(numbered[number], number, problems)
        if version is None:
            return None
        draft.versions.append(version)
    return draft


def _load_version(path: Path, number: int, problems: Problems) -> Version | None:
    reader = _read(path, problems, front_matter=True)
    if reader is None:
        return None
    blocks = split_blocks(reader.located.body, _body_line(path, reader))
    if not blocks:
        problems.error(path, 0, "this version of the draft is empty")
    title = reader.text("title")
    if not title:
        heading = next((b for b in blocks if b.kind == "heading"), None)
        title = heading.plain if heading else ""
    published = None
    if reader.has("published"):
        value = reader.raw("published")
        if isinstance(value, dt.datetime):
            published = value.date()
        elif isinstance(value, dt.date):
            published = value
        else:
            reader.error("published", f"'published' should be a date such as "
                         f"2027-03-08, not {value!r}")
    return Version(number=number, path=path, title=title, blocks=blocks,
                   published=published, changes=reader.text("changes"))


def _load_comments(draft: Draft, space: Space, problems: Problems) -> None:
    folder = draft.path / COMMENTS_DIR
    if not folder.is_dir():
        return
    # Comments are posts; a stand-in question lets the core post reader check
    # author, posted and the file name exactly as it does for responses.
    stand_in = Question(slug=f"{DRAFTS_DIR}/{draft.slug}", space=space.slug,
                        title=draft.title, body="", path=folder)
    for path in sorted(folder.glob("*.md")):
        if split_language(path.stem)[1]:
            # TODO: show translations of comments; the page shows originals only
            # until a consultation asks for more than one language.
            continue
        post = _load_post(path, space, stand_in, problems)
        if post is None:
            continue
        reader = post.extra.pop("reader")
        assert isinstance(reader, FieldReader)
        comment = _comment(post, reader, draft, space)
        if comment is not None:
            draft.comments.append(comment)
    draft.comments.sort(key=lambda c: (c.post.posted, c.post.id))


def _body_line(path: Path, reader: FieldReader) -> int:
    """The file line the body text starts on, for block lines that match the file.

    The front matter splitter keeps the closing fence's line end in the body
    unless a blank line follows it, so the body's first line varies; counting
    from the file itself is exact either way.
    """
    text = normalise_text(path.read_text(encoding="utf-8-sig"))
    body = reader.located.body
    if body and text.endswith(body):
        return text[: len(text) - len(body)].count("\n") + 1
    return reader.located.body_line


def _comment(post: Post, reader: FieldReader, draft: Draft,
             space: Space) -> Comment | None:
    for key in TARGET_KEYS:
        if not reader.has(key):
            reader.problems.error(reader.path, 1 + reader.located.offset,
                                  f"missing required field '{key}': a comment names "
                                  "the draft, version and paragraph it answers")
    named = reader.text("draft") or draft.slug
    number = _version_number(reader)
    comment = Comment(post=post, draft=named, version=number,
                      paragraph=reader.text("paragraph"),
                      lines={key: reader.line(key) for key in TARGET_KEYS})
    _check_target(comment, reader, draft, space)
    return comment


def _version_number(reader: FieldReader) -> int:
    value = reader.raw("version")
    if isinstance(value, bool):
        value = None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"v?\d{1,3}", value.strip()):
        return int(value.strip().lstrip("v"))
    if value is not None:
        reader.error("version", f"'version' should be a version number such as 2, "
                     f"not {value!r}")
    return 0


def _check_target(comment: Comment, reader: FieldReader, draft: Draft,
                  space: Space) -> None:
    """Draft, version and paragraph must exist; each fault names its line."""
    if comment.draft != draft.slug:
        others = [d.slug for d in space.drafts]
        if comment.draft in others:
            reader.error("draft", f"comment names draft '{comment.draft}' but is "
                         f"filed under {DRAFTS_DIR}/{draft.slug}/{COMMENTS_DIR}/")
        else:
            reader.error("draft", f"unknown draft '{comment.draft}' in space "
                         f"'{space.slug}'; its drafts: " + ", ".join(others))
        return
    version = draft.version(comment.version)
    if version is None:
        if reader.has("version") and comment.version:
            numbers = ", ".join(str(v.number) for v in draft.versions)
            reader.error("version", f"draft '{draft.slug}' has no version "
                         f"{comment.version}; its versions: {numbers}")
        return
    if comment.paragraph and version.block(comment.paragraph) is None:
        anchors = [b.anchor for b in version.blocks]
        close = difflib.get_close_matches(comment.paragraph, anchors, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        reader.error("paragraph", f"no paragraph '{comment.paragraph}' in version "
                     f"{version.number} of draft '{draft.slug}'{hint}")
