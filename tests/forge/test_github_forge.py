"""The GitHub forge: PyGithub against a stand-in API on 127.0.0.1, calls asserted."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import load_settings
from generator.forge.github import GitHubForge
from generator.forge.intake import RECEIPT_MARK, take_issue
from generator.model.load import load_site
from generator.read.issue import post_forms
from tests.conftest import copy_repo_content, mkdocs_build
from tests.forge.forge_helpers import POST_BODY, issue_payload
from tests.forge.github_standin import GitHubStandIn

REPO = "/repos/migration-network/discussion-spaces"
POST = ("spaces/climate-mobility/q1-planned-relocation/"
        "20270305T100000Z-jose-martinez.md")


class FakeClock:
    """Time stands still unless the forge sleeps; every sleep is recorded."""

    def __init__(self, now: float) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def standin() -> Iterator[GitHubStandIn]:
    with GitHubStandIn() as server:
        server.add_issue(42, POST_BODY)
        yield server


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repo_content(tmp_path_factory.mktemp("content") / "site")


def run(content: Path, forge: GitHubForge, payload: dict):  # type: ignore[no-untyped-def]
    site, _ = load_site(content, load_settings(content), strict=False)
    return take_issue(payload, site, post_forms(content), forge)


def calls(standin: GitHubStandIn) -> list[tuple[str, str]]:
    """Method and path of each call, query strings kept."""
    return [(method, path) for method, path, _ in standin.calls]


def test_issue_to_pull_request_makes_exactly_these_calls(
        standin: GitHubStandIn, content: Path) -> None:
    forge = GitHubForge(standin.repository, token="t0ken", api_url=standin.url)
    result = run(content, forge, issue_payload())

    assert result.message == f"proposed: {POST} on #100"
    branch_q = "migration-network%3Asubmission%2Fissue-42"
    assert calls(standin) == [
        ("GET", REPO),
        # Pending pull requests, so that a second post of the same id and second
        # gets a free file name instead of a merge conflict.
        ("GET", f"{REPO}/pulls?base=main&direction=asc&per_page=100&sort=created"
                "&state=open"),
        ("GET", f"{REPO}/git/ref/heads/submission/issue-42"),
        ("GET", f"{REPO}/git/ref/heads/main"),
        ("POST", f"{REPO}/git/refs"),
        ("GET", f"{REPO}/pulls?base=main&head={branch_q}&per_page=100&state=open"),
        ("GET", f"{REPO}/contents/{POST}?ref=submission%2Fissue-42"),
        ("PUT", f"{REPO}/contents/{POST}"),
        ("POST", f"{REPO}/pulls"),
        ("POST", f"{REPO}/issues/100/labels"),
        ("POST", f"{REPO}/issues/100/comments"),
        ("GET", f"{REPO}/issues/42"),
        ("POST", f"{REPO}/issues/42/labels"),
        ("POST", f"{REPO}/issues/42/comments"),
        ("PATCH", f"{REPO}/issues/42"),
    ]
    bodies = [body for _, _, body in standin.calls]
    assert bodies[4] == {"ref": "refs/heads/submission/issue-42",
                         "sha": standin.refs["main"]}
    assert bodies[7]["branch"] == "submission/issue-42"
    assert bodies[7]["message"] == ("Add post 20270305T100000Z-jose-martinez\n\n"
                                    "Source: issue #42")
    assert base64.b64decode(bodies[7]["content"]).decode().startswith(
        "---\nauthor: José Martínez\n")
    assert {k: bodies[8][k] for k in ("base", "head", "title")} == {
        "base": "main", "head": "submission/issue-42",
        "title": "Post in climate-mobility/q1-planned-relocation by José Martínez"}
    assert bodies[8]["body"].endswith("<!-- spaces:source issue #42 -->\n")
    assert bodies[9] == ["submission"]
    assert bodies[10]["body"].startswith(f"### Moderation report: `{POST}`")
    assert bodies[12] == ["queued"]
    assert standin.issues[42]["body"].startswith(RECEIPT_MARK)
    assert "#100" in standin.issues[42]["body"]


def test_running_twice_updates_in_place(standin: GitHubStandIn,
                                        content: Path) -> None:
    forge = GitHubForge(standin.repository, token="t", api_url=standin.url)
    run(content, forge, issue_payload())
    standin.calls.clear()
    again = run(content, GitHubForge(standin.repository, token="t",
                                     api_url=standin.url),
                issue_payload(POST_BODY.replace("choose", "pick"), action="edited"))
    assert again.message == f"updated: {POST} on #100"
    assert [c for c in calls(standin) if c[0] != "GET"] == [
        ("PUT", f"{REPO}/contents/{POST}"),
        ("PATCH", f"{REPO}/pulls/100"),
        ("POST", f"{REPO}/issues/100/comments"),
        ("POST", f"{REPO}/issues/42/labels"),
        ("PATCH", f"{REPO}/issues/42"),
    ]
    assert list(standin.pulls) == [100]
    assert "pick the new site" in standin.files["submission/issue-42"][POST]


def test_merge_and_reject_close_the_issue(standin: GitHubStandIn,
                                          content: Path) -> None:
    forge = GitHubForge(standin.repository, token="t", api_url=standin.url)
    run(content, forge, issue_payload())
    standin.add_issue(43, POST_BODY)
    run(content, forge, issue_payload(POST_BODY.replace("José", "Ana"), number=43))
    assert [c.number for c in forge.pending()] == [100, 101]

    standin.calls.clear()
    merged = forge.merge(100)
    assert merged.state == "merged" and merged.issue == 42
    assert [c for c in calls(standin) if c[0] != "GET"] == [
        ("PUT", f"{REPO}/pulls/100/merge"),
        ("DELETE", f"{REPO}/git/refs/heads/submission/issue-42"),
        ("POST", f"{REPO}/issues/42/comments"),
        ("PATCH", f"{REPO}/issues/42"),
    ]
    assert standin.issues[42]["state"] == "closed"
    assert standin.issues[42]["state_reason"] == "completed"
    assert POST in standin.files["main"]

    rejected = forge.reject("issue #43", "duplicate of #100")
    assert (rejected.state, rejected.number) == ("rejected", 101)
    assert standin.comments[101][-1] == "Not published: duplicate of #100"
    assert standin.comments[43][-1] == "Not published: duplicate of #100"
    assert standin.issues[43]["state_reason"] == "not_planned"
    assert "rejected" in standin.issues[43]["labels"]
    assert forge.pending() == []


def test_lists_follow_every_page_at_the_standins_address(
        standin: GitHubStandIn, content: Path) -> None:
    forge = GitHubForge(standin.repository, token="t", api_url=standin.url,
                        per_page=2)
    for number in range(50, 55):
        standin.add_issue(number, "")
        run(content, forge, issue_payload(
            POST_BODY.replace("José Martínez", f"Person {number}"), number=number))
    standin.calls.clear()
    pending = forge.pending()
    assert [c.key for c in pending] == [f"issue #{n}" for n in range(50, 55)]
    assert [c for c in calls(standin) if "/files" not in c[1]] == [
        ("GET", f"{REPO}/pulls?base=main&direction=asc&per_page=2&sort=created"
                "&state=open"),
        ("GET", f"{REPO}/pulls?base=main&direction=asc&page=2&per_page=2"
                "&sort=created&state=open"),
        ("GET", f"{REPO}/pulls?base=main&direction=asc&page=3&per_page=2"
                "&sort=created&state=open"),
    ]


def test_rate_limit_is_waited_out_on_the_clock(standin: GitHubStandIn,
                                               content: Path) -> None:
    clock = FakeClock(now=1_000.0)
    forge = GitHubForge(standin.repository, token="t", api_url=standin.url,
                        clock=clock)
    standin.rate_limit_next = 2
    standin.reset_at = 1_042
    result = run(content, forge, issue_payload())
    assert result.outcome == "proposed"
    assert clock.sleeps == [42.0, 1.0]
    assert calls(standin)[:3] == [("GET", REPO)] * 3


def test_cli_lists_pending_pull_requests(standin: GitHubStandIn, content: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    run(content, GitHubForge(standin.repository, token="t", api_url=standin.url),
        issue_payload())
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    result = CliRunner().invoke(main, [
        "moderate", "list", "--root", str(content), "--forge", "github",
        "--api-url", standin.url])
    assert result.output == f"#100  issue #42  José Martínez  {POST}\n1 pending\n"
    assert result.exit_code == 0


def test_cli_intake_on_github_refuses_with_a_reply(
        standin: GitHubStandIn, content: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    event = tmp_path / "event.json"
    body = POST_BODY.replace("- [X]", "- [ ]")
    event.write_text(json.dumps(issue_payload(body)), encoding="utf-8")
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    result = CliRunner().invoke(main, [
        "intake", "issue", "--root", str(content), "--forge", "github",
        "--api-url", standin.url, str(event)])
    assert result.exit_code == 2
    assert result.output == (f"{event}: refused (code-of-conduct): the code of "
                             "conduct was not acknowledged\n")
    assert standin.issues[42]["labels"] == ["needs-attention", "code-of-conduct"]
    assert standin.comments[42][0].startswith(
        "We could not take this response in: **the code of conduct was not "
        "acknowledged**.")


def test_whole_flow_issue_to_published_page(standin: GitHubStandIn, content: Path,
                                            tmp_path: Path) -> None:
    forge = GitHubForge(standin.repository, token="t", api_url=standin.url)
    run(content, forge, issue_payload())
    forge.merge(100)

    # What main holds on the stand-in after the merge, on top of the content.
    published = copy_repo_content(tmp_path / "published")
    for path, text in standin.files["main"].items():
        (published / path).write_text(text, encoding="utf-8")
    site_dir = mkdocs_build(published, tmp_path / "site")
    html = (site_dir / "spaces/climate-mobility/q1-planned-relocation/index.html"
            ).read_text(encoding="utf-8")
    assert 'id="post-20270305T100000Z-jose-martinez"' in html
    assert "<strong>José Martínez</strong>, Ciudad Abierta" in html


def test_a_corrected_name_moves_the_post_within_the_same_pull_request(
        standin: GitHubStandIn, content: Path) -> None:
    forge = GitHubForge(standin.repository, token="t", api_url=standin.url)
    run(content, forge, issue_payload())
    standin.calls.clear()
    renamed = POST.replace("jose-martinez", "jose-a-martinez")
    result = run(content, forge, issue_payload(
        POST_BODY.replace("José Martínez", "José A. Martínez"), action="edited"))
    assert result.message == f"updated: {renamed} on #100"
    assert [c for c in calls(standin) if c[0] not in ("GET", "POST")] == [
        ("DELETE", f"{REPO}/contents/{POST}"),
        ("PUT", f"{REPO}/contents/{renamed}"),
        ("PATCH", f"{REPO}/pulls/100"),
        ("PATCH", f"{REPO}/issues/42"),
    ]
    assert sorted(standin.files["submission/issue-42"]) == [renamed]
    assert list(standin.pulls) == [100]


def test_a_rate_limit_too_long_to_wait_for_stops_with_a_message(
        standin: GitHubStandIn, content: Path) -> None:
    from generator.forge.base import ForgeError

    clock = FakeClock(now=1_000.0)
    forge = GitHubForge(standin.repository, token="t", api_url=standin.url,
                        clock=clock)
    standin.rate_limit_next = 1
    standin.reset_at = 1_000 + 3_600
    with pytest.raises(ForgeError) as caught:
        run(content, forge, issue_payload())
    assert str(caught.value) == (
        "GitHub rate limit: the budget resets in 3600 s, longer than this run "
        "waits; run the intake again later (it picks up where it stopped)")
    assert clock.sleeps == []


def test_a_fork_pull_request_copying_the_marker_is_not_trusted(
        standin: GitHubStandIn, content: Path) -> None:
    forge = GitHubForge(standin.repository, token="t", api_url=standin.url)
    run(content, forge, issue_payload())
    standin.pulls[101] = {"title": "Post in x/y by Mallory", "head": "submission/x",
                          "base": "main", "state": "open", "merged": False,
                          "head_repo": "mallory/discussion-spaces",
                          "body": "<!-- spaces:source issue #42 -->"}
    assert [c.number for c in forge.pending()] == [100]
    found = forge.find(101)
    assert found is not None and (found.key, found.issue) == ("pull request #101",
                                                              None)
