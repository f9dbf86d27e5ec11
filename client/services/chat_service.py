"""Chat for every session: the history file, one ChatSync per account, models for open chats."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from client.core.chat_text import clean_outgoing
from client.core.history import Direction, History, StoredMessage, history_path
from client.models.chat_model import ChatModel
from client.services.session_bridge import SessionBridge
from client.xmpp.chat import ChatSync, Origin

log = logging.getLogger(__name__)

Key = tuple[str, str]  # account, peer (bare JIDs)


class ChatService(QObject):
    """Turns ChatSync callbacks into Qt signals and keeps the open conversations' models fed.

    Everything runs on the shared loop's thread; the history is written synchronously (one
    fsync per commit, messages arrive in batches per network read).
    """

    message_received = Signal(object)  # StoredMessage: new incoming, live or carbon (notify)
    conversation_updated = Signal(str, str)  # account, peer: rows added (open or raise a tab)
    unread_changed = Signal(str, str, int)  # account, peer, count
    total_unread_changed = Signal(int)
    chat_state_changed = Signal(str, str, str)  # account, peer, XEP-0085 state

    def __init__(
        self,
        history: History,
        *,
        chat_states: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self.chat_states = chat_states
        self.syncs: dict[str, ChatSync] = {}
        self._models: dict[Key, ChatModel] = {}
        self._unread: dict[Key, int] = history.unread_counts()
        self._states: dict[Key, str] = {}
        self._closing: set[asyncio.Task[None]] = set()

    @classmethod
    def open(cls, data_dir: Path, *, parent: QObject | None = None) -> ChatService:
        return cls(History.open(history_path(data_dir)), parent=parent)

    # -- sessions -----------------------------------------------------------------------------

    def attach(self, bridge: SessionBridge) -> ChatSync:
        """Start handling chat for ``bridge``'s session (call before it connects)."""
        self.forget(bridge.jid)  # a restarted session replaces the old one
        sync = ChatSync(
            bridge.session,
            self.history,
            self,
            chat_states=self.chat_states,
        )
        self.syncs[bridge.jid] = sync
        return sync

    def forget(self, account: str) -> None:
        """The account's session is gone (removed, disabled, restarted): stop its chat sync."""
        sync = self.syncs.pop(account, None)
        if sync is not None:
            task = asyncio.ensure_future(sync.close())
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def detach(self, account: str) -> None:
        sync = self.syncs.pop(account, None)
        if sync is not None:
            await sync.close()

    async def close(self) -> None:
        """After the sessions stopped: write what is pending, close the history file."""
        for account in list(self.syncs):
            await self.detach(account)
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)
        for model in self._models.values():
            model.deleteLater()
        self._models.clear()
        self.history.close()

    @property
    def accounts(self) -> list[str]:
        return list(self.syncs)

    # -- what the UI asks for ------------------------------------------------------------------

    def model(self, account: str, peer: str) -> ChatModel:
        key = (account, peer)
        model = self._models.get(key)
        if model is None:
            model = ChatModel(self.history, account, peer, parent=self)
            self._models[key] = model
        return model

    def release(self, account: str, peer: str) -> None:
        """The chat was closed: its model (and loaded pages) can go."""
        model = self._models.pop((account, peer), None)
        if model is not None:
            model.deleteLater()

    def send(self, account: str, peer: str, text: str) -> StoredMessage:
        """Store and (as soon as possible) send; BodyError if ``text`` cannot be sent."""
        sync = self.syncs.get(account)
        if sync is not None:
            return sync.send(peer, text)
        # No session for this account (disabled, no password yet): the outbox keeps it until
        # a session starts and flushes it.
        stored = self.history.enqueue(
            account, peer, clean_outgoing(text), uuid.uuid4().hex, datetime.now(UTC)
        )
        self.messages_stored(account, [stored], Origin.LOCAL)
        return stored

    def user_typing(self, account: str, peer: str, has_text: bool) -> None:
        sync = self.syncs.get(account)
        if sync is not None:
            sync.user_typing(peer, has_text)

    def mark_read(self, account: str, peer: str) -> None:
        if self._unread.get((account, peer)):
            self.history.mark_read(account, peer)
            self._set_unread({**self._unread, (account, peer): 0})

    def unread(self, account: str, peer: str) -> int:
        return self._unread.get((account, peer), 0)

    @property
    def total_unread(self) -> int:
        return sum(self._unread.values())

    def chat_state(self, account: str, peer: str) -> str:
        return self._states.get((account, peer), "")

    def display_name(self, account: str, peer: str) -> str:
        sync = self.syncs.get(account)
        name = sync.contact_name(peer) if sync is not None else ""
        return name or peer

    def is_stranger(self, account: str, peer: str) -> bool:
        """Not in the roster (as far as the session knows; offline: as last stored)."""
        sync = self.syncs.get(account)
        if sync is not None:
            return not sync.is_contact(peer)
        recent = self.history.page_before(account, peer, None, 20)
        incoming = [m for m in recent if m.direction == Direction.INCOMING]
        return bool(incoming) and incoming[-1].stranger

    # -- ChatListener (called by every ChatSync) ------------------------------------------------

    def messages_stored(self, account: str, messages: list[StoredMessage], origin: Origin) -> None:
        by_peer: dict[str, list[StoredMessage]] = {}
        for message in messages:
            by_peer.setdefault(message.peer, []).append(message)
        for peer, group in by_peer.items():
            model = self._models.get((account, peer))
            if model is not None:
                model.add_messages(group)
            self.conversation_updated.emit(account, peer)
        if any(m.direction == Direction.INCOMING and not m.read for m in messages):
            self._set_unread(self.history.unread_counts())
        if origin in (Origin.LIVE, Origin.CARBON):
            for message in messages:
                if message.direction == Direction.INCOMING:
                    self.message_received.emit(message)

    def messages_updated(self, account: str, messages: list[StoredMessage]) -> None:
        by_peer: dict[str, list[StoredMessage]] = {}
        for message in messages:
            by_peer.setdefault(message.peer, []).append(message)
        for peer, group in by_peer.items():
            model = self._models.get((account, peer))
            if model is not None:
                model.update_messages(group)

    def chat_state_received(self, account: str, peer: str, state: str) -> None:
        self._states[(account, peer)] = state
        self.chat_state_changed.emit(account, peer, state)

    def conversation_read(self, account: str, peer: str) -> None:
        self._set_unread({**self._unread, (account, peer): 0})

    def _set_unread(self, counts: dict[Key, int]) -> None:
        counts = {key: n for key, n in counts.items() if n}
        before, self._unread = self._unread, counts
        for key in set(before) | set(counts):
            if before.get(key, 0) != counts.get(key, 0):
                self.unread_changed.emit(key[0], key[1], counts.get(key, 0))
        if sum(before.values()) != sum(counts.values()):
            self.total_unread_changed.emit(self.total_unread)
