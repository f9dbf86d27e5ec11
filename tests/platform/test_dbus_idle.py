"""Idle time from a fake Mutter idle monitor and a fake screen saver on a private session bus."""

from __future__ import annotations

import time

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from client.platform.dbus_idle import (
    MutterIdleSource,
    ScreenSaverIdleSource,
    mutter_idle_source,
    screensaver_idle_source,
)
from tests.fixtures.dbus import FakeDesktop, FakeService

pytestmark = pytest.mark.dbus


def watch_count(mutter: FakeService) -> int:
    return int(mutter.control("WatchCount").split()[-1])


def test_mutter_idle_time(session_conn: QDBusConnection, fake_desktop: FakeDesktop) -> None:
    mutter = fake_desktop.start("mutter", "--idle-ms", "1500")
    source = mutter_idle_source(session_conn)
    assert isinstance(source, MutterIdleSource)
    assert source.idle_seconds() == 1.5
    mutter.control("SetIdletime", "uint64:90000")
    assert source.idle_seconds() == 90.0
    source.close()
    source.close()
    assert source.idle_seconds() is None


def test_mutter_reports_the_return_without_waiting_for_a_poll(
    qtbot: QtBot, session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    mutter = fake_desktop.start("mutter", "--idle-ms", "0")
    source = mutter_idle_source(session_conn, resumed_after=1.0)
    assert source is not None
    resumed: list[bool] = []
    source.activity_resumed.connect(lambda: resumed.append(True))

    mutter.control("SetIdletime", "uint64:5000")
    assert source.idle_seconds() == 5.0  # idle: a user-active watch is set up
    # Its id comes back before any WatchFired: one connection, one order.
    qtbot.waitUntil(lambda: watch_count(mutter) == 1)

    with qtbot.waitSignal(source.activity_resumed):
        mutter.control("SetIdletime", "uint64:20")  # input: Mutter fires the watch
    assert watch_count(mutter) == 0

    # The next poll sees the low value but does not announce the same return twice.
    assert source.idle_seconds() == 0.02
    assert resumed == [True]
    source.close()


def test_mutter_factory_without_mutter(session_conn: QDBusConnection) -> None:
    assert mutter_idle_source(session_conn) is None


def test_screensaver_idle_time_and_polled_return(
    qtbot: QtBot, session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    saver = fake_desktop.start("screensaver", "--idle-ms", "120000")
    source = screensaver_idle_source(session_conn, resumed_after=60.0)
    assert isinstance(source, ScreenSaverIdleSource)
    resumed: list[bool] = []
    source.activity_resumed.connect(lambda: resumed.append(True))
    assert source.idle_seconds() == 120.0
    saver.control("SetIdleTime", "uint32:300")
    with qtbot.waitSignal(source.activity_resumed):
        assert source.idle_seconds() == 0.3
    saver.control("SetIdleTime", "uint32:100")
    assert source.idle_seconds() == 0.1
    assert resumed == [True]  # a short pause is not idleness
    source.close()


def test_screensaver_idle_at_the_short_path(
    session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    fake_desktop.start("screensaver", "--path", "/ScreenSaver", "--idle-ms", "2000")
    source = screensaver_idle_source(session_conn)
    assert source is not None
    assert source.idle_seconds() == 2.0
    source.close()


def test_screensaver_idle_not_supported(
    session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    # KDE on Wayland owns the name but answers NotSupported.
    fake_desktop.start("screensaver", "--idle-not-supported")
    assert screensaver_idle_source(session_conn) is None


def test_a_hung_service_costs_one_short_timeout(
    session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    saver = fake_desktop.start("screensaver", "--idle-ms", "1000")
    source = screensaver_idle_source(session_conn)
    assert source is not None
    saver.stop()
    hung = fake_desktop.start("screensaver", "--idle-no-reply")
    started = time.monotonic()
    assert source.idle_seconds() is None
    first = time.monotonic() - started
    assert 0.2 <= first < 2.0
    started = time.monotonic()
    assert source.idle_seconds() is None  # backing off: not asked again
    assert time.monotonic() - started < 0.05
    hung.stop()
    source.close()
