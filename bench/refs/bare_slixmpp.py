"""The reference client: bare slixmpp on plain asyncio, no UI, the same plugins as Attend.

Signs in, fetches the roster, sends initial presence, and counts every presence it receives
(nothing else is done with them). Events (JSON lines, ``t`` = time.monotonic()):

- ``connect``: right before ``connect()`` (the sign-in starts)
- ``session_start``, ``roster`` (``n`` items, when slixmpp has parsed the roster result)
- ``presence``: ``n`` received so far; ``t`` is when the latest of them was handled
  (written at most every 20 ms, so writing events costs next to nothing)

Stops cleanly (unavailable presence, stream close) on SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import ssl
import time
from typing import Any, TextIO

import slixmpp

# The plugins Attend loads (client/xmpp/session.py), so per-stanza handler costs compare.
PLUGINS = ("xep_0030", "xep_0199", "xep_0198", "xep_0352")


class Bare:
    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.out = out
        self.count = 0
        self.t_last = 0.0
        self.xmpp = slixmpp.ClientXMPP(args.jid, args.password)
        for plugin in PLUGINS:
            self.xmpp.register_plugin(plugin)
        self.xmpp.ssl_context = ssl.create_default_context(cafile=args.ca_file)
        self.xmpp.enable_direct_tls = False
        self.xmpp.auto_authorize = None
        self.xmpp.auto_subscribe = False
        self.xmpp.whitespace_keepalive = False
        self.xmpp.add_event_handler("session_start", self.on_session_start)
        self.xmpp.add_event_handler("presence", self.on_presence)
        self.port = args.port
        self.done = asyncio.Event()

    def record(self, ev: str, t: float | None = None, **fields: Any) -> None:
        self.out.write(json.dumps({"t": t or time.monotonic(), "ev": ev, **fields}) + "\n")

    def on_presence(self, _pres: Any) -> None:
        self.count += 1
        self.t_last = time.monotonic()

    async def on_session_start(self, _event: Any) -> None:
        self.record("session_start")
        await self.xmpp.get_roster()
        self.record("roster", n=len(self.xmpp.client_roster))
        self.xmpp.send_presence()

    async def report(self) -> None:
        reported = 0
        while True:
            await asyncio.sleep(0.02)
            if self.count != reported:
                reported = self.count
                self.record("presence", t=self.t_last, n=reported)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, self.done.set)
        reporter = asyncio.ensure_future(self.report())
        self.record("connect")
        self.xmpp.connect("127.0.0.1", self.port)
        await self.done.wait()
        reporter.cancel()
        if self.xmpp.transport is not None:
            self.xmpp.send_presence(ptype="unavailable")
            await self.xmpp.disconnect(wait=2)
        self.record("closed")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jid", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ca-file", required=True)
    parser.add_argument("--events", required=True)
    args = parser.parse_args()
    with open(args.events, "a", encoding="utf-8", buffering=1) as out:
        await Bare(args, out).run()


if __name__ == "__main__":
    asyncio.run(main())
