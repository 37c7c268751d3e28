"""The whole flow on a plain git repository, through the command line only:
issue payload in, branch, `spaces moderate merge`, real mkdocs build, post shown."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import mkdocs_build
from tests.forge.forge_helpers import POST_BODY, git, issue_payload, site_repo


def spaces(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.output


def test_issue_to_published_post_on_a_local_forge(tmp_path: Path) -> None:
    repo = site_repo(tmp_path / "site")
    event = tmp_path / "event.json"
    body = POST_BODY.replace("Relocation works", "Relocation works **best**")
    event.write_text(json.dumps(issue_payload(body)), encoding="utf-8")
    summary = tmp_path / "summary.md"

    code, out = spaces("intake", "issue", "--root", str(repo), "--forge", "local",
                       "--summary", str(summary), str(event))
    assert (code, out) == (0, "proposed: spaces/climate-mobility/q1-planned-"
                              "relocation/20270305T100000Z-jose-martinez.md on "
                              "submission/issue-42\n")
    assert summary.read_text(encoding="utf-8").startswith(
        "### Moderation report: `spaces/climate-mobility/q1-planned-relocation/"
        "20270305T100000Z-jose-martinez.md`\n\nNothing unusual found.\n")

    code, out = spaces("moderate", "list", "--root", str(repo))
    assert (code, out) == (0, (
        "submission/issue-42  issue #42  José Martínez  spaces/climate-mobility/"
        "q1-planned-relocation/20270305T100000Z-jose-martinez.md\n1 pending\n"))

    site_dir = tmp_path / "before"
    mkdocs_build(repo, site_dir)
    page = site_dir / "spaces/climate-mobility/q1-planned-relocation/index.html"
    assert "post-20270305T100000Z-jose-martinez" not in page.read_text()

    code, out = spaces("moderate", "merge", "--root", str(repo), "42")
    assert (code, out) == (0, "merged submission/issue-42: spaces/climate-mobility/"
                              "q1-planned-relocation/20270305T100000Z-jose-"
                              "martinez.md\n")
    assert git(repo, "status", "--porcelain") == ""

    site_dir = tmp_path / "after"
    mkdocs_build(repo, site_dir)
    html = page_text = (site_dir / "spaces/climate-mobility/q1-planned-relocation/"
                        "index.html").read_text(encoding="utf-8")
    assert 'id="post-20270305T100000Z-jose-martinez"' in html
    assert "<strong>José Martínez</strong>, Ciudad Abierta" in page_text
    assert "Relocation works <strong>best</strong> when communities" in html

    code, out = spaces("moderate", "list", "--root", str(repo))
    assert (code, out) == (0, "0 pending\n")


def test_moderate_reject_needs_a_reason_and_names_unknown_refs(tmp_path: Path) -> None:
    repo = site_repo(tmp_path / "site")
    code, out = spaces("moderate", "reject", "--root", str(repo), "42")
    assert code == 2 and "Missing option '--reason'" in out
    code, out = spaces("moderate", "reject", "--root", str(repo), "42",
                       "--reason", "spam")
    assert (code, out) == (1, "Error: no pending submission 'issue #42'; "
                              "`spaces moderate list` shows them\n")


def test_hand_written_pull_request_gets_the_same_report(tmp_path: Path) -> None:
    repo = site_repo(tmp_path / "site")
    git(repo, "switch", "-q", "-c", "add-my-post")
    post = repo / "spaces/climate-mobility/q2-mobility-as-adaptation/" \
        "20270307T080000Z-kofi-mensah.md"
    post.write_text("---\nauthor: Kofi Mensah\naffiliation: Coastal Watch\n"
                    "posted: 2027-03-07T08:00:00Z\n---\n\nBUY NOW at "
                    "https://a.example https://b.example, thanks @grace.\n",
                    encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "My post")
    out = tmp_path / "report.md"
    code, text = spaces("moderate", "report", "--root", str(repo), "--base", "main",
                        "--out", str(out))
    assert code == 0, text
    assert text == out.read_text(encoding="utf-8") == (
        "### Moderation report: `spaces/climate-mobility/q2-mobility-as-adaptation/"
        "20270307T080000Z-kofi-mensah.md`\n\n"
        ":warning: Something here needs a second look.\n\n"
        "| Check | Result |\n| --- | --- |\n"
        "| Space | `climate-mobility` / `q2-mobility-as-adaptation` |\n"
        "| Space open when submitted? | open |\n"
        "| Code of conduct accepted? | not asked (no form) |\n"
        "| Links | 2 |\n"
        "| Mentions | 1 (`@grace`) |\n"
        "| Spam signals | contains 'buy now' |\n"
        "| First-time contributor? | yes |\n")


def test_local_forge_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    code, out = spaces("moderate", "list", "--root", str(tmp_path))
    assert code == 2
    assert (f"Error: --forge local needs a git repository: git rev-parse "
            f"--git-common-dir failed in {tmp_path}: fatal: not a git "
            "repository") in out


def test_report_on_a_branch_without_posts_writes_no_comment_file(
        tmp_path: Path) -> None:
    repo = site_repo(tmp_path / "site")
    git(repo, "switch", "-q", "-c", "docs-only")
    (repo / "docs/code-of-conduct.md").write_text("Be kind.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "Docs")
    out, summary = tmp_path / "report.md", tmp_path / "summary.md"
    code, text = spaces("moderate", "report", "--root", str(repo), "--base", "main",
                        "--out", str(out), "--summary", str(summary))
    assert (code, text) == (0, "No post files changed.\n")
    assert not out.exists()
    assert summary.read_text(encoding="utf-8") == "No post files changed.\n"


def test_reply_form_issue_becomes_a_nested_reply(tmp_path: Path) -> None:
    repo = site_repo(tmp_path / "site")
    parent = "20270222T091200Z-salote-vunivalu"
    body = ("### Space\n\nclimate-mobility\n\n### Question\n\nq1-planned-relocation\n\n"
            f"### In reply to\n\n{parent}\n\n### Your name\n\nIlse Varga\n\n"
            "### Organisation or affiliation\n\n_No response_\n\n"
            "### Language of your reply\n\nfr\n\n"
            "### Your reply\n\nMerci, la consultation préalable est essentielle.\n\n"
            "### Code of conduct\n\n"
            "- [x] I have read and accept the code of conduct.\n")
    event = tmp_path / "reply.json"
    event.write_text(json.dumps(issue_payload(body, number=77)), encoding="utf-8")
    code, out = spaces("intake", "issue", "--root", str(repo), "--forge", "local",
                       str(event))
    assert code == 0, out
    code, out = spaces("moderate", "merge", "--root", str(repo), "77")
    assert code == 0, out
    post = repo / ("spaces/climate-mobility/q1-planned-relocation/"
                   "20270305T100000Z-ilse-varga.md")
    assert f"in_reply_to: {parent}\n" in post.read_text(encoding="utf-8")
    assert "language: fr\n" in post.read_text(encoding="utf-8")

    html = (mkdocs_build(repo, tmp_path / "out") / "spaces/climate-mobility/"
            "q1-planned-relocation/index.html").read_text(encoding="utf-8")
    start = html.index(f'id="post-{parent}"')
    nested = html.index('id="post-20270305T100000Z-ilse-varga"')
    assert start < html.index('class="spaces-replies"', start) < nested
    # The reply's own header links back to the post it answers.
    header = html[nested:html.index("</header>", nested)]
    assert f'href="#post-{parent}"' in header
