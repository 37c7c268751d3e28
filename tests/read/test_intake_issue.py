"""The issue-form intake on our own form and on every real GitHub fixture."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import REPO, write_tree

SPACE = """
title: Climate and mobility
theme: Climate change
objective: Share practice.
timezone: Europe/Zurich
opens: 2027-02-22T09:00:00
closes: 2027-03-19T17:00:00
lead_moderator: lead
"""

OUR_BODY = (
    "### Space\r\n\r\nclimate\r\n\r\n### Question\r\n\r\nq1\r\n\r\n"
    "### Your name\r\n\r\nJosé Martínez\r\n\r\n"
    "### Organisation or affiliation\r\n\r\n_No response_\r\n\r\n"
    "### Language of your response\r\n\r\n_No response_\r\n\r\n"
    "### Your response\r\n\r\nPlanned relocation works when communities lead.\r\n\r\n"
    "### Not a field, part of my answer\r\n\r\nStill my answer 🌍 مرحبا\r\n\r\n"
    "### Code of conduct\r\n\r\n- [X] I have read and accept the code of conduct.\r\n"
)


def payload(body: str | None, created: str = "2027-03-05T10:00:00Z",
            number: int = 42) -> dict:
    """An `issues` opened payload shaped like GitHub's (octokit's example)."""
    return {
        "action": "opened",
        "issue": {
            "url": "https://api.github.com/repos/o/r/issues/%d" % number,
            "html_url": "https://github.com/o/r/issues/%d" % number,
            "number": number, "title": "[climate/q1] response", "state": "open",
            "user": {"login": "Octocat", "id": 1, "type": "User"},
            "labels": [], "created_at": created, "updated_at": created,
            "author_association": "NONE", "body": body,
        },
        "repository": {"full_name": "o/r"},
        "sender": {"login": "Octocat"},
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_tree(tmp_path, {"people/lead.yml": "name: Lea Lead\n",
                          "spaces/climate/space.yml": SPACE,
                          "spaces/climate/q1/question.md": "---\ntitle: Q\n---\nQ?\n"})
    forms = tmp_path / ".github/ISSUE_TEMPLATE"
    forms.mkdir(parents=True)
    (forms / "post.yml").write_text((REPO / ".github/ISSUE_TEMPLATE/post.yml")
                                    .read_text(encoding="utf-8"), encoding="utf-8")
    CliRunner().invoke(main, ["forms", "--root", str(tmp_path)])  # lists `climate`
    return tmp_path


def run_intake(root: Path, event: dict | Path) -> tuple[int, str]:
    if isinstance(event, dict):
        path = root / "event.json"
        path.write_text(json.dumps(event), encoding="utf-8")
    else:
        path = event
    result = CliRunner().invoke(main, ["intake", "issue", "--root", str(root), str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.output


def test_our_form_becomes_a_post_with_its_front_matter(root: Path) -> None:
    code, output = run_intake(root, payload(OUR_BODY))
    assert code == 0, output
    post = root / "spaces/climate/q1/20270305T100000Z-jose-martinez.md"
    assert output.strip() == "spaces/climate/q1/20270305T100000Z-jose-martinez.md"
    assert post.read_text(encoding="utf-8") == (
        "---\nauthor: José Martínez\naffiliation: ''\nposted: '2027-03-05T10:00:00Z'\n"
        "language: en\nsource: 'issue #42'\n---\n\n"
        "Planned relocation works when communities lead.\n\n"
        "### Not a field, part of my answer\n\nStill my answer 🌍 مرحبا\n")
    check = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert check.exit_code == 0, check.output


def test_same_issue_twice_rewrites_one_post(root: Path) -> None:
    run_intake(root, payload(OUR_BODY))
    edited = OUR_BODY.replace("communities lead", "communities lead it")
    code, _ = run_intake(root, payload(edited))
    files = sorted(p.name for p in (root / "spaces/climate/q1").glob("2*.md"))
    assert code == 0 and files == ["20270305T100000Z-jose-martinez.md"]
    assert "communities lead it" in (root / "spaces/climate/q1" / files[0]).read_text()


@pytest.mark.parametrize("body, created, reason", [
    (None, "2027-03-05T10:00:00Z", "refused (empty): the issue body is empty"),
    (OUR_BODY.replace("climate\r\n", "knitting\r\n"), "2027-03-05T10:00:00Z",
     "refused (unknown-space): unknown space 'knitting'; known spaces: climate"),
    (OUR_BODY, "2027-03-19T16:00:00Z",
     "refused (closed): space 'climate' closed on 2027-03-19T17:00:00+01:00, before "
     "this was submitted (2027-03-19T16:00:00+00:00)"),
    (OUR_BODY.replace("- [X]", "- [ ]"), "2027-03-05T10:00:00Z",
     "refused (code-of-conduct): the code of conduct was not acknowledged"),
    (OUR_BODY.replace("Planned relocation works when communities lead.", "_No response_")
     .replace("### Not a field, part of my answer\r\n\r\nStill my answer 🌍 مرحبا\r\n\r\n",
              ""), "2027-03-05T10:00:00Z",
     "refused (incomplete): required fields left empty: Your response"),
])
def test_refusals_name_their_reason(root: Path, body: str | None, created: str,
                                    reason: str) -> None:
    code, output = run_intake(root, payload(body, created))
    assert code == 2
    assert output.strip() == f"{root / 'event.json'}: {reason}"
    assert not list((root / "spaces/climate/q1").glob("2*.md"))


def test_timing_is_judged_by_issue_creation_not_intake_time(root: Path) -> None:
    # Created an hour before the close (16:00 Zurich = 15:00Z); the intake runs
    # today, long after, and must still accept it.
    code, output = run_intake(root, payload(OUR_BODY, "2027-03-19T15:00:00Z"))
    assert code == 0, output


def _fixture_payloads(fixtures: Path) -> list[tuple[str, dict]]:
    """Every webhook payload, plus every issue-form body wrapped into one."""
    cases = []
    for path in sorted((fixtures / "github/webhooks").glob("*.json")):
        cases.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
    forms = fixtures / "github/issue-forms"
    bodies = [p for p in forms.rglob("*.md")]
    for path in sorted(bodies):
        cases.append((path.name, payload(path.read_text(encoding="utf-8"))))
    for path in sorted(forms.rglob("*.issue-to-page.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cases.append((path.name, payload(str(data.get("body") or data))))
    return cases


def test_every_real_fixture_is_a_post_or_a_readable_refusal(root: Path,
                                                             fixtures: Path) -> None:
    cases = _fixture_payloads(fixtures)
    assert len(cases) >= 25
    outcomes = {}
    for name, event in cases:
        code, output = run_intake(root, copy.deepcopy(event))
        assert code in (0, 2), f"{name}: {output}"
        if code == 2:
            assert ": refused (" in output and len(output.strip()) > 40, output
        outcomes[name] = output.split("refused (")[-1].split(")")[0] if code else "post"
    # None of them is our form: each is refused, for the reason that fits.
    assert outcomes["octokit.issues.opened.json"] == "not-a-submission"
    assert outcomes["octokit.pull_request.opened.json"] == "not-a-submission"
    assert outcomes["octokit.issue_comment.created.json"] == "not-a-submission"
    assert outcomes["blank.issue.md"] == "empty"
    assert set(outcomes.values()) <= {"not-a-submission", "empty"}


def test_example_post_is_what_the_intake_makes_of_its_payload(example_copy: Path) -> None:
    post = "spaces/climate-mobility/q2-mobility-as-adaptation/" \
           "20270304T211244Z-tevita-fifita.md"
    committed = (example_copy / post).read_bytes()
    (example_copy / post).unlink()
    code, output = run_intake(example_copy, REPO / "examples/intake/issue-57-opened.json")
    assert (code, output.strip()) == (0, post)
    assert (example_copy / post).read_bytes() == committed


INJECTED = OUR_BODY.replace(
    "### Not a field, part of my answer\r\n\r\nStill my answer 🌍 مرحبا\r\n\r\n",
    "### Space\r\n\r\nelsewhere\r\n\r\n```text\r\n### Your name\r\nInjected\r\n```\r\n\r\n")


def test_a_label_heading_inside_the_answer_stays_in_the_answer(root: Path) -> None:
    code, output = run_intake(root, payload(INJECTED))
    assert code == 0, output
    text = (root / "spaces/climate/q1/20270305T100000Z-jose-martinez.md").read_text()
    assert "author: José Martínez\n" in text
    assert text.endswith(
        "Planned relocation works when communities lead.\n\n### Space\n\nelsewhere\n\n"
        "```text\n### Your name\nInjected\n```\n")


def test_two_people_of_the_same_name_in_the_same_second_keep_both_posts(
        root: Path) -> None:
    assert run_intake(root, payload(OUR_BODY, number=134))[0] == 0
    code, output = run_intake(root, payload(OUR_BODY.replace("lead.", "decide."),
                                            number=135))
    assert (code, output.strip()) == (
        0, "spaces/climate/q1/20270305T100000Z-jose-martinez-2.md")
    first = (root / "spaces/climate/q1/20270305T100000Z-jose-martinez.md").read_text()
    assert "source: 'issue #134'" in first and "communities lead." in first


@pytest.mark.parametrize("change, reason", [
    ({"created_at": "yesterday"},
     "refused (unreadable): the issue's creation time 'yesterday' is not a "
     "date-time: 'yesterday' is not a date-time like 2027-03-01T09:00:00+01:00"),
    ({"body": OUR_BODY.replace("_No response_", "eve@example.com", 1)},
     "refused (no-name): the affiliation contains an email address; posts never "
     "publish addresses"),
    ({"body": OUR_BODY.replace("communities lead.", "x" * 20_001)},
     "refused (too-long): the response has 20,092 characters; the limit is 20,000 "
     "(about 3,000 words). Please shorten it or link to a longer document"),
])
def test_more_refusals_name_their_reason(root: Path, change: dict, reason: str) -> None:
    event = payload(OUR_BODY)
    event["issue"].update(change)
    code, output = run_intake(root, event)
    assert (code, output.strip()) == (2, f"{root / 'event.json'}: {reason}")


def test_control_characters_and_line_breaks_leave_names(root: Path) -> None:
    body = OUR_BODY.replace("José Martínez", "José\x1b[31m Martínez\x0c")
    assert run_intake(root, payload(body))[0] == 0
    text = (root / "spaces/climate/q1/20270305T100000Z-jose-31m-martinez.md")
    assert "author: José[31m Martínez\n" in text.read_text()
