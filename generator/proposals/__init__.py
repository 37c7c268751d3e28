"""Proposals for new discussion spaces: read, judged against the network's rules,
stored without the contact's email address, and scaffolded into a space.

A proposal arrives as the network's template pasted into a text file or an
email, or as a proposal issue-form body; all three become one Proposal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PROPOSAL_STATUSES = ("proposed", "accepted", "declined")


@dataclass
class Contact:
    """The proposal's main contact person; ``email`` is never published."""

    name: str = ""
    title: str = ""
    email: str = ""
    location: str = ""
    # What the proposer wrote where an email address should be, when it is not one.
    unusable_email: str = ""


@dataclass
class Moderator:
    """A moderator named in a proposal, before they have a profile in people/."""

    name: str
    note: str = ""
    lead: bool = False


@dataclass
class Proposal:
    """One proposal, as read from its source, with the line of every field.

    ``where`` names the file problems point to (a path or 'x.eml (body)');
    ``lines`` maps a field name to its 1-based line there.
    """

    id: str
    title: str = ""
    description: str = ""
    theme: str = ""
    timing: str = ""
    duration: str = ""
    moderators: list[Moderator] = field(default_factory=list)
    audience: str = ""
    languages: list[str] = field(default_factory=list)
    contact: Contact = field(default_factory=Contact)
    source: str = ""
    received: dt.datetime | None = None
    sender: str = ""
    status: str = "proposed"
    space: str = ""
    where: str = ""
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, name: str) -> int:
        """Line of field ``name`` in the source, or 0 when it was not there."""
        return self.lines.get(name, 0)

    @property
    def lead(self) -> Moderator | None:
        """The moderator marked as lead, or else the first one named."""
        marked = [m for m in self.moderators if m.lead]
        chosen = marked or self.moderators
        return chosen[0] if chosen else None
