"""Chat against the real Prosody: conversation, receipts, states, carbons, archive, strangers."""

from __future__ import annotations

import asyncio
from pathlib import Path

from client.core.history import Direction, MessageState
from tests.xmpp.chat_helpers import Endpoint, eventually
from tests.xmpp.conftest import Peer, wait_for


def _friends(prosody, make_account) -> tuple[tuple[str, str], tuple[str, str]]:
    alice = make_account("alice")
    bob = make_account("bob")
    prosody.write_roster(alice[0].split("@")[0], {bob[0]: "Bob"})
    prosody.write_roster(bob[0].split("@")[0], {alice[0]: "Alice"})
    return alice, bob


def test_two_accounts_converse(prosody, make_account, tmp_path: Path) -> None:
    (alice, alice_pw), (bob, bob_pw) = _friends(prosody, make_account)

    async def scenario() -> None:
        a = Endpoint(prosody, alice, alice_pw, tmp_path / "a.db")
        b = Endpoint(prosody, bob, bob_pw, tmp_path / "b.db")
        await a.start()
        await b.start()
        try:
            await wait_for(a.chat.catch_up_done.is_set)
            await wait_for(b.chat.catch_up_done.is_set)
            sent = a.chat.send(bob, "hello Bob")
            assert sent.state == MessageState.QUEUED  # stored before anything was sent
            await wait_for(lambda: b.bodies(alice) == ["hello Bob"])
            (got,) = b.messages(alice)
            assert got.direction == Direction.INCOMING
            assert not got.stranger
            assert got.origin_id == sent.origin_id
            assert got.stanza_id  # our server's archive id (XEP-0359)
            # Bob's client confirms (XEP-0184) and the state walks up to delivered.
            await wait_for(
                lambda: a.history.get(sent.id).state == MessageState.DELIVERED  # type: ignore[union-attr]
            )
            states = [m.state for m in a.recorder.updated if m.id == sent.id]
            assert MessageState.SENT in states
            assert states[-1] == MessageState.DELIVERED

            # Chat states: Alice's message carried <active/>, so Bob may tell her he types.
            b.chat.user_typing(alice, True)
            await wait_for(lambda: (bob, "composing") in a.recorder.states)
            b.chat.send(alice, "hi Alice")
            await wait_for(lambda: a.bodies(bob) == ["hello Bob", "hi Alice"])
            await wait_for(lambda: (bob, "active") in a.recorder.states)
        finally:
            await a.stop()
            await b.stop()

    asyncio.run(scenario())


def test_bounced_message_is_marked_failed(prosody, make_account, tmp_path: Path) -> None:
    alice, alice_pw = make_account("alice")

    async def scenario() -> None:
        a = Endpoint(prosody, alice, alice_pw, tmp_path / "a.db")
        await a.start()
        try:
            sent = a.chat.send("nobody-here@localhost", "anyone?")
            await wait_for(
                lambda: a.history.get(sent.id).state == MessageState.FAILED  # type: ignore[union-attr]
            )
        finally:
            await a.stop()

    asyncio.run(scenario())


def _wire_copies(endpoint: Endpoint, origin_id: str) -> list[str]:
    """Every <message/> carrying ``origin_id`` that reaches ``endpoint``'s stream."""
    seen: list[str] = []

    def count(msg) -> None:  # type: ignore[no-untyped-def]
        origin = msg.xml.find("{urn:xmpp:sid:0}origin-id")
        if origin is not None and origin.get("id") == origin_id:
            seen.append(msg.xml.get("id", ""))

    from slixmpp.xmlstream.handler import Callback
    from slixmpp.xmlstream.matcher import MatchXPath

    endpoint.session.xmpp.register_handler(
        Callback("count", MatchXPath("{jabber:client}message"), count)
    )
    return seen


