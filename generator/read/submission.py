"""A submission: one post file on its way to moderation, whatever its source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.model import Site, Space
from generator.model.ids import EMAIL_ADDRESS, post_id
from generator.model.source import strip_controls

# About 3,000 words: several times the longest response a space has had, and
# small enough that one submission cannot bloat every page, feed and search index.
MAX_BODY_CHARS = 20_000


class Refused(Exception):
    """A submission the intake will not turn into a post; ``reason`` says why.

    ``label`` is the issue label (or quarantine reason code) that marks it.
    """

    def __init__(self, reason: str, label: str = "needs-attention"):
        self.reason = reason
        self.label = label
        super().__init__(reason)


@dataclass
class Submission:
    """A post ready to be written: where it goes and its complete file text."""

    space: str
    question: str
    post_id: str
    front_matter: dict[str, object]
    body: str
    source: str
    labels: list[str] = field(default_factory=list)
    late: bool = False

    @property
    def path(self) -> str:
        return f"spaces/{self.space}/{self.question}/{self.post_id}.md"

    def text(self) -> str:
        meta = yaml.safe_dump(self.front_matter, sort_keys=False, allow_unicode=True,
                              width=88)
        return f"---\n{meta}---\n\n{self.body.strip()}\n"


def find_by_source(site: Site, source: str) -> str | None:
    """Path (relative to the root) of the post already made from ``source``."""
    for post in site.posts():
        if post.source == source:
            return post.path.relative_to(site.root).as_posix()
    return None


def judge_timing(space: Space, posted: dt.datetime) -> bool:
    """True when late-but-accepted; raises Refused for closed or unopened spaces.

    Judged on when the contributor submitted, never on when the intake runs.
    """
    if posted < space.opens:
        raise Refused(f"space '{space.slug}' opens on {space.opens.isoformat()}; "
                      "it was not open yet when this was submitted", "not-open")
    if posted >= space.closes:
        if space.allow_late:
            return True
        raise Refused(f"space '{space.slug}' closed on {space.closes.isoformat()}, "
                      f"before this was submitted ({posted.isoformat()})", "closed")
    return False


def free_id(wanted: str, source: str, taken: Mapping[str, str]) -> str:
    """``wanted``, or ``wanted-2``, ``-3``... when another source holds it.

    ``taken`` maps post ids already in use (published or pending) to their
    source. Two people with the same name can submit in the same second; the
    second must not overwrite the first. The same source keeps its own id.
    """
    candidate, number = wanted, 1
    while taken.get(candidate, source) != source:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def make_submission(site: Site, *, space_slug: str, question_slug: str, author: str,
                    affiliation: str, body: str, posted: dt.datetime, source: str,
                    language: str = "en", in_reply_to: str = "",
                    extra: dict[str, object] | None = None) -> Submission:
    """Check a contribution against the content and build its post file."""
    # Names arrive from forms and mail headers: one line, no control characters.
    author = " ".join(strip_controls(author).split())
    affiliation = " ".join(strip_controls(affiliation).split())
    body = strip_controls(body)
    if len(body) > MAX_BODY_CHARS:
        raise Refused(f"the response has {len(body):,} characters; the limit is "
                      f"{MAX_BODY_CHARS:,} (about 3,000 words). Please shorten it or "
                      "link to a longer document", "too-long")
    if not body.strip():
        raise Refused("the response is empty", "empty")
    space = site.space(space_slug)
    # Refusals reach whoever wrote in (a public GitHub comment, a reply to any
    # sender): they name public spaces and questions only.
    if space is None:
        known = ", ".join(s.slug for s in site.spaces
                          if s.visibility == "public") or "none"
        raise Refused(f"unknown space {space_slug!r}; known spaces: {known}",
                      "unknown-space")
    question = space.question(question_slug)
    if question is None:
        known = ", ".join(q.slug for q in space.questions if space.visibility
                          == "public" and (q.visibility or "public") == "public")
        known = known or "none"
        raise Refused(f"unknown question {question_slug!r} in space '{space.slug}'; "
                      f"its questions: {known}", "unknown-question")
    if not author.strip():
        raise Refused("no name given; posts are published under a display name",
                      "no-name")
    if "@" in author:
        raise Refused("the name looks like an email address; posts never publish "
                      "addresses", "no-name")
    if EMAIL_ADDRESS.search(affiliation):
        raise Refused("the affiliation contains an email address; posts never "
                      "publish addresses", "no-name")
    late = judge_timing(space, posted)
    if in_reply_to and not any(p.id == in_reply_to for p in question.posts):
        raise Refused(f"in reply to {in_reply_to!r}, which is not a post of "
                      f"{space.slug}/{question.slug}", "unknown-post")

    posted_utc = posted.astimezone(dt.timezone.utc)
    meta: dict[str, object] = {
        "author": author.strip(),
        "affiliation": affiliation.strip(),
        "posted": posted_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "language": language or "en",
        "source": source,
    }
    if in_reply_to:
        meta["in_reply_to"] = in_reply_to
    if late:
        meta["late"] = True
    meta.update(extra or {})
    return Submission(space=space.slug, question=question.slug,
                      post_id=free_id(post_id(posted_utc, author), source,
                                      {p.id: p.source for p in site.posts()}),
                      front_matter=meta,
                      body=body, source=source, late=late,
                      labels=["late"] if late else [])


def write_submission(root: Path, submission: Submission, site: Site) -> Path:
    """Write the post file; a second run for the same source rewrites in place."""
    existing = find_by_source(site, submission.source)
    target = root / (existing or submission.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(submission.text(), encoding="utf-8")
    return target
