"""QtForegroundSource: offscreen basics in-process, real focus changes on Xvfb + openbox."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QWindow

from client.platform.foreground import QtForegroundSource
from tests.fixtures.xvfb import x_env, xdotool

ROOT = Path(__file__).resolve().parents[2]
EVENT_TIMEOUT = 10.0


@pytest.fixture
def window(qapp: QGuiApplication) -> Any:
    win = QWindow()
    win.resize(200, 100)
    yield win
    win.destroy()


def test_offscreen_visibility_follows_show_hide_minimise(qtbot: Any, window: QWindow) -> None:
    source = QtForegroundSource(recheck_ms=60_000)
    try:
        assert not source.is_visible()
        with qtbot.waitSignal(source.visibility_changed, timeout=2000) as shown:
            window.show()
        assert shown.args == [True]
        with qtbot.waitSignal(source.visibility_changed, timeout=2000) as minimised:
            window.showMinimized()
        assert minimised.args == [False]
        assert not source.is_foreground()
        window.showNormal()
        qtbot.waitUntil(source.is_visible, timeout=2000)
        with qtbot.waitSignal(source.visibility_changed, timeout=2000) as hidden:
            window.hide()
        assert hidden.args == [False]
        assert not source.is_foreground()
    finally:
        source.close()
        source.close()


def test_popups_do_not_count_as_visible(qtbot: Any, qapp: QGuiApplication) -> None:
    popup = QWindow()
    popup.setFlags(Qt.WindowType.Popup)
    source = QtForegroundSource(recheck_ms=60_000)
    try:
        popup.show()
        qtbot.wait(50)
        assert not source.is_visible()
    finally:
        source.close()
        popup.destroy()


class Probe:
    """tests/platform/focus_probe.py running on the X display, its JSON lines in a queue."""

    def __init__(self, display: str, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.platform.focus_probe", *args],
            cwd=ROOT,
            env=x_env(display),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self.stderr: list[str] = []
        self.state: dict[str, Any] = {}
        assert self.proc.stdout is not None
        assert self.proc.stderr is not None
        threading.Thread(target=self._read_stdout, args=(self.proc.stdout,), daemon=True).start()
        threading.Thread(target=self.stderr.extend, args=(self.proc.stderr,), daemon=True).start()

    def _read_stdout(self, stream: Any) -> None:
        for line in stream:
            self.events.put(json.loads(line))

    def _next(self, deadline: float) -> dict[str, Any]:
        try:
            event = self.events.get(timeout=max(deadline - time.monotonic(), 0))
        except queue.Empty:
            pytest.fail(f"probe said nothing more; seen {self.seen}, stderr {''.join(self.stderr)}")
        self.seen.append(event)
        if "foreground" in event:
            self.state = {"foreground": event["foreground"], "visible": event["visible"]}
        return event

    def ready(self) -> int:
        deadline = time.monotonic() + EVENT_TIMEOUT
        while (event := self._next(deadline))["event"] != "ready":
            pass
        return int(event["wid"])

    def wait_for(self, *, foreground: bool, visible: bool) -> None:
        """Wait until the printed changes reach this state (only signals print)."""
        expected = {"foreground": foreground, "visible": visible}
        deadline = time.monotonic() + EVENT_TIMEOUT
        while self.state != expected:
            self._next(deadline)

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


@pytest.mark.x11
@pytest.mark.timeout(60)
def test_focus_minimise_rival_window_and_hide_on_xvfb(xvfb_display: str) -> None:
    probe = Probe(xvfb_display)
    rival: Probe | None = None
    try:
        wid = probe.ready()
        # openbox focuses windows as they map.
        probe.wait_for(foreground=True, visible=True)

        xdotool(xvfb_display, "windowminimize", str(wid))
        probe.wait_for(foreground=False, visible=False)

        xdotool(xvfb_display, "windowactivate", str(wid))
        probe.wait_for(foreground=True, visible=True)

        # Another client's window takes the focus: still visible, no longer foreground.
        rival = Probe(xvfb_display, "--plain")
        rival.ready()
        probe.wait_for(foreground=False, visible=True)

        xdotool(xvfb_display, "windowactivate", str(wid))
        probe.wait_for(foreground=True, visible=True)

        # Hidden to the tray: what Wayland reports only through the window, not the app state.
        probe.send("hide")
        probe.wait_for(foreground=False, visible=False)
        probe.send("show")
        probe.wait_for(foreground=True, visible=True)

        probe.send("quit")
        assert probe.proc.wait(timeout=10) == 0
        assert not [line for line in probe.stderr if "qt." in line or "Warning" in line]
    finally:
        probe.stop()
        if rival is not None:
            rival.stop()
