"""Idle presence (XEP-0319), CSI (XEP-0352) and XEP-0012 answers, against the real Prosody."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slixmpp.exceptions import IqError

from client.core.activity import StatusShow
from client.core.connection import ConnectionState
from client.core.xmpp_time import format_datetime
from client.xmpp.activity import OutgoingPresence, PrivacyOptions, SessionActivity
from client.xmpp.roster import RosterSync
from client.xmpp.session import ConnectOptions, XmppSession
from tests.fixtures.netproxy import TcpProxy
from tests.fixtures.prosody import ProsodyServer
from tests.xmpp.conftest import Peer, wait_for
from tests.xmpp.test_session import options

IDLE = "{urn:xmpp:idle:1}idle"
CAPS = "{http://jabber.org/protocol/caps}c"
DELAY = "{urn:xmpp:delay}delay"
# How long a held stanza must stay held to count as held. Prosody delivers an unheld presence
# within milliseconds here.
HOLD_S = 1.5


@dataclass
class Wire:
    """Everything the client writes to the socket, in order (slixmpp writes only via send_raw)."""

    sent: list[tuple[float, str]] = field(default_factory=list)

    def install(self, session: XmppSession) -> None:
        original = session.xmpp.send_raw

        def record(data: str | bytes) -> None:
            text = data.decode() if isinstance(data, bytes) else data
            self.sent.append((time.monotonic(), text))
            original(data)

        session.xmpp.send_raw = record

    def mark(self) -> int:
        return len(self.sent)

    async def settled(self, quiet: float = 0.6) -> None:
        """Wait until we sent nothing for ``quiet`` s: the burst after sign-in is over.

        Prosody's PEP asks for our caps right after our first presence (unless it knows the
        hash), and an IQ ends a CSI hold for 5 s.
        """
        await wait_for(lambda: time.monotonic() - self.sent[-1][0] >= quiet)

    def since(self, mark: int) -> list[str]:
        return [text for _t, text in self.sent[mark:]]

    def index(self, predicate: Callable[[str], bool], start: int = 0) -> int:
        for i, (_t, text) in enumerate(self.sent[start:], start):
            if predicate(text):
                return i
        raise AssertionError(f"not on the wire: {[t[:80] for _, t in self.sent[start:]]}")


def is_presence(text: str) -> bool:
    return text.startswith("<presence")


def with_idle(text: str) -> bool:
    return is_presence(text) and "urn:xmpp:idle:1" in text


def without_idle(text: str) -> bool:
    return is_presence(text) and "urn:xmpp:idle:1" not in text


def is_ping(text: str) -> bool:
    return text.startswith("<iq") and "<ping " in text


def from_me(me: str) -> Callable[[Any], bool]:
    return lambda p: p["from"].bare == me


def available_from(me: str) -> Callable[[Any], bool]:
    # The raw attribute: slixmpp's p["type"] answers the <show/> value for available presence.
    return lambda p: p["from"].bare == me and p.xml.get("type") is None


def csi_state(prosody: ProsodyServer, full_jid: str) -> str:
    """The CSI column of ``c2s:show()`` for one session ('' when the session is not listed)."""
    for line in prosody.shell("c2s:show()").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 7 and cells[1] == full_jid:
            return cells[6]
    return ""


def befriend(prosody: ProsodyServer, a: str, b: str) -> None:
    prosody.write_roster(a.partition("@")[0], {b: b.partition("@")[0]})
    prosody.write_roster(b.partition("@")[0], {a: a.partition("@")[0]})


def online(session: XmppSession) -> bool:
    return session.status.state == ConnectionState.ONLINE


class _QuietListener:
    """RosterSync wants a listener; these tests only use it to send subscription stanzas."""

    def roster_received(self, *_a: object) -> None: ...
    def roster_removed(self, *_a: object) -> None: ...
    def presence_received(self, *_a: object) -> None: ...
    def subscription_requested(self, *_a: object) -> None: ...
    def last_activity_received(self, *_a: object) -> None: ...
    def connection_marked(self, *_a: object) -> None: ...


AWAY_SINCE = timedelta(seconds=137)


def test_idle_since_only_on_broadcast_presence(prosody, make_account) -> None:
    """Away before sign-in: the first broadcast carries <idle since>; nothing else ever does."""
    me, my_pw = make_account("me")
    bob, bob_pw = make_account("bob")
    carol, carol_pw = make_account("carol")
    dave, dave_pw = make_account("dave")
    befriend(prosody, me, bob)

    async def scenario() -> None:
        bob_peer = Peer(prosody, bob, bob_pw)
        carol_peer = Peer(prosody, carol, carol_pw)
        dave_peer = Peer(prosody, dave, dave_pw)
        await asyncio.gather(bob_peer.connect(), carol_peer.connect(), dave_peer.connect())
        # Subscription stanzas only reach resources that asked for the roster (RFC 6121 §3.1.3).
        await carol_peer.xmpp.get_roster()
        session = XmppSession(options(prosody, me), my_pw, lambda _s: None)
        activity = SessionActivity(session)
        # Fetches the roster, as in the app: only then does the server deliver requests to us.
        roster = RosterSync(session, _QuietListener())
        wire = Wire()
        wire.install(session)
        since = datetime.now(UTC) - AWAY_SINCE
        # Decided while still offline: nothing is sent now, all of it on the first session.
        activity.apply(OutgoingPresence(StatusShow.AWAY, "lunch", 0, since), csi_active=False)
        session.start()
        try:
            await wait_for(lambda: any(map(available_from(me), bob_peer.presences)))
            first = next(p for p in bob_peer.presences if available_from(me)(p))
            idle = first.xml.find(IDLE)
            assert idle is not None, first
            assert idle.get("since") == format_datetime(since)
            assert first["show"] == "away"
            assert first["status"] == "lunch"
            assert first.xml.find(CAPS).get("ver") == session.caps.ver
            # The idle presence went out before <inactive/> (XEP-0352: our own away
            # presence must not sit behind the state change).
            away_at = wire.index(with_idle)
            assert wire.index(lambda t: t.startswith("<inactive")) > away_at
            # "flushing": Prosody's PEP asked for our caps right after the presence (an IQ
            # flushes the hold), and it passes traffic through for 5 s before holding again.
            state = await asyncio.to_thread(csi_state, prosody, f"{me}/Attend")
            assert state in ("inactive", "flushing")

            # Back: <active/> first, then one presence without <idle/>, caps still there.
            mark = wire.mark()
            count = len(bob_peer.presences)
            activity.apply(OutgoingPresence(), csi_active=True)
            await wait_for(lambda: len(bob_peer.presences) > count)
            back = bob_peer.presences[-1]
            assert back.xml.find(IDLE) is None
            assert back["show"] == ""
            assert back.xml.find(CAPS) is not None
            assert wire.index(lambda t: t.startswith("<active"), mark) < wire.index(
                without_idle, mark
            )

            # Idle again; now every other kind of presence we send must stay unstamped.
            activity.apply(OutgoingPresence(StatusShow.XA, "", 0, since), csi_active=True)
            await wait_for(lambda: bob_peer.presences[-1]["show"] == "xa")
            assert bob_peer.presences[-1].xml.find(IDLE) is not None

            # Subscription stanzas (what the roster code sends) carry no idle.
            asked: list[Any] = []
            session.xmpp.add_event_handler("presence_subscribe", asked.append)
            carol_peer.xmpp.send_presence(pto=me, ptype="subscribe")
            await wait_for(lambda: bool(asked))
            roster.accept_subscription(carol)
            await wait_for(
                lambda: (
                    {p["type"] for p in carol_peer.presences if from_me(me)(p)}
                    >= {"subscribe", "subscribed"}
                )
            )
            subscription = [
                p
                for p in carol_peer.presences
                if from_me(me)(p) and p["type"] in ("subscribe", "subscribed")
            ]
            assert all(p.xml.find(IDLE) is None for p in subscription), subscription
            assert not [t for t in wire.since(0) if "subscribe" in t and "<idle " in t]

            # A group-chat join; dave's resource stands in for the room occupant JID (no MUC
            # service on the test server), and dave sees no presence of ours otherwise.
            room = f"{dave}/peer"
            activity.join_groupchat(room).send()
            await wait_for(lambda: any(map(available_from(me), dave_peer.presences)))
            directed = [p for p in dave_peer.presences if available_from(me)(p)]
            assert [p.xml.find(IDLE) for p in directed] == [None], directed
            assert directed[0]["show"] == "xa"
            assert directed[0].xml.find(CAPS) is not None
            # With the privacy switch on, rooms get it too, at once.
            activity.set_privacy(PrivacyOptions(publish_idle_to_groupchats=True))
            await wait_for(lambda: len([*filter(available_from(me), dave_peer.presences)]) == 2)
            stamped = [p for p in dave_peer.presences if available_from(me)(p)][-1]
            assert stamped.xml.find(IDLE).get("since") == format_datetime(since)
        finally:
            await roster.close()
            await session.stop()
        # The unavailable presence on sign-out: no idle either.
        await wait_for(
            lambda: any(from_me(me)(p) and p["type"] == "unavailable" for p in bob_peer.presences)
        )
        gone = [p for p in bob_peer.presences if from_me(me)(p) and p["type"] == "unavailable"]
        assert all(p.xml.find(IDLE) is None for p in gone)
        # No <idle/> anywhere but in available presence (the disco result names the feature).
        stamped_kinds = {t.split(" ")[0] for t in wire.since(0) if "<idle " in t}
        assert stamped_kinds == {"<presence"}
        assert not [t for t in wire.since(0) if "<idle " in t and 'type="' in t.split(">")[0]]
        await asyncio.gather(bob_peer.disconnect(), carol_peer.disconnect(), dave_peer.disconnect())

    asyncio.run(scenario())


def test_inactive_holds_contacts_presence_and_active_flushes(prosody, make_account) -> None:
    """While inactive: the server holds, we send no pings and no <r/>; return: one <r/>."""
    me, my_pw = make_account("me")
    bob, bob_pw = make_account("bob")
    befriend(prosody, me, bob)

    async def scenario() -> None:
        bob_peer = Peer(prosody, bob, bob_pw)
        await bob_peer.connect()
        # A ping every 0.3 s while active, so the wire would show any that slipped through.
        session = XmppSession(options(prosody, me, keepalive_interval=0.3), my_pw, lambda _s: None)
        activity = SessionActivity(session)
        wire = Wire()
        wire.install(session)
        received: list[tuple[float, Any]] = []
        session.xmpp.add_event_handler("presence", lambda p: received.append((time.monotonic(), p)))
        session.start()
        try:
            await wait_for(lambda: activity.online)
            await wait_for(lambda: any(available_from(bob)(p) for _t, p in received))
            assert activity.csi_supported
            await asyncio.sleep(0.7)
            assert any(is_ping(t) for t in wire.since(0)), "pings were not running"

            since = datetime.now(UTC) - timedelta(seconds=300)
            activity.apply(OutgoingPresence(StatusShow.AWAY, "", 0, since), csi_active=False)
            assert not session.keepalive_enabled
            await wait_for(lambda: activity.csi_told is False)
            inactive_mark = wire.mark()
            assert await asyncio.to_thread(csi_state, prosody, f"{me}/Attend") == "inactive"

            # A contact's presence change is held by the server while we are inactive.
            held_from = len(received)
            bob_peer.xmpp.send_presence(pshow="dnd", pstatus="held?")
            sent_at = time.monotonic()
            await asyncio.sleep(HOLD_S)
            assert not any(from_me(bob)(p) for _t, p in received[held_from:])

            # Disco queries (IQs are important: the server flushes for them, and we answer).
            # Seven answers would make slixmpp ask for an ack (window 5) unless held back.
            for _ in range(7):
                query = bob_peer.xmpp.make_iq_get(
                    queryxmlns="http://jabber.org/protocol/disco#info", ito=f"{me}/Attend"
                )
                await query.send(timeout=5)
            await asyncio.sleep(0.7)  # two more keepalive periods
            while_inactive = wire.since(inactive_mark)
            assert sum(t.startswith("<iq") and "disco#info" in t for t in while_inactive) == 7
            assert not [t for t in while_inactive if t.startswith("<r ")], while_inactive
            assert not [t for t in while_inactive if is_ping(t)], while_inactive

            # Back: the held presence arrives (stamped by the server), after <active/>.
            return_mark = wire.mark()
            activity.apply(OutgoingPresence(), csi_active=True)
            assert session.keepalive_enabled
            assert await activity.flush()
            await wait_for(lambda: any(from_me(bob)(p) for _t, p in received[held_from:]))
            arrived_at, held = next((t, p) for t, p in received[held_from:] if from_me(bob)(p))
            assert held["show"] == "dnd"
            # It came with the flush (the IQs flushed it at the latest), never at once.
            assert arrived_at - sent_at > 0.2 or held.xml.find(DELAY) is not None
            back = wire.since(return_mark)
            assert back[0].startswith("<active")
            assert [t for t in back if t.startswith("<r ")] == ["<r xmlns='urn:xmpp:sm:3'/>"]
            assert back.index("<r xmlns='urn:xmpp:sm:3'/>") < next(
                i for i, t in enumerate(back) if is_presence(t)
            )
            assert await asyncio.to_thread(csi_state, prosody, f"{me}/Attend") == "active"
        finally:
            await session.stop()
            await bob_peer.disconnect()

    asyncio.run(scenario())


def test_inactive_state_is_restored_after_stream_resumption(prosody, make_account) -> None:
    """After a resumption Prosody still *says* inactive but holds nothing until told again."""
    me, my_pw = make_account("me")
    bob, bob_pw = make_account("bob")
    befriend(prosody, me, bob)

    async def scenario() -> None:
        proxy = TcpProxy(prosody.c2s_port)
        await proxy.start()
        bob_peer = Peer(prosody, bob, bob_pw)
        await bob_peer.connect()
        session = XmppSession(options(prosody, me, port=proxy.port), my_pw, lambda _s: None)
        activity = SessionActivity(session)
        wire = Wire()
        wire.install(session)
        resumptions: list[bool] = []
        session.on_session_started.append(resumptions.append)
        received: list[Any] = []
        session.xmpp.add_event_handler("presence", received.append)
        shows = iter(["dnd", "chat", "away", "xa"])

        async def bob_changes_presence_and_held() -> bool:
            """Whether a presence change of bob's is still held after HOLD_S."""
            assert await activity.flush()
            await asyncio.sleep(0.2)  # for the server to read what we wrote
            start = len(received)
            show = next(shows)
            bob_peer.xmpp.send_presence(pshow=show)
            await asyncio.sleep(HOLD_S)
            return not any(from_me(bob)(p) and p["show"] == show for p in received[start:])

        async def cut_and_resume() -> None:
            count = len(resumptions)
            proxy.cut()
            await wait_for(lambda: len(resumptions) > count and online(session), timeout=20)
            assert resumptions[-1] is True, "expected a resumption, got a fresh session"
            await asyncio.sleep(0.3)

        session.start()
        try:
            await wait_for(lambda: activity.online)
            await wait_for(lambda: session.xmpp.plugin["xep_0198"].sm_id is not None)
            await wire.settled()
            activity.apply(
                OutgoingPresence(StatusShow.AWAY, "", 0, datetime.now(UTC)), csi_active=False
            )
            await wait_for(lambda: activity.csi_told is False)
            assert await bob_changes_presence_and_held()

            # Control: resume without re-sending <inactive/>. The server's state column still
            # says inactive, but it no longer holds (FIELD-NOTES §7).
            real_send_csi = activity._send_csi
            activity._send_csi = lambda _resend: None  # type: ignore[method-assign]
            await cut_and_resume()
            assert await asyncio.to_thread(csi_state, prosody, f"{me}/Attend") == "inactive"
            assert not await bob_changes_presence_and_held(), "Prosody held without a re-send"

            # Ours: the state is re-sent after the resumption and the server holds again.
            activity._send_csi = real_send_csi  # type: ignore[method-assign]
            mark = wire.mark()
            await cut_and_resume()
            assert activity.csi_told is False
            after = wire.since(mark)
            assert any(t.startswith("<resume") for t in after)
            assert any(t.startswith("<inactive") for t in after)
            assert await asyncio.to_thread(csi_state, prosody, f"{me}/Attend") == "inactive"
            assert await bob_changes_presence_and_held()

            # And <active/> flushes what was held.
            start = len(received)
            activity.apply(OutgoingPresence(), csi_active=True)
            await wait_for(lambda: any(from_me(bob)(p) for p in received[start:]))
        finally:
            await session.stop()
            await bob_peer.disconnect()
            await proxy.stop()

    asyncio.run(scenario())


