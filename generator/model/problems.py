"""Problems found in content, located by file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located first and explained second.

    ``path`` is relative to the content root so messages read the same on every
    machine; ``line`` is 1-based, or 0 when the problem belongs to the whole file.
    """

    path: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {prefix}{self.message}"


@dataclass
class Problems:
    """Collects every problem of a load so they can be reported at once."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, path: Path | str, line: int, message: str) -> None:
        self.items.append(Problem(self.rel(path), line, message))

    def warning(self, path: Path | str, line: int, message: str) -> None:
        self.items.append(Problem(self.rel(path), line, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "warning")


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
