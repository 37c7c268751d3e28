"""Issue forms follow the content: `spaces forms` rewrites, `spaces check` guards."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.read.issueform import load_form
from tests.conftest import REPO


def test_the_committed_forms_are_current() -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(REPO)])
    assert "issue form is out of date" not in result.output


def test_a_new_space_makes_forms_stale_until_regenerated(example_copy: Path) -> None:
    source = example_copy / "spaces/climate-mobility"
    target = example_copy / "spaces/aaa-new-space"
    for path in [source / "space.yml", *source.glob("*/question.md")]:
        (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / path.relative_to(source))
    result = CliRunner().invoke(main, ["check", "--root", str(example_copy)])
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        ".github/ISSUE_TEMPLATE/post.yml: issue form is out of date with the spaces "
        "and questions; run `spaces forms`",
        ".github/ISSUE_TEMPLATE/reply.yml: issue form is out of date with the "
        "spaces and questions; run `spaces forms`"]

    result = CliRunner().invoke(main, ["forms", "--root", str(example_copy)])
    assert result.output == ("updated .github/ISSUE_TEMPLATE/post.yml\n"
                             "updated .github/ISSUE_TEMPLATE/reply.yml\n"
                             "2 issue forms updated\n")
    form = yaml.safe_load((example_copy / ".github/ISSUE_TEMPLATE/post.yml")
                          .read_text(encoding="utf-8"))
    space = next(e for e in form["body"] if e.get("id") == "space")
    assert "aaa-new-space" in space["attributes"]["options"]
    question = next(e for e in form["body"] if e.get("id") == "question")
    assert ("- `aaa-new-space`: `q1-planned-relocation`, `q2-mobility-as-adaptation`"
            in question["attributes"]["description"])
    result = CliRunner().invoke(main, ["check", "--root", str(example_copy)])
    assert result.exit_code == 0, result.output


def test_proposal_form_uses_the_agreed_field_ids() -> None:
    form = load_form(REPO / ".github/ISSUE_TEMPLATE/proposal.yml")
    assert [f.id for f in form.fields] == [
        "title", "description", "theme", "timing", "duration", "moderators",
        "audience", "languages", "contact_name", "contact_title", "contact_email",
        "contact_location"]


def test_every_submission_form_says_issues_are_public() -> None:
    for name in ("post.yml", "reply.yml", "proposal.yml"):
        text = (REPO / ".github/ISSUE_TEMPLATE" / name).read_text(encoding="utf-8")
        assert "is public" in text and "as soon as you submit it" in text, name
    config = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/config.yml").read_text())
    assert config["blank_issues_enabled"] is False
    assert config["contact_links"][0]["name"] == "Code of conduct"


def test_every_prefilled_parameter_names_a_field_of_its_form(
        example_copy: Path) -> None:
    from urllib.parse import parse_qs, urlsplit

    from generator.config import load_settings
    from generator.model.load import load_site
    from generator.render.links import issue_form_url

    settings = load_settings(example_copy)
    site, _ = load_site(example_copy, settings, strict=False)
    space = site.space("climate-mobility")
    assert space is not None
    question = space.questions[0]
    reply_to = question.posts[0].id
    for url in (issue_form_url(settings, space, question),
                issue_form_url(settings, space, question, reply_to=reply_to)):
        params = parse_qs(urlsplit(url).query)
        forms_dir = example_copy / ".github/ISSUE_TEMPLATE"
        form = load_form(forms_dir / params["template"][0])
        for name in set(params) - {"template", "title"}:
            field = form.field(name)
            assert field is not None, f"{url}: no field {name!r}"
            if field.type == "dropdown":
                assert params[name][0] in field.options, f"{name}={params[name][0]}"


def test_spaces_that_are_not_public_are_not_offered(example_copy: Path) -> None:
    space = example_copy / "spaces/labour-migration-skills/space.yml"
    space.write_text(space.read_text(encoding="utf-8").replace(
        "visibility: public", "visibility: members"), encoding="utf-8")
    CliRunner().invoke(main, ["forms", "--root", str(example_copy)])
    form = yaml.safe_load((example_copy / ".github/ISSUE_TEMPLATE/reply.yml")
                          .read_text(encoding="utf-8"))
    space_field = next(e for e in form["body"] if e.get("id") == "space")
    options = space_field["attributes"]["options"]
    assert "labour-migration-skills" not in options
    assert len(options) == len(list((example_copy / "spaces").iterdir())) - 1
    question = next(e for e in form["body"] if e.get("id") == "question")
    assert "labour-migration-skills" not in question["attributes"]["description"]
