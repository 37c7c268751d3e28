"""Instants in content: with an offset, without one (the space's zone), or dates."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.timezone.utc


class TimeError(ValueError):
    """A value that is not a date or date-time this project can read."""


def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; raises TimeError for an unknown name."""
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError) as exc:
        raise TimeError(f"unknown time zone {name!r}; use an IANA name such as "
                        "'Europe/Zurich'") from exc


def to_instant(value: object, tz: dt.tzinfo, end_of_day: bool = False) -> dt.datetime:
    """Turn a YAML value into an aware datetime.

    A value without an offset is read in ``tz``; a bare date means the start of
    that day, or its end (the last second) when ``end_of_day`` is set, which is
    how a closing date is meant.
    """
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
        if end_of_day:
            moment += dt.timedelta(days=1, seconds=-1)
    elif isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError as exc:
            raise TimeError(f"{value!r} is not a date-time like "
                            "2027-03-01T09:00:00+01:00") from exc
        if len(text) == 10 and end_of_day:
            moment += dt.timedelta(days=1, seconds=-1)
    else:
        raise TimeError(f"expected a date or date-time, got {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment


def parse_now(text: str | None) -> dt.datetime:
    """The build's single 'now': the given instant, or the real current time."""
    if not text:
        return dt.datetime.now(UTC).replace(microsecond=0)
    return to_instant(text, UTC).astimezone(UTC)


def parse_duration(text: str | int | float) -> dt.timedelta:
    """Read '3 days', '36 hours', '90 minutes' or a number of hours."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = f"{text} hours"
    amount, _, unit = str(text).strip().partition(" ")
    unit = unit.strip().rstrip("s") or "hour"
    units = {"day": "days", "hour": "hours", "minute": "minutes", "week": "weeks"}
    if unit not in units:
        raise TimeError(f"unknown duration unit in {text!r}")
    try:
        number = float(amount)
    except ValueError:
        raise TimeError(f"{text!r} is not a duration such as '3 days' or "
                        "'36 hours'") from None
    if not math.isfinite(number) or number < 0:
        raise TimeError(f"{text!r} is not a duration such as '3 days' or '36 hours'")
    try:
        return dt.timedelta(**{units[unit]: number})
    except OverflowError:
        raise TimeError(f"{text!r} is longer than any calendar can hold") from None
