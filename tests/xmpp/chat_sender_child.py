"""A tiny sender driving the real xmpp + history layers, for kill -9 tests.

python -m tests.xmpp.chat_sender_child CONFIG_JSON send BODY   # prints "SENT <id>", waits
python -m tests.xmpp.chat_sender_child CONFIG_JSON drain       # sends what is left, exits
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from client.core.connection import ConnectionState
from client.core.history import History, MessageState
from client.xmpp.chat import ChatSync
from client.xmpp.session import ConnectOptions, XmppSession


class _Quiet:
    def messages_stored(self, *_a: object) -> None: ...
    def messages_updated(self, *_a: object) -> None: ...
    def chat_state_received(self, *_a: object) -> None: ...
    def conversation_read(self, *_a: object) -> None: ...


async def main(config: dict[str, str], mode: str, body: str | None) -> None:
    options = ConnectOptions(
        jid=config["jid"],
        host="127.0.0.1",
        port=int(config["port"]),
        ca_file=config["ca_file"],
        resource=config.get("resource", "child"),
    )
    session = XmppSession(options, config["password"], lambda _s: None)
    history = History.open(Path(config["db"]))
    chat = ChatSync(session, history, _Quiet())
    session.start()
    while session.status.state != ConnectionState.ONLINE:
        await asyncio.sleep(0.01)
    if mode == "send":
        assert body is not None
        stored = chat.send(config["peer"], body)
        print(f"SENT {stored.id}", flush=True)
        await asyncio.sleep(3600)  # the test kills us
        return
    # drain: wait until the server has acked everything in the outbox
    while any(
        m.state in (MessageState.QUEUED, MessageState.SENT) for m in history.outbox(options.jid)
    ):
        await asyncio.sleep(0.02)
    print("DRAINED", flush=True)
    await chat.close()
    await session.stop()
    history.close()


if __name__ == "__main__":
    cfg = json.loads(sys.argv[1])
    asyncio.run(main(cfg, sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
