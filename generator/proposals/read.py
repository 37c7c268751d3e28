"""Proposals in: the network's template as text or email, or an issue-form body.

Each reader returns a Proposal whose ``lines`` point into what a person can
open: the text file, the decoded body of the mail, or the issue body.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import json
import re
from email.message import EmailMessage
from pathlib import Path

from generator.model.ids import slugify
from generator.model.source import normalise_text
from generator.proposals import Contact, Proposal
from generator.proposals.values import (
    EMAIL,
    language_code,
    read_contact,
    read_moderators,
    split_list,
)
from generator.read.issueform import HEADING, IssueForm, _key, load_form, parse_body

FORM_PATH = ".github/ISSUE_TEMPLATE/proposal.yml"


class ProposalError(Exception):
    """A file that cannot be read as a proposal at all (not merely a bad one)."""


# The template's labels, by the field they fill; a line starting with one of these
# (after an optional bullet) opens that field. Longer labels first.
TEMPLATE_LABELS = [
    ("timing", ("expected timing and duration", "timing and duration", "timing")),
    ("moderators", ("moderators/co-moderators", "moderators", "co-moderators")),
    ("audience", ("expected audience", "audience")),
    ("languages", ("main language/s of the online discussion", "main language/s",
                   "main languages", "languages", "language")),
    ("contact", ("main contact person", "contact person", "contact")),
    ("description", ("description",)),
    ("title", ("title",)),
    ("theme", ("thematic priority", "theme")),
]
# Hints the template prints after a label, which are not part of the answer.
_HINT = re.compile(r"^\((?:max\.? 250 words|approx\.?[^)]*|tentative[^)]*|"
                   r"name, title, email, location)\)\s*", re.I)
_FIELD_LINE = re.compile(r"^\s*(?:[-*•]\s*)?\**(?P<label>[^:\n]{1,80}?)\**\s*:\**"
                         r"\s*(?P<rest>.*)$")


def _template_field(label: str) -> str | None:
    label = re.sub(r"\([^)]*\)", "", label).strip().casefold()
    for name, labels in TEMPLATE_LABELS:
        if label in labels:
            return name
    return None


def read_template(text: str, where: str) -> Proposal:
    """The network's template as plain text, each answer with its line."""
    answers: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    current: str | None = None
    for number, line in enumerate(normalise_text(text).split("\n"), start=1):
        match = _FIELD_LINE.match(line)
        name = _template_field(match["label"]) if match else None
        if match and name and name not in answers:
            current = name
            lines[name] = number
            answers[name] = [_HINT.sub("", match["rest"].strip())]
        elif current is not None:
            answers[current].append(line.strip())
    values = {name: _paragraphs(parts) for name, parts in answers.items()}
    if not values:
        raise ProposalError(f"{where}: no field of the proposal template found "
                            "(expected lines such as '- Title: ...')")
    proposal = Proposal(
        id=proposal_id(values.get("title", "")),
        title=_one_line(values.get("title", "")),
        description=values.get("description", ""),
        theme=_one_line(values.get("theme", "")),
        timing=_one_line(values.get("timing", "")),
        moderators=read_moderators(values.get("moderators", "")),
        audience=_one_line(values.get("audience", "")),
        languages=split_list(values.get("languages", "")),
        contact=read_contact(values.get("contact", "")),
        where=where, lines=lines,
    )
    proposal.lines["duration"] = lines.get("timing", 0)
    return proposal


def read_email(raw: bytes, where: str) -> Proposal:
    """A proposal mailed as the template: the plain-text body, sender kept private."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        raise ProposalError(f"{where}: the message has no plain-text part")
    proposal = read_template(part.get_content(), f"{where} (body)")
    proposal.source = str(message.get("Message-ID") or "").strip()
    date = message.get("Date")
    if date:
        try:
            proposal.received = email.utils.parsedate_to_datetime(str(date))
        except (TypeError, ValueError):
            proposal.received = None
    _, sender = email.utils.parseaddr(str(message.get("From") or ""))
    proposal.sender = sender
    return proposal


def read_issue_body(body: str, form: IssueForm, where: str) -> Proposal:
    """A body GitHub wrote for our proposal issue form (field ids as in the form)."""
    values = parse_body(body, form).values

    def text(name: str) -> str:
        value = values.get(name, "")
        return ", ".join(value) if isinstance(value, list) else str(value or "").strip()

    languages = values.get("languages", "")
    proposal = Proposal(
        id=proposal_id(text("title")),
        title=_one_line(text("title")), description=text("description"),
        theme=text("theme"), timing=_one_line(text("timing")),
        duration=_one_line(text("duration")),
        moderators=read_moderators(text("moderators")),
        audience=_one_line(text("audience")),
        languages=(languages if isinstance(languages, list)
                   else split_list(str(languages or ""))),
        contact=Contact(name=text("contact_name"), title=text("contact_title"),
                        location=text("contact_location")),
        where=where, lines=_heading_lines(body, form),
    )
    address = text("contact_email")
    if EMAIL.match(address):
        proposal.contact.email = address
    elif address:
        proposal.contact.unusable_email = address
    proposal.lines.setdefault("contact", proposal.lines.get("contact_name", 0))
    return proposal


def _heading_lines(body: str, form: IssueForm) -> dict[str, int]:
    labels = form.by_label()
    lines = {}
    for number, line in enumerate(normalise_text(body).split("\n"), start=1):
        match = HEADING.match(line)
        if match and _key(match[1]) in labels:
            lines[labels[_key(match[1])].id] = number
    return lines


def read_proposal_file(path: Path, root: Path) -> Proposal:
    """Read ``path`` by its kind: .eml, .json (issues webhook), .md (issue body)
    or anything else as the pasted template."""
    where = path.name
    suffix = path.suffix.lower()
    if suffix == ".eml":
        proposal = read_email(path.read_bytes(), where)
    elif suffix in (".md", ".json"):
        form_path = root / FORM_PATH
        if not form_path.exists():
            raise ProposalError(f"{where}: reading an issue body needs the proposal "
                                f"form at {FORM_PATH}")
        form = load_form(form_path)
        if suffix == ".json":
            issue = json.loads(path.read_text(encoding="utf-8")).get("issue") or {}
            proposal = read_issue_body(issue.get("body") or "", form, f"{where} (body)")
            proposal.source = str(issue.get("html_url") or issue.get("number") or "")
            created = issue.get("created_at")
            if created:
                proposal.received = dt.datetime.fromisoformat(
                    created.replace("Z", "+00:00"))
        else:
            proposal = read_issue_body(path.read_text(encoding="utf-8-sig"), form,
                                       where)
    else:
        proposal = read_template(path.read_text(encoding="utf-8-sig"), where)
    proposal.source = proposal.source or path.name
    return proposal


def proposal_id(title: str, limit: int = 48) -> str:
    """A file-safe id from the title, cut at a word boundary."""
    slug = slugify(title, limit=200)
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "untitled-proposal"


def language_codes(names: list[str]) -> list[str]:
    """Codes of the languages we recognise, in the order given."""
    codes = [language_code(name) for name in names]
    return [code for code in codes if code]


def _paragraphs(lines: list[str]) -> str:
    """Lines wrapped by the sender joined again; blank lines still part paragraphs."""
    text = "\n".join(lines).strip()
    return "\n\n".join(_one_line(p) for p in re.split(r"\n\s*\n", text) if p.strip())


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
