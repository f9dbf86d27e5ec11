"""Choosing and combining the D-Bus sources, in-process and in a child on the default buses."""

from __future__ import annotations

import json
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from client.platform.dbus_chains import make_dbus_idle_source, make_lock_source, make_sleep_source
from client.platform.dbus_idle import MutterIdleSource, ScreenSaverIdleSource
from client.platform.dbus_lock import (
    FREEDESKTOP_SCREENSAVER,
    CompositeLockSource,
    LogindLockSource,
    ScreenSaverLockSource,
    screensaver_lock_source,
)
from client.platform.dbus_sleep import LogindSleepSource
from tests.fixtures.dbus import FakeDesktop, PrivateBuses, spawn_with_buses

pytestmark = pytest.mark.dbus

REPO = Path(__file__).resolve().parents[2]
SESSION_PATH = "/org/freedesktop/login1/session/_32"


def test_lock_chain_combines_what_answers(
    qtbot: QtBot,
    session_conn: QDBusConnection,
    system_conn: QDBusConnection,
    fake_desktop: FakeDesktop,
) -> None:
    assert make_lock_source(session_conn, system_conn) is None

    fake_desktop.start("login1")
    only = make_lock_source(session_conn, system_conn)
    assert isinstance(only, LogindLockSource)
    only.close()

    saver = fake_desktop.start("screensaver", "--name", "org.gnome.ScreenSaver")
    both = make_lock_source(session_conn, system_conn)
    assert isinstance(both, CompositeLockSource)
    assert [type(s) for s in both.sources] == [LogindLockSource, ScreenSaverLockSource]
    qtbot.waitUntil(lambda: both.is_locked() is False)
    with qtbot.waitSignal(both.lock_changed) as blocker:
        saver.control("SetActive", "boolean:true")
    assert blocker.args == [True]
    both.close()


def test_sleep_chain(system_conn: QDBusConnection, fake_desktop: FakeDesktop) -> None:
    assert make_sleep_source(system_conn) is None
    fake_desktop.start("login1")
    source = make_sleep_source(system_conn, inhibit_delay=False)
    assert isinstance(source, LogindSleepSource)
    source.close()


def test_idle_chain_prefers_mutter(
    session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    assert make_dbus_idle_source(session_conn) is None
    fake_desktop.start("screensaver", "--idle-ms", "4000")
    saver = make_dbus_idle_source(session_conn)
    assert isinstance(saver, ScreenSaverIdleSource)
    saver.close()
    fake_desktop.start("mutter", "--idle-ms", "7000")
    mutter = make_dbus_idle_source(session_conn)
    assert isinstance(mutter, MutterIdleSource)
    assert mutter.idle_seconds() == 7.0
    mutter.close()


def test_a_change_right_after_start_is_not_undone_by_the_start_query(
    qtbot: QtBot, session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    # QtDBus may deliver ActiveChanged before the earlier GetActive reply; the reply must lose.
    saver = fake_desktop.start("screensaver")
    active = False
    for _ in range(8):
        source = screensaver_lock_source(FREEDESKTOP_SCREENSAVER, session_conn)
        assert source is not None
        active = not active
        saver.control("SetActive", f"boolean:{str(active).lower()}")
        qtbot.waitUntil(lambda: source.is_locked() is active)  # noqa: B023 - used at once
        qtbot.wait(20)
        assert source.is_locked() is active
        source.close()


class Probe:
    """The dbus_probe.py child: JSON lines out, commands in; ended by pid."""

    def __init__(self, buses: PrivateBuses) -> None:
        self.proc = spawn_with_buses(
            buses, [sys.executable, "-m", "tests.platform.dbus_probe"], cwd=REPO
        )

    def read(self, timeout: float = 10.0) -> dict[str, Any]:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, "probe said nothing"
        line = self.proc.stdout.readline()
        assert line, f"probe exited ({self.proc.poll()})"
        event: dict[str, Any] = json.loads(line)
        return event

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


def test_default_buses_in_a_child(private_buses: PrivateBuses, fake_desktop: FakeDesktop) -> None:
    saver = fake_desktop.start("screensaver", "--active", "--idle-ms", "3000")
    login1 = fake_desktop.start("login1")
    fake_desktop.start("mutter", "--idle-ms", "65000")
    probe = Probe(private_buses)
    try:
        # The screen saver is active already: its start-up answer is the first change.
        assert probe.read() == {"event": "lock", "value": True}
        assert probe.read() == {
            "event": "ready",
            "lock": "logind + screensaver (org.freedesktop.ScreenSaver)",
            "locked": True,
            "sleep": "logind",
            "delay_lock": True,
            "idle": "mutter",
            "idle_seconds": 65.0,
        }

        saver.control("SetActive", "boolean:false")
        assert probe.read() == {"event": "lock", "value": False}
        login1.control("Lock", path=SESSION_PATH)
        assert probe.read() == {"event": "lock", "value": True}

        login1.control("PrepareForSleep", "boolean:true")
        assert probe.read() == {"event": "sleep", "value": True}
        probe.send("allow_sleep")
        assert probe.read() == {"event": "allowed", "delay_lock": False}
        login1.control("PrepareForSleep", "boolean:false")
        assert probe.read() == {"event": "sleep", "value": False}

        probe.send("quit")
        assert probe.proc.wait(timeout=10) == 0
    finally:
        probe.stop()


def test_no_buses_in_a_child(private_buses: PrivateBuses, tmp_path: Path) -> None:
    # Addresses that lead nowhere, as on a desktop without D-Bus: every factory says None.
    nowhere = PrivateBuses(
        session=f"unix:path={tmp_path}/none-session",
        system=f"unix:path={tmp_path}/none-system",
        rundir=tmp_path,
    )
    probe = Probe(nowhere)
    try:
        ready = probe.read()
        assert ready["lock"] is None
        assert ready["sleep"] is None
        assert ready["idle"] is None
        probe.send("quit")
        assert probe.proc.wait(timeout=10) == 0
    finally:
        probe.stop()
