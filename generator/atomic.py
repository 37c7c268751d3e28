"""Whole-file writes for the caches: a reader sees the old file or the new one,
never half of one, even with two builds at once."""

from __future__ import annotations

import os
from pathlib import Path


def write_whole(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a private temporary file and a rename."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        partial.write_text(data, encoding="utf-8")
    else:
        partial.write_bytes(data)
    partial.replace(path)
