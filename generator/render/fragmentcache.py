"""Page fragments kept between builds, keyed by everything a template can see.

Drawing a question page walks every post of it through Jinja macros; with 10,000
posts that is about a second on every build. A fragment depends only on its
page's context, the View it is drawn for (settings, people, what is published
and each space's banner at this build's instant) and the template files, so a
fingerprint of those is its key. Objects are fingerprinted once per build (a
space's fingerprint covers all its questions and posts), which makes a new post
redraw the pages of its own space only.

The contract for templates: draw from the page's context, and from the View only
its settings, people, banners and statuses, and what is published at this
instant. A template that needs anything else of ``view.site`` gets it through
its page's context (or adds it to ``view_signature``), or it may be served a
fragment kept from before that thing changed. tests/render/test_build_cache.py
checks that a warm rebuild gives the bytes of a cold one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator.render.pages import FragmentRenderer, Page, View

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parents[1]
# Bumping this throws every kept fragment away (change it with the key's recipe).
FRAGMENT_VERSION = "1"
PLAIN = (str, int, float, bool, type(None), dt.datetime, dt.date, dt.timedelta)


def _digest(*parts: str) -> str:
    data = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def tree_digest(*folders: Path, pattern: str = "*") -> str:
    """Hash of the files under ``folders``, by relative path and bytes."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            hasher.update(str(path.relative_to(folder)).encode() + b"\0")
            hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` so that a reader never sees half of it (two builds at once)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


class Fingerprints:
    """Stable digests of model objects, each computed once per build.

    Strings carry their length, so no text can pass for a separator; objects
    are remembered by identity, and kept alive so that identity stays theirs.
    """

    def __init__(self) -> None:
        self.memo: dict[int, tuple[Any, str]] = {}
        self.field_names: dict[type, tuple[str, ...]] = {}

    def __call__(self, value: Any) -> str:
        kind = type(value)
        if kind is str:
            return f"s{len(value)}:{value}"
        if kind in (int, bool, float) or value is None:
            return repr(value)
        if kind is list or kind is tuple:
            return "[" + ",".join([self(item) for item in value]) + "]"
        if kind is dict:
            pairs = [f"{self(k)}={self(v)}" for k, v in value.items()]
            return "{" + ",".join(pairs) + "}"
        if isinstance(value, PLAIN):
            return f"{kind.__name__}:{value!r}"
        if isinstance(value, (Path, ZoneInfo)):
            return f"{kind.__name__}:{value}"
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(self(item) for item in value)) + "}"
        return self._object(value)

    def _object(self, value: Any) -> str:
        known = self.memo.get(id(value))
        if known is not None:
            return known[1]
        kind = type(value)
        # Mark first: replies point at parents, and parents hold their replies.
        self.memo[id(value)] = (value, f"<cycle {kind.__qualname__}>")
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = self.field_names.get(kind)
            if names is None:
                names = tuple(f.name for f in dataclasses.fields(value))
                self.field_names[kind] = names
            parts = [self(getattr(value, name)) for name in names]
        elif hasattr(value, "__dict__"):
            parts = [f"{k}={self(v)}" for k, v in sorted(vars(value).items())]
        else:
            # Functions, modules: nothing a template draws from their state.
            parts = []
        digest = _digest(kind.__qualname__, *parts)
        self.memo[id(value)] = (value, digest)
        return digest


def view_signature(view: View, theme_dir: Path) -> str:
    """What every fragment of this build shares: code, templates and the View."""
    prints = Fingerprints()
    site = view.site
    now_dependent = [
        [view.banner(space) for space in site.spaces],
        [p.id for p in site.posts() if p.publish_at and view.published(p.publish_at)],
        [(s.slug, q.slug) for s in site.spaces for q in s.questions
         if q.publish_at and view.published(q.publish_at)],
        # An open space's momentum chart runs to today in the space's zone.
        [(s.slug, view.now.astimezone(s.timezone).date()) for s in site.spaces
         if s.opens <= view.now < s.closes],
    ]
    return _digest(
        FRAGMENT_VERSION, tree_digest(PACKAGE, pattern="*.py"),
        tree_digest(PACKAGE, pattern="*.yml"), tree_digest(theme_dir),
        prints(view.settings), prints(site.people), view.audience, str(view.pinned),
        str(getattr(view.t, "language", "")), prints(now_dependent),
    )


class FragmentCache:
    """Draws a page's fragment, or returns the one kept for the same inputs."""

    def __init__(self, renderer: FragmentRenderer, theme_dir: Path,
                 folder: Path | None):
        self.renderer = renderer
        self.folder = folder
        self.signature = view_signature(renderer.view, theme_dir)
        self.prints = Fingerprints()
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def key(self, page: Page) -> str:
        """The page's key: this build's signature and the page's own inputs."""
        return _digest(self.signature, page.path, page.title, page.template,
                       page.language, page.description, str(page.in_nav),
                       self.prints(page.context))

    def __call__(self, page: Page) -> str:
        if self.folder is None:
            return self.renderer(page)
        key = self.key(page)
        self.used.add(key)
        path = self.folder / key[:2] / f"{key}.html"
        if path.exists():
            self.hits += 1
            return path.read_text(encoding="utf-8")
        self.misses += 1
        log.debug("fragment drawn: %s", page.path)
        html = self.renderer(page)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, html)
        return html

    def prune(self) -> None:
        """Drop kept fragments this build did not use."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.html"):
            if path.stem not in self.used:
                path.unlink()
