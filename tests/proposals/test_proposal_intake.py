"""Proposals from the network's template (text, mail) and from the issue form,
judged by the rules, stored without the contact's email, accepted into a space."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.config import Settings
from generator.proposals.read import read_proposal_file
from generator.proposals.rules import check_proposal
from tests.conftest import REPO, copy_repo_content, mkdocs_build, write_tree

THEMES = ("COVID-19; Climate change; Migrant smuggling; Reducing inequalities and "
          "the SDGs; Anti-discrimination; Alternatives to immigration detention; "
          "Regular pathways; Labour migration; International Migration Review "
          "Forum 2022")
WELL_FORMED_ID = "skills-partnerships-for-labour-migration-what"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_breaks_the_rules_gives_one_readable_problem_per_broken_rule(
        fixtures: Path) -> None:
    proposal = read_proposal_file(fixtures / "proposals/breaks-the-rules.txt", REPO)
    found = [str(p) for p in check_proposal(proposal, Settings())]
    assert found == [
        "breaks-the-rules.txt:4: the description has 312 words; the limit is 250",
        "breaks-the-rules.txt:41: the discussion would run 90 days (1 September 2027 "
        "to 30 November 2027); the maximum is 42 days",
        f"breaks-the-rules.txt: warning: no theme given; the thematic priorities "
        f"are: {THEMES}",
        "breaks-the-rules.txt:42: no moderators named; name at least a tentative "
        "lead moderator",
        "breaks-the-rules.txt:44: no language of the discussion given",
        "breaks-the-rules.txt:45: contact person: missing title, location; "
        "'sam(at)example' is not a usable email address",
    ]


def test_well_formed_text_is_read_field_by_field(fixtures: Path) -> None:
    proposal = read_proposal_file(fixtures / "proposals/well-formed.txt", REPO)
    assert proposal.title == ("Skills partnerships for labour migration: what works "
                              "for employers and workers?")
    assert proposal.description.startswith("Global skill partnerships link training "
                                            "in countries of origin with employment "
                                            "in countries")
    assert proposal.description.endswith("including what did not work.")
    assert [(m.name, m.note, m.lead) for m in proposal.moderators] == [
        ("Dr. Amina Diallo", "labour economist", True),
        ("Tomás Rivera", "employers' organisation", False),
        ("Mei Chen", "trade union confederation", False)]
    assert proposal.languages == ["English", "French", "Spanish"]
    contact = proposal.contact
    assert (contact.name, contact.title, contact.email, contact.location) == (
        "Amina Diallo", "Senior Labour Migration Specialist",
        "amina.diallo@example.org", "Dakar, Senegal")
    found = check_proposal(proposal, Settings())
    assert [p.severity for p in found] == ["warning"]


@pytest.mark.parametrize("days, expected", [
    (21, []),
    (22, ["warning: the discussion would run 22 days (1 March 2027 to 23 March "
          "2027); about 21 days or less is recommended"]),
    (43, ["the discussion would run 43 days (1 March 2027 to 13 April 2027); the "
          "maximum is 42 days"]),
])
def test_duration_warns_past_three_weeks_and_fails_past_the_maximum(
        fixtures: Path, days: int, expected: list[str], tmp_path: Path) -> None:
    import datetime as dt
    last = dt.date(2027, 3, 1) + dt.timedelta(days=days)
    text = (fixtures / "proposals/well-formed.txt").read_text(encoding="utf-8")
    text = text.replace("2 to 23 March 2027", f"1 March to {last:%-d %B %Y}")
    text = text.replace("- Title:", "- Theme: Labour migration\n- Title:")
    source = tmp_path / "p.txt"
    source.write_text(text, encoding="utf-8")
    found = check_proposal(read_proposal_file(source, REPO), Settings())
    assert [str(p).split(": ", 1)[1] for p in found] == expected


def test_a_start_date_and_a_duration_make_the_period(tmp_path: Path,
                                                     fixtures: Path) -> None:
    text = (fixtures / "proposals/well-formed.txt").read_text(encoding="utf-8")
    text = text.replace("2 to 23 March 2027 (three weeks)", "from 3 May 2027, 4 weeks")
    source = tmp_path / "p.txt"
    source.write_text(text.replace("- Title:", "- Theme: Labour migration\n- Title:"),
                      "utf-8")
    found = check_proposal(read_proposal_file(source, REPO), Settings())
    assert [str(p) for p in found] == [
        "p.txt:15: warning: the discussion would run 28 days (3 May 2027 to 31 May "
        "2027); about 21 days or less is recommended"]


def test_unknown_theme_is_an_error_naming_the_priorities(tmp_path: Path,
                                                         fixtures: Path) -> None:
    text = (fixtures / "proposals/well-formed.txt").read_text(encoding="utf-8")
    source = tmp_path / "p.txt"
    source.write_text(text.replace("- Title:", "- Theme: Skills\n- Title:"), "utf-8")
    found = check_proposal(read_proposal_file(source, REPO), Settings())
    assert [str(p) for p in found] == [
        f"p.txt:3: theme 'Skills' is not one of the thematic priorities: {THEMES}"]


def test_well_formed_mail_goes_from_intake_to_a_built_space_page(
        fixtures: Path, tmp_path: Path) -> None:
    root = copy_repo_content(tmp_path / "repo")
    shutil.copy(REPO / ".gitignore", root / ".gitignore")

    # Intake: the committed file has no email address, private/ has it.
    code, out, err = run("intake", "proposal", "--root", str(root),
                         str(fixtures / "proposals/well-formed.eml"))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"well-formed.eml (body): warning: no theme given; the thematic priorities "
        f"are: {THEMES}",
        f"proposals/{WELL_FORMED_ID}.yml: 0 errors, 1 warnings"]
    public = root / f"proposals/{WELL_FORMED_ID}.yml"
    private = root / f"private/proposals/{WELL_FORMED_ID}.yml"
    assert "@example.org>" in public.read_text("utf-8")  # the Message-ID only
    assert "amina.diallo@example.org" not in public.read_text("utf-8")
    assert yaml.safe_load(private.read_text("utf-8")) == {
        "contact_email": "amina.diallo@example.org",
        "sender": "amina.diallo@example.org"}
    stored = yaml.safe_load(public.read_text("utf-8"))
    assert stored["received"] == "2027-01-11T09:12:00+00:00"
    assert stored["contact"] == {"name": "Amina Diallo",
                                 "title": "Senior Labour Migration Specialist",
                                 "location": "Dakar, Senegal"}

    # The same mail twice is one proposal.
    run("intake", "proposal", "--root", str(root),
        str(fixtures / "proposals/well-formed.eml"))
    assert sorted(p.name for p in (root / "proposals").iterdir()) == [
        f"{WELL_FORMED_ID}.yml"]

    # Git keeps private/ out of every commit.
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    ignored = subprocess.run(["git", "-C", str(root), "check-ignore", "-q",
                              f"private/proposals/{WELL_FORMED_ID}.yml"])
    assert ignored.returncode == 0

    # Check: the rules again, on the stored file, with its line.
    code, out, err = run("check", "--root", str(root))
    assert code == 0, err
    assert out.splitlines()[-1].endswith(": 0 errors, 1 warning")
    assert out.splitlines()[0] == (
        f"proposals/{WELL_FORMED_ID}.yml:4: warning: no theme given; the thematic "
        f"priorities are: {THEMES}")

    # Acceptance scaffolds a space that loads and builds.
    code, out, err = run("new", "space", "--root", str(root), "--from-proposal",
                         str(public), "--theme", "Labour migration",
                         "--slug", "skills-partnerships")
    assert code == 0, err
    assert out.splitlines() == [
        "spaces/skills-partnerships/space.yml", "spaces/skills-partnerships/index.md",
        "spaces/skills-partnerships/q1/question.md",
        "spaces/skills-partnerships/q2/question.md",
        "spaces/skills-partnerships/q3/question.md",
        "people/tomas-rivera.yml", "people/mei-chen.yml"]
    assert err == ""
    accepted = yaml.safe_load(public.read_text("utf-8"))
    assert (accepted["status"], accepted["space"], accepted["theme"]) == (
        "accepted", "skills-partnerships", "Labour migration")
    space = yaml.safe_load((root / "spaces/skills-partnerships/space.yml")
                           .read_text("utf-8"))
    assert (space["opens"], space["closes"], space["timezone"]) == (
        "2027-03-02T09:00:00", "2027-03-23T17:00:00", "Europe/Zurich")
    assert space["languages"] == ["en", "fr", "es"]
    assert space["lead_moderator"] == "amina-diallo"
    assert "amina.diallo@example.org" not in (
        root / "spaces/skills-partnerships/space.yml").read_text("utf-8")

    # A new space is offered in the issue forms once `spaces forms` has run;
    # until then `spaces check` fails and says so.
    code, out, _ = run("forms", "--root", str(root))
    assert out.splitlines()[-1] == "2 issue forms updated"
    code, out, _ = run("check", "--root", str(root))
    assert code == 0
    assert [line for line in out.splitlines() if "skills-partnerships/" in line] == [
        f"spaces/skills-partnerships/q{n}/question.md:8: warning: the question is "
        "still the scaffold's placeholder; write it before 2027-03-02 09:00"
        for n in (1, 2, 3)]

    site = mkdocs_build(root, tmp_path / "site", now="2027-03-10T12:00:00Z")
    page = (site / "spaces/skills-partnerships/index.html").read_text("utf-8")
    assert ("Skills partnerships for labour migration: what works for employers "
            "and workers?") in page
    assert "2 March 2027, 14:00–15:30 (Europe/Zurich)" in page
    assert "2 March 2027, 13:00–14:30 UTC" in page
    assert 'href="../../spaces/skills-partnerships/q1/">Question 1</a>' in page
    assert "Global skill partnerships link training" in page
    assert (site / "spaces/skills-partnerships/q1/index.html").exists()
    assert (site / "spaces/skills-partnerships/events.ics").exists()


def test_acceptance_is_refused_while_the_proposal_breaks_the_rules(
        fixtures: Path, tmp_path: Path) -> None:
    root = copy_repo_content(tmp_path / "repo")
    run("intake", "proposal", "--root", str(root),
        str(fixtures / "proposals/breaks-the-rules.txt"))
    code, out, err = run("new", "space", "--root", str(root), "--from-proposal",
                         str(root / "proposals/everything-about-migration.yml"),
                         "--theme", "Labour migration")
    assert code == 1
    assert err.splitlines()[:3] == [
        "Error: proposals/everything-about-migration.yml: the proposal breaks the "
        "rules:",
        "proposals/everything-about-migration.yml:5: the description has 312 words; "
        "the limit is 250",
        "proposals/everything-about-migration.yml:35: the discussion would run 90 "
        "days (1 September 2027 to 30 November 2027); the maximum is 42 days"]
    assert not (root / "spaces/everything-about-migration").exists()


def test_a_clone_without_private_folder_can_still_check_and_accept(
        fixtures: Path, tmp_path: Path) -> None:
    root = copy_repo_content(tmp_path / "repo")
    run("intake", "proposal", "--root", str(root),
        str(fixtures / "proposals/well-formed.txt"))
    shutil.rmtree(root / "private")
    code, out, _ = run("check", "--root", str(root))
    assert code == 0
    assert out.splitlines()[-1].endswith(": 0 errors, 1 warning")
    code, _, err = run("new", "space", "--root", str(root), "--from-proposal",
                       str(root / f"proposals/{WELL_FORMED_ID}.yml"),
                       "--theme", "Labour migration")
    assert code == 0, err
    assert not (root / "private").exists()


def test_check_refuses_an_email_address_in_a_committed_proposal(
        tmp_path: Path) -> None:
    write_tree(tmp_path, {"proposals/p.yml": """
        title: T
        description: D
        timing: 2 to 23 March 2027
        moderators: [{name: A}]
        audience: everyone
        languages: [English]
        contact: {name: A, title: B, location: C, email: a@example.org}
        status: proposed
        """})
    code, out, err = run("check", "--root", str(tmp_path))
    assert code == 1
    assert ("proposals/p.yml:7: an email address in 'contact' would be committed; "
            "keep it in private/proposals/p.yml") in err.splitlines()


FORM = """
name: Propose a discussion space
body:
  - {type: input, id: title, attributes: {label: Title}}
  - {type: textarea, id: description, attributes: {label: Description (max 250 words)}}
  - type: dropdown
    id: theme
    attributes: {label: Thematic priority, options: [Labour migration, COVID-19]}
  - {type: input, id: timing, attributes: {label: Expected timing}}
  - {type: input, id: duration, attributes: {label: Duration}}
  - {type: textarea, id: moderators, attributes: {label: Moderators}}
  - {type: input, id: audience, attributes: {label: Expected audience}}
  - type: dropdown
    id: languages
    attributes: {label: Languages, multiple: true, options: [English, French]}
  - {type: input, id: contact_name, attributes: {label: Contact name}}
  - {type: input, id: contact_title, attributes: {label: Contact title}}
  - {type: input, id: contact_email, attributes: {label: Contact email}}
  - {type: input, id: contact_location, attributes: {label: Contact location}}
