"""Blocks of a draft and their stable anchors, and how versions map onto each other.

A draft version is split into blocks: headings, paragraphs and list items (a
fenced code block, a table or a block quote counts as one paragraph). Each block
gets an anchor by this rule:

1. Its text is normalised: the list marker ("-", "3.") and the heading hashes are
   dropped, Unicode is NFC, and every run of whitespace becomes one space. So
   re-wrapping lines, renumbering a list or changing a heading's level changes
   no anchor.
2. The anchor is ``<kind>-<slug>-<digest>``: kind is ``h`` (heading), ``p``
   (paragraph) or ``li`` (list item); slug is the first four words of the text in
   ASCII, whole words up to 32 characters, so a person can tell anchors apart in
   a spreadsheet or an email subject; digest is the first six hex digits of the
   SHA-1 of kind and normalised text.
3. Position only breaks ties: the second block with the same kind and text (or,
   rarely, the same digest) gets ``-2`` appended, the third ``-3``, in document
   order.

Because the anchor depends on nothing but the block's own text (and on identical
blocks before it), editing, adding, removing or moving other blocks leaves it
unchanged. Editing the block itself gives a new anchor; `match_versions` then
links the old block to the new one:

- same anchor in both versions: the text is unchanged;
- otherwise the unmatched blocks of the same kind are paired when their word
  sequences are at least 80 % alike (difflib's ratio, 2 x matching words /
  words in both): changing two words of a 20-word paragraph gives 0.9, rewriting
  half of it gives about 0.5. At 0.8 a comment still speaks about the same
  sentence, so it stays with the paragraph, marked as made on the older
  version. The best-scoring pairs are taken first, ties to the nearer position;
- every other old block was removed.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from unidecode import unidecode

KINDS = {"heading": "h", "paragraph": "p", "item": "li"}
SLUG_WORDS = 4
SLUG_LIMIT = 32
DIGEST_LENGTH = 6
NEAR_MATCH = 0.8

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<text>.*))?$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item of a draft version.

    ``text`` is the block's Markdown without its list marker or heading hashes;
    ``line`` is its first line in the version file; ``depth`` is the list nesting
    (0 for a top-level item) and ``level`` the heading level.
    """

    kind: str
    text: str
    anchor: str
    line: int
    level: int = 0
    depth: int = 0
    marker: str = ""

    @property
    def plain(self) -> str:
        """The normalised text, one line: what the anchor is computed from."""
        return normalise(self.text)


@dataclass(frozen=True)
class Match:
    """Where a block of an older version went in the next one.

    ``anchor`` is None when the newer version removed the block; ``changed`` is
    True when it was paired with an edited block rather than an identical one.
    """

    anchor: str | None
    changed: bool
    similarity: float = 1.0


