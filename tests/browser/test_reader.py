"""What a reader sees in a real browser: banners, threads, the call to action,
pages without JavaScript, a phone-width screen, and screenshots to look at."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS

UTC = dt.UTC
Q2 = "spaces/climate-mobility/q2-mobility-as-adaptation/"
YOUSSEF = "20270228T155000Z-youssef-benali"
PRIYA = "20270302T100500Z-priya-raghunathan"
# Every kind of page a reader lands on, in the example site.
PAGES = {
    "home": "",
    "space-open": "spaces/climate-mobility/",
    "space-closing-soon": "spaces/labour-migration-skills/",
    "space-upcoming": "spaces/regular-pathways-family/",
    "space-closed": "spaces/detention-alternatives/",
    "thread": Q2,
    "thread-closed": "spaces/detention-alternatives/q1-case-management/",
    "outreach": "spaces/climate-mobility/outreach/",
    "draft": "spaces/guidelines-consultation/drafts/basic-services-guidelines/",
    "draft-version":
        "spaces/guidelines-consultation/drafts/basic-services-guidelines/v1/",
    "page": "code-of-conduct/",
    "knowledge-base": "kb/",
    "knowledge-base-space": "kb/detention-alternatives/",
    "french-thread": "fr/" + Q2,
    "moderators": "moderators/",
    "moderators-space": "moderators/climate-mobility/",
}
CLOSES_LABEL = "12 March 2027, 18:00 (Asia/Bangkok, UTC+07:00)"


def banner(page: Any) -> tuple[str, str, str]:
    """(data-state, label, text) of the first banner on the page."""
    element = page.locator(".spaces-banner").first
    return (element.get_attribute("data-state") or "",
            element.locator(".spaces-banner__label").inner_text(),
            element.locator(".spaces-banner__text").inner_text())


def test_banner_closes_in_the_browser_when_the_clock_passes_the_close(
        tab: Any, live_url: str) -> None:
    page = tab.page
    # labour-migration-skills closes at 18:00 in Bangkok, 11:00 UTC.
    page.clock.install(time=dt.datetime(2027, 3, 12, 10, 58, 30, tzinfo=UTC))
    page.goto(live_url + "spaces/labour-migration-skills/")
    html = page.content()
    assert "data-now=" not in html, "an unpinned build must not pin the clock"
    assert banner(page) == ("closing-soon", "Closing soon",
                            f"Only 1 minute left: closes {CLOSES_LABEL}")

    page.clock.run_for(60_000)  # 10:59:30: half a minute left
    assert banner(page) == ("closing-soon", "Closing soon",
                            f"Only 0 minutes left: closes {CLOSES_LABEL}")

    page.clock.run_for(60_000)  # 11:00:30: the redraw every 30 s sees the close
    assert banner(page) == (
        "closed", "Closed",
        f"Ended {CLOSES_LABEL}. Thank you to everyone who took part.")
    classes = page.locator(".spaces-banner").first.get_attribute("class") or ""
    assert classes.split() == ["spaces-banner", "spaces-banner--closed"]
    assert tab.refused == []


def test_home_banners_follow_the_browser_clock(tab: Any, live_url: str) -> None:
    page = tab.page
    page.clock.install(time=dt.datetime(2027, 3, 25, 12, 0, tzinfo=UTC))
    page.goto(live_url)
    states = {
        card.locator(".spaces-card__title").get_attribute("href"):
            card.locator(".spaces-banner").get_attribute("data-state")
        for card in page.locator(".spaces-card").all()
    }
    assert states == {
        "spaces/climate-mobility/": "closed",
        "spaces/detention-alternatives/": "closed",
        "spaces/guidelines-consultation/": "closing-soon",
        "spaces/labour-migration-skills/": "closed",
        "spaces/regular-pathways-family/": "open",
    }


def test_threads_fold_unfold_and_link_to_the_post_replied_to(
        tab: Any, demo_url: str) -> None:
    page = tab.page
    page.goto(demo_url + Q2)
    reply = page.locator(f"#post-{PRIYA}")
    toggle = page.locator(f"#post-{YOUSSEF} > details.spaces-replies > summary")
    assert toggle.inner_text() == "1 reply"
    assert reply.is_visible()

    toggle.click()
    assert not reply.is_visible()
    toggle.click()
    assert reply.is_visible()
    assert reply.locator(".spaces-post__author").inner_text() == (
        "Priya Raghunathan, ILO Regional Office for Asia and the Pacific")

    # "In reply to" leads to the parent post's anchor and brings it into view.
    page.mouse.wheel(0, 10_000)
    link = reply.locator(".spaces-post__reply-to a")
    assert link.inner_text() == "In reply to Youssef Benali"
    link.click()
    assert urlsplit(page.url).fragment == f"post-{YOUSSEF}"
    assert page.locator(f"#post-{YOUSSEF}").evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }")

    # A post's own time is its permalink.
    own = reply.locator("a.spaces-post__time")
    assert own.get_attribute("href") == f"#post-{PRIYA}"


def test_a_link_to_a_folded_reply_unfolds_it(tab: Any, demo_url: str) -> None:
    page = tab.page
    page.goto(demo_url + Q2)
    page.locator(f"#post-{YOUSSEF} > details.spaces-replies > summary").click()
    assert not page.locator(f"#post-{PRIYA}").is_visible()
    page.evaluate("() => { window.samePage = true; }")
    page.goto(demo_url + Q2 + f"#post-{PRIYA}")
    # The same document (no reload that would reset the fold), now unfolded.
    assert page.evaluate("() => window.samePage") is True
    assert page.locator(f"#post-{PRIYA}").is_visible()


def test_call_to_action_opens_the_prefilled_issue_form(tab: Any, demo_url: str) -> None:
    page = tab.page
    opened: list[str] = []

    def github_stand_in(route: Any) -> None:
        # Nothing reaches GitHub: the browser gets a local page in its place.
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html",
                      body="<title>New issue</title><h1>form</h1>")

    page.route("https://github.com/**", github_stand_in)
    page.goto(demo_url + Q2)
    page.get_by_role("link", name="Respond with GitHub").click()
    page.wait_for_url("https://github.com/**")

    address = urlsplit(page.url)
    assert (address.netloc, address.path) == (
        "github.com", "/migration-network/discussion-spaces/issues/new")
    assert parse_qs(address.query) == {
        "template": ["post.yml"], "space": ["climate-mobility"],
        "question": ["q2-mobility-as-adaptation"],
        "title": ["[climate-mobility/q2-mobility-as-adaptation] "],
    }
    assert opened == [page.url]

    # Replying to one post fills the reply form with that post's id.
    page.goto(demo_url + Q2)
    page.locator(f"#post-{PRIYA} .spaces-post__actions a").click()
    page.wait_for_url("https://github.com/**")
    query = parse_qs(urlsplit(page.url).query)
    assert (query["template"], query["in_reply_to"]) == (["reply.yml"], [PRIYA])
    assert tab.refused == []


def test_email_call_to_action_is_a_mailto_with_the_routing_tag(
        tab: Any, demo_url: str) -> None:
    page = tab.page
    page.goto(demo_url + "spaces/climate-mobility/")
    href = page.get_by_role("link", name="Respond by email").get_attribute("href")
    address = urlsplit(href or "")
    assert (address.scheme, address.path) == (
        "mailto", "hub+climate-mobility@example.org")
    assert parse_qs(address.query)["subject"] == [
        "[climate-mobility] Climate change and human mobility: local adaptation "
        "that keeps people safe"]


def test_the_site_reads_without_javascript(open_tab: Any, demo_url: str) -> None:
    tab = open_tab(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = tab.page
    page.goto(demo_url)
    # The banner text is right as built (the snapshot's instant).
    card = page.locator(".spaces-card", has_text="Climate change and human mobility")
    assert card.locator(".spaces-banner").get_attribute("data-state") == "open"
    assert card.locator("[role=status]").inner_text() == (
        "Open Contributions welcome until 19 March 2027, 17:00 "
        "(Europe/Zurich, UTC+01:00) (9 days left)")

    # Reader's path: home -> space -> question -> reply-to anchor, by plain links.
    card.locator(".spaces-card__title").click()
    assert page.url == demo_url + "spaces/climate-mobility/"
    page.get_by_role("link", name="How can labour migration and remittances support "
                     "adaptation in places of origin?").first.click()
    assert page.url == demo_url + Q2
    toggle = page.locator(f"#post-{YOUSSEF} > details.spaces-replies > summary")
    reply = page.locator(f"#post-{PRIYA}")
    assert reply.is_visible()
    toggle.click()
    assert not reply.is_visible()
    toggle.click()
    reply.locator(".spaces-post__reply-to a").click()
    assert urlsplit(page.url).fragment == f"post-{YOUSSEF}"
    assert page.get_by_role("link", name="Respond with GitHub").count() == 1
    assert tab.refused == []


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_horizontal_scroll_at_375_pixels(open_tab: Any, demo_url: str,
                                            kind: str) -> None:
    tab = open_tab(viewport={"width": 375, "height": 812}, device_scale_factor=2,
                   is_mobile=True, has_touch=True)
    page = tab.page
    page.goto(demo_url + PAGES[kind])
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " document.documentElement.clientWidth]")
    wide = page.evaluate(
        "() => [...document.querySelectorAll('main *')]"
        ".filter(e => e.getBoundingClientRect().right > 375.5)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className)")
    assert widths == [375, 375], f"wider than the screen: {wide}"


@pytest.mark.parametrize("name, path", [
    ("home", ""),
    ("space", "spaces/climate-mobility/"),
    ("thread", Q2),
])
def test_screenshots_are_kept_as_artefacts(open_tab: Any, demo_url: str,
                                           name: str, path: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width, label in ((375, "phone"), (1280, "desktop")):
        tab = open_tab(viewport={"width": width, "height": 900})
        tab.page.goto(demo_url + path)
        target = ARTIFACTS / f"{name}-{label}.png"
        tab.page.screenshot(path=str(target), full_page=True)
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert tab.refused == []


def test_moderation_page_stays_readable_on_a_phone(open_tab: Any, demo_url: str) -> None:
    tab = open_tab(viewport={"width": 375, "height": 812}, device_scale_factor=2,
                   is_mobile=True, has_touch=True)
    page = tab.page
    page.goto(demo_url + PAGES["moderators-space"])
    # Chart labels keep at least 10 CSS pixels; the chart scrolls in its box.
    heights = page.evaluate(
        "() => [...document.querySelectorAll('.spaces-momentum__chart text')]"
        ".map(t => t.getBoundingClientRect().height)")
    assert heights and min(heights) >= 10, heights
    # No word of the waiting posts' table is broken across lines: a word laid
    # out on two lines has two boxes.
    broken = page.evaluate("""() => {
        const found = [];
        for (const cell of document.querySelectorAll('.spaces-moderation__unanswered td')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const match of node.data.matchAll(/\\S+/g)) {
                    const range = document.createRange();
                    range.setStart(node, match.index);
                    range.setEnd(node, match.index + match[0].length);
                    if (range.getClientRects().length > 1) found.push(match[0]);
                }
            }
        }
        return found;
    }""")
    assert broken == []
