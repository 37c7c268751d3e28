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
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from generator.consultation.intake import COMMENT_FORM_PATH, comment_from_issue
from generator.forge.base import Change, Forge
from generator.forge.report import (
    ModerationReport,
    build_report,
    first_time_from_association,
)
from generator.model import Site
from generator.read.issue import CONDUCT_FIELD, submission_from_issue
from generator.read.issueform import IssueForm, field_headings
from generator.read.submission import Refused, Submission, find_by_source, free_id

log = logging.getLogger(__name__)

RECEIPT_MARK = "<!-- spaces:receipt -->"
QUEUED_LABEL = "queued"
ATTENTION_LABEL = "needs-attention"
TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                          keep_trailing_newline=True, trim_blocks=True,
                          lstrip_blocks=True)
# Text the contributor typed can reach a bot comment (a refusal quotes the
# field): a zero-width space after `@` keeps it from pinging anyone.
_ENV.filters["no_mentions"] = lambda text: str(text).replace("@", "@\u200b")


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
               forge: Forge, other_forms: list[IssueForm] | None = None
               ) -> IntakeResult:
    """Turn one `issues` event into a proposal on ``forge``, or a reasoned reply.

    ``other_forms`` are the repository's other issue forms: an issue that one of
    them fits better than our post forms (a comment on a draft shares several
    labels with a post) belongs to another intake and is ignored here.
    """
    found = payload.get("issue")
    issue: dict[str, Any] = found if isinstance(found, dict) else {}
    number = issue.get("number") if isinstance(issue.get("number"), int) else None
    body = issue.get("body") or ""
    if issue.get("state") == "closed":
        # Edited or labelled after moderation: merged or rejected stays so.
        return IntakeResult("ignored", f"issue #{number} is closed")
    other = _filed_with_other(body, forms, other_forms or [])
    read = lambda: submission_from_issue(payload, site, forms)  # noqa: E731
    if other is not None and other.path is not None \
            and other.path.name == COMMENT_FORM_PATH.name:
        # A comment on a draft: its own reader, then the same moderation path.
        read = lambda: comment_from_issue(payload, site, other)  # noqa: E731
    elif other is not None:
        return IntakeResult("ignored", f"issue #{number} was filed with the form "
                            f"{other.name!r}, not a post form")
    try:
        submission = read()
    except Refused as refusal:
        if RECEIPT_MARK in body:
            # Our own receipt (re-labelled, re-run): the post is already queued.
            return IntakeResult("ignored",
                                f"issue #{number} already shows its receipt")
        return _refuse(payload, issue, number, refusal, forge)

    published = find_by_source(site, submission.source)
    if published is not None and published == submission.path and \
            (site.root / published).read_text(encoding="utf-8") == submission.text():
        # The same event again after the merge (a re-run workflow): nothing new.
        return IntakeResult("unchanged", f"unchanged: {published} is already "
                            "published")
    report = _report(site, submission, payload, forms)
    result = propose(submission, report, forge, issue=number)
    change = result.change
    assert change is not None
    if number is not None:
        forge.label_issue(number, [QUEUED_LABEL, *submission.labels])
        if not change.updated:
            forge.comment_issue(number, render("queued.md.j2", change=change))
        forge.replace_issue_body(number, render("receipt.md.j2", mark=RECEIPT_MARK,
                                                change=change,
                                                submission=submission))
    return result


def _avoid_pending_paths(submission: Submission, forge: Forge) -> None:
    """Give the post a free id when another pending change already adds it.

    Published posts are checked when the submission is made; pending ones only
    the forge knows. Without this, two people of the same name submitting in
    the same second make the same file and the second merge stops on a conflict.
    """
    taken = {PurePosixPath(path).stem: change.key
             for change in forge.pending() for path in change.paths}
    submission.post_id = free_id(submission.post_id, submission.source, taken)


def propose(submission: Submission, report: ModerationReport, forge: Forge, *,
            issue: int | None = None) -> IntakeResult:
    """Put a checked submission on the forge with its moderation report.

    The step every intake shares (issue form, mail): the branch and proposal
    are made or updated in place, and the report is commented on the proposal
    whenever the text changed. Replying to the contributor is the caller's.
    """
    _avoid_pending_paths(submission, forge)
    change = forge.submit(submission, title=_title(submission),
                          body=render("proposal.md.j2", submission=submission,
                                      issue=issue),
                          issue=issue)
    if not change.unchanged:
        forge.comment_change(change, report.markdown())
    outcome = ("unchanged" if change.unchanged else
               "updated" if change.updated else "proposed")
    where = f"#{change.number}" if change.number else change.branch
    log.info("%s: %s %s (%s)", submission.source, outcome, submission.path, where)
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


def _filed_with_other(body: str, forms: list[IssueForm],
                      others: list[IssueForm]) -> IssueForm | None:
    """The other form whose labels the body's headings match best, if it beats
    every post form; ties go to our forms."""
    headings = set(field_headings(body))

    def score(form: IssueForm) -> float:
        labels = set(form.by_label())
        return len(headings & labels) / max(1, len(form.fields))

    ours = max((score(f) for f in forms), default=0.0)
    best = max(others, key=score, default=None)
    return best if best is not None and score(best) > ours else None


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
