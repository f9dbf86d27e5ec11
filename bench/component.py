"""An XEP-0114 component on bots.localhost: presence from many JIDs, for the benchmarks.

It answers every presence probe (otherwise Prosody bounces an error per contact) with an
available presence carrying an XEP-0319 idle stamp, and takes commands on stdin:

    flood TO COUNT JIDS          COUNT presences round-robin from bot0..bot{JIDS-1}, as fast as
                                 Prosody reads them
    churn TO RATE SECONDS JIDS   RATE presences per second for SECONDS
    quit

Events (JSON lines, ``t`` = time.monotonic()): ready, flood_start, flood_written, churn_start,
churn_done, probes (every 1,000 answered).

Raw asyncio and pre-built bytes, not slixmpp: the sender must never be the bottleneck.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import TextIO

NS = "jabber:component:accept"
SHOWS = ("", "away", "xa", "dnd", "chat")
CHUNK = 256  # stanzas per write


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def presence(frm: str, to: str, show: str, idle_since: datetime, status: str = "") -> bytes:
    show_xml = f"<show>{show}</show>" if show else ""
    status_xml = f"<status>{status}</status>" if status else ""
    return (
        f"<presence from='{frm}' to='{to}'>{show_xml}{status_xml}"
        f"<idle xmlns='urn:xmpp:idle:1' since='{_stamp(idle_since)}'/></presence>"
    ).encode()


class Component:
    def __init__(self, domain: str, secret: str, out: TextIO) -> None:
        self.domain = domain
        self.secret = secret
        self.out = out
        self.writer: asyncio.StreamWriter | None = None
        self.probes = 0
        self.connected = asyncio.Event()
        self.now = datetime.now(UTC).replace(microsecond=0)

    def record(self, ev: str, **fields: object) -> None:
        self.out.write(json.dumps({"t": time.monotonic(), "ev": ev, **fields}) + "\n")

    def bot(self, i: int) -> str:
        return f"bot{i}@{self.domain}/r"

    async def run(self, port: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        self.writer = writer
        writer.write(
            f"<stream:stream xmlns='{NS}' xmlns:stream='http://etherx.jabber.org/streams'"
            f" to='{self.domain}'>".encode()
        )
        parser = ET.XMLPullParser(events=("start", "end"))
        depth = 0
        root: ET.Element | None = None
        while data := await reader.read(1 << 16):
            parser.feed(data)
            replies: list[bytes] = []
            for event, elem in parser.read_events():
                if event == "start":
                    if depth == 0:
                        root = elem
                        digest = hashlib.sha1((elem.get("id", "") + self.secret).encode())
                        writer.write(f"<handshake>{digest.hexdigest()}</handshake>".encode())
                    depth += 1
                    continue
                depth -= 1
                if depth != 1:
                    continue
                self.handle(elem, replies)
                if root is not None:
                    root.clear()
            if replies:
                writer.write(b"".join(replies))
                await writer.drain()
        self.record("closed")

    def handle(self, elem: ET.Element, replies: list[bytes]) -> None:
        tag = elem.tag.rpartition("}")[2]
        if tag == "handshake":
            self.connected.set()
            self.record("ready")
        elif tag == "presence" and elem.get("type") == "probe":
            to = elem.get("to", "")
            user = elem.get("from", "").partition("/")[0]
            try:
                i = int(to.partition("@")[0].removeprefix("bot"))
            except ValueError:
                i = 0
            since = self.now - timedelta(minutes=i % 180, seconds=i % 60)
            replies.append(presence(f"{to.partition('/')[0]}/r", user, SHOWS[i % 3], since))
            self.probes += 1
            if self.probes % 1000 == 0:
                self.record("probes", n=self.probes)
        elif tag == "iq" and elem.get("type") in ("get", "set"):
            replies.append(
                (
                    f"<iq type='error' from='{elem.get('to', '')}' to='{elem.get('from', '')}'"
                    f" id='{elem.get('id', '')}'><error type='cancel'><service-unavailable"
                    " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
                ).encode()
            )

    async def flood(self, to: str, count: int, jids: int) -> None:
        assert self.writer is not None
        now = datetime.now(UTC).replace(microsecond=0)
        stanzas = [
            presence(
                self.bot(n % jids),
                to,
                SHOWS[(n // jids + n) % len(SHOWS)],
                now - timedelta(seconds=(n % jids) * 7 + n // jids),
                f"flood {n // jids}",
            )
            for n in range(count)
        ]
        self.record("flood_start", n=count)
        for start in range(0, count, CHUNK):
            self.writer.write(b"".join(stanzas[start : start + CHUNK]))
            await self.writer.drain()
        self.record("flood_written", n=count)

    async def churn(self, to: str, rate: float, seconds: float, jids: int) -> None:
        assert self.writer is not None
        self.record("churn_start", rate=rate, seconds=seconds)
        start = time.monotonic()
        n = 0
        while (elapsed := time.monotonic() - start) < seconds:
            due = n / rate
            if due > elapsed:
                await asyncio.sleep(due - elapsed)
            now = datetime.now(UTC).replace(microsecond=0)
            self.writer.write(
                presence(self.bot(n % jids), to, SHOWS[n % len(SHOWS)], now, f"churn {n}")
            )
            n += 1
        await self.writer.drain()
        self.record("churn_done", n=n)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--domain", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--events", required=True)
    args = parser.parse_args()
    with open(args.events, "a", encoding="utf-8", buffering=1) as out:
        component = Component(args.domain, args.secret, out)
        stream = asyncio.ensure_future(component.run(args.port))
        await asyncio.wait(
            [stream, asyncio.ensure_future(component.connected.wait())],
            return_when=asyncio.FIRST_COMPLETED,
        )
        loop = asyncio.get_running_loop()
        tasks: set[asyncio.Task[None]] = set()
        while not stream.done():
            line = await loop.run_in_executor(None, sys.stdin.readline)
            words = line.split()
            if not words or words[0] == "quit":
                break
            if words[0] == "flood":
                task = asyncio.ensure_future(
                    component.flood(words[1], int(words[2]), int(words[3]))
                )
            elif words[0] == "churn":
                task = asyncio.ensure_future(
                    component.churn(words[1], float(words[2]), float(words[3]), int(words[4]))
                )
            else:
                continue
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        for task in tasks:
            task.cancel()
        if component.writer is not None:
            component.writer.write(b"</stream:stream>")
            component.writer.close()
        stream.cancel()


if __name__ == "__main__":
    asyncio.run(main())
