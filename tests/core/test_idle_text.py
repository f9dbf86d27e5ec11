"""Tables for relative durations, local-calendar 'since' kinds and refresh timing."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from client.core.idle_text import (
    DurationUnit,
    SinceKind,
    next_change_in,
    next_day_change_in,
    relative_parts,
    since_kind,
)

try:
    BERLIN: tzinfo = ZoneInfo("Europe/Berlin")
    NEW_YORK: tzinfo = ZoneInfo("America/New_York")
    SANTIAGO: tzinfo = ZoneInfo("America/Santiago")
    KOLKATA: tzinfo = ZoneInfo("Asia/Kolkata")
except ZoneInfoNotFoundError:  # pragma: no cover - only without system tzdata
    pytest.skip("needs the IANA time zone database", allow_module_level=True)


def utc(*fields: int) -> datetime:
    y, mo, d, h, mi, s = (*fields, 0, 0, 0)[:6]
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def local(tz: tzinfo, *fields: int, fold: int = 0) -> datetime:
    """A wall-clock time in ``tz``, returned in UTC as the code under test receives it."""
    y, mo, d, h, mi, s = (*fields, 0, 0, 0)[:6]
    return datetime(y, mo, d, h, mi, s, tzinfo=tz, fold=fold).astimezone(UTC)


# --- relative_parts ------------------------------------------------------------------------

RELATIVE: list[tuple[float, DurationUnit, int]] = [
    (-3600, DurationUnit.JUST_NOW, 0),
    (-0.5, DurationUnit.JUST_NOW, 0),
    (math.nan, DurationUnit.JUST_NOW, 0),
    (-math.inf, DurationUnit.JUST_NOW, 0),
    (0, DurationUnit.JUST_NOW, 0),
    (59.999, DurationUnit.JUST_NOW, 0),
    (60, DurationUnit.MINUTES, 1),
    (119.9, DurationUnit.MINUTES, 1),
    (120, DurationUnit.MINUTES, 2),
    (59 * 60 + 59.9, DurationUnit.MINUTES, 59),
    (3600, DurationUnit.HOURS, 1),
    (2 * 3600 - 1, DurationUnit.HOURS, 1),
    (23 * 3600 + 59 * 60, DurationUnit.HOURS, 23),
    (24 * 3600, DurationUnit.HOURS, 24),
    (47 * 3600 + 3599.99, DurationUnit.HOURS, 47),
    (48 * 3600, DurationUnit.DAYS, 2),
    (3 * 86400 - 1, DurationUnit.DAYS, 2),
    (3 * 86400, DurationUnit.DAYS, 3),
    (400 * 86400 + 5, DurationUnit.DAYS, 400),
    (math.inf, DurationUnit.DAYS, 999_999_999),
]


@pytest.mark.parametrize(("seconds", "unit", "count"), RELATIVE)
def test_relative_parts(seconds: float, unit: DurationUnit, count: int) -> None:
    assert relative_parts(seconds) == (unit, count)


def test_relative_parts_is_monotonic_and_never_negative() -> None:
    order = list(DurationUnit)
    previous = (0, 0)
    for tenth in range(-600, 3 * 86400 * 10, 37):
        unit, count = relative_parts(tenth / 10)
        assert count >= 0
        current = (order.index(unit), count)
        assert current >= previous
        previous = current


# --- next_change_in ------------------------------------------------------------------------

NEXT_CHANGE: list[tuple[float, float]] = [
    (-30, 90),
    (0, 60),
    (59.5, 0.5),
    (60, 60),
    (61, 59),
    (3599, 1),
    (3600, 3600),
    (3600 + 1800, 1800),
    (48 * 3600 - 10, 10),
    (48 * 3600, 86400),
    (5 * 86400 + 3600, 82800),
    (math.nan, 60),
    (math.inf, 86400),
]


@pytest.mark.parametrize(("seconds", "expected"), NEXT_CHANGE)
def test_next_change_in(seconds: float, expected: float) -> None:
    assert next_change_in(seconds) == pytest.approx(expected)


def test_next_change_in_is_exactly_when_the_text_changes() -> None:
    rng = random.Random(256)
    for _ in range(3000):
        seconds = rng.choice([rng.uniform(-120, 4000), rng.uniform(0, 10 * 86400)])
        wait = next_change_in(seconds)
        assert 0 < wait <= 86400
        before = relative_parts(seconds + wait * 0.999)
        assert before == relative_parts(seconds)
        assert relative_parts(seconds + wait + 1e-6) != relative_parts(seconds)


# --- since_kind ----------------------------------------------------------------------------

SINCE: list[tuple[str, datetime, datetime, tzinfo, SinceKind]] = [
    ("same minute", utc(2024, 5, 1, 10), utc(2024, 5, 1, 10, 0, 30), UTC, SinceKind.TODAY),
    ("just before midnight", utc(2024, 5, 1, 0, 0), utc(2024, 5, 1, 23, 59), UTC, SinceKind.TODAY),
    (
        "ten minutes across midnight",
        utc(2024, 5, 1, 23, 55),
        utc(2024, 5, 2, 0, 5),
        UTC,
        SinceKind.YESTERDAY,
    ),
    ("across new year", utc(2023, 12, 31, 23), utc(2024, 1, 1, 1), UTC, SinceKind.YESTERDAY),
    ("two days", utc(2024, 5, 1, 12), utc(2024, 5, 3, 0, 1), UTC, SinceKind.WITHIN_WEEK),
    ("six days", utc(2024, 5, 1, 0, 0), utc(2024, 5, 7, 23, 59), UTC, SinceKind.WITHIN_WEEK),
    ("seven days is older", utc(2024, 5, 1, 23, 59), utc(2024, 5, 8, 0, 0), UTC, SinceKind.OLDER),
    ("years", utc(2001, 1, 1), utc(2024, 5, 1), UTC, SinceKind.OLDER),
    # Future since (skewed sender clock): clamped to now.
    ("future same day", utc(2024, 5, 1, 23, 30), utc(2024, 5, 1, 22), UTC, SinceKind.TODAY),
    ("future next day", utc(2024, 5, 2, 3), utc(2024, 5, 1, 22), UTC, SinceKind.TODAY),
    ("far future", utc(2030, 1, 1), utc(2024, 5, 1), BERLIN, SinceKind.TODAY),
    # The zone decides, not UTC: same instants, different local dates.
    ("UTC says today", utc(2024, 5, 1, 21, 30), utc(2024, 5, 1, 22, 30), UTC, SinceKind.TODAY),
    (
        "Berlin says yesterday",
        utc(2024, 5, 1, 21, 30),
        utc(2024, 5, 1, 22, 30),
        BERLIN,
        SinceKind.YESTERDAY,
    ),
    ("New York says today", utc(2024, 5, 1, 23), utc(2024, 5, 2, 1), NEW_YORK, SinceKind.TODAY),
    ("UTC says yesterday", utc(2024, 5, 1, 23), utc(2024, 5, 2, 1), UTC, SinceKind.YESTERDAY),
    (
        "Kolkata half hour",
        utc(2024, 5, 1, 18, 29),
        utc(2024, 5, 1, 18, 31),
        KOLKATA,
        SinceKind.YESTERDAY,
    ),
    # Berlin spring forward (2024-03-31 02:00 CET -> 03:00 CEST): a 23-hour day.
    (
        "Berlin 23h day: 00:15 to 23:30 is today",
        local(BERLIN, 2024, 3, 31, 0, 15),
        local(BERLIN, 2024, 3, 31, 23, 30),
        BERLIN,
        SinceKind.TODAY,
    ),
    (
        "Berlin spring: 23:50 to 00:30 is yesterday",
        local(BERLIN, 2024, 3, 30, 23, 50),
        local(BERLIN, 2024, 3, 31, 0, 30),
        BERLIN,
        SinceKind.YESTERDAY,
    ),
    (
        "Berlin spring: across the gap, same day",
        local(BERLIN, 2024, 3, 31, 1, 59),
        local(BERLIN, 2024, 3, 31, 3, 1),
        BERLIN,
        SinceKind.TODAY,
    ),
    # Berlin fall back (2024-10-27 03:00 CEST -> 02:00 CET): a 25-hour day.
    (
        "Berlin 25h day: 00:01 to 23:59 is today",
        local(BERLIN, 2024, 10, 27, 0, 1),
        local(BERLIN, 2024, 10, 27, 23, 59),
        BERLIN,
        SinceKind.TODAY,
    ),
    (
        "Berlin fall: repeated hour, later instant with earlier wall clock",
        local(BERLIN, 2024, 10, 27, 2, 30, fold=0),
        local(BERLIN, 2024, 10, 27, 2, 10, fold=1),
        BERLIN,
        SinceKind.TODAY,
    ),
    (
        "Berlin fall: 90 s across midnight",
        local(BERLIN, 2024, 10, 26, 23, 59),
        local(BERLIN, 2024, 10, 27, 0, 0, 30),
        BERLIN,
        SinceKind.YESTERDAY,
    ),
    # New York spring forward (2024-03-10 02:00 EST -> 03:00 EDT).
    (
        "New York spring: 23:59 to 03:01 is yesterday",
        local(NEW_YORK, 2024, 3, 9, 23, 59),
        local(NEW_YORK, 2024, 3, 10, 3, 1),
        NEW_YORK,
        SinceKind.YESTERDAY,
    ),
    (
        "New York spring: six calendar days across the switch",
        local(NEW_YORK, 2024, 3, 4, 12),
        local(NEW_YORK, 2024, 3, 10, 12),
        NEW_YORK,
        SinceKind.WITHIN_WEEK,
    ),
    (
        "New York spring: seven calendar days, under 7x24 h",
        local(NEW_YORK, 2024, 3, 3, 23, 59),
        local(NEW_YORK, 2024, 3, 10, 23, 0),
        NEW_YORK,
        SinceKind.OLDER,
    ),
    # New York fall back (2024-11-03 02:00 EDT -> 01:00 EST).
    (
        "New York fall: exactly 24 h and still today",
        local(NEW_YORK, 2024, 11, 3, 0, 30),
        local(NEW_YORK, 2024, 11, 3, 23, 30),
        NEW_YORK,
        SinceKind.TODAY,
    ),
    (
        "New York fall: 23:30 to 00:10 is yesterday",
        local(NEW_YORK, 2024, 11, 2, 23, 30),
        local(NEW_YORK, 2024, 11, 3, 0, 10),
        NEW_YORK,
        SinceKind.YESTERDAY,
    ),
    (
        "fixed offset zone",
        utc(2024, 5, 1, 20),
        utc(2024, 5, 2, 2),
        timezone(timedelta(hours=-8)),
        SinceKind.TODAY,
    ),
]


@pytest.mark.parametrize(
    ("since", "now", "tz", "expected"),
    [pytest.param(s, n, z, e, id=name) for name, s, n, z, e in SINCE],
)
def test_since_kind(since: datetime, now: datetime, tz: tzinfo, expected: SinceKind) -> None:
    assert since_kind(since, now, tz) is expected


def test_since_kind_rejects_naive() -> None:
    with pytest.raises(ValueError, match="naive"):
        since_kind(datetime(2024, 5, 1), utc(2024, 5, 1), UTC)
    with pytest.raises(ValueError, match="naive"):
        since_kind(utc(2024, 5, 1), datetime(2024, 5, 1), UTC)


@pytest.fixture
def system_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")

    def set_tz(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_tz
    monkeypatch.undo()
    time.tzset()


SYSTEM_ZONE: list[tuple[str, datetime, datetime, SinceKind]] = [
    ("Europe/Berlin", utc(2024, 5, 1, 21, 30), utc(2024, 5, 1, 22, 30), SinceKind.YESTERDAY),
    ("America/New_York", utc(2024, 5, 1, 21, 30), utc(2024, 5, 1, 22, 30), SinceKind.TODAY),
    (
        "America/New_York",
        local(NEW_YORK, 2024, 11, 3, 0, 30),
        local(NEW_YORK, 2024, 11, 3, 23, 30),
        SinceKind.TODAY,
    ),
    ("UTC", utc(2024, 5, 1, 21, 30), utc(2024, 5, 1, 22, 30), SinceKind.TODAY),
]


@pytest.mark.parametrize(("zone", "since", "now", "expected"), SYSTEM_ZONE)
def test_since_kind_defaults_to_system_zone(
    system_tz: Callable[[str], None], zone: str, since: datetime, now: datetime, expected: SinceKind
) -> None:
    system_tz(zone)
    assert since_kind(since, now) is expected


# --- next_day_change_in --------------------------------------------------------------------

DAY_CHANGE: list[tuple[str, datetime, tzinfo, float]] = [
    ("plain UTC", utc(2024, 5, 1, 23), UTC, 3600),
    ("at midnight: a whole day", utc(2024, 5, 1), UTC, 86400),
    ("Berlin before the 23h day", local(BERLIN, 2024, 3, 30, 23), BERLIN, 3600),
    ("Berlin start of the 23h day", local(BERLIN, 2024, 3, 31), BERLIN, 23 * 3600),
    ("Berlin start of the 25h day", local(BERLIN, 2024, 10, 27), BERLIN, 25 * 3600),
    (
        "Berlin in the repeated hour",
        local(BERLIN, 2024, 10, 27, 2, 30, fold=1),
        BERLIN,
        21.5 * 3600,
    ),
    ("New York, 30 s to go", local(NEW_YORK, 2024, 11, 3, 23, 59, 30), NEW_YORK, 30),
    ("New York start of the 25h day", local(NEW_YORK, 2024, 11, 3), NEW_YORK, 25 * 3600),
    # Santiago springs forward at midnight: 00:00 never happens, the date changes at 01:00.
    ("Santiago, midnight does not exist", local(SANTIAGO, 2024, 9, 7, 23), SANTIAGO, 3600),
    ("Kolkata", utc(2024, 5, 1, 18, 0), KOLKATA, 1800),
]


@pytest.mark.parametrize(
    ("now", "tz", "expected"),
    [pytest.param(n, z, e, id=name) for name, n, z, e in DAY_CHANGE],
)
def test_next_day_change_in(now: datetime, tz: tzinfo, expected: float) -> None:
    assert next_day_change_in(now, tz) == expected


@pytest.mark.parametrize("tz", [UTC, BERLIN, NEW_YORK, SANTIAGO, KOLKATA])
def test_next_day_change_in_matches_since_kind(tz: tzinfo) -> None:
    rng = random.Random(319)
    start = utc(2023, 1, 1).timestamp()
    for _ in range(500):
        now = datetime.fromtimestamp(start + rng.uniform(0, 2 * 365 * 86400), UTC)
        wait = timedelta(seconds=next_day_change_in(now, tz))
        assert timedelta(0) < wait <= timedelta(hours=25)
        assert since_kind(now, now + wait - timedelta(microseconds=1), tz) is SinceKind.TODAY
        assert since_kind(now, now + wait, tz) is SinceKind.YESTERDAY


@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        ("Europe/Berlin", local(BERLIN, 2024, 3, 31), 23 * 3600),
        ("America/New_York", local(NEW_YORK, 2024, 11, 3), 25 * 3600),
        ("America/Santiago", local(SANTIAGO, 2024, 9, 7, 23), 3600),
    ],
)
def test_next_day_change_in_system_zone_follows_dst(
    system_tz: Callable[[str], None], zone: str, now: datetime, expected: float
) -> None:
    system_tz(zone)
    assert next_day_change_in(now) == expected


def test_next_day_change_in_rejects_naive() -> None:
    with pytest.raises(ValueError, match="naive"):
        next_day_change_in(datetime(2024, 5, 1), UTC)
