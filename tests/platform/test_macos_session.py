"""macOS lock and sleep sources, driven through their real ctypes callbacks by fake CF and IOKit."""

from __future__ import annotations

import ctypes
import dataclasses
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from client.platform import macos_session
from client.platform.macos_session import (
    CF_NOTIFICATION_DELIVER_IMMEDIATELY,
    K_IO_MESSAGE_CAN_SYSTEM_SLEEP,
    K_IO_MESSAGE_SYSTEM_HAS_POWERED_ON,
    K_IO_MESSAGE_SYSTEM_WILL_NOT_SLEEP,
    K_IO_MESSAGE_SYSTEM_WILL_POWER_ON,
    K_IO_MESSAGE_SYSTEM_WILL_SLEEP,
    SCREEN_LOCKED,
    SCREEN_UNLOCKED,
    MacLockSource,
    MacSleepSource,
    make_mac_lock_source,
    make_mac_sleep_source,
)
from tests.platform.native_fakes import (
    CENTER,
    COMMON_MODES,
    MAIN_RUN_LOOP,
    NOTIFIER,
    PORT,
    ROOT_PORT,
    RUN_LOOP_SOURCE,
    FakeCoreFoundation,
    FakeIOKit,
)


@pytest.fixture
def fake_cf() -> FakeCoreFoundation:
    return FakeCoreFoundation()


@pytest.fixture
def fake_iokit() -> FakeIOKit:
    return FakeIOKit()


@pytest.fixture
def lock_source(qapp: Any, fake_cf: FakeCoreFoundation) -> Iterator[MacLockSource]:
    source = make_mac_lock_source(fake_cf.calls())
    assert source is not None
    yield source
    source.close()


@pytest.fixture
def sleep_source(
    qapp: Any, fake_cf: FakeCoreFoundation, fake_iokit: FakeIOKit
) -> Iterator[MacSleepSource]:
    source = make_mac_sleep_source(fake_cf.calls(), fake_iokit.calls(), release_after_ms=60_000)
    assert source is not None
    yield source
    source.close()


def test_lock_observers_are_registered(
    lock_source: MacLockSource, fake_cf: FakeCoreFoundation
) -> None:
    names = sorted(name for _observer, name in fake_cf.observers)
    assert names == [SCREEN_LOCKED, SCREEN_UNLOCKED]
    for callback, obj, behaviour in fake_cf.observers.values():
        assert isinstance(callback, ctypes._CFuncPtr)
        assert obj is None
        assert behaviour == CF_NOTIFICATION_DELIVER_IMMEDIATELY
    assert len({observer for observer, _name in fake_cf.observers}) == 1


def test_lock_and_unlock(
    qtbot: Any, lock_source: MacLockSource, fake_cf: FakeCoreFoundation
) -> None:
    assert lock_source.is_locked() is None
    with qtbot.waitSignal(lock_source.lock_changed, timeout=0) as blocker:
        fake_cf.post(SCREEN_LOCKED)
    assert blocker.args == [True]
    assert lock_source.is_locked() is True
    with qtbot.assertNotEmitted(lock_source.lock_changed):
        fake_cf.post(SCREEN_LOCKED)
        # Screen saver start is not a lock, and nobody observes it.
        fake_cf.post("com.apple.screensaver.didstart")
    with qtbot.waitSignal(lock_source.lock_changed, timeout=0) as blocker:
        fake_cf.post(SCREEN_UNLOCKED)
    assert blocker.args == [False]
    with qtbot.assertNotEmitted(lock_source.lock_changed):
        fake_cf.post(SCREEN_UNLOCKED)
    assert lock_source.is_locked() is False


def test_unlock_while_unknown_is_silent(
    qtbot: Any, lock_source: MacLockSource, fake_cf: FakeCoreFoundation
) -> None:
    with qtbot.assertNotEmitted(lock_source.lock_changed):
        fake_cf.post(SCREEN_UNLOCKED)
    assert lock_source.is_locked() is False


