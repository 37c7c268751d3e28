"""The local forge on real git repositories: branches, merges, rejections."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.forge.base import UnknownChange
from generator.forge.intake import RECEIPT_MARK, take_issue
from generator.forge.local import LocalForge
from generator.model.load import load_site
from generator.read.issue import post_forms
from tests.forge.forge_helpers import POST_BODY, git, issue_payload, site_repo

POST = ("spaces/climate-mobility/q1-planned-relocation/"
        "20270305T100000Z-jose-martinez.md")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return site_repo(tmp_path / "site")


def intake(repo: Path, payload: dict) -> tuple:
    site, _ = load_site(repo, load_settings(repo), strict=False)
    forge = LocalForge(repo)
    return take_issue(payload, site, post_forms(repo), forge), forge


def test_an_issue_becomes_a_branch_without_touching_the_checkout(repo: Path) -> None:
    head = git(repo, "rev-parse", "main").strip()
    result, forge = intake(repo, issue_payload())

    assert result.outcome == "proposed"
    assert result.message == f"proposed: {POST} on submission/issue-42"
    assert git(repo, "rev-parse", "main").strip() == head
    assert git(repo, "status", "--porcelain") == ""
    added = git(repo, "diff", "--name-only", "main", "submission/issue-42")
    assert added == POST + "\n"
    text = git(repo, "show", f"submission/issue-42:{POST}")
    assert text.startswith("---\nauthor: José Martínez\naffiliation: Ciudad Abierta\n"
                           "posted: '2027-03-05T10:00:00Z'\nlanguage: en\n"
                           "source: 'issue #42'\n---\n\nRelocation works")
    assert git(repo, "log", "-1", "--format=%an <%ae>%n%s",
               "submission/issue-42") == (
        "Discussion Spaces intake <intake@localhost>\n"
        "Add post 20270305T100000Z-jose-martinez\n")

    issue = forge.issue_record(42)
    assert issue["labels"] == ["queued"]
    assert issue["body"].startswith(RECEIPT_MARK + "\n**Received.**")
    assert "branch `submission/issue-42`" in issue["body"]
    assert "Relocation works" not in issue["body"]
    [report] = forge.change_comments("issue #42")
    assert "| Links | 1 |" in report
    assert "| Mentions | 1 (`@ana-lucia`) |" in report
    assert "| First-time contributor? | yes |" in report
    assert "| Space open when submitted? | open |" in report
    assert "| Code of conduct accepted? | yes |" in report


def test_same_issue_again_updates_one_branch_in_place(repo: Path) -> None:
    intake(repo, issue_payload())
    again, forge = intake(repo, issue_payload(action="labeled"))
    assert again.outcome == "unchanged"
    tip = git(repo, "rev-parse", "submission/issue-42").strip()

    # The author corrects their name: the file's name changes, still one post.
    edited = POST_BODY.replace("José Martínez", "José A. Martínez")
    third, _ = intake(repo, issue_payload(edited, action="edited"))
    assert third.outcome == "updated"
    assert git(repo, "diff", "--name-only", "main", "submission/issue-42") == (
        "spaces/climate-mobility/q1-planned-relocation/"
        "20270305T100000Z-jose-a-martinez.md\n")
    assert git(repo, "rev-parse", "submission/issue-42^").strip() == tip
    assert [c.key for c in forge.pending()] == ["issue #42"]
    assert len(forge.change_comments("issue #42")) == 2
    # The receipt itself, re-run: recognised, nothing happens.
    receipt = forge.issue_record(42)["body"]
    fourth, _ = intake(repo, issue_payload(receipt, action="labeled"))
    assert (fourth.outcome, fourth.message) == (
        "ignored", "issue #42 already shows its receipt")
    assert forge.issue_record(42)["comments"][-1].startswith("Thank you.")
    assert len(forge.issue_record(42)["comments"]) == 1


def test_refusal_replies_once_and_labels(repo: Path) -> None:
    body = POST_BODY.replace("climate-mobility\r\n", "knitting\r\n")
    result, forge = intake(repo, issue_payload(body))
    assert result.outcome == "refused"
    assert result.message == ("refused (unknown-space): unknown space 'knitting'; "
                              "known spaces: climate-mobility, "
                              "detention-alternatives, labour-migration-skills, "
                              "regular-pathways-family")
    record = forge.issue_record(42)
    assert record["labels"] == ["needs-attention", "unknown-space"]
    assert record["comments"] == [
        "We could not take this response in: **unknown space 'knitting'; known "
        "spaces: climate-mobility, detention-alternatives, labour-migration-skills, "
        "regular-pathways-family**.\n\nNothing is lost: your text stays in this "
        "issue. Edit the issue to correct it and it will be read again, or reply "
        "here if you think this is a mistake.\n"]
    # Re-run with the label now on the issue: no second reply.
    intake(repo, issue_payload(body, labels=("unknown-space",)))
    assert len(forge.issue_record(42)["comments"]) == 1
    assert git(repo, "branch", "--list", "submission/*") == ""


def test_merge_publishes_and_closes_the_issue(repo: Path) -> None:
    intake(repo, issue_payload())
    forge = LocalForge(repo)
    change = forge.merge(42)
    assert change.state == "merged" and change.paths == (POST,)
    assert (repo / POST).exists()  # main was checked out: the worktree follows
    assert git(repo, "log", "-1", "--format=%P", "main").count(" ") == 1
    assert git(repo, "branch", "--list", "submission/*") == ""
    assert forge.pending() == []
    assert forge.issue_record(42)["state"] == "closed"
    with pytest.raises(UnknownChange, match="no pending submission 'issue #42'"):
        forge.merge("issue #42")


def test_merge_without_main_checked_out_uses_no_worktree(repo: Path) -> None:
    intake(repo, issue_payload())
    git(repo, "switch", "-q", "-c", "elsewhere")
    LocalForge(repo).merge("submission/issue-42")
    assert git(repo, "show", f"main:{POST}").startswith("---\nauthor: José")
    assert not (repo / POST).exists()


def test_reject_keeps_the_text_and_tells_why(repo: Path) -> None:
    intake(repo, issue_payload())
    forge = LocalForge(repo)
    change = forge.reject("issue #42", "off topic for this question")
    assert (change.state, change.reason) == ("rejected", "off topic for this question")
    assert forge.pending() == []
    kept = git(repo, "show", f"refs/spaces/rejected/issue-42:{POST}")
    assert "Relocation works" in kept
    record = forge.issue_record(42)
    assert record["comments"][-1] == "Not published: off topic for this question"
    assert record["state"] == "not planned" and "rejected" in record["labels"]


def test_pending_lists_in_order_of_submission(repo: Path) -> None:
    for number in (7, 3, 9):
        body = POST_BODY.replace("José Martínez", f"Person {number}")
        intake(repo, issue_payload(body, number=number))
    assert [c.key for c in LocalForge(repo).pending()] == [
        "issue #7", "issue #3", "issue #9"]
    change = LocalForge(repo).pending()[0]
    assert dataclasses.replace(change, paths=()).author == "Person 7"
