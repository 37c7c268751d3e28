"""Content to pages, independent of MkDocs.

The core turns the loaded site into Page objects: a path, a title and an HTML
fragment rendered from a template in theme/partials/spaces/. The MkDocs plugin
hands them to MkDocs; `spaces export` writes them to a folder for another engine.
Features add pages by appending a builder to PAGE_BUILDERS.
"""

from __future__ import annotations

import dataclasses

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator.config import Settings
from generator.model import STATUSES, Post, Question, Site, Space
from generator.model.ids import slugify
from generator.render import links
# AUDIENCES is re-exported: the plugin and the command line import it from here.
from generator.render.audience import AUDIENCES as AUDIENCES
from generator.render.audience import audience_site, may_see
from generator.render.banner import Banner, make_banner, status
from generator.render.i18n import Translator
from generator.render.translations import default_language, localise
from generator.render.markdown import MarkdownRenderer

THREADS_PER_PAGE = 25


@dataclass
class Page:
    """One generated page: where it goes, its title, and how to draw it."""

    path: str
    title: str
    template: str
    context: Mapping[str, Any]
    language: str = ""  # empty: the site's default language
    in_nav: bool = True
    description: str = ""
    # False keeps the page out of the search index (it repeats another page).
    searchable: bool = True
    # What the fragment cache keys the page by, when not its whole context: a
    # smaller value that still determines everything the template draws.
    key_parts: dict[str, Any] | None = None


@dataclass
class ThreadPost:
    """A post placed in its thread, with its rendered body and its replies."""

    post: Post
    html: str
    by_moderator: bool
    depth: int
    replies: list["ThreadPost"] = field(default_factory=list)
    parent: Post | None = None
    # Filled by translations.localise: the language shown, a note such as
    # "Translated from English", and the post's other language versions.
    language: str = ""
    note: str = ""
    versions: list[Any] = field(default_factory=list)

    @property
    def removed(self) -> bool:
        return bool(self.post.hidden)


@dataclass
class Thread:
    """A top-level post and every reply under it."""

    root: ThreadPost
    last_activity: dt.datetime
    size: int


class View:
    """Everything a page builder needs: the site as this build's audience sees it
    at this build's instant, plus settings, translation and rendering."""

    def __init__(self, site: Site, settings: Settings, now: dt.datetime,
                 audience: str = "public", pinned: bool = False,
                 renderer: MarkdownRenderer | None = None):
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}: "
                             + ", ".join(AUDIENCES))
        # Everything downstream sees only what this audience may read.
        self.site = audience_site(site, audience)
        self.settings = settings
        self.now = now
        self.audience = audience
        self.pinned = pinned
        self.render = renderer or MarkdownRenderer()
        self.language = default_language(settings)
        self.t = Translator(self.language)
        self.soon = settings.closing_soon_delta
        # threads() by (space, question) object: pages and feeds both ask.
        self.thread_memo: dict[tuple[int, int], tuple[Space, Question, list[Thread]]] = {}
        self.layout_memo: dict[int, tuple[Question, Layout]] = {}

    # Visibility and scheduling decide what exists at all for this build.
    def visible(self, level: str | None) -> bool:
        return may_see(self.audience, level)

    def is_public(self, space: Space, question: Question | None = None) -> bool:
        """True when contributions may go through public GitHub issues: the
        space and the question are both public."""
        levels = [space.visibility, question.visibility if question else None]
        return all((level or "public") == "public" for level in levels)

    def in_language(self, language: str) -> "View":
        """This view with interface text, questions and posts in ``language``."""
        from generator.render.language_pages import LanguageView

        return self if language == self.language else LanguageView(self, language)

    def published(self, publish_at: dt.datetime | None) -> bool:
        return publish_at is None or publish_at <= self.now

    def spaces(self) -> list[Space]:
        return [s for s in self.site.spaces if self.visible(s.visibility)]

    def questions(self, space: Space) -> list[Question]:
        return [q for q in space.questions
                if self.visible(q.visibility) and self.published(q.publish_at)]

    def posts(self, question: Question) -> list[Post]:
        return [p for p in question.posts if self.published(p.publish_at)]

    def status(self, space: Space) -> str:
        return status(space, self.now, self.soon)

    def banner(self, space: Space) -> Banner:
        return make_banner(space, self.now, self.soon, self.t, self.pinned)

    def is_moderator(self, post: Post, space: Space) -> bool:
        return post.moderator or (bool(post.handle) and post.handle in space.team)

    def threads(self, space: Space, question: Question) -> list[Thread]:
        """Threads by in_reply_to, the one with the newest activity first.

        Computed once per view, space and question; callers must not change them.
        """
        memo = self.thread_memo.get((id(space), id(question)))
        if memo is None:
            memo = (space, question, self._threads(space, question))
            self.thread_memo[(id(space), id(question))] = memo
        return memo[2]

    def layout(self, question: Question) -> "Layout":
        """The question's threads before their posts are placed: cheap enough
        for page counts and feed links, which need no rendered post. Computed
        once per view and question (a language view shares it: only
        published posts decide it)."""
        memo = self.layout_memo.get(id(question))
        if memo is None:
            memo = (question, Layout.of(self.posts(question)))
            self.layout_memo[id(question)] = memo
        return memo[1]

    def thread_count(self, question: Question) -> int:
        """How many threads threads() gives."""
        return len(self.layout(question).shapes)

    def page_numbers(self, question: Question) -> dict[str, int]:
        """The page (1, 2...) of the question that shows each post."""
        numbers = {}
        for index, shape in enumerate(self.layout(question).shapes):
            for post in shape.posts:
                numbers[post.id] = index // THREADS_PER_PAGE + 1
        return numbers

    def _threads(self, space: Space, question: Question) -> list[Thread]:
        layout = self.layout(question)

        def place(post: Post, depth: int, parent: Post | None) -> ThreadPost:
            node = ThreadPost(post, "", self.is_moderator(post, space), depth,
                              parent=parent)
            if not post.hidden:
                localise(self, node, space)
            node.replies = [place(c, depth + 1, post)
                            for c in layout.children.get(post.id, [])]
            return node

        return [Thread(place(shape.root, 0, None), shape.last_activity,
                       len(shape.posts)) for shape in layout.shapes]

    def url(self, space: Space, question: Question | None = None) -> str:
        """Site-relative URL of a space or question page, ending in '/'."""
        path = f"spaces/{space.slug}/"
        return path + f"{question.slug}/" if question else path


