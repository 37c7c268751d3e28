"""The MkDocs plugin: hands the core's generated pages to MkDocs.

Content is loaded and validated once in on_config; every page is a generated
MkDocs file whose HTML body comes from our templates in theme/partials/spaces.
"""

from __future__ import annotations

import functools
import html
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from generator.config import DEFAULT_THEMES, Settings
from generator.model.load import load_site
from generator.model.parsecache import parse_cache
from generator.model.snapshots import SpaceSnapshots
from generator.model.timeparse import TimeError, parse_now
from generator.render.bundlecache import BundledMarkdownRenderer
from generator.render.fragmentcache import FragmentCache
from generator.render.pages import (
    AUDIENCES,
    FragmentRenderer,
    Page,
    View,
    build_pages,
)
from generator.render.addresses import page_feeds
from generator.render.audience import robots_txt
from generator.render.outputcache import REUSE_TEMPLATE, Deferred, defers_to
from generator.render.outputs import write_outputs
from generator.render.search import question_entries, search_entries
from generator.render.theming import (
    bytecode_cache,
    expose_material_templates,
    use_bytecode_cache,
)
from generator.render.translations import set_html_lang

log = get_plugin_logger("spaces")

# libyaml's writer when PyYAML has it: six times faster for 650 pages' titles.
FRONT_MATTER_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Pages that follow a space's (or a question's) feed.
FEED_TEMPLATES = {"space.html", "question.html"}

# Pages whose search entries we make from the model, not Material from the HTML.
OWN_SEARCH_ENTRIES = {"question.html": question_entries}


class SpacesConfig(base.Config):
    """Options of the `spaces` entry in mkdocs.yml (see generator.config.Settings)."""

    now = c.Optional(c.Type(str))
    audience = c.Choice(tuple(AUDIENCES), default="public")
    themes = c.ListOfItems(c.Type(str), default=list(DEFAULT_THEMES))
    # "3 days", "36 hours", or a number of hours.
    closing_soon = c.Type((str, int, float), default="3 days")
    repository = c.Type(str, default="")
    github_url = c.Type(str, default="https://github.com")
    intake_email = c.Type(str, default="hub@example.org")
    max_duration_days = c.Type(int, default=42)
    warn_duration_days = c.Type(int, default=21)
    code_of_conduct = c.Type(str, default="code-of-conduct/")
    content_root = c.Type(str, default=".")
    cache_dir = c.Type(str, default=".cache/spaces")
    languages = c.ListOfItems(c.Type(str), default=["en", "fr", "es"])
    spam = c.Type(dict, default={})


def page_source(page: Page) -> str:
    """The Markdown MkDocs reads for a generated page: front matter only.

    MkDocs' and mkdocs-material's templates print titles unescaped (they expect
    HTML made from Markdown headings), so our titles, which come from
    contributors and proposals, are escaped here, once.
    """
    meta = {"title": html.escape(page.title, quote=False)}
    if page.description:
        meta["description"] = page.description
    if not page.searchable or page.template in OWN_SEARCH_ENTRIES:
        meta["search"] = {"exclude": True}
    return "---\n" + yaml.dump(meta, Dumper=FRONT_MATTER_DUMPER,
                                allow_unicode=True) + "---\n"


