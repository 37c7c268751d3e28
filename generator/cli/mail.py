"""`spaces intake email` and `spaces quarantine list`: mail in, posts or quarantine."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from generator.cli import main
from generator.cli.common import load, root_option
from generator.cli.forge_options import forge_options, open_forge
from generator.cli.intake import intake
from generator.forge.base import Forge, ForgeError
from generator.forge.intake import propose
from generator.forge.report import build_report
from generator.model import Site
from generator.read.mail.intake import Deliver, DeliveryFailed, MailIntake
from generator.read.mail.quarantine import entries
from generator.read.mail.sources import (
    ImapSettings,
    Incoming,
    SourceError,
    read_imap,
    read_path,
)
from generator.read.submission import Submission, write_submission


@intake.command("email")
@root_option
@forge_options(default="files")
@click.argument("sources", nargs=-1,
                type=click.Path(exists=True, path_type=Path))
@click.option("--imap", is_flag=True,
              help="Read the IMAP folder named by the SPACES_IMAP_* variables.")
@click.option("--route", default="", metavar="SPACE/QUESTION",
              help="Send every message to this space and question.")
@click.option("--author", default="", help="Display name for mail that has none.")
@click.option("--list-quarantine", is_flag=True,
              help="Only list the quarantined messages.")
def intake_email(root: Path, forge_kind: str, base: str, repository: str | None,
                 api_url: str | None, sources: tuple[Path, ...], imap: bool,
                 route: str, author: str, list_quarantine: bool) -> None:
    """Turn mail (.eml, mbox, Maildir or IMAP) into pending posts.

    IMAP: SPACES_IMAP_HOST, SPACES_IMAP_USER and SPACES_IMAP_PASSWORD, and
    optionally SPACES_IMAP_PORT, SPACES_IMAP_FOLDER (INBOX),
    SPACES_IMAP_SECURITY (imaps or starttls) and SPACES_IMAP_CAFILE.
    """
    if list_quarantine:
        _list(root)
        return
    if not sources and not imap:
        raise click.UsageError("give a .eml, mbox or Maildir path, or --imap")
    site, _, settings = load(root)
    if forge_kind == "files":
        deliver, known = _writer(root, site), None
    else:
        try:
            forge = open_forge(forge_kind, root, settings, base, repository,
                               api_url)
        except ForgeError as exc:
            raise click.ClickException(str(exc)) from exc
        deliver, known = _proposer(forge, site), _on_forge(forge)
    taker = MailIntake(root, site, settings.intake_email, deliver, route=route,
                       author=author, known=known)
    started = time.perf_counter()
    outcomes = []
    try:
        # One line as each message is handled, so a run stopped by the mailbox
        # or the forge still shows what it did before.
        for incoming in _messages(sources, imap):
            outcomes.append(taker.take(incoming))
            click.echo(outcomes[-1].line())
    except (SourceError, DeliveryFailed) as exc:
        raise click.ClickException(str(exc)) from exc
    counts = {status: sum(1 for o in outcomes if o.status == status)
              for status in ("posted", "duplicate", "quarantined")}
    click.echo(f"{len(outcomes)} message(s) in {time.perf_counter() - started:.2f} s: "
               + ", ".join(f"{n} {status}" for status, n in counts.items()))


def _messages(sources: tuple[Path, ...], imap: bool) -> Iterator[Incoming]:
    streams = [read_path(path) for path in sources]
    if imap:
        streams.append(read_imap(ImapSettings.from_env()))
    return itertools.chain.from_iterable(streams)


def _writer(root: Path, site: Site) -> Deliver:
    """Write post files into the working tree (used until a forge is chosen)."""

    def deliver(submission: Submission, notes: str) -> str:
        path = write_submission(root, submission, site)
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(
            path)

    return deliver


def _proposer(forge: Forge, site: Site) -> Deliver:
    """Propose each post on its own branch (and pull request), as issues are.

    The shared step of every intake (branch, proposal, moderation report); the
    mail intake adds the spam signals of the message's headers to the report and
    its notes (how the mail was read, attachments) as a comment.
    """

    def deliver(submission: Submission, notes: str) -> str:
        posted = dt.datetime.fromisoformat(
            str(submission.front_matter["posted"]).replace("Z", "+00:00"))
        report = build_report(
            site, path=submission.path, space=submission.space,
            question=submission.question,
            author=str(submission.front_matter["author"]), body=submission.body,
            posted=posted, late=submission.late)
        signals = submission.front_matter.get("spam_signals")
        if isinstance(signals, list):
            report.spam_signals += [str(signal) for signal in signals]
        change = propose(submission, report, forge).change
        if change is None:
            return submission.path
        if not change.unchanged:
            forge.comment_change(change, notes)
        where = f"#{change.number}" if change.number else change.branch
        return f"{submission.path} on {where}"

    return deliver


def _on_forge(forge: Forge) -> Callable[[str], bool]:
    """True when a message is already a proposal (open, merged or rejected)."""
    return lambda message_id: forge.find(message_id) is not None


@main.group("quarantine")
def quarantine_group() -> None:
    """Messages the mail intake refused, kept with their reason (never committed)."""


@quarantine_group.command("list")
@root_option
def quarantine_list(root: Path) -> None:
    """List quarantined messages: file, reason code, subject, and why."""
    _list(root)


def _list(root: Path) -> None:
    found = entries(root)
    for entry in found:
        where = entry.path.relative_to(root) if entry.path.is_relative_to(root) else (
            entry.path)
        subject = entry.subject or "(no subject)"
        sender = f" from {entry.sender}" if entry.sender else ""
        click.echo(f"{where.as_posix()}  [{entry.label}] {subject}{sender}: "
                   f"{entry.reason}")
    click.echo(f"{len(found)} message(s) in quarantine")
