"""Momentum figures of a space: posts and participants per day, who took part,
how much of it the moderation team has answered and how fast.

Days are calendar days in the space's own time zone, from its opening (or its
first post, if earlier) to the last day that has begun by ``now``, days with no
post included: a quiet day is part of the momentum.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.model import Person, Post, Question, Space
from generator.moderation.replies import live_posts, reply_states

BUSIEST_THREADS = 5


@dataclass
class Day:
    """One calendar day of the discussion in the space's zone."""

    date: dt.date
    posts: int
    participants: int


@dataclass
class ThreadFigures:
    """A thread ranked by its size: its question, first post and reply count."""

    question: Question
    root: Post
    posts: int
    last_activity: dt.datetime


@dataclass
class SpaceStats:
    """The figures `spaces stats` prints and the moderators' page shows."""

    space: Space
    now: dt.datetime
    days: list[Day] = field(default_factory=list)
    posts: int = 0
    participants: int = 0
    organisations: list[tuple[str, int]] = field(default_factory=list)
    countries: list[tuple[str, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    to_answer: int = 0
    answered: int = 0
    median_first_reply: dt.timedelta | None = None
    busiest: list[ThreadFigures] = field(default_factory=list)
    hidden: int = 0

    @property
    def share_answered(self) -> float | None:
        """Answered posts over participants' posts; None when there are none."""
        return self.answered / self.to_answer if self.to_answer else None

    @property
    def busiest_day(self) -> Day | None:
        return max(self.days, key=lambda d: (d.posts, -d.date.toordinal()),
                   default=None)

    def as_json(self) -> dict[str, Any]:
        """Plain values for `spaces stats --json`: ISO dates, seconds, counts."""
        median = self.median_first_reply
        return {
            "space": self.space.slug,
            "now": self.now.isoformat(),
            "posts": self.posts,
            "participants": self.participants,
            "hidden": self.hidden,
            "days": [{"date": d.date.isoformat(), "posts": d.posts,
                      "participants": d.participants} for d in self.days],
            "organisations": dict(self.organisations),
            "countries": dict(self.countries),
            "languages": dict(self.languages),
            "to_answer": self.to_answer,
            "answered": self.answered,
            "share_answered": (round(self.share_answered, 4)
                               if self.share_answered is not None else None),
            "median_first_reply_seconds": (int(median.total_seconds())
                                           if median is not None else None),
            "busiest_threads": [{
                "question": t.question.slug, "post": t.root.id,
                "author": t.root.author, "posts": t.posts,
                "last_activity": t.last_activity.isoformat(),
            } for t in self.busiest],
        }


def participant_key(post: Post) -> str:
    """Who wrote a post: the profile handle, else the display name, casefolded."""
    return post.handle or " ".join(post.author.split()).casefold()


def space_stats(space: Space, now: dt.datetime, people: dict[str, Person],
                questions: Iterable[Question] | None = None) -> SpaceStats:
    """Figures for ``space`` at ``now`` over ``questions`` (default: all)."""
    chosen = list(space.questions if questions is None else questions)
    posts = [p for q in chosen for p in live_posts(q, now)]
    stats = SpaceStats(space, now, posts=len(posts))
    stats.hidden = sum(1 for q in chosen for p in q.posts
                       if p.hidden and p.posted <= now)
    stats.participants = len({participant_key(p) for p in posts})
    stats.days = _days(space, now, posts)

    # A profile fills in what a team member's post leaves out.
    def country(post: Post) -> str:
        person = people.get(post.handle)
        return post.country or (person.country if person else "")

    stats.organisations = _ranked(p.affiliation for p in posts)
    stats.countries = _ranked(country(p) for p in posts)
    stats.languages = _ranked(p.language for p in posts)

    states = reply_states(space, now, chosen)
    stats.to_answer = len(states)
    stats.answered = sum(1 for s in states if s.answered)
    waits = [s.waited(now).total_seconds() for s in states if s.answered]
    if waits:
        stats.median_first_reply = dt.timedelta(seconds=statistics.median(waits))
    stats.busiest = _busiest(chosen, now)
    return stats


def _ranked(values: Iterable[str]) -> list[tuple[str, int]]:
    """Distinct non-empty values with their counts, most frequent first."""
    counts = Counter(v.strip() for v in values if v and v.strip())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))


def _days(space: Space, now: dt.datetime, posts: list[Post]) -> list[Day]:
    zone = space.timezone
    if now < space.opens and not posts:
        return []
    local = [p.posted.astimezone(zone).date() for p in posts]
    first = min([space.opens.astimezone(zone).date(), *local])
    last = max([min(now, space.closes).astimezone(zone).date(), *local])
    by_day: dict[dt.date, list[Post]] = {}
    for post, day in zip(posts, local, strict=True):
        by_day.setdefault(day, []).append(post)
    days = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        todays = by_day.get(day, [])
        days.append(Day(day, len(todays), len({participant_key(p) for p in todays})))
    return days


def _root(post: Post, known: dict[str, Post]) -> Post:
    """The first post of ``post``'s thread among ``known`` posts."""
    seen = set()
    while post.in_reply_to in known and post.id not in seen:
        seen.add(post.id)
        post = known[post.in_reply_to]
    return post


def _busiest(questions: list[Question], now: dt.datetime) -> list[ThreadFigures]:
    threads: list[ThreadFigures] = []
    for question in questions:
        posts = live_posts(question, now)
        known = {p.id: p for p in posts}
        members: dict[str, list[Post]] = {}
        for post in posts:
            members.setdefault(_root(post, known).id, []).append(post)
        for root_id, thread in members.items():
            threads.append(ThreadFigures(question, known[root_id], len(thread),
                                         max(p.posted for p in thread)))
    threads.sort(key=lambda t: (-t.posts, -t.last_activity.timestamp(), t.root.id))
    return threads[:BUSIEST_THREADS]
