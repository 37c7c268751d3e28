"""Drafts under consultation, their versions and the comments on their paragraphs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.consultation.anchors import Block, Match, match_versions
from generator.model import Post


@dataclass
class Version:
    """One version of a draft: ``v<number>.md`` split into anchored blocks."""

    number: int
    path: Path
    title: str
    blocks: list[Block]
    published: dt.date | None = None
    changes: str = ""

    def block(self, anchor: str) -> Block | None:
        return next((b for b in self.blocks if b.anchor == anchor), None)


@dataclass
class Comment:
    """A post answering one paragraph of one version of a draft.

    ``draft``, ``version`` and ``paragraph`` come from its front matter;
    ``lines`` keeps the line of each of those keys for validation messages.
    """

    post: Post
    draft: str
    version: int
    paragraph: str
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Placement:
    """Where a comment sits on the page of the draft's latest version.

    ``anchor`` is the block of the latest version it belongs to, or None when a
    later version removed its paragraph (``removed_in`` says which) or when the
    comment names no known paragraph (``known`` is False). ``changed`` is True
    when the paragraph's text changed after the version the comment was made on.
    """

    anchor: str | None
    changed: bool
    removed_in: int | None = None
    known: bool = True


@dataclass
class Draft:
    """A document under consultation in a space: its versions and comments."""

    slug: str
    space: str
    path: Path
    versions: list[Version] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    @property
    def latest(self) -> Version:
        return self.versions[-1]

    @property
    def title(self) -> str:
        return self.latest.title or self.slug

    def version(self, number: int) -> Version | None:
        return next((v for v in self.versions if v.number == number), None)

    def matches(self) -> list[dict[str, Match]]:
        """For each version but the last, where its blocks went in the next one."""
        return [match_versions(old.blocks, new.blocks)
                for old, new in zip(self.versions, self.versions[1:])]

    def place(self, comment: Comment,
              matches: list[dict[str, Match]] | None = None) -> Placement:
        """Follow a comment's paragraph from its version to the latest one."""
        matches = self.matches() if matches is None else matches
        version = self.version(comment.version)
        if version is None or version.block(comment.paragraph) is None:
            return Placement(None, changed=False, known=False)
        anchor: str | None = comment.paragraph
        changed = False
        for index in range(self.versions.index(version), len(self.versions) - 1):
            match = matches[index].get(anchor or "")
            if match is None or match.anchor is None:
                return Placement(None, changed=True,
                                 removed_in=self.versions[index + 1].number)
            anchor, changed = match.anchor, changed or match.changed
        return Placement(anchor, changed)
