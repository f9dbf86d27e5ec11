"""The idle and foreground chains pick the right backend per OS and environment."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from client.platform.app_idle import AppInputIdleSource
from client.platform.chains import idle_candidates, make_foreground_source, make_idle_source
from client.platform.foreground import QtForegroundSource
from client.platform.x11_idle import X11IdleSource


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