def test_server_down_then_back_delivers_queued_and_unacked_exactly_once(
    prosody, make_account, tmp_path: Path
) -> None:
    """Written while the server is down: stored, sent after it is back, once, in order.

    A message whose ack was lost with the old stream is sent again on the fresh session (the
    server cannot resume after a restart) and the receiver keeps one copy (same origin-id).
    """
    (alice, alice_pw), (bob, bob_pw) = _friends(prosody, make_account)

    async def scenario() -> None:
        a = Endpoint(prosody, alice, alice_pw, tmp_path / "a.db")
        b = Endpoint(prosody, bob, bob_pw, tmp_path / "b.db")
        await a.start()
        await b.start()
        try:
            first = a.chat.send(bob, "before the outage")
            wire = _wire_copies(b, first.origin_id or "")
            await wait_for(lambda: b.bodies(alice) == ["before the outage"])
            await wait_for(lambda: a.history.get(first.id).state == MessageState.DELIVERED)  # type: ignore[union-attr]
            # As if the stream had died before the server's ack reached us.
            a.history._db.execute("UPDATE messages SET state = 'sent' WHERE id = ?", (first.id,))

            await asyncio.to_thread(prosody.stop)
            await wait_for(lambda: not a.online and not b.online)
            queued = [a.chat.send(bob, f"while down {n}") for n in (1, 2)]
            assert [a.history.get(m.id).state for m in queued] == [MessageState.QUEUED] * 2  # type: ignore[union-attr]
            assert [m.body for m in a.history.outbox(alice)] == [
                "before the outage",
                "while down 1",
                "while down 2",
            ]
            await asyncio.to_thread(prosody.start)
            a.session.reconnect_now()
            b.session.reconnect_now()
            await wait_for(lambda: a.online and b.online, timeout=20)
            expected = ["before the outage", "while down 1", "while down 2"]
            await eventually(lambda: b.bodies(alice), expected, timeout=15)
            await wait_for(lambda: not a.history.outbox(alice))
            await wait_for(b.chat.catch_up_done.is_set)
            await asyncio.sleep(0.5)  # a duplicate would arrive now
            assert b.bodies(alice) == expected
            assert len(wire) == 2  # sent twice on the wire, stored once
            assert a.history.integrity_check() == ["ok"]
        finally:
            if prosody.process is None:
                prosody.start()
            await a.stop()
            await b.stop()

    asyncio.run(scenario())


def _child(prosody, jid: str, password: str, db: Path, peer: str, *args: str):  # type: ignore[no-untyped-def]
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    config = {
        "jid": jid,
        "password": password,
        "port": str(prosody.c2s_port),
        "ca_file": str(prosody.ca_file),
        "db": str(db),
        "peer": peer,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.xmpp.chat_sender_child", json.dumps(config), *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sender_killed_right_after_sending_delivers_exactly_once(
    prosody, make_account, tmp_path: Path
) -> None:
    """SIGKILL right after send() returns, and again a moment later: after a restart every
    message arrives exactly once, in order, and the sender's history is intact."""
    import signal

    (alice, alice_pw), (bob, bob_pw) = _friends(prosody, make_account)
    db = tmp_path / "alice.db"

    async def run_child(*args: str, kill_after: float | None) -> str:
        proc = _child(prosody, alice, alice_pw, db, bob, *args)
        try:
            line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 20)  # type: ignore[union-attr]
            if kill_after is not None:
                if kill_after:
                    await asyncio.sleep(kill_after)
                proc.send_signal(signal.SIGKILL)
            await asyncio.wait_for(asyncio.to_thread(proc.wait), 20)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        _out, err = proc.communicate()
        assert "Traceback" not in err, err
        return line.strip()

    async def scenario() -> None:
        b = Endpoint(prosody, bob, bob_pw, tmp_path / "b.db")
        await b.start()
        try:
            assert (await run_child("send", "killed at once", kill_after=0)).startswith("SENT")
            assert (await run_child("send", "killed soon", kill_after=0.3)).startswith("SENT")
            assert await run_child("drain", kill_after=None) == "DRAINED"
            expected = ["killed at once", "killed soon"]
            await eventually(lambda: b.bodies(alice), expected, timeout=15)
            await asyncio.sleep(0.5)
            assert b.bodies(alice) == expected
        finally:
            await b.stop()
        from client.core.history import History

        history = History.open(db)
        try:
            assert history.integrity_check() == ["ok"]
            rows = history.page_before(alice, bob, None, 10)
            assert [m.body for m in rows] == expected
            assert all(m.state in (MessageState.ACKED, MessageState.DELIVERED) for m in rows)
        finally:
            history.close()

    asyncio.run(scenario())


