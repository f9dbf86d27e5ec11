"""Windows screen lock (WTS session notifications) and sleep (WM_POWERBROADCAST) via Qt's filter."""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import SupportsInt

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication, QObject
from PySide6.QtGui import QGuiApplication, QWindow

from client.platform.base import LockSource, SleepSource

log = logging.getLogger(__name__)

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WTS_SESSION_UNLOCK = 0x8
NOTIFY_FOR_THIS_SESSION = 0

WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
PBT_APMRESUMESUSPEND = 0x7  # only when a user woke the machine, after the automatic one
PBT_APMRESUMEAUTOMATIC = 0x12  # every wake

# Qt's windows plugin passes messages to its windows' procedure as "windows_generic_MSG"; its
# event dispatcher's own hidden window as "windows_dispatcher_MSG". Both carry a MSG*.
MSG_EVENT_TYPES = frozenset({b"windows_generic_MSG", b"windows_dispatcher_MSG"})


class POINT(ctypes.Structure):
    _fields_ = (("x", ctypes.c_int32), ("y", ctypes.c_int32))


class MSG(ctypes.Structure):
    """winuser.h's MSG, from fixed-width types so the same layout builds (and is tested) anywhere.

    HWND is a pointer, WPARAM a UINT_PTR, LPARAM a LONG_PTR, DWORD 32 bits on every Windows ABI.
    """

    _fields_ = (
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint32),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_uint32),
        ("pt", POINT),
    )


@dataclass(frozen=True)
class WindowsMessage:
    """The fields of a MSG this module reads, copied out of Qt's memory."""

    hwnd: int
    message: int
    wparam: int
    lparam: int


def message_address(message: object) -> int | None:
    """The MSG* in what ``nativeEventFilter`` receives: a ``shiboken6.VoidPtr`` (or an int)."""
    if not isinstance(message, SupportsInt):
        return None
    address = int(message)
    return address if address > 0 else None


_MESSAGE_OFFSET: int = MSG.message.offset


def _message_number(address: int) -> int:
    return ctypes.c_uint32.from_address(address + _MESSAGE_OFFSET).value


def read_msg(address: int) -> WindowsMessage:
    """Copy a MSG out of memory at ``address`` (valid only while Qt's filter call lasts)."""
    msg = MSG.from_address(address)
    return WindowsMessage(msg.hwnd or 0, msg.message, msg.wParam, msg.lParam)


class WindowsMessageFilter(QAbstractNativeEventFilter):
    """Hands every Windows message in ``messages`` to ``handler``; never consumes one.

    Installed application-wide, so it sees every message Qt dispatches: the message number is read
    first and everything else is left alone at once.
    """

    def __init__(
        self,
        handler: Callable[[WindowsMessage], None],
        messages: Collection[int],
        *,
        reader: Callable[[int], WindowsMessage] = read_msg,
    ) -> None:
        super().__init__()
        self._handler = handler
        self._messages = frozenset(messages)
        self._reader = reader

    def nativeEventFilter(
        self, eventType: QByteArray | bytes | bytearray | memoryview, message: object, /
    ) -> tuple[bool, int]:
        try:
            kind = eventType.data() if isinstance(eventType, QByteArray) else bytes(eventType)
            if kind in MSG_EVENT_TYPES:
                address = message_address(message)
                # The number alone first: this runs for every message of every window.
                if address is not None and _message_number(address) in self._messages:
                    self._handler(self._reader(address))
        except Exception:
            # An exception escaping here would be printed by shiboken for every message.
            log.exception("Windows message filter failed")
        # Never swallow: Qt (and any other filter) must still see every message.
        return False, 0


@dataclass(frozen=True)
class WtsApi:
    """The wtsapi32 calls, injected so tests run the source against fakes."""

    register_session_notification: Callable[[int, int], int]  # (hWnd, dwFlags) -> BOOL
    unregister_session_notification: Callable[[int], int]  # (hWnd) -> BOOL
    last_error: Callable[[], int]


def native_window() -> QWindow:
    """A never-shown top-level window of our own, created for its HWND.

    A Qt window, not a message-only one: Qt's window procedure runs the native event filters for
    it, and power broadcasts reach top-level windows only (message-only windows miss them).
    """
    if not isinstance(QCoreApplication.instance(), QGuiApplication):
        raise RuntimeError("a QGuiApplication is needed for a native window")
    window = QWindow()
    window.setObjectName("attend-session-events")
    window.create()
    return window


def _install(event_filter: QAbstractNativeEventFilter) -> None:
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no Qt application")
    app.installNativeEventFilter(event_filter)


def _uninstall(event_filter: QAbstractNativeEventFilter) -> None:
    app = QCoreApplication.instance()
    if app is not None:
        app.removeNativeEventFilter(event_filter)


