"""Finished pages reused between builds: the `spaces-cache` MkDocs plugin.

MkDocs draws every page through the theme's templates on every build, and
mkdocs-material's search plugin parses every page's HTML again. With thousands
of posts that is most of a rebuild, although one new post changes one question
page. This plugin keys each page by everything that shapes its output (its body
HTML, title, address, neighbours, the navigation, the configuration, the theme
files and the versions of the tools); when the key is unchanged it writes the
HTML and search entries kept from the last build instead of drawing them again.

List it after `search` and `spaces` in mkdocs.yml so that it sees their work.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from generator.render.fragmentcache import write_whole
from generator.render.search import search_entries

log = get_plugin_logger("spaces-cache")

# The template a reused page is drawn with: the kept HTML as it is.
REUSE_TEMPLATE = "spaces-reuse.html"
SEARCH_FILE = "search-entries.pickle"
# Bumping this throws every kept page away (change it with the key's recipe).
CACHE_VERSION = "1"
TOOLS = ("mkdocs", "mkdocs-material", "discussion-spaces", "jinja2")


class OutputCacheConfig(base.Config):
    """Options of the `spaces-cache` entry in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/spaces/pages")


def _digest(*parts: str) -> str:
    data = "\0".join(parts).encode("utf-8", errors="surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _tool_versions() -> str:
    found = []
    for name in TOOLS:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


def _folder_digest(folder: Path) -> str:
    """Hash of every file under ``folder`` (theme overrides), by path and bytes."""
    hasher = hashlib.blake2b(digest_size=16)
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(str(path.relative_to(folder)).encode() + b"\0")
            hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


def _nav_entries(items: list[Any]) -> list[str]:
    entries = []
    for item in items:
        url = getattr(item, "url", None) or ""
        entries.append(f"{type(item).__name__}:{item.title}:{url}")
        entries.extend(_nav_entries(getattr(item, "children", None) or []))
    return entries


def _toc_entries(items: Any) -> list[str]:
    entries = []
    for item in items or []:
        entries.append(f"{item.level}:{item.title}:{item.url}")
        entries.extend(_toc_entries(item.children))
    return entries


class OutputCachePlugin(BasePlugin[OutputCacheConfig]):
    """Reuses a page's finished HTML and search entries when its inputs match."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.signature = ""
        self.keys: dict[str, str] = {}
        self.reused: dict[str, dict[str, Any]] = {}
        self.used: set[str] = set()
        self.search_entries: list[dict[str, Any]] | None = None
        self.search: dict[str, list[dict[str, Any]]] = {}
        self.kept_search: dict[str, list[dict[str, Any]]] | None = None
        self.search_mark = 0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.keys, self.reused, self.used = {}, {}, set()
        self.search, self.kept_search = {}, None
        if not self.config.enabled:
            self.folder = None
            return config
        root = Path(config.config_file_path).parent
        self.folder = root / self.config.cache_dir
        theme_dirs = [Path(d) for d in config.theme.dirs
                      if Path(d).is_relative_to(root)]
        config_text = Path(config.config_file_path).read_text(encoding="utf-8")
        self.signature = _digest(
            CACHE_VERSION, _tool_versions(), config_text, str(config.site_url),
            str(config.use_directory_urls), str(config.theme.name),
            *(_folder_digest(d) for d in theme_dirs),
            # SPACES_NOW only shapes our fragments, which are in each key already;
            # the audience also changes which pages exist, so it goes in here.
            os.environ.get("SPACES_AUDIENCE", ""),
        )
        return config

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.folder is None:
            return nav
        self.signature = _digest(self.signature, *_nav_entries(nav.items))
        # Every plugin's on_config has run: the search index exists by now.
        # None when the search plugin's list is not where we expect: then
        # nothing is reused (below).
        self.search_entries = search_entries(config)
        if self.search_entries is None and self._search_plugin(config) is not None:
            log.warning("search index not found where expected; pages are drawn "
                        "afresh so that search still finds them")
            self.folder = None
        return nav

    def _key(self, html: str, page: MkDocsPage) -> str:
        meta = {k: v for k, v in page.meta.items() if k != "template"}
        neighbours = [getattr(p, "url", "")
                      for p in (page.previous_page, page.next_page)]
        return _digest(self.signature, html, page.file.src_uri, page.url,
                       str(page.title), json.dumps(meta, sort_keys=True, default=str),
                       str(page.edit_url), str(page.canonical_url), *neighbours,
                       *_toc_entries(page.toc))

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.html"

    def _load_search(self) -> None:
        # Every page's entries in one pickle: decoding 300 JSON files of page
        # text was a tenth of a rebuild.
        assert self.folder is not None
        path = self.folder / SEARCH_FILE
        try:
            with path.open("rb") as stream:
                self.kept_search = pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            self.kept_search = {}

    def on_page_content(self, html: str, page: MkDocsPage, config: MkDocsConfig,
                        files: Files) -> str:
        if self.folder is None or "template" in page.meta:
            return html
        key = self._key(html, page)
        self.keys[page.file.src_uri] = key
        self.used.add(key)
        path = self._path(key)
        if self.kept_search is None:
            self._load_search()
        assert self.kept_search is not None
        if key not in self.kept_search or not path.exists():
            return html
        try:
            kept: dict[str, Any] = {"html": path.read_text(encoding="utf-8"),
                    "search": self.kept_search[key]}
        except OSError as exc:
            log.debug("kept page %s unreadable, drawing it again: %s", path, exc)
            return html
        self.search[key] = kept["search"]
        # The template is chosen before any page-context hook runs, so the switch
        # to the empty template happens here; search must not parse the page
        # again, and the kept HTML replaces the empty output in on_post_page.
        self.reused[page.file.src_uri] = kept
        page.meta["template"] = REUSE_TEMPLATE
        page.meta["search"] = {"exclude": True}
        return ""

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self.search_mark = len(self.search_entries or [])
        return env

    @staticmethod
    def _search_plugin(config: MkDocsConfig) -> Any:
        for name in ("material/search", "search"):
            if name in config.plugins:
                return config.plugins[name]
        return None

    def on_page_context(self, context: Any, page: MkDocsPage, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        kept = self.reused.get(page.file.src_uri)
        if kept is not None and self.search_entries is not None:
            self.search_entries.extend(kept["search"])
        return context

    def on_post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        entries = self.search_entries or []
        new_entries = entries[self.search_mark:]
        self.search_mark = len(entries)
        kept = self.reused.get(page.file.src_uri)
        if kept is not None:
            return str(kept["html"])
        key = self.keys.get(page.file.src_uri)
        if key is None:
            return output
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, output)
        self.search[key] = new_entries
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.folder is None:
            return
        # Pages no build uses any more would pile up: keep only this build's.
        for path in self.folder.glob("*/*.html"):
            if path.stem not in self.used:
                path.unlink()
        if self.search.keys() != (self.kept_search or {}).keys():
            partial = self.folder / (SEARCH_FILE + ".tmp")
            with partial.open("wb") as stream:
                pickle.dump(self.search, stream, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(self.folder / SEARCH_FILE)
        log.info("finished pages: %d reused, %d drawn", len(self.reused),
                 len(self.keys) - len(self.reused))
