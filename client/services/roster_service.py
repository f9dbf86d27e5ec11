"""Feeds the roster model from every session, coalescing presence floods into batches."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client.core.roster import (
    LastActivityResult,
    PresenceEvent,
    RosterItem,
    SubscriptionRequest,
)
from client.models.roster_model import RosterModel
from client.services.session_bridge import SessionBridge
from client.xmpp.roster import RosterSync

log = logging.getLogger(__name__)

# A batch is applied once no presence arrived for BATCH_MS, so a single presence (or the end of a
# burst) shows within a frame or two; while presences keep coming, at most every MAX_BATCH_MS.
# Each model update costs the view a relayout and a repaint (~15 ms at 5,000 rows, ~45 ms at
# 20,000, on a slow machine): in a flood, 30 ms batches spent more time updating the view than
# reading the stream, while 4 updates a second keep it well under a fifth (`make bench`).
BATCH_MS = 30
MAX_BATCH_MS = 250
# After a fresh session, resources not re-announced within this time are gone (the server sends
# every contact's presence right after our initial presence, RFC 6121 §4.4.2).
FRESH_SETTLE_MS = 8000


class RosterService(QObject):
    """The RosterListener of every session; the only writer of the roster model."""

    request_arrived = Signal(object)  # SubscriptionRequest, for a notification
    last_activity_answered = Signal(object)  # LastActivityResult

    def __init__(
        self,
        model: RosterModel,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._clock = clock
        self.syncs: dict[str, RosterSync] = {}
        self._pending: list[PresenceEvent] = []
        self._requests: dict[str, dict[str, SubscriptionRequest]] = {}
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(BATCH_MS)
        self._flush_timer.timeout.connect(self._flush_due)
        self._batch_started = 0.0  # monotonic: first presence of the pending batch
        self._last_arrival = 0.0  # monotonic: latest presence of the pending batch
        self._settle_timers: dict[str, QTimer] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.batches = 0  # for benchmarks and tests: how many model updates presence caused

    def attach(self, bridge: SessionBridge) -> RosterSync:
        """Listen to a session before it starts, so its first roster and presences are seen."""
        sync = RosterSync(bridge.session, self)
        self.syncs[bridge.jid] = sync
        if bridge.jid not in self.model.accounts():
            self.model.set_accounts([*self.model.accounts(), bridge.jid])
        return sync

    async def detach(self, account: str) -> None:
        sync = self.syncs.pop(account, None)
        if sync is not None:
            await sync.close()
        self._requests.pop(account, None)
        self.model.remove_account(account)

    async def close(self) -> None:
        self._flush_timer.stop()
        for timer in self._settle_timers.values():
            timer.stop()
        await asyncio.gather(*(s.close() for s in self.syncs.values()))
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- RosterListener -------------------------------------------------------------------

    def roster_received(self, account: str, items: list[RosterItem], full: bool) -> None:
        self.flush()  # presence that arrived before the roster must not be applied after it
        if full:
            self.model.set_roster(account, items)
        else:
            self.model.update_items(items)

    def roster_removed(self, account: str, jid: str) -> None:
        self.flush()
        self.model.remove_item(account, jid)

    def presence_received(self, event: PresenceEvent) -> None:
        self._pending.append(event)
        self._last_arrival = time.monotonic()  # cheap: no timer call per stanza in a flood
        if not self._flush_timer.isActive():
            self._batch_started = self._last_arrival
            self._flush_timer.start(BATCH_MS)

    def _flush_due(self) -> None:
        now = time.monotonic()
        quiet_ms = (now - self._last_arrival) * 1000
        waited_ms = (now - self._batch_started) * 1000
        if quiet_ms >= BATCH_MS - 1 or waited_ms >= MAX_BATCH_MS - 1:
            self.flush()
        else:  # still arriving: wait for a gap, but not beyond MAX_BATCH_MS
            self._flush_timer.start(
                max(1, round(min(BATCH_MS - quiet_ms, MAX_BATCH_MS - waited_ms)))
            )

    def flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        self._flush_timer.stop()
        self.batches += 1
        self.model.apply_presence_batch(batch)

    def subscription_requested(self, request: SubscriptionRequest) -> None:
        per_account = self._requests.setdefault(request.account, {})
        per_account[request.jid] = request
        self.model.set_subscription_requests(request.account, per_account.values())
        self.request_arrived.emit(request)

    def last_activity_received(self, result: LastActivityResult) -> None:
        self.model.set_last_activity(result)
        self.last_activity_answered.emit(result)

    def connection_marked(self, account: str, phase: str) -> None:
        self.flush()
        if phase == "stale":
            self.model.mark_account_stale(account, self._clock())
        elif phase == "resumed":
            self.model.unmark_account_stale(account)
        elif phase == "fresh":
            timer = self._settle_timers.get(account)
            if timer is None:
                timer = self._settle_timers[account] = QTimer(self)
                timer.setSingleShot(True)
                timer.timeout.connect(lambda a=account: self._settled(a))
            timer.start(FRESH_SETTLE_MS)

    def _settled(self, account: str) -> None:
        self.flush()
        self.model.clear_stale(account)

    # -- user actions (from the roster view) ------------------------------------------------

    def _run(self, account: str, action: Callable[[RosterSync], Any]) -> None:
        sync = self.syncs.get(account)
        if sync is None:
            log.warning("no session for %s", account)
            return
        result = action(sync)
        if asyncio.iscoroutine(result):
            task = asyncio.ensure_future(self._guard(result))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _guard(self, coro: Any) -> None:
        try:
            await coro
        except Exception as exc:  # noqa: BLE001 - report, never crash on a failed roster edit
            log.warning("roster action failed: %s", exc)

    def add_contact(self, account: str, jid: str, name: str, groups: tuple[str, ...]) -> None:
        self._run(account, lambda s: s.add_contact(jid, name, groups))

    def rename_contact(self, account: str, jid: str, name: str) -> None:
        item = self.model.item(account, jid)
        groups = item.groups if item else ()
        self._run(account, lambda s: s.update_contact(jid, name, groups))

    def move_contact(self, account: str, jid: str, groups: tuple[str, ...]) -> None:
        item = self.model.item(account, jid)
        name = item.name if item else ""
        self._run(account, lambda s: s.update_contact(jid, name, groups))

    def remove_contact(self, account: str, jid: str) -> None:
        self._run(account, lambda s: s.remove_contact(jid))

    def answer_subscription(self, account: str, jid: str, accept: bool) -> None:
        self._run(
            account, lambda s: s.accept_subscription(jid) if accept else s.deny_subscription(jid)
        )
        per_account = self._requests.get(account, {})
        per_account.pop(jid, None)
        self.model.set_subscription_requests(account, per_account.values())

    def query_last_activity(self, account: str, jid: str) -> None:
        self._run(account, lambda s: s.query_last_activity(jid))
