"""The knowledge base: closed spaces by theme and year, searchable, stable addresses."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import mkdocs_build

KB_SPACE = "kb/detention-alternatives/index.html"


def content(html: str) -> str:
    """The page's own article, without the theme's navigation."""
    return html.split('<article class="md-content__inner')[1].split("</article>")[0]


def test_index_lists_closed_spaces_by_theme_and_year(demo_site: Path) -> None:
    html = content((demo_site / "kb/index.html").read_text("utf-8"))
    headings = re.findall(r"<h([23]) id=\"([^\"]+)\">([^<]+)</h\1>", html)
    assert headings == [
        ("2", "theme-alternatives-to-immigration-detention",
         "Alternatives to immigration detention"),
        ("3", "theme-alternatives-to-immigration-detention-2027", "2027"),
    ]
    assert re.findall(r'class="spaces-kb__title" href="([^"]+)">([^<]+)<', html) == [
        ("../kb/detention-alternatives/",
         "Alternatives to immigration detention: community-based case management")]
    assert "<small>Closed on 5 February 2027</small>" in html
    # The excerpt is the first paragraph of summaries/detention-alternatives.md.
    assert "gathered nine posts from immigration" in html
    assert "Written agreements outlast goodwill" not in html


def test_space_page_holds_the_edited_summary_and_all_outputs(demo_site: Path) -> None:
    html = content((demo_site / KB_SPACE).read_text("utf-8"))
    assert "Written agreements outlast goodwill." in html
    assert '<a href="../../spaces/detention-alternatives/">Read the discussion</a>' \
        in html
    assert "<li>Input to a regional peer-learning workshop on alternatives to " \
        "detention</li>" in html
    assert re.search(r'href="\.\./\.\./spaces/detention-alternatives/'
                     r'q2-children-families/">Ending the detention of children: what '
                     r'has worked\?</a>\s*<small>\(4 posts\)</small>', html)
    assert 'Permanent link: <a href="../../kb/detention-alternatives/">' \
        "kb/detention-alternatives/</a>" in html


def test_closed_space_page_links_to_its_permanent_address(demo_site: Path) -> None:
    html = (demo_site / "spaces/detention-alternatives/index.html").read_text("utf-8")
    summary = html.split('<section class="spaces-summary"')[1].split("</section>")[0]
    assert '<a href="../../kb/detention-alternatives/">Permanent link</a>' in summary


def test_knowledge_base_is_in_the_search_index(demo_site: Path) -> None:
    index = json.loads((demo_site / "search/search_index.json").read_text("utf-8"))
    texts = {doc["location"]: doc["text"] for doc in index["docs"]}
    assert "Knowledge base" in {doc["title"] for doc in index["docs"]}
    summary = texts["kb/detention-alternatives/#summary"]
    assert "Written agreements outlast goodwill" in summary


def test_knowledge_base_is_in_the_navigation(demo_site: Path) -> None:
    html = (demo_site / "index.html").read_text("utf-8")
    assert re.search(r'href="kb/"[^>]*>\s*<span class="md-ellipsis">\s*Knowledge base',
                     html)


def rename(root: Path, old: str, new: str) -> None:
    shutil.move(root / "spaces" / old, root / "spaces" / new)


def test_renamed_space_keeps_its_address_when_permalink_is_set(
        example_copy: Path, tmp_path: Path) -> None:
    space_yml = example_copy / "spaces/detention-alternatives/space.yml"
    space_yml.write_text(space_yml.read_text("utf-8")
                         + "permalink: detention-alternatives\n", "utf-8")
    rename(example_copy, "detention-alternatives", "atd-case-management-2027")
    site = mkdocs_build(example_copy, tmp_path / "site")
    html = content((site / KB_SPACE).read_text("utf-8"))
    # Same address, the summary found by permalink, links to the new folder.
    assert "Written agreements outlast goodwill." in html
    assert '<a href="../../spaces/atd-case-management-2027/">Read the discussion</a>' \
        in html
    assert not (site / "spaces/detention-alternatives").exists()


def test_without_permalink_the_address_follows_the_folder(
        example_copy: Path, tmp_path: Path) -> None:
    rename(example_copy, "detention-alternatives", "atd-case-management-2027")
    site = mkdocs_build(example_copy, tmp_path / "site")
    assert not (site / KB_SPACE).exists()
    assert (site / "kb/atd-case-management-2027/index.html").exists()


def test_check_refuses_two_spaces_with_one_permalink(example_copy: Path) -> None:
    space_yml = example_copy / "spaces/climate-mobility/space.yml"
    lines = space_yml.read_text("utf-8").splitlines()
    space_yml.write_text("\n".join(lines + ["permalink: detention-alternatives"])
                         + "\n", "utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(example_copy)])
    assert result.exit_code == 1
    assert (f"spaces/climate-mobility/space.yml:{len(lines) + 1}: permalink "
            "'detention-alternatives' is already used by spaces/detention-alternatives;"
            " knowledge-base addresses must be unique") in result.output
