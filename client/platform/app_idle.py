"""Last-resort idle source: time since the last input event delivered to this app itself."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from client.platform.base import IdleSource
from client.platform.native_idle import DEFAULT_WATCH_AFTER

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
        QEvent.Type.TabletRelease,
        QEvent.Type.NativeGesture,
    }
)


class AppInputIdleSource(IdleSource):
    """Seconds since a key, mouse, wheel, touch or tablet event reached one of our windows.

    Input to other applications is invisible here, so this overstates idleness; it is used only
    when no system-wide source answers. An application-wide event filter sees every event, so it
    does nothing but a set lookup per event. Event-driven: input after at least ``watch_after``
    seconds of quiet emits ``activity_resumed`` at once.
    """

    name = "app-input"

    def __init__(
        self,
        app: QCoreApplication | None = None,
        *,
        watch_after: float = DEFAULT_WATCH_AFTER,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        target = app if app is not None else QCoreApplication.instance()
        if target is None:
            raise RuntimeError("AppInputIdleSource needs a running Qt application")
        self._app: QCoreApplication | None = target
        self._watch_after = watch_after
        self._clock = clock
        self._last_input = clock()
        target.installEventFilter(self)

    def idle_seconds(self) -> float | None:
        if self._app is None:
            return None
        return max(0.0, self._clock() - self._last_input)

    def close(self) -> None:
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            now = self._clock()
            quiet_for, self._last_input = now - self._last_input, now
            if quiet_for >= self._watch_after:
                self.activity_resumed.emit()
        return False
