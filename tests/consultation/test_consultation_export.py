"""`spaces consultation export`: every comment as CSV and Markdown rows."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.consultation.export import shorten, unwrap
from generator.consultation.load import load_drafts
from generator.consultation.review import comments_by_section
from generator.model.load import load_site
from tests.conftest import REPO

PAGE = "spaces/guidelines-consultation/drafts/basic-services-guidelines/"
HEADER = ["Paragraph", "Paragraph text", "Author", "Affiliation", "Date (UTC)",
          "Comment", "Link", "Version", "Note"]
CHANGED = "made on version 1; the paragraph changed by version 2"
REMOVED = "paragraph removed in version 2"


def run_export(tmp_path: Path, *extra: str) -> tuple[list[list[str]], str]:
    result = CliRunner().invoke(main, [
        "consultation", "export", "--root", str(REPO), "--out", str(tmp_path),
        "guidelines-consultation", "basic-services-guidelines", *extra])
    assert result.exit_code == 0, result.output
    stem = tmp_path / "guidelines-consultation--basic-services-guidelines"
    assert result.output == (f"9 comments written to {stem}.csv and {stem}.md\n")
    with open(f"{stem}.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows, Path(f"{stem}.md").read_text(encoding="utf-8")


def test_csv_has_one_row_per_comment_in_draft_order(tmp_path: Path) -> None:
    rows, _ = run_export(tmp_path)
    assert rows[0] == HEADER
    assert [row[:5] + row[6:] for row in rows[1:]] == [
        ["p-these-guidelines-help-local-2631a9",
         "These guidelines help local authorities make health care, education and…",
         "Nadia Rahman", "University of Dhaka", "2027-03-01 14:30",
         PAGE + "#comment-20270301T143000Z-nadia-rahman", "1", ""],
        ["li-service-providers-do-not-ad2074",
         "Service providers do not ask about migration status unless national law…",
         "José Martínez", "Ministry of Foreign Affairs, Guatemala",
         "2027-03-02 09:15", PAGE + "#comment-20270302T091500Z-jose-martinez", "1",
         CHANGED],
        ["li-service-providers-do-not-ad2074",
         "Service providers do not ask about migration status unless national law…",
         "José Martínez", "Ministry of Foreign Affairs, Guatemala",
         "2027-03-10 08:10", PAGE + "#comment-20270310T081000Z-jose-martinez", "2", ""],
        ["li-information-given-to-obtain-a57f3d",
         "Information given to obtain a service is not shared with immigration…",
         "Grace Wanjiru", "Haki na Makao Legal Aid Network", "2027-03-03 11:00",
         PAGE + "#comment-20270303T110000Z-grace-wanjiru", "1", CHANGED],
        ["p-train-front-line-staff-f27c18",
         "Train front-line staff each year on what they may and may not ask, with…",
         "Kwame Asante", "Ministry of Employment and Labour Relations, Ghana",
         "2027-03-08 15:00", PAGE + "#comment-20270308T150000Z-kwame-asante", "2", ""],
        ["p-make-trained-interpreters-616bbe",
         ("Make trained interpreters available free of charge for health, education "
         "and…"), "Maria Santos", "Department of Migrant Workers, Philippines",
         "2027-03-09 10:15", PAGE + "#comment-20270309T101500Z-maria-santos", "2", ""],
        ["p-measure-who-uses-services-042ac3",
         ("Measure who uses services without recording anyone's migration status, "
         "for…"), "Hamid Karimi", "Refugee and Migrant Health Network, Athens",
         "2027-03-09 17:00", PAGE + "#comment-20270309T170000Z-hamid-karimi", "2", ""],
        ["p-collect-data-on-service-04bfd9",
         ("Collect data on service use by nationality and migration status, so that "
         "gaps…"), "Hamid Karimi", "Refugee and Migrant Health Network, Athens",
         "2027-03-04 08:00", PAGE + "#comment-20270304T080000Z-hamid-karimi", "1",
         REMOVED],
        ["p-collect-data-on-service-04bfd9",
         ("Collect data on service use by nationality and migration status, so that "
         "gaps…"), "Sofia Bianchi",
         "Migration Policy Centre, European University Institute",
         "2027-03-04 16:30", PAGE + "#comment-20270304T163000Z-sofia-bianchi", "1",
         REMOVED],
    ]
    # The comment column holds the whole comment, its wrapped lines joined.
    assert rows[2][5] == ('"The law" is too loose. Municipal bylaws and internal '
                          "circulars have been used to add status checks that no "
                          "national law asked for. Say *national* law.")


def test_markdown_table_matches_the_csv(tmp_path: Path) -> None:
    rows, table = run_export(tmp_path, "--site-url", "https://hub.example.org/")
    lines = table.splitlines()
    assert lines[0] == ("# Comments on Guidelines for local authorities: access to "
                        "basic services regardless of migration status (version 2)")
    assert lines[2] == "| " + " | ".join(HEADER) + " |"
    assert len(lines) == 4 + 9
    assert lines[5].startswith("| li-service-providers-do-not-ad2074 | Service "
                               "providers do not ask")
    assert (f"| https://hub.example.org/{PAGE}#comment-20270302T091500Z-jose-martinez"
            f" | 1 | {CHANGED} |") in lines[5]
    assert rows[1][6] == (f"https://hub.example.org/{PAGE}"
                          "#comment-20270301T143000Z-nadia-rahman")


def test_unknown_draft_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [
        "consultation", "export", "--root", str(REPO), "--out", str(tmp_path),
        "guidelines-consultation", "nope"])
    assert result.exit_code == 1
    assert result.output.endswith("Error: space 'guidelines-consultation' has no "
                                  "draft 'nope'; its drafts: basic-services-"
                                  "guidelines\n")


def test_shorten_and_unwrap() -> None:
    assert shorten("Short text.") == "Short text."
    assert shorten("word " * 30) == ("word " * 16).strip() + "…"
    assert len(shorten("word " * 30)) <= 80
    assert unwrap("One\nline.\n\n- item\n  wrapped\n- two\n") == (
        "One line.\n\n- item wrapped\n- two")


def test_comments_grouped_by_section_for_the_summary() -> None:
    site, _ = load_site(REPO, strict=False)
    load_drafts(site)
    space = site.space("guidelines-consultation")
    assert space is not None
    sections = comments_by_section(space.drafts[0])
    summary = [(s.heading.plain if s.heading else None, s.removed,
                [c.comment.post.author for c in s.comments]) for s in sections]
    assert summary == [
        ("Purpose", False, ["Nadia Rahman"]),
        ("Principles", False, ["José Martínez", "José Martínez", "Grace Wanjiru"]),
        ("Practical steps", False, ["Kwame Asante", "Maria Santos"]),
        ("Monitoring", False, ["Hamid Karimi"]),
        ("Review", False, []),
        (None, True, ["Hamid Karimi", "Sofia Bianchi"]),
    ]


def test_cells_a_spreadsheet_would_run_are_made_inert() -> None:
    from generator.consultation.export import _inert

    assert [_inert(c) for c in ['=HYPERLINK("http://x","click")', "+cmd|calc",
                                "-1+1", "@SUM(A1)", "Plain", 3]] == [
        '\'=HYPERLINK("http://x","click")', "'+cmd|calc", "'-1+1", "'@SUM(A1)",
        "Plain", 3]
