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
with the same key give the same space. Each question gets its own key too
(space.yml and its folder), so a post in one question leaves the others' alone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path
from typing import Any

from generator.atomic import write_whole
from generator.model import Space
from generator.model.problems import Problem

log = logging.getLogger(__name__)

# Bumping this throws every kept space away.
SNAPSHOT_VERSION = "1"
MODEL_CODE = Path(__file__).resolve().parent


def _stamps(folder: Path) -> list[str]:
    """Under ``folder``: each file's relative name, size and mtime, and each
    folder's relative name ending in the separator; sorted."""
    found: list[str] = []

    # Folders count too (an empty question folder is an error), and symbolic
    # links are followed as the loader follows them. Names are built by hand:
    # os.walk with os.path.relpath cost a tenth of a second per 10,000 files.
    def walk(path: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(path))
        except OSError:
            return
        for entry in entries:
            name = prefix + entry.name
            try:
                if entry.is_dir():
                    found.append(name + os.sep)
                    walk(entry.path, name + os.sep)
                    continue
                status = entry.stat()
            except OSError:
                found.append(f"{name}\0unreadable")
                continue
            found.append(f"{name}\0{status.st_size}\0{status.st_mtime_ns}")

    walk(os.fspath(folder), "")
    found.sort()
    return found


def _feed(hasher: Any, stamps: list[str]) -> None:
    hasher.update("\n".join(stamps).encode("utf-8", "surrogateescape") + b"\0")


class SpaceSnapshots:
    """Spaces loaded by earlier builds, in ``<folder>/<space folder>.pickle``."""

    def __init__(self, folder: Path, root: Path, settings: Any):
        self.folder = folder
        shared = hashlib.blake2b(digest_size=16)
        shared.update(f"{SNAPSHOT_VERSION}\0{root.resolve()}\0{settings!r}\0".encode())
        for path in sorted(MODEL_CODE.glob("*.py")):
            shared.update(path.read_bytes() + b"\0")
        for name in ("summaries", "people"):
            _feed(shared, _stamps(root / name))
        self.shared = shared
        self.reused = 0
        self.loaded = 0

    def key(self, space_dir: Path) -> tuple[str, dict[str, str]]:
        """The key of everything loading ``space_dir`` reads, and one per folder
        in it (a question's): the shared inputs, the files directly in the
        space folder (space.yml) and that folder's files."""
        stamps = _stamps(space_dir)
        own = [s for s in stamps if os.sep not in s.partition("\0")[0].rstrip(os.sep)]
        base = self.shared.copy()
        base.update(str(space_dir.resolve()).encode("utf-8", "surrogateescape"))
        _feed(base, own)
        folders: dict[str, list[str]] = {}
        for stamp in stamps:
            name, sep, _ = stamp.partition(os.sep)
            if sep:
                folders.setdefault(name, []).append(stamp)
        parts = {}
        for name, found in folders.items():
            hasher = base.copy()
            hasher.update(name.encode("utf-8", "surrogateescape") + b"\0")
            _feed(hasher, found)
            parts[name] = hasher.hexdigest()
        whole = base.copy()
        _feed(whole, stamps)
        return whole.hexdigest(), parts

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
        write_whole(self._path(space_dir), pickle.dumps(
            (key, space, problems), protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self, names: set[str]) -> None:
        """Drop kept spaces whose folder is gone."""
        for path in self.folder.glob("*.pickle"):
            if path.stem not in names:
                path.unlink(missing_ok=True)
