"""A comment on a draft, from the "Comment on a draft" issue form to its file.

The issue intake can hand an issue whose body is this form to
`comment_from_issue`; it returns a Submission whose path is the comment's file
(`generator.consultation.load.comment_path`), so `write_submission` writes it
like any post. Anything unusable is refused with a reason and a label.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator.consultation.load import COMMENTS_DIR, DRAFTS_DIR, load_drafts
from generator.model import Site
from generator.model.ids import post_id
from generator.model.timeparse import to_instant
from generator.read.issueform import IssueForm, load_form, parse_body
from generator.read.submission import Refused, Submission, judge_timing

COMMENT_FORM_PATH = Path(".github/ISSUE_TEMPLATE/comment.yml")


def comment_form(root: Path) -> IssueForm:
    """The "Comment on a draft" issue form of the repository at ``root``."""
    return load_form(root / COMMENT_FORM_PATH)


def _answer(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def comment_submission(site: Site, values: dict[str, Any], *, posted: dt.datetime,
                       source: str) -> Submission:
    """Check a comment's answers against the drafts and build its file.

    ``values`` are the form's answers by field id (space, draft, version,
    paragraph, name, affiliation, language, response).
    """
    load_drafts(site)
    body = _answer(values.get("response"))
    if not body:
        raise Refused("the comment is empty", "empty")
    space = site.space(_answer(values.get("space")))
    if space is None:
        known = ", ".join(s.slug for s in site.spaces) or "none"
        raise Refused(f"unknown space {_answer(values.get('space'))!r}; known "
                      f"spaces: {known}", "unknown-space")
    slug = _answer(values.get("draft"))
    draft = next((d for d in space.drafts if d.slug == slug), None)
    if draft is None:
        known = ", ".join(d.slug for d in space.drafts) or "none"
        raise Refused(f"unknown draft {slug!r} in space '{space.slug}'; its drafts: "
                      f"{known}", "unknown-draft")
    number_text = _answer(values.get("version")).lstrip("vV")
    version = draft.version(int(number_text)) if number_text.isdigit() else None
    if version is None:
        raise Refused(f"draft '{draft.slug}' has no version "
                      f"{_answer(values.get('version'))!r}", "unknown-paragraph")
    paragraph = _answer(values.get("paragraph"))
    if version.block(paragraph) is None:
        raise Refused(f"no paragraph {paragraph!r} in version {version.number} of "
                      f"draft '{draft.slug}'", "unknown-paragraph")
    author = _answer(values.get("name"))
    if not author or "@" in author:
        raise Refused("comments are published under a display name, never an "
                      "email address", "no-name")
    late = judge_timing(space, posted)

    posted_utc = posted.astimezone(dt.UTC)
    meta: dict[str, object] = {
        "author": author,
        "affiliation": _answer(values.get("affiliation")),
        "posted": posted_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "language": _answer(values.get("language")) or "en",
        "source": source,
        "draft": draft.slug,
        "version": version.number,
        "paragraph": paragraph,
    }
    if late:
        meta["late"] = True
    # The Submission's "question" is the folder under the space: the comments
    # folder of the draft, so Submission.path is the comment's path.
    return Submission(space=space.slug,
                      question=f"{DRAFTS_DIR}/{draft.slug}/{COMMENTS_DIR}",
                      post_id=post_id(posted_utc, author), front_matter=meta,
                      body=body, source=source, late=late,
                      labels=["draft-comment"] + (["late"] if late else []))


def comment_from_issue(payload: dict[str, Any], site: Site,
                       form: IssueForm) -> Submission:
    """Read an `issues` webhook payload filed with the comment form."""
    issue = payload.get("issue")
    if not isinstance(issue, dict) or not issue.get("created_at"):
        raise Refused("not an `issues` event with a creation time", "not-a-submission")
    parsed = parse_body(issue.get("body") or "", form)
    if parsed.missing:
        raise Refused("required fields left empty: " + ", ".join(parsed.missing),
                      "incomplete")
    if form.field("code_of_conduct") and not parsed.values.get("code_of_conduct"):
        raise Refused("the code of conduct was not acknowledged", "code-of-conduct")
    posted = to_instant(issue["created_at"], dt.UTC)
    return comment_submission(site, parsed.values, posted=posted,
                              source=f"issue #{issue.get('number')}")
