"""Interface text of generated pages in English, French and Spanish."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, Any]]:
    """All interface strings, keyed by language then message key.

    Each feature keeps its strings in its own file in messages/; they merge here.
    """
    merged: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(__file__).with_name("messages").glob("*.yml")):
        for language, strings in yaml.safe_load(path.read_text("utf-8")).items():
            merged.setdefault(language, {}).update(strings)
    return merged


class Translator:
    """Looks up interface text in one language, falling back to English."""

    def __init__(self, language: str = DEFAULT_LANGUAGE):
        strings = catalogue()
        self.language = language if language in strings else DEFAULT_LANGUAGE
        self.strings = strings[self.language]
        self.fallback = strings[DEFAULT_LANGUAGE]

    def __call__(self, key: str, **values: Any) -> str:
        text = self.strings.get(key, self.fallback.get(key, key))
        return str(text).format(**values) if values else str(text)

    def count(self, key: str, count: int) -> str:
        """'1 reply' / '3 replies': a ``<key>_one`` message serves a count of one."""
        if count == 1 and (f"{key}_one" in self.strings or f"{key}_one" in self.fallback):
            return self(f"{key}_one", count=count)
        return self(key, count=count)

    def raw(self, key: str) -> Any:
        return self.strings.get(key, self.fallback.get(key))

    def date(self, moment: dt.datetime, with_time: bool = True) -> str:
        """'19 March 2027, 17:00' in this language's month names."""
        month = self.raw("months")[moment.month - 1]
        text = f"{moment.day} {month} {moment.year}"
        return f"{text}, {moment:%H:%M}" if with_time else text

    def duration(self, delta: dt.timedelta) -> str:
        """The largest whole unit: '3 days', '1 day', '5 hours', '12 minutes'.

        theme/assets/javascripts/banner.js formats durations with the same rule.
        """
        seconds = max(int(delta.total_seconds()), 0)
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if seconds >= size or unit == "minute":
                count = seconds // size
                return f"{count} {self(unit if count == 1 else unit + 's')}"
        raise AssertionError("unreachable")
