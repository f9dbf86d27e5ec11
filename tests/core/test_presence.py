"""Tables for Show mapping, idle arithmetic, the primary-presence rule and ContactPresence."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from client.core.presence import (
    KNOWN_SHOW_VALUES,
    ContactPresence,
    IdleSource,
    ResourcePresence,
    Show,
    choose_primary,
    effective_idle_since,
    idle_since_from_seconds,
    is_at_keyboard,
)

NOW = datetime(2024, 6, 1, 12, 0, 0, tzinfo=UTC)


def ago(**kwargs: float) -> datetime:
    return NOW - timedelta(**kwargs)


def res(
    resource: str,
    show: Show = Show.AVAILABLE,
    *,
    idle: datetime | None = None,
    supports: bool | None = True,
    priority: int = 0,
    received: datetime | None = None,
    delay: datetime | None = None,
) -> ResourcePresence:
    return ResourcePresence(
        resource=resource,
        show=show,
        status="",
        priority=priority,
        idle_since=idle,
        idle_source=IdleSource.XEP_0319 if idle is not None else None,
        supports_idle=supports,
        received_at=received if received is not None else ago(hours=1),
        delay_stamp=delay,
    )


# --- Show -------------------------------------------------------------------------------

SHOW_FROM: list[tuple[str | None, bool, Show]] = [
    ("chat", True, Show.CHAT),
    ("away", True, Show.AWAY),
    ("xa", True, Show.XA),
    ("dnd", True, Show.DND),
    ("", True, Show.AVAILABLE),
    (None, True, Show.AVAILABLE),
    (" away\n", True, Show.AWAY),
    ("DND", True, Show.DND),
    ("online", True, Show.AVAILABLE),
    ("busy", True, Show.AVAILABLE),
    ("\x00", True, Show.AVAILABLE),
    ("a" * 10_000, True, Show.AVAILABLE),
    ("dnd", False, Show.OFFLINE),
    ("", False, Show.OFFLINE),
    ("garbage", False, Show.OFFLINE),
]


@pytest.mark.parametrize(("show", "available", "expected"), SHOW_FROM)
def test_show_from_xmpp(show: str | None, available: bool, expected: Show) -> None:
    assert Show.from_xmpp(show, available) is expected


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        (Show.CHAT, "chat"),
        (Show.AVAILABLE, ""),
        (Show.AWAY, "away"),
        (Show.XA, "xa"),
        (Show.DND, "dnd"),
        (Show.OFFLINE, ""),
    ],
)
def test_show_to_xmpp(show: Show, expected: str) -> None:
    assert show.to_xmpp() == expected


@pytest.mark.parametrize("show", [s for s in Show if s not in (Show.AVAILABLE, Show.OFFLINE)])
def test_show_round_trips(show: Show) -> None:
    assert show.to_xmpp() in KNOWN_SHOW_VALUES
    assert Show.from_xmpp(show.to_xmpp(), True) is show


def test_known_show_values_are_exactly_rfc_6121() -> None:
    assert {"chat", "away", "xa", "dnd"} == KNOWN_SHOW_VALUES


# --- effective_idle_since (clock skew) -----------------------------------------------------

SKEW: list[tuple[datetime | None, datetime, datetime | None]] = [
    (None, NOW, None),
    (ago(minutes=5), NOW, ago(minutes=5)),
    (NOW, NOW, NOW),
    # Sender's clock ahead: shown as "just now", never as a negative duration.
    (NOW + timedelta(minutes=3), NOW, NOW),
    (NOW + timedelta(days=400), NOW, NOW),
    # The raw value is kept, so once real time passes it, it shows through unclamped.
    (NOW + timedelta(minutes=3), NOW + timedelta(minutes=10), NOW + timedelta(minutes=3)),
    (NOW + timedelta(minutes=3), NOW + timedelta(minutes=2), NOW + timedelta(minutes=2)),
]


@pytest.mark.parametrize(("since", "now", "expected"), SKEW)
def test_effective_idle_since(
    since: datetime | None, now: datetime, expected: datetime | None
) -> None:
    assert effective_idle_since(res("r", idle=since), now) == expected


def test_skewed_value_does_not_stick() -> None:
    p = res("r", idle=NOW + timedelta(minutes=5))
    shown = [effective_idle_since(p, NOW + timedelta(minutes=m)) for m in range(11)]
    durations = [NOW + timedelta(minutes=m) - s for m, s in enumerate(shown) if s is not None]
    assert all(d >= timedelta(0) for d in durations)
    # Stuck at zero while the clock catches up, then growing minute by minute.
    assert durations[:6] == [timedelta(0)] * 6
    assert durations[6:] == [timedelta(minutes=m) for m in range(1, 6)]


# --- idle_since_from_seconds (XEP-0256 / XEP-0012) -----------------------------------------

FROM_SECONDS: list[tuple[int, datetime | None, datetime, datetime]] = [
    # No delay: relative to arrival.
    (0, None, NOW, NOW),
    (600, None, NOW, ago(minutes=10)),
    (86_400 * 3, None, NOW, ago(days=3)),
    # Delayed presence: relative to when it was sent, not when we got it.
    (600, ago(hours=2), NOW, ago(hours=2, minutes=10)),
    (0, ago(days=1), NOW, ago(days=1)),
    # A delay stamp after arrival is server clock skew: clamped to arrival.
    (600, NOW + timedelta(hours=1), NOW, ago(minutes=10)),
    # Junk from the network: negative is zero, absurdly large saturates.
    (-50, None, NOW, NOW),
    (-50, ago(minutes=1), NOW, ago(minutes=1)),
    (10**12, None, NOW, datetime.min.replace(tzinfo=UTC)),
    (10**30, ago(minutes=1), NOW, datetime.min.replace(tzinfo=UTC)),
]


@pytest.mark.parametrize(("seconds", "delay", "received", "expected"), FROM_SECONDS)
def test_idle_since_from_seconds(
    seconds: int, delay: datetime | None, received: datetime, expected: datetime
) -> None:
    assert idle_since_from_seconds(seconds, delay, received) == expected


# --- choose_primary ------------------------------------------------------------------------

PRIMARY: list[tuple[str, list[ResourcePresence], str | None]] = [
    ("nothing", [], None),
    ("only offline", [res("a", Show.OFFLINE)], None),
    ("single", [res("a")], "a"),
    ("offline ignored", [res("a", Show.OFFLINE, priority=99), res("b", Show.XA)], "b"),
    (
        "at keyboard beats recently idle",
        [res("idle", idle=ago(seconds=30)), res("kbd", Show.AVAILABLE)],
        "kbd",
    ),
    (
        "at keyboard beats unknown-support available with higher priority",
        [res("old", supports=None, priority=50), res("kbd")],
        "kbd",
    ),
    (
        "dnd at keyboard counts as at keyboard",
        [res("dnd", Show.DND), res("chat-unknown", Show.CHAT, supports=False)],
        "dnd",
    ),
    (
        "away without idle is not at keyboard even with idle support",
        [res("away", Show.AWAY), res("idle", idle=ago(hours=1))],
        "idle",
    ),
    (
        "unknown-support available beats auto-xa idle for two days",
        [res("phone", supports=False), res("desk", Show.XA, idle=ago(days=2))],
        "phone",
    ),
    (
        "same class: idle report beats unknown silence",
        [res("pidgin", supports=None), res("desk", idle=ago(days=2))],
        "desk",
    ),
    (
        "same class: idle report beats a client that says it never reports idle",
        [res("legacy", Show.AWAY, supports=False), res("desk", Show.XA, idle=ago(hours=3))],
        "desk",
    ),
    (
        "among idle: most recently active wins over show",
        [res("a", Show.CHAT, idle=ago(hours=2)), res("b", Show.AVAILABLE, idle=ago(minutes=5))],
        "b",
    ),
    (
        "among idle: most recently active wins over priority",
        [res("a", idle=ago(minutes=30), priority=100), res("b", idle=ago(minutes=29))],
        "b",
    ),
    (
        "among idle: microsecond differences still decide",
        [res("a", idle=ago(microseconds=2)), res("b", idle=ago(microseconds=1))],
        "b",
    ),
    (
        "future since (skew) clamps to now and ties with a now since, then show decides",
        [res("skew", idle=NOW + timedelta(hours=5)), res("now", Show.CHAT, idle=NOW)],
        "now",
    ),
    (
        "future since (skew) beats any real past since",
        [res("skew", idle=NOW + timedelta(hours=5)), res("past", Show.CHAT, idle=ago(seconds=1))],
        "skew",
    ),
    ("dnd beats chat among at-keyboard", [res("c", Show.CHAT), res("d", Show.DND)], "d"),
    ("chat beats available among at-keyboard", [res("a"), res("c", Show.CHAT)], "c"),
    (
        "away beats xa among unknown",
        [res("x", Show.XA, supports=None), res("a", Show.AWAY, supports=None)],
        "a",
    ),
    (
        "present-unknown beats absent-idle even when idle is fresh",
        [res("away", Show.AWAY, idle=ago(seconds=10)), res("u", supports=None)],
        "u",
    ),
    (
        "absent-idle beats absent-unknown",
        [res("xa-unknown", Show.AWAY, supports=None), res("xa", Show.XA, idle=ago(days=9))],
        "xa",
    ),
    (
        "priority breaks a show tie",
        [res("lo", priority=1), res("hi", priority=5)],
        "hi",
    ),
    (
        "negative priority still counts for display",
        [res("neg", Show.CHAT, priority=-1), res("idle", idle=ago(minutes=1), priority=10)],
        "neg",
    ),
    (
        "negative priority loses to a higher one on a tie",
        [res("neg", priority=-5), res("zero", priority=0)],
        "zero",
    ),
    (
        "most recent presence breaks a priority tie",
        [res("old", received=ago(hours=3)), res("new", received=ago(minutes=1))],
        "new",
    ),
    (
        "resource name is the last resort",
        [res("beta"), res("alpha"), res("gamma")],
        "alpha",
    ),
    (
        "supports_idle None with no idle is not at keyboard",
        [res("unknown", Show.CHAT, supports=None), res("kbd", priority=-10)],
        "kbd",
    ),
]


@pytest.mark.parametrize(
    ("resources", "expected"),
    [pytest.param(r, e, id=name) for name, r, e in PRIMARY],
)
def test_choose_primary(resources: list[ResourcePresence], expected: str | None) -> None:
    chosen = choose_primary(resources, NOW)
    assert (chosen.resource if chosen else None) == expected


@pytest.mark.parametrize(
    "resources",
    [pytest.param(r, id=name) for name, r, e in PRIMARY if len(r) >= 2],
)
def test_choose_primary_ignores_order(resources: list[ResourcePresence]) -> None:
    results = {choose_primary(perm, NOW) for perm in itertools.permutations(resources)}
    assert len(results) == 1


def test_choose_primary_takes_a_generator() -> None:
    chosen = choose_primary((res(n, priority=i) for i, n in enumerate("abc")), NOW)
    assert chosen is not None
    assert chosen.resource == "c"


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (res("a"), True),
        (res("a", Show.CHAT), True),
        (res("a", Show.DND), True),
        (res("a", Show.AWAY), False),
        (res("a", Show.XA), False),
        (res("a", supports=None), False),
        (res("a", supports=False), False),
        (res("a", idle=NOW), False),
    ],
)
def test_is_at_keyboard(p: ResourcePresence, expected: bool) -> None:
    assert is_at_keyboard(p) is expected


# --- ContactPresence -----------------------------------------------------------------------


def test_update_and_primary() -> None:
    contact = ContactPresence()
    contact.update(res("desk", idle=ago(hours=1)))
    contact.update(res("phone"))
    primary = contact.primary(NOW)
    assert primary is not None
    assert primary.resource == "phone"
    contact.update(res("phone", idle=ago(hours=2)))
    primary = contact.primary(NOW)
    assert primary is not None
    assert primary.resource == "desk"
    assert set(contact.resources) == {"desk", "phone"}


Removal = tuple[str, datetime, datetime | None]

LAST_SEEN: list[tuple[str, list[str], list[Removal], datetime | None]] = [
    ("no delay: arrival time", ["a"], [("a", ago(minutes=3), None)], ago(minutes=3)),
    ("delay stamp wins", ["a"], [("a", ago(minutes=3), ago(hours=5))], ago(hours=5)),
    (
        "future delay clamps to arrival",
        ["a"],
        [("a", ago(minutes=3), NOW + timedelta(hours=1))],
        ago(minutes=3),
    ),
    (
        "only when the last resource leaves",
        ["a", "b"],
        [("a", ago(minutes=30), None), ("b", ago(minutes=10), None)],
        ago(minutes=10),
    ),
    ("one of two leaves: not offline yet", ["a", "b"], [("a", ago(minutes=30), None)], None),
    (
        "a replayed older unavailable does not move it back",
        ["a"],
        [("a", ago(minutes=10), None), ("a", ago(minutes=1), ago(days=2))],
        ago(minutes=10),
    ),
    (
        "unavailable while we know no resource (probe answer)",
        [],
        [("x", ago(seconds=5), ago(days=3))],
        ago(days=3),
    ),
    (
        "unstamped probe answer for someone never seen online: unknown, not 'just now'",
        [],
        [("", ago(seconds=5), None)],
        None,
    ),
    ("never seen", [], [], None),
]


@pytest.mark.parametrize(
    ("online", "removals", "expected"),
    [pytest.param(o, r, e, id=name) for name, o, r, e in LAST_SEEN],
)
def test_last_seen(online: list[str], removals: list[Removal], expected: datetime | None) -> None:
    contact = ContactPresence()
    for resource in online:
        contact.update(res(resource))
    for resource, received, delay in removals:
        contact.remove(resource, received, delay)
    assert contact.last_seen == expected


def test_offline_update_is_a_removal_with_its_delay_stamp() -> None:
    contact = ContactPresence()
    contact.update(res("a"))
    contact.update(res("a", Show.OFFLINE, received=ago(minutes=1), delay=ago(minutes=4)))
    assert contact.resources == {}
    assert contact.primary(NOW) is None
    assert contact.last_seen == ago(minutes=4)


def test_last_seen_kept_while_online_again_and_replaced_later() -> None:
    contact = ContactPresence()
    contact.update(res("a"))
    contact.remove("a", ago(hours=2))
    contact.update(res("a", received=ago(hours=1)))
    assert contact.last_seen == ago(hours=2)
    contact.remove("a", ago(minutes=5))
    assert contact.last_seen == ago(minutes=5)


def test_unknown_resource_unavailable_does_not_touch_others() -> None:
    contact = ContactPresence()
    contact.update(res("a"))
    contact.remove("ghost", ago(minutes=1))
    assert set(contact.resources) == {"a"}
    assert contact.last_seen is None


def test_stale_then_fresh_session_drops_unconfirmed() -> None:
    contact = ContactPresence()
    contact.update(res("a"))
    contact.update(res("b"))
    contact.mark_stale(ago(minutes=20))
    assert contact.stale == {"a", "b"}
    # Still displayed while stale.
    assert contact.primary(NOW) is not None
    contact.update(res("b", received=ago(minutes=1)))
    assert contact.stale == {"a"}
    contact.clear_stale()
    assert set(contact.resources) == {"b"}
    assert contact.stale == set()
    assert contact.last_seen is None


def test_fresh_session_without_them_sets_last_seen_to_disconnect() -> None:
    contact = ContactPresence()
    contact.update(res("a"))
    contact.mark_stale(ago(minutes=20))
    contact.mark_stale(ago(minutes=10))  # a second drop before reconnecting
    contact.clear_stale()
    assert contact.resources == {}
    assert contact.last_seen == ago(minutes=20)


def test_resume_keeps_everything() -> None:
    contact = ContactPresence()
    contact.update(res("a"))
    contact.mark_stale(ago(minutes=2))
    contact.unmark_stale()
    contact.clear_stale()
    assert set(contact.resources) == {"a"}
    assert contact.last_seen is None


def test_clear_stale_without_disconnect_is_a_no_op() -> None:
    contact = ContactPresence()
    contact.update(res("a"))
    contact.clear_stale()
    assert set(contact.resources) == {"a"}


def test_resources_view_is_read_only() -> None:
    contact = ContactPresence()
    contact.update(res("a"))
    with pytest.raises(TypeError):
        contact.resources["b"] = res("b")  # type: ignore[index]


def test_resource_presence_is_frozen() -> None:
    p = res("a")
    assert replace(p, priority=3).priority == 3
    with pytest.raises(AttributeError):
        p.priority = 3  # type: ignore[misc]


def test_last_status_is_kept_while_offline_and_cleared_on_return() -> None:
    contact = ContactPresence()
    contact.update(res("a"))
    contact.update(replace(res("a"), show=Show.OFFLINE, status="Travelling, back next week"))
    assert contact.last_status == "Travelling, back next week"
    contact.update(res("b"))
    assert contact.last_status == ""
