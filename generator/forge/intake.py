"""Issue in, proposal out: the intake that sits between an issue form and a forge.

One call per webhook event. The same issue processed again (edited, labelled,
the workflow re-run) reaches the same branch and pull request, because the
forge keys submissions by their source. Once the post sits on its branch the
issue's text is replaced by a receipt, so unmoderated words do not stay on
show; a later event whose body is that receipt is recognised and ignored.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.forge.base import Change, Forge
from generator.forge.report import (
    ModerationReport,
    build_report,
    first_time_from_association,
)
from generator.model import Site
from generator.read.issue import CONDUCT_FIELD, submission_from_issue
from generator.read.issueform import IssueForm
from generator.read.submission import Refused, Submission

log = logging.getLogger(__name__)

RECEIPT_MARK = "<!-- spaces:receipt -->"
QUEUED_LABEL = "queued"
ATTENTION_LABEL = "needs-attention"
TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                          keep_trailing_newline=True, trim_blocks=True,
                          lstrip_blocks=True)


@dataclass
class IntakeResult:
    """What one intake run did; ``outcome`` is one of proposed, updated,
    unchanged, refused or ignored, and ``message`` says it in one line."""

    outcome: str
    message: str
    change: Change | None = None
    refusal: Refused | None = None
    report: ModerationReport | None = None


def render(template: str, **context: Any) -> str:
    """A Markdown message from generator/forge/templates."""
    return _ENV.get_template(template).render(**context)


def take_issue(payload: dict[str, Any], site: Site, forms: list[IssueForm],
               forge: Forge) -> IntakeResult:
    """Turn one `issues` event into a proposal on ``forge``, or a reasoned reply."""
    found = payload.get("issue")
    issue: dict[str, Any] = found if isinstance(found, dict) else {}
    number = issue.get("number") if isinstance(issue.get("number"), int) else None
    body = issue.get("body") or ""
    try:
        submission = submission_from_issue(payload, site, forms)
    except Refused as refusal:
        if RECEIPT_MARK in body:
            # Our own receipt (re-labelled, re-run): the post is already queued.
            return IntakeResult("ignored",
                                f"issue #{number} already shows its receipt")
        return _refuse(payload, issue, number, refusal, forge)

    change = forge.submit(submission, title=_title(submission),
                          body=render("proposal.md.j2", submission=submission,
                                      issue=number),
                          issue=number)
    report = _report(site, submission, payload, forms)
    if not change.unchanged:
        forge.comment_change(change, report.markdown())
    if number is not None:
        forge.label_issue(number, [QUEUED_LABEL, *submission.labels])
        if not change.updated:
            forge.comment_issue(number, render("queued.md.j2", change=change))
        forge.replace_issue_body(number, render("receipt.md.j2", mark=RECEIPT_MARK,
                                                change=change,
                                                submission=submission))
    outcome = ("unchanged" if change.unchanged else
               "updated" if change.updated else "proposed")
    where = f"#{change.number}" if change.number else change.branch
    log.info("issue #%s: %s %s (%s)", number, outcome, submission.path, where)
    return IntakeResult(outcome, f"{outcome}: {submission.path} on {where}",
                        change=change, report=report)


def _refuse(payload: dict[str, Any], issue: dict[str, Any], number: int | None,
            refusal: Refused, forge: Forge) -> IntakeResult:
    """Reply once per reason: a label already on the issue means we said it."""
    message = f"refused ({refusal.label}): {refusal.reason}"
    if refusal.label == "not-a-submission" or number is None or "comment" in payload:
        # Not one of our forms: other issues of the repository are none of ours.
        return IntakeResult("ignored" if refusal.label == "not-a-submission"
                            else "refused", message, refusal=refusal)
    labels = {str(lab.get("name")) for lab in issue.get("labels") or []
              if isinstance(lab, dict)}
    if refusal.label not in labels:
        forge.comment_issue(number, render("refused.md.j2", refusal=refusal))
        forge.label_issue(number, [ATTENTION_LABEL, refusal.label])
    log.warning("issue #%s: %s", number, message)
    return IntakeResult("refused", message, refusal=refusal)


def _title(submission: Submission) -> str:
    author = str(submission.front_matter.get("author", ""))
    return f"Post in {submission.space}/{submission.question} by {author}"


def _report(site: Site, submission: Submission, payload: dict[str, Any],
            forms: list[IssueForm]) -> ModerationReport:
    issue = payload.get("issue") or {}
    posted = dt.datetime.fromisoformat(
        str(submission.front_matter["posted"]).replace("Z", "+00:00"))
    asks_conduct = any(form.field(CONDUCT_FIELD) for form in forms)
    return build_report(
        site, path=submission.path, space=submission.space,
        question=submission.question,
        author=str(submission.front_matter.get("author", "")),
        body=submission.body, posted=posted, late=submission.late,
        # submission_from_issue refuses unticked boxes, so a post here accepted.
        conduct_accepted=True if asks_conduct else None,
        first_time=first_time_from_association(issue.get("author_association")))