LAST = "{jabber:iq:last}query"


async def ask_last(peer: Peer, to: str) -> tuple[int | None, str]:
    """(seconds, '') on an answer, (None, condition) on an error."""
    iq = peer.xmpp.make_iq_get(queryxmlns="jabber:iq:last", ito=to)
    try:
        reply = await iq.send(timeout=5)
    except IqError as exc:
        return None, exc.iq["error"]["condition"]
    return int(reply.xml.find(LAST).get("seconds")), ""


@pytest.mark.parametrize("answer", [True, False])
def test_last_activity_only_for_contacts_who_see_our_presence(
    prosody, make_account, answer: bool
) -> None:
    me, my_pw = make_account("me")
    bob, bob_pw = make_account("bob")
    dave, dave_pw = make_account("dave")  # no roster entry either way
    befriend(prosody, me, bob)

    async def scenario() -> None:
        bob_peer = Peer(prosody, bob, bob_pw)
        dave_peer = Peer(prosody, dave, dave_pw)
        await asyncio.gather(bob_peer.connect(), dave_peer.connect())
        session = XmppSession(options(prosody, me), my_pw, lambda _s: None)
        activity = SessionActivity(session, PrivacyOptions(answer_last_activity=answer))
        # The roster (with bob's subscription) comes from the server, as in the app.
        tasks: list[asyncio.Future[Any]] = []
        session.on_session_started.append(
            lambda _resumed: tasks.append(asyncio.ensure_future(session.xmpp.get_roster()))
        )
        session.start()
        try:
            await wait_for(lambda: activity.online)
            await wait_for(lambda: session.xmpp.client_roster.has_jid(bob))
            target = f"{me}/Attend"
            if not answer:
                assert await ask_last(bob_peer, target) == (None, "service-unavailable")
                return
            assert await ask_last(bob_peer, target) == (0, "")  # present: no idle time
            since = datetime.now(UTC) - timedelta(seconds=600)
            activity.apply(OutgoingPresence(StatusShow.XA, "", 0, since), csi_active=True)
            seconds, _ = await ask_last(bob_peer, target)
            assert seconds is not None
            assert 599 <= seconds <= 602
            assert await ask_last(dave_peer, target) == (None, "forbidden")
            # Nor may the presence itself leak a "last online" value (XEP-0256).
            assert all(p.xml.find(LAST) is None for p in bob_peer.presences)
        finally:
            await session.stop()
            await asyncio.gather(bob_peer.disconnect(), dave_peer.disconnect())

    asyncio.run(scenario())


