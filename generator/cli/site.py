"""check, build, serve and export."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import click
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.cli import main
from generator.cli.common import load, now_option, pin_now, root_option
from generator.model.timeparse import parse_now
from generator.render.markdown import MarkdownRenderer
from generator.render.outputs import write_outputs
from generator.render.pages import AUDIENCES, FragmentRenderer, View, build_pages

audience_option = click.option(
    "--audience", type=click.Choice(sorted(AUDIENCES)), default=None,
    help="Who the build is for: public (default), members or all.")


# Extra checks register here: functions (site, problems, settings, root) that add
# problems; features such as issue forms and proposals append their own.
CHECKS: list = []


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@main.command()
@root_option
def check(root: Path) -> None:
    """Validate all content; print every problem as path:line: message."""
    site, problems, settings = load(root, strict=False)
    for extra_check in CHECKS:
        extra_check(site, problems, settings, root)
    for problem in sorted(problems.items, key=lambda p: (p.path, p.line, p.message)):
        click.echo(str(problem), err=problem.severity == "error")
    errors, warnings = len(problems.errors), len(problems.warnings)
    click.echo(f"{len(site.spaces)} spaces, {len(site.posts())} posts: "
               f"{plural(errors, 'error')}, {plural(warnings, 'warning')}")
    if errors:
        raise click.exceptions.Exit(1)


def _config(root: Path, audience: str | None, **overrides: object):  # type: ignore[no-untyped-def]
    if audience:
        os.environ["SPACES_AUDIENCE"] = audience
    return load_config(config_file=str(root / "mkdocs.yml"), **overrides)


@main.command()
@root_option
@now_option
@audience_option
@click.option("--site-dir", type=click.Path(path_type=Path), default=None,
              help="Where to write the site (default: mkdocs.yml's site_dir).")
@click.option("--strict", is_flag=True, help="Fail on warnings.")
def build(root: Path, now: str | None, audience: str | None, site_dir: Path | None,
          strict: bool) -> None:
    """Build the static site with MkDocs and our plugin."""
    pin_now(now)
    overrides: dict[str, object] = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.resolve())
    try:
        config = _config(root, audience, **overrides)
        # With the spaces-cache plugin on, the site folder is kept between builds
        # and the plugin removes stale files itself (see generator.render.outputcache).
        cache = config.plugins.get("spaces-cache")
        mkdocs_build(config, dirty=bool(cache and cache.config.enabled))
    except MkDocsException as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@root_option
@now_option
@audience_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(root: Path, now: str | None, audience: str | None, dev_addr: str) -> None:
    """Build and serve the site locally, rebuilding on changes."""
    pin_now(now)
    if audience:
        os.environ["SPACES_AUDIENCE"] = audience
    # Checked before the first build, which takes a while: a busy port would
    # otherwise end it with a traceback.
    _check_free(dev_addr)
    try:
        mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr)
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {dev_addr}: {exc.strerror or exc}")


def _check_free(dev_addr: str) -> None:
    """Fail with a plain message when nothing can listen on ``dev_addr``."""
    host, _, port = dev_addr.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"{dev_addr!r} is not host:port (port 1 to 65535)",
                                 param_hint="--dev-addr")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, int(port)))
        except OSError as exc:
            hint = f"{host}:{int(port) + 1}" if family == socket.AF_INET else "another port"
            raise click.ClickException(
                f"cannot serve on {dev_addr}: {exc.strerror or exc}. Stop the program "
                f"using it, or pick another address: --dev-addr {hint}") from exc


@main.command()
@root_option
@now_option
@audience_option
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export(root: Path, now: str | None, audience: str | None, folder: Path) -> None:
    """Write the generated pages as Markdown files, for another engine."""
    site, _, settings = load(root)
    view = View(site, settings, parse_now(now), audience=audience or "public",
                pinned=bool(now), renderer=MarkdownRenderer())
    fragments = FragmentRenderer(root / "theme", view)
    pages = build_pages(view)
    for page in pages:
        target = folder / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\ntitle: {page.title!r}\n---\n\n{fragments(page)}\n",
                          encoding="utf-8")
    # Another engine runs no plugin: feeds and calendars go along as static files.
    extra = write_outputs(view, folder, settings.site_url)
    click.echo(f"{len(pages)} pages written to {folder}")
    click.echo(f"{len(extra)} feeds and calendars written to {folder}")
