"""Accepting a proposal: a space folder to fill in, and new questions later.

The scaffold is valid content from the first minute (it loads without errors),
so a moderator can build the site and see the page while writing the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from generator.config import Settings
from generator.model import Site, Space
from generator.model.ids import slugify
from generator.model.problems import Problems
from generator.proposals import Proposal
from generator.proposals.read import language_codes
from generator.proposals.rules import check_proposal
from generator.proposals.values import (
    person_handle_name,
    read_kickoff,
    read_timing,
    zone_for,
)

OPENS_AT = dt.time(9, 0)
CLOSES_AT = dt.time(17, 0)


class ScaffoldError(Exception):
    """A proposal that cannot become a space yet; the message says what to fix."""


@dataclass
class Scaffold:
    """What accepting a proposal wrote, relative to the repository root."""

    space: str
    written: list[str]


def _first_sentence(text: str) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    sentences = re.split(r"(?<=[.!?])\s+", flat)
    aim = re.compile(r"\b(discussion|aims?|gathers)\b", re.I)
    aims = [s for s in sentences if aim.search(s)]
    return (aims or sentences or [""])[0]


def space_mapping(proposal: Proposal, settings: Settings, theme: str, zone: str,
                  handles: list[str]) -> dict[str, Any]:
    """The space.yml fields a proposal gives; the rest are left for the team."""
    period = read_timing(" ".join((proposal.timing, proposal.duration)))
    if period is None:
        raise ScaffoldError("the proposal gives no dates the scaffold can use; "
                            "write the timing like '2 to 23 March 2027'")
    mapping: dict[str, Any] = {
        "title": proposal.title,
        "theme": theme,
        "objective": _first_sentence(proposal.description),
        "takeaways": [],
        "deliverables": [],
        "audience": proposal.audience,
        "key_responders": [],
        "timezone": zone,
        "opens": dt.datetime.combine(period.first, OPENS_AT).isoformat(),
        "closes": dt.datetime.combine(period.last, CLOSES_AT).isoformat(),
        "visibility": "public",
        "languages": language_codes(proposal.languages) or ["en"],
        "translation_policy": "none",
        "lead_moderator": handles[0] if handles else "",
        "moderators": handles,
        "call_to_action": ("Share your experience: reply to a question or to "
                           "another post. A moderator reads every contribution "
                           "before it is published."),
        "kickoff": {"video": "", "introduction": "", "panelists": handles[:1]},
        "events": [],
        "resources": [],
    }
    kickoff = read_kickoff(proposal.timing)
    if kickoff is not None:
        local = kickoff.start
        if kickoff.zone and kickoff.zone != zone:
            local = (kickoff.start.replace(tzinfo=ZoneInfo(kickoff.zone))
                     .astimezone(ZoneInfo(zone)).replace(tzinfo=None))
        mapping["events"].append({
            "title": "Kick-off webinar", "kind": "webinar",
            "start": local.isoformat(),
            "end": (local + dt.timedelta(minutes=90)).isoformat(), "link": ""})
    return mapping


def scaffold_space(root: Path, proposal: Proposal, site: Site, settings: Settings,
                   slug: str = "", theme: str = "", zone: str = "",
                   questions: int = 3, force: bool = False) -> Scaffold:
    """Write spaces/<slug>/ (space.yml, index.md, question stubs) and people stubs
    for moderators without a profile; mark the proposal accepted."""
    errors = [p for p in check_proposal(proposal, settings) if p.severity == "error"]
    if errors and not force:
        raise ScaffoldError("the proposal breaks the rules:\n"
                            + "\n".join(str(p) for p in errors))
    theme = theme or proposal.theme
    if theme not in settings.themes:
        raise ScaffoldError("choose a theme with --theme; the thematic priorities "
                            "are: " + "; ".join(settings.themes))
    slug = slug or proposal.id
    folder = root / "spaces" / slug
    if folder.exists():
        raise ScaffoldError(f"spaces/{slug} already exists; choose another --slug")
    zone = zone or zone_for(proposal.timing) or "UTC"
    handles = [person_handle(m.name) for m in sorted(
        proposal.moderators, key=lambda m: not m.lead)]

    mapping = space_mapping(proposal, settings, theme, zone, handles)
    written = [_write(root, f"spaces/{slug}/space.yml", SPACE_HEADER.format(
        id=proposal.id) + _dump(mapping))]
    written.append(_write(root, f"spaces/{slug}/index.md",
                          f"## Background\n\n{proposal.description.strip()}\n"))
    for number in range(1, questions + 1):
        written.append(_question_stub(root, slug, number, mapping["opens"]))
    for moderator in proposal.moderators:
        handle = person_handle(moderator.name)
        if handle not in site.people and not (root / f"people/{handle}.yml").exists():
            profile = {"name": person_handle_name(moderator.name),
                       "title": moderator.note, "organisation": "", "country": "",
                       "bio": ""}
            written.append(_write(root, f"people/{handle}.yml", _dump(profile)))
    return Scaffold(space=slug, written=written)


def new_question(root: Path, space: Space, title: str = "",
                 publish_at: dt.datetime | None = None) -> str:
    """Add the next question stub to ``space``; returns its path."""
    taken = {q.slug for q in space.questions}
    number = len(space.questions) + 1
    while any(s == f"q{number}" or s.startswith(f"q{number}-") for s in taken):
        number += 1
    slug = f"q{number}" + (f"-{slugify(title, 32)}" if title else "")
    when = (publish_at or space.opens).astimezone(space.timezone)
    return _question_stub(root, space.slug, number, when.replace(tzinfo=None)
                          .isoformat(), slug=slug, title=title)


def person_handle(name: str) -> str:
    """The people/ handle of a moderator: 'Dr. Amina Diallo' -> amina-diallo."""
    return slugify(person_handle_name(name), limit=40)


SPACE_HEADER = (
    "# Scaffolded from proposals/{id}.yml.\n"
    "# Review the objective, add take-aways, deliverables, key responders, the\n"
    "# kick-off video and events, then write the questions in q*/question.md\n"
    "# before the space opens.\n"
)


def check_stubs(site: Site, problems: Problems, settings: Settings,
                root: Path) -> None:
    """`spaces check`: a question still holding the scaffold's placeholder."""
    for space in site.spaces:
        for question in space.questions:
            if STUB_TEXT not in question.body:
                continue
            text = question.path.read_text(encoding="utf-8-sig")
            line = text[: text.find(STUB_TEXT)].count("\n") + 1
            due = (question.publish_at or space.opens).astimezone(space.timezone)
            problems.warning(question.path, line, "the question is still the "
                             "scaffold's placeholder; write it before "
                             + due.strftime("%Y-%m-%d %H:%M"))


STUB_TEXT = ("_Write the kick-off question here: one paragraph that says what you "
             "want to learn and from whom._")


def _question_stub(root: Path, space: str, number: int, publish_at: str,
                   slug: str = "", title: str = "") -> str:
    meta = {"title": title or f"Question {number}", "order": number,
            "publish_at": publish_at, "moderators": []}
    text = "---\n" + _dump(meta) + "---\n\n" + STUB_TEXT + "\n"
    return _write(root, f"spaces/{space}/{slug or f'q{number}'}/question.md", text)


def _write(root: Path, rel: str, text: str) -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return rel


def _dump(mapping: dict[str, Any]) -> str:
    return yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True, width=88)
