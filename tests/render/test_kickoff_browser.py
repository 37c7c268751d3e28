"""The kick-off video in a real browser: nothing from the video host until the
reader clicks, then the player; without script, a plain link.

Chromium runs headless against a loopback server; every request to any other
host is stopped by the test before it leaves the machine, and recorded.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.conftest import mkdocs_build
from tests.render.lifecycle_tree import make_tree

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH "
                                "(.ci/system-deps installs it)")
QUIET = ["--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-default-apps", "--no-first-run",
         "--disable-domain-reliability", "--disable-client-side-phishing-detection",
         "--no-default-browser-check", "--metrics-recording-only"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_tree(tmp_path_factory.mktemp("browser-src"))
    site = mkdocs_build(root, tmp_path_factory.mktemp("browser-site"))
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def open_page(browser: Browser, url: str, javascript: bool = True
              ) -> tuple[Page, list[str]]:
    """A page on ``url`` whose requests off loopback are aborted and listed."""
    context = browser.new_context(java_script_enabled=javascript)
    stopped: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            stopped.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, stopped


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=QUIET)
        yield browser
        browser.close()


def test_player_appears_only_after_a_click(browser: Browser, server: str) -> None:
    page, stopped = open_page(browser, f"{server}/spaces/open/")
    assert page.locator("iframe").count() == 0
    assert stopped == []
    button = page.get_by_role("button", name="Play the kick-off video")
    assert button.is_visible()
    assert page.locator(".spaces-video__note").is_visible()

    button.click()
    frame = page.locator(".spaces-video iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == (
        "https://www.youtube-nocookie.com/embed/c7mTq2Lx9aE?autoplay=1")
    assert frame.get_attribute("title") == "Kick-off: Open space"
    assert button.count() == 0
    page.wait_for_timeout(200)
    assert [u.split("?")[0] for u in stopped] == [
        "https://www.youtube-nocookie.com/embed/c7mTq2Lx9aE"]


def test_without_script_the_reader_gets_a_plain_link(browser: Browser,
                                                     server: str) -> None:
    page, stopped = open_page(browser, f"{server}/spaces/open/", javascript=False)
    assert not page.locator(".spaces-video__play").is_visible()
    link = page.get_by_role("link", name="Watch the kick-off video on www.youtube.com")
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=c7mTq2Lx9aE"
    assert page.locator("iframe").count() == 0
    assert stopped == []
