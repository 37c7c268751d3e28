"""Comments placed on the paragraphs of a version: what the page, the export and
the summary draft read.

On the latest version every comment is followed from the version it was made on
(see `Draft.place`): it sits under its paragraph, marked when that paragraph has
changed since; a comment whose paragraph a later version removed goes to a list
of its own. An older version shows only the comments made on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.consultation.anchors import Block
from generator.consultation.model import Comment, Draft, Placement, Version


@dataclass
class PlacedComment:
    """A comment with where it sits and the paragraph as its author read it."""

    comment: Comment
    placement: Placement
    original: Block | None

    @property
    def on_earlier_version(self) -> bool:
        """True when the paragraph was edited after the comment was made."""
        return self.placement.changed and self.placement.anchor is not None


@dataclass
class Paragraph:
    """A block of the shown version and the comments under it."""

    block: Block
    comments: list[PlacedComment] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.comments)


@dataclass
class Section:
    """A heading of the shown version and the blocks up to the next heading.

    ``heading`` is None for the blocks before the first heading, and for the
    section of paragraphs a later version removed (then ``removed`` is True).
    """

    heading: Block | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: bool = False

    @property
    def comments(self) -> list[PlacedComment]:
        return [c for p in self.paragraphs for c in p.comments]


@dataclass
class Review:
    """One version of a draft with every comment that belongs on its page."""

    draft: Draft
    version: Version
    paragraphs: list[Paragraph]
    removed: list[PlacedComment] = field(default_factory=list)
    unplaced: list[PlacedComment] = field(default_factory=list)

    @property
    def is_latest(self) -> bool:
        return self.version is self.draft.latest

    @property
    def count(self) -> int:
        return (sum(p.count for p in self.paragraphs) + len(self.removed)
                + len(self.unplaced))

    def sections(self) -> list[Section]:
        """The paragraphs grouped under their nearest heading, in document order."""
        sections = [Section(None)]
        for paragraph in self.paragraphs:
            if paragraph.block.kind == "heading":
                sections.append(Section(paragraph.block))
            sections[-1].paragraphs.append(paragraph)
        return [s for s in sections if s.paragraphs]


CommentFilter = Callable[[Comment], bool]


def visible(comment: Comment) -> bool:
    """Comments the moderators did not hide."""
    return not comment.post.hidden


def review(draft: Draft, number: int | None = None,
           include: CommentFilter = visible) -> Review:
    """Place the draft's comments on version ``number`` (default: the latest)."""
    version = draft.version(number) if number is not None else draft.latest
    if version is None:
        raise ValueError(f"draft '{draft.slug}' has no version {number}")
    paragraphs = [Paragraph(block) for block in version.blocks]
    by_anchor = {p.block.anchor: p for p in paragraphs}
    result = Review(draft, version, paragraphs)
    matches = draft.matches()
    latest = version is draft.latest
    for comment in filter(include, draft.comments):
        commented = draft.version(comment.version)
        original = commented.block(comment.paragraph) if commented else None
        if latest:
            placement = draft.place(comment, matches)
        elif comment.version != version.number:
            continue
        else:
            placement = Placement(comment.paragraph if original else None,
                                  changed=False, known=original is not None)
        placed = PlacedComment(comment, placement, original)
        target = by_anchor.get(placement.anchor or "")
        if target is not None:
            target.comments.append(placed)
        elif placement.removed_in is not None:
            result.removed.append(placed)
        else:
            result.unplaced.append(placed)
    return result


def comments_by_section(draft: Draft,
                        include: CommentFilter = visible) -> list[Section]:
    """Every comment on the draft grouped by section of its latest version.

    For the summary draft: sections in document order, each with its paragraphs
    and their comments; comments on removed paragraphs are in the last section,
    whose heading is None and whose paragraphs are the removed blocks.
    """
    placed = review(draft, include=include)
    sections = placed.sections()
    if placed.removed:
        sections.append(Section(None, removed_paragraphs(placed), removed=True))
    return sections


def removed_paragraphs(placed: Review) -> list[Paragraph]:
    """The removed paragraphs that have comments, each with its comments, in the
    order of the versions they were commented on."""
    by_block: dict[tuple[int, str], Paragraph] = {}
    for item in placed.removed:
        assert item.original is not None
        key = (item.comment.version, item.original.anchor)
        by_block.setdefault(key, Paragraph(item.original)).comments.append(item)
    return [by_block[key] for key in sorted(by_block, key=lambda k: (
        k[0], _position(placed.draft, k[0], k[1])))]


def _position(draft: Draft, number: int, anchor: str) -> int:
    version = draft.version(number)
    anchors = [b.anchor for b in version.blocks] if version else []
    return anchors.index(anchor) if anchor in anchors else len(anchors)
