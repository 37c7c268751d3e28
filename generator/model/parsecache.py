"""Parsed front matter kept between builds, keyed by the file's text.

Reading 10,000 posts spends most of its time composing YAML nodes (to know each
key's line). A rebuild after one new post reads the same texts again, so the
parsed result is kept in one pickle file, keyed by a hash of the text: a changed
file has a new key, and nothing depends on file times.

The loader asks for it through ``current()``; ``parse_cache(folder)`` turns it
on around one load, which keeps load_site's signature unchanged.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import logging
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

# Bumping this throws every kept parse away (change it with Located's fields).
PARSE_VERSION = "1"
FILE_NAME = "front-matter.pickle"

T = TypeVar("T")


class ParseCache:
    """Parsed results by text hash; saved with only the entries this load used."""

    def __init__(self, folder: Path | None):
        self.path = folder / FILE_NAME if folder else None
        self.kept: dict[str, bytes] = {}
        self.used: dict[str, bytes] = {}
        self.hits = 0
        self.misses = 0
        if self.path is not None and self.path.exists():
            try:
                with self.path.open("rb") as stream:
                    version, kept = pickle.load(stream)
                if version == PARSE_VERSION:
                    self.kept = kept
            except (OSError, pickle.UnpicklingError, ValueError, EOFError) as exc:
                log.debug("parse cache %s unreadable, starting afresh: %s",
                          self.path, exc)

    def parsed(self, text: str, parse: Callable[[str], T]) -> T:
        """``parse(text)``, or the result kept for the same text."""
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                              digest_size=16, person=parse.__name__[:16].encode()
                              ).hexdigest()
        blob = self.kept.get(key)
        if blob is not None:
            self.hits += 1
            self.used[key] = blob
            # A fresh object each time: callers may keep and change what they get.
            return pickle.loads(blob)  # type: ignore[no-any-return]
        self.misses += 1
        result = parse(text)
        self.used[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return result

    def save(self) -> None:
        """Write this load's entries, unless nothing changed."""
        if self.path is None or (not self.misses and len(self.used) == len(self.kept)):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        with partial.open("wb") as stream:
            pickle.dump((PARSE_VERSION, self.used), stream,
                        protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(self.path)


_CURRENT: contextvars.ContextVar[ParseCache | None] = contextvars.ContextVar(
    "parse_cache", default=None)


def current() -> ParseCache | None:
    """The cache turned on by ``parse_cache``, if any."""
    return _CURRENT.get()


@contextlib.contextmanager
def parse_cache(folder: Path | None) -> Iterator[ParseCache]:
    """Use a cache kept in ``folder`` (None: in memory only) for one load."""
    cache = ParseCache(folder)
    token = _CURRENT.set(cache)
    try:
        yield cache
    finally:
        _CURRENT.reset(token)
    cache.save()
