"""`spaces check` on drafts: a comment naming an unknown draft, version or
paragraph is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import write_tree

COMMENTS = "spaces/guidelines-consultation/drafts/basic-services-guidelines/comments"


def comment(target: str) -> str:
    return ("---\nauthor: \"Ana Lima\"\nposted: 2027-03-09T12:00:00Z\n"
            f"{target}---\nA comment.\n")


BAD = {
    f"{COMMENTS}/20270309T120000Z-other-draft.md": comment(
        "draft: other-draft\nversion: 1\nparagraph: h-purpose-b7469f\n"),
    f"{COMMENTS}/20270309T120000Z-no-version.md": comment(
        "draft: basic-services-guidelines\nversion: 3\nparagraph: h-purpose-b7469f\n"),
    f"{COMMENTS}/20270309T120000Z-typo.md": comment(
        "draft: basic-services-guidelines\nversion: 1\n"
        "paragraph: p-collect-data-on-servce-04bfd9\n"),
    f"{COMMENTS}/20270309T120000Z-wrong-version.md": comment(
        "draft: basic-services-guidelines\nversion: \"v1\"\n"
        "paragraph: p-measure-who-uses-services-042ac3\n"),
    f"{COMMENTS}/20270309T120000Z-untargeted.md": comment(
        "draft: basic-services-guidelines\nversion: 2\n"),
    f"{COMMENTS}/20270309T120000Z-words.md": comment(
        "draft: basic-services-guidelines\nversion: second\n"
        "paragraph: h-purpose-b7469f\n"),
    "spaces/guidelines-consultation/drafts/empty-draft/notes.md": "Notes.\n",
}


def test_check_reports_unknown_targets_by_file_and_line(example_copy: Path) -> None:
    write_tree(example_copy, BAD)
    result = CliRunner().invoke(main, ["check", "--root",
                                                       str(example_copy)])
    assert result.exit_code == 1
    draft = "draft 'basic-services-guidelines'"
    assert result.stderr.splitlines() == [
        (f"{COMMENTS}/20270309T120000Z-no-version.md:5: {draft} has no version 3; "
        "its versions: 1, 2"),
        (f"{COMMENTS}/20270309T120000Z-other-draft.md:4: unknown draft 'other-draft' "
        "in space 'guidelines-consultation'; its drafts: basic-services-guidelines"),
        (f"{COMMENTS}/20270309T120000Z-typo.md:6: no paragraph "
        f"'p-collect-data-on-servce-04bfd9' in version 1 of {draft}; did you mean "
        "'p-collect-data-on-service-04bfd9'?"),
        (f"{COMMENTS}/20270309T120000Z-untargeted.md:1: missing required field "
        "'paragraph': a comment names the draft, version and paragraph it answers"),
        (f"{COMMENTS}/20270309T120000Z-words.md:5: 'version' should be a version "
        "number such as 2, not 'second'"),
        (f"{COMMENTS}/20270309T120000Z-wrong-version.md:6: no paragraph "
        f"'p-measure-who-uses-services-042ac3' in version 1 of {draft}"),
        "spaces/guidelines-consultation/drafts/empty-draft: draft folder has no v1.md",
    ]
    assert ("spaces/guidelines-consultation/drafts/empty-draft/notes.md: warning: "
            "not a version of the draft: versions are named v1.md, v2.md, ...; this "
            "file is ignored") in result.stdout


def test_example_content_passes_the_check() -> None:
    from tests.conftest import REPO

    result = CliRunner().invoke(main, ["check", "--root", str(REPO)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(": 0 errors, 0 warnings\n")
