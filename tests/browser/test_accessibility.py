"""axe-core on every kind of page, and text equivalents of what is drawn.

axe-core comes with axe-playwright-python (its bundled axe.min.js is injected
into the page; nothing is fetched). No serious or critical violation may remain.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_reader import PAGES

BLOCKING = {"serious", "critical"}
# Pictures of data that must carry a text equivalent. The momentum chart of
# the moderation toolkit (issue 5) registers its selector here when it lands:
# each match needs an accessible name and a text alternative inside it.
CHARTS: dict[str, str] = {
    "momentum": ".spaces-momentum",
}


def blocking_violations(page: Any) -> list[str]:
    """'rule (impact): selector' for each serious or critical axe violation."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    response = axe_module.Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')}"
        for v in response["violations"] if v.get("impact") in BLOCKING
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_serious_or_critical_axe_violation(tab: Any, demo_url: str,
                                              kind: str) -> None:
    tab.page.goto(demo_url + PAGES[kind])
    assert blocking_violations(tab.page) == []


# On a phone, pages with wide content scroll it inside boxes, which must be
# reachable from the keyboard.
@pytest.mark.parametrize("kind", ["thread", "space-open", "moderators-space"])
def test_no_serious_or_critical_axe_violation_on_a_phone(open_tab: Any, demo_url: str,
                                                         kind: str) -> None:
    tab = open_tab(viewport={"width": 375, "height": 812}, is_mobile=True)
    tab.page.goto(demo_url + PAGES[kind])
    assert blocking_violations(tab.page) == []


@pytest.mark.parametrize("kind", sorted(k for k in PAGES if k.startswith(
    ("home", "space", "thread"))))
def test_every_banner_has_a_status_text(tab: Any, demo_url: str, kind: str) -> None:
    page = tab.page
    page.goto(demo_url + PAGES[kind])
    banners = page.locator(".spaces-banner").all()
    assert banners, "no banner on the page"
    for element in banners:
        assert element.get_attribute("role") == "status"
        label = element.locator(".spaces-banner__label").inner_text()
        text = element.locator(".spaces-banner__text").inner_text()
        assert label in {"Upcoming", "Open", "Closing soon", "Closed"}
        assert len(text) > 20
        # What a screen reader announces is the same label and sentence.
        assert element.inner_text() == f"{label} {text}"


@pytest.mark.parametrize("chart", sorted(CHARTS))
@pytest.mark.parametrize("kind", sorted(k for k in PAGES if k.startswith("space")))
def test_charts_have_text_equivalents(tab: Any, demo_url: str, kind: str,
                                      chart: str) -> None:
    page = tab.page
    page.goto(demo_url + PAGES[kind])
    found = page.locator(CHARTS[chart]).all()
    # A space that has not opened has no momentum yet, and so no chart.
    assert bool(found) == (kind != "space-upcoming"), f"{chart} chart on {kind}"
    for element in found:
        name = element.evaluate(
            "el => el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby')"
            " && document.getElementById(el.getAttribute('aria-labelledby'))"
            "?.textContent) || el.querySelector('figcaption, caption')?.textContent"
            " || ''")
        assert name.strip(), f"{chart} chart without an accessible name"
        # The figures themselves as text: a table, a list or a paragraph.
        assert element.locator("table, ul, ol, p, figcaption").count() > 0
