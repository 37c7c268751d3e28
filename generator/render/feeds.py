"""Atom feeds: one per space, one per question, one for the whole site.

A feed holds what a reader of this build may see: public (or this audience's)
spaces, questions and posts already published, never a hidden post. Links are
relative to the feed's own address unless the site's URL is known, so the same
build works under any path; entry ids are tag: URIs that never change.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from generator.model import Post, Question, Space
from generator.render.addresses import (
    FEED_NAME,
    question_feed_path,
    space_feed_path,
)
from generator.render.kept import KeptFiles, code_digest, digest
from generator.render.markdown import RENDER_VERSION
from generator.render.pages import THREADS_PER_PAGE, View

MAX_ENTRIES = 50


@dataclass
class FeedEntry:
    """One item of a feed: a question put to the space, or a post."""

    key: str
    title: str
    path: str
    updated: dt.datetime
    author: str
    # Markdown, rendered only for the entries a feed keeps (the newest 50).
    body: str


def post_pages(view: View, space: Space, question: Question) -> dict[str, str]:
    """Page path of every post: threads paginate, so a post may sit on page 2."""
    url = view.url(space, question)
    return {post_id: url + ("" if number == 1 else f"page-{number}/")
            for post_id, number in view.page_numbers(question).items()}


def question_entries(view: View, space: Space, question: Question) -> list[FeedEntry]:
    """The question itself (once published) and every visible post under it."""
    entries = []
    asked = question.publish_at or space.opens
    if asked <= view.now:
        entries.append(FeedEntry(
            key=f"spaces/{space.slug}/{question.slug}", title=question.title,
            path=view.url(space, question), updated=asked,
            author=view.t("feed_moderators"), body=question.body))
    pages = post_pages(view, space, question)
    for post in view.posts(question):
        if post.hidden or post.posted > view.now:
            continue
        entries.append(_post_entry(view, question, post, pages[post.id]))
    return entries


def _post_entry(view: View, question: Question, post: Post, page: str) -> FeedEntry:
    title = post.title or view.t("feed_post_title", author=post.author,
                                 question=question.title)
    author = f"{post.author}, {post.affiliation}" if post.affiliation else post.author
    return FeedEntry(key=f"posts/{post.id}", title=title,
                     path=f"{page}#post-{post.id}", updated=post.posted,
                     author=author, body=post.body)


def space_entries(view: View, space: Space) -> list[FeedEntry]:
    return [entry for question in view.questions(space)
            for entry in question_entries(view, space, question)]


def feed_cache(view: View) -> KeptFiles:
    """Finished feeds, keyed by everything that goes into them.

    Building a feed with feedgen costs about as much as the rest of a rebuild;
    after one new post only the feeds that list it (its question, its space,
    the site) change, so the others are read back instead of drawn again.
    """
    folder = (view.site.root / view.settings.cache_dir / "feeds"
              if view.settings.cache_dir else None)
    return KeptFiles(folder, ".xml")


def atom_feed(view: View, entries: list[FeedEntry], title: str, feed_path: str,
              page_path: str, base_url: str = "",
              cache: KeptFiles | None = None) -> bytes:
    """The Atom document of ``entries``, newest first, as UTF-8 bytes.

    ``feed_path`` and ``page_path`` are site-relative (the feed file and the
    page it follows); ``base_url`` makes links absolute when given.
    """
    authority = urlsplit(base_url).hostname or view.settings.intake_email.rpartition(
        "@")[2] or "localhost"

    def href(path: str) -> str:
        if base_url:
            return base_url.rstrip("/") + "/" + path
        target, _, fragment = path.partition("#")
        here = posixpath.dirname(feed_path) or "."
        rel = posixpath.relpath(target or ".", here)
        rel = "./" if rel == "." else rel + ("/" if target.endswith("/") else "")
        return rel + (f"#{fragment}" if fragment else "")

    def tag(key: str) -> str:
        return f"tag:{authority},2026:{key}"

    entries = sorted(entries, key=lambda e: (e.updated, e.key), reverse=True)
    entries = entries[:MAX_ENTRIES]
    key = ""
    if cache is not None:
        key = digest(code_digest(), RENDER_VERSION, repr((
            title, feed_path, page_path, base_url, authority, view.t.language,
            view.settings.repository, _epoch(view),
            [(e.key, e.title, e.path, e.updated, e.author, e.body) for e in entries])))
        cached = cache.get(key)
        if cached is not None:
            return cached
    feed = FeedGenerator()
    feed.id(tag(feed_path))
    feed.title(title)
    feed.author({"name": view.settings.repository or view.t("home_title")})
    feed.link(href=href(page_path), rel="alternate", type="text/html")
    feed.link(href=href(feed_path), rel="self", type="application/atom+xml")
    feed.language(view.t.language)
    feed.generator("discussion-spaces")
    feed.updated(entries[0].updated if entries else _epoch(view))
    for entry in reversed(entries):  # feedgen prepends: add the oldest first
        item = feed.add_entry()
        item.id(tag(entry.key))
        item.title(entry.title)
        item.link(href=href(entry.path), rel="alternate", type="text/html")
        item.updated(entry.updated)
        item.published(entry.updated)
        item.author({"name": entry.author})
        item.content(view.render(entry.body), type="html")
    content = bytes(feed.atom_str(pretty=True))
    if cache is not None:
        cache.put(key, content)
    return content


def _epoch(view: View) -> dt.datetime:
    # An empty feed still needs an 'updated'; the oldest opening of a space is
    # stable across rebuilds, unlike 'now'.
    opens = [space.opens for space in view.spaces()]
    return min(opens) if opens else view.now


def feed_files(view: View, base_url: str = "",
               cache: KeptFiles | None = None) -> dict[str, bytes]:
    """Every feed of this build by its site-relative path."""
    files: dict[str, bytes] = {}
    everything: list[FeedEntry] = []
    cache = cache if cache is not None else feed_cache(view)
    for space in view.spaces():
        entries: list[FeedEntry] = []
        for question in view.questions(space):
            found = question_entries(view, space, question)
            entries.extend(found)
            path = question_feed_path(space, question)
            files[path] = atom_feed(view, found, f"{question.title} · {space.title}",
                                    path, view.url(space, question), base_url, cache)
        path = space_feed_path(space)
        files[path] = atom_feed(view, entries, space.title, path, view.url(space),
                                base_url, cache)
        everything.extend(entries)
    files[FEED_NAME] = atom_feed(view, everything, view.t("home_title"), FEED_NAME,
                                 "", base_url, cache)
    cache.prune()
    return files
