"""Registers the space-lifecycle features with the page core.

Outreach pages join PAGE_BUILDERS; templates get the kick-off embed helpers and
the addresses of feeds and calendars, which the plugin writes after the build.
pages.py imports this module last, so nothing here may import a module that
itself needs pages.py at import time: the outreach builder is imported lazily.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.model import Event, Space
from generator.render import addresses, kickoff
from generator.render.i18n import Translator
from generator.render.pages import PAGE_BUILDERS, TEMPLATE_GLOBALS, Page, View, page_url


def outreach_pages(view: View) -> Iterable[Page]:
    """The outreach kit of every space (see generator.render.outreach)."""
    from generator.render.outreach import outreach_pages as build

    return build(view)


def outreach_url(space: Space) -> str:
    return page_url(addresses.outreach_path(space))


@dataclass(frozen=True)
class EventTimes:
    """An event's time as the space page prints it, local and in UTC."""

    local: str
    utc: str


def event_times(event: Event, space: Space, t: Translator) -> EventTimes:
    """'4 March 2027, 13:00–14:30 (Europe/Zurich)' and '…, 12:00–13:30 UTC'."""

    def span(zone: dt.tzinfo) -> str:
        start = event.start.astimezone(zone)
        text = t.date(start)
        if event.end is not None:
            end = event.end.astimezone(zone)
            same_day = end.date() == start.date()
            text += f"–{end:%H:%M}" if same_day else f" – {t.date(end)}"
        return text

    return EventTimes(local=f"{span(space.timezone)} ({space.timezone.key})",
                      utc=t("event_time_utc", time=span(dt.timezone.utc)))


LIFECYCLE_GLOBALS: dict[str, Any] = {
    "event_times": event_times,
    "embed_url": kickoff.embed_url,
    "video_host": kickoff.video_host,
    "space_feed_path": addresses.space_feed_path,
    "question_feed_path": addresses.question_feed_path,
    "space_calendar_path": addresses.space_calendar_path,
    "site_feed_path": addresses.FEED_NAME,
    "site_calendar_path": addresses.CALENDAR_NAME,
    "outreach_url": outreach_url,
}


def _template_functions(view: View) -> dict[str, Any]:
    return LIFECYCLE_GLOBALS


if outreach_pages not in PAGE_BUILDERS:
    PAGE_BUILDERS.append(outreach_pages)
if _template_functions not in TEMPLATE_GLOBALS:
    TEMPLATE_GLOBALS.append(_template_functions)