"""
BODY = (
    "### Title\r\n\r\nSkills partnerships\r\n\r\n"
    "### Description (max 250 words)\r\n\r\nWhat works.\r\n\r\n"
    "### Thematic priority\r\n\r\nLabour migration\r\n\r\n"
    "### Expected timing\r\n\r\nMarch 2027\r\n\r\n"
    "### Duration\r\n\r\n5 weeks\r\n\r\n"
    "### Moderators\r\n\r\nMei Chen\r\nTomás Rivera (lead)\r\n\r\n"
    "### Expected audience\r\n\r\nEmployers\r\n\r\n"
    "### Languages\r\n\r\nEnglish, French\r\n\r\n"
    "### Contact name\r\n\r\nMei Chen\r\n\r\n"
    "### Contact title\r\n\r\n_No response_\r\n\r\n"
    "### Contact email\r\n\r\nmei.chen@example.org\r\n\r\n"
    "### Contact location\r\n\r\nGeneva\r\n"
)


def test_issue_form_body_is_read_by_field_id_and_keeps_the_email_private(
        tmp_path: Path) -> None:
    write_tree(tmp_path, {".github/ISSUE_TEMPLATE/proposal.yml": FORM})
    (tmp_path / "issue.md").write_bytes(BODY.encode("utf-8"))
    code, out, err = run("intake", "proposal", "--root", str(tmp_path),
                         str(tmp_path / "issue.md"))
    assert code == 0
    assert err.splitlines() == ["issue.md:34: contact person: missing title"]
    assert out.splitlines() == [
        "issue.md:17: warning: the discussion would run 35 days; about 21 days or "
        "less is recommended",
        "proposals/skills-partnerships.yml: 1 errors, 1 warnings"]
    stored = yaml.safe_load((tmp_path / "proposals/skills-partnerships.yml")
                            .read_text("utf-8"))
    assert stored["moderators"] == [{"name": "Mei Chen"},
                                    {"name": "Tomás Rivera", "lead": True}]
    assert stored["languages"] == ["English", "French"]
    assert stored["theme"] == "Labour migration"
    assert "mei.chen@example.org" not in (
        tmp_path / "proposals/skills-partnerships.yml").read_text("utf-8")
    assert yaml.safe_load((tmp_path / "private/proposals/skills-partnerships.yml")
                          .read_text("utf-8")) == {
        "contact_email": "mei.chen@example.org"}


def test_issue_payload_gives_the_issue_as_source_and_its_creation_time(
        tmp_path: Path) -> None:
    import json

    write_tree(tmp_path, {".github/ISSUE_TEMPLATE/proposal.yml": FORM})
    payload = {"action": "opened", "issue": {
        "number": 7, "html_url": "https://github.com/o/r/issues/7",
        "created_at": "2027-01-12T08:30:00Z", "body": BODY}}
    (tmp_path / "issue-7.json").write_text(json.dumps(payload), encoding="utf-8")
    code, out, _ = run("intake", "proposal", "--root", str(tmp_path),
                       str(tmp_path / "issue-7.json"))
    assert code == 0
    assert out.splitlines()[0].startswith("issue-7.json (body):17: warning: ")
    stored = yaml.safe_load((tmp_path / "proposals/skills-partnerships.yml")
                            .read_text("utf-8"))
    assert (stored["source"], stored["received"]) == (
        "https://github.com/o/r/issues/7", "2027-01-12T08:30:00+00:00")


def test_new_question_adds_the_next_stub(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "people/lead.yml": "name: Lea Lead\n",
        "spaces/s/space.yml": """
            title: S
            theme: Labour migration
            objective: O
            timezone: Europe/Zurich
            opens: 2027-03-02T09:00:00
            closes: 2027-03-23T17:00:00
            lead_moderator: lead
            """,
        "spaces/s/q1/question.md": "---\ntitle: One\n---\nQ?\n"})
    code, out, _ = run("new", "question", "--root", str(tmp_path), "s",
                       "--title", "Who pays for training?")
    assert (code, out) == (0, "spaces/s/q2-who-pays-for-training/question.md\n")
    text = (tmp_path / out.strip()).read_text("utf-8")
    assert text.startswith("---\ntitle: Who pays for training?\norder: 2\n"
                           "publish_at: '2027-03-02T09:00:00'\n")
    code, _, err = run("check", "--root", str(tmp_path))
    assert code == 0, err


def test_our_proposal_form_has_every_field_the_intake_reads() -> None:
    from generator.read.issueform import load_form

    path = REPO / ".github/ISSUE_TEMPLATE/proposal.yml"
    if not path.exists():
        pytest.skip("no .github/ISSUE_TEMPLATE/proposal.yml yet (the issue-form work)")
    ids = {field.id for field in load_form(path).fields}
    wanted = {"title", "description", "theme", "timing", "duration", "moderators",
              "audience", "languages", "contact_name", "contact_title",
              "contact_email", "contact_location"}
    assert wanted <= ids, sorted(wanted - ids)
