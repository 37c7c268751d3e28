"""File writes for the caches and the kept site folder: whole-file writes (a
reader sees the old file or the new one, never half of one, even with two builds
at once), and room made for a file where a previous build left something else."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_whole(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a private temporary file and a rename."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        partial.write_text(data, encoding="utf-8")
    else:
        partial.write_bytes(data)
    partial.replace(path)


def make_room(path: str, root: str, checked: set[str] | None = None) -> None:
    """Let ``path``, under ``root``, be written as a plain file inside ``root``:
    remove a folder or a symbolic link that stands there, and any file or link
    that stands where one of its folders must go. A link left in place would
    have the build write wherever it points, outside the site.

    ``checked`` remembers folders already seen, for many paths in one tree.
    """
    checked = checked if checked is not None else set()
    if os.path.islink(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)
    root = os.path.normpath(root)
    parent = os.path.dirname(os.path.normpath(path))
    missing = []
    while parent not in checked and parent != root and parent.startswith(root):
        missing.append(parent)
        parent = os.path.dirname(parent)
    for folder in reversed(missing):
        if os.path.islink(folder) or (os.path.lexists(folder)
                                      and not os.path.isdir(folder)):
            os.unlink(folder)
        checked.add(folder)


def inside(path: str, root: str) -> bool:
    """True when ``path`` is reached under ``root`` without following a link
    that leads elsewhere (``root`` itself may be a link)."""
    real_root = os.path.realpath(root)
    relative = os.path.relpath(os.path.normpath(path), os.path.normpath(root))
    return (not os.path.islink(path)
            and os.path.realpath(path) == os.path.join(real_root, relative))