def test_status_with_control_characters_still_makes_well_formed_xml() -> None:
    """A status pasted with a control character must not become a stream error on every login."""
    import xml.etree.ElementTree as StdET

    from slixmpp.stanza import Presence

    from client.xmpp.activity import build_presence

    class _Xmpp:
        def make_presence(self, pto: str | None = None) -> Presence:
            pres = Presence()
            if pto:
                pres["to"] = pto
            return pres

    status = "back \x01soon\x1b[0m \x00ok\ud800\ufffe"
    pres = build_presence(_Xmpp(), OutgoingPresence(StatusShow.AWAY, status), None)
    parsed = StdET.fromstring(str(pres))  # raises on characters XML 1.0 cannot carry
    assert parsed.findtext("{jabber:client}status") == "back soon[0m ok"


def _offline_activity(privacy: PrivacyOptions) -> tuple[SessionActivity, list[Any]]:
    """A SessionActivity on a never-connected session, made to believe it is online; what it
    sends is collected instead of queued."""
    session = XmppSession(options_offline(), "secret", lambda _s: None)
    activity = SessionActivity(session, privacy)
    sent: list[Any] = []
    session.xmpp.send = sent.append  # type: ignore[method-assign]
    activity._on_started(False)  # no <csi/> offered: presence only
    return activity, sent