def test_carbons_from_a_second_session_and_forged_carbons(
    prosody, make_account, tmp_path: Path
) -> None:
    (alice, alice_pw), (bob, bob_pw) = _friends(prosody, make_account)

    async def scenario() -> None:
        from client.xmpp.chat import Origin

        one = Endpoint(prosody, alice, alice_pw, tmp_path / "one.db", resource="one")
        two = Endpoint(prosody, alice, alice_pw, tmp_path / "two.db", resource="two")
        b = Endpoint(prosody, bob, bob_pw, tmp_path / "b.db")
        for endpoint in (one, two, b):
            await endpoint.start()
        try:
            await wait_for(lambda: one.chat.carbons_enabled and two.chat.carbons_enabled)
            sent = one.chat.send(bob, "from device one")
            # XEP-0280 sent carbon: device two shows it as outgoing.
            await wait_for(lambda: two.bodies(bob) == ["from device one"])
            (copy,) = two.messages(bob)
            assert copy.direction == Direction.OUTGOING
            assert copy.origin_id == sent.origin_id
            assert copy.state in (MessageState.ACKED, MessageState.DELIVERED)
            assert (copy.id, Origin.CARBON) in [(m.id, o) for m, o in two.recorder.stored]

            # Addressed to device one only: device two gets a received carbon (incoming).
            b.session.xmpp.send_message(mto=f"{alice}/one", mbody="to device one", mtype="chat")
            await wait_for(lambda: "to device one" in two.bodies(bob, Direction.INCOMING))
            await wait_for(lambda: "to device one" in one.bodies(bob, Direction.INCOMING))

            # A "carbon" from a contact is a forgery: neither device believes it.
            forged = b.session.xmpp.make_message(mto=alice, mtype="chat")
            from slixmpp.xmlstream import ET

            sent_el = ET.SubElement(forged.xml, "{urn:xmpp:carbons:2}sent")
            fwd = ET.SubElement(sent_el, "{urn:xmpp:forward:0}forwarded")
            inner = ET.SubElement(
                fwd,
                "{jabber:client}message",
                {"from": f"{alice}/one", "to": "eve@localhost", "type": "chat"},
            )
            ET.SubElement(inner, "{jabber:client}body").text = "forged"
            forged.send()
            b.chat.send(alice, "after the forgery")
            await wait_for(lambda: "after the forgery" in one.bodies(bob))
            await wait_for(lambda: "after the forgery" in two.bodies(bob))
            for endpoint in (one, two):
                assert endpoint.messages("eve@localhost") == []
                assert all(m.body != "forged" for m in endpoint.messages(bob))
            assert one.bodies(bob).count("after the forgery") == 1
        finally:
            for endpoint in (one, two, b):
                await endpoint.stop()

    asyncio.run(scenario())


