"""Wayland idle notifications (ext_idle_notifier_v1, else org_kde_kwin_idle) via ctypes."""

from __future__ import annotations

import ctypes
import logging
import os
import time
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

from client.platform.base import IdleSource
from client.platform.native_idle import DEFAULT_WATCH_AFTER

log = logging.getLogger(__name__)

EXT_IDLE_NOTIFIER = "ext_idle_notifier_v1"
KDE_IDLE = "org_kde_kwin_idle"
_WL_DISPLAY_GET_REGISTRY = 1
_WL_REGISTRY_BIND = 0
_EXT_NOTIFIER_DESTROY = 0
_EXT_NOTIFIER_GET_IDLE_NOTIFICATION = 1
_EXT_NOTIFICATION_DESTROY = 0
_KDE_IDLE_GET_IDLE_TIMEOUT = 0
_KDE_TIMEOUT_RELEASE = 0


# --- The C structs of libwayland, and the two protocols' interface tables built by hand (what
# wayland-scanner would generate from ext-idle-notify-v1.xml and KDE's idle.xml). ---


class WlInterface(ctypes.Structure):
    pass


class WlMessage(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        ("signature", ctypes.c_char_p),
        ("types", ctypes.POINTER(ctypes.POINTER(WlInterface))),
    )


WlInterface._fields_ = (
    ("name", ctypes.c_char_p),
    ("version", ctypes.c_int),
    ("method_count", ctypes.c_int),
    ("methods", ctypes.POINTER(WlMessage)),
    ("event_count", ctypes.c_int),
    ("events", ctypes.POINTER(WlMessage)),
)


class WlArgument(ctypes.Union):
    _fields_ = (
        ("i", ctypes.c_int32),
        ("u", ctypes.c_uint32),
        ("s", ctypes.c_char_p),
        ("o", ctypes.c_void_p),
        ("n", ctypes.c_uint32),
    )


MessageSpec = tuple[str, str, tuple["WlInterface | None", ...]]


def fill_interface(
    target: WlInterface,
    name: str,
    requests: list[MessageSpec],
    events: list[MessageSpec],
    keep: list[object],
) -> None:
    """Fill ``target`` as a version-1 interface; the buffers it points to go into ``keep``."""

    def messages(specs: list[MessageSpec]) -> Any:
        array = (WlMessage * max(len(specs), 1))()
        for slot, (message, signature, types) in zip(array, specs, strict=False):
            table = (ctypes.POINTER(WlInterface) * max(len(types), 1))()
            for index, interface in enumerate(types):
                if interface is not None:
                    table[index] = ctypes.pointer(interface)
            keep.append(table)
            slot.name, slot.signature = message.encode(), signature.encode()
            slot.types = ctypes.cast(table, ctypes.POINTER(ctypes.POINTER(WlInterface)))
        keep.append(array)
        return array

    target.name = name.encode()
    target.version = 1
    target.method_count, target.methods = len(requests), messages(requests)
    target.event_count, target.events = len(events), messages(events)


class _ClientLib:
    """libwayland-client with its prototypes set, and our protocol tables; loaded once."""

    def __init__(self) -> None:
        lib = ctypes.CDLL("libwayland-client.so.0")
        vp, u32 = ctypes.c_void_p, ctypes.c_uint32
        args, iface = ctypes.POINTER(WlArgument), ctypes.POINTER(WlInterface)
        self.connect = _fn(lib.wl_display_connect, vp, ctypes.c_char_p)
        self.disconnect = _fn(lib.wl_display_disconnect, None, vp)
        self.get_fd = _fn(lib.wl_display_get_fd, ctypes.c_int, vp)
        self.roundtrip = _fn(lib.wl_display_roundtrip, ctypes.c_int, vp)
        self.prepare_read = _fn(lib.wl_display_prepare_read, ctypes.c_int, vp)
        self.read_events = _fn(lib.wl_display_read_events, ctypes.c_int, vp)
        self.dispatch_pending = _fn(lib.wl_display_dispatch_pending, ctypes.c_int, vp)
        self.flush = _fn(lib.wl_display_flush, ctypes.c_int, vp)
        self.get_error = _fn(lib.wl_display_get_error, ctypes.c_int, vp)
        self.marshal = _fn(lib.wl_proxy_marshal_array, None, vp, u32, args)
        self.marshal_constructor = _fn(
            lib.wl_proxy_marshal_array_constructor, vp, vp, u32, args, iface
        )
        self.marshal_constructor_versioned = _fn(
            lib.wl_proxy_marshal_array_constructor_versioned, vp, vp, u32, args, iface, u32
        )
        self.add_listener = _fn(lib.wl_proxy_add_listener, ctypes.c_int, vp, vp, vp)
        self.destroy = _fn(lib.wl_proxy_destroy, None, vp)
        self.registry_interface = WlInterface.in_dll(lib, "wl_registry_interface")
        self.seat_interface = WlInterface.in_dll(lib, "wl_seat_interface")
        self.interfaces = IdleInterfaces(self.seat_interface)


