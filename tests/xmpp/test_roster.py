"""Roster and contacts' presence against the real Prosody, from scripted peers."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from client.core.connection import ConnectionState
from client.core.presence import IdleSource, Show
from client.core.roster import (
    LastActivityResult,
    PresenceEvent,
    RosterItem,
    Subscription,
    SubscriptionRequest,
)
from client.xmpp.roster import RosterSync
from client.xmpp.session import XmppSession
from tests.xmpp.conftest import Peer, wait_for
from tests.xmpp.test_session import options


class Recorder:
    def __init__(self) -> None:
        self.rosters: list[tuple[list[RosterItem], bool]] = []
        self.removed: list[str] = []
        self.presences: list[PresenceEvent] = []
        self.requests: list[SubscriptionRequest] = []
        self.last: list[LastActivityResult] = []
        self.phases: list[str] = []

    def roster_received(self, account: str, items: list[RosterItem], full: bool) -> None:
        self.rosters.append((items, full))

    def roster_removed(self, account: str, jid: str) -> None:
        self.removed.append(jid)

    def presence_received(self, event: PresenceEvent) -> None:
        self.presences.append(event)

    def subscription_requested(self, request: SubscriptionRequest) -> None:
        self.requests.append(request)

    def last_activity_received(self, result: LastActivityResult) -> None:
        self.last.append(result)

    def connection_marked(self, account: str, phase: str) -> None:
        self.phases.append(phase)

    def latest(self, jid: str, resource: str) -> PresenceEvent | None:
        for event in reversed(self.presences):
            if event.jid == jid and event.presence.resource == resource:
                return event
        return None


def send_raw_presence(peer: Peer, inner: str, ptype: str = "") -> None:
    type_attr = f" type='{ptype}'" if ptype else ""
    peer.xmpp.send_raw(f"<presence{type_attr}>{inner}</presence>")


def test_roster_presence_and_idle_from_peers(prosody, make_account) -> None:
    me, my_pw = make_account("me")
    bob, bob_pw = make_account("bob")
    stranger, stranger_pw = make_account("stranger")
    prosody.write_roster(me.split("@")[0], {bob: "Bob"})
    prosody.write_roster(bob.split("@")[0], {me: "Me"})

    async def scenario() -> None:
        rec = Recorder()
        session = XmppSession(options(prosody, me), my_pw, lambda _s: None)
        sync = RosterSync(session, rec)
        session.on_session_started.append(lambda resumed: session.xmpp.send_presence())
        laptop = Peer(prosody, bob, bob_pw, resource="laptop")
        phone = Peer(prosody, bob, bob_pw, resource="phone")
        other = Peer(prosody, stranger, stranger_pw)
        session.start()
        try:
            await wait_for(lambda: session.status.state == ConnectionState.ONLINE)
            await wait_for(lambda: bool(rec.rosters))
            items, full = rec.rosters[0]
            assert full
            assert [(i.jid, i.name, i.subscription) for i in items] == [
                (bob, "Bob", Subscription.BOTH)
            ]
            await laptop.connect(send_presence=False)
            await phone.connect(send_presence=False)
            await other.connect(send_presence=False)

            # valid idle on one device, away by hand on another
            send_raw_presence(
                laptop,
                "<idle xmlns='urn:xmpp:idle:1' since='2026-01-01T10:00:00.123456789+01:00'/>",
            )
            send_raw_presence(phone, "<show>away</show><status>lunch</status>")
            await wait_for(lambda: rec.latest(bob, "laptop") is not None)
            await wait_for(lambda: rec.latest(bob, "phone") is not None)
            lp = rec.latest(bob, "laptop").presence
            assert lp.idle_since == datetime(2026, 1, 1, 9, 0, 0, 123456, UTC)
            assert lp.idle_source is IdleSource.XEP_0319
            ph = rec.latest(bob, "phone").presence
            assert (ph.show, ph.status, ph.idle_since) == (Show.AWAY, "lunch", None)

            # malformed and odd values: ignored, never an error back to the contact
            before = len(rec.presences)
            for bad in (
                "not a date",
                "2026-02-30T00:00:00Z",
                "",
                "9" * 500,
                "2026-01-01T00:00:00+99:00",
            ):
                send_raw_presence(laptop, f"<idle xmlns='urn:xmpp:idle:1' since='{bad}'/>")
            send_raw_presence(laptop, "<show>bogus</show><priority>high</priority>")
            await wait_for(lambda: len(rec.presences) >= before + 6)
            assert all(e.presence.idle_since is None for e in rec.presences[before:])

            # a future value (clock skew) is kept raw; the model clamps it at display time
            future = (datetime.now(UTC) + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
            send_raw_presence(laptop, f"<idle xmlns='urn:xmpp:idle:1' since='{future}'/>")
            await wait_for(lambda: rec.latest(bob, "laptop").presence.idle_since is not None)

            # a later presence without <idle/> clears idle
            send_raw_presence(laptop, "")
            await wait_for(lambda: rec.latest(bob, "laptop").presence.idle_since is None)

            # XEP-0256 seconds corrected by a delay stamp
            send_raw_presence(
                laptop,
                "<query xmlns='jabber:iq:last' seconds='120'/>"
                "<delay xmlns='urn:xmpp:delay' stamp='2026-01-01T10:00:00Z'/>",
            )
            await wait_for(
                lambda: rec.latest(bob, "laptop").presence.idle_source is IdleSource.XEP_0256
            )
            assert rec.latest(bob, "laptop").presence.idle_since == datetime(
                2026, 1, 1, 9, 58, tzinfo=UTC
            )

            # unavailable
            send_raw_presence(phone, "", ptype="unavailable")
            await wait_for(lambda: rec.latest(bob, "phone").presence.show is Show.OFFLINE)

            # a subscription request is reported, never answered automatically
            other.xmpp.send_presence(pto=me, ptype="subscribe")
            await wait_for(lambda: bool(rec.requests))
            assert rec.requests[0].jid == stranger
            await asyncio.sleep(0.5)
            assert not [p for p in other.presences if p["type"] in ("subscribed", "unsubscribed")]

            # XEP-0012 asked explicitly: a peer without the plugin answers with an error
            result = await sync.query_last_activity(f"{bob}/laptop")
            assert result.seconds is None
            assert result.error

            # no error stanza ever came back to any peer
            await asyncio.sleep(0.3)
            assert laptop.errors == []
            assert phone.errors == []
            assert other.errors == []
        finally:
            await sync.close()
            await session.stop()
            for peer in (laptop, phone, other):
                await peer.disconnect()

    asyncio.run(scenario())


def test_roster_edits_round_trip(prosody, make_account) -> None:
    me, my_pw = make_account("me")
    carol, _ = make_account("carol")

    async def scenario() -> None:
        rec = Recorder()
        session = XmppSession(options(prosody, me), my_pw, lambda _s: None)
        sync = RosterSync(session, rec)
        session.start()
        try:
            await wait_for(lambda: bool(rec.rosters))
            await sync.add_contact(carol, "Carol", ("Work",))
            await wait_for(lambda: any(i.jid == carol for items, _ in rec.rosters for i in items))
            await sync.update_contact(carol, "Caro", ("Friends", "Work"))
            await wait_for(
                lambda: any(
                    i.name == "Caro" and i.groups == ("Friends", "Work")
                    for items, _ in rec.rosters
                    for i in items
                )
            )
            await sync.remove_contact(carol)
            await wait_for(lambda: carol in rec.removed)
        finally:
            await sync.close()
            await session.stop()

    asyncio.run(scenario())


def test_caps_answer_updates_presences_that_arrived_before_it(prosody, make_account) -> None:
    """A presence is announced at once, then again once its client's caps say "sends idle"."""
    from client.xmpp.caps import register_disco

    me, my_pw = make_account("me")
    dan, dan_pw = make_account("dan")
    prosody.write_roster(me.split("@")[0], {dan: "Dan"})
    prosody.write_roster(dan.split("@")[0], {me: "Me"})

    async def scenario() -> None:
        rec = Recorder()
        session = XmppSession(options(prosody, me), my_pw, lambda _s: None)
        sync = RosterSync(session, rec)
        session.on_session_started.append(lambda resumed: session.xmpp.send_presence())
        peer = Peer(prosody, dan, dan_pw, resource="desk")
        peer.xmpp.register_plugin("xep_0030")
        caps = register_disco(peer.xmpp)
        session.start()
        try:
            await wait_for(lambda: bool(rec.rosters))
            await peer.connect(send_presence=False)
            c = ET.tostring(caps.element(), encoding="unicode")
            send_raw_presence(peer, "<status>here</status>" + c)
            await wait_for(lambda: rec.latest(dan, "desk") is not None)
            await wait_for(lambda: rec.latest(dan, "desk").presence.supports_idle is True)
            first = next(e for e in rec.presences if e.jid == dan and e.presence.resource == "desk")
            assert first.presence.supports_idle is None  # not known yet when it arrived
            assert rec.latest(dan, "desk").presence.status == "here"
            assert rec.latest(dan, "desk").presence.client_name == "Attend"
            # the next presence with the same caps is known at once
            before = len(rec.presences)
            send_raw_presence(peer, "<status>still here</status>" + c)
            await wait_for(lambda: len(rec.presences) > before)
            assert rec.presences[before].presence.supports_idle is True
            assert peer.errors == []
        finally:
            await sync.close()
            await session.stop()
            await peer.disconnect()

    asyncio.run(scenario())


def test_presence_from_a_non_contact_is_ignored_once_the_roster_is_known(
    prosody, make_account
) -> None:
    me, my_pw = make_account("me")
    eve, eve_pw = make_account("eve")

    async def scenario() -> None:
        rec = Recorder()
        session = XmppSession(options(prosody, me), my_pw, lambda _s: None)
        sync = RosterSync(session, rec)
        session.on_session_started.append(lambda resumed: session.xmpp.send_presence())
        stranger = Peer(prosody, eve, eve_pw)
        session.start()
        try:
            await wait_for(lambda: bool(rec.rosters))
            await stranger.connect(send_presence=False)
            for n in range(20):  # directed presence: delivered, but she is nobody to us
                stranger.xmpp.send_presence(pto=f"{me}/Attend", pstatus=f"hi {n}")
            stranger.xmpp.send_presence(pto=me, ptype="subscribe")
            await wait_for(lambda: bool(rec.requests))  # later than her presences, same path
            assert [e for e in rec.presences if e.jid == eve] == []
            assert stranger.errors == []
        finally:
            await sync.close()
            await session.stop()
            await stranger.disconnect()

    asyncio.run(scenario())