def test_archive_catch_up_merges_without_duplicates(prosody, make_account, tmp_path: Path) -> None:
    """Device one is away while device two chats; on return (XEP-0313 from the stored
    stanza-id) it has every message once, both directions, and a new profile bootstraps."""
    (alice, alice_pw), (bob, bob_pw) = _friends(prosody, make_account)

    async def scenario() -> None:
        from client.xmpp.chat import Origin

        one = Endpoint(prosody, alice, alice_pw, tmp_path / "one.db", resource="one")
        two = Endpoint(prosody, alice, alice_pw, tmp_path / "two.db", resource="two")
        b = Endpoint(prosody, bob, bob_pw, tmp_path / "b.db")
        for endpoint in (one, two, b):
            await endpoint.start()
            await wait_for(endpoint.chat.catch_up_done.is_set)
        try:
            b.chat.send(alice, "m0")
            await wait_for(lambda: one.bodies(bob) == ["m0"])
            cursor = one.history.mam_cursor(alice)
            assert cursor is not None  # live stanza-ids advance it once caught up
            assert cursor[0] == one.messages(bob)[0].stanza_id
            await one.stop()

            for n in (1, 2, 3):
                b.chat.send(alice, f"m{n}")
            await wait_for(lambda: len(two.bodies(bob)) == 4)
            two.chat.send(bob, "r1 from device two")
            await wait_for(lambda: "r1 from device two" in b.bodies(alice))
            # A plain client (no origin-id): de-duplicated by our archive's stanza-id.
            peer = Peer(prosody, bob, bob_pw, resource="plain")
            await peer.connect()
            peer.xmpp.send_message(mto=alice, mbody="m4 plain", mtype="chat")
            await wait_for(lambda: "m4 plain" in two.bodies(bob))
            await peer.disconnect()

            back = Endpoint(prosody, alice, alice_pw, tmp_path / "one.db", resource="one")
            await back.start()
            await wait_for(back.chat.catch_up_done.is_set)
            expected = ["m0", "m1", "m2", "m3", "r1 from device two", "m4 plain"]
            await eventually(lambda: back.bodies(bob), expected)
            archived = [m for m, o in back.recorder.stored if o == Origin.ARCHIVE]
            assert [m.body for m in archived] == expected[1:]
            assert [m.direction for m in back.messages(bob)][4] == Direction.OUTGOING
            assert back.history.unread(alice, bob) == 5  # m0 was there before; r1 is ours
            one = back

            fresh = Endpoint(prosody, alice, alice_pw, tmp_path / "new.db", resource="three")
            await fresh.start()
            await wait_for(fresh.chat.catch_up_done.is_set)
            assert fresh.bodies(bob) == expected
            assert fresh.history.unread(alice, bob) == 0  # bootstrap context is old news
            await fresh.stop()
        finally:
            for endpoint in (one, two, b):
                await endpoint.stop()

    asyncio.run(scenario())


def test_stranger_message_stored_marked_and_never_answered(
    prosody, make_account, tmp_path: Path
) -> None:
    alice, alice_pw = make_account("alice")
    carol, carol_pw = make_account("carol")  # not in Alice's roster

    async def scenario() -> None:
        a = Endpoint(prosody, alice, alice_pw, tmp_path / "a.db")
        await a.start()
        stranger = Peer(prosody, carol, carol_pw)
        # Every <message/> reaching the stranger (receipts and chat states have no body, so
        # slixmpp's 'message' event would not show them).
        from slixmpp.xmlstream.handler import Callback
        from slixmpp.xmlstream.matcher import MatchXPath

        everything: list[str] = []
        stranger.xmpp.register_handler(
            Callback(
                "all", MatchXPath("{jabber:client}message"), lambda m: everything.append(str(m))
            )
        )
        await stranger.connect()
        try:
            msg = stranger.xmpp.make_message(mto=alice, mbody="buy now", mtype="chat")
            msg["id"] = "spam-1"
            from slixmpp.xmlstream import ET

            ET.SubElement(msg.xml, "{urn:xmpp:receipts}request")
            ET.SubElement(msg.xml, "{http://jabber.org/protocol/chatstates}active")
            msg.send()
            await wait_for(lambda: a.bodies(carol) == ["buy now"])
            (stored,) = a.messages(carol)
            assert stored.stranger
            assert a.history.unread(alice, carol) == 1
            a.chat.user_typing(carol, True)  # no chat states to strangers either
            await asyncio.sleep(1.0)
            assert everything == []
        finally:
            await stranger.disconnect()
            await a.stop()

    asyncio.run(scenario())


