"""Which D-Bus lock, sleep and idle sources to use on this desktop (Linux and other Unixes)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtDBus import QDBusConnection

from client.platform.base import IdleSource, LockSource, SleepSource, choose_first
from client.platform.dbus_idle import mutter_idle_source, screensaver_idle_source
from client.platform.dbus_lock import (
    FREEDESKTOP_SCREENSAVER,
    GNOME_SCREENSAVER,
    CompositeLockSource,
    logind_lock_source,
    screensaver_lock_source,
)
from client.platform.dbus_sleep import logind_sleep_source

log = logging.getLogger(__name__)


def dbus_lock_candidates(
    session: QDBusConnection | None = None, system: QDBusConnection | None = None
) -> list[tuple[str, Callable[[], LockSource | None]]]:
    """Every D-Bus lock backend; None connections mean the real session and system buses."""
    return [
        ("logind", partial(logind_lock_source, system)),
        (
            "org.freedesktop.ScreenSaver",
            partial(screensaver_lock_source, FREEDESKTOP_SCREENSAVER, session),
        ),
        ("org.gnome.ScreenSaver", partial(screensaver_lock_source, GNOME_SCREENSAVER, session)),
    ]


def dbus_sleep_candidates(
    system: QDBusConnection | None = None, *, inhibit_delay: bool = True
) -> list[tuple[str, Callable[[], SleepSource | None]]]:
    return [("logind", partial(logind_sleep_source, system, inhibit_delay=inhibit_delay))]


def dbus_idle_candidates(
    session: QDBusConnection | None = None,
) -> list[tuple[str, Callable[[], IdleSource | None]]]:
    """D-Bus idle backends, best first, for splicing into the full idle chain (before X11)."""
    return [
        ("mutter", partial(mutter_idle_source, session)),
        ("org.freedesktop.ScreenSaver", partial(screensaver_idle_source, session)),
    ]


def make_lock_source(
    session: QDBusConnection | None = None, system: QDBusConnection | None = None
) -> LockSource | None:
    """Every lock backend that answers, combined: locked when any of them says so.

    Desktops disagree on who reports a lock (GNOME and KDE set logind's LockedHint, lighter setups
    only run a screen saver), and a missed lock is worse than an extra one.
    """
    found: list[LockSource] = []
    for label, factory in dbus_lock_candidates(session, system):
        try:
            source = factory()
        except Exception as exc:  # noqa: BLE001 - any failure just means "not this backend"
            log.info("lock source %s unavailable: %s", label, exc)
            continue
        if source is None:
            log.info("lock source %s unavailable", label)
        else:
            found.append(source)
    if not found:
        log.warning("lock source: none available")
        return None
    if len(found) == 1:
        log.info("lock source: using %s", found[0].name)
        return found[0]
    combined = CompositeLockSource(found)
    log.info("lock source: using %s (locked when any says so)", combined.name)
    return combined


def make_sleep_source(
    system: QDBusConnection | None = None, *, inhibit_delay: bool = True
) -> SleepSource | None:
    return choose_first("sleep", dbus_sleep_candidates(system, inhibit_delay=inhibit_delay))


def make_dbus_idle_source(session: QDBusConnection | None = None) -> IdleSource | None:
    """The first D-Bus idle backend that answers; the full chain lives in chains.py."""
    return choose_first("idle", dbus_idle_candidates(session))
