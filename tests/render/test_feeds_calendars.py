"""Atom feeds and .ics calendars: valid, escaped, and showing only what the
audience may see at the build's instant, at the right instants across DST."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import feedparser
import icalendar
import pytest
from lxml import etree

from generator.render.calendar import calendar_cache, calendar_files
from generator.render.feeds import feed_files
from generator.render.kept import KeptFiles
from tests.conftest import REPO
from tests.render.lifecycle_tree import NOW, make_tree, make_view

ATOM = "{http://www.w3.org/2005/Atom}"
UTC = dt.timezone.utc


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "site-src")


def entries(files: dict[str, bytes]) -> dict[str, list[str]]:
    """Entry titles by feed, after a real Atom parse."""
    found = {}
    for path, content in files.items():
        parsed = feedparser.parse(content)
        assert parsed.bozo == 0, (path, parsed.bozo_exception)
        assert parsed.version == "atom10"
        found[path] = [entry.title for entry in parsed.entries]
    return found


def test_feeds_are_atom_and_keep_ampersands_and_angle_brackets(root: Path) -> None:
    files = feed_files(make_view(root))
    assert sorted(files) == ["feed.xml", "spaces/open/feed.xml",
                             "spaces/open/q1/feed.xml"]
    for content in files.values():
        document = etree.fromstring(content)
        assert document.tag == f"{ATOM}feed"
        for entry in document.iter(f"{ATOM}entry"):
            for child in ("id", "title", "updated", "link", "author", "content"):
                assert entry.find(f"{ATOM}{child}") is not None, child
    question = files["spaces/open/q1/feed.xml"]
    assert b"<title>Q&amp;A &lt;draft&gt;</title>" in question
    assert entries(files)["spaces/open/q1/feed.xml"] == [
        "Bo on “Q&A <draft>”", "Q&A <draft>", "Q&A <draft>"]
    parsed = feedparser.parse(question)
    assert parsed.feed.title == "Q&A <draft> · Open space"
    ana = parsed.entries[1]
    assert ana.author == "Ana, City & Co"
    assert ana.link == "./#post-20270302T100000Z-ana"
    assert "<script" not in ana.content[0].value
    assert ana.content[0].value.startswith("<p>Hello &amp; <strong>bold</strong>")


def test_feeds_leave_out_hidden_scheduled_and_members_content(root: Path) -> None:
    files = feed_files(make_view(root))
    everything = b"".join(files.values())
    for absent in (b"Buy now", b"Scheduled words", b"Later question",
                   b"Members question", b"Internal words", b"Members space"):
        assert absent not in everything, absent
    assert entries(files)["feed.xml"] == entries(files)["spaces/open/feed.xml"]


def test_scheduled_question_and_post_join_the_feed_when_their_time_comes(
        root: Path) -> None:
    later = dt.datetime(2027, 3, 20, 9, tzinfo=UTC)
    titles = entries(feed_files(make_view(root, now=later)))
    assert titles["spaces/open/feed.xml"][:2] == ["Later question",
                                                  "Sched on “Q&A <draft>”"]
    assert "spaces/open/q2/feed.xml" in titles


def test_members_build_has_the_members_space_in_its_feeds(root: Path) -> None:
    files = feed_files(make_view(root, audience="members"))
    assert "spaces/closed-door/feed.xml" in files
    assert b"Internal words" in files["feed.xml"]


def test_absolute_links_when_the_site_url_is_known(root: Path) -> None:
    files = feed_files(make_view(root), base_url="https://spaces.example.net/gcm/")
    parsed = feedparser.parse(files["spaces/open/feed.xml"])
    assert parsed.entries[-1].link == "https://spaces.example.net/gcm/spaces/open/q1/"
    assert parsed.entries[-1].id == "tag:spaces.example.net,2026:spaces/open/q1"


def events_by_summary(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_calendar_instants_are_right_on_both_sides_of_the_clock_change(
        root: Path) -> None:
    files = calendar_files(make_view(root))
    assert sorted(files) == ["events.ics", "spaces/open/events.ics"]
    events = events_by_summary(files["spaces/open/events.ics"])
    before = events["Webinar before the clocks change"]
    after = events["Webinar after the clocks change"]
    # Zurich is UTC+1 until 28 March 2027 and UTC+2 after: 14:00 local is 13:00
    # UTC, then 12:00 UTC.
    assert before.decoded("dtstart").astimezone(UTC) == dt.datetime(
        2027, 3, 25, 13, tzinfo=UTC)
    assert after.decoded("dtstart").astimezone(UTC) == dt.datetime(
        2027, 4, 1, 12, tzinfo=UTC)
    assert after.decoded("dtend").astimezone(UTC) == dt.datetime(
        2027, 4, 1, 13, tzinfo=UTC)
    assert before["dtstart"].params["TZID"] == "Europe/Zurich"

    # The file's own VTIMEZONE gives the same instants, without the reader's
    # time-zone database.
    calendar = icalendar.Calendar.from_ical(files["spaces/open/events.ics"])
    zone = calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    for event, hour in ((before, 13), (after, 12)):
        wall = event.decoded("dtstart").replace(tzinfo=None)
        assert wall.hour == 14
        assert zone.utcoffset(wall) == dt.timedelta(hours=14 - hour)


def test_calendar_holds_the_discussion_period_and_only_visible_spaces(
        root: Path) -> None:
    files = calendar_files(make_view(root))
    site = events_by_summary(files["events.ics"])
    assert sorted(site) == ["Online discussion: Open space",
                            "Webinar after the clocks change",
                            "Webinar before the clocks change"]
    period = site["Online discussion: Open space"]
    assert period.decoded("dtstart").astimezone(UTC) == dt.datetime(
        2027, 3, 1, 8, tzinfo=UTC)
    assert period.decoded("dtend").astimezone(UTC) == dt.datetime(
        2027, 4, 9, 15, tzinfo=UTC)
    members = events_by_summary(calendar_files(make_view(root, audience="members"))
                                ["events.ics"])
    assert "Members meeting" in members


def test_calendar_is_byte_for_byte_the_same_on_a_rebuild(root: Path) -> None:
    assert calendar_files(make_view(root)) == calendar_files(make_view(root))
    assert feed_files(make_view(root)) == feed_files(make_view(root))
    assert NOW.tzinfo is UTC


def test_kept_calendars_carry_each_builds_own_instant(root: Path) -> None:
    first_view = make_view(root)
    first_cache = calendar_cache(first_view)
    first = calendar_files(first_view, cache=first_cache)
    assert first_cache.made == 2  # the open space's calendar and the site's

    later = NOW + dt.timedelta(hours=5)
    view = make_view(root, now=later)
    cache = calendar_cache(view)
    kept = calendar_files(view, cache=cache)
    assert cache.made == 0
    assert kept == calendar_files(view, cache=KeptFiles(None, ".ics"))
    stamps = {event.decoded("dtstamp") for content in kept.values()
              for event in icalendar.Calendar.from_ical(content).walk("VEVENT")}
    assert stamps == {later}
    assert kept != first


def test_calendar_bytes_do_not_depend_on_the_hash_seed(root: Path) -> None:
    # Two zones needing a VTIMEZONE: their order used to follow a set's.
    space = root / "spaces/closed-door/space.yml"
    space.write_text(space.read_text("utf-8").replace(
        "timezone: UTC", "timezone: Asia/Bangkok"), "utf-8")
    script = ("import sys, hashlib; from pathlib import Path;"
              "from tests.render.lifecycle_tree import make_view;"
              "from generator.render.calendar import calendar_files;"
              "from generator.render.kept import KeptFiles;"
              "files = calendar_files(make_view(Path(sys.argv[1]), audience='all'),"
              " cache=KeptFiles(None, '.ics'));"
              "print(hashlib.sha256(files['events.ics']).hexdigest(),"
              " files['events.ics'].count(b'BEGIN:VTIMEZONE'))")
    results = set()
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run([sys.executable, "-c", script, str(root)], cwd=REPO,
                              env={**os.environ, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, check=True)
        results.add(done.stdout.strip())
    assert len(results) == 1
    assert results.pop().endswith(" 2")
