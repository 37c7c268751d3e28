"""The issue-form parser on real bodies, against other parsers' expected answers.

The two upstream suites disagree on shapes (a ticked group as a list or as
selected/unselected, a single dropdown answer as a list or a string), so the
expected values are read as meanings: ticked boxes, chosen options, text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.read.issueform import IssueForm, load_form, parse_body, with_versions

CASES = [
    ("github-issue-parser", name, "template.yml", "issue.md", "parsed-issue.json")
    for name in ("example", "blank", "header", "no-ids")
] + [
    ("stefanbuck-github-issue-parser", name, "form.yml", "issue-body.md",
     "expected.json")
    for name in ("readme-example", "full-example", "multiple-paragraphs",
                 "paragraph-ignore-fence", "paragraph-ignore-fence-sh")
]


def meaning(value: Any, kind: str) -> Any:
    """An expected value in our shape: lists for boxes and options, else text."""
    if isinstance(value, dict) and "selected" in value:
        return list(value["selected"])
    if kind in ("dropdown", "checkboxes"):
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return list(value)
    return value


def ours(value: Any, form: IssueForm, field_id: str) -> Any:
    field = form.field(field_id)
    assert field is not None
    if field.type == "dropdown" and not isinstance(value, list):
        return [value] if value else []
    return value


@pytest.mark.parametrize("folder, case, form_name, body_name, expected_name", CASES,
                         ids=[c[1] for c in CASES])
def test_parses_like_the_upstream_suites(fixtures: Path, folder: str, case: str,
                                         form_name: str, body_name: str,
                                         expected_name: str) -> None:
    base = fixtures / "github/issue-forms" / folder
    form = load_form(base / f"{case}.{form_name}")
    body = (base / f"{case}.{body_name}").read_text(encoding="utf-8")
    expected = json.loads((base / f"{case}.{expected_name}").read_text("utf-8"))
    parsed = parse_body(body, form)
    for field_id, value in expected.items():
        field = form.field(field_id)
        assert field is not None, f"{case}: no field {field_id!r} in the form"
        assert ours(parsed.values[field_id], form, field_id) == meaning(
            value, field.type), f"{case}: {field_id}"


def test_a_renamed_label_is_read_with_the_older_form(fixtures: Path) -> None:
    base = fixtures / "github/issue-forms/brainhack-global2021"
    old = load_form(base / "project-submission-template.2021-11-22.yml")
    new = load_form(base / "project-submission-template.2021-12-09.yml")
    body = (base / "issue-133.body.md").read_text(encoding="utf-8")

    alone = parse_body(body, new)
    # Without the old version the renamed heading's boxes leak into the answer
    # above it; with it they are recognised and set aside.
    assert "Things to do after the project is submitted." in alone.values[
        "anything_else"]
    both = parse_body(body, with_versions(new, [old]))
    assert "Things to do" not in both.values["anything_else"]
    assert both.values["title"] == parse_body(body, old).values["title"]


def test_our_form_reads_a_body_filed_before_a_rename() -> None:
    from tests.conftest import REPO

    current = load_form(REPO / ".github/ISSUE_TEMPLATE/post.yml")
    older = IssueForm("v0", [
        f if f.id != "response" else type(f)(f.id, "Response", f.type, f.required)
        for f in current.fields])
    body = ("### Space\n\nclimate-mobility\n\n### Question\n\nq1\n\n"
            "### Your name\n\nAna\n\n### Response\n\nOld label, still read.\n")
    assert parse_body(body, current).missing == ["Your response"]
    parsed = parse_body(body, with_versions(current, [older]))
    assert parsed.values["response"] == "Old label, still read."
    assert parsed.missing == []


def _parse(fixtures: Path, folder: str, form: str, body: str):  # type: ignore[no-untyped-def]
    base = fixtures / "github/issue-forms" / folder
    return parse_body((base / body).read_text(encoding="utf-8"),
                      load_form(base / form))


def test_cpython_crash_report_sets_the_bot_block_and_title_aside(
        fixtures: Path) -> None:
    parsed = _parse(fixtures, "cpython", "crash.template.yml", "issue-142787.body.md")
    assert parsed.unknown_text == "# Crash report"
    assert parsed.values["cpython_versions_tested_on"] == ["CPython main branch"]
    assert parsed.values["operating_systems_tested_on"] == ["Linux"]
    # `_No response_` followed by the bot's `### Linked PRs` region: still empty.
    assert parsed.values["output_from_running_python_vv_on_the_command_line"] == ""
    assert parsed.values["what_happened"].startswith("```python\nimport sqlite3\n")


def test_qiskit_fenced_answers_multi_select_and_drifted_checkbox(
        fixtures: Path) -> None:
    parsed = _parse(fixtures, "qiskit-ecosystem", "01_submission.template.yml",
                    "issue.md")
    assert parsed.values["description"] == (
        "Compile bananas into Qiskit quantum circuits. Supports all modern devices, "
        "including Musa × paradisiaca.")
    assert parsed.values["labels"] == ["error mitigation", "quantum information",
                                       "optimization"]
    assert parsed.values["package_urls"].splitlines()[0] == (
        "https://pypi.org/project/banana-compiler")
    # The box's label changed since; ticked is ticked.
    assert parsed.values["terms"] == [
        "I agree to follow [Qiskit's Code of Conduct](https://qisk.it/coc)"]
    empty = _parse(fixtures, "qiskit-ecosystem", "01_submission.template.yml",
                   "issue_2.md")
    assert empty.values["contact_info"] == "" and empty.values["labels"] == []


def test_event_body_keeps_its_own_subheading_and_reads_both_form_versions(
        fixtures: Path) -> None:
    for version in ("2022-03-07", "2023-11-10"):
        parsed = _parse(fixtures, "cyprus-dev-community-events",
                        f"event.template.{version}.yml", "zentered.test-issue-3.md")
        assert "#### Agenda" in parsed.values["description"], version
        assert parsed.values["startDate"] == "20.01.2023", version
        assert parsed.values["startTime"] == "17.30", version


def test_crlf_body_with_ticked_boxes_and_default_text(fixtures: Path) -> None:
    parsed = _parse(fixtures, "brainhack-global2021",
                    "project-submission-template.2021-12-09.yml", "issue-176.body.md")
    assert parsed.values["title"] == (
        "Benchmark denoising strategies on fMRIPrep processed outputs")
    assert "\r" not in parsed.values["project_description"]
    assert parsed.values["leaders"] == "Mei-Ling Chen"


def test_our_form_survives_a_body_edited_by_hand() -> None:
    from tests.conftest import REPO

    form = load_form(REPO / ".github/ISSUE_TEMPLATE/post.yml")
    # Fields reordered, a heading re-cased with a colon, blank lines dropped,
    # a lower-case tick, and a `###` line of the contributor's own.
    body = ("Thanks for reading!\n"
            "### your response:\nFirst line.\n### A heading of mine\nSecond line.\n"
            "### Code of conduct\n- [x] I have read and accept the code of conduct.\n"
            "### Space\nclimate-mobility\n### Question\nq1-planned-relocation\n"
            "### Your name\nلينا حداد\n")
    parsed = parse_body(body, form)
    assert parsed.values["response"] == (
        "First line.\n### A heading of mine\nSecond line.")
    assert parsed.values["code_of_conduct"] == [
        "I have read and accept the code of conduct."]
    assert parsed.values["name"] == "لينا حداد"
    assert parsed.values["space"] == "climate-mobility"
    assert parsed.unknown_text == "Thanks for reading!"
    assert parsed.missing == []
