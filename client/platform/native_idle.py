"""Polled idle sources: the shared return-from-idle logic, Windows GetLastInputInfo, macOS CG."""

from __future__ import annotations

import ctypes
import logging
import math
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from client.platform.base import IdleSource

log = logging.getLogger(__name__)

# Idle this long, then input, is "activity resumed" (as in dbus_idle); shorter pauses are just
# typing rhythm, and below it no 1 s watch timer runs.
DEFAULT_WATCH_AFTER = 30.0
WATCH_INTERVAL_MS = 1000
_TICK_MASK = 0xFFFFFFFF


class PolledIdleSource(IdleSource):
    """An IdleSource answered by a synchronous OS query, which also notices the return from idle.

    Idle time only ever shrinks on input, so when an answer is smaller than the previous one and
    the previous one was at least ``watch_after`` seconds, ``activity_resumed`` is emitted. Whenever
    the last answer is at or past ``watch_after``, a 1 s timer keeps querying, so the return is
    seen within about a second however rarely the service polls; below it no timer runs.
    Subclasses implement ``_query`` and ``_release``.
    """

    def __init__(
        self, *, watch_after: float = DEFAULT_WATCH_AFTER, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._watch_after = watch_after
        self._previous: float | None = None
        self._closed = False
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self._on_watch)

    def idle_seconds(self) -> float | None:
        if self._closed:
            return None
        value = self._query()
        self._observe(value)
        return value

    def is_watching(self) -> bool:
        """Whether the 1 s return-from-idle timer runs (idle is at or past ``watch_after``)."""
        return self._watch.isActive()

    def close(self) -> None:
        self._watch.stop()
        if not self._closed:
            self._closed = True
            self._release()

    def _query(self) -> float | None:
        raise NotImplementedError

    def _release(self) -> None:
        """Free OS resources; called once by ``close``."""

    def _observe(self, value: float | None) -> None:
        previous, self._previous = self._previous, value
        if value is None:
            self._watch.stop()
            return
        if previous is not None and previous >= self._watch_after and value < previous:
            self.activity_resumed.emit()
        if value >= self._watch_after:
            if not self._watch.isActive():
                self._watch.start()
        else:
            self._watch.stop()

    def _on_watch(self) -> None:
        self.idle_seconds()


def tick_difference_ms(now_tick: int, last_input_tick: int) -> int:
    """Milliseconds between two 32-bit GetTickCount values, across the 49.7-day wraparound.

    A "negative" difference (input landed between the two calls) reads as 0, not as ~49 days.
    """
    difference = (now_tick - last_input_tick) & _TICK_MASK
    return 0 if difference > _TICK_MASK // 2 else difference


class WindowsIdleSource(PolledIdleSource):
    """``GetLastInputInfo`` against ``GetTickCount``; the two OS calls are injected."""

    name = "GetLastInputInfo"

    def __init__(
        self,
        last_input_tick: Callable[[], int | None],
        tick_count: Callable[[], int],
        *,
        watch_after: float = DEFAULT_WATCH_AFTER,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(watch_after=watch_after, parent=parent)
        self._last_input_tick = last_input_tick
        self._tick_count = tick_count

    def _query(self) -> float | None:
        # The last input first, then the clock: the reverse order could see input newer than "now".
        last = self._last_input_tick()
        if last is None:
            return None
        return tick_difference_ms(self._tick_count(), last) / 1000.0


class MacIdleSource(PolledIdleSource):
    """``CGEventSourceSecondsSinceLastEventType``; the OS call is injected."""

    name = "CGEventSourceSecondsSinceLastEventType"

    def __init__(
        self,
        seconds_since_last_event: Callable[[], float],
        *,
        watch_after: float = DEFAULT_WATCH_AFTER,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(watch_after=watch_after, parent=parent)
        self._seconds_since_last_event = seconds_since_last_event

    def _query(self) -> float | None:
        value = float(self._seconds_since_last_event())
        return value if math.isfinite(value) and value >= 0 else None


# The real OS calls, defined per platform so that mypy checks each for its own OS only.
if sys.platform == "win32":
    from ctypes import wintypes

    class _LastInputInfo(ctypes.Structure):
        _fields_ = (("cbSize", wintypes.UINT), ("dwTime", wintypes.DWORD))

    def make_windows_idle_source(*, watch_after: float = DEFAULT_WATCH_AFTER) -> IdleSource | None:
        """The GetLastInputInfo source on Windows, None elsewhere."""
        get_last_input_info = ctypes.WinDLL("user32").GetLastInputInfo
        get_last_input_info.argtypes = (ctypes.POINTER(_LastInputInfo),)
        get_last_input_info.restype = wintypes.BOOL
        get_tick_count = ctypes.WinDLL("kernel32").GetTickCount
        get_tick_count.argtypes = ()
        get_tick_count.restype = wintypes.DWORD

        def last_input_tick() -> int | None:
            info = _LastInputInfo(cbSize=ctypes.sizeof(_LastInputInfo))
            if not get_last_input_info(ctypes.byref(info)):
                return None
            return int(info.dwTime)

        def tick_count() -> int:
            return int(get_tick_count())

        return WindowsIdleSource(last_input_tick, tick_count, watch_after=watch_after)

else:

    def make_windows_idle_source(*, watch_after: float = DEFAULT_WATCH_AFTER) -> IdleSource | None:
        """The GetLastInputInfo source on Windows, None elsewhere."""
        return None


if sys.platform == "darwin":
    _APPLICATION_SERVICES = (
        "/System/Library/Frameworks/ApplicationServices.framework/ApplicationServices"
    )
    _HID_SYSTEM_STATE = 1  # kCGEventSourceStateHIDSystemState: input from real devices
    _ANY_INPUT_EVENT = 0xFFFFFFFF  # kCGAnyInputEventType

    def make_mac_idle_source(*, watch_after: float = DEFAULT_WATCH_AFTER) -> IdleSource | None:
        """The CoreGraphics event-source source on macOS, None elsewhere."""
        seconds_since = ctypes.CDLL(_APPLICATION_SERVICES).CGEventSourceSecondsSinceLastEventType
        seconds_since.argtypes = (ctypes.c_int32, ctypes.c_uint32)
        seconds_since.restype = ctypes.c_double

        def seconds_since_last_event() -> float:
            return float(seconds_since(_HID_SYSTEM_STATE, _ANY_INPUT_EVENT))

        return MacIdleSource(seconds_since_last_event, watch_after=watch_after)

else:

    def make_mac_idle_source(*, watch_after: float = DEFAULT_WATCH_AFTER) -> IdleSource | None:
        """The CoreGraphics event-source source on macOS, None elsewhere."""
        return None
