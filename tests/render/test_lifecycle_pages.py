"""What the built site shows around a discussion: the kick-off behind a click,
events in local and UTC time, the outreach kit, feeds and calendars in the
site folder, scheduled content kept out until its time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.render.kickoff import embed_url
from tests.conftest import mkdocs_build
from tests.render.lifecycle_tree import make_tree


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_tree(tmp_path_factory.mktemp("lifecycle-src"))
    return mkdocs_build(root, tmp_path_factory.mktemp("lifecycle-site"))


def content(page: Path) -> str:
    """The article of a built page, without the theme around it."""
    html = page.read_text("utf-8")
    start = html.index('<article class="md-content__inner')
    return html[start:html.index("</article>", start)]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def section(page: str, start_tag: str) -> str:
    """Text from ``start_tag`` to the end of its section."""
    start = page.index(start_tag)
    return text_of(page[start:page.index("</section>", start)])


def test_kickoff_video_loads_nothing_until_the_reader_asks(built: Path) -> None:
    whole = (built / "spaces/open/index.html").read_text("utf-8")
    page = content(built / "spaces/open/index.html")
    assert "<iframe" not in whole
    assert not re.search(r"<script[^>]+youtube", whole)
    assert ('<div class="spaces-video" data-embed="https://www.youtube-nocookie.com/'
            'embed/c7mTq2Lx9aE" data-title="Kick-off: Open space">') in page
    assert ('<button type="button" class="md-button md-button--primary '
            'spaces-video__play" hidden>Play the kick-off video</button>') in page
    assert ('<a href="https://www.youtube.com/watch?v=c7mTq2Lx9aE" rel="noopener">'
            'Watch the kick-off video on www.youtube.com</a>') in page
    assert 'src="../../assets/javascripts/kickoff.js"' in whole
    assert section(page, '<h3 id="kickoff-panel">') == (
        "Panelists Pan Elist Union Lea Lead Lead moderator Lead")


def test_events_are_grouped_with_local_and_utc_times(built: Path) -> None:
    page = content(built / "spaces/open/index.html")
    assert section(page, '<h2 id="events">') == (
        "Events During the discussion "
        "Webinar before the clocks change webinar "
        "25 March 2027, 14:00–15:00 (Europe/Zurich) · 25 March 2027, 13:00–14:00 UTC "
        "Webinar after the clocks change webinar "
        "1 April 2027, 14:00–15:00 (Europe/Zurich) · 1 April 2027, 12:00–13:00 UTC "
        "Add these dates to your calendar (.ics)")
    assert 'href="../../spaces/open/events.ics"' in page
    assert 'href="../../spaces/open/feed.xml" type="application/atom+xml"' in page


def test_outreach_kit_has_share_text_per_language_and_prefilled_links(
        built: Path) -> None:
    page = content(built / "spaces/open/outreach/index.html")
    shares = re.findall(r'<blockquote class="spaces-share" lang="(\w+)"><p>(.*?)</p>',
                        page)
    assert shares == [
        ("en", "Join the online discussion “Open space” of the migration network, "
               "open from 1 March 2027 to 9 April 2027. Share what has worked in your "
               "country, and what has not: /spaces/open/"),
        ("es", "Participe en el debate en línea «Open space» de la red sobre "
               "migración, abierto del 1 marzo 2027 al 9 abril 2027. Comparta lo que "
               "ha funcionado en su país, y lo que no: /spaces/open/"),
    ]
    assert ('<a href="https://github.com/network/spaces/issues/new?template=post.yml'
            '&amp;space=open&amp;question=q1&amp;title=%5Bopen%2Fq1%5D%20">'
            'Q&amp;A &lt;draft&gt;</a>') in page
    assert ('<a href="mailto:hub+open@example.org?subject=%5Bopen%5D%20Open%20space">'
            'hub+open@example.org</a>') in page
    assert "<p>Tell us what works.</p>" in page


def test_feeds_and_calendars_are_written_after_the_build(built: Path) -> None:
    written = sorted(p.relative_to(built).as_posix() for p in built.rglob("*")
                     if p.name in ("feed.xml", "events.ics"))
    assert written == ["events.ics", "feed.xml", "spaces/open/events.ics",
                       "spaces/open/feed.xml", "spaces/open/q1/feed.xml"]


def test_scheduled_and_members_content_is_not_built(built: Path) -> None:
    assert not (built / "spaces/open/q2").exists()
    assert not (built / "spaces/open/q3").exists()
    assert not (built / "spaces/closed-door").exists()
    thread = (built / "spaces/open/q1/index.html").read_text("utf-8")
    assert "Scheduled words" not in thread
    assert "Buy now" not in thread
    assert 'href="../../../spaces/open/q1/feed.xml"' in thread


@pytest.mark.parametrize("link, expected", [
    ("https://www.youtube.com/watch?v=c7mTq2Lx9aE",
     "https://www.youtube-nocookie.com/embed/c7mTq2Lx9aE"),
    ("https://youtu.be/c7mTq2Lx9aE", "https://www.youtube-nocookie.com/embed/c7mTq2Lx9aE"),
    ("https://www.youtube-nocookie.com/embed/c7mTq2Lx9aE",
     "https://www.youtube-nocookie.com/embed/c7mTq2Lx9aE"),
    ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456"),
    ("http://www.youtube.com/watch?v=c7mTq2Lx9aE", ""),
    ("https://example.org/video.mp4", ""),
    ('https://www.youtube.com/watch?v="><script>', ""),
])
def test_only_known_video_hosts_get_a_player(link: str, expected: str) -> None:
    assert embed_url(link) == expected


def test_export_for_another_engine_carries_feeds_and_calendars(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    root = make_tree(tmp_path / "src")
    result = CliRunner().invoke(main, ["export", "--root", str(root), "--now",
                                       "2027-03-10T12:00:00Z", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        f"5 feeds and calendars written to {tmp_path / 'out'}")
    assert (tmp_path / "out/spaces/open/outreach/index.md").exists()
    assert (tmp_path / "out/spaces/open/events.ics").read_bytes().startswith(
        b"BEGIN:VCALENDAR")


def test_home_page_offers_the_site_feed_and_calendar(built: Path) -> None:
    page = content(built / "index.html")
    assert '<a href="feed.xml" type="application/atom+xml">Follow new posts' in page
    assert '<a href="events.ics" type="text/calendar">Add these dates' in page
