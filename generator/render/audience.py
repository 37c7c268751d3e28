"""The site as one audience may see it: what a build leaves out before it starts.

A build for the public must carry no trace of members-only or private content in
any output (pages, navigation, sitemap, search index, feeds, calendars, stats, the
404 page). Filtering each output separately would leave a leak wherever one was
forgotten, so the View prunes the whole site once, here, and every page builder,
feed and calendar only ever sees what this audience may read.
"""

from __future__ import annotations

import dataclasses

from generator.model import Question, Site, Space

AUDIENCES: dict[str, set[str]] = {
    "public": {"public"},
    "members": {"public", "members"},
    "all": {"public", "members", "private"},
}

# The audience a space's own material is written for, e.g. its summary draft.
AUDIENCE_OF_VISIBILITY = {"public": "public", "members": "members", "private": "all"}

ROBOTS_CLOSED = "User-agent: *\nDisallow: /\n"


def may_see(audience: str, level: str | None) -> bool:
    """True when ``audience`` may read content of visibility ``level``."""
    return (level or "public") in AUDIENCES[audience]


def audience_site(site: Site, audience: str) -> Site:
    """A copy of ``site`` holding only what ``audience`` may read.

    Spaces and questions it may not see are gone, and so are the profiles of
    people who appear only in them (a moderator of a private space is itself a
    trace of it). The loaded site is left untouched for the command-line tools.
    """
    spaces: list[Space] = []
    hidden: set[str] = set()
    for space in site.spaces:
        if not may_see(audience, space.visibility):
            hidden |= _handles(space, space.questions)
            continue
        left_out = [q for q in space.questions if not may_see(audience, q.visibility)]
        if left_out:
            hidden |= _handles(None, left_out)
            shown = [q for q in space.questions if q not in left_out]
            space = dataclasses.replace(space, questions=shown)
        spaces.append(space)

    seen = {handle for space in spaces for handle in _handles(space, space.questions)}
    people = {handle: person for handle, person in site.people.items()
              if handle in seen or handle not in hidden}
    return dataclasses.replace(site, spaces=spaces, people=people)


def _handles(space: Space | None, questions: list[Question]) -> set[str]:
    """Every profile handle a space (or only some of its questions) names."""
    handles: set[str] = set()
    if space is not None:
        handles |= {space.lead_moderator, *space.moderators, *space.key_responders,
                    *space.kickoff.panelists}
    for question in questions:
        handles |= set(question.moderators)
        handles |= {post.handle for post in question.posts}
    handles.discard("")
    return handles


def robots_txt(audience: str) -> str | None:
    """robots.txt for a build that is not public: keep crawlers out entirely.

    It is a courtesy to well-behaved crawlers, not protection; the host's access
    control is what keeps a members build private (README, Privacy).
    """
    return None if audience == "public" else ROBOTS_CLOSED


def visibility_of(space: Space, question: Question | None = None) -> str:
    """The stricter of a space's and a question's visibility."""
    order = ["public", "members", "private"]
    levels = [space.visibility, (question.visibility if question else None) or "public"]
    return max(levels, key=order.index)