@dataclass
class ThreadShape:
    """A thread before its posts are placed: its first post, every post in it
    (the first included) and its newest activity."""

    root: Post
    posts: list[Post]
    last_activity: dt.datetime


@dataclass
class Layout:
    """A question's threads by in_reply_to, the one with the newest activity
    first, and each post's direct replies."""

    shapes: list[ThreadShape]
    children: dict[str | None, list[Post]]

    @classmethod
    def of(cls, posts: list[Post]) -> "Layout":
        known = {p.id for p in posts}
        children: dict[str | None, list[Post]] = {}
        for post in posts:
            parent = post.in_reply_to if post.in_reply_to in known else None
            children.setdefault(parent, []).append(post)
        shapes = []
        for root in children.get(None, []):
            members, stack = [], [root]
            while stack:
                post = stack.pop()
                members.append(post)
                stack.extend(children.get(post.id, []))
            shapes.append(ThreadShape(root, members,
                                      max(p.posted for p in members)))
        shapes.sort(key=lambda t: (t.last_activity, t.root.id), reverse=True)
        return cls(shapes, children)


PageBuilder = Callable[[View], Iterable[Page]]


def home_pages(view: View) -> Iterable[Page]:
    spaces = view.spaces()
    by_status = {name: [s for s in spaces if view.status(s) == name] for name in STATUSES}
    by_theme: dict[str, list[Space]] = {}
    for space in sorted(spaces, key=lambda s: s.opens, reverse=True):
        by_theme.setdefault(space.theme, []).append(space)
    yield Page("index.md", view.t("home_title"), "home.html",
               {"by_status": by_status, "by_theme": dict(sorted(by_theme.items()))})


def space_pages(view: View) -> Iterable[Page]:
    for space in view.spaces():
        questions = view.questions(space)
        yield Page(f"spaces/{space.slug}/index.md", space.title, "space.html", {
            "space": space,
            "questions": questions,
            "intro_html": view.render(space.introduction),
            "summary_html": view.render(space.summary) if space.summary else "",
            "events": {phase: [e for e in space.events if e.phase == phase]
                       for phase in ("before", "during", "after")},
            "post_counts": {q.slug: len(view.posts(q)) for q in questions},
        }, description=space.objective)
        header = space_header(space)
        for question in questions:
            yield from question_pages(view, space, question, header)


def space_header(space: Space) -> dict[str, Any]:
    """What a question page draws from its space besides that question: every
    field of the space but its questions (and drafts), and its whole team, which
    includes other questions' moderators. A post in another question leaves it
    unchanged, so that question's pages are not drawn again."""
    return {"fields": dataclasses.replace(space, questions=[], drafts=[], source=""),
            "team": space.team}


