"""The draft page of the example consultation, from a real `mkdocs build`."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from tests.conftest import mkdocs_build, write_tree

DRAFT_DIR = "spaces/guidelines-consultation/drafts/basic-services-guidelines"

# Version 2, paragraph by paragraph: comments made on it, plus those made on
# version 1 on paragraphs that version 2 kept (changed or not).
V2_COUNTS = {
    "h-purpose-b7469f": 0,
    "p-these-guidelines-help-local-2631a9": 1,
    "p-they-are-written-for-267905": 0,
    "h-principles-f9c1ec": 0,
    "li-everyone-living-in-the-055209": 0,
    "li-service-providers-do-not-ad2074": 2,
    "li-information-given-to-obtain-a57f3d": 1,
    "h-practical-steps-29ce78": 0,
    "p-publish-in-the-main-495e81": 0,
    "p-train-front-line-staff-f27c18": 1,
    "p-make-trained-interpreters-616bbe": 1,
    "p-agree-with-civil-society-689486": 0,
    "h-monitoring-2376a3": 0,
    "p-measure-who-uses-services-042ac3": 1,
    "h-review-ef16bd": 0,
    "p-the-municipality-reviews-these-adb777": 0,
}


def counts(html: str) -> dict[str, int]:
    return {anchor: int(count) for anchor, count in re.findall(
        r'<section class="spaces-para[^"]*" id="([^"]+)" data-count="(\d+)"', html)}


def paragraph(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start: html.index("</section>", start)]


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_each_paragraph_shows_its_comment_count(demo_site: Path) -> None:
    html = read(demo_site, DRAFT_DIR)
    assert counts(html) == V2_COUNTS
    assert ('<span class="spaces-para__count">2 comments</span>'
            in paragraph(html, "li-service-providers-do-not-ad2074"))
    assert ('<span class="spaces-para__count">1 comment</span>'
            in paragraph(html, "p-train-front-line-staff-f27c18"))
    assert ('<span class="spaces-para__count">No comments</span>'
            in paragraph(html, "h-purpose-b7469f"))
    assert '<p class="spaces-draft__total" data-count="9">9 comments</p>' in html


def test_comments_are_folded_under_their_paragraph(demo_site: Path) -> None:
    html = read(demo_site, DRAFT_DIR)
    block = paragraph(html, "p-train-front-line-staff-f27c18")
    assert '<details class="spaces-para__comments">' in block
    assert "<summary>Show comments (1)</summary>" in block
    assert 'id="comment-20270308T150000Z-kwame-asante"' in block
    assert "<details open" not in html


def test_comment_on_a_changed_paragraph_is_marked_with_its_version(
        demo_site: Path) -> None:
    block = paragraph(read(demo_site, DRAFT_DIR), "li-service-providers-do-not-ad2074")
    older, newer = block.split("<article")[1:]
    assert "José Martínez" in older and "2 March 2027" in older
    mark = re.search(r'class="spaces-badge spaces-badge--version" href="([^"]+)"[^>]*>'
                     r"([^<]+)</a>", older)
    assert mark is not None
    assert mark.group(2) == "on version 1"
    assert mark.group(1).endswith(f"{DRAFT_DIR}/v1/#li-service-providers-do-not-401a48")
    assert "spaces-badge--version" not in newer
    # Unchanged since version 1: no mark.
    unchanged = paragraph(read(demo_site, DRAFT_DIR),
                          "p-these-guidelines-help-local-2631a9")
    assert "Nadia Rahman" in unchanged and "on version" not in unchanged


def test_comments_on_a_removed_paragraph_have_their_own_section(
        demo_site: Path) -> None:
    html = read(demo_site, DRAFT_DIR)
    section = html[html.index('id="removed-paragraphs"'):]
    section = section[: section.index("</section>")]
    assert ("<h2 id=\"removed-paragraphs-title\">Comments on paragraphs removed in a "
            "later version</h2>") in section
    assert 'id="removed-1-p-collect-data-on-service-04bfd9" data-count="2"' in section
    assert ('<span class="spaces-badge spaces-badge--removed">removed in version 2'
            '</span>') in section
    assert ("<blockquote class=\"spaces-para__old\">Collect data on service use by "
            "nationality and migration status, so that gaps in access can be "
            "measured.</blockquote>") in section
    assert re.findall(r'<article[^>]* id="comment-([^"]+)"', section) == [
        "20270304T080000Z-hamid-karimi", "20270304T163000Z-sofia-bianchi"]


def test_links_prefill_the_comment_form_and_the_email(demo_site: Path) -> None:
    block = paragraph(read(demo_site, DRAFT_DIR), "p-measure-who-uses-services-042ac3")
    form = re.search(r'class="spaces-para__comment" href="([^"]+)"', block)
    mail = re.search(r'class="spaces-para__email" href="([^"]+)"', block)
    assert form and mail
    url = urlsplit(form.group(1).replace("&amp;", "&"))
    assert url.path == "/migration-network/discussion-spaces/issues/new"
    assert {k: v[0] for k, v in parse_qs(url.query).items()} == {
        "template": "comment.yml", "space": "guidelines-consultation",
        "draft": "basic-services-guidelines", "version": "2",
        "paragraph": "p-measure-who-uses-services-042ac3",
        "title": "[guidelines-consultation/basic-services-guidelines/"
                 "p-measure-who-uses-services-042ac3] ",
    }
    address, _, query = mail.group(1).replace("&amp;", "&").partition("?")
    assert address == "mailto:hub+guidelines-consultation@example.org"
    assert unquote(query) == (
        "subject=[guidelines-consultation/basic-services-guidelines/"
        "p-measure-who-uses-services-042ac3] Comment on version 2 of Guidelines for "
        "local authorities: access to basic services regardless of migration status")


def test_earlier_version_page_shows_only_its_own_comments(demo_site: Path) -> None:
    html = read(demo_site, f"{DRAFT_DIR}/v1")
    found = counts(html)
    assert {a: n for a, n in found.items() if n} == {
        "p-these-guidelines-help-local-2631a9": 1,
        "li-service-providers-do-not-401a48": 1,
        "li-information-given-to-obtain-3c728b": 1,
        "p-collect-data-on-service-04bfd9": 2,
    }
    assert len(found) == 15
    assert "Comment on this paragraph" not in html
    assert "Read the current version</a>" in html


def test_space_page_lists_the_draft_with_its_count(demo_site: Path) -> None:
    html = read(demo_site, "spaces/guidelines-consultation")
    assert re.search(
        r'<a href="[./]*/?spaces/guidelines-consultation/drafts/basic-services-'
        r'guidelines/">Guidelines for local authorities: access to basic services '
        r"regardless of migration status</a>\s*<small>\(Version 2 of 2 · 9 comments"
        r"\)</small>", html)


HIDDEN_AND_MISFILED = {
    f"{DRAFT_DIR}/comments/20270309T120000Z-troll.md": """\
        ---
        author: "Troll"
        posted: 2027-03-09T12:00:00Z
        draft: basic-services-guidelines
        version: 2
        paragraph: h-review-ef16bd
        hidden: "insulting"
        ---
        Nonsense.
        """,
    f"{DRAFT_DIR}/comments/20270309T130000Z-lost.md": """\
        ---
        author: "Lost Reader"
        posted: 2027-03-09T13:00:00Z
        draft: basic-services-guidelines
        version: 2
        paragraph: p-no-such-paragraph-000000
        ---
        Where does this go?
        """,
}


def test_hidden_comments_are_not_counted_and_unknown_ones_are_kept(
        example_copy: Path, tmp_path: Path) -> None:
    write_tree(example_copy, HIDDEN_AND_MISFILED)
    site = mkdocs_build(example_copy, tmp_path / "site")
    html = read(site, DRAFT_DIR)
    assert counts(html) == V2_COUNTS
    assert "Nonsense" not in html
    unplaced = html[html.index('id="unplaced-comments"'):]
    assert "<strong>Lost Reader</strong>" in unplaced
    assert '<p class="spaces-draft__total" data-count="10">10 comments</p>' in html


def test_no_comment_links_once_the_space_has_closed(example_copy: Path,
                                                    tmp_path: Path) -> None:
    site = mkdocs_build(example_copy, tmp_path / "site", now="2027-04-01T00:00:00Z")
    html = read(site, DRAFT_DIR)
    assert counts(html) == V2_COUNTS
    assert 'class="spaces-para__comment"' not in html and "mailto:" not in html
