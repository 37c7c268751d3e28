"""Site settings, read from the `spaces` plugin entry of mkdocs.yml.

The command line and the MkDocs plugin read the same settings, so a check run
from the shell judges content exactly as the build will.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from generator.model.timeparse import parse_duration

DEFAULT_THEMES = [
    "COVID-19",
    "Climate change",
    "Migrant smuggling",
    "Reducing inequalities and the SDGs",
    "Anti-discrimination",
    "Alternatives to immigration detention",
    "Regular pathways",
    "Labour migration",
    "International Migration Review Forum 2022",
]


@dataclass
class Settings:
    """What a network configures once for its whole site."""

    themes: list[str] = field(default_factory=lambda: list(DEFAULT_THEMES))
    closing_soon: str = "3 days"
    repository: str = ""
    github_url: str = "https://github.com"
    intake_email: str = "hub@example.org"
    max_duration_days: int = 42
    warn_duration_days: int = 21
    code_of_conduct: str = "code-of-conduct/"
    audience: str = "public"
    content_root: str = "."
    cache_dir: str = ".cache/spaces"
    languages: list[str] = field(default_factory=lambda: ["en", "fr", "es"])
    # mkdocs.yml's top-level site_url: absolute links in feeds, calendars, digests.
    site_url: str = ""
    # Spam signal thresholds (generator.moderation.spam.SpamThresholds names).
    spam: dict[str, Any] = field(default_factory=dict)

    @property
    def closing_soon_delta(self) -> dt.timedelta:
        return parse_duration(self.closing_soon)

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> "Settings":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its !!python tags (emoji settings)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_TolerantLoader.add_multi_constructor("!", _ignore_tag)


def load_settings(root: Path) -> Settings:
    """Settings from ``root/mkdocs.yml``; defaults when it has no spaces entry."""
    config_file = root / "mkdocs.yml"
    if not config_file.exists():
        return Settings()
    config = yaml.load(config_file.read_text(encoding="utf-8"), _TolerantLoader) or {}
    settings = Settings()
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "spaces" in plugin:
            settings = Settings.from_mapping(plugin["spaces"] or {})
    settings.site_url = settings.site_url or str(config.get("site_url") or "")
    return settings
