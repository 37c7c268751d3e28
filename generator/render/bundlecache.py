"""Rendered post bodies kept in one file instead of one file per body.

MarkdownRenderer keeps each rendering in its own small file; a rebuild of 10,000
posts then opens 10,000 files before it can tell that nothing changed. This
renderer keeps the same results (same key: the text and RENDER_VERSION) in one
pickle, read once and written once per build.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import markdown

from generator.model.parsecache import ParseCache
from generator.render.markdown import RENDER_VERSION, MarkdownRenderer


def nh3_version() -> str:
    """The installed nh3's version, or '?'."""
    try:
        return version("nh3")
    except PackageNotFoundError:
        return "?"


class BundledMarkdownRenderer(MarkdownRenderer):
    """MarkdownRenderer whose cache between builds is one file in ``folder``."""

    def __init__(self, folder: Path | None):
        super().__init__(cache_dir=None)
        # Another Markdown or nh3 may render or clean differently: part of the key.
        version = f"{RENDER_VERSION}:{markdown.__version__}:{nh3_version()}"
        self.store = ParseCache(folder, name="markdown", version=version)

    def __call__(self, text: str) -> str:
        key = self._key(text)
        if key in self.memory:
            self.hits += 1
            return self.memory[key]
        html = self.store.parsed(text, self.render_markdown)
        self.memory[key] = html
        return html

    def render_markdown(self, text: str) -> str:
        """Markdown to sanitised HTML, without looking in any cache."""
        return super().__call__(text)

    def save(self) -> None:
        """Write the renderings this build used."""
        self.store.save()
