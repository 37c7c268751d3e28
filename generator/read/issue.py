"""Turn a GitHub `issues` webhook payload from our post form into a submission."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from generator.model import Site
from generator.model.timeparse import TimeError, to_instant
from generator.read.issueform import (
    IssueForm,
    ParsedBody,
    field_headings,
    form_from_mapping,
    load_form,
    parse_body,
    with_versions,
)
from generator.read.submission import Refused, Submission, make_submission

FORMS_DIR = Path(".github/ISSUE_TEMPLATE")
CONDUCT_FIELD = "code_of_conduct"


def read_payload(path: Path) -> dict[str, Any]:
    """Load a webhook payload; a file that is not JSON is refused, not crashed on."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Refused(f"{path.name} is not a JSON webhook payload: {exc}",
                      "unreadable") from exc
    if not isinstance(payload, dict):
        raise Refused(f"{path.name} is not a webhook payload object", "unreadable")
    return payload


def issue_source(number: int) -> str:
    return f"issue #{number}"


def submission_from_issue(payload: dict[str, Any], site: Site,
                          forms: list[IssueForm]) -> Submission:
    """Read the issue in ``payload`` against our forms and check it.

    Raises Refused naming the reason for anything that is not a usable post.
    """
    issue = payload.get("issue")
    if not isinstance(issue, dict) or "pull_request" in payload:
        raise Refused("not an `issues` event: there is no issue in this payload",
                      "not-a-submission")
    if "comment" in payload:
        raise Refused("an issue comment, not a submission; reply through the "
                      "reply form", "not-a-submission")
    number = issue.get("number")
    created = issue.get("created_at")
    if not isinstance(number, int) or not created:
        raise Refused("the issue has no number or creation time", "unreadable")
    try:
        posted = to_instant(created, dt.timezone.utc)
    except TimeError as exc:
        raise Refused(f"the issue's creation time {created!r} is not a date-time: "
                      f"{exc}", "unreadable") from exc

    body = issue.get("body") or ""
    if not body.strip():
        raise Refused("the issue body is empty", "empty")
    parsed, form = _best_parse(body, forms)
    if parsed is None or form is None:
        raise Refused("the issue body is not our post form: none of its field "
                      "headings (### Space, ### Response, ...) were found",
                      "not-a-submission")
    values = parsed.values
    if parsed.missing:
        raise Refused("required fields left empty: " + ", ".join(parsed.missing),
                      "incomplete")
    conduct = form.field(CONDUCT_FIELD)
    if conduct is not None and not values.get(CONDUCT_FIELD):
        raise Refused("the code of conduct was not acknowledged", "code-of-conduct")
    return make_submission(
        site,
        space_slug=_option(values.get("space")),
        question_slug=_option(values.get("question")),
        author=str(values.get("name") or ""),
        affiliation=str(values.get("affiliation") or ""),
        body=str(values.get("response") or ""),
        posted=posted,
        source=issue_source(number),
        language=_option(values.get("language")) or "en",
        in_reply_to=_option(values.get("in_reply_to")),
    )


def _option(value: Any) -> str:
    """A dropdown answer 'slug — Title' or 'slug' gives the slug."""
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value or "").strip()
    return text.split(" ", 1)[0].strip() if text else ""


def _best_parse(body: str, forms: list[IssueForm]) -> tuple[ParsedBody | None,
                                                        IssueForm | None]:
    """The form whose labels the body's headings match most.

    None unless at least half of that form's headings are there: a body from
    someone else's form that shares one label ("Description") is not ours.
    """
    headings = set(field_headings(body))
    best: tuple[int, ParsedBody | None, IssueForm | None] = (0, None, None)
    for form in forms:
        labels = set(form.by_label())
        matched = len(headings & labels)
        if matched > best[0] and matched * 2 >= len(form.fields):
            best = (matched, parse_body(body, form), form)
    return best[1], best[2]


def post_forms(root: Path) -> list[IssueForm]:
    """Our submission forms (post and reply) from .github/ISSUE_TEMPLATE.

    Each also reads the labels of its earlier committed versions, so an issue
    filed before a field was renamed is still understood.
    """
    forms = []
    for name in ("post.yml", "reply.yml"):
        path = root / FORMS_DIR / name
        if path.exists():
            forms.append(with_versions(load_form(path),
                                       _committed_versions(root, FORMS_DIR / name)))
    return forms


def _committed_versions(root: Path, rel: Path, limit: int = 20) -> list[IssueForm]:
    """Earlier versions of a form from git history; none outside a repository."""
    import subprocess

    import yaml

    log = subprocess.run(["git", "log", f"-{limit}", "--format=%H", "--",
                          rel.as_posix()], cwd=root, capture_output=True, text=True)
    versions = []
    for commit in log.stdout.split() if log.returncode == 0 else []:
        shown = subprocess.run(["git", "show", f"{commit}:{rel.as_posix()}"],
                               cwd=root, capture_output=True, text=True)
        if shown.returncode == 0:
            data = yaml.safe_load(shown.stdout)
            if isinstance(data, dict):
                versions.append(form_from_mapping(data))
    return versions
