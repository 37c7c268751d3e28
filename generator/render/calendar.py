"""iCalendar files: the events of one space, and of every space of the site.

Times keep the space's zone (TZID with a VTIMEZONE), so a calendar shows a
webinar at the right instant on either side of a daylight-saving change.
The discussion period itself is one event, so readers get a reminder too.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from generator.model import Event, Space
from generator.model.ids import slugify
from generator.render.addresses import CALENDAR_NAME, space_calendar_path
from generator.render.pages import View


def _calendar(view: View, name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//discussion-spaces//calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _authority(view: View, base_url: str) -> str:
    return (urlsplit(base_url).hostname
            or view.settings.intake_email.rpartition("@")[2] or "localhost")


def _events(view: View, space: Space, base_url: str) -> list[CalendarEvent]:
    authority = _authority(view, base_url)
    page = base_url.rstrip("/") + "/" + view.url(space) if base_url else ""
    found = []

    discussion = CalendarEvent()
    discussion.add("uid", f"{space.slug}.discussion@{authority}")
    discussion.add("summary", view.t("calendar_discussion", title=space.title))
    discussion.add("dtstart", space.opens.astimezone(space.timezone))
    discussion.add("dtend", space.closes.astimezone(space.timezone))
    discussion.add("dtstamp", view.now)
    discussion.add("description", space.objective)
    if page:
        discussion.add("url", page)
    found.append(discussion)

    for event in space.events:
        found.append(_event(view, space, event, authority, page))
    return found


def _event(view: View, space: Space, event: Event, authority: str,
           page: str) -> CalendarEvent:
    item = CalendarEvent()
    stamp = event.start.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    item.add("uid", f"{space.slug}.{stamp}.{slugify(event.title)}@{authority}")
    item.add("summary", event.title)
    item.add("dtstart", event.start.astimezone(space.timezone))
    end = event.end or event.start + dt.timedelta(hours=1)
    item.add("dtend", end.astimezone(space.timezone))
    item.add("dtstamp", view.now)
    item.add("categories", [event.kind])
    text = event.description or space.title
    item.add("description", f"{text}\n{event.link}".strip() if event.link else text)
    if event.link:
        item.add("url", event.link)
    elif page:
        item.add("url", page)
    return item


def space_calendar(view: View, space: Space, base_url: str = "") -> bytes:
    """The .ics of one space: its discussion period and its events."""
    calendar = _calendar(view, space.title)
    for item in _events(view, space, base_url):
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def site_calendar(view: View, base_url: str = "") -> bytes:
    """The .ics of every space this build's audience sees."""
    calendar = _calendar(view, view.t("home_title"))
    for space in view.spaces():
        for item in _events(view, space, base_url):
            calendar.add_component(item)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def calendar_files(view: View, base_url: str = "") -> dict[str, bytes]:
    """Every calendar of this build by its site-relative path."""
    files = {space_calendar_path(space): space_calendar(view, space, base_url)
             for space in view.spaces()}
    files[CALENDAR_NAME] = site_calendar(view, base_url)
    return files
