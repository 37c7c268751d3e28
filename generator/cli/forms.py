"""`spaces forms`: regenerate the issue forms' space and question lists."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import main
from generator.cli.common import load, root_option
from generator.cli.site import CHECKS
from generator.forge.forms import check_forms, write_forms

CHECKS.append(check_forms)


@main.command()
@root_option
def forms(root: Path) -> None:
    """Rewrite the space dropdown and question list of the issue forms."""
    site, _, _ = load(root)
    written = write_forms(site, root)
    for path in written:
        click.echo(f"updated {path.relative_to(root)}")
    click.echo(f"{len(written)} issue forms updated")
