"""X11 system idle time via ctypes: the XSync IDLETIME counter, or XScreenSaverQueryInfo."""

from __future__ import annotations

import ctypes
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from client.platform.base import IdleSource
from client.platform.native_idle import DEFAULT_WATCH_AFTER, PolledIdleSource

log = logging.getLogger(__name__)


class X11IdleBackend(Protocol):
    """One way of asking an X server for its idle time, on a connection of its own."""

    name: str

    def query_ms(self) -> int | None: ...

    def close(self) -> None: ...


# --- XSync IDLETIME through libxcb + libxcb-sync (both already loaded by Qt's xcb plugin). ---
# xcb reports errors as values instead of calling exit() like Xlib's default handlers, so this
# backend is preferred.


class _Cookie(ctypes.Structure):
    _fields_ = (("sequence", ctypes.c_uint),)


class _SyncInt64(ctypes.Structure):
    _fields_ = (("hi", ctypes.c_int32), ("lo", ctypes.c_uint32))


class _SystemCounter(ctypes.Structure):
    _fields_ = (
        ("counter", ctypes.c_uint32),
        ("resolution", _SyncInt64),
        ("name_len", ctypes.c_uint16),
    )


_SYSTEMCOUNTER_WIRE_SIZE = 14  # counter, resolution, name_len; unpadded


class _SystemCounterIterator(ctypes.Structure):
    _fields_ = (
        ("data", ctypes.POINTER(_SystemCounter)),
        ("rem", ctypes.c_int),
        ("index", ctypes.c_int),
    )


class _ReplyHeader(ctypes.Structure):
    _fields_ = (
        ("response_type", ctypes.c_uint8),
        ("pad0", ctypes.c_uint8),
        ("sequence", ctypes.c_uint16),
        ("length", ctypes.c_uint32),
    )


class _ExtensionReply(ctypes.Structure):
    _fields_ = (
        ("header", _ReplyHeader),
        ("present", ctypes.c_uint8),
        ("major_opcode", ctypes.c_uint8),
        ("first_event", ctypes.c_uint8),
        ("first_error", ctypes.c_uint8),
    )


class _QueryCounterReply(ctypes.Structure):
    _fields_ = (("header", _ReplyHeader), ("counter_value", _SyncInt64))


class _XcbLibs:
    """libxcb and libxcb-sync with their prototypes set, loaded once."""

    def __init__(self) -> None:
        vp, cookie = ctypes.c_void_p, _Cookie
        error_out = ctypes.POINTER(ctypes.c_void_p)
        counter_p = ctypes.POINTER(_SystemCounter)
        xcb = ctypes.CDLL("libxcb.so.1")
        sync = ctypes.CDLL("libxcb-sync.so.1")
        self.sync_id = ctypes.addressof(ctypes.c_char.in_dll(sync, "xcb_sync_id"))
        self.connect = _fn(xcb.xcb_connect, vp, ctypes.c_char_p, vp)
        self.has_error = _fn(xcb.xcb_connection_has_error, ctypes.c_int, vp)
        self.disconnect = _fn(xcb.xcb_disconnect, None, vp)
        self.extension_data = _fn(
            xcb.xcb_get_extension_data, ctypes.POINTER(_ExtensionReply), vp, vp
        )
        self.initialize = _fn(sync.xcb_sync_initialize, cookie, vp, ctypes.c_uint8, ctypes.c_uint8)
        self.initialize_reply = _fn(sync.xcb_sync_initialize_reply, vp, vp, cookie, error_out)
        self.list_counters = _fn(sync.xcb_sync_list_system_counters, cookie, vp)
        self.list_counters_reply = _fn(
            sync.xcb_sync_list_system_counters_reply, vp, vp, cookie, error_out
        )
        self.counters_iterator = _fn(
            sync.xcb_sync_list_system_counters_counters_iterator, _SystemCounterIterator, vp
        )
        self.counter_next = _fn(
            sync.xcb_sync_systemcounter_next, None, ctypes.POINTER(_SystemCounterIterator)
        )
        self.counter_name_length = _fn(
            sync.xcb_sync_systemcounter_name_length, ctypes.c_int, counter_p
        )
        self.query_counter = _fn(sync.xcb_sync_query_counter, cookie, vp, ctypes.c_uint32)
        self.query_counter_reply = _fn(
            sync.xcb_sync_query_counter_reply,
            ctypes.POINTER(_QueryCounterReply),
            vp,
            cookie,
            error_out,
        )
        self.free = _fn(ctypes.CDLL(None).free, None, vp)