def options_offline() -> Any:
    from client.xmpp.session import ConnectOptions

    return ConnectOptions(jid="me@localhost")


def test_no_idle_to_group_chats_while_publishing_idle_is_off() -> None:
    """Group-chat idle is a sub-switch of privacy.publish_idle: off means off everywhere."""

    async def scenario() -> None:
        since = datetime.now(UTC) - timedelta(seconds=400)
        activity, sent = _offline_activity(
            PrivacyOptions(publish_idle=True, publish_idle_to_groupchats=False)
        )
        activity.apply(OutgoingPresence(StatusShow.AWAY, "", 0, since), csi_active=True)
        activity.join_groupchat("room@muc.localhost/me")
        # One save in the dialog: group chats ticked, then publishing idle switched off.
        # The room presence goes out at once, before the policy has dropped `since`.
        del sent[:]
        activity.set_privacy(PrivacyOptions(publish_idle=False, publish_idle_to_groupchats=True))
        assert sent, "the room gets our presence again when its switch changes"
        assert all(p.xml.find(IDLE) is None for p in sent), [str(p) for p in sent]
        assert activity.groupchat_presence("room@muc.localhost/me").xml.find(IDLE) is None

    asyncio.run(scenario())


def test_last_activity_is_advertised_only_while_answered() -> None:
    """Advertising jabber:iq:last while refusing to answer would itself tell something."""
    from client.xmpp.caps import FEATURES, compute_caps

    async def scenario() -> None:
        activity, sent = _offline_activity(PrivacyOptions(answer_last_activity=False))
        session = activity.session
        without = compute_caps(tuple(f for f in FEATURES if f != NS_LAST_FEATURE))
        assert session.caps == without
        assert NS_LAST_FEATURE not in await _disco_features(session, None)
        assert NS_LAST_FEATURE not in await _disco_features(
            session, f"{without.node}#{without.ver}"
        )
        assert sent[-1].xml.find(CAPS).get("ver") == without.ver

        # Switched on at run time: new caps, advertised at once in a new presence.
        activity.set_privacy(PrivacyOptions(answer_last_activity=True))
        full = compute_caps(FEATURES)
        assert session.caps == full
        assert NS_LAST_FEATURE in await _disco_features(session, None)
        assert NS_LAST_FEATURE in await _disco_features(session, f"{full.node}#{full.ver}")
        assert sent[-1].xml.find(CAPS).get("ver") == full.ver

        # Publishing idle off also stops the answers, so the feature goes as well.
        count = len(sent)
        activity.set_privacy(PrivacyOptions(publish_idle=False))
        assert session.caps == without
        assert NS_LAST_FEATURE not in await _disco_features(session, None)
        assert len(sent) == count + 1
        assert sent[-1].xml.find(CAPS).get("ver") == without.ver
        # Nothing changed: nothing sent.
        activity.set_privacy(PrivacyOptions(publish_idle=False))
        assert len(sent) == count + 1

    asyncio.run(scenario())


NS_LAST_FEATURE = "jabber:iq:last"


async def _disco_features(session: XmppSession, node: str | None) -> set[str]:
    info = await session.xmpp.plugin["xep_0030"].get_info(node=node, local=True)
    return set(info["features"])


def test_pings_pause_while_inactive_only_where_csi_holds_anything() -> None:
    """Pings are withheld while inactive because they would flush what the server holds; on a
    stream without CSI nothing is held, so they keep guarding the connection."""

    async def scenario() -> None:
        session = XmppSession(ConnectOptions(jid="a@localhost"), "x", lambda _s: None)
        activity = SessionActivity(session)
        activity.csi_supported = True
        activity.apply(OutgoingPresence(), csi_active=False)
        assert session.keepalive_enabled is False
        activity.csi_supported = False
        activity.apply(OutgoingPresence(), csi_active=False)
        assert session.keepalive_enabled is True
        activity.apply(OutgoingPresence(), csi_active=True)
        assert session.keepalive_enabled is True
        await session.stop()

    asyncio.run(scenario())
