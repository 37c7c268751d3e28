"""The `spaces` command line: the same core as the MkDocs plugin, from a shell.

Each command group lives in its own module and registers itself on ``main``.
"""

from __future__ import annotations

import logging

import click


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Show debug messages.")
@click.version_option(package_name="discussion-spaces")
def main(verbose: bool) -> None:
    """Discussion spaces: check content, build the site, take in submissions."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")


# Command modules register themselves on import; keep this list sorted.
from generator.cli import (  # noqa: E402,F401
    consultation,
    digest,
    forms,
    intake,
    knowledge,
    mail,
    moderate,
    moderation,
    proposals,
    site,
)