def _fn(function: Any, restype: Any, *argtypes: Any) -> Any:
    function.restype = restype
    function.argtypes = argtypes
    return function


@cache
def _xcb_libs() -> _XcbLibs:
    return _XcbLibs()


class XSyncIdleBackend:
    """The server's IDLETIME system counter (milliseconds since the last input)."""

    name = "XSync IDLETIME"

    def __init__(self, display: str) -> None:
        self._libs = libs = _xcb_libs()
        conn = libs.connect(display.encode(), None)
        if libs.has_error(conn):
            libs.disconnect(conn)  # a static error object; disconnecting it is a no-op
            raise OSError(f"cannot connect to X display {display}")
        self._conn: int | None = conn
        try:
            self._counter = self._find_idletime(conn)
        except Exception:
            self.close()
            raise

    def _find_idletime(self, conn: int) -> int:
        libs = self._libs
        extension = libs.extension_data(conn, libs.sync_id)
        if not extension or not extension.contents.present:
            raise OSError("no SYNC extension")
        error = ctypes.c_void_p()
        reply = libs.initialize_reply(conn, libs.initialize(conn, 3, 1), ctypes.byref(error))
        self._free(reply, error)
        if not reply:
            raise OSError("SYNC initialisation failed")
        error = ctypes.c_void_p()
        reply = libs.list_counters_reply(conn, libs.list_counters(conn), ctypes.byref(error))
        try:
            if not reply:
                raise OSError("cannot list SYNC system counters")
            iterator = libs.counters_iterator(reply)
            while iterator.rem > 0:
                # Read the name where the wire puts it: libxcb 1.15's
                # xcb_sync_systemcounter_name() points past the C struct's padding, 2 bytes late.
                start = ctypes.addressof(iterator.data.contents) + _SYSTEMCOUNTER_WIRE_SIZE
                length = libs.counter_name_length(iterator.data)
                if ctypes.string_at(start, length) == b"IDLETIME":
                    return int(iterator.data.contents.counter)
                libs.counter_next(ctypes.byref(iterator))
        finally:
            self._free(reply, error)
        raise OSError("no IDLETIME counter")

    def _free(self, reply: Any, error: ctypes.c_void_p) -> None:
        # Replies and errors are malloc()ed by xcb and belong to the caller; errors are asked
        # for explicitly so they don't pile up in the event queue nobody reads.
        if reply:
            self._libs.free(ctypes.cast(reply, ctypes.c_void_p))
        if error.value:
            self._libs.free(error)

    def query_ms(self) -> int | None:
        libs, conn = self._libs, self._conn
        if conn is None or libs.has_error(conn):
            return None
        error = ctypes.c_void_p()
        cookie = libs.query_counter(conn, self._counter)
        reply = libs.query_counter_reply(conn, cookie, ctypes.byref(error))
        try:
            if not reply:
                return None
            value = reply.contents.counter_value
            return (int(value.hi) << 32) | int(value.lo)
        finally:
            self._free(reply, error)

    def close(self) -> None:
        if self._conn is not None:
            self._libs.disconnect(self._conn)
            self._conn = None


# --- XScreenSaverQueryInfo through Xlib + libXss: the fallback when IDLETIME is missing. ---


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = (
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    )


class _XssLibs:
    """libX11 and libXss with their prototypes set, loaded once."""

    def __init__(self) -> None:
        vp, int_p = ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)
        info_p = ctypes.POINTER(_XScreenSaverInfo)
        x11 = ctypes.CDLL("libX11.so.6")
        xss = ctypes.CDLL("libXss.so.1")
        self.open_display = _fn(x11.XOpenDisplay, vp, ctypes.c_char_p)
        self.close_display = _fn(x11.XCloseDisplay, ctypes.c_int, vp)
        self.default_root = _fn(x11.XDefaultRootWindow, ctypes.c_ulong, vp)
        self.free = _fn(x11.XFree, ctypes.c_int, vp)
        self.query_extension = _fn(xss.XScreenSaverQueryExtension, ctypes.c_int, vp, int_p, int_p)
        self.alloc_info = _fn(xss.XScreenSaverAllocInfo, info_p)
        self.query_info = _fn(xss.XScreenSaverQueryInfo, ctypes.c_int, vp, ctypes.c_ulong, info_p)


