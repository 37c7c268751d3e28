"""The network's rules for a proposal, one readable problem per broken rule.

The same rules judge a proposal when it arrives (`spaces intake proposal`) and
when it sits in proposals/ (`spaces check`), so a reviewer sees the same words.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.config import Settings
from generator.model.problems import Problem
from generator.proposals import Proposal
from generator.proposals.values import (
    language_code,
    read_timing,
    stated_days,
    word_count,
)

MAX_WORDS = 250
# Records a problem on a field: report(field, message).
Report = Callable[[str, str], None]


def check_proposal(proposal: Proposal, settings: Settings) -> list[Problem]:
    """Every broken rule of ``proposal``: errors block acceptance, warnings ask a
    reviewer to look."""
    found: list[Problem] = []

    def error(field: str, message: str) -> None:
        found.append(Problem(proposal.where, proposal.line(field), message))

    def warning(field: str, message: str) -> None:
        found.append(Problem(proposal.where, proposal.line(field), message, "warning"))

    if not proposal.title:
        error("title", "no title given")
    _description(proposal, error)
    _duration(proposal, settings, error, warning)
    themes = "; ".join(settings.themes)
    if not proposal.theme:
        warning("theme", f"no theme given; the thematic priorities are: {themes}")
    elif proposal.theme not in settings.themes:
        error("theme", f"theme {proposal.theme!r} is not one of the thematic "
              f"priorities: {themes}")
    if not proposal.moderators:
        error("moderators", "no moderators named; name at least a tentative lead "
              "moderator")
    if not proposal.audience:
        error("audience", "no expected audience given")
    _languages(proposal, error)
    _contact(proposal, error)
    return found


def _description(proposal: Proposal, error: Report) -> None:
    if not proposal.description:
        error("description", "no description given")
        return
    words = word_count(proposal.description)
    if words > MAX_WORDS:
        error("description", f"the description has {words} words; the limit is "
              f"{MAX_WORDS}")


def _duration(proposal: Proposal, settings: Settings, error: Report,
              warning: Report) -> None:
    text = " ".join(part for part in (proposal.timing, proposal.duration) if part)
    if not text:
        error("timing", "no timing or duration given")
        return
    period = read_timing(text)
    days = period.days if period else stated_days(text)
    if days is None:
        warning("timing", f"cannot read dates or a duration from {text!r}; write "
                "them like '2 to 23 March 2027'")
        return
    span = f" ({period})" if period else ""
    if period and days <= 0:
        error("timing", f"the discussion ends before it starts{span}")
    elif days > settings.max_duration_days:
        error("duration", f"the discussion would run {days} days{span}; the maximum "
              f"is {settings.max_duration_days} days")
    elif days > settings.warn_duration_days:
        warning("duration", f"the discussion would run {days} days{span}; about "
                f"{settings.warn_duration_days} days or less is recommended")


def _languages(proposal: Proposal, error: Report) -> None:
    if not proposal.languages:
        error("languages", "no language of the discussion given")
        return
    unknown = [name for name in proposal.languages if language_code(name) is None]
    if unknown:
        error("languages", "unknown language " + ", ".join(map(repr, unknown))
              + "; write a name such as English or a code such as en")


def _contact(proposal: Proposal, error: Report) -> None:
    contact = proposal.contact
    missing = [label for label, value in (("name", contact.name),
                                          ("title", contact.title),
                                          ("location", contact.location))
               if not value]
    problems = []
    if missing:
        problems.append("missing " + ", ".join(missing))
    if contact.unusable_email:
        problems.append(f"{contact.unusable_email!r} is not a usable email address")
    elif not contact.email:
        problems.append("no email address")
    if problems:
        error("contact", "contact person: " + "; ".join(problems))