def test_lock_close_removes_observers_and_names(qtbot: Any, qapp: Any) -> None:
    fake = FakeCoreFoundation()
    source = make_mac_lock_source(fake.calls())
    assert source is not None
    observer = next(iter(fake.observers))[0]
    assert id(source) in macos_session._LIVE_CALLBACKS
    source.close()
    source.close()
    assert fake.removed == [(CENTER, observer)]
    assert fake.observers == {}
    assert sorted(fake.released) == [SCREEN_LOCKED, SCREEN_UNLOCKED]
    assert id(source) not in macos_session._LIVE_CALLBACKS
    with qtbot.assertNotEmitted(source.lock_changed):
        fake.post(SCREEN_LOCKED)


def test_lock_registration_failures_give_no_source(qapp: Any, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="client.platform")
    no_center = FakeCoreFoundation()
    no_center.center = None
    assert make_mac_lock_source(no_center.calls()) is None
    assert "no distributed notification center" in caplog.text

    no_string = FakeCoreFoundation()
    no_string.string_fails = True
    live = dict(macos_session._LIVE_CALLBACKS)
    assert make_mac_lock_source(no_string.calls()) is None
    assert "CFStringCreateWithCString failed" in caplog.text
    assert no_string.removed  # whatever was added is taken back
    assert live == macos_session._LIVE_CALLBACKS

    half = FakeCoreFoundation()
    calls = half.calls()
    added: list[str] = []

    def add_once(*args: Any) -> None:
        if added:
            raise OSError("observer table full")
        added.append(half.strings[args[3]])
        half.add_observer(*args)

    broken = dataclasses.replace(calls, CFNotificationCenterAddObserver=add_once)
    assert make_mac_lock_source(broken) is None
    assert "observer table full" in caplog.text
    assert half.observers == {}
    assert sorted(half.released) == [SCREEN_LOCKED, SCREEN_UNLOCKED]


def test_sleep_is_held_until_allowed(
    qtbot: Any,
    sleep_source: MacSleepSource,
    fake_cf: FakeCoreFoundation,
    fake_iokit: FakeIOKit,
) -> None:
    assert fake_cf.run_loop_sources == [(MAIN_RUN_LOOP, RUN_LOOP_SOURCE, COMMON_MODES)]
    with qtbot.waitSignal(sleep_source.sleep_changed, timeout=0) as blocker:
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_WILL_SLEEP, 0x42)
    assert blocker.args == [True]
    assert sleep_source.holds_sleep()
    assert fake_iokit.allowed == []
    sleep_source.allow_sleep()
    sleep_source.allow_sleep()
    assert fake_iokit.allowed == [0x42]
    assert not sleep_source.holds_sleep()
    with qtbot.assertNotEmitted(sleep_source.sleep_changed):
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_WILL_POWER_ON)
    with qtbot.waitSignal(sleep_source.sleep_changed, timeout=0) as blocker:
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_HAS_POWERED_ON)
    assert blocker.args == [False]
    with qtbot.assertNotEmitted(sleep_source.sleep_changed):
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_HAS_POWERED_ON)
    assert fake_iokit.allowed == [0x42]


def test_allowed_from_the_slot_itself(
    qtbot: Any, sleep_source: MacSleepSource, fake_iokit: FakeIOKit
) -> None:
    sleep_source.sleep_changed.connect(lambda sleeping: sleeping and sleep_source.allow_sleep())
    fake_iokit.send(K_IO_MESSAGE_SYSTEM_WILL_SLEEP, 7)
    assert fake_iokit.allowed == [7]
    assert not sleep_source.holds_sleep()


def test_sleep_is_allowed_anyway_after_a_while(
    qtbot: Any, qapp: Any, fake_cf: FakeCoreFoundation, fake_iokit: FakeIOKit
) -> None:
    source = make_mac_sleep_source(fake_cf.calls(), fake_iokit.calls(), release_after_ms=50)
    assert source is not None
    try:
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_WILL_SLEEP, 9)
        assert fake_iokit.allowed == []
        qtbot.waitUntil(lambda: fake_iokit.allowed == [9], timeout=2000)
        assert not source.holds_sleep()
    finally:
        source.close()


