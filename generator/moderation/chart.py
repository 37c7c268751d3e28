"""Geometry of the momentum chart; theme/partials/spaces/_momentum.html draws it.

Python only computes numbers (bar positions, axis ticks); the SVG itself comes
from the Jinja template, so no markup is assembled here. The chart needs no
script: it is inline SVG with a title and description, followed by the same
figures as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from generator.moderation.stats import Day, SpaceStats

WIDTH = 640
HEIGHT = 220
MARGIN_LEFT = 36
MARGIN_RIGHT = 12
MARGIN_TOP = 14
MARGIN_BOTTOM = 34


@dataclass
class Bar:
    """One day: a bar for its posts and a point for its participants."""

    day: Day
    x: float
    width: float
    y: float
    height: float
    point_x: float
    point_y: float
    label: bool


@dataclass
class Tick:
    """A horizontal grid line with its count."""

    value: int
    y: float


@dataclass
class MomentumChart:
    """Everything the template needs to draw one space's momentum."""

    stats: SpaceStats
    width: int = WIDTH
    height: int = HEIGHT
    left: int = MARGIN_LEFT
    bottom: float = HEIGHT - MARGIN_BOTTOM
    right: int = WIDTH - MARGIN_RIGHT
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.bars


def _step(top: int) -> int:
    """A round tick interval giving at most five grid lines up to ``top``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return int(10 ** math.ceil(math.log10(top)))


def momentum_chart(stats: SpaceStats) -> MomentumChart:
    """Lay out posts per day as bars and participants per day as points."""
    chart = MomentumChart(stats)
    days = stats.days
    if not days:
        return chart
    top = max(max(d.posts for d in days), 1)
    step = _step(top)
    top = step * math.ceil(top / step)
    plot_height = chart.bottom - MARGIN_TOP
    slot = (chart.right - chart.left) / len(days)
    width = max(slot * 0.7, 1.0)
    # Label about eight days along the axis whatever the discussion's length.
    every = max(1, math.ceil(len(days) / 8))

    def y_of(value: int) -> float:
        return round(chart.bottom - plot_height * value / top, 1)

    for index, day in enumerate(days):
        x = chart.left + slot * index + (slot - width) / 2
        y = y_of(day.posts)
        chart.bars.append(Bar(
            day=day, x=round(x, 1), width=round(width, 1), y=y,
            height=round(chart.bottom - y, 1),
            point_x=round(x + width / 2, 1), point_y=y_of(day.participants),
            label=index % every == 0,
        ))
    chart.ticks = [Tick(v, y_of(v)) for v in range(0, top + 1, step)]
    return chart
