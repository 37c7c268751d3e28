"""Where messages come from: a .eml file, an mbox, a Maildir, or an IMAP folder.

Every source yields :class:`Incoming` messages as raw bytes (nothing is
re-encoded before it is quarantined) with when the mailbox received them, if
it knows. IMAP messages are marked with the ``$SpacesProcessed`` keyword once
handled, and only unmarked ones are fetched, so a re-run takes in only new
mail; files are re-read every time, and Message-IDs keep that idempotent.
"""

from __future__ import annotations

import base64
import datetime as dt
import imaplib
import logging
import mailbox
import os
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

PROCESSED = "$SpacesProcessed"
QUARANTINED = "$SpacesQuarantined"
MAX_MESSAGE_BYTES = 25 * 1024 * 1024


class SourceError(Exception):
    """A mailbox that cannot be read: missing, unknown format, refused login."""


@dataclass
class Incoming:
    """One raw message, where it came from, and how to mark it handled."""

    raw: bytes
    origin: str
    receipt: dt.datetime | None = None
    mark: Callable[[list[str]], None] = field(default=lambda flags: None)


def read_path(path: Path) -> Iterator[Incoming]:
    """Messages in a .eml file, an mbox file, a Maildir, or a folder of .eml files."""
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            yield from _maildir(path)
        else:
            for child in sorted(path.glob("*.eml")):
                yield Incoming(child.read_bytes(), child.as_posix())
        return
    if not path.is_file():
        raise SourceError(f"{path}: no such file or folder")
    with path.open("rb") as handle:
        first = handle.read(5)
    if first == b"From ":
        yield from _mbox(path)
    else:
        yield Incoming(path.read_bytes(), path.as_posix())


def _mbox(path: Path) -> Iterator[Incoming]:
    box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            with box.get_file(key, from_=True) as handle:
                from_line = handle.readline().decode("ascii", "replace")
                raw = handle.read()
            # The mbox separator line ends with the delivery time (asctime form).
            yield Incoming(raw, f"{path.as_posix()}#{key}", _asctime(from_line))
    finally:
        box.close()


def _asctime(text: str) -> dt.datetime | None:
    parts = text.split()
    if len(parts) < 5:
        return None
    try:
        when = dt.datetime.strptime(" ".join(parts[-5:]), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None
    return when.replace(tzinfo=dt.timezone.utc)


def _maildir(path: Path) -> Iterator[Incoming]:
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in sorted(box.iterkeys()):
        raw = box.get_bytes(key)
        delivered = dt.datetime.fromtimestamp(box.get_message(key).get_date(),
                                              dt.timezone.utc)
        yield Incoming(raw, f"{path.as_posix()}/{key}", delivered)


@dataclass
class ImapSettings:
    """How to reach a mailbox over IMAP; read from SPACES_IMAP_* variables.

    ``security`` is ``imaps`` (TLS from the start, port 993) or ``starttls``
    (port 143, upgraded before login). Plain-text IMAP is not offered: the
    password would cross the network in clear.
    """

    host: str
    user: str
    password: str
    port: int = 993
    folder: str = "INBOX"
    security: str = "imaps"
    cafile: str = ""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "ImapSettings":
        env = os.environ if environ is None else environ
        missing = [name for name in ("SPACES_IMAP_HOST", "SPACES_IMAP_USER",
                                     "SPACES_IMAP_PASSWORD") if not env.get(name)]
        if missing:
            raise SourceError("IMAP needs these environment variables: "
                              + ", ".join(missing))
        security = env.get("SPACES_IMAP_SECURITY", "imaps").lower()
        if security not in ("imaps", "starttls"):
            raise SourceError(f"SPACES_IMAP_SECURITY={security!r}: use imaps or "
                              "starttls")
        default_port = 993 if security == "imaps" else 143
        return cls(host=env["SPACES_IMAP_HOST"], user=env["SPACES_IMAP_USER"],
                   password=env["SPACES_IMAP_PASSWORD"],
                   port=int(env.get("SPACES_IMAP_PORT") or default_port),
                   folder=env.get("SPACES_IMAP_FOLDER") or "INBOX",
                   security=security, cafile=env.get("SPACES_IMAP_CAFILE", ""))

    def tls_context(self) -> ssl.SSLContext:
        """Verifying context; SPACES_IMAP_CAFILE adds a CA to trust (self-signed)."""
        return ssl.create_default_context(cafile=self.cafile or None)


def read_imap(settings: ImapSettings) -> Iterator[Incoming]:
    """Unprocessed messages of the folder; each one's ``mark`` sets our keywords."""
    try:
        if settings.security == "imaps":
            client: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                settings.host, settings.port, ssl_context=settings.tls_context(),
                timeout=30)
        else:
            client = imaplib.IMAP4(settings.host, settings.port, timeout=30)
            client.starttls(ssl_context=settings.tls_context())
        client.login(settings.user, settings.password)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise SourceError(f"IMAP {settings.host}:{settings.port}: {exc}") from exc
    try:
        status, _ = client.select(quote_folder(settings.folder))
        if status != "OK":
            raise SourceError(f"IMAP folder {settings.folder!r} cannot be opened")
        _, found = client.uid("SEARCH", "UNKEYWORD", PROCESSED)
        uids = found[0].split() if found and found[0] else []
        log.info("IMAP %s: %d unprocessed message(s)", settings.folder, len(uids))
        for uid in uids:
            incoming = _fetch(client, uid.decode(), settings)
            if incoming is not None:
                yield incoming
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


def _fetch(client: imaplib.IMAP4, uid: str,
           settings: ImapSettings) -> Incoming | None:
    # BODY.PEEK leaves \Seen alone: the moderator's mail client still shows it new.
    _, data = client.uid("FETCH", uid, "(INTERNALDATE RFC822.SIZE BODY.PEEK[])")
    item = next((part for part in data or [] if isinstance(part, tuple)), None)
    if item is None:
        log.error("IMAP uid %s could not be fetched", uid)
        return None
    header, raw = item[0].decode("ascii", "replace"), item[1]
    received = None
    stamp = imaplib.Internaldate2tuple(item[0])
    if stamp is not None:
        # Internaldate2tuple gives local time; mktime turns it back into epoch.
        received = dt.datetime.fromtimestamp(time.mktime(stamp), dt.timezone.utc)

    def mark(flags: list[str]) -> None:
        try:
            status, _ = client.uid("STORE", uid, "+FLAGS",
                                   "(" + " ".join(flags) + ")")
        except (OSError, imaplib.IMAP4.error) as exc:
            raise SourceError(f"IMAP uid {uid}: flags not set: {exc}") from exc
        if status != "OK":
            raise SourceError(f"IMAP uid {uid}: the server refused to set {flags}")

    origin = f"imap://{settings.host}/{settings.folder};UID={uid}"
    log.debug("fetched %s (%s)", origin, header)
    return Incoming(raw, origin, received, mark)


def quote_folder(folder: str) -> str:
    """A folder name as an IMAP quoted string, in modified UTF-7 (RFC 3501).

    Mailbox names outside ASCII ("Réponses") travel as ``&`` + base64 of their
    UTF-16 with ``,`` for ``/``; a literal ``&`` is ``&-``.
    """
    out: list[str] = []
    pending = ""

    def flush() -> None:
        nonlocal pending
        if pending:
            encoded = base64.b64encode(pending.encode("utf-16-be")).decode("ascii")
            out.append("&" + encoded.rstrip("=").replace("/", ",") + "-")
            pending = ""

    for char in folder:
        if " " <= char <= "~":
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending += char
    flush()
    text = "".join(out)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
