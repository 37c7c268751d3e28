"""proposals/<id>.yml in the repository; the contact's email in private/.

The repository may be public, so the committed file holds everything a reviewer
needs except email addresses; those go to private/proposals/<id>.yml, which
.gitignore keeps out of every commit.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from generator.config import Settings
from generator.model import Site
from generator.model.fields import FieldReader
from generator.model.problems import Problems
from generator.model.source import SourceError, read_yaml
from generator.proposals import PROPOSAL_STATUSES, Contact, Moderator, Proposal
from generator.proposals.rules import check_proposal

PROPOSALS = "proposals"
PRIVATE = Path("private") / "proposals"
# Stands in for a contact address that lives outside this clone (private/ is
# absent on a fresh checkout): the rules see an address, and none is written back.
KEPT_ELSEWHERE = "kept-privately@invalid.example"
_ANY_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+")


def public_mapping(proposal: Proposal) -> dict[str, Any]:
    """The fields of the committed file, in reading order; no email address."""
    mapping: dict[str, Any] = {
        "title": proposal.title,
        "theme": proposal.theme,
        "description": proposal.description,
        "timing": proposal.timing,
    }
    if proposal.duration:
        mapping["duration"] = proposal.duration
    mapping["moderators"] = [
        {"name": m.name, **({"note": m.note} if m.note else {}),
         **({"lead": True} if m.lead else {})} for m in proposal.moderators]
    mapping.update({
        "audience": proposal.audience,
        "languages": list(proposal.languages),
        "contact": {"name": proposal.contact.name, "title": proposal.contact.title,
                    "location": proposal.contact.location},
        "source": proposal.source,
    })
    if proposal.received:
        mapping["received"] = proposal.received.isoformat()
    mapping["status"] = proposal.status
    if proposal.space:
        mapping["space"] = proposal.space
    return mapping


def find_existing(root: Path, source: str) -> Path | None:
    """The proposal file already made from ``source`` (a re-run of the intake)."""
    for path in sorted((root / PROPOSALS).glob("*.yml")):
        try:
            if read_yaml(path).data.get("source") == source:
                return path
        except (SourceError, UnicodeDecodeError):
            continue
    return None


def write_proposal(root: Path, proposal: Proposal) -> Path:
    """Write proposals/<id>.yml and, when there is one, the private email file.

    The same source twice rewrites the same file instead of adding another.
    """
    existing = find_existing(root, proposal.source) if proposal.source else None
    if existing is not None:
        proposal.id = existing.stem
    else:
        taken = {p.stem for p in (root / PROPOSALS).glob("*.yml")}
        base, number = proposal.id, 2
        while proposal.id in taken:
            proposal.id, number = f"{base}-{number}", number + 1
    path = root / PROPOSALS / f"{proposal.id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ("# A proposal for a new discussion space, read by `spaces intake "
              "proposal`.\n# The contact's email address is kept out of this file "
              "(private/proposals/).\n")
    path.write_text(header + _dump(public_mapping(proposal)), encoding="utf-8")

    private = {"contact_email": proposal.contact.email,
               "unusable_email": proposal.contact.unusable_email,
               "sender": proposal.sender}
    private = {key: value for key, value in private.items()
               if value and value != KEPT_ELSEWHERE}
    if private:
        private_path = root / PRIVATE / f"{proposal.id}.yml"
        private_path.parent.mkdir(parents=True, exist_ok=True)
        private_path.write_text(_dump(private), encoding="utf-8")
    return path


def read_private(root: Path, proposal_id: str) -> dict[str, str]:
    """The private part of a proposal (contact email, sender), or nothing."""
    path = root / PRIVATE / f"{proposal_id}.yml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def load_proposal(path: Path, problems: Problems) -> Proposal | None:
    """Read proposals/<id>.yml back, with key lines; type faults go to problems."""
    try:
        located = read_yaml(path)
    except SourceError as exc:
        problems.error(path, exc.line, str(exc))
        return None
    reader = FieldReader(located, path, problems)
    lines = {key[0]: located.line(*key) for key in located.lines if len(key) == 1}
    contact_raw = reader.raw("contact") or {}
    if not isinstance(contact_raw, dict):
        reader.error("contact", "contact should hold name, title and location")
        contact_raw = {}
    moderators = []
    for index, item in enumerate(reader.raw("moderators") or []):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not item.get("name"):
            reader.error(("moderators", index), "each moderator needs a name")
            continue
        moderators.append(Moderator(name=str(item["name"]),
                                    note=str(item.get("note") or ""),
                                    lead=bool(item.get("lead"))))
    received = reader.raw("received")
    if isinstance(received, str):
        try:
            received = dt.datetime.fromisoformat(received)
        except ValueError:
            reader.error("received", f"'received' is not a date-time: {received!r}")
            received = None
    status = reader.text("status", default="proposed")
    if status not in PROPOSAL_STATUSES:
        reader.error("status", "status must be one of " + ", ".join(PROPOSAL_STATUSES))
    private = read_private(problems.root, path.stem) or {
        "contact_email": KEPT_ELSEWHERE}
    proposal = Proposal(
        id=path.stem, title=reader.text("title"),
        description=reader.text("description"), theme=reader.text("theme"),
        timing=reader.text("timing"), duration=reader.text("duration"),
        moderators=moderators, audience=reader.text("audience"),
        languages=reader.text_list("languages"),
        contact=Contact(name=str(contact_raw.get("name") or ""),
                        title=str(contact_raw.get("title") or ""),
                        location=str(contact_raw.get("location") or ""),
                        email=private.get("contact_email", ""),
                        unusable_email=private.get("unusable_email", "")),
        source=str(reader.raw("source") or ""),
        received=received if isinstance(received, dt.datetime) else None,
        sender=private.get("sender", ""), status=status,
        space=reader.text("space"), where=problems.rel(path), lines=lines,
    )
    proposal.lines.setdefault("duration", lines.get("timing", 0))
    _no_email_committed(located.data, path, reader)
    return proposal


def _no_email_committed(data: dict[str, Any], path: Path, reader: FieldReader) -> None:
    for key, value in data.items():
        if key == "source":
            continue  # a Message-ID looks like an address but names no one
        text = yaml.safe_dump(value, allow_unicode=True)
        if key == "email" or _ANY_EMAIL.search(text) or (
                isinstance(value, dict) and "email" in value):
            reader.error(key, f"an email address in '{key}' would be committed; keep "
                         f"it in private/proposals/{path.stem}.yml")


def check_proposals(site: Site, problems: Problems, settings: Settings,
                    root: Path) -> None:
    """`spaces check`: judge every proposals/*.yml by the network's rules.

    An accepted or declined proposal is history and is only checked for
    committed email addresses; the rules apply while it is under review.
    """
    for path in sorted((root / PROPOSALS).glob("*.yml")):
        proposal = load_proposal(path, problems)
        if proposal is None or proposal.status != "proposed":
            continue
        problems.items.extend(check_proposal(proposal, settings))


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line text as a '|' block, so a reviewer reads it as written."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _text)


def _dump(mapping: dict[str, Any]) -> str:
    return yaml.dump(mapping, Dumper=_BlockDumper, sort_keys=False,
                     allow_unicode=True, width=88)