def question_pages(view: View, space: Space, question: Question,
                   header: dict[str, Any] | None = None) -> Iterable[Page]:
    header = header if header is not None else space_header(space)
    thread_count = view.thread_count(question)
    post_count = len(view.posts(question))
    pages = max(1, -(-thread_count // THREADS_PER_PAGE))
    for number in range(1, pages + 1):
        name = "index.md" if number == 1 else f"page-{number}.md"
        known = {
            "space": space, "question": question,
            "page_number": number, "page_count": pages,
            "post_count": post_count, "thread_count": thread_count,
        }

        def drawn(number: int = number) -> dict[str, Any]:
            start = (number - 1) * THREADS_PER_PAGE
            return {"threads": view.threads(space, question)[
                        start: start + THREADS_PER_PAGE],
                    "question_html": view.render(question.body)}

        # Threads (every post placed, localised and rendered) are made only when
        # the page is drawn: a kept page needs its key alone, and the question
        # and its space's header determine them.
        yield Page(f"spaces/{space.slug}/{question.slug}/{name}", question.title,
                   "question.html", LazyContext(known, drawn), in_nav=number == 1,
                   key_parts={**known, "space": header})


class LazyContext(Mapping[str, Any]):
    """A page's template values, the costly ones made on first use.

    ``known`` are read without making the rest; ``later`` makes the others. A
    page with a lazy context must give ``key_parts`` that determine them.
    """

    def __init__(self, known: dict[str, Any], later: Callable[[], dict[str, Any]]):
        self.known = known
        self.later = later
        self.values: dict[str, Any] | None = None

    def _all(self) -> dict[str, Any]:
        if self.values is None:
            self.values = {**self.known, **self.later()}
        return self.values

    def __getitem__(self, key: str) -> Any:
        if key in self.known:
            return self.known[key]
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


PAGE_BUILDERS: list[PageBuilder] = [home_pages, space_pages]

# Functions a feature's partials call: each takes the view and returns named
# template globals; features append theirs on import (see the end of this file).
TEMPLATE_GLOBALS: list[Callable[[View], dict[str, Any]]] = []


def build_pages(view: View) -> list[Page]:
    """Every generated page of this build, in a stable order."""
    return [page for builder in PAGE_BUILDERS for page in builder(view)]


class FragmentRenderer:
    """Renders page fragments with the Jinja templates in theme/partials/spaces."""

    def __init__(self, theme_dir: Path, view: View,
                 bytecode_cache: jinja2.BytecodeCache | None = None):
        self.view = view
        self.theme_dir = theme_dir
        # Shared by every language's environment: compiled templates do not
        # depend on the globals.
        self.bytecode_cache = bytecode_cache
        self.envs: dict[str, jinja2.Environment] = {}
        self.env = self.environment(view.language)

    def environment(self, language: str) -> jinja2.Environment:
        """Templates whose globals (view, t) speak ``language``; macros imported
        by templates see only globals, so each language has its own."""
        if language not in self.envs:
            view = self.view.in_language(language)
            env = jinja2.Environment(
                loader=jinja2.FileSystemLoader(
                    str(self.theme_dir / "partials" / "spaces")),
                autoescape=True, trim_blocks=True, lstrip_blocks=True,
                undefined=jinja2.StrictUndefined,
                bytecode_cache=self.bytecode_cache,
            )
            env.globals.update(t=view.t, view=view, links=links,
                               settings=view.settings, slugify=slugify)
            for feature_globals in TEMPLATE_GLOBALS:
                env.globals.update(feature_globals(view))
            self.envs[language] = env
        return self.envs[language]

    def __call__(self, page: Page) -> str:
        language = page.language or self.view.language
        template = self.environment(language).get_template(page.template)
        return template.render(page=page, base=relative_root(page.path),
                               **page.context)


def page_url(path: str) -> str:
    """The directory-style URL MkDocs gives a source path: a/b/index.md -> a/b/."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_root(path: str) -> str:
    """'../' repeated to climb from a page's URL back to the site root."""
    return "../" * page_url(path).count("/")


# Features register builders and template globals on import; import them last.
from generator.consultation import pages as _consultation  # noqa: E402,F401
from generator.moderation import site_pages  # noqa: E402,F401
from generator.render import knowledge, lifecycle  # noqa: E402,F401

# Keep this import after every other feature: language pages repeat the space
# pages in other languages, so they must be built once features have filled the
# spaces in (consultation drafts are loaded by their builder).
from generator.render import language_pages  # noqa: E402,F401,I001