class WindowsLockSource(LockSource):
    """``lock_changed`` from ``WM_WTSSESSION_CHANGE`` lock/unlock sent to our hidden window.

    The state is unknown (None) until the first notification; an unlock while unknown is silent.
    """

    name = "WTS session notifications"

    def __init__(
        self,
        api: WtsApi,
        *,
        window_factory: Callable[[], QWindow] = native_window,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._locked: bool | None = None
        self._closed = False
        self._window = window_factory()
        self._hwnd = int(self._window.winId())
        if not api.register_session_notification(self._hwnd, NOTIFY_FOR_THIS_SESSION):
            error = api.last_error()
            self._window.destroy()
            raise OSError(error, f"WTSRegisterSessionNotification failed (error {error})")
        self._filter = WindowsMessageFilter(self._on_message, (WM_WTSSESSION_CHANGE,))
        try:
            _install(self._filter)
        except Exception:
            api.unregister_session_notification(self._hwnd)
            self._window.destroy()
            raise

    @property
    def hwnd(self) -> int:
        return self._hwnd

    @property
    def message_filter(self) -> WindowsMessageFilter:
        return self._filter

    def is_locked(self) -> bool | None:
        return self._locked

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        _uninstall(self._filter)
        try:
            if not self._api.unregister_session_notification(self._hwnd):
                log.info("WTSUnRegisterSessionNotification failed: %s", self._api.last_error())
        except Exception:
            log.exception("WTSUnRegisterSessionNotification failed")
        self._window.destroy()

    def _on_message(self, msg: WindowsMessage) -> None:
        # Only our own registration counts: another window in this process may have registered
        # for every session (NOTIFY_FOR_ALL_SESSIONS), and those locks are not ours.
        if self._closed or msg.hwnd != self._hwnd:
            return
        if msg.wparam == WTS_SESSION_LOCK:
            locked = True
        elif msg.wparam == WTS_SESSION_UNLOCK:
            locked = False
        else:  # logon, logoff, remote connects: not a lock change
            return
        was_locked = self._locked is True
        self._locked = locked
        if locked != was_locked:
            log.info("Windows: session %s", "locked" if locked else "unlocked")
            self.lock_changed.emit(locked)


class WindowsSleepSource(SleepSource):
    """``sleep_changed`` from ``WM_POWERBROADCAST``, which Windows sends to every top-level window.

    Suspend is ``PBT_APMSUSPEND``; a wake brings ``PBT_APMRESUMEAUTOMATIC`` and, when a user woke
    the machine, ``PBT_APMRESUMESUSPEND`` as well: the wake is told once. Windows does not wait for
    applications after announcing a suspend, so there is no ``allow_sleep``.
    """

    name = "WM_POWERBROADCAST"

    def __init__(
        self,
        *,
        window_factory: Callable[[], QWindow] = native_window,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sleeping = False
        self._closed = False
        self._window = window_factory()
        self._hwnd = int(self._window.winId())
        self._filter = WindowsMessageFilter(self._on_message, (WM_POWERBROADCAST,))
        try:
            _install(self._filter)
        except Exception:
            self._window.destroy()
            raise

    @property
    def hwnd(self) -> int:
        return self._hwnd

    @property
    def message_filter(self) -> WindowsMessageFilter:
        return self._filter

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        _uninstall(self._filter)
        self._window.destroy()

    def _on_message(self, msg: WindowsMessage) -> None:
        # The broadcast reaches each of the app's top-level windows; ours is enough.
        if self._closed or msg.hwnd != self._hwnd:
            return
        if msg.wparam == PBT_APMSUSPEND:
            sleeping = True
        elif msg.wparam in (PBT_APMRESUMEAUTOMATIC, PBT_APMRESUMESUSPEND):
            sleeping = False
        else:  # battery and power-setting changes
            return
        if sleeping == self._sleeping:
            return
        self._sleeping = sleeping
        log.info("Windows: %s", "going to sleep" if sleeping else "woke up")
        self.sleep_changed.emit(sleeping)


# The real OS calls, defined per platform so that mypy checks each for its own OS only.
if sys.platform == "win32":
    from ctypes import wintypes

    def load_wts_api() -> WtsApi | None:
        """wtsapi32's session notification calls."""
        wtsapi32 = ctypes.WinDLL("wtsapi32", use_last_error=True)
        register = wtsapi32.WTSRegisterSessionNotification
        register.argtypes = (wintypes.HWND, wintypes.DWORD)
        register.restype = wintypes.BOOL
        unregister = wtsapi32.WTSUnRegisterSessionNotification
        unregister.argtypes = (wintypes.HWND,)
        unregister.restype = wintypes.BOOL
        return WtsApi(register, unregister, ctypes.get_last_error)

else:

    def load_wts_api() -> WtsApi | None:
        """wtsapi32's session notification calls; None off Windows."""
        return None


def make_windows_lock_source(api: WtsApi | None = None) -> WindowsLockSource | None:
    """The WTS lock source on Windows; None elsewhere or when registering fails (logged)."""
    try:
        wts = load_wts_api() if api is None else api
        if wts is None:
            return None
        return WindowsLockSource(wts)
    except Exception as exc:  # noqa: BLE001 - any failure means "no lock source"
        # RPC_S_INVALID_BINDING (1702) here means Remote Desktop Services had not started yet.
        log.warning("Windows lock notifications unavailable: %s", exc)
        return None


def make_windows_sleep_source(
    *, window_factory: Callable[[], QWindow] = native_window, system: str = sys.platform
) -> WindowsSleepSource | None:
    """The WM_POWERBROADCAST sleep source on Windows; None elsewhere or on failure (logged)."""
    if system != "win32":
        return None
    try:
        return WindowsSleepSource(window_factory=window_factory)
    except Exception as exc:  # noqa: BLE001 - any failure means "no sleep source"
        log.warning("Windows power notifications unavailable: %s", exc)
        return None
