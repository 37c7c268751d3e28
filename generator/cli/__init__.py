"""The `spaces` command line: the same core as the MkDocs plugin, from a shell.

Each command group lives in its own module and registers itself on ``main``.
Modules are imported when a command needs them: `spaces build`, run after every
merge, should not wait for the mail parser and the GitHub client to load.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

import click

# Every command module; keep this list sorted.
MODULES = ("consultation", "digest", "forms", "intake", "knowledge", "mail",
           "moderate", "moderation", "proposals", "site")
# Commands that need only some modules. Any other command loads them all:
# `check` runs the checks every module registers, and `intake` gathers
# subcommands from several modules.
NEEDS = {"build": ("site",), "serve": ("site",), "export": ("site",)}


class _Commands(click.Group):
    """A group that imports command modules on demand."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> Any:
        _load(NEEDS.get(cmd_name, MODULES))
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _load(MODULES)
        return super().list_commands(ctx)


def _load(modules: tuple[str, ...]) -> None:
    for module in modules:
        importlib.import_module(f"generator.cli.{module}")


@click.group(cls=_Commands)
@click.option("-v", "--verbose", is_flag=True, help="Show debug messages.")
@click.version_option(package_name="discussion-spaces")
def main(verbose: bool) -> None:
    """Discussion spaces: check content, build the site, take in submissions."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
