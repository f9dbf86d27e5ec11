"""Windows lock and sleep sources, fed real MSG structs in memory through Qt's filter machinery."""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QAbstractEventDispatcher, QByteArray
from PySide6.QtGui import QWindow

from client.platform import windows_session
from client.platform.windows_session import (
    MSG,
    PBT_APMRESUMEAUTOMATIC,
    PBT_APMRESUMESUSPEND,
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    WTS_SESSION_UNLOCK,
    WindowsLockSource,
    WindowsMessage,
    WindowsMessageFilter,
    WindowsSleepSource,
    WtsApi,
    make_windows_lock_source,
    make_windows_sleep_source,
    message_address,
    read_msg,
)
from tests.platform.native_fakes import FakeWts

GENERIC = b"windows_generic_MSG"
WTS_SESSION_LOGON = 0x5
PBT_POWERSETTINGCHANGE = 0x8013
WM_PAINT = 0x000F
RPC_S_INVALID_BINDING = 1702


def dispatch(hwnd: int, message: int, wparam: int, lparam: int = 0) -> bool:
    """Send a MSG through Qt's own dispatcher to every installed native filter, as Windows would.

    ``filterNativeEvent`` is the C++ entry Qt's window procedure calls: the Python filters get the
    MSG* exactly as they would there (a shiboken6.VoidPtr). The third argument stands for the
    unused ``qintptr *result``.
    """
    msg = MSG(hwnd=hwnd, message=message, wParam=wparam, lParam=lparam)
    dispatcher = QAbstractEventDispatcher.instance()
    assert dispatcher is not None
    address = shiboken6.VoidPtr(ctypes.addressof(msg))
    handled = dispatcher.filterNativeEvent(QByteArray(GENERIC), address, 0)  # type: ignore[call-arg]
    return bool(handled)


def feed(
    event_filter: WindowsMessageFilter,
    hwnd: int,
    message: int,
    wparam: int,
    *,
    event_type: bytes = GENERIC,
) -> object:
    """Call one filter directly with a MSG built in memory; returns what the filter returned."""
    msg = MSG(hwnd=hwnd, message=message, wParam=wparam)
    return event_filter.nativeEventFilter(
        QByteArray(event_type), shiboken6.VoidPtr(ctypes.addressof(msg))
    )


@pytest.fixture
def fake_wts() -> FakeWts:
    return FakeWts()


@pytest.fixture
def lock_source(qapp: Any, fake_wts: FakeWts) -> Iterator[WindowsLockSource]:
    source = make_windows_lock_source(fake_wts.api())
    assert source is not None
    yield source
    source.close()


@pytest.fixture
def sleep_source(qapp: Any) -> Iterator[WindowsSleepSource]:
    source = make_windows_sleep_source(system="win32")
    assert source is not None
    yield source
    source.close()


def test_msg_layout_is_windows_x64() -> None:
    if ctypes.sizeof(ctypes.c_void_p) != 8:
        pytest.skip("64-bit layout")
    offsets = {name: getattr(MSG, name).offset for name, *_ in MSG._fields_}
    assert offsets == {"hwnd": 0, "message": 8, "wParam": 16, "lParam": 24, "time": 32, "pt": 36}
    assert ctypes.sizeof(MSG) == 48


def test_read_msg_from_an_address() -> None:
    msg = MSG(hwnd=0x1234, message=WM_WTSSESSION_CHANGE, wParam=WTS_SESSION_LOCK, lParam=-3)
    pointer = shiboken6.VoidPtr(ctypes.addressof(msg))
    address = message_address(pointer)
    assert address == ctypes.addressof(msg)
    assert read_msg(address) == WindowsMessage(0x1234, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, -3)
    assert message_address(ctypes.addressof(msg)) == ctypes.addressof(msg)
    assert message_address(None) is None
    assert message_address(0) is None
    assert message_address("0x10") is None


