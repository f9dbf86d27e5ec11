"""Screen lock from the desktop's screen saver (session bus) and from logind (system bus)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage

from client.platform.base import LockSource
from client.platform.dbus_util import (
    LOGIN1_MANAGER,
    LOGIN1_PATH,
    LOGIN1_SERVICE,
    LOGIN1_SESSION,
    PROPERTIES_INTERFACE,
    SignalHooks,
    call_async,
    call_blocking,
    describe_error,
    first_arg,
    is_error,
    method_call,
    name_has_owner,
    session_bus,
    system_bus,
    unwrap,
    watch_owner,
)

log = logging.getLogger(__name__)

FREEDESKTOP_SCREENSAVER = "org.freedesktop.ScreenSaver"
GNOME_SCREENSAVER = "org.gnome.ScreenSaver"

# Service -> (interface, object paths that may answer GetActive, best first). KDE serves both
# /ScreenSaver and /org/freedesktop/ScreenSaver; older implementations only the short one.
_SCREENSAVERS: dict[str, tuple[str, tuple[str, ...]]] = {
    FREEDESKTOP_SCREENSAVER: (
        "org.freedesktop.ScreenSaver",
        ("/org/freedesktop/ScreenSaver", "/ScreenSaver"),
    ),
    GNOME_SCREENSAVER: ("org.gnome.ScreenSaver", ("/org/gnome/ScreenSaver",)),
}

_NO_SUCH_OBJECT = {
    "org.freedesktop.DBus.Error.UnknownObject",
    "org.freedesktop.DBus.Error.UnknownMethod",
    "org.freedesktop.DBus.Error.UnknownInterface",
}


class _StateLockSource(LockSource):
    """Keeps the last known state; lock_changed fires when the effective state flips.

    Unknown (None) counts as unlocked for lock_changed, so learning "unlocked" at start is silent.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._locked: bool | None = None
        self._closed = False
        # Bumped by every state signal. QtDBus can deliver a signal before the reply to a query
        # sent earlier, so a reply that was overtaken by a signal is stale and dropped.
        self._signals_seen = 0

    def is_locked(self) -> bool | None:
        return self._locked

    def _signalled(self, locked: bool | None) -> None:
        self._signals_seen += 1
        self._update(locked)

    def _answered(self, asked_at: int, locked: bool | None) -> None:
        if asked_at == self._signals_seen:
            self._update(locked)

    def _update(self, locked: bool | None) -> None:
        if self._closed:
            return
        was = bool(self._locked)
        self._locked = locked
        if bool(locked) != was:
            log.info("%s: %s", self.name, "locked" if locked else "unlocked")
            self.lock_changed.emit(bool(locked))


