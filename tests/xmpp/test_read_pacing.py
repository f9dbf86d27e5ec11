"""Paced reading: a 256 KiB read is parsed over many loop turns, in order, nothing lost."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import slixmpp
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from client.xmpp import session
from client.xmpp.read_pacing import PacedReader

HEADER = (
    b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
    b" version='1.0' from='localhost' id='s1'>"
)


class FakeTransport:
    """What slixmpp and the pacing touch of an asyncio transport."""

    def __init__(self) -> None:
        self.paused = False
        self.pauses = 0
        self.written: list[bytes] = []

    def pause_reading(self) -> None:
        self.paused = True
        self.pauses += 1

    def resume_reading(self) -> None:
        self.paused = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def get_extra_info(self, _name: str, default: Any = None) -> Any:
        return default

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


class Client(PacedReader, slixmpp.ClientXMPP):
    pass


def presences(count: int) -> bytes:
    # Non-ASCII text, so slices cut through multi-byte characters too.
    return b"".join(
        f"<presence from='bot{i}@x/r' id='p{i}'><status>grüße ☕ {i}</status></presence>".encode()
        for i in range(count)
    )


def connected_client(seen: list[str], handler_cost_s: float = 0.0) -> tuple[Client, FakeTransport]:
    client = Client("me@localhost/r", "pw")

    def on_presence(stanza: Any) -> None:
        if handler_cost_s:
            end = time.perf_counter() + handler_cost_s
            while time.perf_counter() < end:
                pass
        seen.append(stanza.xml.get("id"))

    client.register_handler(
        Callback("test presence", MatchXPath("{jabber:client}presence"), on_presence)
    )
    transport = FakeTransport()
    client.connection_made(transport)  # type: ignore[arg-type]
    client.data_received(HEADER)
    return client, transport


def test_the_session_client_reads_paced() -> None:
    assert issubclass(session._Client, PacedReader)


def test_a_big_read_is_parsed_over_many_turns_in_order_with_the_loop_running() -> None:
    count = 3000

    async def scenario() -> None:
        seen: list[str] = []
        client, transport = connected_client(seen, handler_cost_s=0.0001)  # >= 0.3 s in all
        gaps: list[float] = []

        async def ticker() -> None:
            last = time.monotonic()
            while True:
                await asyncio.sleep(0)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        tick = asyncio.ensure_future(ticker())
        await asyncio.sleep(0)
        start = time.monotonic()
        client.data_received(presences(count))
        first_turn = time.monotonic() - start
        assert 0 < len(seen) < count
        assert transport.paused  # the server is held back by TCP, not buffered by us
        async with asyncio.timeout(20):
            while len(seen) < count:
                await asyncio.sleep(0.005)
        total = time.monotonic() - start  # >= 0.3 s of handler time alone
        tick.cancel()
        assert seen == [f"p{i}" for i in range(count)]
        assert not transport.paused
        assert client.paced_turns >= 20
        # Unpaced, the first call would have taken all of it and the loop would not have run
        # in between; bounds are loose so a loaded machine does not fail the test.
        assert first_turn < total / 4, (first_turn, total)
        assert max(gaps) < total / 4, (max(gaps), total)

    asyncio.run(scenario())


def test_small_reads_go_straight_through() -> None:
    async def scenario() -> None:
        seen: list[str] = []
        client, transport = connected_client(seen)
        client.data_received(presences(3))
        assert seen == ["p0", "p1", "p2"]
        assert transport.pauses == 0

    asyncio.run(scenario())


def test_what_arrived_before_a_disconnect_is_still_handled_first() -> None:
    async def scenario() -> None:
        seen: list[str] = []
        order: list[str] = []
        client, _transport = connected_client(seen, handler_cost_s=0.0001)
        client.add_event_handler("disconnected", lambda _e: order.append(f"gone after {len(seen)}"))
        client.data_received(presences(2000))
        assert len(seen) < 2000
        client.connection_lost(None)
        await asyncio.sleep(0.05)  # the scheduled turn finds nothing left
        assert seen == [f"p{i}" for i in range(2000)]
        assert order == ["gone after 2000"]

    asyncio.run(scenario())
