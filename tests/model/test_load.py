"""Loading and validation: every listed fault as path:line, and inputs that work."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.model.load import load_site
from tests.conftest import write_tree

PEOPLE = {"people/lead.yml": "name: Lea Lead\n", "people/mod.yml": "name: Mo Mod\n"}

GOOD_SPACE = """
title: Good space
theme: Climate change
objective: Share practice.
timezone: Europe/Zurich
opens: 2027-02-22T09:00:00
closes: 2027-03-19
lead_moderator: lead
moderators: [mod]
"""


def question(title: str = '"What works?"') -> str:
    return f"---\ntitle: {title}\n---\nTell us.\n"


def post(author: str, posted: str, reply: str | None = None) -> str:
    extra = f"in_reply_to: {reply}\n" if reply else ""
    return f"---\nauthor: {author}\nposted: {posted}\n{extra}---\nText.\n"


BROKEN = {
    **PEOPLE,
    # unknown theme (line 2), closes before opens (line 6)
    "spaces/a/space.yml": """
        title: Space A
        theme: Knitting
        objective: x
        timezone: Europe/Zurich
        opens: 2027-03-10T09:00:00
        closes: 2027-03-01T09:00:00
        lead_moderator: lead
        """,
    # no lead moderator; a moderator with no profile (line 7); unknown zone (line 4)
    "spaces/b/space.yml": """
        title: Space B
        theme: Climate change
        timezone: Europe/Geneva
        objective: x
        opens: 2027-03-01
        moderators: [lead, ghost]
        closes: 2027-03-20
        """,
    "spaces/a/q1/question.md": question("#1 priority"),
    "spaces/a/q2/question.md": question("no"),
    "spaces/a/q3/question.md": question("2026-03-01"),
    "spaces/a/q1/20270305T100000Z-ann.md": post("Ann", "2027-03-05T10:00:00Z",
                                               reply="20270101T000000Z-nobody"),
    "spaces/a/q2/20270305T100000Z-ann.md": post("Ann", "2027-03-05T10:00:00Z"),
    "spaces/a/q3/my post!.md": post("Bob", "2027-03-05T11:00:00Z"),
}

EXPECTED = [
    "spaces/a/q1/20270305T100000Z-ann.md:4: in_reply_to '20270101T000000Z-nobody' "
    "is not a post of question 'q1'",
    "spaces/a/q1/question.md:2: 'title' was read as empty (null), not text; "
    "a value starting with '#' is a YAML comment; put the whole value in quotes",
    "spaces/a/q2/20270305T100000Z-ann.md: duplicate post id '20270305T100000Z-ann', "
    "also spaces/a/q1/20270305T100000Z-ann.md",
    "spaces/a/q2/question.md:2: 'title' was read as a yes/no value (false), not text; "
    "put the whole value in quotes",
    "spaces/a/q3/my post!.md: post file name 'my post!.md' is not a safe id: use ASCII "
    "letters, digits and hyphens, as in 20270301T090000Z-amina-diallo.md",
    "spaces/a/q3/question.md:2: 'title' was read as a date (2026-03-01), not text; "
    "put the whole value in quotes",
    "spaces/a/space.yml:2: unknown theme 'Knitting'; the themes are: COVID-19, "
    "Climate change, Migrant smuggling, Reducing inequalities and the SDGs, "
    "Anti-discrimination, Alternatives to immigration detention, Regular pathways, "
    "Labour migration, International Migration Review Forum 2022",
    "spaces/a/space.yml:6: closes (2027-03-01T09:00:00+01:00) is not after opens "
    "(2027-03-10T09:00:00+01:00)",
    "spaces/b/space.yml:1: missing required field 'lead_moderator'",
    "spaces/b/space.yml:3: unknown time zone 'Europe/Geneva'; use an IANA name such "
    "as 'Europe/Zurich'",
    "spaces/b/space.yml:6: moderator 'ghost' has no profile people/ghost.yml",
]


def test_check_reports_every_fault_with_its_line(tmp_path: Path) -> None:
    write_tree(tmp_path, BROKEN)
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ".md" in line or ".yml" in line]
    assert sorted(lines) == sorted(EXPECTED)
    assert result.output.rstrip().endswith("11 errors, 0 warnings")


PUBLISHED_TEXT_FAULTS = {
    **PEOPLE,
    "spaces/good/space.yml": GOOD_SPACE + (
        'kickoff:\n  video: "javascript:alert(1)"\nresources:\n  - title: Brief\n'
        '    link: "data:text/html,<script>alert(2)</script>"\n'),
    "spaces/good/q1/question.md": question(),
    "spaces/good/q1/20270301T080000Z-ann.md":
        "---\nauthor: Ann\naffiliation: ann@example.org\n"
        "posted: 2027-03-01T08:00:00Z\n---\nHi\f there \x1b[31mred\n",
}


def test_links_and_addresses_in_published_fields_are_reported(tmp_path: Path) -> None:
    write_tree(tmp_path, PUBLISHED_TEXT_FAULTS)
    site, problems = load_site(tmp_path, strict=False)
    assert [str(p) for p in problems.items] == [
        "spaces/good/space.yml:10: link 'javascript:alert(1)' must start with "
        "https://, http:// or mailto:",
        "spaces/good/space.yml:13: link 'data:text/html,<script>alert(2)</script>' "
        "must start with https://, http:// or mailto:",
        "spaces/good/q1/20270301T080000Z-ann.md:3: 'affiliation' contains an email "
        "address; posts never publish addresses",
    ]
    # Control characters pasted from a terminal or word processor are dropped.
    assert site.spaces[0].questions[0].posts[0].body.strip() == "Hi there [31mred"


def test_bom_crlf_and_naive_datetimes_load_without_problems(tmp_path: Path) -> None:
    files = {**PEOPLE, "spaces/good/space.yml": GOOD_SPACE,
             "spaces/good/q1/question.md": question()}
    write_tree(tmp_path, files)
    folder = tmp_path / "spaces/good/q1"
    # A BOM and CRLF line ends, as Windows editors and GitHub's web editor write.
    (folder / "20270301T080000Z-ann.md").write_bytes(
        b"\xef\xbb\xbf---\r\nauthor: Ann\r\nposted: 2027-03-01T08:00:00Z\r\n---\r\nHi\r\n")
    # Without an offset: read in Europe/Zurich (UTC+1), so 08:30 local is 07:30Z.
    (folder / "20270301T073000Z-bob.md").write_text(
        post("Bob", "2027-03-01 08:30:00"), encoding="utf-8")
    site, problems = load_site(tmp_path, strict=False)
    assert [str(p) for p in problems.items] == []
    posts = site.spaces[0].questions[0].posts
    assert [p.author for p in posts] == ["Bob", "Ann"]
    assert posts[0].posted == dt.datetime(2027, 3, 1, 7, 30, tzinfo=dt.timezone.utc)
    assert posts[1].body.strip() == "Hi"
    # A bare closing date closes at the end of that day in the space's zone.
    space = site.spaces[0]
    assert space.closes.isoformat() == "2027-03-19T23:59:59+01:00"


def test_example_content_checks_clean() -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(Path(__file__).parents[2])])
    assert result.exit_code == 0, result.output
    assert " 0 errors" in result.output


def test_hidden_takes_a_reason_or_yes_no(tmp_path: Path) -> None:
    files = {**PEOPLE, "spaces/good/space.yml": GOOD_SPACE,
             "spaces/good/q1/question.md": question()}
    for minute, value in enumerate(["true", '"false"', "no", "Off-topic advert", "yes"]):
        files[f"spaces/good/q1/20270301T080{minute}00Z-ann.md"] = (
            f"---\nauthor: Ann\nposted: 2027-03-01T08:0{minute}:00Z\n"
            f"hidden: {value}\n---\nHi\n")
    write_tree(tmp_path, files)
    site, problems = load_site(tmp_path, strict=False)
    assert problems.items == []
    assert [p.hidden for p in site.spaces[0].questions[0].posts] == [
        "removed by the moderators", "", "", "Off-topic advert",
        "removed by the moderators"]
