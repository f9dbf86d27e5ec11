"""X11 idle sources against a real Xvfb, with xdotool (XTEST) as the user."""

from __future__ import annotations

import time
from typing import Any

import pytest

from client.platform.base import IdleSource
from client.platform.x11_idle import (
    X11IdleSource,
    make_x11_idle_source,
    x11_unavailable_reason,
)
from tests.fixtures.xvfb import xdotool

pytestmark = pytest.mark.x11


def _source(display: str, backend: str, watch_after: float = 1.0) -> IdleSource:
    source = make_x11_idle_source(
        environ={"DISPLAY": display}, backends=(backend,), watch_after=watch_after
    )
    assert isinstance(source, X11IdleSource)
    return source


@pytest.mark.parametrize("backend", ["xsync", "xss"])
def test_idle_grows_and_input_resets_it(qtbot: Any, xvfb_display: str, backend: str) -> None:
    source = _source(xvfb_display, backend)
    try:
        first = source.idle_seconds()
        assert first is not None
        started = time.monotonic()
        qtbot.wait(1200)
        second = source.idle_seconds()
        elapsed = time.monotonic() - started
        assert second is not None
        assert second - first == pytest.approx(elapsed, abs=0.3)
        # Past watch_after: the 1 s return-from-idle timer runs, so the return is noticed
        # without anyone polling.
        assert source.is_watching()  # type: ignore[attr-defined]
        with qtbot.waitSignal(source.activity_resumed, timeout=2500):
            xdotool(xvfb_display, "mousemove_relative", "--", "3", "3")
            moved = time.monotonic()
        assert time.monotonic() - moved < 1.5
        after = source.idle_seconds()
        assert after is not None
        assert after < second
    finally:
        source.close()
        source.close()
    assert source.idle_seconds() is None


def test_a_key_press_is_input_too(qtbot: Any, xvfb_display: str) -> None:
    source = _source(xvfb_display, "xsync", watch_after=0.5)
    try:
        qtbot.waitUntil(lambda: (source.idle_seconds() or 0) >= 0.6, timeout=3000)
        # A poll right after the input notices the drop at once, without the 1 s timer.
        with qtbot.waitSignal(source.activity_resumed, timeout=0):
            xdotool(xvfb_display, "key", "shift")
            idle = source.idle_seconds()
        assert idle is not None
        assert idle < 0.5
    finally:
        source.close()


def test_short_idle_drops_are_not_a_return(qtbot: Any, xvfb_display: str) -> None:
    source = _source(xvfb_display, "xsync", watch_after=30.0)
    try:
        with qtbot.assertNotEmitted(source.activity_resumed, wait=300):
            source.idle_seconds()
            xdotool(xvfb_display, "mousemove_relative", "--", "3", "3")
            source.idle_seconds()
        assert not source.is_watching()  # type: ignore[attr-defined]
    finally:
        source.close()


@pytest.mark.parametrize(
    ("environ", "platform_name"),
    [
        ({"XDG_SESSION_TYPE": "wayland"}, "xcb"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "xcb"),
        ({}, "wayland"),
        ({}, "wayland-egl"),
    ],
)
def test_never_used_under_wayland(
    xvfb_display: str, environ: dict[str, str], platform_name: str
) -> None:
    environ = {"DISPLAY": xvfb_display, **environ}
    assert x11_unavailable_reason(environ, platform_name) is not None
    assert make_x11_idle_source(environ=environ, platform_name=platform_name) is None


def test_unavailable_without_a_display() -> None:
    assert make_x11_idle_source(environ={}) is None
    # Nothing listens on this display: both backends fail cleanly, no exit() from Xlib.
    assert make_x11_idle_source(environ={"DISPLAY": ":4093"}) is None


def test_offscreen_qt_with_a_display_may_use_x11(qapp: Any, xvfb_display: str) -> None:
    environ = {"DISPLAY": xvfb_display, "XDG_SESSION_TYPE": "x11"}
    assert x11_unavailable_reason(environ) is None  # Qt here is "offscreen"
    source = make_x11_idle_source(environ=environ)
    assert source is not None
    assert source.name == "X11 XSync IDLETIME"
    source.close()
