"""The sender's own words: quoted replies and signatures cut from plain text.

Mail clients mark what they quote in different ways. Gmail, Apple Mail and
Android write an attribution line ("On <date>, <name> wrote:", translated by
the client into the sender's language, sometimes wrapped over two or three
lines) and prefix the quote with ``>``; Outlook and Hotmail put a separator
("-----Original Message-----", a row of underscores) or a ``From:/Sent:``
header block above an unprefixed copy of the whole earlier message.

Rules: ``>`` lines go, wherever they are (inline answers between them stay);
an attribution line goes with them; an attribution or separator *not*
followed by ``>`` lines starts an unprefixed quote, and everything from there
on goes. Then the signature: from a ``-- `` line, a "Sent from my phone" line
or a closing list footer to the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Verbs that end an attribution line, in the languages our participants use
# and those the real fixtures show (Czech, Russian, German, Dutch, ...).
ATTRIBUTION_END = re.compile(
    r"(wrote|writes|a écrit|a ecrit|escribió|escribio|ha scritto|escreveu|schrieb"
    r"|schreef|skrev|kirjoitti|napisał|pisze|napsal\(a\)|napsal|написал\(а\)"
    r"|написал|написала|пишет|كتب|写道|寫道|a scris|yazdı|írta)\s*[:：]\s*$"
    # German, Dutch, Scandinavian: "Am <date> schrieb <name>:"
    r"|\b(schrieb|schreef|skrev|wrote on|كتب)\b.*[:：]\s*$"
    # Gmail's wordless form: "2017-11-27 20:47 GMT+01:00 Name <address>:"
    r"|^\d{4}-\d{2}-\d{2} .*>\s*:\s*$",
    re.IGNORECASE)
# An attribution line also names a date, an address or a time; "He wrote:"
# inside a sentence does not.
ATTRIBUTION_HINT = re.compile(
    r"\d{1,4}[./:-]\d{1,2}|@|\bon\b|\bam\b|\ble\b|\bel\b|\bop\b|\bdne\b|\d{4}",
    re.IGNORECASE)
SEPARATORS = re.compile(
    r"^\s*(-{2,}\s*(original message|message d'origine|mensaje original"
    r"|ursprüngliche nachricht|messaggio originale|forwarded message"
    r"|message transféré|mensaje reenviado)\s*-{2,}|_{20,})\s*$",
    re.IGNORECASE)
HEADER_FIELD = re.compile(
    r"^\s*\**(from|de|von|da|van|от|sent|envoyé|enviado|gesendet|inviato|date"
    r"|datum|fecha|to|à|para|an|a|subject|objet|asunto|betreff|oggetto|cc)\s*\**:",
    re.IGNORECASE)
FROM_FIELD = re.compile(r"^\s*\**(from|de|von|da|van|от)\s*\**:", re.IGNORECASE)
MOBILE_SIGNATURE = re.compile(
    r"^\s*(sent from my|sent from outlook|get outlook for|envoyé de mon"
    r"|envoyé depuis|enviado desde mi|enviado do meu|von meinem .* gesendet"
    r"|inviato da|sent from yahoo mail|sent via |-+ next part -+$)", re.IGNORECASE)
# A phone number, an address or a web link: the lines of a contact block.
CONTACT = re.compile(r"\(?\+?\d[\d ()./-]{7,}\d|@|https?://|www\.", re.IGNORECASE)
RULE = re.compile(r"^\s*[-_]{10,}\s*$")
VALEDICTION = re.compile(
    r"^\s*(best|kind|warm|warmest|with best)?\s*(regards|wishes|greetings)[,.!]?\s*$"
    r"|^\s*(sincerely|cordialement|bien cordialement|bien à vous|saludos"
    r"|saludos cordiales|atentamente|un saludo|mit freundlichen grüßen|cheers"
    r"|thanks|thank you|many thanks|merci|gracias|best)[,.!]?\s*$",
    re.IGNORECASE)


@dataclass
class Trimmed:
    """The text a sender wrote, and the signature lines cut from its end."""

    text: str
    signature: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)


def trim_reply(text: str) -> Trimmed:
    """Remove quoted text and the signature; keep answers written between quotes."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    cut: list[str] = []
    attributions = _attributions(lines)
    index = 0
    while index < len(lines):
        span = attributions.get(index, 0)
        if span:
            if _quote_follows(lines, index + span):
                cut.append("attribution")
                index += span
                continue
            cut.append("unprefixed quote")
            break
        if _starts_forwarded_copy(lines, index):
            cut.append("original message")
            break
        if lines[index].startswith(">"):
            cut.append("quote")
            index += 1
            continue
        kept.append(lines[index])
        index += 1
    body, signature = _cut_signature(kept)
    return Trimmed(_tidy(body), signature, sorted(set(cut)))


