"""Wayland idle source over real libwayland, against tests/platform/wayland_idle_server.py."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from client.platform.chains import make_idle_source
from client.platform.wayland_idle import (
    WaylandIdleConnection,
    WaylandIdleSource,
    make_wayland_idle_source,
)

ROOT = Path(__file__).resolve().parents[2]


class IdleServer:
    """The test server process, its JSON lines in a queue."""

    def __init__(self, protocol: str) -> None:
        self.runtime_dir = tempfile.mkdtemp(prefix="attend-wl-")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.platform.wayland_idle_server", "--protocol", protocol],
            cwd=ROOT,
            env={**os.environ, "XDG_RUNTIME_DIR": self.runtime_dir},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        assert self.proc.stdout is not None
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True).start()
        self.socket = str(self.expect("ready")["socket"])

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.events.put(json.loads(line))

    def expect(self, event: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                got = self.events.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                pytest.fail(f"the Wayland test server never said {event!r}; said {self.seen}")
            self.seen.append(got)
            if got["event"] == event:
                return got

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
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)


@pytest.fixture
def idle_server(request: Any) -> Iterator[IdleServer]:
    server = IdleServer(request.param)
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("idle_server", "protocol", "registered"),
    [("ext", "ext_idle_notifier_v1", "ext"), ("kde", "org_kde_kwin_idle", "kde")],
    indirect=["idle_server"],
)
def test_idled_and_resumed(
    qtbot: Any, idle_server: IdleServer, protocol: str, registered: str
) -> None:
    source = make_wayland_idle_source(
        environ={"WAYLAND_DISPLAY": idle_server.socket}, watch_after=2.5
    )
    assert isinstance(source, WaylandIdleSource)
    try:
        assert source.name == f"Wayland {protocol}"
        assert idle_server.expect("notification") == {
            "event": "notification",
            "protocol": registered,
            "timeout_ms": 2500,
        }
        assert source.idle_seconds() == 0.0  # below the timeout: all it can say

        idle_server.send("idle")
        qtbot.waitUntil(lambda: (source.idle_seconds() or 0) >= 2.5, timeout=3000)
        first = source.idle_seconds()
        qtbot.wait(200)
        assert (source.idle_seconds() or 0) - (first or 0) == pytest.approx(0.2, abs=0.1)

        with qtbot.waitSignal(source.activity_resumed, timeout=3000):
            idle_server.send("resume")
        assert source.idle_seconds() == 0.0

        # A "resumed" without an "idled" first is not a return.
        with qtbot.assertNotEmitted(source.activity_resumed, wait=200):
            idle_server.send("resume")
    finally:
        source.close()
        source.close()
    assert source.idle_seconds() is None
    # Gone on the server. (Whether the destroy request itself is read first is a race:
    # libwayland-server drops a client on hangup before reading what it sent last.)
    idle_server.expect("released")


@pytest.mark.parametrize("idle_server", ["ext"], indirect=True)
def test_dispatch_without_data_does_not_block(idle_server: IdleServer) -> None:
    events: list[str] = []
    connection = WaylandIdleConnection(
        idle_server.socket, 1000, lambda: events.append("idled"), lambda: events.append("resumed")
    )
    try:
        started = time.monotonic()
        assert connection.dispatch()  # a spurious wake-up: nothing to read
        assert time.monotonic() - started < 0.5
        idle_server.send("idle")
        deadline = time.monotonic() + 5
        while not events and time.monotonic() < deadline:
            assert connection.dispatch()
            time.sleep(0.02)
        assert events == ["idled"]
    finally:
        connection.close()
        connection.close()
    assert not connection.dispatch()


@pytest.mark.parametrize("idle_server", ["ext"], indirect=True)
def test_lost_connection_means_unknown(qtbot: Any, caplog: Any, idle_server: IdleServer) -> None:
    source = make_wayland_idle_source(environ={"WAYLAND_DISPLAY": idle_server.socket})
    assert source is not None
    try:
        idle_server.send("quit")
        qtbot.waitUntil(lambda: source.idle_seconds() is None, timeout=5000)
        assert "connection was lost" in caplog.text
    finally:
        source.close()


@pytest.mark.parametrize("idle_server", ["none"], indirect=True)
def test_compositor_without_idle_protocol(caplog: Any, idle_server: IdleServer) -> None:
    caplog.set_level("INFO", logger="client.platform")
    assert make_wayland_idle_source(environ={"WAYLAND_DISPLAY": idle_server.socket}) is None
    assert "offers neither ext_idle_notifier_v1 nor org_kde_kwin_idle" in caplog.text


def test_not_a_wayland_session(qapp: Any, tmp_path: Path) -> None:
    assert make_wayland_idle_source(environ={}) is None
    assert make_wayland_idle_source(environ={"WAYLAND_DISPLAY": str(tmp_path / "none")}) is None


@pytest.mark.parametrize("idle_server", ["kde"], indirect=True)
def test_linux_chain_picks_wayland_and_never_x11(qapp: Any, idle_server: IdleServer) -> None:
    # DISPLAY is set too (XWayland), but X11 idle is never used under Wayland.
    environ = {"WAYLAND_DISPLAY": idle_server.socket, "DISPLAY": ":4093"}
    source = make_idle_source(system="linux", environ=environ)
    try:
        assert isinstance(source, WaylandIdleSource)
    finally:
        source.close()
