"""The activity service in-process: timer scheduling, suspend arithmetic, sleep flush and wake."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from client.core.activity import ActivitySettings, StatusShow, UserStatus
from client.core.settings import Settings
from client.platform.base import ForegroundSource, IdleSource, LockSource, SleepSource
from client.services.activity_service import (
    ActivityService,
    ActivitySources,
    activity_settings_from,
    privacy_from,
)
from client.services.session_bridge import SessionBridge
from client.xmpp.session import ConnectOptions
from tests.qasync_helpers import run_qasync, until


class FakeForeground(ForegroundSource):
    def __init__(self) -> None:
        super().__init__()
        self.foreground = True

    def is_foreground(self) -> bool:
        return self.foreground


class FakeIdle(IdleSource):
    """Idle time from a monotonic clock that, like X11's, stands still while ``suspended``."""

    def __init__(self) -> None:
        super().__init__()
        self.last_input = time.monotonic()
        self.offset = 0.0  # seconds the machine "slept": invisible to this source
        self.reads = 0

    def touch(self) -> None:
        self.last_input = time.monotonic() - self.offset

    def idle_seconds(self) -> float | None:
        self.reads += 1
        return max(0.0, time.monotonic() - self.offset - self.last_input)


class FakeLock(LockSource):
    def is_locked(self) -> bool | None:
        return None


class FakeSleep(SleepSource):
    def __init__(self) -> None:
        super().__init__()
        self.allowed: list[float] = []

    def allow_sleep(self) -> None:
        self.allowed.append(time.monotonic())


class Clock:
    """Wall clock for the service: real time plus whatever the test says the machine slept."""

    def __init__(self) -> None:
        self.slept = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.slept


def sources() -> tuple[ActivitySources, FakeForeground, FakeIdle, FakeLock, FakeSleep]:
    fg, idle, lock, sleep = FakeForeground(), FakeIdle(), FakeLock(), FakeSleep()
    return ActivitySources(fg, idle, lock, sleep), fg, idle, lock, sleep


FAST = ActivitySettings(
    away_after=0.4, xa_after=60, inactive_grace=0.3, min_active_dwell=0, return_poll=0.2
)


def test_settings_map_to_policy_and_privacy() -> None:
    settings = Settings()
    settings.set("activity.away_after", 600.0)
    settings.set("activity.xa_after", 0.0)  # never
    settings.set("privacy.publish_idle", False)
    settings.set("privacy.answer_last_activity", False)
    policy = activity_settings_from(settings)
    assert policy.away_after == 600
    assert policy.xa_after > 10 * 365 * 24 * 3600
    assert not policy.publish_idle
    settings.set("activity.xa_after", 60.0)  # shorter than away: xa together with away
    assert activity_settings_from(settings).xa_after == 600
    privacy = privacy_from(settings)
    assert (privacy.publish_idle, privacy.answer_last_activity) == (False, False)


def test_timer_follows_next_check_and_signals_evaluate_at_once(qapp) -> None:
    srcs, fg, idle, _lock, _sleep = sources()
    service = ActivityService(sources=srcs)
    service.set_policy_settings(FAST)

    async def scenario() -> None:
        service.start()
        decision = service.policy.decision
        assert decision is not None
        assert decision.csi_active
        # Present and in front: one timer, for the away threshold, nothing polling.
        remaining = service.next_check_in_ms()
        assert remaining is not None
        assert 300 <= remaining <= 450
        started = service.evaluations
        await until(lambda: service.policy.decision.show == StatusShow.AWAY, timeout=2)
        assert service.evaluations - started <= 2
        away = service.policy.decision
        assert away.idle_since is not None
        assert not away.csi_active
        # While away the return is polled every return_poll (0.2 s).
        idle.touch()
        await until(lambda: service.policy.decision.show == StatusShow.AVAILABLE, timeout=1)
        # A focus change is evaluated at once; CSI goes inactive after the grace.
        idle.touch()
        fg.foreground = False
        fg.foreground_changed.emit(False)
        assert service.policy.decision.csi_active
        await until(lambda: not service.policy.decision.csi_active, timeout=1)
        assert service.policy.decision.show == StatusShow.AVAILABLE
        fg.foreground = True
        fg.foreground_changed.emit(True)
        assert service.policy.decision.csi_active
        # A hand-set dnd is kept while away, and idle is still published.
        service.set_user_status(UserStatus(StatusShow.DND, "focus"))
        await until(lambda: service.policy.decision.idle_since is not None, timeout=2)
        assert service.policy.decision.show == StatusShow.DND
        await service.close()

    run_qasync(scenario(), timeout=10)


def test_suspend_is_counted_although_the_idle_source_does_not(qapp) -> None:
    """After waking, X11/Mutter idle lacks the time asleep; since and away must stay."""
    srcs, _fg, idle, _lock, sleep = sources()
    clock = Clock()
    service = ActivityService(sources=srcs, clock=clock)
    service.set_policy_settings(
        ActivitySettings(away_after=600, xa_after=1200, inactive_grace=60, return_poll=5)
    )
    reconnects: list[float] = []

    async def scenario() -> None:
        # Built inside the running loop, as slixmpp needs (FIELD-NOTES §3); never connected.
        bridge = SessionBridge(ConnectOptions(jid="me@localhost"), "secret")
        bridge.session.reconnect_now = lambda: reconnects.append(1.0)  # type: ignore[method-assign]
        service.attach(bridge)
        idle.last_input -= 30  # the lid closes half a minute after the last key press
        service.start()
        last_key = clock() - timedelta(seconds=30)
        sleep.sleep_changed.emit(True)
        asleep = service.policy.decision
        assert asleep.show == StatusShow.XA
        assert not asleep.csi_active
        assert asleep.idle_since is not None
        assert abs((asleep.idle_since - last_key).total_seconds()) < 0.5
        assert bridge.activity.presence.show == StatusShow.XA  # applied to the session
        await until(lambda: bool(sleep.allowed), timeout=2)  # offline: nothing to flush
        # Eight hours pass; the idle source does not see them.
        clock.slept = timedelta(hours=8)
        sleep.sleep_changed.emit(False)
        assert reconnects
        woke = service.policy.decision
        assert woke.show == StatusShow.XA, woke.reason  # idle 8 h, not 0.01 s
        assert woke.idle_since == asleep.idle_since
        # The first real input after waking ends it.
        idle.touch()
        assert service.evaluate().show == StatusShow.AVAILABLE
        await service.close()

    run_qasync(scenario(), timeout=10)


def test_state_snapshot_reports_what_the_server_was_told(qapp) -> None:
    srcs, *_ = sources()
    service = ActivityService(sources=srcs)
    snapshots: list[object] = []
    service.state_changed.connect(snapshots.append)

    async def scenario() -> None:
        bridge = SessionBridge(ConnectOptions(jid="me@localhost"), "secret")
        service.attach(bridge)
        service.start()
        snap = service.snapshot()
        assert [(s.jid, s.online, s.told) for s in snap.sessions] == [("me@localhost", False, None)]
        service.detach("me@localhost")
        assert service.snapshot().sessions == ()
        assert snapshots
        await service.close()

    run_qasync(scenario(), timeout=10)
