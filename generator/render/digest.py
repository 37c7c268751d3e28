"""A space's digest: new posts and replies since a date, for a mailing list.

Markdown for lists that take plain text, HTML (theme/partials/spaces/digest.html)
for the rest. The digest shows what the site shows at the same instant: only
published, visible posts, never a hidden one, with links to where each post is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.model import Post, Question, Space
from generator.render.feeds import post_pages
from generator.render.pages import FragmentRenderer, Page, View

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


@dataclass
class DigestPost:
    """One new post with where to read it and whom it answers."""

    post: Post
    url: str
    html: str
    reply_to: str = ""


@dataclass
class DigestQuestion:
    """A question and its new posts, oldest first, as a thread reads."""

    question: Question
    url: str
    posts: list[DigestPost] = field(default_factory=list)


@dataclass
class Digest:
    """What is new in one space between ``since`` and the view's now."""

    space: Space
    since: dt.datetime
    now: dt.datetime
    questions: list[DigestQuestion]

    @property
    def count(self) -> int:
        return sum(len(q.posts) for q in self.questions)


def make_digest(view: View, space: Space, since: dt.datetime) -> Digest:
    """New posts of ``space`` with since <= posted <= now, grouped by question."""
    base = view.settings.site_url.rstrip("/")

    def address(path: str) -> str:
        return f"{base}/{path}" if base else f"/{path}"

    groups = []
    for question in view.questions(space):
        pages = post_pages(view, space, question)
        by_id = {post.id: post for post in question.posts}
        group = DigestQuestion(question, address(view.url(space, question)))
        for post in view.posts(question):
            if post.hidden or not since <= post.posted <= view.now:
                continue
            parent = by_id.get(post.in_reply_to or "")
            reply_to = "" if parent is None or parent.hidden else parent.author
            group.posts.append(DigestPost(
                post, address(f"{pages[post.id]}#post-{post.id}"),
                view.render(post.body), reply_to))
        if group.posts:
            group.posts.sort(key=lambda item: (item.post.posted, item.post.id))
            groups.append(group)
    return Digest(space, since, view.now, groups)


def since_label(view: View, digest: Digest) -> str:
    return view.t.date(digest.since.astimezone(digest.space.timezone), with_time=False)


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def digest_markdown(view: View, digest: Digest) -> str:
    """The digest as Markdown: a heading per question, one section per post."""
    t, zone = view.t, digest.space.timezone
    since = since_label(view, digest)
    lines = [f"# {_escape(t('digest_title', title=digest.space.title, since=since))}",
             ""]
    if not digest.count:
        return "\n".join(lines + [t("digest_none", since=since), ""])
    lines += [t("digest_intro", count=digest.count, since=since), ""]
    for group in digest.questions:
        lines += [f"## [{_escape(group.question.title)}]({group.url})", ""]
        for item in group.posts:
            post = item.post
            who = post.author + (f", {post.affiliation}" if post.affiliation else "")
            when = t.date(post.posted.astimezone(zone))
            lines += [f"### {_escape(who)} · {when}", ""]
            if item.reply_to:
                lines += [f"_{_escape(t('digest_reply_to', author=item.reply_to))}_",
                          ""]
            lines += [post.body.strip(), "",
                      f"[{t('digest_read_on_site')}]({item.url})", ""]
    return "\n".join(lines)


def digest_html(view: View, digest: Digest, fragments: FragmentRenderer) -> str:
    """The digest as a standalone HTML document (bodies sanitised)."""
    since = since_label(view, digest)
    title = view.t("digest_title", title=digest.space.title, since=since)
    page = Page("digest.md", title, "digest.html",
                {"digest": digest, "since": since, "space": digest.space})
    return fragments(page)
