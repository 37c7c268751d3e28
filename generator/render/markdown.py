"""Markdown to safe HTML, cached by content hash between builds.

Post bodies are untrusted. Whatever Markdown lets through (raw HTML, attribute
lists) is cleaned by nh3's allow-list before it reaches a template.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import markdown
import nh3

log = logging.getLogger(__name__)

EXTENSIONS = ["extra", "sane_lists", "smarty"]
# Bumping this invalidates every cached rendering (change it with the rules).
RENDER_VERSION = "1"
ALLOWED_TAGS = set(nh3.ALLOWED_TAGS)
URL_SCHEMES = {"http", "https", "mailto"}


# A heading tag in sanitised HTML: nh3 escapes "<" inside attribute values,
# so this matches tags only.
HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
# Where a contributor's own headings start: a post sits under the page's h1
# (the question) and h2 (the responses), so its "#" becomes an h3.
POST_TOP_HEADING = 3


def demote_headings(html: str, top: int = POST_TOP_HEADING) -> str:
    """``html`` with its headings moved down so that an h1 becomes an h``top``
    (h6 at most): a contributor's "# Title" must not be a second page title
    for screen readers, nor outrank the page's own sections."""
    shift = top - 1
    return HEADING_TAG.sub(
        lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)


def sanitise(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    # Images in posts load lazily so a thread stays light on a slow phone.
    return nh3.clean(html, tags=ALLOWED_TAGS, url_schemes=URL_SCHEMES,
                     link_rel="nofollow noopener ugc",
                     set_tag_attribute_values={"img": {"loading": "lazy"}})


class MarkdownRenderer:
    """Renders Markdown once per distinct text; keeps results on disk if asked."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = cache_dir
        self.memory: dict[str, str] = {}
        self.hits = 0
        self.misses = 0
        self._md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")

    def _key(self, text: str) -> str:
        data = f"{RENDER_VERSION}\0{text}".encode("utf-8")
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    def __call__(self, text: str) -> str:
        key = self._key(text)
        if key in self.memory:
            self.hits += 1
            return self.memory[key]
        cached = self.cache_dir / key[:2] / f"{key}.html" if self.cache_dir else None
        if cached is not None and cached.exists():
            self.hits += 1
            html = cached.read_text(encoding="utf-8")
        else:
            self.misses += 1
            html = sanitise(self._md.reset().convert(text))
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_text(html, encoding="utf-8")
        self.memory[key] = html
        return html
