"""Banner state at the edges of a space's window, and its wording."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.model import Space
from generator.render.banner import make_banner, status
from generator.render.i18n import Translator

UTC = dt.timezone.utc
SOON = dt.timedelta(days=3)


def space() -> Space:
    zurich = ZoneInfo("Europe/Zurich")
    return Space(slug="s", title="S", theme="Climate change", objective="o",
                 timezone=zurich, path=Path("spaces/s"),
                 opens=dt.datetime(2027, 2, 22, 9, tzinfo=zurich),
                 closes=dt.datetime(2027, 3, 19, 17, tzinfo=zurich))


@pytest.mark.parametrize("now, expected", [
    (dt.datetime(2027, 2, 22, 7, 59, 59, tzinfo=UTC), "upcoming"),
    (dt.datetime(2027, 2, 22, 8, 0, 0, tzinfo=UTC), "open"),
    (dt.datetime(2027, 3, 16, 15, 59, 59, tzinfo=UTC), "open"),
    (dt.datetime(2027, 3, 16, 16, 0, 0, tzinfo=UTC), "closing-soon"),
    (dt.datetime(2027, 3, 19, 15, 59, 59, tzinfo=UTC), "closing-soon"),
    (dt.datetime(2027, 3, 19, 16, 0, 0, tzinfo=UTC), "closed"),
])
def test_status_boundaries(now: dt.datetime, expected: str) -> None:
    assert status(space(), now, SOON) == expected


def test_banner_text_in_the_space_zone_with_time_left() -> None:
    now = dt.datetime(2027, 3, 10, 12, tzinfo=UTC)
    banner = make_banner(space(), now, SOON, Translator("en"), pinned=True)
    assert banner.text == ("Contributions welcome until 19 March 2027, 17:00 "
                           "(Europe/Zurich, UTC+01:00) (9 days left)")
    assert banner.pinned_now == "2027-03-10T12:00:00+00:00"
    french = make_banner(space(), now, SOON, Translator("fr"), pinned=False)
    assert french.text == ("Contributions bienvenues jusqu'au 19 mars 2027, 17:00 "
                           "(Europe/Zurich, UTC+01:00) (encore 9 jours)")
    assert french.pinned_now == ""
