"""iCalendar files: the events of one space, and of every space of the site.

Times keep the space's zone (TZID with a VTIMEZONE), so a calendar shows a
webinar at the right instant on either side of a daylight-saving change.
The discussion period itself is one event, so readers get a reminder too.

Calendars are kept between builds (see generator.render.kept), keyed by what
they show. DTSTAMP is this build's instant, so each is drawn with a stand-in
stamp and the real one goes in as it is written.
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib.metadata import version
from urllib.parse import urlsplit

from icalendar import Calendar, Timezone, vDatetime
from icalendar import Event as CalendarEvent

from generator.model import Event, Space
from generator.model.ids import slugify
from generator.render.addresses import CALENDAR_NAME, space_calendar_path
from generator.render.kept import KeptFiles, code_digest, digest
from generator.render.pages import View

# DTSTAMP while drawing; replaced by the build's instant (see _stamped).
STAND_IN = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


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
    discussion.add("dtstamp", STAND_IN)
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
    item.add("dtstamp", STAND_IN)
    item.add("categories", [event.kind])
    text = event.description or space.title
    item.add("description", f"{text}\n{event.link}".strip() if event.link else text)
    if event.link:
        item.add("url", event.link)
    elif page:
        item.add("url", page)
    return item


@functools.cache
def _timezone(tzid: str) -> Timezone | None:
    """The VTIMEZONE of ``tzid``, made once per process (it spans decades of
    transitions and was half the cost of a calendar)."""
    try:
        return Timezone.from_tzid(tzid, first_date=Timezone.DEFAULT_FIRST_DATE,
                                  last_date=Timezone.DEFAULT_LAST_DATE)
    except ValueError:
        return None


def _add_timezones(calendar: Calendar) -> None:
    """A VTIMEZONE for each zone the events use, first, in name order: the
    same calendar gives the same bytes in every process."""
    zones = [_timezone(tzid) for tzid in sorted(calendar.get_missing_tzids())]
    calendar.subcomponents[:0] = [zone for zone in zones if zone is not None]


def _inputs(view: View, space: Space, base_url: str) -> tuple[object, ...]:
    """Everything of ``space`` its events are drawn from (see _events)."""
    return (space.slug, space.title, space.objective, space.opens, space.closes,
            space.timezone.key, [repr(event) for event in space.events],
            view.t("calendar_discussion", title=space.title), view.url(space),
            _authority(view, base_url), base_url)


def _stamped(view: View, content: bytes) -> bytes:
    """``content`` with this build's instant as every DTSTAMP."""
    now = view.now.astimezone(dt.timezone.utc).replace(microsecond=0)
    return content.replace(b"DTSTAMP:" + vDatetime(STAND_IN).to_ical(),
                           b"DTSTAMP:" + vDatetime(now).to_ical())


def _kept(cache: KeptFiles, key: str, draw: "functools.partial[bytes]") -> bytes:
    content = cache.get(key)
    if content is None:
        content = draw()
        cache.put(key, content)
    return content


def space_calendar(view: View, space: Space, base_url: str = "") -> bytes:
    """The .ics of one space: its discussion period and its events."""
    return _stamped(view, _space_calendar(view, space, base_url))


def _space_calendar(view: View, space: Space, base_url: str) -> bytes:
    calendar = _calendar(view, space.title)
    for item in _events(view, space, base_url):
        calendar.add_component(item)
    _add_timezones(calendar)
    return bytes(calendar.to_ical())


def site_calendar(view: View, base_url: str = "") -> bytes:
    """The .ics of every space this build's audience sees."""
    return _stamped(view, _site_calendar(view, base_url))


def _site_calendar(view: View, base_url: str) -> bytes:
    calendar = _calendar(view, view.t("home_title"))
    for space in view.spaces():
        for item in _events(view, space, base_url):
            calendar.add_component(item)
    _add_timezones(calendar)
    return bytes(calendar.to_ical())


def calendar_cache(view: View) -> KeptFiles:
    folder = (view.site.root / view.settings.cache_dir / "calendars"
              if view.settings.cache_dir else None)
    return KeptFiles(folder, ".ics")


def calendar_files(view: View, base_url: str = "",
                   cache: KeptFiles | None = None) -> dict[str, bytes]:
    """Every calendar of this build by its site-relative path."""
    cache = cache if cache is not None else calendar_cache(view)
    common = (code_digest(), version("icalendar"), view.t("home_title"))
    files = {}
    inputs = []
    for space in view.spaces():
        found = _inputs(view, space, base_url)
        inputs.append(found)
        key = digest(*common, repr(found))
        files[space_calendar_path(space)] = _stamped(view, _kept(
            cache, key, functools.partial(_space_calendar, view, space, base_url)))
    key = digest(*common, "site", repr(inputs))
    files[CALENDAR_NAME] = _stamped(view, _kept(
        cache, key, functools.partial(_site_calendar, view, base_url)))
    cache.prune()
    return files
