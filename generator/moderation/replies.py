"""Reply-to-all tracking: which published posts still wait for the moderation team.

The guidance asks the team to "reply to (all) comments". A post counts as answered
once a member of the team (the space's lead and moderators, the question's
moderators, or a post marked ``moderator: true``) has replied to it directly.
Replies from other participants are listed with the post but do not answer it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.model import Post, Question, Space


def by_team(post: Post, space: Space) -> bool:
    """True when ``post`` was written by the space's moderation team."""
    return post.moderator or (bool(post.handle) and post.handle in space.team)


def live_posts(question: Question, now: dt.datetime) -> list[Post]:
    """Posts that exist for readers at ``now``: submitted, published, not hidden.

    A post submitted after ``now`` is left out too, so a snapshot at an earlier
    instant (tests, the demo) sees the discussion as it was then.
    """
    return [
        post for post in question.posts
        if not post.hidden and post.posted <= now
        and (post.publish_at is None or post.publish_at <= now)
    ]


@dataclass
class ReplyState:
    """One participant's post and the replies it has had so far."""

    post: Post
    question: Question
    team_replies: list[Post] = field(default_factory=list)
    other_replies: list[Post] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return bool(self.team_replies)

    @property
    def first_team_reply(self) -> dt.datetime | None:
        return min((p.posted for p in self.team_replies), default=None)

    @property
    def first_reply(self) -> dt.datetime | None:
        replies = self.team_replies + self.other_replies
        return min((p.posted for p in replies), default=None)

    def waited(self, now: dt.datetime) -> dt.timedelta:
        """How long the post has waited for the team: until its first team reply,
        or until ``now`` when it has none."""
        return (self.first_team_reply or now) - self.post.posted


def reply_states(space: Space, now: dt.datetime,
                 questions: Iterable[Question] | None = None) -> list[ReplyState]:
    """Every participant's post in ``questions`` (default: all of the space's),
    oldest first, with the team's and others' direct replies to it."""
    states: list[ReplyState] = []
    for question in space.questions if questions is None else questions:
        posts = live_posts(question, now)
        replies: dict[str, list[Post]] = {}
        for post in posts:
            if post.in_reply_to:
                replies.setdefault(post.in_reply_to, []).append(post)
        for post in posts:
            if by_team(post, space):
                continue
            state = ReplyState(post, question)
            for reply in sorted(replies.get(post.id, []), key=lambda p: p.posted):
                team = by_team(reply, space)
                (state.team_replies if team else state.other_replies).append(reply)
            states.append(state)
    states.sort(key=lambda s: (s.post.posted, s.post.id))
    return states


def unanswered(space: Space, now: dt.datetime,
               questions: Iterable[Question] | None = None) -> list[ReplyState]:
    """Participants' posts with no reply from the team yet, longest waiting first."""
    return [s for s in reply_states(space, now, questions) if not s.answered]
