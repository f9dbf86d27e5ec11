"""Test endpoints for chat: a real session + history + ChatSync that records what it hears."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

from client.core.connection import ConnectionState
from client.core.history import Direction, History, StoredMessage
from client.xmpp.chat import ChatSync, Origin
from client.xmpp.session import XmppSession
from tests.fixtures.prosody import ProsodyServer
from tests.xmpp.conftest import wait_for
from tests.xmpp.test_session import options


async def eventually[T](get: Callable[[], T], expected: T, timeout: float = 10.0) -> None:
    """Wait until ``get()`` equals ``expected``; on timeout fail showing the last value."""
    value = get()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(timeout):
            while (value := get()) != expected:
                await asyncio.sleep(0.02)
    assert value == expected, f"last value {value!r}, expected {expected!r}"


class Recorder:
    """A ChatListener that keeps everything."""

    def __init__(self) -> None:
        self.stored: list[tuple[StoredMessage, Origin]] = []
        self.updated: list[StoredMessage] = []
        self.states: list[tuple[str, str]] = []
        self.read: list[str] = []

    def messages_stored(self, account: str, messages: list[StoredMessage], origin: Origin) -> None:
        self.stored.extend((m, origin) for m in messages)

    def messages_updated(self, account: str, messages: list[StoredMessage]) -> None:
        self.updated.extend(messages)

    def chat_state_received(self, account: str, peer: str, state: str) -> None:
        self.states.append((peer, state))

    def conversation_read(self, account: str, peer: str) -> None:
        self.read.append(peer)


class Endpoint:
    """One account as the app runs it, minus Qt: session, history file, chat sync."""

    def __init__(
        self,
        prosody: ProsodyServer,
        jid: str,
        password: str,
        db: Path,
        *,
        port: int | None = None,
        resource: str = "Attend",
    ) -> None:
        self.jid = jid
        kw: dict[str, object] = {"resource": resource}
        if port is not None:
            kw["port"] = port
        self.session = XmppSession(options(prosody, jid, **kw), password, lambda _s: None)
        self.session.on_session_started.append(
            lambda resumed: resumed or self.session.xmpp.send_presence()
        )
        self.history = History.open(db)
        self.recorder = Recorder()
        self.chat = ChatSync(self.session, self.history, self.recorder)

    @property
    def online(self) -> bool:
        return self.session.status.state == ConnectionState.ONLINE

    async def start(self, wait: bool = True) -> None:
        self.session.start()
        if wait:
            await wait_for(lambda: self.online, timeout=15)

    async def stop(self) -> None:
        await self.chat.close()
        await self.session.stop()
        self.history.close()

    def messages(self, peer: str) -> list[StoredMessage]:
        return self.history.page_before(self.jid, peer, None, 100_000)

    def bodies(self, peer: str, direction: Direction | None = None) -> list[str]:
        return [
            m.body for m in self.messages(peer) if direction is None or m.direction == direction
        ]
