"""Incoming presence parsing: every field tolerant, nothing ever raises."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from client.core.presence import IdleSource, Show
from client.xmpp.presence_parse import parse_presence

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def pres(inner: str = "", **attrs: str) -> ET.Element:
    attrs.setdefault("from", "Bob@Example.org/Laptop")
    attr_text = " ".join(f"{k}='{v}'" for k, v in attrs.items())
    return ET.fromstring(f"<presence xmlns='jabber:client' {attr_text}>{inner}</presence>")


def idle(since: str) -> str:
    return f"<idle xmlns='urn:xmpp:idle:1' since='{since}'/>"


@pytest.mark.parametrize(
    ("inner", "since", "source"),
    [
        (idle("2026-11-21T11:48:00Z"), datetime(2026, 11, 21, 11, 48, tzinfo=UTC), "0319"),
        (idle("2026-11-21T12:48:00+01:00"), datetime(2026, 11, 21, 11, 48, tzinfo=UTC), "0319"),
        (
            idle("2026-11-21T11:48:00.123456789Z"),
            datetime(2026, 11, 21, 11, 48, 0, 123456, UTC),
            "0319",
        ),
        (idle("1969-07-20T20:17:40Z"), datetime(1969, 7, 20, 20, 17, 40, tzinfo=UTC), "0319"),
        (idle("yesterday"), None, None),
        (idle(""), None, None),
        ("<idle xmlns='urn:xmpp:idle:1'/>", None, None),
        # XEP-0256 fallback, dated by the XEP-0203 stamp when the server held it back
        ("<query xmlns='jabber:iq:last' seconds='600'/>", NOW - timedelta(seconds=600), "0256"),
        (
            "<query xmlns='jabber:iq:last' seconds='600'/>"
            "<delay xmlns='urn:xmpp:delay' stamp='2026-11-21T11:00:00Z'/>",
            datetime(2026, 11, 21, 10, 50, tzinfo=UTC),
            "0256",
        ),
        ("<query xmlns='jabber:iq:last' seconds='-5'/>", None, None),
        ("<query xmlns='jabber:iq:last' seconds='lots'/>", None, None),
        # XEP-0319 wins over XEP-0256 when both are present
        (
            idle("2026-11-21T11:30:00Z") + "<query xmlns='jabber:iq:last' seconds='5'/>",
            datetime(2026, 11, 21, 11, 30, tzinfo=UTC),
            "0319",
        ),
    ],
)
def test_idle_forms(inner: str, since: datetime | None, source: str | None) -> None:
    parsed = parse_presence(pres(inner), NOW)
    assert parsed is not None
    bare, p = parsed
    assert bare == "bob@example.org"
    assert p.resource == "Laptop"
    assert p.idle_since == since
    expected = {"0319": IdleSource.XEP_0319, "0256": IdleSource.XEP_0256, None: None}[source]
    assert p.idle_source is expected


@pytest.mark.parametrize(
    ("inner", "ptype", "show", "status", "priority"),
    [
        ("", None, Show.AVAILABLE, "", 0),
        (
            "<show>away</show><status>lunch</status><priority>5</priority>",
            None,
            Show.AWAY,
            "lunch",
            5,
        ),
        ("<show>dnd</show>", None, Show.DND, "", 0),
        ("<show>sleeping</show><priority>x</priority>", None, Show.AVAILABLE, "", 0),
        ("<priority>1000</priority>", None, Show.AVAILABLE, "", 127),
        ("<priority>-1000</priority>", None, Show.AVAILABLE, "", -128),
        ("<status>bye</status>", "unavailable", Show.OFFLINE, "bye", 0),
    ],
)
def test_show_status_priority(
    inner: str, ptype: str | None, show: Show, status: str, priority: int
) -> None:
    attrs = {"type": ptype} if ptype else {}
    parsed = parse_presence(pres(inner, **attrs), NOW)
    assert parsed is not None
    _bare, p = parsed
    assert (p.show, p.status, p.priority) == (show, status, priority)


def test_delay_stamp_in_future_is_clamped() -> None:
    parsed = parse_presence(
        pres("<delay xmlns='urn:xmpp:delay' stamp='2030-01-01T00:00:00Z'/>"), NOW
    )
    assert parsed is not None
    assert parsed[1].delay_stamp == NOW


@pytest.mark.parametrize("ptype", ["subscribe", "error", "probe", "unsubscribed"])
def test_other_types_are_not_presence_updates(ptype: str) -> None:
    assert parse_presence(pres(type=ptype), NOW) is None


def test_caps_lookup_and_idle_implies_support() -> None:
    calls = []

    def caps(jid: str, node: str, ver: str) -> tuple[bool | None, str | None]:
        calls.append((jid, node, ver))
        return False, "Psi"

    c = "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/>"
    parsed = parse_presence(pres(c), NOW, caps)
    assert parsed is not None
    assert (parsed[1].supports_idle, parsed[1].client_name) == (False, "Psi")
    assert calls == [("Bob@Example.org/Laptop", "n", "v")]
    parsed = parse_presence(pres(c + idle("2026-11-21T11:00:00Z")), NOW, caps)
    assert parsed is not None
    assert parsed[1].supports_idle is True


def test_random_garbage_never_raises() -> None:
    rng = random.Random(1234)
    pieces = ["<show>", "</show>", "<priority>", "</priority>", "<status>", "</status>",
              "x", "9" * 30, "-", "chat", "<idle xmlns='urn:xmpp:idle:1' since='", "'/>",
              "<query xmlns='jabber:iq:last' seconds='", "<delay xmlns='urn:xmpp:delay' stamp='",
              "2026-13-45T99:99:99Z", "\u202e", "&amp;"]  # fmt: skip
    parsed_ok = 0
    for _ in range(3000):
        inner = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        try:
            element = pres(inner)
        except ET.ParseError:
            continue
        parse_presence(element, NOW)
        parsed_ok += 1
    assert parsed_ok > 100
