"""`spaces unanswered`, `spaces stats`, `spaces queue` and `spaces spam`: the
moderation toolkit from the command line, the same figures as the moderators' page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import click

from generator.cli import main
from generator.cli.common import load, now_option, root_option
from generator.cli.forge_options import open_forge
from generator.cli.site import CHECKS
from generator.config import Settings
from generator.forge.base import ForgeError
from generator.model import Site, Space
from generator.model.problems import Problems
from generator.model.timeparse import TimeError, parse_now
from generator.moderation.queue import ForgeSource, QueueError, pending_posts
from generator.moderation.replies import unanswered as unanswered_posts
from generator.moderation.spam import (
    SpamSettingsError,
    SpamThresholds,
    score,
    space_context,
)
from generator.moderation.stats import SpaceStats, space_stats
from generator.render.pages import View

json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print JSON for scripts instead of text.")


def _now(now: str | None) -> dt.datetime:
    try:
        return parse_now(now)
    except TimeError as exc:
        raise click.BadParameter(str(exc), param_hint="--now / SPACES_NOW") from exc


def _space(site: Site, slug: str) -> Space:
    space = site.space(slug)
    if space is None:
        known = ", ".join(s.slug for s in site.spaces) or "none"
        raise click.BadParameter(f"unknown space {slug!r}; known spaces: {known}",
                                 param_hint="SPACE")
    return space


def _questions(site: Site, settings: Settings, now: dt.datetime, space: Space):  # type: ignore[no-untyped-def]
    # Moderators see every audience's questions, but only those published by now.
    return View(site, settings, now, audience="all").questions(space)


def duration(delta: dt.timedelta) -> str:
    """'3d 04h 05m': exact to the minute, short enough for a table column."""
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    return f"{days}d {hours:02d}h {minutes:02d}m"


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


@main.command()
@root_option
@now_option
@json_option
@click.argument("space_slug", metavar="SPACE")
def unanswered(root: Path, now: str | None, as_json: bool, space_slug: str) -> None:
    """Published posts of SPACE with no reply from the moderation team yet.

    Replies from other participants are listed but do not count as an answer.
    """
    site, _, settings = load(root)
    instant = _now(now)
    space = _space(site, space_slug)
    waiting = unanswered_posts(space, instant,
                               _questions(site, settings, instant, space))
    if as_json:
        _echo_json({"space": space.slug, "now": instant.isoformat(), "posts": [{
            "question": w.question.slug, "post": w.post.id, "author": w.post.author,
            "posted": w.post.posted.isoformat(),
            "waited_seconds": int(w.waited(instant).total_seconds()),
            "other_replies": [r.id for r in w.other_replies],
        } for w in waiting]})
        return
    click.echo(f"{space.slug}: {len(waiting)} posts without a reply from the "
               f"moderation team at {instant.isoformat()}")
    for w in waiting:
        click.echo(f"  {duration(w.waited(instant))}  {w.question.slug}/{w.post.id}"
                   f"  {w.post.author}")
        if w.other_replies:
            names = ", ".join(r.author for r in w.other_replies)
            click.echo(f"      replies from others (not counted): {names}")


@main.command()
@root_option
@now_option
@json_option
@click.argument("space_slug", metavar="SPACE")
def stats(root: Path, now: str | None, as_json: bool, space_slug: str) -> None:
    """Posts and participants per day, who took part, replies and busiest threads."""
    site, _, settings = load(root)
    instant = _now(now)
    space = _space(site, space_slug)
    figures = space_stats(space, instant, site.people,
                          _questions(site, settings, instant, space))
    if as_json:
        _echo_json(figures.as_json())
        return
    for line in stats_lines(figures):
        click.echo(line)


def stats_lines(s: SpaceStats) -> list[str]:
    """The text report of `spaces stats`, one line a list item."""
    share = (f"{s.share_answered:.1%}" if s.share_answered is not None else "n/a")
    median = duration(s.median_first_reply) if s.median_first_reply else "n/a"
    lines = [
        f"{s.space.slug} at {s.now.isoformat()}",
        f"posts: {s.posts} by {s.participants} participants"
        + (f" ({s.hidden} hidden, not counted)" if s.hidden else ""),
        f"answered by the team: {s.answered} of {s.to_answer} participants' posts "
        f"({share})",
        f"median time to the team's first reply: {median}",
        "per day (posts, participants):",
    ]
    lines += [f"  {d.date.isoformat()}  {d.posts:3d}  {d.participants:3d}  "
              + "#" * d.posts for d in s.days]
    for title, ranked in (("organisations", s.organisations),
                          ("countries", s.countries), ("languages", s.languages)):
        lines.append(f"{title} ({len(ranked)}):")
        lines += [f"  {count:3d}  {name}" for name, count in ranked]
    lines.append("busiest threads:")
    lines += [f"  {t.posts:3d}  {t.question.slug}/{t.root.id}  {t.root.author}"
              for t in s.busiest]
    return lines


@main.command()
@root_option
@now_option
@json_option
@click.option("--forge", "forge_kinds", type=click.Choice(["local", "github"]),
              multiple=True, default=("local",), show_default=True,
              help="Where submissions wait: local branches, GitHub pull requests; "
                   "repeat to list both.")
@click.option("--base", default="main", show_default=True,
              help="The published branch submissions merge into.")
@click.option("--repository", default=None,
              help="owner/name on GitHub (default: mkdocs.yml's spaces repository, "
                   "or GITHUB_REPOSITORY).")
@click.option("--api-url", envvar="GITHUB_API_URL", default=None,
              help="GitHub API address. Env: GITHUB_API_URL.")
def queue(root: Path, now: str | None, as_json: bool, forge_kinds: tuple[str, ...],
          base: str, repository: str | None, api_url: str | None) -> None:
    """Submissions waiting for a moderator, oldest first, with flags."""
    site, _, settings = load(root)
    instant = _now(now)
    try:
        sources = [ForgeSource(open_forge(kind, root, settings, base, repository,
                                          api_url), root)
                   for kind in dict.fromkeys(forge_kinds)]
        items = pending_posts(site, settings, instant, sources)
    except (ForgeError, QueueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        _echo_json({"now": instant.isoformat(),
                    "pending": [item.as_json() for item in items]})
        return
    click.echo(f"{len(items)} submissions waiting at {instant.isoformat()}")
    for item in items:
        age = duration(item.age) if item.age else "?"
        where = f"{item.space}/{item.question}" if item.space else item.change.branch
        flags = f"  [{', '.join(item.flags)}]" if item.flags else ""
        spam = f"  spam {item.spam.score:g}" if item.spam else ""
        click.echo(f"  {age}  {where}  {item.author or '?'}  {item.change.url}"
                   f"{spam}{flags}")
        for reason in item.reasons:
            click.echo(f"      {reason}")


@main.command()
@root_option
@json_option
@click.option("--language", default="", help="The language the author declared.")
@click.argument("space_slug", metavar="SPACE")
@click.argument("post", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def spam(root: Path, as_json: bool, language: str, space_slug: str,
         post: Path) -> None:
    """Score the text of POST (a Markdown file) for SPACE, signal by signal."""
    site, _, settings = load(root)
    space = _space(site, space_slug)
    try:
        context = space_context(site, space, settings, language=language,
                                exclude=post.stem)
    except SpamSettingsError as exc:
        raise click.ClickException(f"mkdocs.yml: plugins.spaces.{exc}") from exc
    report = score(post.read_text(encoding="utf-8"), context=context)
    if as_json:
        _echo_json(report.as_json())
        return
    verdict = "held for a moderator" if report.held else "not held"
    click.echo(f"{post}: score {report.score:g} (holds at {report.hold_at:g}): "
               f"{verdict}")
    for signal in report.signals:
        click.echo(f"  {'x' if signal.fired else ' '} {signal.name}: "
                   f"{signal.explanation}")


def check_spam_settings(site: Site, problems: Problems, settings: Settings,
                        root: Path) -> None:
    """`spaces check`: the spam thresholds in mkdocs.yml must be usable."""
    try:
        SpamThresholds.from_mapping(settings.spam)
    except SpamSettingsError as exc:
        for message in exc.args:
            problems.error(root / "mkdocs.yml", 0, f"plugins.spaces.{message}")


FORMS_DIR = Path(".github/ISSUE_TEMPLATE")
CONDUCT_LINK = re.compile(r"\]\([^)\s]*code-of-conduct[^)\s]*\)")


def check_forms_link_conduct(site: Site, problems: Problems, settings: Settings,
                             root: Path) -> None:
    """`spaces check`: a form that asks to accept the code of conduct links it."""
    for form in sorted((root / FORMS_DIR).glob("*.y*ml")):
        text = form.read_text(encoding="utf-8")
        if "code_of_conduct" in text and not CONDUCT_LINK.search(text):
            line = text[: text.index("code_of_conduct")].count("\n") + 1
            problems.warning(form, line, "the code-of-conduct checkbox does not "
                             "link the code of conduct; put a Markdown link to "
                             "docs/code-of-conduct.md in its label")


CHECKS.extend([check_spam_settings, check_forms_link_conduct])
