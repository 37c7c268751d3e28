"""The moderation toolkit on the site: the momentum chart on each space page, the
"awaiting a reply" mark on question pages, and the moderators' page.

Importing this module registers the moderators' page builder and the template
functions the partials call (``momentum``, ``awaiting_reply``).
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import Person, Post, Question, Space
from generator.moderation.chart import MomentumChart, momentum_chart
from generator.moderation.hidden import anchor
from generator.moderation.replies import ReplyState, live_posts, reply_states
from generator.moderation.stats import SpaceStats, space_stats
from generator.render.pages import PAGE_BUILDERS, TEMPLATE_GLOBALS, Page, View

MODERATORS_PAGE = "moderators/index.md"


@dataclass
class SpaceModeration:
    """One space's figures as this build's audience sees them at its instant.

    Which posts wait for a reply is worked out at once (the overview and every
    question page ask); the figures and the chart only when a page draws them.
    """

    space: Space
    now: dt.datetime
    people: dict[str, Person]
    questions: list[Question]
    states: dict[str, ReplyState]

    @functools.cached_property
    def stats(self) -> SpaceStats:
        return space_stats(self.space, self.now, self.people, self.questions)

    @functools.cached_property
    def chart(self) -> MomentumChart:
        return momentum_chart(self.stats)

    @property
    def posts(self) -> int:
        """Published posts, as stats.posts counts them, without the figures."""
        return sum(len(live_posts(q, self.now)) for q in self.questions)

    @property
    def unanswered(self) -> list[ReplyState]:
        return [s for s in self.states.values() if not s.answered]


# Each page of a build asks for the same figures; compute them once per view.
_cache: weakref.WeakKeyDictionary[View, dict[str, SpaceModeration]] = (
    weakref.WeakKeyDictionary())


def moderation(view: View, space: Space) -> SpaceModeration:
    """The figures of ``space`` for ``view``, computed on first use."""
    per_view = _cache.setdefault(view, {})
    if space.slug not in per_view:
        questions = view.questions(space)
        states = {s.post.id: s for s in reply_states(space, view.now, questions)}
        per_view[space.slug] = SpaceModeration(space, view.now, view.site.people,
                                               questions, states)
    return per_view[space.slug]


def moderators_pages(view: View) -> Iterable[Page]:
    """moderators/index.md, one line per opened space with what waits for the
    team, and moderators/<space>/index.md with that space's unanswered posts,
    figures and chart.

    One page per space keeps each page light on a moderator's phone (a busy
    site waits on thousands of posts) and lets a new post redraw only its own
    space's page. The pages show how long posts have waited, so ``now`` is part
    of their key: they are drawn again when the clock moves, never stale.
    """
    opened = [space for space in view.spaces() if space.opens <= view.now]
    # Out of search: they repeat posts the question pages hold, and at thousands
    # of unanswered posts parsing them for the index was most of a rebuild.
    yield Page(MODERATORS_PAGE, view.t("moderators_title"), "moderators.html",
               {"spaces": [overview(moderation(view, space), view.now)
                           for space in opened]},
               description=view.t("moderators_intro"), searchable=False)
    for space in opened:
        yield Page(moderators_space_page(space), view.t("moderators_space_title",
                                                         space=space.title),
                   "moderation_space.html", {"m": moderation(view, space)},
                   in_nav=False, searchable=False,
                   key_parts={"space": space, "now": view.now})


def moderators_space_page(space: Space) -> str:
    """Where one space's moderation page goes."""
    return f"moderators/{space.slug}/index.md"


@dataclass
class Overview:
    """One space's line on the moderators' overview."""

    space: Space
    posts: int
    unanswered: int
    longest_wait: dt.timedelta | None


def overview(m: SpaceModeration, now: dt.datetime) -> Overview:
    waits = [state.waited(now) for state in m.unanswered]
    return Overview(m.space, m.posts, len(waits), max(waits, default=None))


def _template_functions(view: View) -> dict[str, object]:
    def momentum(space: Space) -> MomentumChart:
        return moderation(view, space).chart

    def awaiting_reply(post: Post, space: Space) -> ReplyState | None:
        state = moderation(view, space).states.get(post.id)
        return state if state is not None and not state.answered else None

    return {"momentum": momentum, "awaiting_reply": awaiting_reply,
            "anchor": anchor}


PAGE_BUILDERS.append(moderators_pages)
TEMPLATE_GLOBALS.append(_template_functions)
