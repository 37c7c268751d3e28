"""Where the lifecycle files live in the built site, site-relative.

Kept apart from the modules that build them so templates and the page core can
name these addresses without importing feed or calendar code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.model import Question, Space

FEED_NAME = "feed.xml"
CALENDAR_NAME = "events.ics"


def space_feed_path(space: Space) -> str:
    return f"spaces/{space.slug}/{FEED_NAME}"


def question_feed_path(space: Space, question: Question) -> str:
    return f"spaces/{space.slug}/{question.slug}/{FEED_NAME}"


def space_calendar_path(space: Space) -> str:
    return f"spaces/{space.slug}/{CALENDAR_NAME}"


def outreach_path(space: Space) -> str:
    """Source path of the outreach page (MkDocs serves it at .../outreach/)."""
    return f"spaces/{space.slug}/outreach/index.md"


def page_feeds(context: Mapping[str, Any]) -> list[dict[str, str]]:
    """The feeds a page of ``space`` (and ``question``) follows, narrowest
    first, as {"title", "path"} for the page head's feed links."""
    space, question = context.get("space"), context.get("question")
    feeds = []
    if isinstance(space, Space) and isinstance(question, Question):
        feeds.append({"title": f"{question.title} · {space.title}",
                      "path": question_feed_path(space, question)})
    if isinstance(space, Space):
        feeds.append({"title": space.title, "path": space_feed_path(space)})
    return feeds
