"""`spaces intake proposal`, `spaces new space` and `spaces new question`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli import main
from generator.cli.common import load, root_option
from generator.cli.intake import intake
from generator.cli.site import CHECKS
from generator.config import load_settings
from generator.model.problems import Problems
from generator.model.timeparse import TimeError, to_instant
from generator.proposals.read import ProposalError, read_proposal_file
from generator.proposals.rules import check_proposal
from generator.proposals.scaffold import (
    ScaffoldError,
    check_stubs,
    new_question,
    scaffold_space,
)
from generator.proposals.store import check_proposals, load_proposal, write_proposal

CHECKS.extend([check_proposals, check_stubs])


@intake.command("proposal")
@root_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def intake_proposal(root: Path, file: Path) -> None:
    """Read a proposal (template as .txt or .eml, issue body .md, payload .json),
    print what breaks the rules and write proposals/<id>.yml."""
    settings = load_settings(root)
    try:
        proposal = read_proposal_file(file, root)
    except (ProposalError, UnicodeDecodeError) as exc:
        raise click.ClickException(str(exc)) from exc
    found = check_proposal(proposal, settings)
    for problem in found:
        click.echo(str(problem), err=problem.severity == "error")
    path = write_proposal(root, proposal)
    errors = sum(p.severity == "error" for p in found)
    click.echo(f"{path.relative_to(root).as_posix()}: {errors} errors, "
               f"{len(found) - errors} warnings")


@main.group()
def new() -> None:
    """Scaffold content: a space from an accepted proposal, a question."""


@new.command("space")
@root_option
@click.option("--from-proposal", "proposal_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="proposals/<id>.yml to accept.")
@click.option("--slug", default="", help="Folder name of the space (default: the "
              "proposal's id).")
@click.option("--theme", default="", help="Thematic priority, when the proposal "
              "names none.")
@click.option("--timezone", "zone", default="", help="IANA zone of the space "
              "(default: the city the timing names, else UTC).")
@click.option("--questions", default=3, show_default=True, help="Question stubs.")
@click.option("--force", is_flag=True, help="Accept despite rule errors.")
def new_space(root: Path, proposal_file: Path, slug: str, theme: str, zone: str,
              questions: int, force: bool) -> None:
    """Accept a proposal: write spaces/<slug>/ and people stubs."""
    site, _, settings = load(root)
    problems = Problems(root)
    proposal = load_proposal(proposal_file, problems)
    if proposal is None or problems.errors:
        for problem in problems.items:
            click.echo(str(problem), err=True)
        raise click.exceptions.Exit(1)
    try:
        scaffold = scaffold_space(root, proposal, site, settings, slug=slug,
                                  theme=theme, zone=zone, questions=questions,
                                  force=force)
    except ScaffoldError as exc:
        raise click.ClickException(f"{proposal.where}: {exc}") from exc
    proposal.status, proposal.space = "accepted", scaffold.space
    proposal.theme = proposal.theme or theme
    write_proposal(root, proposal)
    for rel in scaffold.written:
        click.echo(rel)
    _, after, _ = load(root, strict=False)
    for problem in after.items:
        if problem.path.startswith(f"spaces/{scaffold.space}/"):
            click.echo(str(problem), err=True)


@new.command("question")
@root_option
@click.argument("space")
@click.option("--title", default="", help="Title of the question.")
@click.option("--publish-at", default=None,
              help="When it appears (ISO date-time; default: when the space opens).")
def new_question_command(root: Path, space: str, title: str,
                         publish_at: str | None) -> None:
    """Add the next question stub to SPACE."""
    site, _, _ = load(root)
    found = site.space(space)
    if found is None:
        raise click.ClickException(f"no space '{space}' in spaces/")
    when: dt.datetime | None = None
    if publish_at:
        try:
            when = to_instant(publish_at, found.timezone)
        except TimeError as exc:
            raise click.BadParameter(str(exc), param_hint="--publish-at") from exc
    click.echo(new_question(root, found, title, when))
