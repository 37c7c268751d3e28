"""Parsed front matter kept between builds, keyed by the file's text.

Reading 10,000 posts spends most of its time composing YAML nodes (to know each
key's line). A rebuild after one new post reads the same texts again, so the
parsed result is kept in one pickle file, keyed by a hash of the text: a changed
file has a new key.

Opening 10,000 files is itself a second of a rebuild here, so ``read`` first
looks a file up by path, size and modification time (in nanoseconds, as git
leaves them on files a checkout does not touch) and reads only files whose
stamp it has not seen; what it reads is still keyed by text.

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
from typing import Any, TypeVar

from generator.atomic import write_whole

log = logging.getLogger(__name__)

# Bumping this throws every kept parse away (change it with Located's fields).
PARSE_VERSION = "1"

T = TypeVar("T")


class ParseCache:
    """Results of one pure function of a text, by text hash, kept in one file
    (``<folder>/<name>.pickle``) that is saved with only the entries used.

    ``version`` names the function's rules: kept results of another version are
    thrown away.
    """

    def __init__(self, folder: Path | None, name: str = "front-matter",
                 version: str = PARSE_VERSION):
        self.path = folder / f"{name}.pickle" if folder else None
        self.version = version
        self.kept: dict[str, bytes] = {}
        self.used: dict[str, bytes] = {}
        self.stamps: dict[str, str] = {}
        self.used_stamps: dict[str, str] = {}
        self.hits = 0
        self.misses = 0
        if self.path is not None and self.path.exists():
            try:
                with self.path.open("rb") as stream:
                    version, kept, stamps = pickle.load(stream)
                if version == self.version:
                    self.kept, self.stamps = kept, stamps
            except (OSError, pickle.UnpicklingError, ValueError, EOFError) as exc:
                log.debug("parse cache %s unreadable, starting afresh: %s",
                          self.path, exc)

    def read(self, path: Path, parse: Callable[[str], T]) -> T:
        """``parse`` of the file's text (BOM dropped), read only if it changed."""
        status = path.stat()
        stamp = f"{path}\0{status.st_size}\0{status.st_mtime_ns}\0{parse.__name__}"
        key = self.stamps.get(stamp)
        if key is None or key not in self.kept:
            text = path.read_text(encoding="utf-8-sig")
            key = self._key(text, parse)
            if key not in self.kept and key not in self.used:
                self.used_stamps[stamp] = key
                return self._parse(key, text, parse)
        self.used_stamps[stamp] = key
        kept: T = self._kept(key)
        return kept

    def parsed(self, text: str, parse: Callable[[str], T]) -> T:
        """``parse(text)``, or the result kept for the same text."""
        key = self._key(text, parse)
        if key not in self.kept and key not in self.used:
            return self._parse(key, text, parse)
        kept: T = self._kept(key)
        return kept

    @staticmethod
    def _key(text: str, parse: Callable[[str], T]) -> str:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16,
                               person=parse.__name__[:16].encode()).hexdigest()

    def _parse(self, key: str, text: str, parse: Callable[[str], T]) -> T:
        self.misses += 1
        result = parse(text)
        self.used[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return result

    def _kept(self, key: str) -> Any:
        self.hits += 1
        blob = self.used[key] = self.used.get(key) or self.kept[key]
        # A fresh object each time: callers may keep and change what they get.
        return pickle.loads(blob)

    def save(self) -> None:
        """Write this load's entries, unless nothing changed."""
        unchanged = (not self.misses and len(self.used) == len(self.kept)
                     and self.used_stamps == self.stamps)
        if self.path is None or unchanged:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(self.path, pickle.dumps((self.version, self.used, self.used_stamps),
                                            protocol=pickle.HIGHEST_PROTOCOL))


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
