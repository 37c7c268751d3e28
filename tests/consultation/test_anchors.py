"""The paragraph anchor rule: what it gives, what survives an edit, and how one
version's paragraphs map onto the next."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from generator.consultation.anchors import (
    base_anchor,
    match_versions,
    similarity,
    split_blocks,
)
from generator.consultation.load import load_drafts
from generator.consultation.model import Comment, Draft, Version
from generator.model import Post
from generator.model.load import load_site

REPO = Path(__file__).resolve().parents[2]

DRAFT = """\
## Scope

These guidelines apply to every municipal service that a resident may need in
an emergency, whatever their status.

1. Health care is given first and paid for later.
2. Schools enrol every child living in the district.
3. Shelters do not ask for documents.

## Training

Front-line staff are trained every year on what they may and may not ask.
"""

EDITED = """\
## Scope of these guidelines

A new opening paragraph, added in front of everything else.

These guidelines apply to every municipal service that a resident may need in an
emergency, whatever their status.

1. Schools enrol every child living in the district.
2. Shelters do not ask for documents.

### Training

Front-line staff are trained every year on what they may and may not ask.
"""


def anchors(text: str) -> list[str]:
    return [block.anchor for block in split_blocks(text)]


def test_anchor_is_kind_first_words_and_digest() -> None:
    # The digest is SHA-1 of kind letter, NUL and normalised text.
    assert hashlib.sha1(b"h\0Scope").hexdigest()[:6] == "27b8cd"
    assert base_anchor("heading", "  Scope\n") == "h-scope-27b8cd"
    assert anchors(DRAFT) == [
        "h-scope-27b8cd",
        "p-these-guidelines-apply-to-2662d7",
        "li-health-care-is-given-b3dc06",
        "li-schools-enrol-every-child-92afa3",
        "li-shelters-do-not-ask-9aa9bb",
        "h-training-ac3c4a",
        "p-front-line-staff-are-cc4f13",
    ]


def test_anchors_survive_edits_elsewhere() -> None:
    # EDITED renames the first heading, adds a paragraph before the text,
    # re-wraps a paragraph, deletes item 1 (renumbering the others) and makes
    # a heading one level deeper: every other block keeps its anchor.
    before, after = anchors(DRAFT), anchors(EDITED)
    kept = [a for a in before if a not in ("h-scope-27b8cd",
                                           "li-health-care-is-given-b3dc06")]
    assert [a for a in after if a in before] == kept
    assert len(after) == 7
    assert "h-scope-27b8cd" not in after


def test_example_draft_anchors_and_file_lines() -> None:
    site, _ = load_site(REPO, strict=False)
    load_drafts(site)
    space = site.space("guidelines-consultation")
    assert space is not None
    v2 = space.drafts[0].version(2)
    assert v2 is not None
    # v2.md has four lines of front matter; "## Purpose" is line 6.
    assert [(b.anchor, b.line) for b in v2.blocks[:6]] == [
        ("h-purpose-b7469f", 6),
        ("p-these-guidelines-help-local-2631a9", 8),
        ("p-they-are-written-for-267905", 13),
        ("h-principles-f9c1ec", 16),
        ("li-everyone-living-in-the-055209", 18),
        ("li-service-providers-do-not-ad2074", 19),
    ]


def test_identical_blocks_are_numbered_in_document_order() -> None:
    text = "Same words.\n\nOther words.\n\nSame words.\n\n- Same words.\n"
    assert anchors(text) == [
        "p-same-words-" + base_anchor("paragraph", "Same words.")[-6:],
        "p-other-words-" + base_anchor("paragraph", "Other words.")[-6:],
        "p-same-words-" + base_anchor("paragraph", "Same words.")[-6:] + "-2",
        "li-same-words-" + base_anchor("item", "Same words.")[-6:],
    ]


def test_blocks_of_every_kind() -> None:
    text = ("Setext title\n============\n\n- item that\n  wraps\n  - nested\n\n"
            "```\ncode\n\nstill code\n```\n\n---\n\n| a | b |\n|---|---|\n")
    blocks = split_blocks(text)
    assert [(b.kind, b.text, b.level, b.depth, b.marker) for b in blocks] == [
        ("heading", "Setext title", 1, 0, ""),
        ("item", "item that\nwraps", 0, 0, "-"),
        ("item", "nested", 0, 1, "-"),
        ("paragraph", "```\ncode\n\nstill code\n```", 0, 0, ""),
        ("paragraph", "| a | b |\n|---|---|", 0, 0, ""),
    ]


def test_versions_match_unchanged_near_and_removed_blocks() -> None:
    old = split_blocks(DRAFT)
    new = split_blocks(EDITED)
    matches = match_versions(old, new)
    by_text = {b.plain: b.anchor for b in old}
    same = matches[by_text["Front-line staff are trained every year on what they "
                           "may and may not ask."]]
    assert (same.anchor, same.changed) == ("p-front-line-staff-are-cc4f13", False)
    # "Scope" -> "Scope of these guidelines": too different (ratio 0.4).
    assert matches["h-scope-27b8cd"].anchor is None
    assert matches["li-health-care-is-given-b3dc06"].anchor is None


def test_two_words_changed_in_twenty_is_the_same_paragraph() -> None:
    sentence = ("Every resident can see a doctor and enrol their children at school "
                "without being asked for papers of any kind")
    words = sentence.split(" ")
    assert len(words) == 20
    edited = list(words)
    edited[3], edited[4] = "consult", "nurses"
    old = split_blocks(" ".join(words))
    new = split_blocks(" ".join(edited))
    assert similarity(old[0], new[0]) == 0.9
    match = match_versions(old, new)[old[0].anchor]
    assert (match.anchor, match.changed) == (new[0].anchor, True)
    # Rewriting half of it is a new paragraph.
    rewritten = "only after a check by the city office for migrants"
    half = words[:10] + rewritten.split(" ")
    assert match_versions(old, split_blocks(" ".join(half)))[old[0].anchor].anchor \
        is None


def _comment(version: int, paragraph: str) -> Comment:
    post = Post(id="20270301T000000Z-a", space="s", question="drafts/d", author="A",
                affiliation="", posted=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
                body="x", path=Path("x.md"))
    return Comment(post, "d", version, paragraph)


def test_a_comment_follows_its_paragraph_through_three_versions() -> None:
    v1 = "Alpha paragraph stays.\n\nBeta paragraph has five words here.\n"
    v2 = "Alpha paragraph stays.\n\nBeta paragraph has five words there.\n"
    v3 = "New first.\n\n" + v2
    draft = Draft("d", "s", Path("d"), [
        Version(n, Path(f"v{n}.md"), "", split_blocks(text))
        for n, text in ((1, v1), (2, v2), (3, v3))])
    alpha, beta = (b.anchor for b in draft.versions[0].blocks)
    new_beta = draft.latest.blocks[2].anchor
    assert draft.place(_comment(1, alpha)).anchor == alpha
    assert draft.place(_comment(1, alpha)).changed is False
    placed = draft.place(_comment(1, beta))
    assert (placed.anchor, placed.changed) == (new_beta, True)
    assert draft.place(_comment(2, new_beta)).changed is False
    unknown = draft.place(_comment(2, "p-nothing-000000"))
    assert (unknown.anchor, unknown.known) == (None, False)


def test_real_document_anchors_are_unique_and_survive_a_removal(
        fixtures: Path) -> None:
    # GitHub Docs' Markdown page: fences of three and four backticks, tables,
    # alerts, Liquid tags, images, nested lists.
    name = "github-docs.basic-writing-and-formatting-syntax.md"
    path = fixtures / "markdown/real-docs" / name
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    blocks = split_blocks(body)
    assert len(blocks) == 154
    assert len({b.anchor for b in blocks}) == 154
    fence = next(b for b in blocks if b.text.startswith("````markdown"))
    assert fence.text.endswith("```\n````") and fence.kind == "paragraph"

    # Cut the paragraph after "Quoting text": every other anchor is unchanged.
    cut = next(b for b in blocks if b.text.startswith("You can quote text with"))
    edited = body.replace(cut.text + "\n", "", 1)
    assert [b.anchor for b in split_blocks(edited)] == [
        b.anchor for b in blocks if b is not cut]
