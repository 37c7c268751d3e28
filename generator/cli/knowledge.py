"""`spaces summary draft`, and the checks for translations and permalinks."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import main
from generator.cli.common import load, now_option, root_option
from generator.cli.site import CHECKS, audience_option
from generator.model.timeparse import parse_now
from generator.render.audience import AUDIENCE_OF_VISIBILITY
from generator.render.knowledge import check_permalinks
from generator.render.markdown import MarkdownRenderer
from generator.render.pages import View
from generator.render.summary import make_draft, render_draft
from generator.render.translations import check_translations

CHECKS.extend([check_translations, check_permalinks])


@main.group()
def summary() -> None:
    """Summaries of closed spaces, for the space page and the knowledge base."""


@summary.command()
@root_option
@now_option
@audience_option
@click.argument("space_slug", metavar="SPACE")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the draft to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
def draft(root: Path, now: str | None, audience: str | None, space_slug: str,
          output: Path | None, force: bool) -> None:
    """Print a Markdown draft of SPACE's summary for the moderators to edit.

    The draft holds only what the space's own audience may read (a public
    space's draft leaves out its members-only questions) unless --audience says
    otherwise. Edit it and save it as summaries/SPACE.md.
    """
    site, _, settings = load(root)
    space = site.space(space_slug)
    if space is None:
        known = ", ".join(s.slug for s in site.spaces) or "none"
        raise click.BadParameter(f"no space {space_slug!r} in {root / 'spaces'}; "
                                 f"the spaces are: {known}", param_hint="SPACE")
    view = View(site, settings, parse_now(now),
                audience=audience or AUDIENCE_OF_VISIBILITY[space.visibility],
                renderer=MarkdownRenderer())
    space = view.site.space(space_slug) or space
    if view.status(space) != "closed":
        click.echo(f"note: {space.slug} is still {view.status(space)}; the figures "
                   "will change until it closes", err=True)
    text = render_draft(make_draft(view, space))
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise click.ClickException(f"{output} exists; edit it, or pass --force to "
                                   "replace it with a new draft")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"draft summary of {space.slug} written to {output}", err=True)
