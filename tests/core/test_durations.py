"""parse_duration / format_duration: accepted spellings, rejected junk, and the round trip."""

from __future__ import annotations

import pytest

from client.core.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("5m", 300),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1h30m15s", 5415),
        ("2m30s", 150),
        ("0", 0),
        ("0s", 0),
        ("120", 120),
        ("1.5", 1.5),
        ("1.5m", 90),
        ("  5M ", 300),
        ("1h 30m", 5400),
        ("90m", 5400),
    ],
)
def test_parse_accepts(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty duration"),
        ("   ", "empty duration"),
        ("-5m", "negative"),
        ("-1", "negative"),
        ("5 minutes", "not a duration"),
        ("m", "not a duration"),
        ("5x", "not a duration"),
        ("30m1h", "not a duration"),
        ("1m1m", "not a duration"),
        ("abc", "not a duration"),
        ("inf", "not a duration"),
        ("nan", "not a duration"),
        ("1e3", "not a duration"),
        (".5s", "not a duration"),
    ],
)
def test_parse_rejects_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        parse_duration(text)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (90, "1m30s"),
        (300, "5m"),
        (3600, "1h"),
        (5400, "1h30m"),
        (3601, "1h1s"),
        (2.5, "2.5s"),
        (61.25, "1m1.25s"),
        (1.9996, "2s"),
        (36000, "10h"),
    ],
)
def test_format_is_canonical(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize("seconds", [-1, float("inf"), float("nan")])
def test_format_rejects_what_is_not_a_duration(seconds: float) -> None:
    with pytest.raises(ValueError, match="cannot format"):
        format_duration(seconds)


@pytest.mark.parametrize("seconds", [0, 1, 59, 60, 61, 599, 3599, 3600, 86399, 90061, 0.5, 12.125])
def test_round_trip(seconds: float) -> None:
    assert parse_duration(format_duration(seconds)) == seconds