@cache
def _xss_libs() -> _XssLibs:
    return _XssLibs()


class XScreenSaverIdleBackend:
    """MIT-SCREEN-SAVER's idle field (milliseconds since the last input).

    Xlib's default error handlers exit the process, which is why XSync via xcb comes first; the
    only requests made here are the extension query and QueryInfo on the root window.
    """

    name = "XScreenSaver"

    def __init__(self, display: str) -> None:
        self._libs = libs = _xss_libs()
        dpy = libs.open_display(display.encode())
        if not dpy:
            raise OSError(f"cannot open X display {display}")
        self._dpy: int | None = dpy
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not libs.query_extension(dpy, ctypes.byref(event_base), ctypes.byref(error_base)):
            self.close()
            raise OSError("no MIT-SCREEN-SAVER extension")
        self._root = libs.default_root(dpy)
        self._info = libs.alloc_info()

    def query_ms(self) -> int | None:
        if self._dpy is None or not self._info:
            return None
        if not self._libs.query_info(self._dpy, self._root, self._info):
            return None
        return int(self._info.contents.idle)

    def close(self) -> None:
        if self._dpy is not None:
            if self._info:
                self._libs.free(ctypes.cast(self._info, ctypes.c_void_p))
            self._libs.close_display(self._dpy)
            self._dpy = None


BACKENDS: dict[str, Callable[[str], X11IdleBackend]] = {
    "xsync": XSyncIdleBackend,
    "xss": XScreenSaverIdleBackend,
}


class X11IdleSource(PolledIdleSource):
    """System idle time from the X server, on a connection of its own (never Qt's)."""

    def __init__(
        self,
        backend: X11IdleBackend,
        *,
        watch_after: float = DEFAULT_WATCH_AFTER,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(watch_after=watch_after, parent=parent)
        self._backend = backend
        self.name = f"X11 {backend.name}"

    def _query(self) -> float | None:
        value = self._backend.query_ms()
        return None if value is None else value / 1000.0

    def _release(self) -> None:
        self._backend.close()


def x11_unavailable_reason(
    environ: Mapping[str, str] | None = None, platform_name: str | None = None
) -> str | None:
    """Why X11 idle must not be used here, or None when it may be.

    Under Wayland, XWayland only sees input aimed at X clients, so its idle time is wrong.
    """
    env = os.environ if environ is None else environ
    if platform_name is None:
        platform_name = QGuiApplication.platformName()
    if env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return "XDG_SESSION_TYPE is wayland"
    if env.get("WAYLAND_DISPLAY"):
        return "WAYLAND_DISPLAY is set"
    if platform_name.startswith("wayland"):
        return f"Qt platform is {platform_name}"
    if not env.get("DISPLAY"):
        return "DISPLAY is not set"
    return None


def make_x11_idle_source(
    *,
    environ: Mapping[str, str] | None = None,
    platform_name: str | None = None,
    backends: Sequence[str] = ("xsync", "xss"),
    watch_after: float = DEFAULT_WATCH_AFTER,
) -> IdleSource | None:
    """An X11IdleSource on ``$DISPLAY`` with the first backend that works, or None."""
    env = os.environ if environ is None else environ
    reason = x11_unavailable_reason(env, platform_name)
    if reason is not None:
        log.info("X11 idle unavailable: %s", reason)
        return None
    display = env["DISPLAY"]
    for key in backends:
        try:
            backend = BACKENDS[key](display)
        except (OSError, AttributeError) as exc:  # missing library, symbol or extension
            log.info("X11 idle backend %s unavailable: %s", key, exc)
            continue
        return X11IdleSource(backend, watch_after=watch_after)
    return None
