"""Typed field access on a located mapping, reporting problems by line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator.model.problems import Problems
from generator.model.source import Located
from generator.model.timeparse import TimeError, to_instant

_KIND_NAMES = {
    "null": "empty (null)",
    "bool": "a yes/no value",
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
}


class FieldReader:
    """Reads fields of one file, recording a located problem for each fault.

    Every getter returns a usable default after reporting, so one load reports
    every problem of a file instead of stopping at the first.
    """

    def __init__(self, located: Located, path: Path, problems: Problems):
        self.located = located
        self.path = path
        self.problems = problems

    def line(self, *key: Any) -> int:
        return self.located.line(*key)

    def error(self, key: str | tuple[Any, ...], message: str) -> None:
        keys = key if isinstance(key, tuple) else (key,)
        self.problems.error(self.path, self.line(*keys), message)

    def warning(self, key: str | tuple[Any, ...], message: str) -> None:
        keys = key if isinstance(key, tuple) else (key,)
        self.problems.warning(self.path, self.line(*keys), message)

    def has(self, key: str) -> bool:
        return key in self.located.data

    def raw(self, key: str) -> Any:
        return self.located.data.get(key)

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        """A string field; a value YAML read as null, a number or a date is named."""
        if key not in self.located.data:
            if required:
                self.problems.error(self.path, 1 + self.located.offset,
                                    f"missing required field '{key}'")
            return default
        value = self.located.data[key]
        if isinstance(value, str):
            if required and not value.strip():
                self.error(key, f"'{key}' is empty")
            return value.strip()
        kind = self.located.kinds.get((key,), type(value).__name__)
        what = _KIND_NAMES.get(kind, f"a {type(value).__name__}")
        hint = "put the whole value in quotes"
        if value is None:
            hint = ("a value starting with '#' is a YAML comment; " + hint)
        if value is not None:
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            what = f"{what} ({shown})"
        self.error(key, f"'{key}' was read as {what}, not text; {hint}")
        return "" if value is None else str(value)

    def text_list(self, key: str) -> list[str]:
        """A list of strings; a single string is accepted as a one-item list."""
        value = self.located.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            self.error(key, f"'{key}' should be a list")
            return []
        items = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.error((key, index), f"item {index + 1} of '{key}' was read as "
                           f"{item!r}, not text; put it in quotes")
                item = str(item)
            items.append(item)
        return items

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.located.data.get(key, default)
        if isinstance(value, bool):
            return value
        self.error(key, f"'{key}' should be true or false, not {value!r}")
        return default

    def integer(self, key: str, default: int = 0) -> int:
        value = self.located.data.get(key, default)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.error(key, f"'{key}' should be a whole number, not {value!r}")
        return default

    def instant(self, key: str | tuple[Any, ...], value: Any, tz: dt.tzinfo,
                end_of_day: bool = False) -> dt.datetime | None:
        """A date or date-time; one without an offset is read in ``tz``."""
        name = key if isinstance(key, str) else ".".join(map(str, key))
        try:
            return to_instant(value, tz, end_of_day=end_of_day)
        except TimeError as exc:
            self.error(key, f"'{name}': {exc}")
            return None
