"""Windows and macOS idle sources, run here with fakes of the OS calls; the shared poll logic."""

from __future__ import annotations

from typing import Any

import pytest

from client.platform.native_idle import (
    MacIdleSource,
    WindowsIdleSource,
    make_mac_idle_source,
    make_windows_idle_source,
    tick_difference_ms,
)

MASK = 0xFFFFFFFF


@pytest.mark.parametrize(
    ("now", "last", "expected"),
    [
        (1_000, 400, 600),
        (5, 0xFFFFFFF0, 21),  # GetTickCount wrapped (49.7 days) since the last input
        (0, MASK, 1),
        (0x7FFFFFFF, 0, 0x7FFFFFFF),
        (123, 123, 0),
        (100, 200, 0),  # input between the two calls: not 49.7 days of idleness
    ],
)
def test_tick_difference_is_32_bit_and_wraps(now: int, last: int, expected: int) -> None:
    assert tick_difference_ms(now, last) == expected


class FakeWindows:
    """GetLastInputInfo and GetTickCount over one 32-bit millisecond clock."""

    def __init__(self, tick: int, last_input: int | None) -> None:
        self.tick = tick
        self.last_input = last_input
        self.calls: list[str] = []

    def last_input_tick(self) -> int | None:
        self.calls.append("GetLastInputInfo")
        return self.last_input

    def tick_count(self) -> int:
        self.calls.append("GetTickCount")
        return self.tick

    def source(self, watch_after: float = 10.0) -> WindowsIdleSource:
        return WindowsIdleSource(self.last_input_tick, self.tick_count, watch_after=watch_after)


def test_windows_idle_across_the_wraparound(qapp: Any) -> None:
    fake = FakeWindows(tick=0x100, last_input=0xFFFFFF00)
    source = fake.source()
    assert source.idle_seconds() == pytest.approx(0.512)
    # The last input first, so the clock read after it can't be older.
    assert fake.calls == ["GetLastInputInfo", "GetTickCount"]
    fake.tick = (fake.tick + 60_000) & MASK
    assert source.idle_seconds() == pytest.approx(60.512)
    source.close()


def test_windows_failed_call_is_unknown(qapp: Any) -> None:
    source = FakeWindows(tick=1_000, last_input=None).source()
    assert source.idle_seconds() is None
    source.close()


def test_return_after_idleness_is_signalled_once(qtbot: Any) -> None:
    fake = FakeWindows(tick=MASK - 500, last_input=MASK - 500)
    source = fake.source(watch_after=10.0)
    try:
        with qtbot.assertNotEmitted(source.activity_resumed):
            fake.tick = (fake.tick + 8_000) & MASK  # 8 s: below watch_after
            assert source.idle_seconds() == pytest.approx(8.0)
            fake.last_input = fake.tick  # input after a short pause is not a "return"
            assert source.idle_seconds() == 0.0
        assert not source.is_watching()
        fake.tick = (fake.tick + 12_000) & MASK
        assert source.idle_seconds() == pytest.approx(12.0)
        assert source.is_watching()
        fake.tick = (fake.tick + 1_000) & MASK
        fake.last_input = (fake.tick - 200) & MASK
        with qtbot.waitSignal(source.activity_resumed, timeout=0):
            assert source.idle_seconds() == pytest.approx(0.2)
        assert not source.is_watching()
    finally:
        source.close()


def test_watch_timer_notices_the_return_without_polls(qtbot: Any) -> None:
    fake = FakeWindows(tick=50_000, last_input=0)
    source = fake.source(watch_after=10.0)
    try:
        assert source.idle_seconds() == pytest.approx(50.0)
        assert source.is_watching()
        fake.last_input = fake.tick - 100
        # Nobody polls: the 1 s watch timer does.
        with qtbot.waitSignal(source.activity_resumed, timeout=2500):
            pass
        assert not source.is_watching()
    finally:
        source.close()
        source.close()
    assert source.idle_seconds() is None
    assert not source.is_watching()


@pytest.mark.parametrize(
    ("reported", "expected"),
    [(3.5, 3.5), (0.0, 0.0), (float("nan"), None), (float("inf"), None), (-1.0, None)],
)
def test_mac_idle(qapp: Any, reported: float, expected: float | None) -> None:
    calls: list[float] = []

    def seconds_since_last_event() -> float:
        calls.append(reported)
        return reported

    source = MacIdleSource(seconds_since_last_event)
    assert source.idle_seconds() == expected
    assert calls == [reported]
    source.close()


def test_mac_return_after_idleness(qtbot: Any) -> None:
    values = iter([600.0, 0.3])
    source = MacIdleSource(lambda: next(values), watch_after=60.0)
    try:
        assert source.idle_seconds() == 600.0
        with qtbot.waitSignal(source.activity_resumed, timeout=0):
            assert source.idle_seconds() == 0.3
    finally:
        source.close()


def test_os_factories_decline_on_linux(qapp: Any) -> None:
    assert make_windows_idle_source() is None
    assert make_mac_idle_source() is None
