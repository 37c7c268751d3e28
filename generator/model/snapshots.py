"""Loaded spaces kept between builds, one file per space.

Reading a space of 500 posts means 500 front matters to look up, validate and
turn into model objects, even when every parse is kept (parsecache). A rebuild
after one new post changes one space, so each loaded space is kept whole, with
the problems its load found, under a key of everything its load reads:

- the name, size and modification time (ns) of every file under its folder
  (posts, questions, translations, drafts, comments, introduction);
- the same of every file in summaries/ and people/ (a summary, a profile that a
  moderator handle points at);
- the loader's code, the settings and the folder's absolute path (posts keep
  their paths).

A space whose key is unchanged is unpickled; any other is read again. The key's
``source`` also names the space's content for the fragment cache: two loads
with the same key give the same space.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path
from typing import Any

from generator.model import Space
from generator.model.problems import Problem

log = logging.getLogger(__name__)

# Bumping this throws every kept space away.
SNAPSHOT_VERSION = "1"
MODEL_CODE = Path(__file__).resolve().parent


def _stamps(folder: Path, hasher: Any) -> None:
    """Feed ``hasher`` each file's relative name, size and mtime under ``folder``."""
    if not folder.is_dir():
        hasher.update(b"-\0")
        return
    found = []
    for parent, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            path = os.path.join(parent, name)
            status = os.stat(path)
            found.append(f"{os.path.relpath(path, folder)}\0{status.st_size}"
                         f"\0{status.st_mtime_ns}")
    found.sort()
    hasher.update("\n".join(found).encode("utf-8", "surrogateescape") + b"\0")


class SpaceSnapshots:
    """Spaces loaded by earlier builds, in ``<folder>/<space folder>.pickle``."""

    def __init__(self, folder: Path, root: Path, settings: Any):
        self.folder = folder
        shared = hashlib.blake2b(digest_size=16)
        shared.update(f"{SNAPSHOT_VERSION}\0{root.resolve()}\0{settings!r}\0".encode())
        for path in sorted(MODEL_CODE.glob("*.py")):
            shared.update(path.read_bytes() + b"\0")
        for name in ("summaries", "people"):
            _stamps(root / name, shared)
        self.shared = shared
        self.reused = 0
        self.loaded = 0

    def key(self, space_dir: Path) -> str:
        """The key of everything loading ``space_dir`` reads."""
        hasher = self.shared.copy()
        hasher.update(str(space_dir.resolve()).encode("utf-8", "surrogateescape"))
        _stamps(space_dir, hasher)
        return hasher.hexdigest()

    def _path(self, space_dir: Path) -> Path:
        return self.folder / f"{space_dir.name}.pickle"

    def get(self, space_dir: Path, key: str) -> tuple[Space | None, list[Problem]] | None:
        """The space and problems kept under ``key``, or None."""
        try:
            with self._path(space_dir).open("rb") as stream:
                kept_key, space, problems = pickle.load(stream)
        except FileNotFoundError:
            return None
        except (OSError, pickle.UnpicklingError, EOFError, ValueError,
                AttributeError, ImportError, TypeError) as exc:
            log.debug("kept space %s unreadable, loading it again: %s", space_dir, exc)
            return None
        if kept_key != key:
            return None
        self.reused += 1
        return space, problems

    def put(self, space_dir: Path, key: str, space: Space | None,
            problems: list[Problem]) -> None:
        """Keep a freshly loaded space (before any feature changes it)."""
        self.loaded += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._path(space_dir)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with partial.open("wb") as stream:
            pickle.dump((key, space, problems), stream, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(target)

    def prune(self, names: set[str]) -> None:
        """Drop kept spaces whose folder is gone."""
        for path in self.folder.glob("*.pickle"):
            if path.stem not in names:
                path.unlink(missing_ok=True)
