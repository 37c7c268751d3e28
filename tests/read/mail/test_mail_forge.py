"""Mail delivered through the local forge: one git branch per message."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.read.mail.helpers import intake, make_site, posts


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout


def test_each_message_becomes_a_branch_and_nothing_private_is_committed(
        tmp_path: Path, fixtures: Path) -> None:
    root = make_site(tmp_path / "site")  # a site whose .gitignore forgot them
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@localhost", "commit", "-qm",
        "content")
    emails = fixtures / "emails"
    sources = [str(emails / "talon" / "reply-gmail.eml"),
               str(emails / "cpython-test_email" / "msg_07.eml"),
               str(emails / "ponymail" / "nexus-html-only.mbox")]

    result = intake(root, "--forge", "local", "--route", "forum/q1", *sources)
    assert result.exit_code == 0, result.output
    branches = git(root, "branch", "--format=%(refname:short)").split()
    assert len(branches) == 3 and "main" in branches
    gmail = next(b for b in branches if b.startswith("submission/caksfabw4hj0gek6tw"))
    assert f"reply-gmail.eml: posted: spaces/forum/q1/20120402T162152Z-lydia-orr.md " \
           f"on {gmail}" in result.output
    assert git(root, "show", f"{gmail}:spaces/forum/q1/20120402T162152Z-lydia-orr.md"
               ).endswith("---\n\nHello\n")
    # The moderator sees the shared moderation report and how the mail was read.
    from generator.forge.local import LocalForge

    key = "<CAKsfaBW4hj0Gek6TwbR3erng4P1y0CZzJ0d=pXtCNnYnbe7PLg@host5.example.invalid>"
    report, notes = LocalForge(root).change_comments(key)
    assert LocalForge(root).find(key).labels == ("email",)  # type: ignore[union-attr]
    assert report.startswith("### Moderation report: "
                             "`spaces/forum/q1/20120402T162152Z-lydia-orr.md`")
    assert notes == (f"Taken in from email `{key}`, routed by --route.\n"
                     "- removed: attribution\n- removed: quote")
    gif = LocalForge(root).change_comments(
        "<sha256-4861ae812255003657c7cdf375788fd1@spaces.invalid>")[1]
    assert gif.endswith("- attachments kept in `private/mail-attachments/` (not "
                        "published; add them by hand if they belong): "
                        "`20010420T233502Z-gerry-1.gif`")
    # Posts wait on their branches; the checkout and the published branch are
    # untouched, and the quarantine and attachments stay out of git.
    assert posts(root) == {}
    assert git(root, "status", "--porcelain") == ""
    assert (root / "quarantine").is_dir() and (root / "private").is_dir()

    again = intake(root, "--forge", "local", "--route", "forum/q1", *sources)
    assert again.output.splitlines()[-1].endswith(
        "2 duplicate, 3 quarantined")
    assert git(root, "branch", "--format=%(refname:short)").split() == branches


def test_a_forge_failure_stops_the_run_and_quarantines_nothing(
        tmp_path: Path, fixtures: Path) -> None:
    root = make_site(tmp_path / "site")
    git(root, "init", "-q", "-b", "main")  # no commit: there is no main to branch
    gmail = fixtures / "emails" / "talon" / "reply-gmail.eml"
    result = intake(root, "--forge", "local", "--route", "forum/q1", str(gmail))
    assert result.exit_code == 1
    assert f"Error: {gmail}: could not deliver the post: " in result.output
    assert not (root / "quarantine").exists()


def test_no_git_repository_is_a_clear_error(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    (root / ".git").write_text("gitdir: /nonexistent\n")
    result = intake(root, "--forge", "local", "--route", "forum/q1", str(root))
    assert result.exit_code == 2
    assert "\nError: --forge local needs a git repository: git rev-parse " \
        "--git-common-dir failed in " in result.output
