"""Privacy levels: a build holds nothing its audience may not read, in any file.

The example content has a private space (spaces/smuggling-private-briefing) and a
members-only question in a public space (climate-mobility/q4-members-funding),
with invented marker words in their titles, bodies, a translation, an event, a
summary, a permalink, authors and profiles. The tests build the example site for
each audience and read every file of the output, compressed ones decompressed.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from generator.config import Settings
from generator.model.load import load_site
from generator.render.audience import audience_site
from tests.conftest import REPO, copy_repo_content, mkdocs_build

PRIVATE_MARKERS = [
    "smuggling-private-briefing",  # folder: URLs, sitemap
    "Kestrelmoor",  # space title and permalink (kb/kestrelmoor-briefing/)
    "Lanternfall",  # question title
    "Varnholt",  # post body
    "Brumevent",  # French translation of that post
    "Duskwater",  # event title (calendars)
    "Thornquist",  # summary (knowledge base)
    "Fenwythe",  # post author's name
    "Halvard Quennell",  # profile used only by the private space
]
MEMBERS_MARKERS = [
    "q4-members-funding",  # folder: URLs, sitemap
    "Marrowgate",  # question title
    "Halcyonreef",  # question and post body
    "Delacroix-Obi",  # post author's name
    "Ysolde Carrow",  # profile used only by the members-only question
]


def site_text(site: Path) -> dict[str, str]:
    """Every file of a built site as text, .gz files decompressed."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        texts[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace")
    return texts


def traces(site: Path, markers: list[str]) -> dict[str, list[str]]:
    """Marker -> files that contain it, case-insensitively."""
    found: dict[str, list[str]] = {}
    for name, text in site_text(site).items():
        lowered = text.lower()
        for marker in markers:
            if marker.lower() in lowered:
                found.setdefault(marker, []).append(name)
    return found


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site with a site_url, so that MkDocs fills the sitemaps."""
    root = copy_repo_content(tmp_path_factory.mktemp("privacy-src"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8")
                      + "site_url: https://spaces.example.org/\n", "utf-8")
    return root


@pytest.fixture(scope="module")
def public_site(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mkdocs_build(source, tmp_path_factory.mktemp("public"), audience="public")


@pytest.fixture(scope="module")
def members_site(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mkdocs_build(source, tmp_path_factory.mktemp("members"), audience="members")


def test_public_build_has_no_trace_of_members_or_private_content(
        public_site: Path) -> None:
    assert traces(public_site, PRIVATE_MARKERS + MEMBERS_MARKERS) == {}
    # The scan read the kinds of files a leak would hide in, and they are full.
    texts = site_text(public_site)
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
            "404.html"} <= set(texts)
    assert "https://spaces.example.org/kb/detention-alternatives/" in \
        texts["sitemap.xml.gz"]


def test_members_build_has_members_content_but_nothing_private(
        members_site: Path) -> None:
    assert traces(members_site, PRIVATE_MARKERS) == {}
    found = traces(members_site, MEMBERS_MARKERS)
    assert sorted(found) == sorted(MEMBERS_MARKERS)
    assert "search/search_index.json" in found["Halcyonreef"]
    assert "sitemap.xml.gz" in found["q4-members-funding"]


def test_full_build_shows_every_marker_so_the_scan_can_fail(
        source: Path, tmp_path: Path) -> None:
    site = mkdocs_build(source, tmp_path / "all", audience="all")
    found = traces(site, PRIVATE_MARKERS + MEMBERS_MARKERS)
    assert sorted(found) == sorted(PRIVATE_MARKERS + MEMBERS_MARKERS)
    assert "kb/kestrelmoor-briefing/index.html" in found["Thornquist"]
    assert "fr/spaces/smuggling-private-briefing/q1-route-changes/index.html" in \
        found["Brumevent"]
    # Feeds and calendars carry private content in a full build, so the scan of
    # a public build reads them too.
    assert "events.ics" in found["Duskwater"]
    assert "spaces/smuggling-private-briefing/events.ics" in found["Duskwater"]
    assert "feed.xml" in found["Varnholt"]


def test_public_build_over_a_members_build_leaves_nothing_behind(
        source: Path, members_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(members_site, site)
    mkdocs_build(source, site, audience="public")
    assert traces(site, PRIVATE_MARKERS + MEMBERS_MARKERS) == {}


def test_members_build_asks_crawlers_to_stay_out(members_site: Path,
                                                 public_site: Path) -> None:
    assert (members_site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not (public_site / "robots.txt").exists()


def test_members_only_question_in_a_public_space_takes_email_only(
        members_site: Path) -> None:
    page = members_site / "spaces/climate-mobility/q4-members-funding/index.html"
    html = page.read_text("utf-8")
    assert "mailto:hub+climate-mobility.q4-members-funding@example.org" in html
    assert "issues/new" not in html
    public_question = members_site / "spaces/climate-mobility/q1-planned-relocation"
    assert "issues/new" in (public_question / "index.html").read_text("utf-8")
    # Readers are told the page is not public, so they do not pass it on.
    assert ('<p class="spaces-visibility spaces-visibility--members" role="note">'
            "<strong>Members only.</strong> This page is not on the public site; "
            "please do not share its content outside the network.</p>") in html
    assert "spaces-visibility" not in (public_question / "index.html").read_text()
    # The outreach kit offers GitHub forms for the public questions only.
    kit = (members_site / "spaces/climate-mobility/outreach/index.html").read_text()
    assert "question=q1-planned-relocation" in kit
    assert "q4-members-funding" not in kit


def test_public_view_drops_profiles_used_only_by_hidden_content() -> None:
    site, _ = load_site(REPO, Settings())
    public = audience_site(site, "public")
    assert "halvard-quennell" in site.people
    assert "halvard-quennell" not in public.people
    assert "ysolde-carrow" not in public.people
    # A moderator of the private space who also moderates public spaces stays.
    assert "ingrid-halvorsen" in public.people
    assert [s.slug for s in public.spaces] == [
        s.slug for s in site.spaces if s.visibility == "public"]
    assert "smuggling-private-briefing" not in [s.slug for s in public.spaces]
    climate = next(s for s in public.spaces if s.slug == "climate-mobility")
    assert [q.slug for q in climate.questions] == [
        "q1-planned-relocation", "q2-mobility-as-adaptation",
        "q3-disaster-displacement"]
    # Figures made from the view (stats, counts) cannot count hidden posts: two
    # private posts and one members-only post are gone.
    assert len(public.posts()) == len(site.posts()) - 3
    # The loaded site itself is untouched, for the moderators' command-line tools.
    assert "smuggling-private-briefing" in [s.slug for s in site.spaces]
    assert len(site.space("climate-mobility").questions) == 4


def test_committed_issue_forms_name_no_members_or_private_content() -> None:
    # Issue forms are public files on GitHub; whatever lists spaces or questions
    # in them must list only public ones.
    forms = sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    assert forms, "no issue forms found"
    found = {form.name: [m for m in PRIVATE_MARKERS + MEMBERS_MARKERS
                         if m.lower() in form.read_text("utf-8").lower()]
             for form in forms}
    assert {name: hits for name, hits in found.items() if hits} == {}
