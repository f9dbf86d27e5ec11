"""The chat service on real sessions: signals, unread counts and open models follow the wire."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex

from client.core.connection import ConnectionState
from client.core.history import History, MessageState
from client.models.chat_model import ChatRole, RowKind
from client.services.chat_service import ChatService
from client.services.session_bridge import SessionBridge
from tests.qasync_helpers import run_qasync, until
from tests.xmpp.chat_helpers import Endpoint
from tests.xmpp.test_session import options


def test_service_feeds_models_unread_and_states(
    qapp, prosody, make_account, tmp_path: Path
) -> None:
    alice, alice_pw = make_account("alice")
    bob, bob_pw = make_account("bob")
    prosody.write_roster(alice.split("@")[0], {bob: "Bob"})
    prosody.write_roster(bob.split("@")[0], {alice: "Alice"})

    async def scenario() -> None:
        service = ChatService(History.open(tmp_path / "alice.sqlite3"))
        bridge = SessionBridge(options(prosody, alice), alice_pw)
        service.attach(bridge)
        received: list[object] = []
        unread: list[tuple[str, str, int]] = []
        states: list[str] = []
        service.message_received.connect(received.append)
        service.unread_changed.connect(lambda a, p, n: unread.append((a, p, n)))
        service.chat_state_changed.connect(lambda _a, _p, s: states.append(s))
        model = service.model(alice, bob)
        b = Endpoint(prosody, bob, bob_pw, tmp_path / "bob.sqlite3")
        bridge.start()
        await b.start()
        try:
            await until(lambda: bridge.status.state == ConnectionState.ONLINE)
            await until(service.syncs[alice].catch_up_done.is_set)
            b.chat.send(alice, "hi from Bob")
            await until(lambda: len(received) == 1)
            assert unread == [(alice, bob, 1)]
            assert service.total_unread == 1
            assert service.display_name(alice, bob) == "Bob"
            assert not service.is_stranger(alice, bob)
            texts = [model.index(r, 0).data() for r in range(model.rowCount())]
            assert texts[-1] == "hi from Bob"
            assert model.index(0, 0).data(ChatRole.KIND) == RowKind.DAY

            sent = service.send(alice, bob, "hello Bob")
            row = model.row_of(sent.id)
            assert row is not None
            await until(lambda: model.index(row, 0).data(ChatRole.STATE) == MessageState.DELIVERED)
            await until(lambda: "hello Bob" in b.bodies(alice))
            b.chat.user_typing(alice, True)
            await until(lambda: "composing" in states)
            assert service.chat_state(alice, bob) == "composing"
            service.mark_read(alice, bob)
            assert unread[-1] == (alice, bob, 0)
            assert service.total_unread == 0
            assert model.rowCount(QModelIndex()) == 3
        finally:
            await b.stop()
            await bridge.stop()
            await service.close()

    run_qasync(scenario())
