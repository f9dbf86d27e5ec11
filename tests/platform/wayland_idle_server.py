"""Minimal Wayland server on libwayland-server for idle tests: a seat and one idle-notifier global.

No compositor (sway, KWin) is installed here, so this speaks the real wire protocol through the
real libwayland-server, and the test decides when the "user" goes idle or comes back.

``python -m tests.platform.wayland_idle_server --protocol ext|kde|none`` with XDG_RUNTIME_DIR
set. Prints JSON lines: ``ready`` (with the socket's absolute path), ``notification`` (protocol,
timeout_ms), ``destroy_request``, ``released``. Reads commands on stdin: ``idle``, ``resume``,
``quit``.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import select
import sys
from typing import Any

from client.platform.wayland_idle import IdleInterfaces, WlArgument, WlInterface

vp, u32 = ctypes.c_void_p, ctypes.c_uint32
BIND = ctypes.CFUNCTYPE(None, vp, vp, u32, u32)
RESOURCE_DESTROYED = ctypes.CFUNCTYPE(None, vp)
REQUEST = ctypes.CFUNCTYPE(None, vp, vp)
REQUEST_NEW_ID = ctypes.CFUNCTYPE(None, vp, vp, u32)
EXT_GET_NOTIFICATION = ctypes.CFUNCTYPE(None, vp, vp, u32, u32, vp)  # id, timeout, seat
KDE_GET_TIMEOUT = ctypes.CFUNCTYPE(None, vp, vp, u32, vp, u32)  # id, seat, timeout


def emit(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


class Server:
    def __init__(self, protocol: str) -> None:
        lib = self.lib = ctypes.CDLL("libwayland-server.so.0")
        iface = ctypes.POINTER(WlInterface)
        for name, restype, argtypes in (
            ("wl_display_create", vp, ()),
            ("wl_display_destroy", None, (vp,)),
            ("wl_display_add_socket_auto", ctypes.c_char_p, (vp,)),
            ("wl_display_get_event_loop", vp, (vp,)),
            ("wl_display_flush_clients", None, (vp,)),
            ("wl_event_loop_get_fd", ctypes.c_int, (vp,)),
            ("wl_event_loop_dispatch", ctypes.c_int, (vp, ctypes.c_int)),
            ("wl_global_create", vp, (vp, iface, ctypes.c_int, vp, BIND)),
            ("wl_resource_create", vp, (vp, iface, ctypes.c_int, u32)),
            ("wl_resource_set_implementation", None, (vp, vp, vp, RESOURCE_DESTROYED)),
            ("wl_resource_destroy", None, (vp,)),
            ("wl_resource_get_version", ctypes.c_int, (vp,)),
            ("wl_resource_post_event_array", None, (vp, u32, ctypes.POINTER(WlArgument))),
        ):
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, argtypes
        self.seat_interface = WlInterface.in_dll(lib, "wl_seat_interface")
        self.interfaces = IdleInterfaces(self.seat_interface)
        self.notifications: list[int] = []
        self.keep: list[Any] = []
        self.display = lib.wl_display_create()
        socket = lib.wl_display_add_socket_auto(self.display)
        if not socket:
            raise OSError("wl_display_add_socket_auto failed (is XDG_RUNTIME_DIR set?)")
        self.socket = os.path.join(os.environ["XDG_RUNTIME_DIR"], socket.decode())
        self.loop = lib.wl_display_get_event_loop(self.display)

        self.no_destroy = RESOURCE_DESTROYED(lambda _resource: None)
        self.notification_destroyed = RESOURCE_DESTROYED(self._notification_destroyed)
        noop_new_id = REQUEST_NEW_ID(lambda _client, _resource, _id: None)
        destroy = REQUEST(self._destroy_request)
        self.seat_requests = self._table(noop_new_id, noop_new_id, noop_new_id, destroy)
        self.ext_notifier_requests = self._table(destroy, EXT_GET_NOTIFICATION(self._ext_get))
        self.ext_notification_requests = self._table(destroy)
        self.kde_idle_requests = self._table(KDE_GET_TIMEOUT(self._kde_get))
        noop = REQUEST(lambda _client, _resource: None)
        self.kde_timeout_requests = self._table(destroy, noop)

        self._global(self.seat_interface, self.seat_requests)
        if protocol == "ext":
            self._global(self.interfaces.ext_notifier, self.ext_notifier_requests)
        elif protocol == "kde":
            self._global(self.interfaces.kde_idle, self.kde_idle_requests)

    def _table(self, *functions: Any) -> Any:
        table = (vp * len(functions))(*(ctypes.cast(f, vp) for f in functions))
        self.keep.extend((*functions, table))
        return table

    def _global(self, interface: WlInterface, requests: Any) -> None:
        def bind(client: int, _data: int, version: int, new_id: int) -> None:
            resource = self.lib.wl_resource_create(client, interface, version, new_id)
            self.lib.wl_resource_set_implementation(resource, requests, None, self.no_destroy)

        callback = BIND(bind)
        self.keep.append(callback)
        self.lib.wl_global_create(self.display, interface, 1, None, callback)

    def _new_notification(
        self, client: int, parent: int, interface: WlInterface, requests: Any, new_id: int
    ) -> None:
        version = self.lib.wl_resource_get_version(parent)
        resource = self.lib.wl_resource_create(client, interface, version, new_id)
        self.lib.wl_resource_set_implementation(
            resource, requests, None, self.notification_destroyed
        )
        self.notifications.append(resource)

    def _ext_get(self, client: int, parent: int, new_id: int, timeout: int, _seat: int) -> None:
        interface, requests = self.interfaces.ext_notification, self.ext_notification_requests
        self._new_notification(client, parent, interface, requests, new_id)
        emit(event="notification", protocol="ext", timeout_ms=timeout)

    def _kde_get(self, client: int, parent: int, new_id: int, _seat: int, timeout: int) -> None:
        interface, requests = self.interfaces.kde_timeout, self.kde_timeout_requests
        self._new_notification(client, parent, interface, requests, new_id)
        emit(event="notification", protocol="kde", timeout_ms=timeout)

    def _destroy_request(self, _client: int, resource: int) -> None:
        if resource in self.notifications:
            emit(event="destroy_request")
        self.lib.wl_resource_destroy(resource)

    def _notification_destroyed(self, resource: int) -> None:
        if resource in self.notifications:
            self.notifications.remove(resource)
            emit(event="released")

    def post(self, opcode: int) -> None:
        for resource in self.notifications:
            self.lib.wl_resource_post_event_array(resource, opcode, (WlArgument * 1)())
        self.lib.wl_display_flush_clients(self.display)

    def run(self) -> None:
        loop_fd = self.lib.wl_event_loop_get_fd(self.loop)
        emit(event="ready", socket=self.socket)
        while True:
            readable, _, _ = select.select([loop_fd, sys.stdin], [], [])
            if loop_fd in readable:
                self.lib.wl_event_loop_dispatch(self.loop, 0)
                self.lib.wl_display_flush_clients(self.display)
            if sys.stdin in readable:
                command = sys.stdin.readline().strip()
                if command == "idle":
                    self.post(0)
                elif command == "resume":
                    self.post(1)
                elif command in {"quit", ""}:
                    break
        self.lib.wl_display_destroy(self.display)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--protocol", choices=("ext", "kde", "none"), required=True)
    Server(parser.parse_args().protocol).run()


if __name__ == "__main__":
    main()
