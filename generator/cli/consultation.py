"""`spaces consultation`: the comments on a draft, for its drafting team.

Also registers the draft check with `spaces check`.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import main
from generator.cli.common import load, root_option
from generator.cli.site import CHECKS
from generator.config import Settings
from generator.consultation.export import export_rows, to_csv, to_markdown
from generator.consultation.load import load_drafts
from generator.model import Site
from generator.model.problems import Problems


def check_drafts(site: Site, problems: Problems, settings: Settings,
                 root: Path) -> None:
    """Drafts and comments: unknown draft, version or paragraph, by file and line."""
    load_drafts(site, problems)


CHECKS.append(check_drafts)


@main.group()
def consultation() -> None:
    """Drafts under consultation and the comments on their paragraphs."""


@consultation.command("export")
@root_option
@click.argument("space_slug", metavar="SPACE")
@click.argument("draft_slug", metavar="DRAFT")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out/consultation"), show_default=True,
              help="Folder for <space>--<draft>.csv and .md.")
@click.option("--site-url", default="", help="Published site's address, so the "
              "Link column holds full URLs; default: links relative to the site.")
def export(root: Path, space_slug: str, draft_slug: str, out: Path,
           site_url: str) -> None:
    """Write every comment on DRAFT as a CSV file and a Markdown table."""
    site, _, _ = load(root)
    problems = load_drafts(site)
    space = site.space(space_slug)
    if space is None:
        known = ", ".join(s.slug for s in site.spaces) or "none"
        raise click.ClickException(f"unknown space {space_slug!r}; spaces: {known}")
    draft = next((d for d in space.drafts if d.slug == draft_slug), None)
    if draft is None:
        known = ", ".join(d.slug for d in space.drafts) or "none"
        raise click.ClickException(f"space '{space.slug}' has no draft "
                                   f"{draft_slug!r}; its drafts: {known}")
    for problem in problems.items:
        click.echo(str(problem), err=True)

    rows = export_rows(draft, site_url)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"{space.slug}--{draft.slug}"
    csv_path, md_path = stem.with_suffix(".csv"), stem.with_suffix(".md")
    csv_path.write_text(to_csv(rows), encoding="utf-8", newline="")
    title = f"Comments on {draft.title} (version {draft.latest.number})"
    md_path.write_text(to_markdown(rows, title), encoding="utf-8")
    click.echo(f"{len(rows)} comments written to {csv_path} and {md_path}")
