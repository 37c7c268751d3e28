"""Untrusted post bodies reach pages only through the allow-list."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from generator.render.markdown import MarkdownRenderer, demote_headings, sanitise


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


class Headings(HTMLParser):
    """The level of every heading tag, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))


def heading_levels(html: str) -> list[int]:
    parser = Headings()
    parser.feed(html)
    return parser.levels


def test_a_posts_headings_start_below_the_pages_own() -> None:
    html = demote_headings(MarkdownRenderer()(
        "# Big\n\nText\n\n## Sub\n\n###### Deep\n\n"
        '<a title="<h1>">link</a>\n\nSetext\n======\n'))
    assert heading_levels(html) == [3, 4, 6, 3]
    assert "<h3>Big</h3>" in html
    assert 'title="&lt;h1&gt;"' in html


def test_real_documents_rendered_as_posts_have_no_h1_or_h2(fixtures: Path) -> None:
    # Whole READMEs and the GFM spec, posted as they are: nothing may compete
    # with the page's title (h1) or its sections (h2).
    documents = sorted((fixtures / "markdown").rglob("*.md")) + sorted(
        (fixtures / "markdown/gfm-spec").glob("*.txt"))
    assert len(documents) >= 5
    render = MarkdownRenderer()
    seen = []
    for document in documents:
        levels = heading_levels(demote_headings(render(
            document.read_text("utf-8", errors="replace"))))
        assert [level for level in levels if level < 3] == [], document
        seen.extend(levels)
    assert 3 in seen