class IdleInterfaces:
    """The four idle protocol interfaces; the tables they point to live as long as this does."""

    def __init__(self, seat: WlInterface) -> None:
        self._keep: list[object] = []
        self.ext_notifier, self.ext_notification = WlInterface(), WlInterface()
        self.kde_idle, self.kde_timeout = WlInterface(), WlInterface()
        fill_interface(
            self.ext_notifier,
            EXT_IDLE_NOTIFIER,
            [
                ("destroy", "", ()),
                ("get_idle_notification", "nuo", (self.ext_notification, None, seat)),
            ],
            [],
            self._keep,
        )
        fill_interface(
            self.ext_notification,
            "ext_idle_notification_v1",
            [("destroy", "", ())],
            [("idled", "", ()), ("resumed", "", ())],
            self._keep,
        )
        fill_interface(
            self.kde_idle,
            KDE_IDLE,
            [("get_idle_timeout", "nou", (self.kde_timeout, seat, None))],
            [],
            self._keep,
        )
        fill_interface(
            self.kde_timeout,
            "org_kde_kwin_idle_timeout",
            [("release", "", ()), ("simulate_user_activity", "", ())],
            [("idle", "", ()), ("resumed", "", ())],
            self._keep,
        )


def _fn(function: Any, restype: Any, *argtypes: Any) -> Any:
    function.restype = restype
    function.argtypes = argtypes
    return function


@cache
def _client_lib() -> _ClientLib:
    return _ClientLib()


def _arguments(*values: tuple[str, int | bytes | None]) -> Any:
    """A ``union wl_argument`` array from (field, value) pairs: u, s, o or n (None for new_id)."""
    array = (WlArgument * max(len(values), 1))()
    for slot, (field, value) in zip(array, values, strict=False):
        setattr(slot, field, value if field != "n" else 0)
    return array


_GLOBAL = ctypes.CFUNCTYPE(
    None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_uint32
)
_GLOBAL_REMOVE = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint32)
_NO_ARGS_EVENT = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


class WaylandIdleConnection:
    """Our own Wayland connection with one idle notification on the first seat.

    Separate from Qt's connection, so dispatching it never interferes with Qt's event queue.
    """

    def __init__(
        self,
        display_name: str,
        timeout_ms: int,
        on_idled: Callable[[], None],
        on_resumed: Callable[[], None],
    ) -> None:
        self._lib = lib = _client_lib()
        self._proxies: list[tuple[int, int | None]] = []  # (proxy, destructor opcode), newest last
        self._globals: dict[str, tuple[int, int]] = {}
        self._listeners: list[object] = []  # ctypes callbacks must outlive the proxies calling them
        self._display: int | None = lib.connect(display_name.encode())
        if not self._display:
            self._display = None
            raise OSError(f"cannot connect to Wayland display {display_name}")
        try:
            self.protocol = self._setup(timeout_ms, on_idled, on_resumed)
        except Exception:
            self.close()
            raise

    def _setup(
        self, timeout_ms: int, on_idled: Callable[[], None], on_resumed: Callable[[], None]
    ) -> str:
        lib, display = self._lib, self._display

        def announced(
            _data: Any, _registry: Any, name: int, interface: bytes, version: int
        ) -> None:
            self._globals.setdefault(interface.decode(errors="replace"), (name, version))

        def removed(_data: Any, _registry: Any, _name: int) -> None:
            pass

        registry = lib.marshal_constructor(
            display, _WL_DISPLAY_GET_REGISTRY, _arguments(("n", None)), lib.registry_interface
        )
        if not registry:
            raise OSError("wl_display.get_registry failed")
        self._proxies.append((registry, None))
        self._listen(registry, _GLOBAL(announced), _GLOBAL_REMOVE(removed))
        if lib.roundtrip(display) < 0:
            raise OSError("Wayland roundtrip failed")
        if "wl_seat" not in self._globals:
            raise OSError("the compositor has no seat")
        protocol = next((p for p in (EXT_IDLE_NOTIFIER, KDE_IDLE) if p in self._globals), None)
        if protocol is None:
            raise OSError(f"the compositor offers neither {EXT_IDLE_NOTIFIER} nor {KDE_IDLE}")
        seat = self._bind(registry, "wl_seat", lib.seat_interface, None)
        interfaces = lib.interfaces
        if protocol == EXT_IDLE_NOTIFIER:
            notifier = self._bind(
                registry, protocol, interfaces.ext_notifier, _EXT_NOTIFIER_DESTROY
            )
            notification = lib.marshal_constructor(
                notifier,
                _EXT_NOTIFIER_GET_IDLE_NOTIFICATION,
                _arguments(("n", None), ("u", timeout_ms), ("o", seat)),
                interfaces.ext_notification,
            )
            destructor = _EXT_NOTIFICATION_DESTROY
        else:
            notifier = self._bind(registry, protocol, interfaces.kde_idle, None)
            notification = lib.marshal_constructor(
                notifier,
                _KDE_IDLE_GET_IDLE_TIMEOUT,
                _arguments(("n", None), ("o", seat), ("u", timeout_ms)),
                interfaces.kde_timeout,
            )
            destructor = _KDE_TIMEOUT_RELEASE
        if not notification:
            raise OSError(f"{protocol}: cannot create an idle notification")
        self._proxies.append((notification, destructor))
        self._listen(
            notification,
            _NO_ARGS_EVENT(lambda _data, _proxy: on_idled()),
            _NO_ARGS_EVENT(lambda _data, _proxy: on_resumed()),
        )
        if lib.roundtrip(display) < 0 or lib.get_error(display):
            raise OSError(f"{protocol}: the compositor refused the idle notification")
        return protocol

    def _bind(
        self, registry: int, interface: str, table: WlInterface, destructor: int | None
    ) -> int:
        name, _version = self._globals[interface]
        proxy = self._lib.marshal_constructor_versioned(
            registry,
            _WL_REGISTRY_BIND,
            _arguments(("u", name), ("s", interface.encode()), ("u", 1), ("n", None)),
            ctypes.byref(table),
            1,
        )
        if not proxy:
            raise OSError(f"cannot bind {interface}")
        self._proxies.append((proxy, destructor))
        return int(proxy)

    def _listen(self, proxy: int, *callbacks: Any) -> None:
        table = (ctypes.c_void_p * len(callbacks))(
            *(ctypes.cast(callback, ctypes.c_void_p) for callback in callbacks)
        )
        self._listeners.extend((*callbacks, table))
        if self._lib.add_listener(proxy, table, None) != 0:
            raise OSError("wl_proxy_add_listener failed")

    def fileno(self) -> int:
        return int(self._lib.get_fd(self._display)) if self._display is not None else -1

    def dispatch(self) -> bool:
        """Read and dispatch what the compositor sent; False once the connection is gone."""
        lib, display = self._lib, self._display
        if display is None:
            return False
        # The external-event-loop pattern: unlike wl_display_dispatch, never blocks in poll()
        # if the socket notifier woke us for nothing.
        while lib.prepare_read(display) != 0:
            if lib.dispatch_pending(display) < 0:
                return False
        lib.flush(display)
        if lib.read_events(display) < 0:
            return False
        return bool(lib.dispatch_pending(display) >= 0)

    def close(self) -> None:
        if self._display is None:
            return
        for proxy, destructor in reversed(self._proxies):
            if destructor is not None and not self._lib.get_error(self._display):
                self._lib.marshal(proxy, destructor, _arguments())
            self._lib.destroy(proxy)
        self._proxies.clear()
        self._lib.flush(self._display)
        self._lib.disconnect(self._display)
        self._display = None


