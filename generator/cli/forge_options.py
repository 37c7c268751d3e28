"""Choosing a forge from the command line: --forge local|github and its options."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.config import Settings
from generator.forge.base import Forge

F = TypeVar("F", bound=Callable[..., Any])


def forge_options(default: str) -> Callable[[F], F]:
    """The options every forge-using command takes, with ``default`` forge."""
    def decorate(command: F) -> F:
        for option in reversed([
            click.option("--forge", "forge_kind",
                         type=click.Choice(["files", "local", "github"]),
                         default=default, show_default=True,
                         help="files: write the post into the working tree; "
                              "local: a git branch per submission; github: a "
                              "branch and pull request on GitHub."),
            click.option("--base", default="main", show_default=True,
                         help="The published branch submissions merge into."),
            click.option("--repository", default=None,
                         help="owner/name on GitHub (default: GITHUB_REPOSITORY, "
                              "else mkdocs.yml's spaces repository)."),
            click.option("--api-url", envvar="GITHUB_API_URL", default=None,
                         help="GitHub API address. Env: GITHUB_API_URL."),
        ]):
            command = option(command)
        return command
    return decorate


def open_forge(kind: str, root: Path, settings: Settings, base: str,
               repository: str | None, api_url: str | None) -> Forge:
    """The forge the options name; a usage error when it cannot be opened."""
    if kind == "local":
        from generator.forge.base import ForgeError
        from generator.forge.local import LocalForge

        try:
            return LocalForge(root, base=base)
        except ForgeError as exc:
            raise click.UsageError(
                f"--forge local needs a git repository: {exc}") from exc
    if kind == "github":
        from generator.forge.github import GitHubForge

        token = os.environ.get("GITHUB_TOKEN", "")
        name = repository or os.environ.get("GITHUB_REPOSITORY") or settings.repository
        if not token or not name:
            raise click.UsageError("--forge github needs GITHUB_TOKEN in the "
                                   "environment and a repository (--repository)")
        return GitHubForge(name, token=token, base=base,
                           api_url=api_url or "https://api.github.com")
    raise click.UsageError(f"--forge {kind} keeps no branches")
