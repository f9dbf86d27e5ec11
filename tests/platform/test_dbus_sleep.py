"""Suspend from a fake logind's PrepareForSleep, and the delay inhibitor held meanwhile."""

from __future__ import annotations

import re

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from client.platform.dbus_sleep import INHIBIT_WHO, LogindSleepSource, logind_sleep_source
from tests.fixtures.dbus import FakeDesktop, FakeService, PrivateBuses, forge_signal

pytestmark = pytest.mark.dbus


def inhibitors(login1: FakeService) -> list[str]:
    """The fake logind's live inhibitors (their descriptor not yet closed), as "what:who:mode"."""
    out = login1.control("Inhibitors")
    strings = re.findall(r'string "([^"]*)"', out)
    return [
        f"{what}:{who}:{mode}" for what, who, _why, mode in zip(*(iter(strings),) * 4, strict=True)
    ]


HELD = [f"sleep:{INHIBIT_WHO}:delay"]


def sleep_source(system_conn: QDBusConnection, *, inhibit_delay: bool = True) -> LogindSleepSource:
    source = logind_sleep_source(system_conn, inhibit_delay=inhibit_delay)
    assert source is not None
    return source


def test_prepare_for_sleep_and_the_delay_lock(
    qtbot: QtBot, system_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    login1 = fake_desktop.start("login1")
    source = sleep_source(system_conn)
    qtbot.waitUntil(source.holds_delay_lock)
    assert inhibitors(login1) == HELD

    with qtbot.waitSignal(source.sleep_changed) as blocker:
        login1.control("PrepareForSleep", "boolean:true")
    assert blocker.args == [True]
    assert source.holds_delay_lock()  # until the app has said goodbye
    source.allow_sleep()
    assert not source.holds_delay_lock()
    qtbot.waitUntil(lambda: inhibitors(login1) == [])

    with qtbot.waitSignal(source.sleep_changed) as blocker:
        login1.control("PrepareForSleep", "boolean:false")
    assert blocker.args == [False]
    # Taken again for the next sleep.
    qtbot.waitUntil(source.holds_delay_lock)
    assert inhibitors(login1) == HELD

    source.close()
    source.close()
    qtbot.waitUntil(lambda: inhibitors(login1) == [])


def test_delay_lock_lets_go_by_itself(
    qtbot: QtBot, system_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    login1 = fake_desktop.start("login1")
    source = LogindSleepSource(system_conn, release_after_ms=100)
    qtbot.waitUntil(source.holds_delay_lock)
    with qtbot.waitSignal(source.sleep_changed):
        login1.control("PrepareForSleep", "boolean:true")
    qtbot.waitUntil(lambda: not source.holds_delay_lock(), timeout=2000)
    qtbot.waitUntil(lambda: inhibitors(login1) == [])
    source.close()


def test_without_a_delay_lock(
    qtbot: QtBot, system_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    login1 = fake_desktop.start("login1")
    source = sleep_source(system_conn, inhibit_delay=False)
    with qtbot.waitSignal(source.sleep_changed) as blocker:
        login1.control("PrepareForSleep", "boolean:true")
    assert blocker.args == [True]
    assert inhibitors(login1) == []
    assert not source.holds_delay_lock()
    source.close()


def test_forged_prepare_for_sleep_is_ignored(
    qtbot: QtBot,
    private_buses: PrivateBuses,
    system_conn: QDBusConnection,
    fake_desktop: FakeDesktop,
) -> None:
    login1 = fake_desktop.start("login1")
    source = sleep_source(system_conn, inhibit_delay=False)
    events: list[bool] = []
    source.sleep_changed.connect(events.append)
    forge_signal(
        private_buses.system,
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        signature="b",
        body=(True,),
    )
    login1.control("PrepareForSleep", "boolean:false")  # no change: we were awake
    login1.control("PrepareForSleep", "boolean:true")
    qtbot.waitUntil(lambda: bool(events))
    assert events == [True]
    source.close()


def test_factory_needs_logind(system_conn: QDBusConnection) -> None:
    assert logind_sleep_source(system_conn) is None
