"""Presence batching: a lone presence shows within ~30 ms; a stream of them updates the model
at most every MAX_BATCH_MS (a model update costs the view a relayout and a repaint)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from PySide6.QtCore import QTimer

from client.core.presence import ResourcePresence, Show
from client.core.roster import PresenceEvent
from client.models.roster_model import RosterModel
from client.services import roster_service
from client.services.roster_service import RosterService

ACCOUNT = "me@example.org"


def event(n: int) -> PresenceEvent:
    now = datetime.now(UTC)
    return PresenceEvent(
        ACCOUNT,
        f"bot{n % 50}@example.org",
        ResourcePresence(
            resource="r",
            show=Show.AWAY,
            status=f"s{n}",
            priority=0,
            idle_since=None,
            idle_source=None,
            supports_idle=None,
            received_at=now,
            delay_stamp=None,
        ),
    )


class CountingModel(RosterModel):
    def __init__(self) -> None:
        super().__init__(auto_refresh=False)
        self.applied: list[tuple[float, int]] = []

    def apply_presence_batch(self, events: object) -> None:
        batch = list(events)  # type: ignore[call-overload]
        self.applied.append((time.monotonic(), len(batch)))
        super().apply_presence_batch(batch)


def test_a_lone_presence_is_applied_after_a_short_quiet_gap(qtbot) -> None:
    model = CountingModel()
    service = RosterService(model)
    start = time.monotonic()
    service.presence_received(event(0))
    qtbot.waitUntil(lambda: bool(model.applied), timeout=2000)
    waited = model.applied[0][0] - start
    assert roster_service.BATCH_MS / 1000 * 0.9 <= waited < 0.2, waited
    assert model.applied[0][1] == 1


def test_a_stream_is_applied_at_most_every_max_batch_ms(qtbot) -> None:
    model = CountingModel()
    service = RosterService(model)
    sent = [0]
    arrivals: list[float] = []
    feeder = QTimer()
    feeder.setInterval(5)  # 1,000 presences a second, no 30 ms gap unless the machine stalls

    def feed() -> None:
        arrivals.append(time.monotonic())
        for _ in range(5):
            service.presence_received(event(sent[0]))
            sent[0] += 1

    feeder.timeout.connect(feed)
    feeder.start()
    qtbot.wait(1200)
    feeder.stop()
    qtbot.waitUntil(lambda: sum(n for _t, n in model.applied) == sent[0], timeout=2000)
    # A handful of updates, not one per 30 ms.
    assert len(model.applied) <= len(arrivals) // 10, (len(model.applied), len(arrivals))
    # Each update came either MAX_BATCH_MS into its batch or after a quiet gap of BATCH_MS.
    batch_start = arrivals[0]
    for applied_at, _n in model.applied:
        before = [a for a in arrivals if a <= applied_at]
        quiet = applied_at - before[-1]
        waited = applied_at - batch_start
        assert (
            waited >= roster_service.MAX_BATCH_MS / 1000 * 0.95
            or quiet >= roster_service.BATCH_MS / 1000 * 0.9
        ), (waited, quiet)
        later = [a for a in arrivals if a > applied_at]
        batch_start = later[0] if later else applied_at
    # Roster changes still apply what is pending first.
    service.presence_received(event(9999))
    service.roster_received(ACCOUNT, [], True)
    assert sum(n for _t, n in model.applied) == sent[0] + 1