class WaylandIdleSource(IdleSource):
    """Idle time from the compositor's idle notification, event-driven.

    The compositor only says "idle for ``timeout`` now" and "input again", so below the timeout the
    answer is 0.0, and past it, timeout plus the time since the ``idled`` event. ``resumed`` emits
    ``activity_resumed`` at once.
    """

    def __init__(
        self,
        display_name: str,
        *,
        timeout_s: float = DEFAULT_WATCH_AFTER,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeout_s = timeout_s
        self._idle_since: float | None = None
        self._connection: WaylandIdleConnection | None = WaylandIdleConnection(
            display_name, round(timeout_s * 1000), self._on_idled, self._on_resumed
        )
        self.name = f"Wayland {self._connection.protocol}"
        self._notifier = QSocketNotifier(self._connection.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._dispatch)

    def idle_seconds(self) -> float | None:
        if self._connection is None:
            return None
        if self._idle_since is None:
            return 0.0
        return self._timeout_s + (time.monotonic() - self._idle_since)

    def close(self) -> None:
        self._notifier.setEnabled(False)
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _on_idled(self) -> None:
        self._idle_since = time.monotonic()

    def _on_resumed(self) -> None:
        was_idle, self._idle_since = self._idle_since is not None, None
        if was_idle:
            self.activity_resumed.emit()

    def _dispatch(self) -> None:
        if self._connection is not None and not self._connection.dispatch():
            log.warning("%s: the Wayland connection was lost", self.name)
            self.close()


def make_wayland_idle_source(
    *,
    environ: Mapping[str, str] | None = None,
    watch_after: float = DEFAULT_WATCH_AFTER,
) -> IdleSource | None:
    """A WaylandIdleSource notified after ``watch_after`` seconds, or None outside Wayland or when
    the compositor offers no idle protocol."""
    env = os.environ if environ is None else environ
    display_name = env.get("WAYLAND_DISPLAY")
    if not display_name:
        log.info("Wayland idle unavailable: WAYLAND_DISPLAY is not set")
        return None
    try:
        return WaylandIdleSource(display_name, timeout_s=watch_after)
    except (OSError, AttributeError) as exc:  # no library, symbol, compositor or protocol
        log.info("Wayland idle unavailable: %s", exc)
        return None
