"""From a parsed message to what a post needs: author, text, date, attachments.

Plain text is preferred; a message with only HTML is converted to Markdown
after the quoted part (Gmail's ``gmail_quote``, Outlook's reply header, Apple
and Thunderbird ``blockquote type=cite``) is removed from the HTML itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, field
from email.message import Message

from bs4 import BeautifulSoup
from markdownify import markdownify

from generator.read.mail.decode import (
    header_text,
    message_date,
    message_ids,
    part_text,
    received_at,
    sender_name,
)
from generator.read.mail.trim import affiliation_from_signature, trim_reply

log = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
# Attachments we keep, by content type, and the extension their saved copy gets.
# Anything else is listed for the moderator but not saved.
ATTACHMENT_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation":
        ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
}
# Never saved: they carry personal data (cards, calendars) or are not content.
NEVER_SAVED = {"text/vcard", "text/x-vcard", "text/directory", "text/calendar",
               "application/pgp-signature", "application/pkcs7-signature",
               "application/x-pkcs7-signature", "application/ics"}
QUOTE_SELECTORS = [
    "div.gmail_quote", "blockquote.gmail_quote", "blockquote[type=cite]",
    "div.yahoo_quoted", "div#mail-editor-reference-message-container",
    "blockquote", "div.OutlookMessageHeader",
]
# Markers after which a client puts the earlier message as *siblings*, not
# inside the marker (Outlook on the web, Thunderbird): cut them and what follows.
QUOTE_STARTS = ["div#appendonsend", "div#divRplyFwdMsg", "div.moz-cite-prefix",
                "hr#stopSpelling"]


@dataclass
class Attachment:
    """A file that came with a message, to be saved under a generated name."""

    index: int
    content_type: str
    payload: bytes
    extension: str

    def safe_name(self, post_id: str) -> str:
        """``<post id>-<n><ext>``: never the sender's own file name."""
        return f"{post_id}-{self.index}{self.extension}"


@dataclass
class Extracted:
    """What the intake read from one message, before routing and checking."""

    message_id: str
    author: str
    affiliation: str
    subject: str
    body: str
    posted: dt.datetime | None
    references: list[str] = field(default_factory=list)
    language: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    untrimmed: str = ""


def extract(message: Message, raw: bytes,
            receipt: dt.datetime | None = None) -> Extracted:
    """Read a message; ``receipt`` is when the mailbox got it, if the source knows.

    A top-level forwarded message (``message/rfc822``, how a moderator passes
    on an answer sent to them) is read one level down: its author, text and
    date are the contribution, the date bounded by the outer message's receipt.
    """
    outer = message
    inner = _forwarded(message)
    notes: list[str] = []
    if inner is not None:
        message = inner
        notes.append("forwarded: author, text and date from the attached message")
    text, read_notes, plain = _body_text(message)
    notes += read_notes
    trimmed = trim_reply(text)
    body = trimmed.text.strip()
    if plain:
        body = plain_to_markdown(body)
    affiliation = header_text(message, "Organization") or header_text(
        message, "Organisation") or affiliation_from_signature(trimmed.signature)
    attachments, skipped = _attachments(message)
    return Extracted(
        # A forwarded answer is keyed by its own Message-ID: forwarded twice, one post.
        message_id=_message_id(message, b"") if inner is not None and message.get(
            "Message-ID") else _message_id(outer, raw),
        author=sender_name(message) or sender_name(outer),
        affiliation=affiliation,
        subject=header_text(outer, "Subject"),
        body=body,
        posted=posted_instant(outer, receipt, sent_by=message),
        references=message_ids(header_text(outer, "References"))
        + message_ids(header_text(outer, "In-Reply-To")),
        language=_language(message),
        attachments=attachments,
        skipped=skipped,
        notes=notes + [f"removed: {cut}" for cut in trimmed.cut],
        untrimmed=text.strip(),
    )


def posted_instant(message: Message, receipt: dt.datetime | None = None,
                   sent_by: Message | None = None) -> dt.datetime | None:
    """The Date header, never later than receipt (a wrong clock cannot post-date).

    Receipt is the topmost Received line, else what the source knows (IMAP
    INTERNALDATE, the mbox ``From`` line). Without a Date, the receipt; without
    both, None: the intake's own clock is never a post's date.
    """
    sent = message_date(sent_by or message) or message_date(message)
    received = received_at(message) or receipt
    if sent is None:
        return received
    if received is not None and sent > received:
        return received
    return sent


