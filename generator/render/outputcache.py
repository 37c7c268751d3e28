"""Finished pages reused between builds: the `spaces-cache` MkDocs plugin.

MkDocs draws every page through the theme's templates on every build, and
mkdocs-material's search plugin parses every page's HTML again. With thousands
of posts that is most of a rebuild, although one new post changes one question
page. This plugin keys each page by everything that shapes its output (its body
HTML, title, address, neighbours, the navigation, the configuration, the theme
files and the versions of the tools); when the key is unchanged it writes the
HTML and search entries kept from the last build instead of drawing them again.

It also keeps the site folder between builds. `spaces build` runs MkDocs in
its "dirty" mode, which does not empty the folder first; this plugin makes that
exact. A reused page whose file is still the one the last build wrote (same
key, size and modification time, from a manifest in the cache) is not written
again; every page from docs/ is drawn through the cache like the generated
ones, so none keeps a stale navigation; and once the build is done, every file
it did not produce is removed, as a clean build would have. On a disk where
creating a folder costs half a millisecond, emptying and refilling 650 page
folders was a fifth of a rebuild.

List it after `search` and `spaces` in mkdocs.yml so that it sees their work.

A plugin before it may hand over a page's HTML unread: it returns an empty
body and sets ``page.deferred_content`` to a ``Deferred`` (a digest of the HTML
and a function that reads it). The page is keyed by the digest, and the HTML is
read only when the page has to be drawn; a page left as it was never needs it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
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
from mkdocs.utils.yaml import yaml_load

from generator.atomic import inside, make_room, write_whole
from generator.render.kept import digest as _digest
from generator.render.kept import tree_digest
from generator.render.search import search_entries

try:
    import fcntl
except ImportError:  # on Windows: builds there do not wait for each other
    fcntl = None  # type: ignore[assignment]

log = get_plugin_logger("spaces-cache")

# The template a reused page is drawn with: the kept HTML as it is.
REUSE_TEMPLATE = "spaces-reuse.html"
SEARCH_FILE = "search-entries.pickle"
# What the last build left in the site folder: {dest path: (key, size, mtime_ns)}.
MANIFEST_FILE = "site-manifest.pickle"
# Held while a build runs, so that two builds into one site folder take turns.
LOCK_FILE = "build.lock"
# Bumping this throws every kept page away (change it with the key's recipe).
CACHE_VERSION = "1"
TOOLS = ("mkdocs", "mkdocs-material", "discussion-spaces", "jinja2")


@dataclass(frozen=True)
class Deferred:
    """A page body not read yet: a digest that stands for it, and its reader."""

    digest: str
    read: Callable[[], str]


def deferred(page: MkDocsPage) -> Deferred | None:
    """The body a plugin left unread on ``page``, if any."""
    found = getattr(page, "deferred_content", None)
    return found if isinstance(found, Deferred) else None


def defers_to(config: MkDocsConfig, name: str) -> bool:
    """True when this plugin is on and comes after plugin ``name``, so that it
    will read what ``name`` defers (see the module's docstring)."""
    names = list(config.plugins.keys())
    ours = [n for n in names if n == "spaces-cache"]
    if not ours or name not in names:
        return False
    plugin = config.plugins["spaces-cache"]
    return (bool(getattr(plugin, "config", {}).get("enabled", False))
            and names.index("spaces-cache") > names.index(name))


class OutputCacheConfig(base.Config):
    """Options of the `spaces-cache` entry in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/spaces/pages")


def _tool_versions() -> str:
    found = []
    for name in TOOLS:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


def _config_text(path: str) -> str:
    """mkdocs.yml as MkDocs reads it, !ENV values and INHERIT files resolved:
    its text alone would miss a changed variable or parent file."""
    with open(path, "rb") as stream:
        loaded = yaml_load(stream)
    # !relative values are placeholders, resolved per page: name their kind.
    return json.dumps(loaded, sort_keys=True, default=lambda value: (
        f"{type(value).__qualname__}:{getattr(value, 'suffix', '')}"))


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


class _Quiet(logging.Filter):
    """Drops MkDocs' messages about what this plugin does on purpose: the
    warning that a dirty build may leave stale pages (it does not, here) and
    "Page skipped" for each page left as it was."""

    def __init__(self) -> None:
        super().__init__()
        self.left: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith(("A 'dirty' build is being performed",
                               "The directory contains stale files")):
            return False
        if message.startswith("Page skipped: '"):
            return message.split("'")[1] not in self.left
        return True


MKDOCS_BUILD_LOG = logging.getLogger("mkdocs.commands.build")


def _stamp(path: str, follow: bool = True) -> tuple[int, int] | None:
    """Size and modification time (ns) of ``path``; of a link itself when
    ``follow`` is off. None when there is nothing there."""
    try:
        stat = os.stat(path, follow_symlinks=follow)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _lstamp(path: str) -> tuple[int, int] | None:
    return _stamp(path, follow=False)


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
        self.site_dir = ""
        self.previous: dict[str, tuple[str, int, int]] = {}
        self.previous_static: dict[str, tuple[Any, ...]] = {}
        self.before: dict[str, tuple[int, int]] = {}
        self.files: Files | None = None
        self.quiet = _Quiet()
        self.lock: Any = None

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
        config_text = _config_text(config.config_file_path)
        self.signature = _digest(
            CACHE_VERSION, _tool_versions(), config_text, str(config.site_url),
            str(config.use_directory_urls), str(config.theme.name),
            *(tree_digest(d) for d in theme_dirs),
            # SPACES_NOW only shapes our fragments, which are in each key already;
            # the audience also changes which pages exist, so it goes in here.
            os.environ.get("SPACES_AUDIENCE", ""),
        )
        self.site_dir = os.path.abspath(config.site_dir)
        self._take_turn()
        self.previous, self.previous_static = self._take_manifest()
        self.quiet = _Quiet()
        MKDOCS_BUILD_LOG.addFilter(self.quiet)
        return config

    def _take_turn(self) -> None:
        """Wait for any other build using this cache (and so, most likely, this
        site folder) to end. Two at once could leave one's pages in the other's
        folder: a members build's private pages in a public site."""
        assert self.folder is not None
        if fcntl is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self.lock = open(self.folder / LOCK_FILE, "wb")  # noqa: SIM115 - held
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("waiting for another build using %s to end", self.folder)
            fcntl.flock(self.lock, fcntl.LOCK_EX)

    def _end_turn(self) -> None:
        if self.lock is not None:
            self.lock.close()
            self.lock = None

    def _take_manifest(self) -> tuple[dict[str, tuple[str, int, int]],
                                      dict[str, tuple[Any, ...]]]:
        """The last build's manifest (pages, then static files), removed from
        disk: should this build stop half-way, the next trusts no file it finds."""
        assert self.folder is not None
        path = self.folder / MANIFEST_FILE
        try:
            with path.open("rb") as stream:
                kept = pickle.load(stream)
            path.unlink()
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            return {}, {}
        if not isinstance(kept, dict) or kept.get("site_dir") != self.site_dir:
            return {}, {}
        pages, static = kept.get("pages"), kept.get("static")
        return (pages if isinstance(pages, dict) else {},
                static if isinstance(static, dict) else {})

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.folder is not None:
            self.before = self._inventory()

    def _inventory(self) -> dict[str, tuple[int, int]]:
        """Every entry of the site folder a clean build would remove (hidden
        top-level entries and what is in them aside, as MkDocs spares them), by
        size and modification time; a link stands for itself."""
        found: dict[str, tuple[int, int]] = {}
        for folder, dirs, names in os.walk(self.site_dir):
            if folder == self.site_dir:
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                names = [n for n in names if not n.startswith(".")]
            links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
            for name in [*names, *links]:
                path = os.path.join(folder, name)
                try:
                    status = os.lstat(path)
                except OSError:
                    continue
                found[path] = (status.st_size, status.st_mtime_ns)
        return found

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.folder is None:
            return files
        # A page from docs/ whose Markdown has not changed is skipped whole by
        # a dirty build, navigation included; held in memory, MkDocs counts it
        # as changed and it goes through the cache like the generated pages.
        for file in files.documentation_pages():
            if file.abs_src_path is not None:
                file.content_bytes = file.content_bytes
        return files

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
        later = deferred(page)
        if self.folder is None or "template" in page.meta:
            return later.read() if later is not None else html
        key = self._key(later.digest if later is not None else html, page)
        self.keys[page.file.src_uri] = key
        self.used.add(key)
        path = self._path(key)
        if self.kept_search is None:
            self._load_search()
        assert self.kept_search is not None
        if key not in self.kept_search:
            return later.read() if later is not None else html
        kept: dict[str, Any] = {"html": None, "search": self.kept_search[key]}
        record = self.previous.get(page.file.dest_uri)
        if (record is not None and record[0] == key
                and _lstamp(page.file.abs_dest_path) == record[1:]
                and inside(page.file.abs_dest_path, self.site_dir)):
            # The file in the site folder is this very page: it stays, and the
            # kept copy need not even be read.
            self.quiet.left.add(page.file.src_uri)
        else:
            try:
                kept["html"] = path.read_text(encoding="utf-8")
            except OSError as exc:
                log.debug("kept page %s unreadable, drawing it again: %s", path, exc)
                return later.read() if later is not None else html
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
        self.files = files
        if self.folder is not None:
            self._clear_the_way(files, config)
            self._refresh_static(files)
        return env

    def _refresh_static(self, files: Files) -> None:
        """Remove each copied file (theme assets, docs/ images) unless both it
        and its source are as the last build left them, so that MkDocs copies
        it again: its dirty mode copies only sources newer than their copy, and
        would keep a copy edited by hand or a source put back older."""
        for file in files:
            if file.is_documentation_page() or file.abs_src_path is None:
                continue
            record = (_stamp(file.abs_src_path), _lstamp(file.abs_dest_path))
            if record[1] is not None and self.previous_static.get(file.dest_uri) != record:
                os.unlink(file.abs_dest_path)

    def _clear_the_way(self, files: Files, config: MkDocsConfig) -> None:
        """Before anything is written: remove what the last build left where
        this one needs a folder (a file) or a file (a folder). A clean build
        would not find them; a kept site folder must not either."""
        checked: set[str] = set()
        # Besides MkDocs' files: the theme's 404 page and sitemaps, and the
        # search index (feeds and calendars make room as they are written).
        theme_files = [os.path.join(self.site_dir, name) for name in
                       [*config.theme.static_templates, "search/search_index.json"]]
        for path in [*(file.abs_dest_path for file in files), *theme_files]:
            make_room(path, self.site_dir, checked)

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
            # Empty output: MkDocs leaves the file as it is.
            return "" if kept["html"] is None else str(kept["html"])
        key = self.keys.get(page.file.src_uri)
        if key is None:
            return output
        log.debug("page drawn: %s", page.file.src_uri)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, output)
        self.search[key] = new_entries
        return output

    def on_build_error(self, error: Exception) -> None:
        MKDOCS_BUILD_LOG.removeFilter(self.quiet)
        self._end_turn()

    def on_post_build(self, config: MkDocsConfig) -> None:
        MKDOCS_BUILD_LOG.removeFilter(self.quiet)
        if self.folder is None:
            return
        try:
            self._finish(config)
        finally:
            self._end_turn()

    def _finish(self, config: MkDocsConfig) -> None:
        removed = self._remove_stale(config)
        self._save_manifest()
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
        log.info("site folder: %d pages left as they were, %d stale files removed",
                 len(self.quiet.left), removed)

    def _remove_stale(self, config: MkDocsConfig) -> int:
        """Remove what a clean build would not have: every entry that was in
        the site folder before this build (see _inventory), is not one of its
        files, and is as it was then (so the build did not write it)."""
        produced = {os.path.normpath(f.abs_dest_path) for f in self.files or []}
        produced.update(os.path.join(self.site_dir, name)
                        for name in config.theme.static_templates)
        removed = 0
        for path, stamp in self.before.items():
            if path in produced or _lstamp(path) != stamp:
                continue
            try:
                os.unlink(path)
                removed += 1
            except OSError as exc:
                log.warning("could not remove stale %s: %s", path, exc)
        # Then the folders left empty, deepest first; nothing in a hidden top
        # folder (a deployment's .git keeps empty folders of its own).
        folders = []
        for folder, dirs, _ in os.walk(self.site_dir):
            if folder == self.site_dir:
                dirs[:] = [d for d in dirs if not d.startswith(".")]
            folders.extend(os.path.join(folder, d) for d in dirs)
        for path in reversed(folders):
            with contextlib.suppress(OSError):
                if not os.path.islink(path) and not os.listdir(path):
                    os.rmdir(path)
        return removed

    def _save_manifest(self) -> None:
        assert self.folder is not None and self.files is not None
        pages: dict[str, tuple[str, int, int]] = {}
        for file in self.files.documentation_pages():
            key = self.keys.get(file.src_uri)
            stamp = _lstamp(file.abs_dest_path) if key else None
            if key and stamp:
                pages[file.dest_uri] = (key, *stamp)
        static = {file.dest_uri: (_stamp(file.abs_src_path), _lstamp(file.abs_dest_path))
                  for file in self.files
                  if not file.is_documentation_page() and file.abs_src_path}
        self.folder.mkdir(parents=True, exist_ok=True)
        write_whole(self.folder / MANIFEST_FILE, pickle.dumps(
            {"site_dir": self.site_dir, "pages": pages, "static": static},
            protocol=pickle.HIGHEST_PROTOCOL))
