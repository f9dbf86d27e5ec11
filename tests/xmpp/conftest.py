"""Helpers for xmpp-layer tests: an asyncio loop per test and raw slixmpp peers."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable
from typing import Any

import slixmpp

from tests.fixtures.prosody import ProsodyServer


async def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll ``predicate`` on the loop until it holds; fail the test after ``timeout``."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


class Peer:
    """A scripted contact: a bare slixmpp client that records what it receives."""

    def __init__(self, server: ProsodyServer, jid: str, password: str, resource: str = "peer"):
        self.server = server
        self.xmpp = slixmpp.ClientXMPP(f"{jid}/{resource}", password)
        self.xmpp.ssl_context = ssl.create_default_context(cafile=str(server.ca_file))
        self.xmpp.enable_direct_tls = False
        self.xmpp.auto_authorize = None
        self.xmpp.auto_subscribe = False
        self.presences: list[Any] = []
        self.errors: list[Any] = []
        self.messages: list[Any] = []
        self.xmpp.add_event_handler("presence", self.presences.append)
        self.xmpp.add_event_handler("message", self.messages.append)
        self.xmpp.add_event_handler("presence_error", self.errors.append)
        self.xmpp.add_event_handler("message_error", self.errors.append)
        self.xmpp.add_event_handler("iq_error", self.errors.append)

    async def connect(self, send_presence: bool = True) -> None:
        started = asyncio.get_running_loop().create_future()
        self.xmpp.add_event_handler(
            "session_start", lambda _e: started.done() or started.set_result(1)
        )
        self.xmpp.connect("127.0.0.1", self.server.c2s_port)
        await asyncio.wait_for(started, 10)
        if send_presence:
            self.xmpp.send_presence()

    async def disconnect(self) -> None:
        if self.xmpp.transport is not None:
            await self.xmpp.disconnect(wait=2)