def test_lock_and_unlock_through_qt(
    qtbot: Any, lock_source: WindowsLockSource, fake_wts: FakeWts
) -> None:
    hwnd = lock_source.hwnd
    assert hwnd != 0
    assert fake_wts.registered == [(hwnd, 0)]  # NOTIFY_FOR_THIS_SESSION
    assert lock_source.is_locked() is None
    with qtbot.waitSignal(lock_source.lock_changed, timeout=0) as blocker:
        assert dispatch(hwnd, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, lparam=1) is False
    assert blocker.args == [True]
    assert lock_source.is_locked() is True
    with qtbot.assertNotEmitted(lock_source.lock_changed):
        dispatch(hwnd, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, lparam=1)
    with qtbot.waitSignal(lock_source.lock_changed, timeout=0) as blocker:
        dispatch(hwnd, WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK, lparam=1)
    assert blocker.args == [False]
    assert lock_source.is_locked() is False
    with qtbot.assertNotEmitted(lock_source.lock_changed):
        dispatch(hwnd, WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK, lparam=1)


def test_unlock_while_unknown_is_silent(qtbot: Any, lock_source: WindowsLockSource) -> None:
    with qtbot.assertNotEmitted(lock_source.lock_changed):
        feed(lock_source.message_filter, lock_source.hwnd, WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK)
    assert lock_source.is_locked() is False


def test_other_messages_are_ignored_and_never_consumed(
    qtbot: Any, lock_source: WindowsLockSource
) -> None:
    hwnd = lock_source.hwnd
    event_filter = lock_source.message_filter
    with qtbot.assertNotEmitted(lock_source.lock_changed):
        for message, wparam, target, event_type in [
            (WM_PAINT, WTS_SESSION_LOCK, hwnd, GENERIC),
            (WM_POWERBROADCAST, PBT_APMSUSPEND, hwnd, GENERIC),
            (WM_WTSSESSION_CHANGE, WTS_SESSION_LOGON, hwnd, GENERIC),
            # Another window's registration (possibly for every session) is not ours.
            (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, hwnd + 1, GENERIC),
            # Not a MSG at all: the filter must not read it as one.
            (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, hwnd, b"xcb_generic_event_t"),
        ]:
            assert feed(event_filter, target, message, wparam, event_type=event_type) == (False, 0)
        assert event_filter.nativeEventFilter(QByteArray(GENERIC), None) == (False, 0)
    assert lock_source.is_locked() is None


def test_dispatcher_messages_count_too(qtbot: Any, lock_source: WindowsLockSource) -> None:
    with qtbot.waitSignal(lock_source.lock_changed, timeout=0):
        feed(
            lock_source.message_filter,
            lock_source.hwnd,
            WM_WTSSESSION_CHANGE,
            WTS_SESSION_LOCK,
            event_type=b"windows_dispatcher_MSG",
        )


def test_close_unregisters_and_removes_the_filter(qtbot: Any, qapp: Any, fake_wts: FakeWts) -> None:
    source = make_windows_lock_source(fake_wts.api())
    assert source is not None
    hwnd = source.hwnd
    seen: list[bytes] = []

    class Spy(WindowsMessageFilter):
        def nativeEventFilter(self, eventType: Any, message: object, /) -> tuple[bool, int]:
            seen.append(bytes(eventType.data()))
            return False, 0

    # The source's own filter, replaced by a spy with the same registration: close() must
    # remove exactly what it installed.
    spy = Spy(lambda _msg: None, ())
    qapp.removeNativeEventFilter(source.message_filter)
    qapp.installNativeEventFilter(spy)
    source._filter = spy
    dispatch(hwnd, WM_PAINT, 0)
    assert seen == [GENERIC]
    source.close()
    source.close()
    assert fake_wts.unregistered == [hwnd]
    dispatch(hwnd, WM_PAINT, 0)
    assert seen == [GENERIC]
    with qtbot.assertNotEmitted(source.lock_changed):
        dispatch(hwnd, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)


def test_closed_source_ignores_late_messages(qtbot: Any, qapp: Any, fake_wts: FakeWts) -> None:
    source = make_windows_lock_source(fake_wts.api())
    assert source is not None
    event_filter = source.message_filter
    source.close()
    with qtbot.assertNotEmitted(source.lock_changed):
        assert feed(event_filter, source.hwnd, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK) == (
            False,
            0,
        )


def test_registration_failure_gives_no_source(qapp: Any, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="client.platform")
    fake = FakeWts(succeed=False, error=RPC_S_INVALID_BINDING)
    assert make_windows_lock_source(fake.api()) is None
    assert len(fake.registered) == 1
    assert fake.unregistered == []
    assert "Windows lock notifications unavailable" in caplog.text
    assert str(RPC_S_INVALID_BINDING) in caplog.text


