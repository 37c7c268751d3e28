"""A first draft of a closed space's summary, for its moderators to edit.

The guidance asks moderators to "prepare and disseminate a short summary in the
discussion space to consolidate in one place all outputs and links". The draft
gathers what the content already knows (objective, participation figures, the
busiest threads, quotes from key posts, deliverables, events) so that the
moderators spend their time on the judgement, not on counting. They edit it into
summaries/<space>.md, which the space page and the knowledge base show.

Links in the draft start at the site root (/spaces/...); pages rewrite them
relative to where the summary is shown (translations.site_links).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.model import Event, Post, Question, Space
from generator.render.i18n import Translator
from generator.render.pages import THREADS_PER_PAGE, Thread, ThreadPost, View
from generator.render.translations import language_name

BUSIEST = 3
KEY_POSTS = 5
QUOTE_WORDS = 45
TAG = re.compile(r"<[^>]+>")


@dataclass
class ThreadLine:
    """One of the busiest threads: where it is and how big it grew."""

    question: Question
    thread: Thread
    link: str


@dataclass
class KeyPost:
    """A post quoted in the draft, with the words quoted and its address."""

    post: Post
    quote: str
    link: str


@dataclass
class QuestionFigures:
    """Posts and threads of one question, and its site-root link."""

    question: Question
    posts: int
    threads: int
    link: str


@dataclass
class SummaryDraft:
    """Everything the draft template shows, computed from one audience's view."""

    space: Space
    now: dt.datetime
    posts: list[Post]
    questions: list[QuestionFigures]
    busiest: list[ThreadLine]
    key_posts: list[KeyPost]
    events: list[Event]
    team_posts: int
    replies: int
    languages: list[tuple[str, int]] = field(default_factory=list)

    @property
    def threads(self) -> int:
        return sum(figures.threads for figures in self.questions)

    @property
    def participants(self) -> list[str]:
        return sorted({p.author.strip() for p in self.posts}, key=str.casefold)

    @property
    def organisations(self) -> list[str]:
        return sorted({p.affiliation.strip() for p in self.posts if p.affiliation},
                      key=str.casefold)

    @property
    def countries(self) -> list[str]:
        return sorted({p.country.strip() for p in self.posts if p.country})


def post_link(view: View, space: Space, question: Question, threads: list[Thread],
              post: Post) -> str:
    """Site-root link to a post, on the page of its thread when threads paginate."""
    index = next((i for i, t in enumerate(threads)
                  if any(n.post.id == post.id for n in _nodes(t))), 0)
    page = index // THREADS_PER_PAGE + 1
    suffix = f"page-{page}/" if page > 1 else ""
    return f"/{view.url(space, question)}{suffix}#post-{post.id}"


def _subtree(node: ThreadPost) -> list[ThreadPost]:
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.replies)
    return found


def _nodes(thread: Thread) -> list[ThreadPost]:
    return _subtree(thread.root)


def quote(view: View, post: Post, words: int = QUOTE_WORDS) -> str:
    """The opening words of a post as plain text, cut at a word with an ellipsis."""
    text = html.unescape(TAG.sub(" ", view.render(post.body)))
    split = text.split()
    cut = " ".join(split[:words])
    return cut + (" …" if len(split) > words else "")


def make_draft(view: View, space: Space) -> SummaryDraft:
    """Figures, busiest threads and key posts of ``space`` as ``view`` sees it."""
    posts: list[Post] = []
    questions = []
    lines: list[ThreadLine] = []
    keyed: list[tuple[int, KeyPost]] = []
    team_posts = replies = 0
    for question in view.questions(space):
        threads = view.threads(space, question)
        shown = [n for t in threads for n in _nodes(t) if not n.removed]
        posts.extend(n.post for n in shown)
        team_posts += sum(1 for n in shown if n.by_moderator)
        replies += sum(1 for n in shown if n.parent is not None)
        questions.append(QuestionFigures(question, len(shown), len(threads),
                                         f"/{view.url(space, question)}"))
        for thread in threads:
            if thread.root.removed:
                continue
            link = post_link(view, space, question, threads, thread.root.post)
            lines.append(ThreadLine(question, thread, link))
        for node in shown:
            size = len(_subtree(node)) - 1
            if size or node.post.handle in space.key_responders:
                link = post_link(view, space, question, threads, node.post)
                keyed.append((size, KeyPost(node.post, quote(view, node.post), link)))

    lines.sort(key=lambda line: (line.thread.size, line.thread.last_activity),
               reverse=True)
    keyed.sort(key=lambda item: (item[0], -item[1].post.posted.timestamp()),
               reverse=True)
    languages = Counter(p.language for p in posts).most_common()
    return SummaryDraft(space, view.now, posts, questions, lines[:BUSIEST],
                        [k for _, k in keyed[:KEY_POSTS]], space.events,
                        team_posts, replies, languages)


def render_draft(draft: SummaryDraft) -> str:
    """The draft as Markdown with front matter, ready for summaries/<space>.md."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).with_name("drafts"))),
        autoescape=False, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    )
    t = Translator("en")
    zone = draft.space.timezone

    def day(moment: dt.datetime) -> str:
        return t.date(moment.astimezone(zone), with_time=False)

    env.filters["day"] = day
    env.globals.update(t=t, language_name=lambda code: language_name(t, code))
    return env.get_template("summary.md").render(d=draft, space=draft.space)
