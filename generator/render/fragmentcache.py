"""Page fragments kept between builds, keyed by everything a template can see.

Drawing a question page walks every post of it through Jinja macros; with 10,000
posts that is about a second on every build. A fragment depends only on its
page's context, the View it is drawn for (settings, people, what is published
and each space's banner at this build's instant) and the template files, so a
fingerprint of those is its key. Objects are fingerprinted once per build (a
space's fingerprint covers all its questions and posts), which makes a new post
redraw the pages of its own space only.

The contract for templates: draw from the page's context, and from the View only
its settings, people, banners and statuses, and what is published at this
instant. A template that needs anything else of ``view.site`` gets it through
its page's context (or adds it to ``view_signature``), or it may be served a
fragment kept from before that thing changed. tests/render/test_build_cache.py
checks that a warm rebuild gives the bytes of a cold one.
"""

from __future__ import annotations

import hashlib
import io
import logging
import pickle
import types
from pathlib import Path
from collections.abc import Callable
from typing import Any

from generator.model import Person, Post, Question, Site, Space
from generator.atomic import write_whole
from generator.render.kept import code_digest, tree_digest
from generator.render.kept import digest as _digest
from generator.render.language_pages import LanguageView
from generator.render.pages import FragmentRenderer, Page, View

log = logging.getLogger(__name__)

# Bumping this throws every kept fragment away (change it with the key's recipe).
FRAGMENT_VERSION = "2"
# Objects digested once per build and stood for by their digest elsewhere.
MODEL_TYPES = frozenset({Space, Question, Post, Person})
VIEW_TYPES = frozenset({View, LanguageView})
# Model objects loaded through SpaceSnapshots, which carry their files' key.
SOURCED_TYPES = frozenset({Space, Question})


def _stands_for(name: str) -> str:
    """What a pickled model object or View turns into: its digest or name."""
    return name


