"""`spaces intake`: submissions in, post files or proposals out (or a refusal)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import main
from generator.cli.common import load, root_option
from generator.cli.forge_options import forge_options, open_forge
from generator.read.issue import post_forms, read_payload, submission_from_issue
from generator.read.submission import Refused, write_submission


@main.group()
def intake() -> None:
    """Turn submissions (issues, mail) into pending posts."""


@intake.command("issue")
@root_option
@forge_options(default="files")
@click.option("--summary", type=click.Path(dir_okay=False, path_type=Path),
              envvar="GITHUB_STEP_SUMMARY", default=None,
              help="Append the moderation report here. Env: GITHUB_STEP_SUMMARY.")
@click.argument("event", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def intake_issue(root: Path, forge_kind: str, base: str, repository: str | None,
                 api_url: str | None, summary: Path | None, event: Path) -> None:
    """Read a GitHub `issues` webhook payload and write or propose its post.

    Exit status 2 when the issue is refused (the reason is printed, and with a
    forge also replied on the issue).
    """
    site, _, settings = load(root)
    if forge_kind == "files":
        try:
            submission = submission_from_issue(read_payload(event), site,
                                               post_forms(root))
        except Refused as refusal:
            click.echo(f"{event}: refused ({refusal.label}): {refusal.reason}",
                       err=True)
            raise click.exceptions.Exit(2) from refusal
        path = write_submission(root, submission, site)
        late = " (late)" if submission.late else ""
        shown = path.relative_to(root.resolve()) if path.is_absolute() else path
        click.echo(f"{shown}{late}")
        return

    from generator.forge.base import ForgeError
    from generator.forge.forms import other_forms
    from generator.forge.intake import take_issue

    forge = open_forge(forge_kind, root, settings, base, repository, api_url)
    try:
        payload = read_payload(event)
    except Refused as refusal:
        click.echo(f"{event}: refused ({refusal.label}): {refusal.reason}", err=True)
        raise click.exceptions.Exit(2) from refusal
    try:
        result = take_issue(payload, site, post_forms(root), forge,
                            other_forms=other_forms(root))
    except ForgeError as exc:
        raise click.ClickException(str(exc)) from exc
    if summary is not None and result.report is not None:
        with summary.open("a", encoding="utf-8") as out:
            out.write(result.report.markdown() + "\n")
    if result.outcome == "refused":
        click.echo(f"{event}: {result.message}", err=True)
        raise click.exceptions.Exit(2)
    click.echo(result.message)
