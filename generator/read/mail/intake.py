"""One message in, one outcome out: a pending post, a duplicate, or quarantine.

The order of the checks matters. Duplicates are recognised before anything
else, so a re-run is silent; robots before routing, so an out-of-office reply
to a space's address is not proposed as a post; routing before the author
and text, so the quarantine reason names the first thing a moderator must fix.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from generator.model import Post, Site
from generator.read.mail.classify import robot_verdict, spam_signals
from generator.read.mail.decode import header_text, sender_name
from generator.read.mail.extract import Extracted, extract
from generator.read.mail.quarantine import private_folder, quarantine, release
from generator.read.mail.routing import Route, Unrouted, route_message
from generator.read.mail.sources import (
    MAX_MESSAGE_BYTES,
    PROCESSED,
    QUARANTINED,
    Incoming,
    SourceError,
)
from generator.read.submission import Refused, Submission, make_submission

log = logging.getLogger(__name__)

ATTACHMENTS_FOLDER = "private/mail-attachments"
#: Delivers a submission with the intake's notes for the moderator (how the mail
#: was read, attachments kept aside); returns where it went, for the report line.
Deliver = Callable[[Submission, str], str]


@dataclass
class Outcome:
    """What became of one message; ``detail`` is a path, a branch or a reason."""

    origin: str
    status: str
    message_id: str
    detail: str
    label: str = ""
    signals: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line for the command's report."""
        label = f" ({self.label})" if self.label else ""
        return f"{self.origin}: {self.status}{label}: {self.detail}"


class Rejected(Exception):
    """A message that goes to quarantine; ``label`` is the short reason code."""

    def __init__(self, label: str, reason: str):
        self.label = label
        self.reason = reason
        super().__init__(reason)


class DeliveryFailed(Exception):
    """The forge or the disk refused a post: the run stops, the message stays
    unmarked and is taken in again by the next run (never quarantined)."""

    def __init__(self, origin: str, cause: Exception):
        self.origin = origin
        self.cause = cause
        super().__init__(f"{origin}: could not deliver the post: {cause}")


