"""Decoding what mail clients send: charsets that lie, encoded words, dates.

Nothing here raises on bad input: a part whose declared charset is wrong or
unknown is decoded by the next best guess, with replacement characters as the
last resort, so one odd message never stops an intake run.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import re
from email.header import decode_header, make_header
from email.message import Message

# Labels read as a superset, as browsers do: what is sent as Latin-1 is
# nearly always Windows-1252 (curly quotes in 0x80-0x9F).
ALWAYS_WIDER = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                "x-unknown": "utf-8", "unknown-8bit": "utf-8"}
# Labels whose traffic is often a superset (Outlook sends GBK as "gb2312"),
# tried when the strict label fails on a message that is not mostly ASCII.
WIDER_ON_FAILURE = {"gb2312": "gb18030", "gbk": "gb18030", "euc-cn": "gb18030",
                    "ks_c_5601-1987": "cp949", "euc-kr": "cp949",
                    "shift_jis": "cp932", "iso-8859-8-i": "iso-8859-8"}


def known_codec(label: str | None) -> str | None:
    """The Python codec for a declared charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip('"').lower()
    label = ALWAYS_WIDER.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(payload: bytes, declared: str | None) -> tuple[str, str]:
    """Text of ``payload`` and the codec that read it.

    The declared charset first, strictly; then UTF-8. A mostly-ASCII text that
    fits neither is a Windows program's curly quote under a wrong label, so
    Windows-1252 comes before the label's wider family (GB18030 for GB2312).
    The last resort is UTF-8 with U+FFFD for the bytes that do not fit.
    """
    label = (declared or "").strip().strip('"').lower()
    high = sum(1 for byte in payload if byte > 0x7F)
    mostly_ascii = high * 10 < len(payload)
    order = [declared, "utf-8"]
    order += ["cp1252", WIDER_ON_FAILURE.get(label)] if mostly_ascii else [
        WIDER_ON_FAILURE.get(label), "cp1252"]
    tried: list[str] = []
    for candidate in order:
        codec = known_codec(candidate)
        if codec is None or codec in tried:
            continue
        tried.append(codec)
        try:
            return payload.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return payload.decode("utf-8", errors="replace"), "utf-8?"


def part_text(part: Message) -> str:
    """The decoded text of a leaf part, whatever its transfer encoding."""
    payload = part.get_payload(decode=True)
    if payload is None:
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    if not isinstance(payload, bytes):
        return str(payload)
    return decode_bytes(payload, part.get_content_charset())[0]


def header_text(message: Message, name: str) -> str:
    """A header's decoded text: encoded words joined, raw 8-bit read as UTF-8."""
    return " ".join(decode_words(_raw_header(message, name)).split())


def decode_words(raw: str) -> str:
    """Decode RFC 2047 words in ``raw``, tolerating unknown charsets."""
    raw = raw.replace("\r", "").replace("\n", "")
    raw = _surrogates_to_text(raw)
    try:
        return str(make_header(decode_header(raw))).strip()
    except (LookupError, UnicodeDecodeError, ValueError, AssertionError):
        pieces = []
        for chunk, charset in decode_header(raw):
            if isinstance(chunk, bytes):
                chunk = decode_bytes(chunk, charset)[0]
            pieces.append(chunk)
        return "".join(pieces).strip()


def _surrogates_to_text(raw: str) -> str:
    """Headers with raw 8-bit bytes arrive as surrogate escapes; read them."""
    if not any("\udc80" <= ch <= "\udcff" for ch in raw):
        return raw
    data = raw.encode("utf-8", errors="surrogateescape")
    return decode_bytes(data, None)[0]


COMMENT_NAME = re.compile(r"\(([^()]+)\)\s*$")
ADDRESS_LIKE = re.compile(r"@|\s+at\s+\S+\.\S+|^\S+\.\S+$")
VIA_SUFFIX = re.compile(r"\s+via\s+.+$", re.IGNORECASE)


def sender_name(message: Message) -> str:
    """The sender's display name, decoded; empty when only an address is given.

    Reads ``Name <addr>``, the old ``addr (Name)`` comment style, and drops a
    ``via <list>`` suffix that list servers add. A "name" that is itself an
    address is no name: posts never publish addresses.
    """
    raw = " ".join(_raw_header(message, "From").split())
    if not raw:
        return ""
    # Split the address list before decoding: a decoded name may hold a comma.
    name, address = email.utils.parseaddr(raw)
    name = decode_words(name)
    if not name or name == raw:
        comment = COMMENT_NAME.search(decode_words(raw))
        name = comment.group(1) if comment else ""
    name = VIA_SUFFIX.sub("", " ".join(name.replace('"', " ").split()))
    if not name or ADDRESS_LIKE.search(name) or name.lower() == address.lower():
        return ""
    return name


def sender_address(message: Message) -> str:
    """The sender's address (for robot detection and the quarantine only)."""
    decoded = " ".join(_raw_header(message, "From").split())
    address = email.utils.parseaddr(decoded)[1]
    if not address or "@" not in address:
        match = re.match(r"\s*(\S+)\s+at\s+(\S+)", decoded)
        address = f"{match.group(1)}@{match.group(2)}" if match else ""
    return address.lower()


def _raw_header(message: Message, name: str) -> str:
    """The header as sent, before a parsing policy reinterprets it."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return ""


def message_date(message: Message, name: str = "Date") -> dt.datetime | None:
    """The Date header as an aware instant, or None when absent or unreadable."""
    raw = str(message.get(name) or "").strip()
    return parse_mail_date(raw)


def parse_mail_date(raw: str) -> dt.datetime | None:
    """An RFC 5322 date (also the tail of a Received line) as an aware instant."""
    if not raw:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed


def received_at(message: Message) -> dt.datetime | None:
    """When our side received the message: the date on the topmost Received line."""
    for value in message.get_all("Received") or []:
        text = " ".join(str(value).split())
        _, sep, stamp = text.rpartition(";")
        when = parse_mail_date(stamp.strip()) if sep else None
        if when is not None:
            return when
    return None


def message_ids(text: str) -> list[str]:
    """Every ``<id>`` in a Message-ID, In-Reply-To or References value."""
    return [f"<{found}>" for found in re.findall(r"<([^<>\s]+)>", text or "")]
