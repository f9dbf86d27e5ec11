"""Screen lock from fake screen savers and a fake logind on private buses, over real round trips."""

from __future__ import annotations

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from client.platform.dbus_lock import (
    FREEDESKTOP_SCREENSAVER,
    GNOME_SCREENSAVER,
    CompositeLockSource,
    LogindLockSource,
    ScreenSaverLockSource,
    logind_lock_source,
    screensaver_lock_source,
)
from tests.fixtures.dbus import FakeDesktop, PrivateBuses, dbus_send, forge_signal

pytestmark = pytest.mark.dbus

SESSION_PATH = "/org/freedesktop/login1/session/_32"


def record(source: ScreenSaverLockSource | LogindLockSource | CompositeLockSource) -> list[bool]:
    events: list[bool] = []
    source.lock_changed.connect(events.append)
    return events


@pytest.mark.parametrize(
    ("service", "path"),
    [
        (FREEDESKTOP_SCREENSAVER, "/org/freedesktop/ScreenSaver"),
        (GNOME_SCREENSAVER, "/org/gnome/ScreenSaver"),
        # Older implementations serve only the short path.
        (FREEDESKTOP_SCREENSAVER, "/ScreenSaver"),
    ],
)
def test_screensaver_follows_active_changed(
    qtbot: QtBot, session_conn: QDBusConnection, fake_desktop: FakeDesktop, service: str, path: str
) -> None:
    saver = fake_desktop.start("screensaver", "--name", service, "--path", path)
    source = screensaver_lock_source(service, session_conn)
    assert source is not None
    events = record(source)
    qtbot.waitUntil(lambda: source.is_locked() is False)  # GetActive answered

    saver.control("SetActive", "boolean:true")
    qtbot.waitUntil(lambda: events == [True])
    assert source.is_locked() is True
    saver.control("SetActive", "boolean:false")
    qtbot.waitUntil(lambda: events == [True, False])
    source.close()
    source.close()