ATTRIBUTION_START = re.compile(
    r"^\s*((on|le|am|el|il|em|op|dne|den|w dniu|в)\b|\d)", re.IGNORECASE)


def _attributions(lines: list[str]) -> dict[int, int]:
    """Attribution lines: their first line's index and how many lines they span.

    Found from the line that ends with the verb, extended upwards (clients wrap
    long ones over two or three lines) to the line that starts like one, so a
    greeting just above ("Hello") is not taken. Without a date or address, a
    "... wrote:" line only counts when a ``>`` quote follows.
    """
    found: dict[int, int] = {}
    for end, line in enumerate(lines):
        if line.startswith(">") or not ATTRIBUTION_END.search(line.strip()):
            continue
        start = end
        for back in (1, 2):
            first = end - back
            if first < 0 or not lines[first].strip() or lines[first].startswith(">"):
                break
            if ATTRIBUTION_START.match(lines[first]):
                start = first
        chunk = " ".join(text.strip() for text in lines[start:end + 1])
        if ATTRIBUTION_HINT.search(chunk) or _quote_follows(lines, end + 1):
            found[start] = end + 1 - start
    return found


def _quote_follows(lines: list[str], index: int) -> bool:
    """True when the next non-blank line from ``index`` is a ``>`` quote."""
    for line in lines[index:]:
        if line.strip():
            return line.startswith(">")
    return True


def _starts_forwarded_copy(lines: list[str], index: int) -> bool:
    """A separator, or an Outlook ``From:`` block with two more header fields."""
    if SEPARATORS.match(lines[index]):
        return True
    if not FROM_FIELD.match(lines[index]):
        return False
    following = [line for line in lines[index + 1:index + 6] if line.strip()]
    return sum(1 for line in following[:4] if HEADER_FIELD.match(line)) >= 2


def _cut_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split off the signature, in stages from the end of the message inwards.

    A ``--`` or "Sent from my phone" line cuts everything below it; then a
    list footer below a rule; then a sign-off ("Best regards," and the lines
    under it) or a contact block (name with phone, address or link lines).
    """
    signature: list[str] = []
    for index, line in enumerate(lines):
        if line.rstrip() in ("--", "-- ") or MOBILE_SIGNATURE.match(line):
            signature = _nonblank(lines[index + 1:])
            lines = lines[:index]
            break
    end = _end(lines)
    for index in range(max(1, end - 9), end):
        if RULE.match(lines[index]):
            signature = _nonblank(lines[index + 1:end]) + signature
            lines = lines[:index]
            break
    end = _end(lines)
    for index in range(max(1, end - 6), end):
        if VALEDICTION.match(lines[index]):
            return lines[:index], _nonblank(lines[index:end]) + signature
    start = end
    while start and lines[start - 1].strip():
        start -= 1
    block = lines[start:end]
    if start and 2 <= len(block) <= 6 and any(CONTACT.search(x) for x in block[1:]):
        return lines[:start], _nonblank(block) + signature
    return lines, signature


def _end(lines: list[str]) -> int:
    """The index after the last non-blank line."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return end


def _nonblank(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip()]


def _tidy(lines: list[str]) -> str:
    """Strip trailing spaces, drop blank runs and the blank edges."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


AFFILIATION_WORDS = re.compile(
    r"\b(ministry|ministère|ministerio|office|bureau|organi[sz]ation|university"
    r"|université|universidad|institute|institut|agency|department|embassy"
    r"|mission|council|commission|foundation|association|network|programme"
    r"|program|secretariat|unit|centre|center|government|iom|unhcr|ilo|undp"
    r"|unicef|oecd|ngo|society|federation|union|ltd|inc|gmbh|s\.a\.)\b",
    re.IGNORECASE)


def affiliation_from_signature(signature: list[str]) -> str:
    """The first signature line that names an organisation, or ''."""
    for line in signature[:6]:
        if "@" in line or "http" in line.lower() or re.search(r"\+?\d[\d ()-]{6,}",
                                                             line):
            continue
        if AFFILIATION_WORDS.search(line) and len(line) <= 120:
            return line.strip(" ,;|")
    return ""
