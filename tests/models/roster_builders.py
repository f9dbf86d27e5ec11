"""Builders shared by the roster model and view tests (no fixtures: plain functions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from client.core.presence import IdleSource, ResourcePresence, Show
from client.core.roster import PresenceEvent, RosterItem, Subscription

ME = "me@example.org"
OTHER = "work@example.net"


class FakeClock:
    """An aware-UTC clock the tests move by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def utc(*fields: int) -> datetime:
    y, mo, d, h, mi, s = (*fields, 0, 0, 0)[:6]
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def item(
    jid: str,
    name: str = "",
    groups: tuple[str, ...] = (),
    *,
    account: str = ME,
    subscription: Subscription = Subscription.BOTH,
    pending_out: bool = False,
) -> RosterItem:
    return RosterItem(account, jid, name, groups, subscription, pending_out)


def presence(
    resource: str = "laptop",
    show: Show = Show.AVAILABLE,
    *,
    status: str = "",
    priority: int = 0,
    idle_since: datetime | None = None,
    idle_source: IdleSource | None = None,
    supports_idle: bool | None = True,
    received_at: datetime | None = None,
    delay_stamp: datetime | None = None,
    client_name: str | None = None,
) -> ResourcePresence:
    if idle_since is not None and idle_source is None:
        idle_source = IdleSource.XEP_0319
    return ResourcePresence(
        resource,
        show,
        status,
        priority,
        idle_since,
        idle_source,
        supports_idle,
        received_at or utc(2026, 1, 1),
        delay_stamp,
        client_name,
    )


def event(jid: str, p: ResourcePresence, account: str = ME) -> PresenceEvent:
    return PresenceEvent(account, jid, p)


def offline(jid: str, resource: str = "laptop", at: datetime | None = None) -> PresenceEvent:
    return event(jid, presence(resource, Show.OFFLINE, received_at=at))


def signal_counter() -> tuple[dict[str, int], Callable[[str], Callable[..., None]]]:
    counts: dict[str, int] = {}

    def slot(name: str) -> Callable[..., None]:
        def count(*_args: object) -> None:
            counts[name] = counts.get(name, 0) + 1

        return count

    return counts, slot
