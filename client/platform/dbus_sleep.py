"""System suspend from logind's PrepareForSleep, with a delay inhibitor to say goodbye first."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusUnixFileDescriptor

from client.platform.base import SleepSource
from client.platform.dbus_util import (
    LOGIN1_MANAGER,
    LOGIN1_PATH,
    LOGIN1_SERVICE,
    SignalHooks,
    call_async,
    describe_error,
    is_error,
    method_call,
    name_has_owner,
    system_bus,
    watch_owner,
)

log = logging.getLogger(__name__)

# How long the delay lock is kept after announcing sleep when nobody calls allow_sleep(); logind
# itself waits at most InhibitDelayMaxSec (5 s by default).
DEFAULT_RELEASE_MS = 1500

INHIBIT_WHO = "Attend"
INHIBIT_WHY = "Tell contacts you are away before the system sleeps"


class LogindSleepSource(SleepSource):
    """``sleep_changed(True)`` on ``PrepareForSleep(true)``, ``(False)`` on waking.

    With ``inhibit_delay`` it holds a logind "delay" inhibitor, so that the system waits (up to
    InhibitDelayMaxSec) after announcing sleep until we let go: the app sends its away presence,
    then calls :meth:`allow_sleep`; a timer lets go anyway after ``release_after_ms``. The lock is
    taken again on waking.
    """

    name = "logind"

    def __init__(
        self,
        connection: QDBusConnection,
        *,
        inhibit_delay: bool = True,
        release_after_ms: int = DEFAULT_RELEASE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._closed = False
        self._sleeping = False
        self._inhibitor: QDBusUnixFileDescriptor | None = None
        self._inhibit_pending = False
        fd_passing = bool(
            connection.connectionCapabilities()
            & QDBusConnection.ConnectionCapability.UnixFileDescriptorPassing
        )
        if inhibit_delay and not fd_passing:
            log.info("logind: bus cannot pass file descriptors; sleeping without a delay lock")
        self._want_inhibitor = inhibit_delay and fd_passing
        self._release_timer = QTimer(self)
        self._release_timer.setSingleShot(True)
        self._release_timer.setInterval(release_after_ms)
        self._release_timer.timeout.connect(self.allow_sleep)
        self._hooks = SignalHooks(connection, self)
        self._hooks.add(
            LOGIN1_SERVICE, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep", "_prepare(bool)"
        )
        self._owner_watcher = watch_owner(connection, LOGIN1_SERVICE, self._owner_changed, self)
        if self._want_inhibitor:
            self._take_inhibitor()

    def holds_delay_lock(self) -> bool:
        return self._inhibitor is not None

    def allow_sleep(self) -> None:
        """Let the system go to sleep now (drops the delay lock); safe when none is held."""
        self._release_timer.stop()
        if self._inhibitor is not None:
            log.info("logind: releasing the sleep delay lock")
        # Our copy is the only one left once the reply is gone, so this closes the descriptor.
        self._inhibitor = None

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._hooks.clear()
        self._owner_watcher.setWatchedServices([])
        self.allow_sleep()

    @Slot(bool)
    def _prepare(self, sleeping: bool) -> None:
        sleeping = bool(sleeping)
        if self._closed or sleeping == self._sleeping:
            return
        self._sleeping = sleeping
        log.info("logind: %s", "going to sleep" if sleeping else "woke up")
        if sleeping:
            if self._inhibitor is not None:
                self._release_timer.start()
            self.sleep_changed.emit(True)
        else:
            self.allow_sleep()
            if self._want_inhibitor:
                self._take_inhibitor()
            self.sleep_changed.emit(False)

    def _owner_changed(self, _old: str, new: str) -> None:
        # A new logind knows nothing of the old one's inhibitors.
        self._inhibitor = None
        if new and self._want_inhibitor and not self._sleeping:
            self._take_inhibitor()

    def _take_inhibitor(self) -> None:
        if self._closed or self._inhibit_pending or self._inhibitor is not None:
            return
        self._inhibit_pending = True
        msg = method_call(
            LOGIN1_SERVICE,
            LOGIN1_PATH,
            LOGIN1_MANAGER,
            "Inhibit",
            ["sleep", INHIBIT_WHO, INHIBIT_WHY, "delay"],
        )
        call_async(self._connection, msg, self._inhibited, self)

    def _inhibited(self, reply: QDBusMessage) -> None:
        self._inhibit_pending = False
        if is_error(reply):
            log.info("logind: no sleep delay lock: %s", describe_error(reply))
            return
        args = reply.arguments()
        fd = args[0] if args else None
        if not isinstance(fd, QDBusUnixFileDescriptor) or not fd.isValid():
            log.info("logind: Inhibit answered without a file descriptor")
            return
        if self._closed or self._sleeping:
            # Too late for this sleep; dropping it here closes it. Taken again on waking.
            return
        self._inhibitor = fd
        log.info("logind: holding a sleep delay lock")


def logind_sleep_source(
    connection: QDBusConnection | None = None, *, inhibit_delay: bool = True
) -> LogindSleepSource | None:
    """logind's sleep announcements, or None without a system bus or logind."""
    bus = system_bus() if connection is None else connection
    if bus is None or not name_has_owner(bus, LOGIN1_SERVICE):
        return None
    return LogindSleepSource(bus, inhibit_delay=inhibit_delay)
