"""Untrusted post bodies reach pages only through the allow-list."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from generator.render.markdown import MarkdownRenderer, sanitise


class Executable(HTMLParser):
    """Collects what a browser would run: script-like tags, handlers, js URLs.

    Escaped text such as ``&lt;script&gt;`` is harmless and is not counted.
    """

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in {"script", "iframe", "style", "object", "embed", "form"}:
            self.found.append(tag)
        for name, value in attrs:
            url = (value or "").strip().lower().replace("\x00", "")
            if name.startswith("on") or url.startswith(("javascript:", "vbscript:",
                                                        "data:text/html")):
                self.found.append(f"{tag} {name}={value}")


def executable(html: str) -> list[str]:
    parser = Executable()
    parser.feed(html)
    return parser.found


def test_bleach_xss_cases_leave_nothing_executable(fixtures: Path) -> None:
    cases = sorted((fixtures / "markdown/xss").rglob("*.test"))
    assert len(cases) == 12
    render = MarkdownRenderer()
    for case in cases:
        attack = case.read_text(encoding="utf-8").split("\n--\n")[0]
        html = render(attack)
        assert executable(html) == [], f"{case.name}: {html}"


def test_script_handlers_and_javascript_links_are_removed() -> None:
    html = MarkdownRenderer()(
        'Hi <script>alert(1)</script> <img src="x.png" onerror="alert(2)"> '
        '[link](javascript:alert(3)) <a href="https://example.org" onclick="x()">ok</a>')
    assert html == (
        '<p>Hi  <img src="x.png" loading="lazy"> <a rel="nofollow noopener ugc">link</a> '
        '<a href="https://example.org" rel="nofollow noopener ugc">ok</a></p>')


def test_rendering_is_cached_by_content(tmp_path: Path) -> None:
    first = MarkdownRenderer(tmp_path)
    assert first("**a**") == "<p><strong>a</strong></p>"
    second = MarkdownRenderer(tmp_path)
    assert second("**a**") == "<p><strong>a</strong></p>"
    assert (first.misses, second.misses, second.hits) == (1, 0, 1)
    assert sanitise("<b onclick=x>b</b>") == "<b>b</b>"
