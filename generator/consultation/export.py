"""Every comment on a draft as table rows, for the drafting team's next revision.

Rows follow the current version: its paragraphs in document order, each
paragraph's comments oldest first; then comments on removed paragraphs, then
comments naming no known paragraph. The same rows are written as CSV and as a
Markdown table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import astuple, dataclass

from generator.consultation.anchors import normalise
from generator.consultation.model import Draft
from generator.consultation.review import PlacedComment, removed_paragraphs, review

HEADER = ("Paragraph", "Paragraph text", "Author", "Affiliation", "Date (UTC)",
          "Comment", "Link", "Version", "Note")
TEXT_LIMIT = 80


@dataclass(frozen=True)
class ExportRow:
    """One comment: the paragraph it sits on now, who said what, and where."""

    paragraph: str
    paragraph_text: str
    author: str
    affiliation: str
    date: str
    comment: str
    link: str
    version: int
    note: str


def shorten(text: str, limit: int = TEXT_LIMIT) -> str:
    """One line of at most ``limit`` characters, cut at a word, with '…'."""
    plain = normalise(text)
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1]
    if plain[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


_LIST_LINE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")


def unwrap(body: str) -> str:
    """A comment's Markdown with hard-wrapped lines joined: paragraphs stay apart
    (a blank line) and list items keep a line each, so a spreadsheet cell reads
    as the page does."""
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        lines: list[str] = []
        for line in chunk.split("\n"):
            if lines and not _LIST_LINE.match(line):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(normalise(line) for line in lines))
    return "\n\n".join(paragraphs)


def export_rows(draft: Draft, site_url: str = "") -> list[ExportRow]:
    """Rows for every comment the moderators did not hide."""
    placed = review(draft)
    page = f"{site_url.rstrip('/')}/" if site_url else ""
    page += f"spaces/{draft.space}/drafts/{draft.slug}/"
    latest = draft.latest.number

    def row(item: PlacedComment, anchor: str, text: str, note: str) -> ExportRow:
        post = item.comment.post
        return ExportRow(
            paragraph=anchor, paragraph_text=shorten(text), author=post.author,
            affiliation=post.affiliation,
            date=post.posted.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
            comment=unwrap(post.body), link=f"{page}#comment-{post.id}",
            version=item.comment.version, note=note)

    rows = []
    for paragraph in placed.paragraphs:
        for item in paragraph.comments:
            note = ""
            if item.on_earlier_version:
                note = (f"made on version {item.comment.version}; the paragraph "
                        f"changed by version {latest}")
            rows.append(row(item, paragraph.block.anchor, paragraph.block.text, note))
    for paragraph in removed_paragraphs(placed):
        for item in paragraph.comments:
            note = f"paragraph removed in version {item.placement.removed_in}"
            rows.append(row(item, paragraph.block.anchor, paragraph.block.text, note))
    for item in placed.unplaced:
        rows.append(row(item, item.comment.paragraph, "",
                        "names no paragraph of this draft; see `spaces check`"))
    return rows


# A cell starting with one of these is a formula to Excel, LibreOffice and Google
# Sheets; the drafting team opens this file in one of them, and authors and
# comments are contributors' text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with a quote."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def to_csv(rows: list[ExportRow]) -> str:
    """The rows as CSV with a header line (RFC 4180 quoting, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows([_inert(cell) for cell in astuple(r)] for r in rows)
    return out.getvalue()


def _cell(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(text.strip().split("\n"))


def to_markdown(rows: list[ExportRow], title: str = "") -> str:
    """The rows as a Markdown table; line breaks in a comment become <br>."""
    lines = [f"# {title}", ""] if title else []
    lines.append("| " + " | ".join(HEADER) + " |")
    lines.append("|" + "---|" * len(HEADER))
    for row in rows:
        lines.append("| " + " | ".join(_cell(v) for v in astuple(row)) + " |")
    return "\n".join(lines) + "\n"
