"""Watches focus, system idle, screen lock and sleep, and tells every session what follows."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from client.core.activity import (
    ActivityDecision,
    ActivityInputs,
    ActivityPolicy,
    ActivitySettings,
    UserStatus,
)
from client.core.settings import Settings
from client.platform.base import ForegroundSource, IdleSource, LockSource, SleepSource
from client.services.session_bridge import SessionBridge
from client.xmpp.activity import PrivacyOptions

log = logging.getLogger(__name__)

# activity.xa_after = 0 means "never": a threshold no real idle reading reaches (the policy
# treats readings beyond a year as garbage).
_NEVER = 10 * 366 * 24 * 3600.0
# A timer never fires sooner than this after an evaluation, so a reading that lands a hair
# before a threshold cannot make the service spin.
_MIN_TIMER_MS = 50
_MAX_TIMER_MS = 24 * 3600 * 1000
# After the threshold instant, wait this much more: idle readings are whole milliseconds
# (X11) or coarser, and the policy must see the threshold crossed.
_TIMER_SLACK_MS = 20
# Input within this much of what a pre-sleep reading predicts is still the pre-sleep input.
_SUSPEND_TOLERANCE_S = 0.5
# How long the presence may take to leave before the system is allowed to sleep; logind's
# own limit (InhibitDelayMaxSec) is 5 s by default.
SLEEP_FLUSH_TIMEOUT = 1.5


def activity_settings_from(settings: Settings) -> ActivitySettings:
    """The policy's settings from activity.* and privacy.publish_idle."""
    away = settings.get_duration("activity.away_after")
    xa = settings.get_duration("activity.xa_after")
    xa = _NEVER if xa == 0 else max(xa, away)
    return ActivitySettings(
        auto_away=settings.get_bool("activity.auto_away"),
        away_after=away,
        xa_after=xa,
        xa_on_lock=settings.get_bool("activity.xa_on_lock"),
        inactive_grace=settings.get_duration("activity.inactive_grace"),
        publish_idle=settings.get_bool("privacy.publish_idle"),
        away_message=settings.get_str("activity.away_message"),
        xa_message=settings.get_str("activity.xa_message"),
    )


def privacy_from(settings: Settings) -> PrivacyOptions:
    return PrivacyOptions(
        publish_idle=settings.get_bool("privacy.publish_idle"),
        publish_idle_to_groupchats=settings.get_bool("privacy.publish_idle_to_groupchats"),
        answer_last_activity=settings.get_bool("privacy.answer_last_activity"),
    )


