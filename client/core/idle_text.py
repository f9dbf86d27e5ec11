"""Structured pieces of idle and last-seen text; the wording is translated in client.models."""

from __future__ import annotations

import enum
import math
from datetime import UTC, datetime, time, timedelta, tzinfo

__all__ = [
    "DurationUnit",
    "SinceKind",
    "next_change_in",
    "next_day_change_in",
    "relative_parts",
    "since_kind",
]

_MINUTE = 60
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
# Up to 47 hours reads better as hours ("idle 30 h") than as "1 day", which users take to
# mean anything from 24 to 47 hours; from 48 hours on whole days are precise enough.
_HOURS_UNTIL = 48 * _HOUR
# The longest span in whole days a timedelta can express; anything beyond (inf) is capped.
_MAX_SECONDS = float(timedelta.max.days * _DAY)


class DurationUnit(enum.Enum):
    """The unit a relative duration is shown in."""

    JUST_NOW = "just now"
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"


class SinceKind(enum.Enum):
    """How an absolute moment relates to today, in local calendar days."""

    TODAY = "today"
    YESTERDAY = "yesterday"
    # 2-6 days back: the weekday name alone is unambiguous (7 days back is today's weekday).
    WITHIN_WEEK = "within week"
    OLDER = "older"


def relative_parts(seconds: float) -> tuple[DurationUnit, int]:
    """Split an elapsed time into the unit to show and a whole count in it.

    Under a minute (negative and NaN included: skewed clocks, see
    presence.effective_idle_since) is JUST_NOW with count 0; then whole minutes up to an
    hour, whole hours below 48 hours, whole days beyond. Counts are floored, so "5 minutes"
    means at least five, and never negative.
    """
    if math.isnan(seconds) or seconds < _MINUTE:
        return DurationUnit.JUST_NOW, 0
    seconds = min(seconds, _MAX_SECONDS)
    if seconds < _HOUR:
        return DurationUnit.MINUTES, int(seconds // _MINUTE)
    if seconds < _HOURS_UNTIL:
        return DurationUnit.HOURS, int(seconds // _HOUR)
    return DurationUnit.DAYS, int(seconds // _DAY)


def next_change_in(seconds: float) -> float:
    """Seconds from now until relative_parts(seconds + elapsed) gives a different result.

    Always positive and finite, so it can go straight into a single-shot UI timer. Each
    band's upper edge is a multiple of the next band's step (3600 of 60, 48 h of 24 h), so
    "the next multiple of the current step" is also exactly when the band changes.
    """
    if math.isnan(seconds):
        return float(_MINUTE)
    if seconds < _MINUTE:
        return _MINUTE - seconds
    if seconds >= _MAX_SECONDS:
        return float(_DAY)
    if seconds < _HOUR:
        step = _MINUTE
    elif seconds < _HOURS_UNTIL:
        step = _HOUR
    else:
        step = _DAY
    return step - seconds % step


def _require_aware(*values: datetime) -> None:
    for value in values:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("idle_text works on aware datetimes only, got a naive one")


def _local(value: datetime, tz: tzinfo | None) -> datetime:
    # astimezone() without an argument gives the system zone's offset *at that instant*, so
    # two instants on either side of a DST switch each get their own offset.
    return value.astimezone() if tz is None else value.astimezone(tz)


def since_kind(since_utc: datetime, now_utc: datetime, tz: tzinfo | None = None) -> SinceKind:
    """Classify ``since_utc`` by local calendar date relative to ``now_utc``.

    Dates are compared in ``tz`` (default: the system zone), never by elapsed hours: 23:50
    yesterday is YESTERDAY ten minutes later, and 00:10 is still TODAY 25 hours later on the
    day DST ends. A ``since`` after ``now`` (a skewed sender clock) is clamped to ``now``,
    i.e. TODAY. Both must be aware; naive datetimes are a bug in the caller (ValueError).
    """
    _require_aware(since_utc, now_utc)
    since_utc = min(since_utc, now_utc)
    days = (_local(now_utc, tz).date() - _local(since_utc, tz).date()).days
    if days <= 0:
        return SinceKind.TODAY
    if days == 1:
        return SinceKind.YESTERDAY
    if days < 7:
        return SinceKind.WITHIN_WEEK
    return SinceKind.OLDER


def next_day_change_in(now_utc: datetime, tz: tzinfo | None = None) -> float:
    """Seconds until the local date in ``tz`` next changes, i.e. until since_kind may change.

    Local days are 23 or 25 hours long on DST switch days, and in zones that switch at
    midnight (e.g. America/Santiago) 00:00 does not exist: the date then changes at the
    first instant of the new day (PEP 495: fold=0 in a gap maps to that instant). The UI
    refreshes at min(next_change_in(...), next_day_change_in(...)).
    """
    _require_aware(now_utc)
    tomorrow = _local(now_utc, tz).date() + timedelta(days=1)
    # With tz None the midnight is naive, and astimezone() converts a naive time through the
    # system zone's rules (DST included); _local()'s fixed offset would be an hour off
    # across a switch.
    midnight = datetime.combine(tomorrow, time(), tzinfo=tz).astimezone(UTC)
    return (midnight - now_utc).total_seconds()
