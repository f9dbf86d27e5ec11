"""Wayland idle notifications (ext_idle_notifier_v1, org_kde_kwin_idle): not implemented yet."""

from __future__ import annotations

import logging

from client.platform.base import IdleSource

log = logging.getLogger(__name__)


def make_wayland_idle_source(*, watch_after: float = 30.0) -> IdleSource | None:
    """Always None for now, with the reason logged."""
    log.info("Wayland idle notifier: not implemented")
    return None
