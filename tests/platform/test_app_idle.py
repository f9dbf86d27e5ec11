"""The last-resort idle source: input events delivered to our own windows, via Qt's real path."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtTest import QTest

from client.platform.app_idle import AppInputIdleSource


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def window(qtbot: Any) -> Any:
    win = QWindow()
    win.resize(200, 100)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.destroy()


def test_input_resets_idle_and_a_return_is_signalled(qtbot: Any, window: QWindow) -> None:
    clock = FakeClock(100.0)
    source = AppInputIdleSource(clock=clock, watch_after=10.0)
    resumed: list[float] = []
    source.activity_resumed.connect(lambda: resumed.append(clock.now))
    try:
        clock.now = 105.0
        assert source.idle_seconds() == 5.0

        # Not input: a custom event and a resize.
        clock.now = 106.0
        QGuiApplication.sendEvent(window, QEvent(QEvent.Type.User))
        window.resize(210, 110)
        assert source.idle_seconds() == 6.0

        clock.now = 107.0
        QTest.keyClick(window, Qt.Key.Key_A)
        assert source.idle_seconds() == 0.0
        assert resumed == []  # 7 s of quiet is below watch_after

        clock.now = 130.0
        QTest.mouseMove(window, QPoint(20, 20))
        assert source.idle_seconds() == 0.0
        assert resumed == [130.0]  # at once, on the event itself

        clock.now = 131.0
        QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(30, 30))
        assert resumed == [130.0]
    finally:
        source.close()
        source.close()
    clock.now = 200.0
    QTest.keyClick(window, Qt.Key.Key_B)
    assert source.idle_seconds() is None
    assert resumed == [130.0]


def test_real_clock_by_default(qtbot: Any, window: QWindow) -> None:
    source = AppInputIdleSource()
    try:
        qtbot.wait(50)
        idle = source.idle_seconds()
        assert idle is not None
        assert idle >= 0.04
        QTest.keyClick(window, Qt.Key.Key_Shift)
        idle = source.idle_seconds()
        assert idle is not None
        assert idle < 0.04
    finally:
        source.close()