class ScreenSaverLockSource(_StateLockSource):
    """``ActiveChanged(b)`` of org.freedesktop.ScreenSaver or org.gnome.ScreenSaver.

    An active screen saver counts as locked even where it does not lock: either way nobody is
    looking at the screen.
    """

    def __init__(
        self,
        connection: QDBusConnection,
        service: str = FREEDESKTOP_SCREENSAVER,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = f"screensaver ({service})"
        self._connection = connection
        self._service = service
        self._interface, self._paths = _SCREENSAVERS[service]
        self._hooks = SignalHooks(connection, self)
        # Empty path: the owner's signal counts from whichever object it registered.
        self._hooks.add(service, "", self._interface, "ActiveChanged", "_active_changed(bool)")
        self._owner_watcher = watch_owner(connection, service, self._owner_changed, self)
        self._query(0)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._hooks.clear()
        self._owner_watcher.setWatchedServices([])

    @Slot(bool)
    def _active_changed(self, active: bool) -> None:
        self._signalled(bool(active))

    def _owner_changed(self, _old: str, new: str) -> None:
        if new:
            self._query(0)
        else:
            # A screen saver that has exited shows nothing, locked or not.
            self._signalled(None)

    def _query(self, index: int) -> None:
        if self._closed or index >= len(self._paths):
            return
        msg = method_call(self._service, self._paths[index], self._interface, "GetActive")
        asked_at = self._signals_seen

        def answered(reply: QDBusMessage) -> None:
            if self._closed:
                return
            if is_error(reply):
                if reply.errorName() in _NO_SUCH_OBJECT:
                    self._query(index + 1)
                else:
                    log.debug("%s: GetActive failed: %s", self.name, describe_error(reply))
                return
            active = first_arg(reply)
            if isinstance(active, bool):
                self._answered(asked_at, active)

        call_async(self._connection, msg, answered, self)


class LogindLockSource(_StateLockSource):
    """logind's ``LockedHint`` of our session, plus the session's ``Lock``/``Unlock`` requests.

    Lock/Unlock are what ``loginctl lock-session`` sends to the session's locker; on setups whose
    locker never sets LockedHint (xss-lock with i3lock and the like) they are the only signal.
    """

    name = "logind"

    def __init__(
        self, connection: QDBusConnection, session_path: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self.session_path = session_path
        self._hooks = SignalHooks(connection, self)
        self._hooks.add(
            LOGIN1_SERVICE,
            session_path,
            PROPERTIES_INTERFACE,
            "PropertiesChanged",
            # Typed: a slot taking other types connects but never fires.
            "_properties_changed(QString,QVariantMap,QStringList)",
        )
        self._hooks.add(LOGIN1_SERVICE, session_path, LOGIN1_SESSION, "Lock", "_lock_sent()")
        self._hooks.add(LOGIN1_SERVICE, session_path, LOGIN1_SESSION, "Unlock", "_unlock_sent()")
        self._owner_watcher = watch_owner(connection, LOGIN1_SERVICE, self._owner_changed, self)
        self._query()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._hooks.clear()
        self._owner_watcher.setWatchedServices([])

    @Slot(str, "QVariantMap", "QStringList")
    def _properties_changed(
        self, interface: str, changed: dict[str, Any], invalidated: list[str]
    ) -> None:
        if interface != LOGIN1_SESSION:
            return
        if "LockedHint" in changed:
            hint = unwrap(changed["LockedHint"])
            if isinstance(hint, bool):
                self._signalled(hint)
            else:
                log.debug("logind: ignoring LockedHint %r", hint)
        elif "LockedHint" in invalidated:
            self._signals_seen += 1  # whatever an earlier read answers is older than this
            self._query()

    @Slot()
    def _lock_sent(self) -> None:
        self._signalled(True)

    @Slot()
    def _unlock_sent(self) -> None:
        self._signalled(False)

    def _owner_changed(self, _old: str, new: str) -> None:
        # A restarted logind keeps its sessions; re-read what we may have missed meanwhile.
        if new:
            self._query()

    def _query(self) -> None:
        msg = method_call(
            LOGIN1_SERVICE,
            self.session_path,
            PROPERTIES_INTERFACE,
            "Get",
            [LOGIN1_SESSION, "LockedHint"],
        )
        asked_at = self._signals_seen

        def answered(reply: QDBusMessage) -> None:
            if is_error(reply):
                # logind before v230 has no LockedHint; Lock/Unlock still work.
                log.debug("logind: LockedHint unreadable: %s", describe_error(reply))
                return
            hint = first_arg(reply)
            if isinstance(hint, bool):
                self._answered(asked_at, hint)

        call_async(self._connection, msg, answered, self)


class CompositeLockSource(LockSource):
    """Several lock sources as one: locked when any says locked, unlocked when one knows it."""

    def __init__(self, sources: Sequence[LockSource], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sources = list(sources)
        self.name = " + ".join(source.name for source in self.sources)
        self._closed = False
        self._reported = self.is_locked() is True
        for source in self.sources:
            source.lock_changed.connect(self._member_changed)

    def is_locked(self) -> bool | None:
        states = [source.is_locked() for source in self.sources]
        if True in states:
            return True
        if False in states:
            return False
        return None

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for source in self.sources:
            source.lock_changed.disconnect(self._member_changed)
            source.close()

    def _member_changed(self, _locked: bool) -> None:
        # Recomputed from every member: one saying "unlocked" must not hide another's lock.
        locked = self.is_locked() is True
        if locked != self._reported:
            self._reported = locked
            self.lock_changed.emit(locked)


def screensaver_lock_source(
    service: str = FREEDESKTOP_SCREENSAVER, connection: QDBusConnection | None = None
) -> ScreenSaverLockSource | None:
    """The screen saver's lock source, or None when no session bus or nobody owns ``service``."""
    bus = session_bus() if connection is None else connection
    if bus is None or not name_has_owner(bus, service):
        return None
    return ScreenSaverLockSource(bus, service)


def logind_lock_source(connection: QDBusConnection | None = None) -> LogindLockSource | None:
    """logind's view of our session's lock, or None without logind or outside any session."""
    bus = system_bus() if connection is None else connection
    if bus is None:
        return None
    reply = call_blocking(
        bus, method_call(LOGIN1_SERVICE, LOGIN1_PATH, LOGIN1_MANAGER, "GetSession", ["auto"])
    )
    if is_error(reply):
        log.info("logind: no session: %s", describe_error(reply))
        return None
    path = first_arg(reply)
    if not isinstance(path, str) or not path.startswith("/"):
        return None
    return LogindLockSource(bus, path)