def test_screensaver_already_active_at_start(
    qtbot: QtBot, session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    fake_desktop.start("screensaver", "--active")
    source = screensaver_lock_source(FREEDESKTOP_SCREENSAVER, session_conn)
    assert source is not None
    with qtbot.waitSignal(source.lock_changed) as blocker:
        pass
    assert blocker.args == [True]
    assert source.is_locked() is True
    source.close()


def test_screensaver_without_get_active_still_hears_changes(
    qtbot: QtBot, session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    saver = fake_desktop.start("screensaver", "--no-get-active")
    source = screensaver_lock_source(FREEDESKTOP_SCREENSAVER, session_conn)
    assert source is not None
    assert source.is_locked() is None
    with qtbot.waitSignal(source.lock_changed) as blocker:
        saver.control("SetActive", "boolean:true")
    assert blocker.args == [True]
    source.close()


def test_screensaver_ignores_signals_forged_by_another_connection(
    qtbot: QtBot,
    private_buses: PrivateBuses,
    session_conn: QDBusConnection,
    fake_desktop: FakeDesktop,
) -> None:
    saver = fake_desktop.start("screensaver")
    source = screensaver_lock_source(FREEDESKTOP_SCREENSAVER, session_conn)
    assert source is not None
    qtbot.waitUntil(lambda: source.is_locked() is False)
    events = record(source)
    # Same path, interface and member as the real one, but sent by dbus-send's own connection.
    for path in ("/org/freedesktop/ScreenSaver", "/ScreenSaver"):
        dbus_send(
            private_buses.session,
            path,
            "org.freedesktop.ScreenSaver.ActiveChanged",
            "boolean:true",
            signal=True,
        )
    # The owner's own signals come after the forged ones; once its True is in, all were seen.
    saver.control("SetActive", "boolean:false")
    saver.control("SetActive", "boolean:true")
    qtbot.waitUntil(lambda: bool(events))
    assert events == [True]
    source.close()


def test_screensaver_restart_is_followed(
    qtbot: QtBot, session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    saver = fake_desktop.start("screensaver", "--active")
    source = screensaver_lock_source(FREEDESKTOP_SCREENSAVER, session_conn)
    assert source is not None
    qtbot.waitUntil(lambda: source.is_locked() is True)
    events = record(source)

    # A screen saver that exits shows nothing any more.
    saver.stop()
    qtbot.waitUntil(lambda: events == [False])
    assert source.is_locked() is None

    # Its successor is asked at once, and its signals are heard.
    successor = fake_desktop.start("screensaver", "--active")
    qtbot.waitUntil(lambda: events == [False, True])
    successor.control("SetActive", "boolean:false")
    qtbot.waitUntil(lambda: events == [False, True, False])
    source.close()


def test_screensaver_factory_needs_an_owner(
    session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    assert screensaver_lock_source(FREEDESKTOP_SCREENSAVER, session_conn) is None
    fake_desktop.start("screensaver", "--name", GNOME_SCREENSAVER)
    assert screensaver_lock_source(FREEDESKTOP_SCREENSAVER, session_conn) is None
    gnome = screensaver_lock_source(GNOME_SCREENSAVER, session_conn)
    assert gnome is not None
    gnome.close()


def test_closed_screensaver_source_goes_quiet(
    qtbot: QtBot, session_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    saver = fake_desktop.start("screensaver")
    source = screensaver_lock_source(FREEDESKTOP_SCREENSAVER, session_conn)
    assert source is not None
    qtbot.waitUntil(lambda: source.is_locked() is False)
    events = record(source)
    source.close()
    saver.control("SetActive", "boolean:true")
    qtbot.wait(100)
    assert events == []


def test_logind_locked_hint_and_lock_signals(
    qtbot: QtBot, system_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    login1 = fake_desktop.start("login1")
    source = logind_lock_source(system_conn)
    assert source is not None
    assert source.session_path == SESSION_PATH
    events = record(source)
    qtbot.waitUntil(lambda: source.is_locked() is False)  # LockedHint read

    login1.control("SetLockedHint", "boolean:true", path=SESSION_PATH)
    qtbot.waitUntil(lambda: events == [True])
    login1.control("SetLockedHint", "boolean:false", path=SESSION_PATH)
    qtbot.waitUntil(lambda: events == [True, False])

    # loginctl lock-session / unlock-session.
    login1.control("Lock", path=SESSION_PATH)
    qtbot.waitUntil(lambda: events == [True, False, True])
    login1.control("Unlock", path=SESSION_PATH)
    qtbot.waitUntil(lambda: events == [True, False, True, False])
    source.close()
    source.close()


def test_logind_locked_at_start(
    qtbot: QtBot, system_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    fake_desktop.start("login1", "--locked")
    source = logind_lock_source(system_conn)
    assert source is not None
    qtbot.waitUntil(lambda: source.is_locked() is True)
    source.close()


def test_logind_invalidated_hint_is_read_again(
    qtbot: QtBot, system_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    login1 = fake_desktop.start("login1", "--invalidate")
    source = logind_lock_source(system_conn)
    assert source is not None
    qtbot.waitUntil(lambda: source.is_locked() is False)
    with qtbot.waitSignal(source.lock_changed) as blocker:
        login1.control("SetLockedHint", "boolean:true", path=SESSION_PATH)
    assert blocker.args == [True]
    source.close()


def test_logind_ignores_forged_properties_changed(
    qtbot: QtBot,
    private_buses: PrivateBuses,
    system_conn: QDBusConnection,
    fake_desktop: FakeDesktop,
) -> None:
    login1 = fake_desktop.start("login1")
    source = logind_lock_source(system_conn)
    assert source is not None
    qtbot.waitUntil(lambda: source.is_locked() is False)
    events = record(source)
    forge_signal(
        private_buses.system,
        SESSION_PATH,
        "org.freedesktop.DBus.Properties",
        "PropertiesChanged",
        signature="sa{sv}as",
        body=("org.freedesktop.login1.Session", {"LockedHint": ("b", True)}, []),
    )
    dbus_send(
        private_buses.system, SESSION_PATH, "org.freedesktop.login1.Session.Lock", signal=True
    )
    login1.control("SetLockedHint", "boolean:false", path=SESSION_PATH)
    login1.control("SetLockedHint", "boolean:true", path=SESSION_PATH)
    qtbot.waitUntil(lambda: bool(events))
    assert events == [True]
    source.close()


def test_logind_factory_outside_a_session(
    system_conn: QDBusConnection, fake_desktop: FakeDesktop
) -> None:
    assert logind_lock_source(system_conn) is None  # no logind at all
    fake_desktop.start("login1", "--no-session")
    assert logind_lock_source(system_conn) is None


def test_composite_is_locked_while_any_member_is(
    qtbot: QtBot,
    session_conn: QDBusConnection,
    system_conn: QDBusConnection,
    fake_desktop: FakeDesktop,
) -> None:
    saver = fake_desktop.start("screensaver")
    login1 = fake_desktop.start("login1")
    members = [
        screensaver_lock_source(FREEDESKTOP_SCREENSAVER, session_conn),
        logind_lock_source(system_conn),
    ]
    assert members[0] is not None
    assert members[1] is not None
    saver_source, logind_source = members[0], members[1]
    composite = CompositeLockSource([saver_source, logind_source])
    assert "screensaver" in composite.name
    assert "logind" in composite.name
    events = record(composite)
    qtbot.waitUntil(lambda: composite.is_locked() is False)

    saver.control("SetActive", "boolean:true")
    qtbot.waitUntil(lambda: events == [True])
    login1.control("SetLockedHint", "boolean:true", path=SESSION_PATH)
    qtbot.waitUntil(lambda: logind_source.is_locked() is True)
    saver.control("SetActive", "boolean:false")
    qtbot.waitUntil(lambda: saver_source.is_locked() is False)
    assert composite.is_locked() is True  # logind still says locked
    login1.control("SetLockedHint", "boolean:false", path=SESSION_PATH)
    qtbot.waitUntil(lambda: events == [True, False])

    composite.close()
    composite.close()
    saver.control("SetActive", "boolean:true")
    qtbot.wait(100)
    assert events == [True, False]
    assert saver_source.is_locked() is False  # members were closed too
