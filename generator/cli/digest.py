"""`spaces digest SPACE --since DATE`: new posts as Markdown and HTML."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import main
from generator.cli.common import load, now_option, root_option
from generator.model.timeparse import TimeError, parse_now, to_instant
from generator.render.digest import digest_html, digest_markdown, make_digest
from generator.render.markdown import MarkdownRenderer
from generator.render.pages import AUDIENCES, FragmentRenderer, View


@main.command()
@root_option
@now_option
@click.argument("space")
@click.option("--since", required=True,
              help="Date or date-time; a bare date starts at midnight in the "
              "space's zone.")
@click.option("--audience", type=click.Choice(sorted(AUDIENCES)), default="public",
              show_default=True, help="Whose view of the space the digest shows.")
@click.option("--markdown", "markdown_file", type=click.Path(path_type=Path),
              default=None, help="Write the Markdown here (default: print it).")
@click.option("--html", "html_file", type=click.Path(path_type=Path), default=None,
              help="Write the HTML document here.")
def digest(root: Path, now: str | None, space: str, since: str, audience: str,
           markdown_file: Path | None, html_file: Path | None) -> None:
    """New posts and replies in SPACE since a date, for a mailing list."""
    site, _, settings = load(root)
    view = View(site, settings, parse_now(now), audience=audience,
                pinned=bool(now), renderer=MarkdownRenderer())
    found = next((s for s in view.spaces() if s.slug == space), None)
    if found is None:
        raise click.ClickException(f"no space '{space}' visible to audience "
                                   f"{audience}")
    try:
        start = to_instant(since, found.timezone)
    except TimeError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    if not settings.site_url:
        click.echo("warning: site_url is not set in mkdocs.yml; links in the digest "
                   "are paths on the site", err=True)

    result = make_digest(view, found, start)
    text = digest_markdown(view, result)
    if markdown_file:
        markdown_file.write_text(text, encoding="utf-8")
    elif not html_file:
        click.echo(text)
    if html_file:
        fragments = FragmentRenderer(root / "theme", view)
        html_file.write_text(digest_html(view, result, fragments), encoding="utf-8")
    click.echo(f"{result.count} new posts since {start.isoformat()}", err=True)
