"""A TCP forwarder that records what the client puts on the wire (TLS records and all).

``python -m bench.tcp_meter --target PORT --events FILE`` listens on a free 127.0.0.1 port,
prints ``READY <port>``, forwards every connection to 127.0.0.1:PORT and writes one event per
chunk the client sends: ``{"ev": "up", "n": bytes, "t": monotonic}`` (server-to-client
traffic is only summed, every second, as ``down``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import time
from typing import TextIO


class Meter:
    def __init__(self, target: int, out: TextIO) -> None:
        self.target = target
        self.out = out
        self.down = 0

    def record(self, ev: str, **fields: object) -> None:
        self.out.write(json.dumps({"t": time.monotonic(), "ev": ev, **fields}) + "\n")

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        self.record("connection")
        await asyncio.gather(
            self.pipe(reader, up_writer, up=True), self.pipe(up_reader, writer, up=False)
        )

    async def pipe(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, *, up: bool) -> None:
        with contextlib.suppress(OSError):
            while data := await src.read(65536):
                if up:
                    self.record("up", n=len(data))
                else:
                    self.down += len(data)
                dst.write(data)
                await dst.drain()
        with contextlib.suppress(Exception):
            dst.close()

    async def report(self) -> None:
        while True:
            await asyncio.sleep(1)
            self.record("down", n=self.down)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", type=int, required=True)
    parser.add_argument("--events", required=True)
    args = parser.parse_args()
    with open(args.events, "a", encoding="utf-8", buffering=1) as out:
        meter = Meter(args.target, out)
        server = await asyncio.start_server(meter.handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        reporter = asyncio.ensure_future(meter.report())
        async with server:
            await server.serve_forever()
        reporter.cancel()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
