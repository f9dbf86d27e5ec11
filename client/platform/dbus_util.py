"""Small QtDBus helpers shared by the D-Bus lock, sleep and idle sources."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, cast

from PySide6.QtCore import SLOT, QObject
from PySide6.QtDBus import (
    QDBus,
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
    QDBusPendingCallWatcher,
    QDBusServiceWatcher,
    QDBusVariant,
)

log = logging.getLogger(__name__)

# Local services answer in well under a millisecond; a hung one must not freeze the UI for long.
PROBE_TIMEOUT_MS = 250
# Asynchronous calls block nothing, so they can wait longer for a busy desktop.
ASYNC_TIMEOUT_MS = 5000

DBUS_SERVICE = "org.freedesktop.DBus"
DBUS_PATH = "/org/freedesktop/DBus"
PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties"

LOGIN1_SERVICE = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
LOGIN1_MANAGER = "org.freedesktop.login1.Manager"
LOGIN1_SESSION = "org.freedesktop.login1.Session"


def session_bus() -> QDBusConnection | None:
    """The user's session bus, or None when there is none (headless, Windows, macOS)."""
    bus = QDBusConnection.sessionBus()
    return bus if bus.isConnected() else None


def system_bus() -> QDBusConnection | None:
    """The system bus (``DBUS_SYSTEM_BUS_ADDRESS`` is honoured), or None when unreachable."""
    bus = QDBusConnection.systemBus()
    return bus if bus.isConnected() else None


def method_call(
    service: str, path: str, interface: str, member: str, args: Sequence[Any] = ()
) -> QDBusMessage:
    """A method call that never auto-starts a service: we only talk to what the desktop runs."""
    msg = QDBusMessage.createMethodCall(service, path, interface, member)
    if args:
        msg.setArguments(list(args))
    msg.setAutoStartService(False)
    return msg


def call_blocking(
    connection: QDBusConnection, msg: QDBusMessage, timeout_ms: int = PROBE_TIMEOUT_MS
) -> QDBusMessage:
    """Call and wait without running an event loop (QDBus.Block), so nothing re-enters us."""
    return connection.call(msg, QDBus.CallMode.Block, timeout_ms)


def is_error(reply: QDBusMessage) -> bool:
    return reply.type() != QDBusMessage.MessageType.ReplyMessage


def describe_error(reply: QDBusMessage) -> str:
    return f"{reply.errorName()}: {reply.errorMessage()}"


def is_timeout(reply: QDBusMessage) -> bool:
    # QtDBus reports its own client-side timeout as NoReply, as libdbus does.
    return reply.errorName() in {
        "org.freedesktop.DBus.Error.NoReply",
        "org.freedesktop.DBus.Error.Timeout",
        "org.freedesktop.DBus.Error.TimedOut",
    }


def call_async(
    connection: QDBusConnection,
    msg: QDBusMessage,
    on_reply: Callable[[QDBusMessage], None],
    parent: QObject,
    timeout_ms: int = ASYNC_TIMEOUT_MS,
) -> None:
    """Call without waiting; ``on_reply`` gets the reply or error message on the Qt thread.

    The watcher is a child of ``parent``, so a reply arriving after the parent is gone goes nowhere.
    """
    watcher = QDBusPendingCallWatcher(connection.asyncCall(msg, timeout_ms), parent)

    def finished(done: QDBusPendingCallWatcher) -> None:
        try:
            on_reply(done.reply())
        finally:
            # Dropping the watcher drops the reply, and with it any file descriptor it carried.
            done.deleteLater()

    watcher.finished.connect(finished)


def name_has_owner(connection: QDBusConnection, name: str) -> bool:
    """Whether a service currently runs under ``name`` (a blocking call with a short timeout)."""
    reply = call_blocking(
        connection, method_call(DBUS_SERVICE, DBUS_PATH, DBUS_SERVICE, "NameHasOwner", [name])
    )
    if is_error(reply):
        log.debug("NameHasOwner(%s) failed: %s", name, describe_error(reply))
        return False
    args = reply.arguments()
    return bool(args) and args[0] is True


def unwrap(value: Any) -> Any:
    """Plain Python values out of QtDBus wrappers; a QDBusVariant is always truthy otherwise."""
    while isinstance(value, QDBusVariant):
        value = value.variant()
    if isinstance(value, QDBusObjectPath):
        return value.path()
    return value


def first_arg(reply: QDBusMessage) -> Any:
    """The unwrapped first argument of a successful reply, or None."""
    if is_error(reply):
        return None
    args = reply.arguments()
    return unwrap(args[0]) if args else None


class SignalHooks:
    """The bus signals one receiver listens to, so that close() can undo exactly those."""

    def __init__(self, connection: QDBusConnection, receiver: QObject) -> None:
        self._connection = connection
        self._receiver = receiver
        self._hooks: list[tuple[str, str, str, str, str]] = []

    def add(self, service: str, path: str, interface: str, member: str, slot: str) -> bool:
        """Connect a bus signal to a ``@Slot`` of the receiver; ``slot`` like ``"x(bool)"``.

        Matching on the service name means only that name's current owner is heard: a signal
        forged by another connection is dropped, and a restarted service is followed. An empty
        ``path`` accepts the owner's signal from any object path. connect() reports failure (an
        undecorated slot, a signature mismatch) only through its result, so it is checked here.
        """
        # The stubs declare the slot as bytes, but PySide6 accepts only the str SLOT() returns.
        ok = bool(
            cast(Any, self._connection).connect(
                service, path, interface, member, self._receiver, SLOT(slot)
            )
        )
        if ok:
            self._hooks.append((service, path, interface, member, slot))
        else:
            log.warning("could not connect %s.%s from %s to %s", interface, member, service, slot)
        return ok

    def clear(self) -> None:
        for service, path, interface, member, slot in self._hooks:
            cast(Any, self._connection).disconnect(
                service, path, interface, member, self._receiver, SLOT(slot)
            )
        self._hooks.clear()


def watch_owner(
    connection: QDBusConnection,
    name: str,
    on_change: Callable[[str, str], None],
    parent: QObject,
) -> QDBusServiceWatcher:
    """Call ``on_change(old_owner, new_owner)`` when ``name`` changes hands ("" means none)."""
    watcher = QDBusServiceWatcher(
        name, connection, QDBusServiceWatcher.WatchModeFlag.WatchForOwnerChange, parent
    )
    watcher.serviceOwnerChanged.connect(lambda _name, old, new: on_change(old, new))
    return watcher
