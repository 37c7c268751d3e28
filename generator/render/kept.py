"""What builds keep between them: digests for keys, and a folder of finished
files (feeds, calendars) looked up by key.

Every cache of a build keys its entries by digests of their inputs; the code
that turns inputs into output is one of them, so ``code_digest`` goes into
every key.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from generator.atomic import write_whole

PACKAGE = Path(__file__).resolve().parents[1]


def digest(*parts: str) -> str:
    """A short hex digest of ``parts``, told apart by a separator."""
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


@functools.cache
def code_digest() -> str:
    """The generator's code and interface text, as this process loaded them.

    Computed once per process: a running build uses the modules it imported at
    start, whatever happens to the files later.
    """
    return digest(tree_digest(PACKAGE, pattern="*.py"),
                  tree_digest(PACKAGE, pattern="*.yml"))


class KeptFiles:
    """Finished files in one folder, named by the key of their inputs.

    A build asks for each file by key, makes the ones it lacks, and finally
    drops the ones it did not ask for, so the folder holds one build's worth.
    Without a folder nothing is kept.
    """

    def __init__(self, folder: Path | None, suffix: str):
        self.folder = folder
        self.suffix = suffix
        self.used: set[str] = set()
        self.made = 0

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        if self.folder is None:
            return None
        try:
            return (self.folder / f"{key}{self.suffix}").read_bytes()
        except OSError:
            return None

    def put(self, key: str, content: bytes) -> None:
        self.made += 1
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_whole(self.folder / f"{key}{self.suffix}", content)

    def prune(self) -> None:
        """Forget files this build no longer produces, so the folder stays small."""
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.glob(f"*{self.suffix}"):
                if path.stem not in self.used:
                    path.unlink(missing_ok=True)