class SpacesPlugin(BasePlugin[SpacesConfig]):
    """Adds space, question and index pages built from spaces/ and people/."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.view: View | None = None
        self.fragments: FragmentCache | None = None
        self.renderer = BundledMarkdownRenderer(None)
        self.cache_root: Path | None = None
        self.defer = False

    def settings(self) -> Settings:
        values = {key: self.config[key] for key in self.config if key in
                  Settings.__dataclass_fields__}
        return Settings.from_mapping(values)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        settings = self.settings()
        settings.site_url = settings.site_url or (config.site_url or "")
        content_root = (root / settings.content_root).resolve()
        pinned_text = os.environ.get("SPACES_NOW") or self.config.now
        audience = os.environ.get("SPACES_AUDIENCE") or self.config.audience
        try:
            now = parse_now(pinned_text)
        except TimeError as exc:
            raise PluginError(f"SPACES_NOW / now: {exc}") from exc

        cache_root = root / settings.cache_dir if settings.cache_dir else None
        snapshots = (SpaceSnapshots(cache_root / "spaces", content_root, settings)
                     if cache_root else None)
        with parse_cache(cache_root):
            site, problems = load_site(content_root, settings, strict=False,
                                       snapshots=snapshots)
        self._report(problems.warnings)
        if problems.errors:
            raise PluginError("content has errors:\n"
                              + "\n".join(str(p) for p in problems.errors))
        self.renderer = BundledMarkdownRenderer(cache_root)
        self.view = View(site, settings, now, audience=audience,
                         pinned=bool(pinned_text), renderer=self.renderer)
        self.pages = {page.path: page for page in build_pages(self.view)}
        self.fragments = FragmentCache(
            FragmentRenderer(root / "theme", self.view, bytecode_cache(cache_root)),
            root / "theme", cache_root / "fragments" if cache_root else None)
        self.cache_root = cache_root
        self.defer = defers_to(config, "spaces")
        log.info("%d spaces, %d pages, audience %s, now %s%s", len(self.view.spaces()),
                 len(self.pages), audience, now.isoformat(),
                 " (pinned)" if pinned_text else "")
        if not config.nav:
            config.nav = self._nav()
        return config

    def _report(self, warnings: list[Any]) -> None:
        # A warning repeated for many posts is one line with a count.
        counts = Counter(w.message for w in warnings)
        for message, count in counts.items():
            first = next(w for w in warnings if w.message == message)
            if count == 1:
                log.warning(str(first))
            else:
                log.warning("%s (and %d more like it)", first, count - 1)

    def _nav(self) -> list[Any]:
        """Home, then each space with its questions; pagination pages stay out."""
        assert self.view is not None
        spaces = []
        for space in self.view.spaces():
            entries: list[Any] = [f"spaces/{space.slug}/index.md"]
            for page in self.pages.values():
                context_space = page.context.get("space")
                if (page.in_nav and page.template == "question.html"
                        and context_space is space):
                    entries.append({html.escape(page.title, quote=False): page.path})
            spaces.append({html.escape(space.title, quote=False): entries})
        nav: list[Any] = [{"Home": "index.md"}]
        if spaces:
            nav.append({"Spaces": spaces})
        extra = [p for p in self.pages.values() if p.in_nav and p.template
                 not in ("home.html", "space.html", "question.html")]
        nav.extend({html.escape(p.title, quote=False): p.path} for p in extra)
        return nav

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        # `spaces serve` must rebuild when a moderator merges a post, not only
        # when docs/ changes.
        root = Path(config.config_file_path).parent / self.config.content_root
        for folder in ("spaces", "people", "summaries", "theme"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # Every page links the code of conduct in its footer: it need not be in
        # the navigation, nor named on every build as missing from it.
        conduct = self.view.settings.code_of_conduct if self.view else ""
        for file in files.documentation_pages():
            if conduct and file.url == conduct and not file.inclusion.is_excluded():
                file.inclusion = InclusionLevel.NOT_IN_NAV
        for page in self.pages.values():
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                log.warning("docs/%s is replaced by the generated page", page.path)
                files.remove(existing)
            # Pages kept out of the navigation on purpose (later pages of a
            # thread, other languages, each space's moderation page) are marked
            # so, or MkDocs lists them all on every build (hundreds, on a big site).
            files.append(File.generated(
                config, page.path, content=page_source(page),
                inclusion=(InclusionLevel.UNDEFINED if page.in_nav
                           else InclusionLevel.NOT_IN_NAV)))
        robots = robots_txt(self.view.audience) if self.view else None
        if robots:
            files.append(File.generated(config, "robots.txt", content=robots))
        return files

    def on_page_content(self, html: str, page: MkDocsPage, config: MkDocsConfig,
                        files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None or self.fragments is None:
            return html
        # Feed readers find a space's and a question's feeds from their pages
        # (theme/main.html); in meta, so spaces-cache's key holds them.
        if generated.template in FEED_TEMPLATES:
            page.meta["spaces_feeds"] = page_feeds(generated.context)
        if not self.defer or self.fragments.folder is None:
            return self.fragments(generated)
        # spaces-cache keys the page by a digest of the fragment kept beside
        # it, and reads the fragment only if the page is drawn again: most pages
        # of a rebuild are left as they were in the site folder.
        key, path = self.fragments.find(generated)
        if path is None:
            drawn = self.fragments.draw(generated, key)
            read: Callable[[], str] = lambda: drawn  # noqa: E731
        else:
            read = functools.partial(self.fragments.read, path)
        page.deferred_content = Deferred(  # type: ignore[attr-defined]
            "html:" + self.fragments.html_digest(key, read), read)
        return ""

    def on_page_context(self, context: Any, page: MkDocsPage, config: MkDocsConfig,
                        nav: Any) -> Any:
        generated = self.pages.get(page.file.src_uri)
        make = OWN_SEARCH_ENTRIES.get(generated.template) if generated else None
        # A reused page's entries come back from the output cache.
        if (make is not None and generated is not None and generated.searchable
                and page.meta.get("template") != REUSE_TEMPLATE):
            entries = search_entries(config)
            if entries is not None:
                entries.extend(make(generated, page.url))
        return context

    def on_post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None or self.view is None:
            return output
        return set_html_lang(output, generated.language or self.view.language)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Feeds and calendars, written once the pages are in the site folder."""
        if self.view is not None:
            written = write_outputs(self.view, Path(config.site_dir),
                                    self.view.settings.site_url)
            log.info("%d feeds and calendars written", len(written))
        if self.fragments is not None:
            self.fragments.prune()
            self.renderer.save()

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        use_bytecode_cache(env, self.cache_root)
        return expose_material_templates(env)
