"""The idle and foreground chains pick the right backend per OS and environment."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from client.platform import macos_session, windows_session
from client.platform.app_idle import AppInputIdleSource
from client.platform.chains import (
    idle_candidates,
    make_foreground_source,
    make_idle_source,
    make_lock_source,
    make_sleep_source,
)
from client.platform.foreground import QtForegroundSource
from client.platform.macos_session import MacLockSource, MacSleepSource
from client.platform.windows_session import WindowsLockSource, WindowsSleepSource
from client.platform.x11_idle import X11IdleSource
from tests.platform.native_fakes import FakeCoreFoundation, FakeIOKit, FakeWts


def test_linux_order() -> None:
    labels = [label for label, _ in idle_candidates(system="linux", environ={})]
    assert labels[-3:] == ["X11", "Wayland", "app-input"]
    # The D-Bus sources come first (when client.platform.dbus_chains is importable).
    assert labels[:-3] in ([], ["mutter", "org.freedesktop.ScreenSaver"])


@pytest.mark.parametrize(
    ("system", "labels"),
    [("win32", ["GetLastInputInfo", "app-input"]), ("darwin", ["CoreGraphics", "app-input"])],
)
def test_windows_and_mac_order(system: str, labels: list[str]) -> None:
    assert [label for label, _ in idle_candidates(system=system)] == labels


@pytest.mark.parametrize("system", ["linux", "win32", "darwin"])
def test_falls_back_to_app_input(qapp: Any, caplog: Any, system: str) -> None:
    # No session bus (the test conftest points it nowhere), no DISPLAY, not Windows or macOS.
    caplog.set_level(logging.INFO, logger="client.platform")
    source = make_idle_source(system=system, environ={})
    try:
        assert isinstance(source, AppInputIdleSource)
        assert "idle source: using app-input" in caplog.text
    finally:
        source.close()


@pytest.mark.x11
def test_linux_x11_session_uses_x11(qapp: Any, xvfb_display: str) -> None:
    source = make_idle_source(system="linux", environ={"DISPLAY": xvfb_display})
    try:
        assert isinstance(source, X11IdleSource)
        assert source.idle_seconds() is not None
    finally:
        source.close()


@pytest.mark.x11
def test_wayland_session_never_uses_x11(qapp: Any, xvfb_display: str) -> None:
    environ = {"DISPLAY": xvfb_display, "WAYLAND_DISPLAY": "wayland-test-nonexistent"}
    source = make_idle_source(system="linux", environ=environ)
    try:
        assert not isinstance(source, X11IdleSource)
    finally:
        source.close()


def test_foreground_source(qapp: Any) -> None:
    source = make_foreground_source()
    assert isinstance(source, QtForegroundSource)
    source.close()


def test_windows_lock_and_sleep(qapp: Any, caplog: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.INFO, logger="client.platform")
    fake = FakeWts()
    monkeypatch.setattr(windows_session, "load_wts_api", fake.api)
    lock = make_lock_source(system="win32")
    sleep = make_sleep_source(system="win32")
    try:
        assert isinstance(lock, WindowsLockSource)
        assert isinstance(sleep, WindowsSleepSource)
        assert fake.registered == [(lock.hwnd, 0)]
        assert "lock source: using WTS session notifications" in caplog.text
        assert "sleep source: using WM_POWERBROADCAST" in caplog.text
    finally:
        for source in (lock, sleep):
            if source is not None:
                source.close()
    assert fake.unregistered == [lock.hwnd]


def test_mac_lock_and_sleep(qapp: Any, caplog: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.INFO, logger="client.platform")
    cf, iokit = FakeCoreFoundation(), FakeIOKit()
    monkeypatch.setattr(macos_session, "load_core_foundation", cf.calls)
    monkeypatch.setattr(macos_session, "load_iokit", iokit.calls)
    lock = make_lock_source(system="darwin")
    sleep = make_sleep_source(system="darwin")
    try:
        assert isinstance(lock, MacLockSource)
        assert isinstance(sleep, MacSleepSource)
        assert "lock source: using com.apple.screenIsLocked" in caplog.text
        assert "sleep source: using IORegisterForSystemPower" in caplog.text
    finally:
        for source in (lock, sleep):
            if source is not None:
                source.close()


@pytest.mark.parametrize("system", ["win32", "darwin"])
def test_native_registration_failure_means_no_source(
    qapp: Any, caplog: Any, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    caplog.set_level(logging.INFO, logger="client.platform")
    refused = FakeIOKit()
    refused.root = 0
    monkeypatch.setattr(windows_session, "load_wts_api", FakeWts(succeed=False).api)
    monkeypatch.setattr(macos_session, "load_core_foundation", FakeCoreFoundation().calls)
    monkeypatch.setattr(macos_session, "load_iokit", refused.calls)
    if system == "darwin":
        cf = FakeCoreFoundation()
        cf.center = None
        monkeypatch.setattr(macos_session, "load_core_foundation", cf.calls)
    assert make_lock_source(system=system) is None
    assert "lock source: none available" in caplog.text
    if system == "darwin":
        assert make_sleep_source(system=system) is None
        assert "sleep source: none available" in caplog.text


@pytest.mark.parametrize("system", ["win32", "darwin"])
def test_native_sources_off_their_os(qapp: Any, caplog: Any, system: str) -> None:
    # Here (Linux) the real loaders have nothing to load: no source, logged, nothing raised.
    caplog.set_level(logging.INFO, logger="client.platform")
    assert make_lock_source(system=system) is None
    assert "lock source: none available" in caplog.text
    if system == "darwin":
        assert make_sleep_source(system=system) is None


def test_linux_without_buses_has_no_lock_or_sleep(qapp: Any, caplog: Any) -> None:
    # The test conftest points both buses at sockets that do not exist.
    caplog.set_level(logging.INFO, logger="client.platform")
    assert make_lock_source(system="linux") is None
    assert make_sleep_source(system="linux") is None
    assert "no D-Bus session or system bus" in caplog.text
