"""How long the moderation figures take on a big space; run on demand:

    .venv/bin/python benchmarks/moderation_figures.py [posts]

Builds a synthetic space of ``posts`` posts (a third of them replies, one in four
replies from the team) in memory, then times `spaces stats`' figures, the
unanswered list, the momentum chart layout and spam scoring of 100 submissions
against every post.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.model import Post, Question, Space
from generator.moderation.chart import momentum_chart
from generator.moderation.replies import unanswered
from generator.moderation.spam import SpamContext, score
from generator.moderation.stats import space_stats

UTC = dt.timezone.utc
WORDS = ("migration policy local government practice remittance adaptation crews "
         "ports shelter data evidence community relocation skills recruitment").split()


def synthetic_space(count: int, seed: int = 7) -> Space:
    rng = random.Random(seed)
    opens = dt.datetime(2027, 3, 1, 9, tzinfo=UTC)
    space = Space(slug="big", title="Big", theme="Labour migration", objective="",
                  timezone=ZoneInfo("Europe/Paris"), opens=opens,
                  closes=opens + dt.timedelta(days=21), path=Path("."),
                  lead_moderator="lead")
    questions = [Question(slug=f"q{i}", space="big", title=f"Q{i}", body="",
                          path=Path(".")) for i in range(5)]
    space.questions = questions
    for index in range(count):
        question = questions[index % 5]
        posted = opens + dt.timedelta(minutes=index * 29)
        parent = (rng.choice(question.posts).id
                  if question.posts and rng.random() < 0.33 else None)
        team = parent is not None and rng.random() < 0.25
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 200)))
        question.posts.append(Post(
            id=f"{posted:%Y%m%dT%H%M%SZ}-p{index}", space="big",
            question=question.slug, author="Lead" if team else f"Person {index % 300}",
            affiliation=f"Org {index % 120}", posted=posted, body=body,
            path=Path("."), in_reply_to=parent, handle="lead" if team else "",
            country=f"Country {index % 60}"))
    return space


def timed(label: str, work) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    print(f"{label}: {1000 * (time.perf_counter() - start):.0f} ms ({result})")


def main(count: int) -> None:
    space = synthetic_space(count)
    now = space.closes
    timed("stats", lambda: space_stats(space, now, {}).posts)
    timed("unanswered", lambda: len(unanswered(space, now)))
    figures = space_stats(space, now, {})
    timed("chart layout", lambda: len(momentum_chart(figures).bars))
    others = {p.id: p.body for p in space.posts}
    posts = space.posts[:100]
    timed("spam, 100 submissions (first: shingles of every post)", lambda: sum(
        score(p.body, context=SpamContext(others=others)).held for p in posts))
    timed("spam, 100 more (cached)", lambda: sum(
        score(p.body, context=SpamContext(others=others)).held for p in posts))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
