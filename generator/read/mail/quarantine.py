"""The quarantine: every message the intake refused, kept with its reason.

It lives in ``quarantine/`` at the repository root, which .gitignore keeps out
of every commit: the messages hold senders' addresses. Each entry is the
message exactly as received (``<name>.eml``) and a ``<name>.reason.yml``
saying why, when and from where. Names come from the Message-ID, so
quarantining the same message again replaces its entry instead of adding one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

FOLDER = "quarantine"


@dataclass(frozen=True)
class Entry:
    """One quarantined message: where its copy is and why it was refused."""

    path: Path
    label: str
    reason: str
    subject: str
    sender: str
    received: str
    origin: str


def entry_name(message_id: str) -> str:
    """A safe, stable file stem for a Message-ID (never the sender's words)."""
    return "mail-" + hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:20]


def quarantine(root: Path, raw: bytes, *, message_id: str, label: str, reason: str,
               subject: str = "", sender: str = "", origin: str = "",
               received: dt.datetime | None = None) -> Path:
    """Keep ``raw`` with its reason; returns the path of the kept message."""
    folder = private_folder(root / FOLDER)
    stem = entry_name(message_id)
    target = folder / f"{stem}.eml"
    target.write_bytes(raw)
    record = {
        "label": label,
        "reason": reason,
        "message_id": message_id,
        "subject": subject,
        "sender": sender,
        "received": received.isoformat() if received else "",
        "origin": origin,
    }
    (folder / f"{stem}.reason.yml").write_text(
        yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def private_folder(folder: Path) -> Path:
    """Create ``folder`` with a ``.gitignore`` of ``*`` inside: git ignores it
    even in a site repository whose own .gitignore forgot it."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Senders' mail: never committed.\n*\n", encoding="utf-8")
    return folder


def entries(root: Path) -> list[Entry]:
    """Every quarantined message, oldest entry first."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    found = []
    for reason_file in sorted(folder.glob("*.reason.yml"),
                              key=lambda p: (p.stat().st_mtime, p.name)):
        record = yaml.safe_load(reason_file.read_text(encoding="utf-8")) or {}
        stem = reason_file.name.removesuffix(".reason.yml")
        found.append(Entry(
            path=folder / f"{stem}.eml", label=str(record.get("label", "")),
            reason=str(record.get("reason", "")),
            subject=str(record.get("subject", "")),
            sender=str(record.get("sender", "")),
            received=str(record.get("received", "")),
            origin=str(record.get("origin", ""))))
    return found


def release(root: Path, message_id: str) -> None:
    """Forget a quarantined message once it became a post after all."""
    stem = entry_name(message_id)
    for suffix in (".eml", ".reason.yml"):
        (root / FOLDER / f"{stem}{suffix}").unlink(missing_ok=True)
