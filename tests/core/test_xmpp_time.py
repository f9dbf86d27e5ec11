"""Tables for the tolerant XEP-0082 parser and the strict formatter."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from client.core.xmpp_time import format_datetime, parse_datetime


def utc(*fields: int) -> datetime:
    """An aware UTC datetime from year, month, day[, hour, minute, second, microsecond]."""
    y, mo, d, h, mi, s, us = (*fields, 0, 0, 0, 0)[:7]
    return datetime(y, mo, d, h, mi, s, us, tzinfo=UTC)


ACCEPTED: list[tuple[str, datetime]] = [
    # XEP-0082 §3.2 examples.
    ("1969-07-21T02:56:15Z", utc(1969, 7, 21, 2, 56, 15)),
    ("1969-07-20T21:56:15-05:00", utc(1969, 7, 21, 2, 56, 15)),
    # Plain UTC, lowercase z, lowercase t.
    ("2024-03-05T10:20:30Z", utc(2024, 3, 5, 10, 20, 30)),
    ("2024-03-05T10:20:30z", utc(2024, 3, 5, 10, 20, 30)),
    ("2024-03-05t10:20:30Z", utc(2024, 3, 5, 10, 20, 30)),
    # Offsets: colon form, basic form, hour only, zero offsets, half-hour zones.
    ("2024-03-05T10:20:30+02:00", utc(2024, 3, 5, 8, 20, 30)),
    ("2024-03-05T10:20:30+0200", utc(2024, 3, 5, 8, 20, 30)),
    ("2024-03-05T10:20:30+02", utc(2024, 3, 5, 8, 20, 30)),
    ("2024-03-05T10:20:30-07", utc(2024, 3, 5, 17, 20, 30)),
    ("2024-03-05T10:20:30+00:00", utc(2024, 3, 5, 10, 20, 30)),
    ("2024-03-05T10:20:30-00:00", utc(2024, 3, 5, 10, 20, 30)),
    ("2024-03-05T10:20:30+05:30", utc(2024, 3, 5, 4, 50, 30)),
    ("2024-03-05T10:20:30-0930", utc(2024, 3, 5, 19, 50, 30)),
    ("2024-03-05T10:20:30+14:00", utc(2024, 3, 4, 20, 20, 30)),
    ("2024-03-05T10:20:30-12:00", utc(2024, 3, 5, 22, 20, 30)),
    ("2024-03-05T10:20:30+23:59", utc(2024, 3, 4, 10, 21, 30)),
    ("2024-03-05T10:20:30-23:59", utc(2024, 3, 6, 10, 19, 30)),
    # Offsets crossing day, month and year boundaries.
    ("2024-01-01T00:30:00+01:00", utc(2023, 12, 31, 23, 30)),
    ("2023-12-31T23:30:00-01:00", utc(2024, 1, 1, 0, 30)),
    ("2024-03-01T00:00:00+00:01", utc(2024, 2, 29, 23, 59)),
    # Fractions: any number of digits, truncated (never rounded) to microseconds.
    ("2024-03-05T10:20:30.5Z", utc(2024, 3, 5, 10, 20, 30, 500_000)),
    ("2024-03-05T10:20:30.123Z", utc(2024, 3, 5, 10, 20, 30, 123_000)),
    ("2024-03-05T10:20:30.123456Z", utc(2024, 3, 5, 10, 20, 30, 123_456)),
    ("2024-03-05T10:20:30.1234567Z", utc(2024, 3, 5, 10, 20, 30, 123_456)),
    ("2024-03-05T10:20:30.000000001Z", utc(2024, 3, 5, 10, 20, 30)),
    ("2024-03-05T10:20:30.9999999Z", utc(2024, 3, 5, 10, 20, 30, 999_999)),
    ("2023-12-31T23:59:59.99999999999999999999Z", utc(2023, 12, 31, 23, 59, 59, 999_999)),
    ("2024-03-05T10:20:30.0Z", utc(2024, 3, 5, 10, 20, 30)),
    ("2024-03-05T10:20:30.25+01:00", utc(2024, 3, 5, 9, 20, 30, 250_000)),
    # Long fraction + offset (slixmpp's parser refuses > 6 digits).
    ("2024-03-05T10:20:30.123456789-03:00", utc(2024, 3, 5, 13, 20, 30, 123_456)),
    # Year range and dates before 1970.
    ("0001-01-01T00:00:00Z", utc(1, 1, 1)),
    ("0001-01-01T01:00:00+01:00", utc(1, 1, 1)),
    ("9999-12-31T23:59:59Z", utc(9999, 12, 31, 23, 59, 59)),
    ("9999-12-31T22:59:59-01:00", utc(9999, 12, 31, 23, 59, 59)),
    ("1900-02-28T12:00:00Z", utc(1900, 2, 28, 12)),
    ("1969-12-31T23:59:59Z", utc(1969, 12, 31, 23, 59, 59)),
    ("0999-05-06T07:08:09Z", utc(999, 5, 6, 7, 8, 9)),
    # Leap days.
    ("2024-02-29T00:00:00Z", utc(2024, 2, 29)),
    ("2000-02-29T00:00:00Z", utc(2000, 2, 29)),
    # Leap second: clamped into the same minute, in the sender's frame, then shifted.
    ("2016-12-31T23:59:60Z", utc(2016, 12, 31, 23, 59, 59, 999_999)),
    ("2016-12-31T23:59:60.5Z", utc(2016, 12, 31, 23, 59, 59, 999_999)),
    ("2017-01-01T00:59:60+01:00", utc(2016, 12, 31, 23, 59, 59, 999_999)),
    # XML Schema end-of-day.
    ("2024-03-05T24:00:00Z", utc(2024, 3, 6)),
    ("2024-12-31T24:00:00Z", utc(2025, 1, 1)),
    ("2024-03-05T24:00:00.000Z", utc(2024, 3, 6)),
    # Missing TZD: read as UTC.
    ("2024-03-05T10:20:30", utc(2024, 3, 5, 10, 20, 30)),
    ("2024-03-05T10:20:30.75", utc(2024, 3, 5, 10, 20, 30, 750_000)),
    # XML whitespace around the value.
    ("  2024-03-05T10:20:30Z  ", utc(2024, 3, 5, 10, 20, 30)),
    ("\n\t2024-03-05T10:20:30Z\r\n", utc(2024, 3, 5, 10, 20, 30)),
    # Legacy XEP-0091 / XEP-0082 §4 form, UTC.
    ("20020910T23:08:25", utc(2002, 9, 10, 23, 8, 25)),
    ("20020910T23:08:25Z", utc(2002, 9, 10, 23, 8, 25)),
    ("20020910T23:08:25.5", utc(2002, 9, 10, 23, 8, 25, 500_000)),
    (" 19991231T23:59:60 ", utc(1999, 12, 31, 23, 59, 59, 999_999)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepts(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(0)


REJECTED: list[str] = [
    "",
    "   ",
    "Z",
    "now",
    "yesterday",
    "null",
    "2024-03-05",
    "10:20:30Z",
    # T missing or replaced.
    "2024-03-05 10:20:30Z",
    "2024-03-0510:20:30Z",
    "2024-03-05_10:20:30Z",
    # Seconds or minutes missing.
    "2024-03-05T10:20Z",
    "2024-03-05T10Z",
    # Wrong digit counts.
    "24-03-05T10:20:30Z",
    "02024-03-05T10:20:30Z",
    "2024-3-05T10:20:30Z",
    "2024-03-5T10:20:30Z",
    "2024-03-05T1:20:30Z",
    "2024-03-05T10:2:30Z",
    "2024-03-05T10:20:3Z",
    "-2024-03-05T10:20:30Z",
    "+2024-03-05T10:20:30Z",
    # Out-of-range fields.
    "0000-01-01T00:00:00Z",
    "2024-00-05T10:20:30Z",
    "2024-13-05T10:20:30Z",
    "2024-03-00T10:20:30Z",
    "2024-03-32T10:20:30Z",
    "2024-04-31T10:20:30Z",
    "2023-02-29T10:20:30Z",
    "1900-02-29T10:20:30Z",
    "2024-03-05T25:00:00Z",
    "2024-03-05T24:00:01Z",
    "2024-03-05T24:01:00Z",
    "2024-03-05T24:00:00.5Z",
    "2024-03-05T10:60:30Z",
    "2024-03-05T10:20:61Z",
    "2024-03-05T10:20:99Z",
    # Bad fractions.
    "2024-03-05T10:20:30.Z",
    "2024-03-05T10:20:30,5Z",
    "2024-03-05T10:20:30.5.5Z",
    "2024-03-05T10:20:30.-5Z",
    # Bad offsets.
    "2024-03-05T10:20:30+24:00",
    "2024-03-05T10:20:30-25:00",
    "2024-03-05T10:20:30+99",
    "2024-03-05T10:20:30+02:60",
    "2024-03-05T10:20:30+2:00",
    "2024-03-05T10:20:30+02:0",
    "2024-03-05T10:20:30+020",
    "2024-03-05T10:20:30+",
    "2024-03-05T10:20:30ZZ",
    "2024-03-05T10:20:30Z+01:00",
    "2024-03-05T10:20:30UTC",
    "2024-03-05T10:20:30 Z",
    "2024-03-05T10:20:30GMT",
    "2024-03-05T10:20:30+01:00:00",
    # Overflow after applying the offset.
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:59:59+01:00",
    "9999-12-31T23:59:59-00:01",
    "9999-12-31T24:00:00Z",
    # Non-ASCII digits and look-alikes.
    "２０２４-03-05T10:20:30Z",
    "٢٠٢٤-٠٣-٠٥T١٠:٢٠:٣٠Z",
    "2024-03-05T10:20:30.٥Z",
    "2024-03-05T10:20:30+٠١:٠٠",
    "2024-03-05Т10:20:30Z",  # Cyrillic Te
    "2024‐03‐05T10:20:30Z",  # Unicode hyphens
    "2024-03-05T10∶20∶30Z",  # ratio sign
    # Whitespace that XML does not define, or inside the value.
    "\u00a02024-03-05T10:20:30Z",
    "2024-03-05T10:20:30Z\u2003",
    "2024-03-05T 10:20:30Z",
    "2024-03-05T10:20:30 +01:00",
    # Embedded junk.
    "2024-03-05T10:20:30Z\x00",
    "\x002024-03-05T10:20:30Z",
    "2024-03-05T10:20:30Zjunk",
    "<2024-03-05T10:20:30Z>",
    "2024-03-05T10:20:30Z\n2024-03-05T10:20:30Z",
    # Legacy form with an offset or separators mixed in.
    "20020910T23:08:25+01:00",
    "2002-0910T23:08:25",
    "20020910T230825",
    "20021310T23:08:25",
    # Huge inputs, including a valid stamp padded beyond the size limit.
    "9" * 100_000,
    "2024-03-05T10:20:30." + "9" * 10_000 + "Z",
    " " * 2000 + "2024-03-05T10:20:30Z",
]


@pytest.mark.parametrize("text", REJECTED)
def test_rejects(text: str) -> None:
    assert parse_datetime(text) is None


@pytest.mark.parametrize("junk", [None, 0, 1.5, b"2024-03-05T10:20:30Z", [], object()])
def test_non_strings_are_rejected_not_raised(junk: object) -> None:
    assert parse_datetime(junk) is None  # type: ignore[arg-type]


def test_long_fraction_within_limit_is_accepted() -> None:
    text = "2024-03-05T10:20:30." + "1234567890" * 50 + "Z"
    assert parse_datetime(text) == utc(2024, 3, 5, 10, 20, 30, 123_456)


_ALPHABET = "0123456789-:+.TZtz \t\n٠٣５Т\x00é"


def _mutated(rng: random.Random, seed_text: str) -> str:
    chars = list(seed_text)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(3)
        pos = rng.randrange(len(chars) + 1)
        if op == 0:
            chars.insert(pos, rng.choice(_ALPHABET))
        elif op == 1 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif chars:
            chars[min(pos, len(chars) - 1)] = rng.choice(_ALPHABET)
    return "".join(chars)


def test_random_inputs_never_raise_and_are_utc_when_accepted() -> None:
    rng = random.Random(20240305)
    seeds = [text for text, _ in ACCEPTED] + REJECTED[:40]
    accepted = 0
    for i in range(6000):
        if i % 3 == 1:
            text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40)))
        elif i % 3 == 2:
            # Any code point at all, surrogates included.
            text = "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(0, 30)))
        else:
            text = _mutated(rng, rng.choice(seeds))
        result = parse_datetime(text)
        if result is not None:
            accepted += 1
            assert result.utcoffset() == timedelta(0), text
            # Whatever we accept must survive our own formatter and parse back the same.
            assert parse_datetime(format_datetime(result)) == result.replace(microsecond=0)
    # Mutations of valid stamps must sometimes stay valid, or this test explores nothing.
    assert accepted > 30


ROUND_TRIP: list[datetime] = [
    utc(2024, 3, 5, 10, 20, 30),
    utc(1, 1, 1),
    utc(9999, 12, 31, 23, 59, 59),
    utc(1969, 7, 21, 2, 56, 15),
    utc(2000, 2, 29, 12, 0, 0),
    utc(999, 1, 2, 3, 4, 5),
]


@pytest.mark.parametrize("dt", ROUND_TRIP)
def test_round_trip(dt: datetime) -> None:
    text = format_datetime(dt)
    assert parse_datetime(text) == dt
    assert format_datetime(parse_datetime(text) or dt.replace(year=1)) == text


def test_random_round_trip() -> None:
    rng = random.Random(82)
    lo, hi = utc(1, 1, 2).timestamp(), utc(9999, 12, 30).timestamp()
    for _ in range(2000):
        dt = datetime.fromtimestamp(rng.uniform(lo, hi), UTC)
        assert parse_datetime(format_datetime(dt)) == dt.replace(microsecond=0)


FORMATTED: list[tuple[datetime, str]] = [
    (utc(2024, 3, 5, 10, 20, 30), "2024-03-05T10:20:30Z"),
    (utc(2024, 3, 5, 10, 20, 30, 999_999), "2024-03-05T10:20:30Z"),
    (utc(7, 8, 9, 1, 2, 3), "0007-08-09T01:02:03Z"),
    (datetime(2024, 3, 5, 12, 0, tzinfo=timezone(timedelta(hours=2))), "2024-03-05T10:00:00Z"),
    (
        datetime(2024, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1, minutes=30))),
        "2023-12-31T23:00:00Z",
    ),
    (
        datetime(1969, 7, 20, 21, 56, 15, tzinfo=timezone(timedelta(hours=-5))),
        "1969-07-21T02:56:15Z",
    ),
]


@pytest.mark.parametrize(("dt", "expected"), FORMATTED)
def test_format(dt: datetime, expected: str) -> None:
    assert format_datetime(dt) == expected


def test_format_rejects_naive() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_datetime(datetime(2024, 3, 5, 10, 20, 30))


def test_format_rejects_unrepresentable_utc() -> None:
    with pytest.raises(ValueError, match="UTC"):
        format_datetime(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))))
