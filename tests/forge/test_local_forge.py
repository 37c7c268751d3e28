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
    # The example content grows; the list is every public space, sorted (the
    # reply is a public comment: it never names a space that is not public).
    known = ", ".join(sorted(
        p.name for p in (repo / "spaces").iterdir()
        if "visibility: public" in (p / "space.yml").read_text(encoding="utf-8")))
    assert "smuggling-private-briefing" not in known
    assert result.message == ("refused (unknown-space): unknown space 'knitting'; "
                              f"known spaces: {known}")
    record = forge.issue_record(42)
    assert record["labels"] == ["needs-attention", "unknown-space"]
    assert record["comments"] == [
        "We could not take this response in: **unknown space 'knitting'; known "
        f"spaces: {known}**.\n\nNothing is lost: your text stays in this "
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


def test_late_post_is_accepted_with_a_label_when_the_space_allows(
        repo: Path) -> None:
    space = repo / "spaces/climate-mobility/space.yml"
    space.write_text(space.read_text(encoding="utf-8").replace(
        "allow_late: false", "allow_late: true"), encoding="utf-8")
    git(repo, "commit", "-qam", "Allow late posts")
    result, forge = intake(repo, issue_payload(created="2027-03-20T10:00:00Z"))
    assert result.outcome == "proposed"
    assert forge.issue_record(42)["labels"] == ["queued", "late"]
    post = ("spaces/climate-mobility/q1-planned-relocation/"
            "20270320T100000Z-jose-martinez.md")
    assert "\nlate: true\n" in git(repo, "show", f"submission/issue-42:{post}")
    [report] = forge.change_comments("issue #42")
    assert "| Space open when submitted? | closed (accepted as late) |" in report
    assert ":warning: Something here needs a second look." in report


def test_late_post_is_refused_with_a_reply_otherwise(repo: Path) -> None:
    result, forge = intake(repo, issue_payload(created="2027-03-20T10:00:00Z"))
    assert result.message == (
        "refused (closed): space 'climate-mobility' closed on "
        "2027-03-19T17:00:00+01:00, before this was submitted "
        "(2027-03-20T10:00:00+00:00)")
    assert forge.issue_record(42)["labels"] == ["needs-attention", "closed"]


def test_every_real_payload_is_proposed_refused_or_ignored(repo: Path,
                                                          fixtures: Path) -> None:
    from tests.read.test_intake_issue import _fixture_payloads

    outcomes: dict[str, str] = {}
    for name, payload in _fixture_payloads(fixtures):
        result, forge = intake(repo, payload)
        outcomes[name] = result.outcome
        assert result.outcome in ("proposed", "refused", "ignored"), name
        if result.outcome == "refused":
            assert result.message.startswith("refused ("), name
    assert len(outcomes) >= 25
    # Other projects' forms are not ours: ignored without a word on the issue.
    assert outcomes["octokit.issues.opened.json"] == "ignored"
    assert outcomes["example.issue.md"] == "ignored"
    assert outcomes["blank.issue.md"] == "refused"
    assert git(repo, "branch", "--list", "submission/*") == ""


def test_a_closed_issue_edited_later_is_left_alone(repo: Path) -> None:
    payload = issue_payload(action="edited")
    payload["issue"]["state"] = "closed"
    result, forge = intake(repo, payload)
    assert (result.outcome, result.message) == ("ignored", "issue #42 is closed")
    assert forge.issue_record(42)["comments"] == []


def test_a_comment_on_a_draft_goes_through_its_own_reader(repo: Path) -> None:
    from generator.forge.forms import other_forms
    from tests.consultation.test_comment_intake import BODY as COMMENT

    site, _ = load_site(repo, load_settings(repo), strict=False)
    forge = LocalForge(repo)
    payload = issue_payload(COMMENT)
    payload["issue"].update(number=41, created_at="2027-03-09T18:00:00Z")
    result = take_issue(payload, site, post_forms(repo), forge,
                        other_forms=other_forms(repo))
    assert result.outcome == "proposed", result.message
    assert result.change is not None and result.change.paths == (
        "spaces/guidelines-consultation/drafts/basic-services-guidelines/comments/"
        "20270309T180000Z-ana-lima.md",)
    # A comment naming a paragraph that does not exist is refused with a reason.
    wrong = issue_payload(COMMENT.replace("p-agree-with-civil-society-689486",
                                          "p-nope-000000"))
    wrong["issue"]["number"] = 43
    refused = take_issue(wrong, site, post_forms(repo), forge,
                         other_forms=other_forms(repo))
    assert refused.message.startswith("refused (")
    assert "no paragraph 'p-nope-000000'" in refused.message
    # Our own post is still ours when the other forms are in the running.
    mine = take_issue(issue_payload(), site, post_forms(repo), forge,
                      other_forms=other_forms(repo))
    assert mine.outcome == "proposed"


def test_a_refusal_quoting_the_contributor_pings_nobody(repo: Path) -> None:
    body = POST_BODY.replace("q1-planned-relocation\r\n", "@octo-team\r\n")
    result, forge = intake(repo, issue_payload(body))
    assert result.message.startswith(
        "refused (unknown-question): unknown question '@octo-team' in space")
    [reply] = forge.issue_record(42)["comments"]
    assert "'@\u200bocto-team'" in reply and "'@octo-team'" not in reply


def test_an_issue_filed_before_a_label_was_renamed_is_still_read(repo: Path) -> None:
    form = repo / ".github/ISSUE_TEMPLATE/post.yml"
    form.write_text(form.read_text(encoding="utf-8").replace(
        "label: Your response", "label: Your message"), encoding="utf-8")
    git(repo, "commit", "-qam", "Rename a form field")
    # POST_BODY was written with the earlier label, `### Your response`.
    result, _ = intake(repo, issue_payload())
    assert result.outcome == "proposed"
    text = git(repo, "show", f"submission/issue-42:{POST}")
    assert text.endswith("Relocation works when communities choose the new site "
                         "themselves. See https://example.org/guide and ask "
                         "@ana-lucia.\n")


def test_same_name_same_second_while_both_pending_merge_cleanly(repo: Path) -> None:
    first, forge = intake(repo, issue_payload(number=201))
    second, _ = intake(repo, issue_payload(
        POST_BODY.replace("\r\n\r\n### Code", " Also this.\r\n\r\n### Code"),
        number=202))
    assert first.change is not None and second.change is not None
    assert second.change.paths == (first.change.paths[0][:-3] + "-2.md",)
    forge.merge(first.change.key)
    forge.merge(second.change.key)
    assert (repo / first.change.paths[0]).exists()
    assert (repo / second.change.paths[0]).exists()


def test_the_same_event_after_the_merge_opens_nothing_new(repo: Path) -> None:
    result, forge = intake(repo, issue_payload())
    assert result.change is not None
    forge.merge(result.change.key)
    again, forge = intake(repo, issue_payload())
    assert (again.outcome, again.message) == ("unchanged", f"unchanged: {POST} is "
                                              "already published")
    assert forge.pending() == []
