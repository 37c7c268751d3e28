"""The real `mkdocs build` of the example site, read back as a reader sees it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import mkdocs_build, write_tree
from tests.render.test_sanitise import executable

BANNERS = {
    "regular-pathways-family": (
        "upcoming", "Opens 22 March 2027, 09:00 (America/New_York, UTC-04:00) "
        "(in 12 days)"),
    "climate-mobility": (
        "open", "Contributions welcome until 19 March 2027, 17:00 "
        "(Europe/Zurich, UTC+01:00) (9 days left)"),
    "labour-migration-skills": (
        "closing-soon", "Only 1 day left: closes 12 March 2027, 18:00 "
        "(Asia/Bangkok, UTC+07:00)"),
    "detention-alternatives": (
        "closed", "Ended 5 February 2027, 17:00 (Africa/Nairobi, UTC+03:00). "
        "Thank you to everyone who took part."),
}


def banner_of(html: str) -> tuple[str, str]:
    state = re.search(r'class="spaces-banner[^"]*"[^>]*?data-state="([^"]+)"', html, re.S)
    text = re.search(r'<span class="spaces-banner__text">([^<]*)</span>', html)
    assert state and text, "no banner on the page"
    return state.group(1), text.group(1).replace("&#39;", "'")


@pytest.mark.parametrize("space", sorted(BANNERS))
def test_each_space_page_shows_its_banner_state(demo_site: Path, space: str) -> None:
    html = (demo_site / "spaces" / space / "index.html").read_text(encoding="utf-8")
    assert banner_of(html) == BANNERS[space]
    # A pinned build is a snapshot: the script keeps the demo instant.
    assert 'data-now="2027-03-10T12:00:00+00:00"' in html


def test_home_groups_spaces_by_status(demo_site: Path) -> None:
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'<h3 id="status-([a-z-]+)">', html)
    assert order == ["upcoming", "open", "closing-soon", "closed"]
    for space, (state, _) in BANNERS.items():
        section = html.split(f'id="status-{state}"')[1].split("</section>")[0]
        assert f'href="spaces/{space}/"' in section


def test_post_from_the_issue_intake_is_on_its_question_page(demo_site: Path) -> None:
    page = demo_site / "spaces/climate-mobility/q2-mobility-as-adaptation/index.html"
    html = page.read_text(encoding="utf-8")
    assert 'id="post-20270304T211244Z-tevita-fifita"' in html
    assert "<strong>Tevita Fifita</strong>, Tonga Red Cross Society" in html


THREADS = {
    "spaces/climate-mobility/q9-order/question.md": "---\ntitle: Order\n---\nQ?\n",
    # Thread A starts first but has the newest reply, so it comes first.
    "spaces/climate-mobility/q9-order/20270301T080000Z-ann.md":
        "---\nauthor: Ann\nposted: 2027-03-01T08:00:00Z\n---\nA root\n",
    "spaces/climate-mobility/q9-order/20270305T080000Z-bob.md":
        "---\nauthor: Bob\nposted: 2027-03-05T08:00:00Z\n---\nB root "
        "<script>alert(1)</script><img src=x onerror=alert(2)> "
        "[click](javascript:alert(3))\n",
    "spaces/climate-mobility/q9-order/20270309T080000Z-amina-diallo.md":
        "---\nauthor: Amina Diallo\nposted: 2027-03-09T08:00:00Z\n"
        "in_reply_to: 20270301T080000Z-ann\nmoderator: true\n---\nModerator reply\n",
    "spaces/climate-mobility/q9-order/20270309T090000Z-cy.md":
        "---\nauthor: Cy\nposted: 2027-03-09T09:00:00Z\n"
        "in_reply_to: 20270309T080000Z-amina-diallo\n---\nNested reply\n",
}


def test_threads_order_replies_marks_and_sanitising(example_copy: Path,
                                                    tmp_path: Path) -> None:
    write_tree(example_copy, THREADS)
    site = mkdocs_build(example_copy, tmp_path / "out")
    html = (site / "spaces/climate-mobility/q9-order/index.html").read_text("utf-8")
    posts = re.findall(r'<article class="spaces-post([^"]*)"\s+id="post-([^"]+)"', html)
    assert [(pid, "moderator" in cls) for cls, pid in posts] == [
        ("20270301T080000Z-ann", False),
        ("20270309T080000Z-amina-diallo", True),
        ("20270309T090000Z-cy", False),
        ("20270305T080000Z-bob", False),
    ]
    assert html.count('<section class="spaces-thread"') == 2
    assert '<a href="#post-20270309T080000Z-amina-diallo">In reply to Amina Diallo</a>' \
        in html
    body = html.split('id="post-20270305T080000Z-bob"')[1].split("</article>")[0]
    assert executable(body) == []
    assert "B root" in body


def test_titles_with_markup_are_text_in_every_page(example_copy: Path,
                                                   tmp_path: Path) -> None:
    space_yml = example_copy / "spaces/labour-migration-skills/space.yml"
    text = space_yml.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    space_yml.write_text(text.replace(
        title_line, 'title: "Skills </title><script>alert(1)</script> & more"'), "utf-8")
    site = mkdocs_build(example_copy, tmp_path / "out")
    # The theme's own scripts are fine; the contributor's must never become one.
    for page in site.rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text("utf-8"), page
    html = (site / "spaces/labour-migration-skills/index.html").read_text("utf-8")
    assert ("<title>Skills &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
            "more - Migration Network discussion spaces</title>") in html


def test_headings_in_posts_and_their_translations_stay_below_the_page_title(
        example_copy: Path, tmp_path: Path) -> None:
    from tests.render.test_sanitise import heading_levels

    question = "spaces/climate-mobility/q1-planned-relocation"
    write_tree(example_copy, {
        f"{question}/20270309T101500Z-lena-park.md": """
            ---
            author: "Lena Park"
            posted: 2027-03-09T10:15:00Z
            ---
            # Our relocation plan

            ## What worked
            Consultation first.
            """,
        f"{question}/20270309T101500Z-lena-park.fr.md": """
            ---
            language: fr
            ---
            # Notre plan de réinstallation
            """,
    })
    site = mkdocs_build(example_copy, tmp_path / "site")
    # Each page shows its language's version first, the other one folded below.
    for page, levels in ((f"{question}/index.html", [3, 4, 3]),
                         (f"fr/{question}/index.html", [3, 3, 4])):
        html = (site / page).read_text("utf-8")
        post = html.split('id="post-20270309T101500Z-lena-park"')[1].split("</article>")[0]
        assert heading_levels(post) == levels, page
        assert heading_levels(html.split('class="md-content"')[1]).count(1) == 1, page


def test_pages_announce_their_feeds_to_feed_readers(demo_site: Path) -> None:
    import posixpath

    def feeds(page: str) -> list[str]:
        html = (demo_site / page / "index.html").read_text("utf-8")
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" '
                           r'title="[^"]+" href="([^"]+)">', html)
        # Each resolves, from the page, to a feed of the build.
        for href in links:
            target = posixpath.normpath(posixpath.join(page, href))
            assert (demo_site / target).is_file(), (page, href)
        return [posixpath.normpath(posixpath.join(page, href)) for href in links]

    question = "spaces/climate-mobility/q2-mobility-as-adaptation"
    assert feeds(question) == [f"{question}/feed.xml",
                               "spaces/climate-mobility/feed.xml", "feed.xml"]
    assert feeds("spaces/climate-mobility") == ["spaces/climate-mobility/feed.xml",
                                                "feed.xml"]
    assert feeds(f"fr/{question}") == [f"{question}/feed.xml",
                                       "spaces/climate-mobility/feed.xml", "feed.xml"]
    assert feeds("") == ["feed.xml"]
    assert feeds("code-of-conduct") == ["feed.xml"]