def test_other_power_messages(
    qtbot: Any, sleep_source: MacSleepSource, fake_iokit: FakeIOKit
) -> None:
    with qtbot.assertNotEmitted(sleep_source.sleep_changed):
        # An idle-sleep query must be answered, and is never vetoed.
        fake_iokit.send(K_IO_MESSAGE_CAN_SYSTEM_SLEEP, 5)
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_WILL_NOT_SLEEP)
        fake_iokit.send(0xE0000010)  # kIOMessageServiceIsTerminated: not ours to act on
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_HAS_POWERED_ON)  # a wake without a sleep
    assert fake_iokit.allowed == [5]


def test_repeated_will_sleep_is_still_answered(
    qtbot: Any, sleep_source: MacSleepSource, fake_iokit: FakeIOKit
) -> None:
    with qtbot.waitSignal(sleep_source.sleep_changed, timeout=0):
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_WILL_SLEEP, 1)
    with qtbot.assertNotEmitted(sleep_source.sleep_changed):
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_WILL_SLEEP, None)  # NULL argument: id 0
    assert fake_iokit.allowed == [0]
    sleep_source.allow_sleep()
    assert fake_iokit.allowed == [0, 1]


def test_sleep_close_allows_and_deregisters(
    qtbot: Any, qapp: Any, fake_cf: FakeCoreFoundation, fake_iokit: FakeIOKit
) -> None:
    source = make_mac_sleep_source(fake_cf.calls(), fake_iokit.calls())
    assert source is not None
    live = len(macos_session._LIVE_CALLBACKS)
    fake_iokit.send(K_IO_MESSAGE_SYSTEM_WILL_SLEEP, 3)
    source.close()
    source.close()
    assert fake_iokit.allowed == [3]  # a pending sleep is never left hanging
    assert fake_cf.run_loop_removed == [(MAIN_RUN_LOOP, RUN_LOOP_SOURCE, COMMON_MODES)]
    assert fake_iokit.calls_made == [
        "register",
        f"deregister {NOTIFIER}",
        f"close {ROOT_PORT:#x}",
        f"destroy {PORT:#x}",
    ]
    assert len(macos_session._LIVE_CALLBACKS) == live - 1
    with qtbot.assertNotEmitted(source.sleep_changed):
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_HAS_POWERED_ON)
        fake_iokit.send(K_IO_MESSAGE_SYSTEM_WILL_SLEEP, 4)
    assert fake_iokit.allowed == [3, 4]  # answered even after close


def test_sleep_registration_failures_give_no_source(
    qapp: Any, caplog: Any, fake_cf: FakeCoreFoundation
) -> None:
    caplog.set_level(logging.INFO, logger="client.platform")
    refused = FakeIOKit()
    refused.root = 0
    assert make_mac_sleep_source(fake_cf.calls(), refused.calls()) is None
    assert "IORegisterForSystemPower failed" in caplog.text
    assert refused.calls_made == ["register"]

    no_source = FakeIOKit()
    no_source.run_loop_source = None
    assert make_mac_sleep_source(fake_cf.calls(), no_source.calls()) is None
    assert "no run loop source" in caplog.text
    assert no_source.calls_made == [
        "register",
        f"deregister {NOTIFIER}",
        f"close {ROOT_PORT:#x}",
        f"destroy {PORT:#x}",
    ]
    assert fake_cf.run_loop_sources == []


def test_callback_errors_are_logged_not_raised(
    qtbot: Any, sleep_source: MacSleepSource, fake_iokit: FakeIOKit, caplog: Any
) -> None:
    def refuse(_root: int, _id: int) -> int:
        raise OSError("kernel said no")

    object.__setattr__(sleep_source._iokit, "IOAllowPowerChange", refuse)
    fake_iokit.send(K_IO_MESSAGE_CAN_SYSTEM_SLEEP, 1)
    assert "macOS power callback failed" in caplog.text


def test_factories_decline_off_macos(qapp: Any) -> None:
    assert macos_session.load_core_foundation() is None
    assert macos_session.load_iokit() is None
    assert make_mac_lock_source() is None
    assert make_mac_sleep_source() is None