@dataclass
class ActivitySources:
    """The OS signal sources the service listens to; None where this system has none."""

    foreground: ForegroundSource | None = None
    idle: IdleSource | None = None
    lock: LockSource | None = None
    sleep: SleepSource | None = None

    def close(self) -> None:
        for source in (self.foreground, self.idle, self.lock, self.sleep):
            close = getattr(source, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:
                    log.exception("closing %s failed", source)


def make_sources(*, watch_after: float | None = None) -> ActivitySources:
    """The best sources this system offers (each chain logs its choice once). Needs a QGuiApp."""
    from client.platform.chains import (  # noqa: PLC0415
        make_foreground_source,
        make_idle_source,
        make_lock_source,
        make_sleep_source,
    )
    from client.platform.native_idle import DEFAULT_WATCH_AFTER  # noqa: PLC0415

    after = DEFAULT_WATCH_AFTER if watch_after is None else min(watch_after, DEFAULT_WATCH_AFTER)
    return ActivitySources(
        foreground=make_foreground_source(),
        idle=make_idle_source(watch_after=after),
        lock=make_lock_source(),
        sleep=make_sleep_source(),
    )


@dataclass(frozen=True)
class SessionCsi:
    """What one session's server was told (XEP-0352)."""

    jid: str
    online: bool
    supported: bool
    told: bool | None  # True: <active/>, False: <inactive/>, None: nothing on this stream


@dataclass(frozen=True)
class ActivitySnapshot:
    """Everything the status bar shows: our presence as contacts see it and what servers know."""

    decision: ActivityDecision | None
    user: UserStatus
    sessions: tuple[SessionCsi, ...] = field(default_factory=tuple)
    locked: bool = False
    sleeping: bool = False


class ActivityService(QObject):
    """Feeds ActivityPolicy from the platform sources and applies its decisions to sessions.

    Evaluates at once on every signal (focus, visibility, lock, sleep, return from idle) and
    otherwise only when ``policy.next_check`` says the decision could change, on a single-shot
    timer. Nothing polls while nothing can change.
    """

    decision_changed = Signal(object)  # ActivityDecision, when something must be sent
    state_changed = Signal(object)  # ActivitySnapshot, for the status bar

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        sources: ActivitySources | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        settings = settings if settings is not None else Settings()
        self.policy = ActivityPolicy(activity_settings_from(settings))
        self.privacy = privacy_from(settings)
        self.sources = sources
        self._clock = clock
        self._bridges: dict[str, SessionBridge] = {}
        self._locked = False
        self._sleeping = False
        # Across a suspend: (wall-clock wake time, last input before the sleep, idle then).
        self._wake: tuple[datetime, datetime, float] | None = None
        self._slept: tuple[datetime, float] | None = None
        self._started = False
        self._tasks: set[asyncio.Task[Any]] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # Coarse timers may fire 5 % late: 15 s on a 5-minute threshold.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.evaluate)
        self.evaluations = 0  # for tests and benchmarks: how often the policy ran

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Build the sources (unless given), listen to them and evaluate once."""
        if self._started:
            return
        self._started = True
        if self.sources is None:
            self.sources = make_sources(watch_after=self.policy.settings.away_after)
        src = self.sources
        if src.foreground is not None:
            src.foreground.foreground_changed.connect(self._on_signal)
            visibility = getattr(src.foreground, "visibility_changed", None)
            if visibility is not None:
                visibility.connect(self._on_signal)
        if src.idle is not None:
            src.idle.activity_resumed.connect(self._on_activity_resumed)
        if src.lock is not None:
            self._locked = src.lock.is_locked() is True
            src.lock.lock_changed.connect(self._on_lock_changed)
        if src.sleep is not None:
            src.sleep.sleep_changed.connect(self._on_sleep_changed)
        self.evaluate()

    async def close(self) -> None:
        self._timer.stop()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.sources is not None:
            self.sources.close()

    # -- sessions -----------------------------------------------------------------------------

    def attach(self, bridge: SessionBridge) -> None:
        """Drive this session's presence and CSI from now on (call before it starts)."""
        self._bridges[bridge.jid] = bridge
        bridge.activity.set_privacy(self.privacy)
        bridge.activity.on_changed.append(self._emit_state)
        decision = self.policy.decision
        if decision is not None:
            bridge.activity.apply_decision(decision)
        self._emit_state()

    def detach(self, jid: str) -> None:
        bridge = self._bridges.pop(jid, None)
        if bridge is not None:
            with contextlib.suppress(ValueError):
                bridge.activity.on_changed.remove(self._emit_state)
            self._emit_state()

    # -- what the UI changes ------------------------------------------------------------------

    def set_user_status(self, status: UserStatus) -> None:
        """The status the user chose by hand (restored whenever they are back)."""
        self.policy.set_user_status(status)
        self._evaluate_if_started()

    def apply_settings(self, settings: Settings) -> None:
        self.privacy = privacy_from(settings)
        for bridge in self._bridges.values():
            bridge.activity.set_privacy(self.privacy)
        self.set_policy_settings(activity_settings_from(settings))

    def set_policy_settings(self, settings: ActivitySettings) -> None:
        """Policy settings directly (tests use thresholds below what the schema allows)."""
        self.policy.set_settings(settings)
        self._evaluate_if_started()

    def _evaluate_if_started(self) -> None:
        if self._started:
            self.evaluate()
        else:
            self._emit_state()

    # -- evaluation ---------------------------------------------------------------------------

    def snapshot(self) -> ActivitySnapshot:
        sessions = tuple(
            SessionCsi(
                jid,
                bridge.activity.online,
                bridge.activity.csi_supported,
                bridge.activity.csi_told,
            )
            for jid, bridge in self._bridges.items()
        )
        return ActivitySnapshot(
            self.policy.decision,
            self.policy.user_status,
            sessions,
            self._locked,
            self._sleeping,
        )

    def current_inputs(self, now: datetime | None = None) -> ActivityInputs:
        now = now if now is not None else self._clock()
        src = self.sources or ActivitySources()
        foreground = visible = True
        if src.foreground is not None:
            foreground = src.foreground.is_foreground()
            is_visible = getattr(src.foreground, "is_visible", None)
            visible = bool(is_visible()) if is_visible is not None else True
        idle: float | None = None
        if src.idle is not None:
            try:
                idle = src.idle.idle_seconds()
            except Exception:
                log.exception("idle source %s failed", src.idle.name)
        if idle is not None:
            idle = self._correct_for_suspend(idle, now)
        return ActivityInputs(
            foreground=foreground,
            visible=visible,
            idle_seconds=idle,
            locked=self._locked,
            sleeping=self._sleeping,
        )

    def _correct_for_suspend(self, idle: float, now: datetime) -> float:
        """Idle time that counts a suspend, until the first input after waking.

        X11's IDLETIME and Mutter count on CLOCK_MONOTONIC, which stands still while the
        machine sleeps: after eight hours asleep they say "idle 20 s", and the user would turn
        available with no one at the keyboard. A reading no smaller than what the pre-sleep
        input alone explains means no input since; the sleep is then added back. (A source
        that already counts the sleep gives a larger reading and gets the same answer.)
        """
        if self._wake is None:
            return idle
        woke_at, last_input, idle_at_sleep = self._wake
        explained = (now - woke_at).total_seconds() + idle_at_sleep
        if idle >= explained - _SUSPEND_TOLERANCE_S:
            return max(idle, (now - last_input).total_seconds())
        self._wake = None  # real input after waking: readings are right again
        return idle

    def evaluate(self) -> ActivityDecision:
        """Read the sources, run the policy, send what changed, arm the timer."""
        self._timer.stop()
        now = self._clock()
        decision = self.policy.evaluate(self.current_inputs(now), now)
        self.evaluations += 1
        if self.policy.changes.any:
            log.info("activity: %s", decision.reason)
            for bridge in self._bridges.values():
                bridge.activity.apply_decision(decision)
            self.decision_changed.emit(decision)
            self._emit_state()
        self._schedule(now)
        return decision

    def _schedule(self, now: datetime) -> None:
        when = self.policy.next_check(now)
        if when is None:
            return
        ms = (when - now).total_seconds() * 1000 + _TIMER_SLACK_MS
        if not math.isfinite(ms):
            return
        self._timer.start(int(min(max(ms, _MIN_TIMER_MS), _MAX_TIMER_MS)))

    def next_check_in_ms(self) -> int | None:
        """Milliseconds until the timer fires, None when only a signal can change anything."""
        return self._timer.remainingTime() if self._timer.isActive() else None

    def _emit_state(self) -> None:
        self.state_changed.emit(self.snapshot())

    # -- signals ------------------------------------------------------------------------------

    def _on_signal(self, *_args: object) -> None:
        self.evaluate()

    def _on_activity_resumed(self) -> None:
        self.evaluate()

    def _on_lock_changed(self, locked: bool) -> None:
        self._locked = bool(locked)
        self.evaluate()

    def _on_sleep_changed(self, sleeping: bool) -> None:
        sleeping = bool(sleeping)
        if sleeping == self._sleeping:
            return
        if not sleeping and self._slept is not None:
            self._wake = (self._clock(), *self._slept)
            self._slept = None
        self._sleeping = sleeping
        self.evaluate()
        if sleeping:
            self._wake = None
            last_input = self.policy.state.last_input
            if last_input is not None:
                idle_then = (self._clock() - last_input).total_seconds()
                self._slept = (last_input, idle_then)
            self._spawn(self._flush_then_sleep())
        else:
            # The network may have gone with the sleep; skip whatever backoff is left.
            for bridge in self._bridges.values():
                bridge.session.reconnect_now()

    async def _flush_then_sleep(self) -> None:
        """Let the xa presence and <inactive/> reach the socket, then release the sleep lock."""
        bridges = list(self._bridges.values())
        results = await asyncio.gather(
            *(b.activity.flush(SLEEP_FLUSH_TIMEOUT) for b in bridges), return_exceptions=True
        )
        for bridge, result in zip(bridges, results, strict=True):
            if result is not True:
                log.info("%s: presence not flushed before sleep (%s)", bridge.jid, result)
        sleep = self.sources.sleep if self.sources is not None else None
        allow = getattr(sleep, "allow_sleep", None)
        if allow is not None and self._sleeping:
            allow()

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
