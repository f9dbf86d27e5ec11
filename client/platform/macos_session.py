"""macOS screen lock (distributed notifications) and sleep (IOKit system power) through ctypes."""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from client.platform.base import LockSource, SleepSource

if TYPE_CHECKING:
    from ctypes import _Pointer

log = logging.getLogger(__name__)

SCREEN_LOCKED = "com.apple.screenIsLocked"
SCREEN_UNLOCKED = "com.apple.screenIsUnlocked"
K_CF_STRING_ENCODING_UTF8 = 0x08000100
# Without it a distributed notification waits while the app is "suspended" (inactive, hidden),
# which is exactly when the screen gets locked.
CF_NOTIFICATION_DELIVER_IMMEDIATELY = 4

# IOKit/IOMessage.h
K_IO_MESSAGE_CAN_SYSTEM_SLEEP = 0xE0000270  # idle sleep may happen: must be answered
K_IO_MESSAGE_SYSTEM_WILL_SLEEP = 0xE0000280  # sleep is coming: must be answered
K_IO_MESSAGE_SYSTEM_WILL_NOT_SLEEP = 0xE0000290
K_IO_MESSAGE_SYSTEM_HAS_POWERED_ON = 0xE0000300
K_IO_MESSAGE_SYSTEM_WILL_POWER_ON = 0xE0000320  # early in the wake: the network is not back yet

# How long sleep waits for allow_sleep() before it is allowed anyway. macOS itself waits up to
# 30 s for an answer, but a closed lid should not keep the machine awake for long; the activity
# service gives up flushing after 1.5 s.
DEFAULT_RELEASE_MS = 2000

# void (*CFNotificationCallback)(center, observer, name, object, userInfo)
NotificationCallback = ctypes.CFUNCTYPE(
    None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p
)
# void (*IOServiceInterestCallback)(refcon, io_service_t service, natural_t type, void *argument)
PowerCallback = ctypes.CFUNCTYPE(
    None, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p
)

# Callbacks the OS holds a pointer to, by id() of their source, kept alive here until unregistered
# even if the source is dropped without close(): a collected ctypes callback called from C
# crashes the process (and the entry keeps the source itself alive until then).
_LIVE_CALLBACKS: dict[int, tuple[Any, ...]] = {}


@dataclass(frozen=True)
class CoreFoundation:
    """The CoreFoundation calls used here, named as in C; injected so tests run against fakes."""

    CFNotificationCenterGetDistributedCenter: Callable[[], int | None]
    # (center, observer, callback, name, object, suspensionBehavior)
    CFNotificationCenterAddObserver: Callable[[int, int, Any, int, int | None, int], None]
    CFNotificationCenterRemoveEveryObserver: Callable[[int, int], None]
    CFStringCreateWithCString: Callable[[int | None, bytes, int], int | None]
    CFRelease: Callable[[int], None]
    CFRunLoopGetMain: Callable[[], int | None]
    CFRunLoopAddSource: Callable[[int, int, int], None]
    CFRunLoopRemoveSource: Callable[[int, int, int], None]
    kCFRunLoopCommonModes: int


@dataclass(frozen=True)
class IOKit:
    """The IOKit power calls used here, named as in C; injected so tests run against fakes."""

    # (refcon, IONotificationPortRef *port, callback, io_object_t *notifier) -> io_connect_t
    IORegisterForSystemPower: Callable[
        [int | None, _Pointer[ctypes.c_void_p], Any, _Pointer[ctypes.c_uint32]], int
    ]
    IONotificationPortGetRunLoopSource: Callable[[int], int | None]
    IOAllowPowerChange: Callable[[int, int], int]  # (root port, notification id) -> IOReturn
    IODeregisterForSystemPower: Callable[[_Pointer[ctypes.c_uint32]], int]
    IOServiceClose: Callable[[int], int]
    IONotificationPortDestroy: Callable[[int], None]


def _guarded(name: str, function: Callable[..., None]) -> Callable[..., None]:
    """A callback body that logs its exceptions: ctypes would only print them, from C."""

    def call(*args: Any) -> None:
        try:
            function(*args)
        except Exception:
            log.exception("macOS %s callback failed", name)

    return call