class MailIntake:
    """Takes messages into one site; remembers Message-IDs across a run.

    ``route`` forces a ``space/question`` for every message (a moderator
    re-running a quarantined message, or tests on placeholder addresses);
    ``author`` supplies a display name for mail that had none; ``known`` says
    whether a Message-ID is already a proposal on the forge (pending posts are
    not in the working tree, so the site alone cannot tell).
    """

    def __init__(self, root: Path, site: Site, intake_address: str,
                 deliver: Deliver, route: str = "", author: str = "",
                 known: Callable[[str], bool] | None = None):
        self.root = root
        self.site = site
        self.intake_address = intake_address
        self.deliver = deliver
        self.route = route
        self.author = author
        self.known = known or (lambda message_id: False)
        self.seen = {post.source.strip().lower() for post in site.posts()
                     if post.source}

    def run(self, messages: Iterable[Incoming]) -> list[Outcome]:
        """Take in every message; one Outcome each, in order."""
        return [self.take(incoming) for incoming in messages]

    def take(self, incoming: Incoming) -> Outcome:
        """Take in one message; never raises for anything a message contains."""
        message: Message | None = None
        message_id = ""
        try:
            if len(incoming.raw) > MAX_MESSAGE_BYTES:
                raise Rejected("too-large", f"message of {len(incoming.raw)} bytes; "
                               f"the limit is {MAX_MESSAGE_BYTES}")
            message = email.message_from_bytes(incoming.raw,
                                               policy=email.policy.default)
            found = extract(message, incoming.raw, incoming.receipt)
            message_id = found.message_id
            if message_id.lower() in self.seen or self.known(message_id):
                log.info("%s: %s already taken in; skipped", incoming.origin,
                         message_id)
                incoming.mark([PROCESSED])
                return Outcome(incoming.origin, "duplicate", message_id,
                               "already a post or taken in earlier in this run")
            outcome = self._post(incoming, message, found)
        except Rejected as rejected:
            outcome = self._quarantine(incoming, message, message_id, rejected)
        except (DeliveryFailed, SourceError):
            raise  # the mailbox or the forge failed, not this message
        except Exception as exc:  # a message must never stop the run
            log.exception("%s: could not be read", incoming.origin)
            outcome = self._quarantine(incoming, message, message_id, Rejected(
                "unreadable", f"the intake failed on this message: {exc!r}"))
        self.seen.add(outcome.message_id.lower())
        return outcome

    def _post(self, incoming: Incoming, message: Message,
              found: Extracted) -> Outcome:
        verdict = robot_verdict(message)
        if verdict is not None:
            raise Rejected(verdict.label, verdict.reason)
        try:
            route = route_message(message, self.site, self.intake_address,
                                  found.references, self.route)
        except (Unrouted, ValueError) as exc:
            raise Rejected(getattr(exc, "label", "unrouted"),
                           getattr(exc, "reason", str(exc))) from exc
        _check_content(found, self.author)
        signals = spam_signals(message)
        extra: dict[str, object] = {}
        if signals:
            extra["spam_signals"] = signals
        try:
            submission = make_submission(
                self.site, space_slug=route.space, question_slug=route.question,
                author=self.author or found.author, affiliation=found.affiliation,
                body=found.body, posted=found.posted,  # type: ignore[arg-type]
                source=found.message_id, language=found.language or "en",
                in_reply_to=route.in_reply_to, extra=extra)
        except Refused as refused:
            raise Rejected(refused.label, refused.reason) from refused
        submission.labels += ["email"] + (["possible-spam"] if signals else [])
        saved = self._save_attachments(submission.post_id, found)
        if saved:
            submission.front_matter["attachments"] = saved
        try:
            where = self.deliver(submission, _notes(found, route, saved))
        except Exception as exc:  # the forge's or the disk's failure, not the mail's
            raise DeliveryFailed(incoming.origin, exc) from exc
        self._remember(submission, route)
        release(self.root, found.message_id)
        incoming.mark([PROCESSED])
        log.info("%s: pending post %s (%s)", incoming.origin, where, route.by)
        return Outcome(incoming.origin, "posted", found.message_id, where,
                       signals=signals)

    def _quarantine(self, incoming: Incoming, message: Message | None,
                    message_id: str, rejected: Rejected) -> Outcome:
        if not message_id:
            message_id = extract_id_safely(incoming.raw)
        subject = sender = ""
        if message is not None:
            subject = _safe(lambda: header_text(message, "Subject"))
            sender = _safe(lambda: sender_name(message))
        path = quarantine(self.root, incoming.raw, message_id=message_id,
                          label=rejected.label, reason=rejected.reason,
                          subject=subject, sender=sender, origin=incoming.origin,
                          received=incoming.receipt)
        incoming.mark([PROCESSED, QUARANTINED])
        log.info("%s: quarantined (%s): %s", incoming.origin, rejected.label,
                 rejected.reason)
        shown = path.relative_to(self.root) if path.is_relative_to(self.root) else path
        return Outcome(incoming.origin, "quarantined", message_id,
                       f"{rejected.reason} [{shown.as_posix()}]", rejected.label)

    def _save_attachments(self, post_id: str, found: Extracted) -> list[str]:
        """Save attachments under generated names in the git-ignored private folder."""
        if not found.attachments:
            return []
        private_folder(self.root / ATTACHMENTS_FOLDER)
        folder = self.root / ATTACHMENTS_FOLDER / post_id
        folder.mkdir(exist_ok=True)
        names = []
        for attachment in found.attachments:
            name = attachment.safe_name(post_id)
            (folder / name).write_bytes(attachment.payload)
            names.append(name)
        return names

    def _remember(self, submission: Submission, route: Route) -> None:
        """Make the new post known in memory, so later replies in the run find it."""
        question = self.site.space(route.space).question(route.question)  # type: ignore[union-attr]
        posted = dt.datetime.fromisoformat(
            str(submission.front_matter["posted"]).replace("Z", "+00:00"))
        question.posts.append(Post(  # type: ignore[union-attr]
            id=submission.post_id, space=route.space, question=route.question,
            author=str(submission.front_matter["author"]),
            affiliation=str(submission.front_matter["affiliation"]), posted=posted,
            body=submission.body, path=self.root / submission.path,
            in_reply_to=route.in_reply_to or None, source=submission.source))


def _check_content(found: Extracted, author: str) -> None:
    """Refuse what cannot become a post: no name, no date, no text.

    Length, control characters and addresses in the affiliation are judged by
    make_submission, the same for every intake.
    """
    if not (author or found.author):
        raise Rejected("no-name", "the sender gave no display name, only an "
                       "address, and posts never publish addresses; re-run with "
                       "--author \"<name>\" once you know it")
    if found.posted is None:
        raise Rejected("no-date", "the message has no Date header and no "
                       "receipt time, so when it was sent is unknown")
    if not found.body:
        if found.untrimmed:
            raise Rejected("needs-review", "nothing was left after removing quoted "
                           "text and signature; the answer may be written inside "
                           "an unmarked quote")
        raise Rejected("empty", "the message has no text")


def _notes(found: Extracted, route: Route, saved: list[str]) -> str:
    """The intake's note for the moderator: how the message was read and routed.

    Spam signals are not repeated here: they are in the front matter and in the
    moderation report.
    """
    lines = [f"Taken in from email `{found.message_id}`, routed by {route.by}."]
    if route.in_reply_to:
        lines.append(f"In reply to post `{route.in_reply_to}`.")
    lines += [f"- {note}" for note in found.notes]
    if saved:
        lines.append(f"- attachments kept in `{ATTACHMENTS_FOLDER}/` (not "
                     "published; add them by hand if they belong): "
                     + ", ".join(f"`{name}`" for name in saved))
    lines += [f"- attachment {note}" for note in found.skipped]
    return "\n".join(lines)


def extract_id_safely(raw: bytes) -> str:
    """A Message-ID for quarantining a message that could not even be parsed."""
    return f"<sha256-{hashlib.sha256(raw).hexdigest()[:32]}@spaces.invalid>"


def _safe(read: Callable[[], str]) -> str:
    try:
        return read()
    except Exception:  # headers of a broken message: show nothing rather than fail
        return ""
