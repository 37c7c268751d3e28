"""`spaces moderate list|merge|reject`: a moderator's commands for pending posts."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import main
from generator.cli.common import load, root_option
from generator.cli.forge_options import forge_options, open_forge
from generator.forge.base import Change, Forge, ForgeError


def _forge(root: Path, forge_kind: str, base: str, repository: str | None,
           api_url: str | None) -> Forge:
    _, _, settings = load(root, strict=False)
    return open_forge(forge_kind, root, settings, base, repository, api_url)


def _ref(ref: str) -> str | int:
    """'42' or '#42' is a number (issue locally, pull request on GitHub)."""
    bare = ref.lstrip("#")
    return int(bare) if bare.isdigit() else ref


def describe(change: Change) -> str:
    """One line a moderator reads: where, who, which file."""
    where = f"#{change.number}" if change.number else change.branch
    paths = ", ".join(change.paths) or "no files"
    late = " [late]" if "late" in change.labels else ""
    return f"{where}  {change.key}  {change.author or '?'}  {paths}{late}"


@main.group()
def moderate() -> None:
    """List, merge and reject pending submissions."""


@moderate.command("list")
@root_option
@forge_options(default="local")
def moderate_list(root: Path, forge_kind: str, base: str, repository: str | None,
                  api_url: str | None) -> None:
    """Show every pending submission, oldest first."""
    changes = _forge(root, forge_kind, base, repository, api_url).pending()
    for change in changes:
        click.echo(describe(change))
    click.echo(f"{len(changes)} pending")


@moderate.command("merge")
@root_option
@forge_options(default="local")
@click.argument("ref")
def moderate_merge(root: Path, forge_kind: str, base: str, repository: str | None,
                   api_url: str | None, ref: str) -> None:
    """Publish one submission: REF is its key, branch, or issue/PR number."""
    forge = _forge(root, forge_kind, base, repository, api_url)
    try:
        change = forge.merge(_ref(ref))
    except ForgeError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"merged {change.branch}: {', '.join(change.paths)}")


@moderate.command("reject")
@root_option
@forge_options(default="local")
@click.argument("ref")
@click.option("--reason", required=True, help="Told to the contributor.")
def moderate_reject(root: Path, forge_kind: str, base: str, repository: str | None,
                    api_url: str | None, ref: str, reason: str) -> None:
    """Close one submission unpublished, with the reason; its text is kept."""
    forge = _forge(root, forge_kind, base, repository, api_url)
    try:
        change = forge.reject(_ref(ref), reason)
    except ForgeError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"rejected {change.branch}: {reason}")


@moderate.command("report")
@root_option
@click.option("--base", default="origin/main", show_default=True,
              help="Compare with this commit: the pull request's target.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report here (for the comment job).")
@click.option("--summary", type=click.Path(dir_okay=False, path_type=Path),
              envvar="GITHUB_STEP_SUMMARY", default=None,
              help="Append the report here. Env: GITHUB_STEP_SUMMARY.")
def moderate_report(root: Path, base: str, out: Path | None,
                    summary: Path | None) -> None:
    """Moderation report for the post files this branch adds or changes."""
    from generator.cli.site import CHECKS
    from generator.forge.report import changed_post_reports

    site, problems, settings = load(root, strict=False)
    for extra_check in CHECKS:
        extra_check(site, problems, settings, root)
    try:
        text = changed_post_reports(site, problems, root, base)
    except ForgeError as exc:
        raise click.ClickException(str(exc)) from exc
    # No post changed: nothing for the comment job (it posts only a non-empty file).
    targets = (out, summary) if text else (summary,)
    text = text or "No post files changed.\n"
    for target in targets:
        if target is not None:
            with target.open("a", encoding="utf-8") as handle:
                handle.write(text)
    click.echo(text, nl=False)