class _NamingPickler(pickle.Pickler):
    """Stands each function's qualified name in for it, lambdas included."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) in (types.FunctionType, types.MethodType) and obj is not _stands_for:
            # Nothing a template draws from a function's state.
            return _stands_for, (f"{obj.__module__}.{obj.__qualname__}",)
        return NotImplemented


class Fingerprints:
    """Stable digests of page contexts and model objects, each model object
    digested once per build.

    A digest hashes the value's pickle, which C code writes far faster than
    walking the value in Python. Inside it, each space, question, post and
    person stands as its own digest, so a space shared by a hundred pages is
    pickled once. Pickles are written without a memo ("fast" mode): a memo would
    make the bytes depend on which equal strings happen to be one object, which
    differs between a build that parsed its posts and one that read them from
    the parse cache. A value that refers to itself is pickled with the memo.
    """

    def __init__(self) -> None:
        # Keyed by identity; the value is kept alive so that its id stays its own.
        self.memo: dict[int, tuple[Any, str]] = {}

    def know(self, site: Site) -> None:
        """Digest each post of a space loaded through SpaceSnapshots by the key
        of its question's files: far cheaper than its pickle. (Spaces and
        questions carry that key themselves; see __call__.)"""
        for space in site.spaces:
            for question in space.questions:
                if not question.source:
                    continue
                for post in question.posts:
                    for each in (post, *post.translations.values()):
                        self.memo[id(each)] = (each, _digest("Post", question.source,
                                                             str(each.path)))

    def __call__(self, value: Any) -> str:
        known = self.memo.get(id(value))
        if known is not None:
            return known[1]
        kind = type(value)
        if kind in SOURCED_TYPES and value.source:
            # A copy made for this build (in another language, or as one
            # audience sees it) keeps its source key: what it holds follows from
            # those files and the build's language and audience, which every
            # key holds already.
            digest = _digest(kind.__qualname__, value.source,
                             str(getattr(value, "path", "")))
            self.memo[id(value)] = (value, digest)
            return digest
        model = kind in MODEL_TYPES
        if model:
            # Mark first: an object reached again from inside itself stands as this.
            self.memo[id(value)] = (value, f"<cycle {type(value).__qualname__}>")
        try:
            data = self._pickle(value, fast=True)
        except RecursionError:
            data = self._pickle(value, fast=False)
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        if model:
            self.memo[id(value)] = (value, digest)
        return digest

    def _pickle(self, value: Any, fast: bool) -> bytes:
        try:
            return self._pickle_with(pickle.Pickler, value, fast)
        except (pickle.PicklingError, AttributeError, TypeError):
            # A local function or lambda in the value: pickle again, slower,
            # standing its name in for each function.
            return self._pickle_with(_NamingPickler, value, fast)

    def _pickle_with(self, kind: type[pickle.Pickler], value: Any, fast: bool) -> bytes:
        stream = io.BytesIO()
        pickler = kind(stream, protocol=5)
        # Looked up in C by exact type, so common values cost no Python call.
        pickler.dispatch_table = self._reducers(value)
        pickler.fast = fast
        pickler.dump(value)
        return stream.getvalue()

    def _reducers(self, top: Any) -> dict[type, Any]:
        def model(obj: Any) -> Any:
            if obj is top:
                return obj.__reduce_ex__(5)
            return _stands_for, (self(obj),)

        def view(obj: View) -> Any:
            # The View's part in every fragment is the build's signature.
            return _stands_for, (f"View:{obj.language}",)

        table: dict[type, Any] = dict.fromkeys(MODEL_TYPES, model)
        table.update(dict.fromkeys(VIEW_TYPES, view))
        return table


def view_signature(view: View, theme_dir: Path) -> str:
    """What every fragment of this build shares: code, templates and the View."""
    prints = Fingerprints()
    site = view.site
    now_dependent = [
        [view.banner(space) for space in site.spaces],
        [p.id for p in site.posts() if p.publish_at and view.published(p.publish_at)],
        [(s.slug, q.slug) for s in site.spaces for q in s.questions
         if q.publish_at and view.published(q.publish_at)],
        # An open space's momentum chart runs to today in the space's zone.
        [(s.slug, view.now.astimezone(s.timezone).date()) for s in site.spaces
         if s.opens <= view.now < s.closes],
    ]
    return _digest(
        FRAGMENT_VERSION, code_digest(), tree_digest(theme_dir),
        prints(view.settings), prints(site.people), view.audience, str(view.pinned),
        str(getattr(view.t, "language", "")), prints(now_dependent),
    )


DIGESTS_FILE = "digests.pickle"


def html_digest(html: str) -> str:
    """What stands for a fragment's HTML in later keys (spaces-cache's)."""
    return hashlib.blake2b(html.encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


class FragmentCache:
    """Draws a page's fragment, or returns the one kept for the same inputs.

    Beside each kept fragment goes a digest of its HTML (all of them in one
    file), so that a later key can stand for the HTML without reading it: a
    fragment whose inputs changed but whose HTML did not (a closed space's page
    when the clock moves) still gives its page the same key.
    """

    def __init__(self, renderer: FragmentRenderer, theme_dir: Path,
                 folder: Path | None):
        self.renderer = renderer
        self.folder = folder
        self.signature = view_signature(renderer.view, theme_dir)
        self.prints = Fingerprints()
        self.prints.know(renderer.view.site)
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self.digests: dict[str, str] | None = None

    def key(self, page: Page) -> str:
        """The page's key: this build's signature and the page's own inputs."""
        return _digest(self.signature, page.path, page.title, page.template,
                       page.language, page.description, str(page.in_nav),
                       self.prints(page.context if page.key_parts is None
                                   else page.key_parts))

    def __call__(self, page: Page) -> str:
        if self.folder is None:
            return self.renderer(page)
        key, path = self.find(page)
        if path is not None:
            return self.read(path)
        return self.draw(page, key)

    def find(self, page: Page) -> tuple[str, Path | None]:
        """The page's key, and where its kept fragment is (None: not kept)."""
        assert self.folder is not None
        key = self.key(page)
        self.used.add(key)
        path = self.folder / key[:2] / f"{key}.html"
        if path.exists():
            self.hits += 1
            return key, path
        return key, None

    @staticmethod
    def read(path: Path) -> str:
        return path.read_text(encoding="utf-8")

    def draw(self, page: Page, key: str) -> str:
        """Draw the page's fragment and keep it under ``key``."""
        assert self.folder is not None
        self.misses += 1
        log.debug("fragment drawn: %s", page.path)
        html = self.renderer(page)
        path = self.folder / key[:2] / f"{key}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, html)
        self._digests()[key] = html_digest(html)
        return html

    def html_digest(self, key: str, read: Callable[[], str]) -> str:
        """The digest of the fragment kept under ``key``; ``read`` gives its
        HTML, called only when the digest was not kept."""
        digests = self._digests()
        if key not in digests:
            digests[key] = html_digest(read())
        return digests[key]

    def _digests(self) -> dict[str, str]:
        if self.digests is None:
            self.digests = {}
            if self.folder is not None:
                try:
                    with (self.folder / DIGESTS_FILE).open("rb") as stream:
                        kept = pickle.load(stream)
                    if isinstance(kept, dict):
                        self.digests = kept
                except (OSError, pickle.UnpicklingError, EOFError, ValueError):
                    pass
        return self.digests

    def prune(self) -> None:
        """Drop kept fragments (and digests) this build did not use."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.html"):
            if path.stem not in self.used:
                path.unlink()
        if self.digests is not None:
            kept = {key: value for key, value in self.digests.items()
                    if key in self.used}
            write_whole(self.folder / DIGESTS_FILE,
                        pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
