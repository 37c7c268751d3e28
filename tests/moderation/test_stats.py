"""`spaces stats` and `spaces unanswered` against the hand-counted corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.moderation.corpus import NOW, SPACE, make_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_stats_json_gives_the_hand_counted_figures(corpus: Path) -> None:
    figures = json.loads(run("stats", "--root", str(corpus), "--now", NOW, SPACE,
                             "--json"))
    assert figures == {
        "space": SPACE,
        "now": "2027-03-05T12:00:00+00:00",
        # P10 is scheduled for later, P5 hidden: 8 of the 10 files count.
        "posts": 8,
        "participants": 6,
        "hidden": 1,
        # Days in Paris time: Femi's 23:00 UTC post is on 3 March, Sam's on 5 March;
        # 4 March had no post and still counts as a day.
        "days": [
            {"date": "2027-03-01", "posts": 2, "participants": 2},
            {"date": "2027-03-02", "posts": 3, "participants": 2},
            {"date": "2027-03-03", "posts": 2, "participants": 2},
            {"date": "2027-03-04", "posts": 0, "participants": 0},
            {"date": "2027-03-05", "posts": 1, "participants": 1},
        ],
        "organisations": {"Harbour Workers Union": 2, "Migration Network Hub": 2,
                          "Port Authority of Lisbon": 2, "independent": 1,
                          "Seafarers Mission": 1},
        # Lena's country comes from her profile; Sam has none and is left out.
        "countries": {"China": 2, "Portugal": 2, "India": 1, "Nigeria": 1,
                      "Norway": 1},
        "languages": {"en": 7, "fr": 1},
        "to_answer": 6,
        "answered": 2,
        "share_answered": 0.3333,
        # Replies after 6 h (Lena to Ana) and 48 h (Sam to Femi): median 27 h.
        "median_first_reply_seconds": 27 * 3600,
        "busiest_threads": [
            {"question": "q2-crews", "post": "20270302T230000Z-femi-ade",
             "author": "Femi Ade", "posts": 2,
             "last_activity": "2027-03-04T23:00:00+00:00"},
            {"question": "q1-ports", "post": "20270302T090000Z-bo-chen",
             "author": "Bo Chen", "posts": 2,
             "last_activity": "2027-03-02T12:00:00+00:00"},
            {"question": "q1-ports", "post": "20270301T100000Z-ana-costa",
             "author": "Ana Costa", "posts": 2,
             "last_activity": "2027-03-01T16:00:00+00:00"},
            {"question": "q1-ports", "post": "20270303T100000Z-dev-patel",
             "author": "Dev Patel", "posts": 1,
             "last_activity": "2027-03-03T10:00:00+00:00"},
            {"question": "q2-crews", "post": "20270302T150000Z-bo-chen",
             "author": "Bo Chen", "posts": 1,
             "last_activity": "2027-03-02T15:00:00+00:00"},
        ],
    }


def test_stats_text_report(corpus: Path) -> None:
    lines = run("stats", "--root", str(corpus), "--now", NOW, SPACE).splitlines()
    assert lines[:10] == [
        "harbour-talks at 2027-03-05T12:00:00+00:00",
        "posts: 8 by 6 participants (1 hidden, not counted)",
        "answered by the team: 2 of 6 participants' posts (33.3%)",
        "median time to the team's first reply: 1d 03h 00m",
        "per day (posts, participants):",
        "  2027-03-01    2    2  ##",
        "  2027-03-02    3    2  ###",
        "  2027-03-03    2    2  ##",
        "  2027-03-04    0    0  ",
        "  2027-03-05    1    1  #",
    ]
    assert "busiest threads:" in lines
    assert "    2  q2-crews/20270302T230000Z-femi-ade  Femi Ade" in lines


def test_now_comes_from_spaces_now(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--root", str(corpus), SPACE,
                                       "--json"], env={"SPACES_NOW": NOW})
    assert json.loads(result.output)["now"] == "2027-03-05T12:00:00+00:00"


def test_unanswered_lists_waiting_posts_oldest_first(corpus: Path) -> None:
    output = run("unanswered", "--root", str(corpus), "--now", NOW, SPACE)
    assert output.splitlines() == [
        "harbour-talks: 4 posts without a reply from the moderation team at "
        "2027-03-05T12:00:00+00:00",
        "  3d 03h 00m  q1-ports/20270302T090000Z-bo-chen  Bo Chen",
        # Ana's reply is shown, but only the team's replies answer a post.
        "      replies from others (not counted): Ana Costa",
        "  3d 00h 00m  q1-ports/20270302T120000Z-ana-costa  Ana Costa",
        "  2d 21h 00m  q2-crews/20270302T150000Z-bo-chen  Bo Chen",
        "  2d 02h 00m  q1-ports/20270303T100000Z-dev-patel  Dev Patel",
    ]


def test_unanswered_json_counts_waiting_seconds(corpus: Path) -> None:
    waiting = json.loads(run("unanswered", "--root", str(corpus), "--now", NOW,
                             SPACE, "--json"))["posts"]
    assert [(w["post"], w["waited_seconds"], w["other_replies"]) for w in waiting] == [
        ("20270302T090000Z-bo-chen", 75 * 3600, ["20270302T120000Z-ana-costa"]),
        ("20270302T120000Z-ana-costa", 72 * 3600, []),
        ("20270302T150000Z-bo-chen", 69 * 3600, []),
        ("20270303T100000Z-dev-patel", 50 * 3600, []),
    ]


def test_a_team_reply_answers_the_post(corpus: Path) -> None:
    # One day later Sam has replied to Bo's crew post: it leaves the list.
    reply = corpus / f"spaces/{SPACE}/q2-crews/20270305T130000Z-sam-quay.md"
    reply.write_text("---\nauthor: Sam Quay\nposted: 2027-03-05T13:00:00Z\n"
                     "moderator: true\nin_reply_to: 20270302T150000Z-bo-chen\n---\n"
                     "Which languages?\n", encoding="utf-8")
    try:
        later = json.loads(run("unanswered", "--root", str(corpus), "--now",
                               "2027-03-05T14:00:00Z", SPACE, "--json"))["posts"]
        before = json.loads(run("unanswered", "--root", str(corpus), "--now", NOW,
                                SPACE, "--json"))["posts"]
    finally:
        reply.unlink()
    assert "20270302T150000Z-bo-chen" not in [w["post"] for w in later]
    # Judged at NOW the reply does not exist yet.
    assert "20270302T150000Z-bo-chen" in [w["post"] for w in before]


def test_unknown_space_names_the_known_ones(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--root", str(corpus), "--now", NOW,
                                       "nowhere"])
    assert result.exit_code == 2
    assert ("Invalid value for SPACE: unknown space 'nowhere'; known spaces: "
            "harbour-talks") in result.output