def test_a_raising_registration_gives_no_source(qapp: Any, caplog: Any) -> None:
    def boom(_hwnd: int, _flags: int) -> int:
        raise OSError("wtsapi32 is gone")

    api = WtsApi(boom, lambda _hwnd: 1, lambda: 0)
    assert make_windows_lock_source(api) is None
    assert "wtsapi32 is gone" in caplog.text


def test_no_window_gives_no_source(qapp: Any, caplog: Any) -> None:
    def no_window() -> QWindow:
        raise RuntimeError("no native window")

    fake = FakeWts()
    with pytest.raises(RuntimeError):
        WindowsLockSource(fake.api(), window_factory=no_window)
    assert fake.registered == []
    assert make_windows_sleep_source(window_factory=no_window, system="win32") is None
    assert "Windows power notifications unavailable: no native window" in caplog.text


def test_filter_survives_a_failing_reader(caplog: Any) -> None:
    def broken(_address: int) -> WindowsMessage:
        raise ValueError("unreadable")

    handled: list[WindowsMessage] = []
    event_filter = WindowsMessageFilter(handled.append, (WM_PAINT,), reader=broken)
    assert feed(event_filter, 1, WM_PAINT, 0) == (False, 0)
    assert handled == []
    assert "Windows message filter failed" in caplog.text


def test_sleep_and_wake_told_once(qtbot: Any, sleep_source: WindowsSleepSource) -> None:
    hwnd = sleep_source.hwnd
    with qtbot.waitSignal(sleep_source.sleep_changed, timeout=0) as blocker:
        assert dispatch(hwnd, WM_POWERBROADCAST, PBT_APMSUSPEND) is False
    assert blocker.args == [True]
    with qtbot.assertNotEmitted(sleep_source.sleep_changed):
        dispatch(hwnd, WM_POWERBROADCAST, PBT_APMSUSPEND)
    with qtbot.waitSignal(sleep_source.sleep_changed, timeout=0) as blocker:
        dispatch(hwnd, WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC)
    assert blocker.args == [False]
    # A user-started wake adds PBT_APMRESUMESUSPEND after the automatic one: still one wake.
    with qtbot.assertNotEmitted(sleep_source.sleep_changed):
        dispatch(hwnd, WM_POWERBROADCAST, PBT_APMRESUMESUSPEND)
    # Some drivers only send the user wake.
    dispatch(hwnd, WM_POWERBROADCAST, PBT_APMSUSPEND)
    with qtbot.waitSignal(sleep_source.sleep_changed, timeout=0) as blocker:
        dispatch(hwnd, WM_POWERBROADCAST, PBT_APMRESUMESUSPEND)
    assert blocker.args == [False]


def test_sleep_ignores_other_broadcasts_and_windows(
    qtbot: Any, sleep_source: WindowsSleepSource
) -> None:
    hwnd = sleep_source.hwnd
    event_filter = sleep_source.message_filter
    with qtbot.assertNotEmitted(sleep_source.sleep_changed):
        assert feed(event_filter, hwnd, WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC) == (False, 0)
        assert feed(event_filter, hwnd, WM_POWERBROADCAST, PBT_POWERSETTINGCHANGE) == (False, 0)
        assert feed(event_filter, hwnd, WM_WTSSESSION_CHANGE, PBT_APMSUSPEND) == (False, 0)
        # The same broadcast reaches the app's other top-level windows: ours is enough.
        assert feed(event_filter, hwnd + 1, WM_POWERBROADCAST, PBT_APMSUSPEND) == (False, 0)


def test_closed_sleep_source_is_silent(qtbot: Any, qapp: Any) -> None:
    source = make_windows_sleep_source(system="win32")
    assert source is not None
    event_filter = source.message_filter
    source.close()
    source.close()
    with qtbot.assertNotEmitted(source.sleep_changed):
        dispatch(source.hwnd, WM_POWERBROADCAST, PBT_APMSUSPEND)
        feed(event_filter, source.hwnd, WM_POWERBROADCAST, PBT_APMSUSPEND)


def test_factories_decline_off_windows(qapp: Any) -> None:
    assert windows_session.load_wts_api() is None
    assert make_windows_lock_source() is None
    assert make_windows_sleep_source() is None
