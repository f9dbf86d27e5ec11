"""Which foreground, idle, lock and sleep sources to use on this OS: ordered fallback chains."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from client.platform.app_idle import AppInputIdleSource
from client.platform.base import IdleSource, LockSource, SleepSource, choose_first
from client.platform.foreground import DEFAULT_RECHECK_MS, QtForegroundSource
from client.platform.macos_session import make_mac_lock_source, make_mac_sleep_source
from client.platform.native_idle import (
    DEFAULT_WATCH_AFTER,
    make_mac_idle_source,
    make_windows_idle_source,
)
from client.platform.wayland_idle import make_wayland_idle_source
from client.platform.windows_session import make_windows_lock_source, make_windows_sleep_source
from client.platform.x11_idle import make_x11_idle_source

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

log = logging.getLogger(__name__)

IdleCandidates = list[tuple[str, Callable[[], IdleSource | None]]]
LockCandidates = list[tuple[str, Callable[[], LockSource | None]]]
SleepCandidates = list[tuple[str, Callable[[], SleepSource | None]]]


def _dbus_idle_candidates(session: QDBusConnection | None) -> IdleCandidates:
    # Imported here: QtDBus is only worth loading where a session bus can exist, and a broken
    # QtDBus install must not take the other backends down with it.
    try:
        from client.platform.dbus_chains import dbus_idle_candidates  # noqa: PLC0415
    except ImportError as exc:
        log.info("D-Bus idle sources unavailable: %s", exc)
        return []
    return dbus_idle_candidates(session)


def idle_candidates(
    *,
    system: str = sys.platform,
    session: QDBusConnection | None = None,
    environ: Mapping[str, str] | None = None,
    platform_name: str | None = None,
    watch_after: float = DEFAULT_WATCH_AFTER,
) -> IdleCandidates:
    """Idle backends for ``system``, best first, always ending with the app's own input.

    ``session`` None means the real session bus; ``environ`` None means ``os.environ``.
    """
    if system == "win32":
        native: IdleCandidates = [
            ("GetLastInputInfo", partial(make_windows_idle_source, watch_after=watch_after))
        ]
    elif system == "darwin":
        native = [("CoreGraphics", partial(make_mac_idle_source, watch_after=watch_after))]
    else:
        x11 = partial(
            make_x11_idle_source,
            environ=environ,
            platform_name=platform_name,
            watch_after=watch_after,
        )
        native = [
            *_dbus_idle_candidates(session),
            ("X11", x11),
            (
                "Wayland",
                partial(make_wayland_idle_source, environ=environ, watch_after=watch_after),
            ),
        ]
    return [*native, ("app-input", partial(AppInputIdleSource, watch_after=watch_after))]


def make_idle_source(
    *,
    system: str = sys.platform,
    session: QDBusConnection | None = None,
    environ: Mapping[str, str] | None = None,
    platform_name: str | None = None,
    watch_after: float = DEFAULT_WATCH_AFTER,
) -> IdleSource:
    """The first idle backend that answers here; the decisions are logged once.

    Linux and other Unixes: Mutter, org.freedesktop.ScreenSaver, X11 (never under Wayland),
    the Wayland idle notifier, then the app's own input. Windows: GetLastInputInfo, then app
    input. macOS: CoreGraphics, then app input. Needs a running QGuiApplication.
    """
    candidates = idle_candidates(
        system=system,
        session=session,
        environ=environ,
        platform_name=platform_name,
        watch_after=watch_after,
    )
    source = choose_first("idle", candidates)
    if source is None:  # only when even the app-input source failed: no Qt application
        raise RuntimeError("no idle source: is a QGuiApplication running?")
    return source


def make_foreground_source(
    app: QGuiApplication | None = None, *, recheck_ms: int = DEFAULT_RECHECK_MS
) -> QtForegroundSource:
    """Foreground and visibility from Qt's own state, the same on every platform."""
    log.info("foreground source: using Qt application state and window visibility")
    return QtForegroundSource(app, recheck_ms=recheck_ms)


def native_lock_candidates(system: str = sys.platform) -> LockCandidates:
    """The Windows or macOS lock backend; empty elsewhere (D-Bus desktops combine theirs)."""
    if system == "win32":
        return [("WTS session notifications", make_windows_lock_source)]
    if system == "darwin":
        return [("com.apple.screenIsLocked", make_mac_lock_source)]
    return []


def native_sleep_candidates(system: str = sys.platform) -> SleepCandidates:
    """The Windows or macOS sleep backend; empty elsewhere (logind answers there)."""
    if system == "win32":
        return [("WM_POWERBROADCAST", partial(make_windows_sleep_source, system=system))]
    if system == "darwin":
        return [("IORegisterForSystemPower", make_mac_sleep_source)]
    return []


def _dbus_lock_sleep_chains() -> ModuleType | None:
    """client.platform.dbus_chains when QtDBus loads and some bus answers, else None (logged)."""
    # Imported here: QtDBus is only worth loading where a bus can exist, and a broken QtDBus
    # install must not take the other sources down with it.
    try:
        from client.platform import dbus_chains  # noqa: PLC0415
        from client.platform.dbus_util import session_bus, system_bus  # noqa: PLC0415
    except ImportError as exc:
        log.info("no D-Bus lock/sleep sources: %s", exc)
        return None
    if session_bus() is None and system_bus() is None:
        log.info("lock and sleep sources: no D-Bus session or system bus")
        return None
    return dbus_chains


def make_lock_source(*, system: str = sys.platform) -> LockSource | None:
    """The screen lock source here, or None; the decisions are logged once.

    Windows: WTS session notifications. macOS: the screenIsLocked distributed notifications.
    Elsewhere every D-Bus backend that answers (logind, screen savers), combined.
    """
    native = native_lock_candidates(system)
    if native:
        return choose_first("lock", native)
    dbus = _dbus_lock_sleep_chains()
    return None if dbus is None else dbus.make_lock_source()


def make_sleep_source(*, system: str = sys.platform) -> SleepSource | None:
    """The system sleep source here, or None; the decision is logged once.

    Windows: WM_POWERBROADCAST. macOS: IOKit system power. Elsewhere: logind's PrepareForSleep.
    """
    native = native_sleep_candidates(system)
    if native:
        return choose_first("sleep", native)
    dbus = _dbus_lock_sleep_chains()
    return None if dbus is None else dbus.make_sleep_source()