def normalise(text: str) -> str:
    """NFC text with every run of whitespace made one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _slug(text: str) -> str:
    slug = ""
    for word in re.findall(r"[a-z0-9]+", unidecode(text).lower())[:SLUG_WORDS]:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > SLUG_LIMIT:
            return slug or word[:SLUG_LIMIT]
        slug = longer
    return slug


def base_anchor(kind: str, text: str) -> str:
    """The anchor of a block before duplicates are numbered (rule steps 1-2)."""
    prefix = KINDS[kind]
    plain = normalise(text)
    digest = hashlib.sha1(f"{prefix}\0{plain}".encode()).hexdigest()
    slug = _slug(plain)
    middle = f"{slug}-" if slug else ""
    return f"{prefix}-{middle}{digest[:DIGEST_LENGTH]}"


@dataclass
class _Raw:
    kind: str
    lines: list[str]
    line: int
    level: int = 0
    depth: int = 0
    marker: str = ""


def _split(text: str, first_line: int) -> list[_Raw]:
    blocks: list[_Raw] = []
    current: _Raw | None = None
    fence: str | None = None
    blank_before = True
    for number, line in enumerate(text.split("\n"), start=first_line):
        # Inside a fence every line belongs to the fenced block, blank or not.
        if fence is not None:
            assert current is not None
            current.lines.append(line)
            if line.strip().startswith(fence):
                fence, current = None, None
            continue
        if not line.strip():
            blank_before = True
            if current is not None and current.kind != "item":
                current = None
            continue
        opened = _FENCE.match(line)
        heading = _ATX.match(line)
        item = _ITEM.match(line)
        if opened:
            fence = opened.group(1)
            current = _Raw("paragraph", [line], number)
            blocks.append(current)
        elif heading:
            blocks.append(_Raw("heading", [heading.group(2) or ""], number,
                               level=len(heading.group(1))))
            current = None
        elif (current is not None and current.kind == "paragraph"
              and not blank_before and _SETEXT.match(line)):
            current.kind = "heading"
            current.level = 1 if line.strip().startswith("=") else 2
            current = None
        elif _BREAK.match(line):
            current = None
        elif item and item.group("text"):
            indent = len(item.group("indent").expandtabs(4))
            current = _Raw("item", [item.group("text")], number,
                           depth=indent // 2, marker=item.group("marker"))
            blocks.append(current)
        elif current is not None and (not blank_before or (
                current.kind == "item" and line.startswith((" ", "\t")))):
            # A lazy continuation line, or an indented paragraph inside an item.
            current.lines.append(("\n" if blank_before else "") + line.strip())
        else:
            current = _Raw("paragraph", [line], number)
            blocks.append(current)
        blank_before = False
    return blocks


def split_blocks(text: str, first_line: int = 1) -> list[Block]:
    """The blocks of a version's Markdown body, each with its anchor.

    ``first_line`` is the file line the body starts on (after front matter), so
    each block's ``line`` is a line of the file.
    """
    seen: dict[str, int] = {}
    blocks = []
    for raw in _split(text, first_line):
        body = "\n".join(raw.lines).strip("\n")
        if raw.kind == "paragraph" and not body.lstrip().startswith(("```", "~~~")):
            body = "\n".join(part.rstrip() for part in body.split("\n"))
        if not normalise(body):
            continue
        anchor = base_anchor(raw.kind, body)
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] > 1:
            anchor = f"{anchor}-{seen[anchor]}"
        blocks.append(Block(raw.kind, body, anchor, raw.line, raw.level, raw.depth,
                            raw.marker))
    return blocks


def similarity(old: Block, new: Block) -> float:
    """How alike two blocks' word sequences are, from 0 to 1 (difflib's ratio)."""
    matcher = difflib.SequenceMatcher(None, old.plain.lower().split(),
                                      new.plain.lower().split(), autojunk=False)
    if matcher.real_quick_ratio() < NEAR_MATCH or matcher.quick_ratio() < NEAR_MATCH:
        return 0.0
    return matcher.ratio()


def match_versions(old: list[Block], new: list[Block]) -> dict[str, Match]:
    """For every block of ``old``, where it is in ``new`` (see the module rule)."""
    new_anchors = {block.anchor: block for block in new}
    result: dict[str, Match] = {}
    for block in old:
        twin = new_anchors.get(block.anchor)
        if twin is not None and twin.plain == block.plain:
            result[block.anchor] = Match(block.anchor, changed=False)

    # Near matches among what is left, the most alike pairs first.
    # TODO: compare only blocks within a window of positions if drafts of
    # thousands of edited paragraphs appear; at 2,000 this takes about 3 s
    # (benchmarks/consultation_anchors.py), for real drafts milliseconds.
    taken = {m.anchor for m in result.values()}
    old_left = [(i, b) for i, b in enumerate(old) if b.anchor not in result]
    new_left = [(j, b) for j, b in enumerate(new) if b.anchor not in taken]
    pairs = []
    for i, before in old_left:
        for j, after in new_left:
            if before.kind == after.kind:
                score = similarity(before, after)
                if score >= NEAR_MATCH:
                    pairs.append((-score, abs(i - j), i, j, before, after))
    used_old: set[str] = set()
    used_new: set[str] = set()
    for negative, _, _, _, before, after in sorted(pairs, key=lambda p: p[:4]):
        if before.anchor in used_old or after.anchor in used_new:
            continue
        used_old.add(before.anchor)
        used_new.add(after.anchor)
        result[before.anchor] = Match(after.anchor, changed=True,
                                      similarity=-negative)
    for _, block in old_left:
        result.setdefault(block.anchor, Match(None, changed=True, similarity=0.0))
    return result
