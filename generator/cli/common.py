"""Options and loading shared by the commands."""

from __future__ import annotations

import os
from pathlib import Path

import click

from generator.config import Settings, load_settings
from generator.model import Site
from generator.model.load import load_site
from generator.model.problems import Problems

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="Repository with spaces/, people/ and mkdocs.yml.")
now_option = click.option(
    "--now", envvar="SPACES_NOW", default=None,
    help="Pin 'now' (ISO date-time); default the current time. Env: SPACES_NOW.")


def load(root: Path, strict: bool = True) -> tuple[Site, Problems, Settings]:
    """Load content or stop with every problem, one `path:line: message` a line."""
    settings = load_settings(root)
    site, problems = load_site(root, settings, strict=False)
    if strict and problems.errors:
        for problem in problems.items:
            click.echo(str(problem), err=True)
        raise click.exceptions.Exit(1)
    return site, problems, settings


def pin_now(now: str | None) -> None:
    """Hand the pinned instant to the plugin, which reads SPACES_NOW."""
    if now:
        os.environ["SPACES_NOW"] = now