class MacLockSource(LockSource):
    """``lock_changed`` from the distributed notifications the login window posts.

    They arrive through the main thread's run loop, which Qt's Cocoa event dispatcher runs. The
    state is unknown (None) until the first notification; an unlock while unknown is silent.
    """

    name = SCREEN_LOCKED

    def __init__(self, cf: CoreFoundation, *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cf = cf
        self._locked: bool | None = None
        self._closed = False
        # Its address is our observer token: unique, non-NULL (RemoveEveryObserver needs one).
        self._token = ctypes.c_char()
        self._observer = ctypes.addressof(self._token)
        self._names: list[int] = []
        self._callbacks = (
            NotificationCallback(_guarded("lock", self._on_locked)),
            NotificationCallback(_guarded("unlock", self._on_unlocked)),
        )
        center = cf.CFNotificationCenterGetDistributedCenter()
        if not center:
            raise OSError("no distributed notification center")
        self._center = center
        _LIVE_CALLBACKS[id(self)] = self._callbacks
        try:
            for name, callback in zip(
                (SCREEN_LOCKED, SCREEN_UNLOCKED), self._callbacks, strict=True
            ):
                cf_name = cf.CFStringCreateWithCString(
                    None, name.encode(), K_CF_STRING_ENCODING_UTF8
                )
                if not cf_name:
                    raise OSError(f"CFStringCreateWithCString failed for {name}")
                self._names.append(cf_name)
                cf.CFNotificationCenterAddObserver(
                    center,
                    self._observer,
                    callback,
                    cf_name,
                    None,
                    CF_NOTIFICATION_DELIVER_IMMEDIATELY,
                )
        except Exception:
            self._release()
            raise

    def is_locked(self) -> bool | None:
        return self._locked

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._release()

    def _release(self) -> None:
        try:
            self._cf.CFNotificationCenterRemoveEveryObserver(self._center, self._observer)
        except Exception:
            log.exception("CFNotificationCenterRemoveEveryObserver failed")
        for cf_name in self._names:
            self._cf.CFRelease(cf_name)
        self._names.clear()
        _LIVE_CALLBACKS.pop(id(self), None)

    def _on_locked(self, *_args: Any) -> None:
        self._update(True)

    def _on_unlocked(self, *_args: Any) -> None:
        self._update(False)

    def _update(self, locked: bool) -> None:
        if self._closed:
            return
        was_locked = self._locked is True
        self._locked = locked
        if locked != was_locked:
            log.info("macOS: screen %s", "locked" if locked else "unlocked")
            self.lock_changed.emit(locked)


class MacSleepSource(SleepSource):
    """``sleep_changed`` from ``IORegisterForSystemPower``, with the sleep held until allowed.

    On ``kIOMessageSystemWillSleep`` macOS waits (up to 30 s) for ``IOAllowPowerChange``: the app
    sends its away presence, then calls :meth:`allow_sleep`; a timer allows it anyway after
    ``release_after_ms``. The wake is told on ``kIOMessageSystemHasPoweredOn``, once. Idle-sleep
    queries (``kIOMessageCanSystemSleep``) are allowed at once and change nothing.
    """

    name = "IORegisterForSystemPower"

    def __init__(
        self,
        cf: CoreFoundation,
        iokit: IOKit,
        *,
        release_after_ms: int = DEFAULT_RELEASE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cf = cf
        self._iokit = iokit
        self._sleeping = False
        self._closed = False
        self._pending: int | None = None  # the WillSleep notification id not yet answered
        self._release_timer = QTimer(self)
        self._release_timer.setSingleShot(True)
        self._release_timer.setInterval(release_after_ms)
        self._release_timer.timeout.connect(self.allow_sleep)
        self._port_ref = ctypes.c_void_p()
        self._notifier = ctypes.c_uint32()
        self._callback = PowerCallback(_guarded("power", self._on_power))
        root = iokit.IORegisterForSystemPower(
            None, ctypes.pointer(self._port_ref), self._callback, ctypes.pointer(self._notifier)
        )
        if not root:
            raise OSError("IORegisterForSystemPower failed")
        self._root = root
        _LIVE_CALLBACKS[id(self)] = (self._callback,)
        self._run_loop: int | None = None
        self._source: int | None = None
        try:
            port = self._port_ref.value
            source = iokit.IONotificationPortGetRunLoopSource(port) if port else None
            # The main run loop, not whichever thread built us: Qt's Cocoa dispatcher runs it,
            # so the callbacks arrive in the GUI thread where this object lives.
            run_loop = cf.CFRunLoopGetMain()
            if not source or not run_loop:
                raise OSError("no run loop source for the power notifications")
            # Common modes, so the callbacks also arrive while a menu or modal dialog runs.
            cf.CFRunLoopAddSource(run_loop, source, cf.kCFRunLoopCommonModes)
            self._run_loop, self._source = run_loop, source
        except Exception:
            self._deregister()
            raise

    def holds_sleep(self) -> bool:
        """Whether a sleep is announced and waits for :meth:`allow_sleep`."""
        return self._pending is not None

    def allow_sleep(self) -> None:
        """Let the announced sleep go ahead now; safe when none is pending."""
        self._release_timer.stop()
        pending, self._pending = self._pending, None
        if pending is not None:
            log.info("macOS: allowing sleep")
            self._allow(pending)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.allow_sleep()
        self._deregister()

    def _deregister(self) -> None:
        iokit = self._iokit
        try:
            if self._run_loop and self._source:
                self._cf.CFRunLoopRemoveSource(
                    self._run_loop, self._source, self._cf.kCFRunLoopCommonModes
                )
            iokit.IODeregisterForSystemPower(ctypes.pointer(self._notifier))
            iokit.IOServiceClose(self._root)
            if self._port_ref.value:
                iokit.IONotificationPortDestroy(self._port_ref.value)
        except Exception:
            log.exception("deregistering from system power notifications failed")
        self._run_loop = self._source = None
        _LIVE_CALLBACKS.pop(id(self), None)

    def _allow(self, notification_id: int) -> None:
        result = self._iokit.IOAllowPowerChange(self._root, notification_id)
        if result != 0:
            log.info("IOAllowPowerChange failed: 0x%08x", result & 0xFFFFFFFF)

    def _on_power(
        self, _refcon: int | None, _service: int, message_type: int, argument: int | None
    ) -> None:
        # The notification id travels as the pointer-sized message argument.
        notification_id = argument or 0
        if message_type == K_IO_MESSAGE_CAN_SYSTEM_SLEEP:
            self._allow(notification_id)  # never veto an idle sleep
        elif message_type == K_IO_MESSAGE_SYSTEM_WILL_SLEEP:
            self._will_sleep(notification_id)
        elif message_type == K_IO_MESSAGE_SYSTEM_HAS_POWERED_ON:
            self._woke()

    def _will_sleep(self, notification_id: int) -> None:
        if self._closed or self._sleeping:
            # Every announcement must be answered, even one we have nothing more to say about.
            self._allow(notification_id)
            return
        self._sleeping = True
        self._pending = notification_id
        self._release_timer.start()
        log.info("macOS: going to sleep")
        # After recording the pending id: a slot may call allow_sleep() right away.
        self.sleep_changed.emit(True)

    def _woke(self) -> None:
        if self._closed or not self._sleeping:
            return
        self.allow_sleep()  # long answered by now; just stop the timer
        self._sleeping = False
        log.info("macOS: woke up")
        self.sleep_changed.emit(False)


# The real OS calls, defined per platform so that mypy checks each for its own OS only.
if sys.platform == "darwin":
    _CORE_FOUNDATION = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"
    _IOKIT = "/System/Library/Frameworks/IOKit.framework/IOKit"

    def _function(library: ctypes.CDLL, name: str, restype: Any, *argtypes: Any) -> Any:
        function = getattr(library, name)
        function.restype = restype
        function.argtypes = argtypes
        return function

    def load_core_foundation() -> CoreFoundation | None:
        """CoreFoundation's notification-center and run-loop calls."""
        cf = ctypes.CDLL(_CORE_FOUNDATION)
        p = ctypes.c_void_p
        return CoreFoundation(
            CFNotificationCenterGetDistributedCenter=_function(
                cf, "CFNotificationCenterGetDistributedCenter", p
            ),
            CFNotificationCenterAddObserver=_function(
                cf,
                "CFNotificationCenterAddObserver",
                None,
                p,
                p,
                NotificationCallback,
                p,
                p,
                ctypes.c_long,
            ),
            CFNotificationCenterRemoveEveryObserver=_function(
                cf, "CFNotificationCenterRemoveEveryObserver", None, p, p
            ),
            CFStringCreateWithCString=_function(
                cf, "CFStringCreateWithCString", p, p, ctypes.c_char_p, ctypes.c_uint32
            ),
            CFRelease=_function(cf, "CFRelease", None, p),
            CFRunLoopGetMain=_function(cf, "CFRunLoopGetMain", p),
            CFRunLoopAddSource=_function(cf, "CFRunLoopAddSource", None, p, p, p),
            CFRunLoopRemoveSource=_function(cf, "CFRunLoopRemoveSource", None, p, p, p),
            kCFRunLoopCommonModes=ctypes.c_void_p.in_dll(cf, "kCFRunLoopCommonModes").value or 0,
        )

    def load_iokit() -> IOKit | None:
        """IOKit's system power calls."""
        iokit = ctypes.CDLL(_IOKIT)
        p = ctypes.c_void_p
        u32 = ctypes.c_uint32
        return IOKit(
            IORegisterForSystemPower=_function(
                iokit,
                "IORegisterForSystemPower",
                u32,
                p,
                ctypes.POINTER(p),
                PowerCallback,
                ctypes.POINTER(u32),
            ),
            IONotificationPortGetRunLoopSource=_function(
                iokit, "IONotificationPortGetRunLoopSource", p, p
            ),
            # The id is declared intptr_t but arrives as the callback's void *: passed back as one.
            IOAllowPowerChange=_function(iokit, "IOAllowPowerChange", ctypes.c_int32, u32, p),
            IODeregisterForSystemPower=_function(
                iokit, "IODeregisterForSystemPower", ctypes.c_int32, ctypes.POINTER(u32)
            ),
            IOServiceClose=_function(iokit, "IOServiceClose", ctypes.c_int32, u32),
            IONotificationPortDestroy=_function(iokit, "IONotificationPortDestroy", None, p),
        )

else:

    def load_core_foundation() -> CoreFoundation | None:
        """CoreFoundation's notification-center and run-loop calls; None off macOS."""
        return None

    def load_iokit() -> IOKit | None:
        """IOKit's system power calls; None off macOS."""
        return None


def make_mac_lock_source(cf: CoreFoundation | None = None) -> MacLockSource | None:
    """The screen-lock notification source on macOS; None elsewhere or on failure (logged)."""
    try:
        core = load_core_foundation() if cf is None else cf
        if core is None:
            return None
        return MacLockSource(core)
    except Exception as exc:  # noqa: BLE001 - any failure means "no lock source"
        log.warning("macOS screen lock notifications unavailable: %s", exc)
        return None


def make_mac_sleep_source(
    cf: CoreFoundation | None = None,
    iokit: IOKit | None = None,
    *,
    release_after_ms: int = DEFAULT_RELEASE_MS,
) -> MacSleepSource | None:
    """The IOKit system power source on macOS; None elsewhere or on failure (logged)."""
    try:
        core = load_core_foundation() if cf is None else cf
        power = load_iokit() if iokit is None else iokit
        if core is None or power is None:
            return None
        return MacSleepSource(core, power, release_after_ms=release_after_ms)
    except Exception as exc:  # noqa: BLE001 - any failure means "no sleep source"
        log.warning("macOS power notifications unavailable: %s", exc)
        return None
