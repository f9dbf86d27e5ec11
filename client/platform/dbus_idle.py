"""System idle time from GNOME's Mutter IdleMonitor and from org.freedesktop.ScreenSaver."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage

from client.platform.base import IdleSource
from client.platform.dbus_util import (
    PROBE_TIMEOUT_MS,
    SignalHooks,
    call_async,
    call_blocking,
    describe_error,
    first_arg,
    is_error,
    is_timeout,
    method_call,
    session_bus,
    watch_owner,
)

log = logging.getLogger(__name__)

MUTTER_SERVICE = "org.gnome.Mutter.IdleMonitor"
MUTTER_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
MUTTER_INTERFACE = "org.gnome.Mutter.IdleMonitor"
SCREENSAVER_SERVICE = "org.freedesktop.ScreenSaver"
SCREENSAVER_INTERFACE = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")

# Idle this long, then input, is "activity resumed"; shorter pauses are just typing rhythm.
DEFAULT_RESUMED_AFTER_S = 30.0
_MISSING_OBJECT = (
    "org.freedesktop.DBus.Error.UnknownObject",
    "org.freedesktop.DBus.Error.UnknownMethod",
)
# After a call times out, don't ask again for this long: each try would freeze the UI.
TIMEOUT_BACKOFF_S = 30.0


class _PolledIdleSource(IdleSource):
    """Asks a desktop service at every poll, with a short blocking call (QDBus.Block, no loop)."""

    def __init__(
        self,
        connection: QDBusConnection,
        service: str,
        path: str,
        interface: str,
        member: str,
        *,
        resumed_after: float = DEFAULT_RESUMED_AFTER_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._call = (service, path, interface, member)
        self._resumed_after = resumed_after
        self._closed = False
        self._quiet_until = 0.0
        self._last: float | None = None
        self._was_idle = False

    def idle_seconds(self) -> float | None:
        if self._closed:
            return None
        now = time.monotonic()
        if now < self._quiet_until:
            return None
        reply = call_blocking(self._connection, method_call(*self._call))
        if is_error(reply):
            if is_timeout(reply):
                self._quiet_until = now + TIMEOUT_BACKOFF_S
                log.warning("%s: no answer in %d ms; pausing", self.name, PROBE_TIMEOUT_MS)
            else:
                log.debug("%s: %s", self.name, describe_error(reply))
            return None
        value = first_arg(reply)
        if isinstance(value, bool) or not isinstance(value, int):
            log.debug("%s: unexpected reply %r", self.name, value)
            return None
        seconds = max(value, 0) / 1000.0
        self._observe(seconds)
        return seconds

    def close(self) -> None:
        self._closed = True

    def _observe(self, seconds: float) -> None:
        previous, self._last = self._last, seconds
        if seconds >= self._resumed_after:
            if not self._was_idle:
                self._was_idle = True
                self._became_idle()
        elif self._was_idle and previous is not None and seconds < previous:
            self._resumed()

    def _became_idle(self) -> None:
        """Hook for sources that can also be told of the return."""

    def _resumed(self) -> None:
        if self._was_idle and not self._closed:
            self._was_idle = False
            self.activity_resumed.emit()


class MutterIdleSource(_PolledIdleSource):
    """GNOME: ``GetIdletime`` (ms) at each poll; a one-shot user-active watch once idle.

    The watch reports the return at once instead of at the next poll. Mutter drops a watch when it
    fires or when our connection goes away; RemoveWatch takes a ``u`` that PySide6 cannot send
    (Python ints go out signed), so close() leaves a pending watch to that.
    """

    name = "mutter"

    def __init__(
        self,
        connection: QDBusConnection,
        *,
        resumed_after: float = DEFAULT_RESUMED_AFTER_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            connection,
            MUTTER_SERVICE,
            MUTTER_PATH,
            MUTTER_INTERFACE,
            "GetIdletime",
            resumed_after=resumed_after,
            parent=parent,
        )
        self._watch_id: int | None = None
        self._watch_pending = False
        self._fired_early: set[int] = set()
        self._hooks = SignalHooks(connection, self)
        # WatchFired is unicast to the watch's owner, and carries the id AddUserActiveWatch gave.
        self._hooks.add(
            MUTTER_SERVICE, MUTTER_PATH, MUTTER_INTERFACE, "WatchFired", "_watch_fired(uint)"
        )
        self._owner_watcher = watch_owner(connection, MUTTER_SERVICE, self._owner_changed, self)

    def close(self) -> None:
        if self._closed:
            return
        super().close()
        self._hooks.clear()
        self._owner_watcher.setWatchedServices([])

    def _became_idle(self) -> None:
        if self._watch_id is not None or self._watch_pending:
            return
        self._watch_pending = True
        msg = method_call(MUTTER_SERVICE, MUTTER_PATH, MUTTER_INTERFACE, "AddUserActiveWatch")
        call_async(self._connection, msg, self._watch_added, self)

    def _watch_added(self, reply: QDBusMessage) -> None:
        self._watch_pending = False
        watch_id = first_arg(reply)
        if not isinstance(watch_id, int) or isinstance(watch_id, bool):
            log.debug("mutter: no user-active watch: %s", describe_error(reply))
        elif watch_id in self._fired_early:
            self._fired_early.clear()
            self._resumed()
        else:
            self._watch_id = watch_id

    @Slot("uint")
    def _watch_fired(self, watch_id: int) -> None:
        if watch_id == self._watch_id:
            self._watch_id = None
            self._resumed()
        elif self._watch_pending:
            # QtDBus may deliver a signal before an earlier reply: keep it for the reply.
            self._fired_early.add(watch_id)

    def _owner_changed(self, _old: str, _new: str) -> None:
        # A new Mutter knows none of our watches.
        self._watch_id = None
        self._fired_early.clear()


class ScreenSaverIdleSource(_PolledIdleSource):
    """org.freedesktop.ScreenSaver ``GetSessionIdleTime``: milliseconds, despite the name."""

    name = "screensaver"

    def __init__(
        self,
        connection: QDBusConnection,
        path: str = SCREENSAVER_PATHS[0],
        *,
        resumed_after: float = DEFAULT_RESUMED_AFTER_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            connection,
            SCREENSAVER_SERVICE,
            path,
            SCREENSAVER_INTERFACE,
            "GetSessionIdleTime",
            resumed_after=resumed_after,
            parent=parent,
        )


def _probe(
    connection: QDBusConnection, service: str, path: str, interface: str, member: str
) -> str:
    """Why the call does not answer a number (for the log); empty when it does."""
    reply = call_blocking(connection, method_call(service, path, interface, member))
    if is_error(reply):
        return describe_error(reply)
    value = first_arg(reply)
    if isinstance(value, bool) or not isinstance(value, int):
        return f"unexpected reply {value!r}"
    return ""


def mutter_idle_source(
    connection: QDBusConnection | None = None, *, resumed_after: float = DEFAULT_RESUMED_AFTER_S
) -> MutterIdleSource | None:
    """GNOME's idle monitor, or None when no session bus or Mutter does not answer."""
    bus = session_bus() if connection is None else connection
    if bus is None:
        return None
    why = _probe(bus, MUTTER_SERVICE, MUTTER_PATH, MUTTER_INTERFACE, "GetIdletime")
    if why:
        log.info("mutter idle monitor unavailable: %s", why)
        return None
    return MutterIdleSource(bus, resumed_after=resumed_after)


def screensaver_idle_source(
    connection: QDBusConnection | None = None, *, resumed_after: float = DEFAULT_RESUMED_AFTER_S
) -> ScreenSaverIdleSource | None:
    """The screen saver's session idle time, or None where it does not answer (KDE on Wayland
    says NotSupported)."""
    bus = session_bus() if connection is None else connection
    if bus is None:
        return None
    for path in SCREENSAVER_PATHS:
        why = _probe(bus, SCREENSAVER_SERVICE, path, SCREENSAVER_INTERFACE, "GetSessionIdleTime")
        if not why:
            return ScreenSaverIdleSource(bus, path, resumed_after=resumed_after)
        log.info("screensaver idle time at %s unavailable: %s", path, why)
        # Only a missing object is worth another path; NotSupported (KDE on Wayland) is final.
        if not why.startswith(_MISSING_OBJECT):
            break
    return None
