"""Backoff policy: capped, jittered, reset on success."""

from __future__ import annotations

import pytest

from client.core.connection import Backoff, format_fingerprint


@pytest.mark.parametrize(
    ("rng", "expected"),
    [
        (0.0, [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 32.0]),
        (1.0, [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 64.0]),
    ],
)
def test_backoff_grows_and_caps(rng: float, expected: list[float]) -> None:
    backoff = Backoff(base=1, cap=64, rng=lambda: rng)
    assert [backoff.next_delay() for _ in expected] == expected


def test_backoff_reset_starts_again() -> None:
    backoff = Backoff(base=2, cap=100, rng=lambda: 1.0)
    for _ in range(5):
        backoff.next_delay()
    backoff.reset()
    assert backoff.next_delay() == 2.0


def test_jitter_spreads_delays() -> None:
    values = iter([0.1, 0.9])
    backoff = Backoff(base=10, cap=10, rng=lambda: next(values))
    assert backoff.next_delay() != backoff.next_delay()


def test_fingerprint_format() -> None:
    assert format_fingerprint(bytes([0, 171, 255])) == "00:AB:FF"