def test_bad_input_is_stored_faithfully_and_never_breaks_the_session(
    prosody, make_account, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    import pytest

    from client.core.chat_text import BodyError

    (alice, alice_pw), (bob, bob_pw) = _friends(prosody, make_account)
    huge = "x" * 150_000
    rtl = "שלום עולם مرحبا " + "e" + "\u0301" * 500 + " \u202eevil"

    async def scenario() -> None:
        from slixmpp.xmlstream import ET

        a = Endpoint(prosody, alice, alice_pw, tmp_path / "a.db")
        await a.start()
        peer = Peer(prosody, bob, bob_pw)
        await peer.connect()
        try:
            peer.xmpp.send_message(mto=alice, mbody=huge, mtype="chat")
            peer.xmpp.send_message(mto=alice, mbody=rtl, mtype="chat")
            rich = peer.xmpp.make_message(mto=alice, mbody="plain part", mtype="chat")
            html = ET.SubElement(rich.xml, "{http://jabber.org/protocol/xhtml-im}html")
            p = ET.SubElement(ET.SubElement(html, "{http://www.w3.org/1999/xhtml}body"), "p")
            p.text = "<b>rich</b>"
            ET.SubElement(rich.xml, "{urn:xmpp:delay}delay", {"stamp": "yesterday-ish"})
            ET.SubElement(rich.xml, "{urn:xmpp:sid:0}stanza-id", {"by": alice, "id": "forged"})
            rich.send()
            future = peer.xmpp.make_message(mto=alice, mbody="from the future", mtype="chat")
            ET.SubElement(future.xml, "{urn:xmpp:delay}delay", {"stamp": "2999-01-01T00:00:00Z"})
            future.send()
            await wait_for(lambda: len(a.messages(bob)) == 4)
            by_body = {m.body: m for m in a.messages(bob)}
            assert set(by_body) == {huge, rtl, "plain part", "from the future"}
            assert by_body["plain part"].stanza_id != "forged"
            now = datetime.now(UTC)
            for body in ("plain part", "from the future"):
                assert abs(by_body[body].timestamp - now) < timedelta(minutes=1)

            with pytest.raises(BodyError):
                a.chat.send(bob, "y" * 60_000)
            with pytest.raises(BodyError):
                a.chat.send(bob, " \n\x00 ")
            sent = a.chat.send(bob, "ctrl\x00\x1b[31m\ufffe chars")
            assert sent.body == "ctrl[31m chars"
            await wait_for(lambda: any(m["body"] == "ctrl[31m chars" for m in peer.messages))
            assert a.online
        finally:
            await peer.disconnect()
            await a.stop()

    asyncio.run(scenario())


def test_message_still_in_the_send_queue_when_the_stream_drops_is_sent_after_resumption(
    prosody, make_account, tmp_path: Path
) -> None:
    """slixmpp empties its send queue on a disconnect: a stanza not yet through the out
    filters never reaches stream management, so the resumed stream does not re-send it.
    The outbox must (it is marked sent, so nothing else would until a fresh session)."""
    (alice, alice_pw), (bob, bob_pw) = _friends(prosody, make_account)

    async def scenario() -> None:
        a = Endpoint(prosody, alice, alice_pw, tmp_path / "a.db")
        b = Endpoint(prosody, bob, bob_pw, tmp_path / "b.db")
        resumptions: list[bool] = []
        a.session.on_session_started.append(resumptions.append)
        await a.start()
        await b.start()
        try:
            await wait_for(lambda: a.session.xmpp.plugin["xep_0198"].sm_id is not None)
            await wait_for(a.chat.catch_up_done.is_set)

            async def slow(stanza):  # type: ignore[no-untyped-def]
                # Holds a chat message in the send queue (a slow out filter: slixmpp moves it
                # aside after 1 s and cancels it on a disconnect).
                if stanza.xml.find("{urn:xmpp:sid:0}origin-id") is not None:
                    await asyncio.Event().wait()
                return stanza

            a.session.xmpp.add_filter("out", slow, order=0)
            sent = a.chat.send(bob, "in the queue when the stream dropped")
            await asyncio.sleep(1.3)
            assert a.history.get(sent.id).state == MessageState.SENT  # type: ignore[union-attr]
            a.session.force_drop()
            a.session.xmpp.del_filter("out", slow)
            await wait_for(lambda: len(resumptions) > 1 and a.online, timeout=20)
            assert resumptions[-1] is True, "expected a resumption, got a fresh session"
            await eventually(lambda: b.bodies(alice), [sent.body], timeout=10)
            await wait_for(
                lambda: (
                    a.history.get(sent.id).state  # type: ignore[union-attr]
                    in (MessageState.ACKED, MessageState.DELIVERED)
                )
            )
            await asyncio.sleep(0.5)  # a duplicate would arrive now
            assert b.bodies(alice) == [sent.body]
        finally:
            await a.stop()
            await b.stop()

    asyncio.run(scenario())
