"""The moderation toolkit on a real `mkdocs build`: hidden posts, the "awaiting a
reply" mark, the momentum chart, the moderators' page, the code-of-conduct link."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import mkdocs_build, write_tree
from tests.moderation.corpus import HIDDEN_BODY, NOW, SPACE, make_corpus

HIDDEN_ID = "20270303T080000Z-chloe-marchetti"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = make_corpus(tmp_path_factory.mktemp("corpus-src"))
    # A private space next to it: its figures must stay off the public build.
    write_tree(source, {
        "spaces/closed-door/space.yml": """
            title: "Closed door"
            theme: Labour migration
            objective: "Private talks."
            timezone: UTC
            opens: 2027-03-01T09:00:00
            closes: 2027-03-09T18:00:00
            visibility: private
            lead_moderator: lena-moder
            """,
        "spaces/closed-door/q1/question.md": "---\ntitle: Private question\n---\nQ\n",
        "spaces/closed-door/q1/20270302T100000Z-petra-secret.md": """
            ---
            author: "Petra Secret"
            affiliation: "Confidential Ministry"
            posted: 2027-03-02T10:00:00Z
            ---
            Private words.
            """,
    })
    return mkdocs_build(source, tmp_path_factory.mktemp("corpus-site"), now=NOW)


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_hidden_and_private_posts_leave_no_trace_in_pages_or_search(
        built: Path) -> None:
    traces = [HIDDEN_BODY, "Chloe Marchetti", "Marchetti Containers", "Monaco",
              "chloe-marchetti", HIDDEN_ID, "off-topic advertising",
              # nor anything of the private space
              "Petra Secret", "Confidential Ministry", "closed-door", "Closed door"]
    # Every page, the search index, the sitemap, and any feed or calendar a
    # later feature writes (.xml, .json, .ics, .atom, .rss): all text output.
    text_types = {".html", ".json", ".xml", ".ics", ".atom", ".rss", ".txt"}
    files = [path for path in built.rglob("*") if path.suffix in text_types
             and "assets" not in path.relative_to(built).parts]
    assert built / "search" / "search_index.json" in files
    # The question's feed is scanned too, and does carry the visible posts.
    feed = built / f"spaces/{SPACE}/q1-ports/feed.xml"
    assert feed in files and "Bo Chen" in feed.read_text(encoding="utf-8")
    assert len(files) > 8
    for path in files:
        text = path.read_text(encoding="utf-8")
        # The search index escapes non-ASCII; compare decoded text as well.
        if path.suffix == ".json":
            text += json.dumps(json.loads(text), ensure_ascii=False)
        found = [t for t in traces if t in text]
        assert not found, f"{path.relative_to(built)} shows {found}"


def test_reply_to_a_hidden_post_keeps_its_context(built: Path) -> None:
    html = page(built, f"spaces/{SPACE}/q1-ports")
    stub = "post-removed-" + hashlib.sha256(HIDDEN_ID.encode()).hexdigest()[:12]
    assert (f'<p class="spaces-post__removed" id="{stub}-by"><em>This post was '
            "removed by the moderators.</em></p>") in html
    # Dev's reply is still nested under the stub and links back to it.
    removed = html.split(f'id="{stub}"')[1]
    assert 'id="post-20270303T100000Z-dev-patel"' in removed.split("</section>")[0]
    assert f'<a href="#{stub}">In reply to …</a>' in html


def awaiting(html: str) -> dict[str, str]:
    """Post id -> data-awaiting-reply-since for every post marked as awaiting."""
    marked = {}
    for header in re.findall(r'<header class="spaces-post__meta">(.*?)</header>',
                             html, re.S):
        post = re.search(r'id="post-([^"]+)-by"', header)
        badge = re.search(r'spaces-badge--awaiting" data-awaiting-reply-since="'
                          r'([^"]+)"', header)
        if post and badge:
            marked[post.group(1)] = badge.group(1)
    return marked


def test_question_page_marks_posts_awaiting_a_team_reply(built: Path) -> None:
    assert awaiting(page(built, f"spaces/{SPACE}/q1-ports")) == {
        "20270302T090000Z-bo-chen": "2027-03-02T09:00:00+00:00",
        "20270302T120000Z-ana-costa": "2027-03-02T12:00:00+00:00",
        "20270303T100000Z-dev-patel": "2027-03-03T10:00:00+00:00",
    }
    assert awaiting(page(built, f"spaces/{SPACE}/q2-crews")) == {
        "20270302T150000Z-bo-chen": "2027-03-02T15:00:00+00:00"}
    html = page(built, f"spaces/{SPACE}/q1-ports")
    assert ('title="The moderation team has not replied to this post yet">Awaiting '
            "a moderator reply</span>") in html


def momentum(html: str) -> ET.Element:
    svg = re.search(r"<svg class=\"spaces-momentum__chart\".*?</svg>", html, re.S)
    assert svg, "no momentum chart"
    return ET.fromstring(svg.group(0))


def test_space_page_has_the_momentum_chart_and_its_table(built: Path) -> None:
    html = page(built, f"spaces/{SPACE}")
    assert f'<h2 id="momentum-{SPACE}-heading">Momentum</h2>' in html
    svg = momentum(html)
    assert svg.get("role") == "img"
    assert svg.findtext(f"{SVG}desc") == "8 posts by 6 participants over 5 days."
    bars = svg.findall(f"{SVG}rect")
    assert [bar.findtext(f"{SVG}title") for bar in bars] == [
        "1 March 2027: 2 posts, 2 participants",
        "2 March 2027: 3 posts, 2 participants",
        "3 March 2027: 2 posts, 2 participants",
        "4 March 2027: 0 posts, 0 participants",
        "5 March 2027: 1 post, 1 participant",
    ]
    # Three posts reach the top grid line; a quiet day has no bar at all.
    heights = [float(bar.get("height", "")) for bar in bars]
    assert heights[1] == max(heights) and heights[3] == 0.0
    assert heights[0] == heights[2]
    assert abs(heights[0] - 2 * heights[4]) < 0.15
    assert "Busiest day: 2 March 2027, 3 posts." in html
    rows = re.findall(r"<tr><th scope=\"row\"><time datetime=\"([\d-]+)\">[^<]+"
                      r"</time></th><td>(\d+)</td><td>(\d+)</td></tr>", html)
    assert rows == [("2027-03-01", "2", "2"), ("2027-03-02", "3", "2"),
                    ("2027-03-03", "2", "2"), ("2027-03-04", "0", "0"),
                    ("2027-03-05", "1", "1")]
    assert "<script" not in html.split('class="spaces-momentum"')[1].split(
        "</figure>")[0]


def test_space_moderation_page_lists_waiting_posts_and_figures(built: Path) -> None:
    html = page(built, f"moderators/{SPACE}")
    text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
    assert "8 posts by 6 participants" in text
    assert "2 of 6 posts from participants answered by the team (33 %)" in text
    assert "Median time to the team's first reply: 1 day" in text
    assert "1 post removed by the moderators" in text
    assert "Waiting for a reply from the team: 4" in text
    rows = re.findall(r'<tr data-awaiting-reply-since="[^"]+">\s*<td><a href="'
                      r'([^"]+)">([^<]+)</a>.*?<td>([^<]+)</td>\s*<td>([^<]*)</td>',
                      html, re.S)
    assert [(author, waited) for _, author, _, waited in rows] == [
        ("Bo Chen", "3 days"), ("Ana Costa", "3 days"), ("Bo Chen", "2 days"),
        ("Dev Patel", "2 days")]
    assert rows[0][0] == (f"../../spaces/{SPACE}/q1-ports/"
                          "#post-20270302T090000Z-bo-chen")
    assert f'<a href="../../spaces/{SPACE}/">The space page</a>' in html
    momentum(html)


def test_moderators_overview_has_one_line_per_space(built: Path) -> None:
    html = page(built, "moderators")
    items = re.findall(r"<li>\s*(.*?)</li>", html.split(
        'class="spaces-moderation__overview"')[1], re.S)
    texts = [unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item))).strip()
             for item in items]
    # The private space is not in a public build; the open one waits on 4 posts,
    # the oldest of them posted three days before the build's instant.
    assert texts == ["Ports and seafarers Closing soon 8 posts · 4 posts waiting "
                     "for a reply, the longest for 3 days"]
    assert f'<a href="../moderators/{SPACE}/">Ports and seafarers</a>' in html
    assert "Closed door" not in html
    assert "<table" not in html


def test_every_page_links_the_code_of_conduct(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) >= 6
    for path in pages:
        if path.name == "404.html":
            continue
        html = path.read_text(encoding="utf-8")
        link = re.search(r'<p class="spaces-coc"><a href="([^"]+)">Code of conduct'
                         r"</a></p>", html)
        assert link, f"{path.relative_to(built)} has no code-of-conduct link"
        target = posixpath.normpath(posixpath.join(
            path.parent.relative_to(built).as_posix(), link.group(1)))
        assert (built / target / "index.html").is_file(), (path, link.group(1))


def test_example_site_has_a_moderators_page_with_charts(demo_site: Path) -> None:
    html = page(demo_site, "moderators")
    linked = re.findall(r'<li>\s*<a href="../moderators/([a-z0-9-]+)/">', html)
    # The upcoming space has no figures yet; every opened one has its page and chart.
    assert "regular-pathways-family" not in linked
    assert {"climate-mobility", "labour-migration-skills",
            "detention-alternatives"} <= set(linked)
    for slug in linked:
        space_page = page(demo_site, f"moderators/{slug}")
        assert space_page.count('<svg class="spaces-momentum__chart"') == 1, slug


def test_moderators_page_is_out_of_the_search_index(demo_site: Path) -> None:
    # It repeats posts the question pages hold; a reader's search should land there.
    index = json.loads((demo_site / "search/search_index.json").read_text("utf-8"))
    assert [d["location"] for d in index["docs"]
            if d["location"].startswith("moderators/")] == []
    assert (demo_site / "moderators/index.html").exists()
    assert (demo_site / "moderators/climate-mobility/index.html").exists()


def test_kept_moderation_pages_follow_the_clock(tmp_path: Path) -> None:
    # An unpinned build two hours later: every banner still reads "25 days
    # left", but Bo Chen's post (2 March, 09:00) has now waited three days, not
    # two. A page kept from the first build must not be served again.
    import datetime as dt

    from generator.config import Settings
    from generator.model.load import load_site
    from generator.render.fragmentcache import FragmentCache
    from generator.render.pages import FragmentRenderer, View, build_pages
    from tests.conftest import REPO

    source = make_corpus(tmp_path / "src")
    space_yml = source / "spaces" / SPACE / "space.yml"
    space_yml.write_text(space_yml.read_text("utf-8").replace(
        "closes: 2027-03-05T18:00:00", "closes: 2027-03-30T18:00:00"), "utf-8")
    site, _ = load_site(source)
    drawn = {}
    for hour in (8, 10):
        view = View(site, Settings(), dt.datetime(2027, 3, 5, hour, tzinfo=dt.UTC))
        cache = FragmentCache(FragmentRenderer(REPO / "theme", view), REPO / "theme",
                              tmp_path / "fragments")
        pages = {page.path: page for page in build_pages(view)}
        drawn[hour] = {path: cache(pages[path]) for path in
                       ("moderators/index.md", f"moderators/{SPACE}/index.md")}
        assert view.banner(site.spaces[0]).text.endswith("(25 days left)")
    waits = {hour: re.findall(r"Bo Chen</a>.*?<td>[^<]+</td>\s*<td>([^<]+)</td>",
                              html[f"moderators/{SPACE}/index.md"], re.S)[0]
             for hour, html in drawn.items()}
    assert waits == {8: "2 days", 10: "3 days"}
    assert "the longest for 2 days" in drawn[8]["moderators/index.md"]
    assert "the longest for 3 days" in drawn[10]["moderators/index.md"]
