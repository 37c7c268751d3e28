"""`spaces summary draft`: figures, threads and key posts of a closed space."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import DEMO_NOW, REPO, mkdocs_build, write_tree

MEMBERS_QUESTION = {
    "spaces/detention-alternatives/q9-members/question.md":
        "---\ntitle: Members-only follow-up\nvisibility: members\n---\nWho joins?\n",
    "spaces/detention-alternatives/q9-members/20270201T090000Z-ann-members.md":
        "---\nauthor: Ann Members\nposted: 2027-02-01T09:00:00Z\n---\nI will.\n",
}


def draft(root: Path, *args: str) -> str:
    result = CliRunner().invoke(
        main, ["summary", "draft", "--root", str(root), "--now", DEMO_NOW, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_draft_of_the_closed_example_space() -> None:
    text = draft(REPO, "detention-alternatives")
    lines = text.splitlines()
    assert lines[:4] == ["---", "space: detention-alternatives",
                         "drafted: 2027-03-10T12:00:00+00:00", "---"]
    assert ("- **9 posts** from **6 participants**, 6 organisations, 4 countries "
            "(Kenya, South Africa, Switzerland, Zambia), between 11 January 2027 and "
            "5 February 2027.") in lines
    assert "- 2 questions, 4 threads, 5 replies; 4 posts by the moderation team." \
        in lines
    assert ("1. [Grace Wanjiru's thread](/spaces/detention-alternatives/"
            "q1-case-management/#post-20270111T083000Z-grace-wanjiru) on \"What makes "
            "community-based case management work as an alternative to detention?\": "
            "3 posts, the last on 14 January 2027.") in lines
    assert ("> — **Grace Wanjiru**, Haki na Makao Legal Aid Network, [11 January "
            "2027](/spaces/detention-alternatives/q1-case-management/"
            "#post-20270111T083000Z-grace-wanjiru)") in lines
    assert len(re.findall(r"^> — ", text, re.M)) == 5
    assert ("- A summary of practices for the Migration Network Hub knowledge base "
            "<!-- add the link once it is published -->") in lines
    assert ("- After the discussion: [Regional peer-learning workshop on alternatives "
            "to detention](https://example.org/events/atd-peer-learning-workshop) "
            "(workshop), 23 March 2027.") in lines


def test_draft_of_a_public_space_leaves_out_members_only_questions(
        example_copy: Path) -> None:
    write_tree(example_copy, MEMBERS_QUESTION)
    public = draft(example_copy, "detention-alternatives")
    assert "Ann Members" not in public and "q9-members" not in public
    assert "- **9 posts** from **6 participants**" in public
    members = draft(example_copy, "detention-alternatives", "--audience", "members")
    assert "- **10 posts** from **7 participants**" in members
    assert "[Members-only follow-up](/spaces/detention-alternatives/q9-members/)" \
        in members


def test_draft_written_to_a_file_is_never_overwritten_silently(tmp_path: Path) -> None:
    target = tmp_path / "summaries" / "detention-alternatives.md"
    runner = CliRunner()
    args = ["summary", "draft", "--root", str(REPO), "--now", DEMO_NOW,
            "detention-alternatives", "--output", str(target)]
    assert runner.invoke(main, args).exit_code == 0
    assert target.read_text("utf-8").startswith("---\nspace: detention-alternatives\n")
    target.write_text("edited\n", "utf-8")
    again = runner.invoke(main, args)
    assert again.exit_code == 1
    assert f"Error: {target} exists; edit it, or pass --force" in again.output
    assert target.read_text("utf-8") == "edited\n"
    assert runner.invoke(main, [*args, "--force"]).exit_code == 0


def test_unknown_space_names_the_known_ones() -> None:
    result = CliRunner().invoke(main, ["summary", "draft", "--root", str(REPO),
                                       "no-such-space"])
    assert result.exit_code == 2
    assert "no space 'no-such-space'" in result.output
    assert "climate-mobility, detention-alternatives" in result.output


def test_edited_draft_appears_on_the_space_and_knowledge_base_pages(
        example_copy: Path, tmp_path: Path) -> None:
    text = draft(example_copy, "detention-alternatives")
    edited = text.replace("**Objective.**", "**Edited by the moderators.**")
    (example_copy / "summaries" / "detention-alternatives.md").write_text(edited,
                                                                          "utf-8")
    site = mkdocs_build(example_copy, tmp_path / "site")
    link = ('href="../../spaces/detention-alternatives/q1-case-management/'
            '#post-20270111T083000Z-grace-wanjiru"')
    for page in ("kb/detention-alternatives/index.html",
                 "spaces/detention-alternatives/index.html"):
        html = (site / page).read_text("utf-8")
        assert "<strong>Edited by the moderators.</strong>" in html
        assert link in html
        assert "add the link once it is published" not in html  # comments dropped


def test_posts_removed_by_moderators_are_neither_counted_nor_quoted(
        example_copy: Path) -> None:
    post = (example_copy / "spaces/detention-alternatives/q1-case-management/"
            "20270120T120000Z-mwila-chanda.md")
    text = post.read_text("utf-8")
    post.write_text(text.replace("---\n", "---\nhidden: off-topic\n", 1), "utf-8")
    result = draft(example_copy, "detention-alternatives")
    assert "- **8 posts** from **5 participants**" in result
    assert "Mwila Chanda" not in result
