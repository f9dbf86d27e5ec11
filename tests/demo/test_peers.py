"""The demo's scripted contacts show what the demo promises, as the demo account sees them."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import slixmpp

from demo.peers import CAST, DOMAIN, YOU
from demo.run import set_up_server, start_peers, stop_process
from tests.fixtures.prosody import ProsodyServer
from tests.xmpp.conftest import Peer, wait_for

pytestmark = pytest.mark.prosody
NS_IDLE = "{urn:xmpp:idle:1}idle"


@pytest.fixture
def demo_world(tmp_path: Path) -> Iterator[tuple[ProsodyServer, dict[str, str]]]:
    if shutil.which("prosody") is None:
        pytest.skip("prosody is not installed")
    server, passwords = set_up_server(tmp_path)
    peers = None
    try:
        peers = start_peers(tmp_path, server, passwords, cycle_seconds=1.0)
        yield server, passwords
    finally:
        stop_process(peers, "peers")
        if peers is not None and peers.stdout is not None:
            peers.stdout.close()
        server.stop()


def idle_age(presence: Any) -> timedelta | None:
    idle = presence.xml.find(NS_IDLE)
    if idle is None:
        return None
    since = datetime.fromisoformat(idle.get("since").replace("Z", "+00:00"))
    return datetime.now(UTC) - since


async def last_activity(peer: Peer, jid: str) -> tuple[int, str]:
    iq = peer.xmpp.make_iq_get(queryxmlns="jabber:iq:last", ito=jid)
    reply = await iq.send(timeout=10)
    query = reply.xml.find("{jabber:iq:last}query")
    return int(query.get("seconds")), query.text or ""


def test_the_cast_as_the_demo_account_sees_it(
    demo_world: tuple[ProsodyServer, dict[str, str]],
) -> None:
    server, passwords = demo_world

    async def scenario() -> None:
        me = Peer(server, f"{YOU}@{DOMAIN}", passwords[YOU], resource="check")
        await me.connect()
        latest: dict[str, Any] = {}
        me.xmpp.add_event_handler("presence", lambda p: latest.__setitem__(str(p["from"]), p))
        await wait_for(lambda: "ivan@localhost/phone" in latest and "hana@example.org" in latest)
        show = {jid.split("/")[0]: p["type"] for jid, p in latest.items()}
        assert show["alice@localhost"] == "available"
        assert show["bruno@localhost"] == "chat"
        assert show["emil@localhost"] == "away"
        assert show["fatima@localhost"] == "dnd"
        assert show["gustav@localhost"] == "xa"
        assert idle_age(latest["alice@localhost/laptop"]) is None
        chen = idle_age(latest["chen@localhost/workstation"])
        assert chen is not None
        assert timedelta(minutes=3) < chen < timedelta(minutes=5)
        dana = idle_age(latest["dana@localhost/home-pc"])
        assert dana is not None
        assert dana > timedelta(days=3)
        # Two devices: one active, one idle.
        assert idle_age(latest["ivan@localhost/laptop"]) is None
        assert idle_age(latest["ivan@localhost/phone"]) is not None
        # Offline for days, on "another server": stamped unavailable presence and XEP-0012.
        hana = latest["hana@example.org"]
        assert hana["type"] == "unavailable"
        stamp = hana.xml.find("{urn:xmpp:delay}delay").get("stamp")
        gone = datetime.now(UTC) - datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        assert gone > timedelta(days=2)
        seconds, status = await last_activity(me, "hana@example.org")
        assert seconds > 2 * 86400
        assert status
        # Signed in and out before us: the server itself knows when.
        seconds, status = await last_activity(me, "kai@localhost")
        assert seconds < 600
        assert status == "Back on Monday"
        # Julia goes idle and comes back (every second here, every 40 s in the demo).
        await wait_for(lambda: idle_age(latest["julia@localhost/laptop"]) is not None)
        await wait_for(lambda: idle_age(latest["julia@localhost/laptop"]) is None)
        # The echo bot greets and answers.
        bodies: list[str] = []
        me.xmpp.add_event_handler("message", lambda m: m["body"] and bodies.append(m["body"]))
        me.xmpp.send_message(mto="echo@localhost", mbody="hello there", mtype="chat")
        await wait_for(lambda: any("hello there" in b for b in bodies))
        await me.disconnect()

    asyncio.run(scenario())


def test_every_contact_is_in_the_roster_with_a_group() -> None:
    assert len(CAST) >= 12
    assert len({c.jid for c in CAST}) == len(CAST)
    assert all(c.group and c.note for c in CAST)
    assert slixmpp.JID(CAST[0].jid).bare == CAST[0].jid
