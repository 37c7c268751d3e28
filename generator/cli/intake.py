"""`spaces intake`: submissions in, post files out (or a refusal with a reason)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import main
from generator.cli.common import load, root_option
from generator.read.issue import post_forms, read_payload, submission_from_issue
from generator.read.submission import Refused, write_submission


@main.group()
def intake() -> None:
    """Turn submissions (issues, mail) into pending posts."""


@intake.command("issue")
@root_option
@click.argument("event", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def intake_issue(root: Path, event: Path) -> None:
    """Read a GitHub `issues` webhook payload and write its post file."""
    site, _, _ = load(root)
    try:
        submission = submission_from_issue(read_payload(event), site, post_forms(root))
    except Refused as refusal:
        click.echo(f"{event}: refused ({refusal.label}): {refusal.reason}", err=True)
        raise click.exceptions.Exit(2) from refusal
    path = write_submission(root, submission, site)
    late = " (late)" if submission.late else ""
    click.echo(f"{path.relative_to(root.resolve()) if path.is_absolute() else path}"
               f"{late}")
