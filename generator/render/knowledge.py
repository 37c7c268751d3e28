"""The knowledge base: closed spaces and their summaries, by theme and year.

Each closed space gets a page at kb/<permalink>/, where the permalink comes from
space.yml (`permalink:`, by default the folder name). Setting it once keeps the
address when the folder is renamed, so links from reports and mail keep working.
MkDocs' search indexes these pages like any other, which makes the summaries
searchable without a search engine of our own.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config import Settings
from generator.model import Site, Space
from generator.model.ids import is_safe_id
from generator.model.problems import Problems
from generator.render import pages
from generator.render.audience import visibility_of
from generator.render.pages import TEMPLATE_GLOBALS, Page, View
from generator.render.translations import key_line, site_links

log = logging.getLogger(__name__)


@dataclass
class KnowledgeEntry:
    """One closed space as the knowledge base lists it."""

    space: Space
    url: str
    closes: dt.datetime
    excerpt_html: str
    summary_html: str

    @property
    def year(self) -> int:
        return self.closes.year


def kb_url(space: Space) -> str:
    """The stable, site-relative address of a space's knowledge-base page."""
    return f"kb/{space.permalink}/"


def first_paragraph(markdown: str) -> str:
    """The first paragraph of a summary, skipping headings and comments."""
    for block in markdown.strip().split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "---", "<!--")):
            return block
    return ""


def entries(view: View) -> list[KnowledgeEntry]:
    """Closed spaces this audience may see, newest first; one per permalink."""
    found: dict[str, KnowledgeEntry] = {}
    closed = [s for s in view.spaces() if view.status(s) == "closed"]
    for space in sorted(closed, key=lambda s: (s.closes, s.slug), reverse=True):
        if space.permalink in found:
            log.warning("spaces/%s/space.yml: permalink %r is already used by "
                        "spaces/%s; its knowledge-base page is left out",
                        space.slug, space.permalink, found[space.permalink].space.slug)
            continue
        summary = space.summary
        found[space.permalink] = KnowledgeEntry(
            space, kb_url(space), space.closes.astimezone(space.timezone),
            view.render(first_paragraph(summary)) if summary else "",
            view.render(summary) if summary else "")
    return list(found.values())


def knowledge_pages(view: View) -> Iterable[Page]:
    """The knowledge-base index and one page per closed space."""
    listed = entries(view)
    order = {theme: index for index, theme in enumerate(view.settings.themes)}
    by_theme: dict[str, dict[int, list[KnowledgeEntry]]] = {}
    for entry in sorted(listed, key=lambda e: order.get(e.space.theme, len(order))):
        years = by_theme.setdefault(entry.space.theme, {})
        years.setdefault(entry.year, []).append(entry)
    for theme, years in by_theme.items():
        by_theme[theme] = dict(sorted(years.items(), reverse=True))
    yield Page("kb/index.md", view.t("knowledge_base"), "kb.html",
               {"by_theme": by_theme}, description=view.t("kb_intro"))

    for entry in listed:
        space = entry.space
        questions = view.questions(space)
        yield Page(f"{entry.url}index.md", space.title, "kb_space.html", {
            "entry": entry, "space": space, "questions": questions,
            "post_counts": {q.slug: len(view.posts(q)) for q in questions},
        }, in_nav=False, description=space.objective)


def check_permalinks(site: Site, problems: Problems, settings: Settings,
                     root: Path) -> None:
    """Permalinks must be safe ids and unique across all spaces, of any visibility.

    A clash is reported on the space that set `permalink:` itself, since folder
    names (the default) are unique already.
    """
    owners: dict[str, list[Space]] = {}
    for space in site.spaces:
        space_yml = space.path / "space.yml"
        if not is_safe_id(space.permalink):
            problems.error(space_yml, key_line(space_yml, "permalink"),
                           f"permalink {space.permalink!r} is not a safe id (ASCII "
                           "letters, digits and hyphens)")
        owners.setdefault(space.permalink, []).append(space)
    for permalink, spaces in owners.items():
        for space in spaces:
            space_yml = space.path / "space.yml"
            line = key_line(space_yml, "permalink")
            others = [s.slug for s in spaces if s is not space]
            if others and line:
                problems.error(space_yml, line, f"permalink {permalink!r} is already "
                               f"used by spaces/{others[0]}; knowledge-base "
                               "addresses must be unique")


def _template_functions(view: View) -> dict[str, Any]:
    """What the knowledge-base, summary and visibility partials call."""
    return {"site_links": site_links, "visibility_of": visibility_of}


pages.PAGE_BUILDERS.append(knowledge_pages)
TEMPLATE_GLOBALS.append(_template_functions)
