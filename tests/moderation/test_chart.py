"""Layout of the momentum chart: axis ticks, bar positions, the empty case."""

from __future__ import annotations

import datetime as dt

from generator.moderation.chart import HEIGHT, MARGIN_BOTTOM, MARGIN_TOP, momentum_chart
from generator.moderation.stats import Day, SpaceStats


def stats_with(posts: list[int]) -> SpaceStats:
    first = dt.date(2027, 3, 1)
    stats = SpaceStats(space=None, now=dt.datetime(2027, 3, 9, tzinfo=dt.UTC))  # type: ignore[arg-type]
    stats.days = [Day(first + dt.timedelta(days=i), n, min(n, 2))
                  for i, n in enumerate(posts)]
    return stats


def test_ticks_are_round_and_reach_the_busiest_day() -> None:
    chart = momentum_chart(stats_with([0, 3, 1]))
    assert [t.value for t in chart.ticks] == [0, 1, 2, 3]
    chart = momentum_chart(stats_with([7, 23, 1]))
    assert [t.value for t in chart.ticks] == [0, 5, 10, 15, 20, 25]


def test_bars_fill_the_plot_from_the_axis() -> None:
    chart = momentum_chart(stats_with([0, 4, 2, 1]))
    bottom = HEIGHT - MARGIN_BOTTOM
    tallest = chart.bars[1]
    assert (tallest.y, tallest.height) == (MARGIN_TOP, bottom - MARGIN_TOP)
    assert chart.bars[0].height == 0.0
    assert chart.bars[2].height == (bottom - MARGIN_TOP) / 2
    # Bars are evenly spaced and never overlap.
    gaps = [b.x - a.x for a, b in zip(chart.bars, chart.bars[1:], strict=False)]
    assert len(set(gaps)) == 1 and gaps[0] > chart.bars[0].width


def test_long_discussions_label_about_eight_days() -> None:
    chart = momentum_chart(stats_with([1] * 40))
    assert sum(bar.label for bar in chart.bars) == 8


def test_no_days_no_chart() -> None:
    assert momentum_chart(stats_with([])).empty
