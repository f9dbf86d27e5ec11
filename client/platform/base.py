"""The small interfaces every OS signal source implements, and the fallback-chain chooser."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class ForegroundSource(QObject):
    """Whether the user looks at this app: active, with a visible, non-minimised focus window."""

    foreground_changed = Signal(bool)
    name = "foreground"

    def is_foreground(self) -> bool:
        raise NotImplementedError


class IdleSource(QObject):
    """System-wide time since the last user input; polled by the activity service.

    Event-driven sources (Wayland idle notifiers) answer from their last event. Every source emits
    ``activity_resumed`` when it learns of input after idleness, so the return is seen at once
    rather than at the next poll.
    """

    activity_resumed = Signal()
    name = "idle"

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when the source cannot answer right now."""
        raise NotImplementedError

    def close(self) -> None:
        """Release OS resources (connections, displays); safe to call twice."""


class LockSource(QObject):
    """Screen lock state."""

    lock_changed = Signal(bool)
    name = "lock"

    def is_locked(self) -> bool | None:
        """The current state when known, None when the source only reports changes."""
        raise NotImplementedError

    def close(self) -> None:
        """Release OS resources; safe to call twice."""


class SleepSource(QObject):
    """System suspend: ``sleep_changed(True)`` just before sleeping, ``(False)`` after waking."""

    sleep_changed = Signal(bool)
    name = "sleep"

    def close(self) -> None:
        """Release OS resources; safe to call twice."""


T = TypeVar("T")


def choose_first[T](
    kind: str, candidates: Sequence[tuple[str, Callable[[], T | None]]]
) -> T | None:
    """Try factories in order and keep the first that works; log every decision once at start.

    A factory returns None (or raises) when its backend is unavailable on this system.
    """
    for label, factory in candidates:
        try:
            source = factory()
        except Exception as exc:  # noqa: BLE001 - any failure means "not this backend"
            log.info("%s source %s unavailable: %s", kind, label, exc)
            continue
        if source is not None:
            log.info("%s source: using %s", kind, label)
            return source
        log.info("%s source %s unavailable", kind, label)
    # Normal on many systems (no logind, no screen saver service): the app works without it.
    log.info("%s source: none available", kind)
    return None
