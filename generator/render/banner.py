"""A space's status at one instant, and the banner that tells it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Space
from generator.render.i18n import Translator


def status(space: Space, now: dt.datetime, soon: dt.timedelta) -> str:
    """upcoming, open, closing-soon or closed; the close instant is exclusive."""
    if now < space.opens:
        return "upcoming"
    if now >= space.closes:
        return "closed"
    return "closing-soon" if space.closes - now <= soon else "open"


@dataclass(frozen=True)
class Banner:
    """What the banner shows at build time, and what its script needs later."""

    state: str
    text: str
    opens_iso: str
    closes_iso: str
    opens_local: str
    closes_local: str
    soon_seconds: int
    pinned_now: str
    zone: str
    templates: dict[str, str]
    units: dict[str, str]


def local_label(moment: dt.datetime, space: Space, t: Translator) -> str:
    """'19 March 2027, 23:59 (Europe/Zurich, UTC+01:00)' in the space's zone."""
    local = moment.astimezone(space.timezone)
    offset = local.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return f"{t.date(local)} ({space.timezone.key}, {offset})"


def make_banner(space: Space, now: dt.datetime, soon: dt.timedelta,
                t: Translator, pinned: bool) -> Banner:
    """Banner for ``space`` at ``now``; ``pinned`` keeps ``now`` in the script."""
    state = status(space, now, soon)
    opens_local = local_label(space.opens, space, t)
    closes_local = local_label(space.closes, space, t)
    values = {
        "opens": opens_local,
        "closes": closes_local,
        "until_open": t.duration(space.opens - now),
        "remaining": t.duration(space.closes - now),
    }
    # The script fills {remaining} and {until_open} itself; the dates are fixed.
    templates = {
        name: t(f"banner_{name}").replace("{opens}", opens_local)
        .replace("{closes}", closes_local)
        for name in ("upcoming", "open", "closing-soon", "closed")
    }
    units = {key: t(key) for key in ("day", "days", "hour", "hours", "minute", "minutes")}
    return Banner(
        state=state,
        text=t(f"banner_{state}", **values),
        opens_iso=space.opens.isoformat(),
        closes_iso=space.closes.isoformat(),
        opens_local=opens_local,
        closes_local=closes_local,
        soon_seconds=int(soon.total_seconds()),
        pinned_now=now.isoformat() if pinned else "",
        zone=space.timezone.key,
        templates=templates,
        units=units,
    )
