"""Fakes of the Windows and macOS calls the session sources make, shared by their tests."""

from __future__ import annotations

import itertools
from typing import Any

from client.platform.macos_session import K_CF_STRING_ENCODING_UTF8, CoreFoundation, IOKit
from client.platform.windows_session import WtsApi

CENTER = 0xC0FFEE
MAIN_RUN_LOOP = 0x7000
COMMON_MODES = 0x7100
PORT = 0x5000
RUN_LOOP_SOURCE = 0x6000
ROOT_PORT = 0x1234
NOTIFIER = 77


class FakeWts:
    """wtsapi32's two calls, recording what they were asked."""

    def __init__(self, *, succeed: bool = True, error: int = 0) -> None:
        self.succeed = succeed
        self.error = error
        self.registered: list[tuple[int, int]] = []
        self.unregistered: list[int] = []

    def api(self) -> WtsApi:
        return WtsApi(self.register, self.unregister, lambda: self.error)

    def register(self, hwnd: int, flags: int) -> int:
        self.registered.append((hwnd, flags))
        return 1 if self.succeed else 0

    def unregister(self, hwnd: int) -> int:
        self.unregistered.append(hwnd)
        return 1


class FakeCoreFoundation:
    """The distributed notification center and the main run loop, as far as the sources use them."""

    def __init__(self) -> None:
        self.center: int | None = CENTER
        self.string_fails = False
        self.strings: dict[int, str] = {}
        self.released: list[str] = []
        self._handles = itertools.count(0x100)
        # (observer, name) -> (callback, object, suspension behaviour)
        self.observers: dict[tuple[int, str], tuple[Any, int | None, int]] = {}
        self.removed: list[tuple[int, int]] = []
        self.run_loop_sources: list[tuple[int, int, int]] = []
        self.run_loop_removed: list[tuple[int, int, int]] = []

    def calls(self) -> CoreFoundation:
        return CoreFoundation(
            CFNotificationCenterGetDistributedCenter=lambda: self.center,
            CFNotificationCenterAddObserver=self.add_observer,
            CFNotificationCenterRemoveEveryObserver=self.remove_every_observer,
            CFStringCreateWithCString=self.create_string,
            CFRelease=self.release,
            CFRunLoopGetMain=lambda: MAIN_RUN_LOOP,
            CFRunLoopAddSource=lambda *args: self.run_loop_sources.append(args),
            CFRunLoopRemoveSource=lambda *args: self.run_loop_removed.append(args),
            kCFRunLoopCommonModes=COMMON_MODES,
        )

    def create_string(self, allocator: int | None, text: bytes, encoding: int) -> int | None:
        assert allocator is None
        assert encoding == K_CF_STRING_ENCODING_UTF8
        if self.string_fails:
            return None
        handle = next(self._handles)
        self.strings[handle] = text.decode()
        return handle

    def release(self, handle: int) -> None:
        self.released.append(self.strings.pop(handle))

    def add_observer(  # noqa: PLR0917 - the C signature
        self, center: int, observer: int, callback: Any, name: int, obj: int | None, behaviour: int
    ) -> None:
        assert center == CENTER
        assert observer
        self.observers[(observer, self.strings[name])] = (callback, obj, behaviour)

    def remove_every_observer(self, center: int, observer: int) -> None:
        self.removed.append((center, observer))
        for key in [key for key in self.observers if key[0] == observer]:
            del self.observers[key]

    def post(self, name: str) -> None:
        """Deliver a distributed notification the way CF does: through each C function pointer."""
        handle = next(self._handles)
        for (observer, wanted), (callback, _obj, _behaviour) in list(self.observers.items()):
            if wanted == name:
                callback(CENTER, observer, handle, None, None)


class FakeIOKit:
    """IORegisterForSystemPower and friends, with the power callback kept to be called."""

    def __init__(self) -> None:
        self.root = ROOT_PORT
        self.run_loop_source: int | None = RUN_LOOP_SOURCE
        self.callback: Any = None
        self.allowed: list[int] = []
        self.calls_made: list[str] = []

    def calls(self) -> IOKit:
        return IOKit(
            IORegisterForSystemPower=self.register,
            IONotificationPortGetRunLoopSource=self.get_run_loop_source,
            IOAllowPowerChange=self.allow,
            IODeregisterForSystemPower=self.deregister,
            IOServiceClose=self.service_close,
            IONotificationPortDestroy=self.port_destroy,
        )

    def register(self, refcon: int | None, port_ref: Any, callback: Any, notifier: Any) -> int:
        self.calls_made.append("register")
        if not self.root:
            return 0
        # Written through the real ctypes pointers, as IOKit writes its out-parameters.
        port_ref.contents.value = PORT
        notifier.contents.value = NOTIFIER
        self.callback = callback
        return self.root

    def get_run_loop_source(self, port: int) -> int | None:
        assert port == PORT
        return self.run_loop_source

    def allow(self, root: int, notification_id: int) -> int:
        assert root == ROOT_PORT
        self.allowed.append(notification_id)
        return 0

    def deregister(self, notifier: Any) -> int:
        self.calls_made.append(f"deregister {notifier.contents.value}")
        return 0

    def service_close(self, root: int) -> int:
        self.calls_made.append(f"close {root:#x}")
        return 0

    def port_destroy(self, port: int) -> None:
        self.calls_made.append(f"destroy {port:#x}")

    def send(self, message_type: int, argument: int | None = None) -> None:
        """Call the registered IOServiceInterestCallback through its C function pointer."""
        self.callback(None, 0, message_type, argument)
