"""A real browser on the built site: Debian's chromium driven by Playwright.

Playwright never downloads a browser here: it starts /usr/bin/chromium (installed
by `make test` through .ci/system-deps) and the tests skip, saying why, where it
is missing. The built site is served by http.server on 127.0.0.1; chromium is
told to resolve no other host and to make no background connections, and every
request for another host is refused and recorded so a test can assert none.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO, copy_repo_content, mkdocs_build

CHROMIUM = Path(os.environ.get("SPACES_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-domain-reliability", "--dns-prefetch-disable",
    "--metrics-recording-only", "--no-pings",
    # No DNS for any name: a link to another host can never leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site folder without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@functools.cache
def _serve(folder: str) -> str:
    handler = functools.partial(QuietHandler, directory=folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def demo_url(demo_site: Path) -> str:
    """Base URL of the example site built at the demo instant (a snapshot)."""
    return _serve(str(demo_site))


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Base URL of the example site built WITHOUT a pinned clock: its banners
    are corrected by banner.js from the browser's own time."""
    out = tmp_path_factory.mktemp("live-site")
    src = copy_repo_content(tmp_path_factory.mktemp("live-src"))
    return _serve(str(mkdocs_build(src, out, now=None)))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, started once per test module.

    Per module, not per session: Playwright's sync API allows one instance at a
    time, and other test modules (tests/render/test_kickoff_browser.py) start
    their own.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (make test installs it as root "
                    "through .ci/system-deps)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A page in a fresh browser context, with the hosts it tried to reach."""

    def __init__(self, browser: Any, **context_options: Any):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.refused: list[str] = []
        self.context.route("**/*", self._guard)

    def _guard(self, route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:")):
            route.fallback()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_tab(browser: Any) -> Iterator[Any]:
    """open_tab(**context options) -> Tab; every tab is closed after the test."""
    tabs: list[Tab] = []

    def open_one(**options: Any) -> Tab:
        tab = Tab(browser, **options)
        tabs.append(tab)
        return tab

    yield open_one
    for tab in tabs:
        tab.close()


@pytest.fixture
def tab(open_tab: Any) -> Tab:
    """One tab with JavaScript on, at a desktop width."""
    return open_tab(viewport={"width": 1280, "height": 900})
