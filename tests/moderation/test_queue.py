"""`spaces queue` on a real git repository with submission branches."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.cli.common import load
from generator.forge.base import Change, Forge
from generator.model.timeparse import parse_now
from generator.moderation.queue import ForgeSource, pending_posts
from tests.forge.github_standin import GitHubStandIn
from tests.moderation.corpus import SPACE, make_corpus

QUEUE_NOW = "2027-03-06T12:00:00Z"
Q1 = f"spaces/{SPACE}/q1-ports"
Q2 = f"spaces/{SPACE}/q2-crews"
SPAM = ("Buy now! Click here: https://x.example/a https://x.example/b "
        "https://x.example/c for a crypto investment with guaranteed profit.")
ANA_TEXT = ("Our port opened a welfare centre for crews that stay ashore during "
            "repairs,\nwith free internet so that seafarers can call their families "
            "every week.")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                          text=True, check=True)
    return done.stdout


def branch_with(root: Path, branch: str, path: str, text: str,
                merge: bool = False) -> None:
    git(root, "checkout", "-q", "-b", branch, "main")
    (root / path).write_text(text, encoding="utf-8")
    git(root, "add", path)
    git(root, "commit", "-q", "-m", f"submission {branch}")
    git(root, "checkout", "-q", "main")
    if merge:
        git(root, "merge", "-q", "--no-ff", "-m", f"merge {branch}", branch)


def post(author: str, posted: str, body: str, **extra: object) -> str:
    lines = [f"author: {author}", "affiliation: Somewhere", f"posted: {posted}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_corpus(tmp_path_factory.mktemp("queue"))
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "moderator@example.org")
    git(root, "config", "user.name", "Moderator")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "corpus")
    # First-time contributor through the issue form, text copied from Ana's post.
    branch_with(root, "submission/issue-41", f"{Q1}/20270305T080000Z-ivan-petrov.md",
                post("Ivan Petrov", "2027-03-05T08:00:00Z", ANA_TEXT,
                     source='"issue #41"'))
    # Bo Chen again, by mail, without the code-of-conduct acknowledgement: spam.
    branch_with(root, "submission/mail-abc", f"{Q2}/20270304T200000Z-bo-chen.md",
                post("Bo Chen", "2027-03-04T20:00:00Z", SPAM,
                     source='"<abc@example.org>"'))
    # A late pull request that acknowledged the code in its front matter.
    branch_with(root, "submission/pull-request-9",
                f"{Q1}/20270305T173000Z-kofi-mensah.md",
                post("Kofi Mensah", "2027-03-05T17:30:00Z", "Ports need nurses.",
                     late="true", code_of_conduct="true",
                     source='"pull request #9"'))
    # A file that cannot be read is listed last, with its reason.
    branch_with(root, "submission/issue-42", f"{Q1}/20270305T090000Z-broken.md",
                "---\nauthor: [\n---\nbody\n")
    # Merged already: no longer pending.
    branch_with(root, "submission/issue-40", f"{Q1}/20270304T080000Z-old-news.md",
                post("Old News", "2027-03-04T08:00:00Z", "Merged.",
                     source='"issue #40"'), merge=True)
    return root


def test_queue_json_lists_pending_submissions_oldest_first(repo: Path) -> None:
    result = CliRunner().invoke(main, ["queue", "--root", str(repo), "--now",
                                       QUEUE_NOW, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    queue = json.loads(result.output)
    assert queue["now"] == "2027-03-06T12:00:00+00:00"
    summary = [(p["branch"], p["space"], p["question"], p["author"],
                p["age_seconds"], p["flags"], p["spam_score"])
               for p in queue["pending"]]
    assert summary == [
        ("submission/mail-abc", SPACE, "q2-crews", "Bo Chen", 40 * 3600,
         ["spam", "code-of-conduct"], 1.2),
        ("submission/issue-41", SPACE, "q1-ports", "Ivan Petrov", 28 * 3600,
         ["first-time"], 0.6),
        ("submission/pull-request-9", SPACE, "q1-ports", "Kofi Mensah",
         18 * 3600 + 30 * 60, ["late", "first-time"], 0.0),
        ("submission/issue-42", SPACE, "q1-ports", "", None,
         ["unreadable", "code-of-conduct"], 0.0),
    ]
    bo, ivan, _, broken = queue["pending"]
    assert bo["spam_reasons"] == [
        "3 links in 11 words: 27.27 per 100 words (fires above 4.0 with at least "
        "3 links)",
        "known spam phrases: 'buy now', 'click here', 'crypto investment', "
        "'guaranteed profit'",
    ]
    assert ivan["spam_reasons"] == [
        "100% of its five-word runs also appear in "
        f"{SPACE}/q1-ports/20270301T100000Z-ana-costa"]
    # Located first (file and line); the YAML parser's own words follow.
    unreadable, no_time = broken["problems"]
    assert unreadable.startswith(f"{Q1}/20270305T090000Z-broken.md:3: not valid "
                                 "YAML: ")
    assert no_time == f"{Q1}/20270305T090000Z-broken.md: no 'posted' date-time"
    assert bo["path"] == f"{Q2}/20270304T200000Z-bo-chen.md"


def test_queue_text_shows_age_flags_and_reasons(repo: Path) -> None:
    result = CliRunner().invoke(main, ["queue", "--root", str(repo), "--now",
                                       QUEUE_NOW], catch_exceptions=False)
    lines = result.output.splitlines()
    assert lines[0] == "4 submissions waiting at 2027-03-06T12:00:00+00:00"
    assert lines[1] == (f"  1d 16h 00m  {SPACE}/q2-crews  Bo Chen  "
                        "branch:submission/mail-abc  spam 1.2  [spam, code-of-conduct]")


def test_spam_thresholds_come_from_mkdocs_yml(repo: Path, tmp_path: Path) -> None:
    config = repo / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace(
        "      closing_soon: 3 days\n",
        "      closing_soon: 3 days\n      spam:\n        hold_at: 0.5\n"),
        encoding="utf-8")
    try:
        result = CliRunner().invoke(main, ["queue", "--root", str(repo), "--now",
                                           QUEUE_NOW, "--json"])
    finally:
        config.write_text(original, encoding="utf-8")
    ivan = json.loads(result.output)["pending"][1]
    assert ivan["flags"] == ["first-time", "spam"]


class BranchesAsForge(Forge):
    """A read-only forge over the test repository's branches, to check that any
    Forge implementation feeds the queue (the real ones live in generator.forge)."""

    name = "stand-in"

    def __init__(self, changes: list[Change]):
        self.changes = changes

    def pending(self) -> list[Change]:
        return self.changes

    def submit(self, *a: object, **k: object) -> Change:
        raise NotImplementedError

    def find(self, ref: object) -> None:
        return None

    merge = reject = comment_change = comment_issue = submit  # type: ignore[assignment]
    label_issue = close_issue = replace_issue_body = submit  # type: ignore[assignment]


def test_any_forge_feeds_the_queue(repo: Path) -> None:
    site, _, settings = load(repo)
    change = Change(key="issue #41", branch="submission/issue-41", title="Ivan",
                    paths=(f"{Q1}/20270305T080000Z-ivan-petrov.md",), number=41,
                    url="http://127.0.0.1/pull/41")
    items = pending_posts(site, settings, parse_now(QUEUE_NOW),
                          [ForgeSource(BranchesAsForge([change]), repo)])
    assert [(i.forge, i.author, i.flags, i.change.number) for i in items] == [
        ("stand-in", "Ivan Petrov", ["first-time"], 41)]


def test_queue_says_why_each_submission_is_flagged(repo: Path) -> None:
    result = CliRunner().invoke(main, ["queue", "--root", str(repo), "--now",
                                       QUEUE_NOW, "--json"], catch_exceptions=False)
    bo, ivan, kofi, _ = json.loads(result.output)["pending"]
    assert bo["reasons"] == [
        "spam score 1.2 reaches 1: 3 links in 11 words: 27.27 per 100 words (fires "
        "above 4.0 with at least 3 links); known spam phrases: 'buy now', "
        "'click here', 'crypto investment', 'guaranteed profit'",
        "code of conduct not acknowledged: held until its front matter says "
        "code_of_conduct: true",
    ]
    assert ivan["reasons"] == [
        "first submission from this author: no published post yet"]
    assert kofi["reasons"] == [
        "submitted after the space closed; accepted as late",
        "first submission from this author: no published post yet"]


def test_queue_outside_a_git_repository_says_so(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "plain")
    result = CliRunner().invoke(main, ["queue", "--root", str(root)])
    assert result.exit_code == 2
    assert (f"Error: --forge local needs a git repository: git rev-parse "
            f"--git-common-dir failed in {root}: fatal: not a git repository"
            ) in result.output


def test_queue_reads_github_pull_requests_through_the_api(repo: Path) -> None:
    branch = "submission/issue-77"
    path = f"{Q2}/20270305T110000Z-lucia-ferreira.md"
    with GitHubStandIn() as github:
        github.refs[branch] = github._sha(branch)
        github.files[branch] = {path: post("Lucia Ferreira", "2027-03-05T11:00:00Z",
                                           "Crews need clinics.",
                                           source='"issue #77"')}
        github.pulls[100] = {"title": "Lucia", "body": "", "head": branch,
                             "base": "main", "state": "open", "merged": False}
        result = CliRunner().invoke(main, [
            "queue", "--root", str(repo), "--now", QUEUE_NOW, "--json",
            "--forge", "local", "--forge", "github",
            "--repository", github.repository, "--api-url", github.url],
            env={"GITHUB_TOKEN": "t0ken"}, catch_exceptions=False)
        calls = [(method, url) for method, url, _ in github.calls]
    assert result.exit_code == 0, result.output
    pending = json.loads(result.output)["pending"]
    # Local branches and the pull request in one list, oldest first.
    assert [(p["forge"], p["author"], p["number"], p["flags"]) for p in pending] == [
        ("local", "Bo Chen", None, ["spam", "code-of-conduct"]),
        ("local", "Ivan Petrov", None, ["first-time"]),
        ("github", "Lucia Ferreira", 100, ["first-time"]),
        ("local", "Kofi Mensah", None, ["late", "first-time"]),
        ("local", "", None, ["unreadable", "code-of-conduct"]),
    ]
    assert pending[2]["url"] == f"{github.url}/{github.repository}/pull/100"
    repo_api = f"/repos/{github.repository}"
    assert calls == [
        ("GET", repo_api),
        ("GET", f"{repo_api}/pulls?base=main&direction=asc&per_page=100"
                "&sort=created&state=open"),
        ("GET", f"{repo_api}/pulls/100/files?per_page=100"),
        ("GET", f"{repo_api}/contents/{path}?ref=submission%2Fissue-77"),
    ]