def _message_id(message: Message, raw: bytes) -> str:
    """The Message-ID, or a stable stand-in made from the message's bytes."""
    found = message_ids(str(message.get("Message-ID") or ""))
    if found:
        return found[0]
    return f"<sha256-{hashlib.sha256(raw).hexdigest()[:32]}@spaces.invalid>"


def _forwarded(message: Message) -> Message | None:
    if message.get_content_type() != "message/rfc822":
        return None
    payload = message.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    return None


def _body_text(message: Message) -> tuple[str, list[str], bool]:
    """The text to post, notes on how it was read, and whether it is plain text.

    The plain part first, else HTML (to Markdown) or enriched text converted.
    """
    plain = html = enriched = None
    for part in message.walk():
        if part.is_multipart() or _is_attachment(part):
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = part
        elif kind == "text/html" and html is None:
            html = part
        elif kind in ("text/enriched", "text/richtext") and enriched is None:
            enriched = part
    if plain is not None:
        return part_text(plain), [], True
    if html is not None:
        return html_to_markdown(part_text(html)), ["converted from HTML"], False
    if enriched is not None:
        return (enriched_to_text(part_text(enriched)),
                ["converted from text/enriched"], True)
    return "", ["no text part"], True


def plain_to_markdown(text: str) -> str:
    """Plain text that Markdown shows as written: no tag vanishes, no heading.

    ``<`` outside indented (code) lines becomes ``&lt;``, otherwise the site's
    sanitiser would drop ``<Host name=...>`` as an unknown tag; a ``#`` at the
    start of a line is escaped so "#3 priority" stays text.
    """
    lines = []
    for line in text.split("\n"):
        if not line.startswith(("    ", "\t")):
            line = line.replace("<", "&lt;")
            if line.lstrip().startswith("#"):
                line = line.replace("#", "\\#", 1)
        lines.append(line)
    return "\n".join(lines)


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("Content-Disposition") or "").lower()
    return disposition.startswith("attachment") or (
        bool(part.get_filename()) and not disposition.startswith("inline"))


def html_to_markdown(html: str) -> str:
    """Markdown of an HTML body without its quoted reply, scripts or styles."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "head", "title", "meta"]):
        element.decompose()
    for selector in QUOTE_STARTS:
        for element in soup.select(selector):
            for sibling in list(element.find_next_siblings()):
                sibling.decompose()
            previous = element.find_previous_sibling()
            if previous is not None and previous.name == "hr":
                previous.decompose()
            element.decompose()
    for selector in QUOTE_SELECTORS:
        for element in soup.select(selector):
            element.decompose()
    for image in soup.find_all("img"):
        if str(image.get("src", "")).startswith("cid:"):
            image.decompose()
    text = markdownify(str(soup), heading_style="ATX", bullets="-",
                       strip=["span", "font"])
    return re.sub(r"\n{3,}", "\n\n", text.replace("\xa0", " ")).strip()


def enriched_to_text(text: str) -> str:
    """Plain text of RFC 1896 text/enriched: commands dropped, ``<<`` is ``<``."""
    text = text.replace("<<", "\x00")
    text = re.sub(r"<param>.*?</param>", "", text, flags=re.S | re.I)
    text = re.sub(r"</?[A-Za-z0-9-]+>", "", text).replace("\x00", "<")
    # In text/enriched a single newline is a space and n+1 newlines are n.
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    return re.sub(r"\n(\n*)", r"\1", text)


def _attachments(message: Message) -> tuple[list[Attachment], list[str]]:
    """Files to save (known types, within limits) and notes on the ones skipped."""
    saved: list[Attachment] = []
    skipped: list[str] = []
    for part in message.walk():
        # Inline images and files count too; inline text is the body itself.
        binary = part.get_content_maintype() in ("image", "application")
        if part.is_multipart() or not (_is_attachment(part) or binary):
            continue
        kind = part.get_content_type()
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        if kind in NEVER_SAVED:
            skipped.append(f"{kind} not saved (personal data or signature)")
        elif kind not in ATTACHMENT_TYPES:
            skipped.append(f"{kind} not saved (type not accepted)")
        elif len(payload) > MAX_ATTACHMENT_BYTES:
            skipped.append(f"{kind} of {len(payload)} bytes not saved "
                           f"(limit {MAX_ATTACHMENT_BYTES})")
        elif len(saved) >= MAX_ATTACHMENTS:
            skipped.append(f"{kind} not saved (more than {MAX_ATTACHMENTS} files)")
        else:
            saved.append(Attachment(len(saved) + 1, kind, payload,
                                    ATTACHMENT_TYPES[kind]))
    return saved, skipped


def _language(message: Message) -> str:
    value = str(message.get("Content-Language") or "").split(",")[0].strip().lower()
    return value if re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", value) else ""
