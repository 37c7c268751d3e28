"""The typed content model: spaces, questions, posts, people and events.

Everything the generator, the intake and the moderation tools know about content
passes through these classes; nothing downstream reads raw YAML dictionaries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from generator.consultation.model import Draft

VISIBILITIES = ("public", "members", "private")
EVENT_PHASES = ("before", "during", "after")
STATUSES = ("upcoming", "open", "closing-soon", "closed")


@dataclass
class Person:
    """A profile in people/: moderators, panelists, key responders."""

    handle: str
    name: str
    title: str = ""
    organisation: str = ""
    country: str = ""
    bio: str = ""
    photo: str = ""
    links: list[dict[str, str]] = field(default_factory=list)
    path: Path | None = None


@dataclass
class Event:
    """A webinar or meeting tied to a space, before, during or after it."""

    title: str
    kind: str
    start: dt.datetime
    end: dt.datetime | None
    link: str = ""
    phase: str = "during"
    description: str = ""


@dataclass
class Kickoff:
    """How the discussion is launched: a video and the people introducing it."""

    video: str = ""
    introduction: str = ""
    panelists: list[str] = field(default_factory=list)


@dataclass
class Resource:
    """A background document or link listed on the space page."""

    title: str
    link: str


@dataclass
class Post:
    """One response, possibly a reply to another post, with its translations."""

    id: str
    space: str
    question: str
    author: str
    affiliation: str
    posted: dt.datetime
    body: str
    path: Path
    in_reply_to: str | None = None
    source: str = ""
    language: str = "en"
    moderator: bool = False
    handle: str = ""
    country: str = ""
    title: str = ""
    hidden: str = ""
    publish_at: dt.datetime | None = None
    late: bool = False
    translations: dict[str, "Post"] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class Question:
    """A kick-off question; its posts form threads on one page."""

    slug: str
    space: str
    title: str
    body: str
    path: Path
    order: int = 0
    moderators: list[str] = field(default_factory=list)
    publish_at: dt.datetime | None = None
    visibility: str | None = None
    posts: list[Post] = field(default_factory=list)
    translations: dict[str, "Question"] = field(default_factory=dict)
    # Like Space.source, for this question's folder and space.yml alone.
    source: str = ""


@dataclass
class Space:
    """A time-boxed discussion on one theme, as described by its space.yml."""

    slug: str
    title: str
    theme: str
    objective: str
    timezone: ZoneInfo
    opens: dt.datetime
    closes: dt.datetime
    path: Path
    takeaways: list[str] = field(default_factory=list)
    deliverables: list[str] = field(default_factory=list)
    audience: str = ""
    key_responders: list[str] = field(default_factory=list)
    visibility: str = "public"
    languages: list[str] = field(default_factory=lambda: ["en"])
    translation_policy: str = "none"
    lead_moderator: str = ""
    moderators: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    kickoff: Kickoff = field(default_factory=Kickoff)
    call_to_action: str = ""
    resources: list[Resource] = field(default_factory=list)
    allow_late: bool = False
    permalink: str = ""
    introduction: str = ""
    summary: str = ""
    questions: list[Question] = field(default_factory=list)
    # Language -> translated fields (title, objective, introduction, summary, ...).
    translations: dict[str, dict[str, object]] = field(default_factory=dict)
    # Filled by generator.consultation.load.load_drafts, not by the core loader.
    drafts: list[Draft] = field(default_factory=list)
    # The key of every file and setting this space was loaded from, when it was
    # loaded through SpaceSnapshots: equal keys, equal spaces.
    source: str = ""

    @property
    def team(self) -> list[str]:
        """Handles of the whole moderation team, the lead first, no repeats."""
        seen: list[str] = []
        for handle in [self.lead_moderator, *self.moderators]:
            if handle and handle not in seen:
                seen.append(handle)
        for question in self.questions:
            for handle in question.moderators:
                if handle not in seen:
                    seen.append(handle)
        return seen

    def question(self, slug: str) -> Question | None:
        return next((q for q in self.questions if q.slug == slug), None)

    @property
    def posts(self) -> list[Post]:
        return [post for question in self.questions for post in question.posts]


@dataclass
class Site:
    """All content of one repository, loaded once per build."""

    root: Path
    spaces: list[Space] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)

    def space(self, slug: str) -> Space | None:
        return next((s for s in self.spaces if s.slug == slug), None)

    def posts(self) -> list[Post]:
        return [post for space in self.spaces for post in space.posts]
