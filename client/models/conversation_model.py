"""Every stored conversation as a Qt list model: most recent first, unread, last message."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from client.core.chat_text import elide_line
from client.core.history import Conversation, Direction, History
from client.models.search_model import fill, when_text

PREVIEW_CHARS = 120

_Index = QModelIndex | QPersistentModelIndex
Key = tuple[str, str]  # account, peer


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ConversationModel", text, None, n)


class ConversationRole(enum.IntEnum):
    """Custom roles; values are stable for delegates and tests."""

    ACCOUNT = 0x401  # str bare JID
    PEER = 0x402  # str bare JID
    NAME = 0x403  # str: the peer's name, one line
    UNREAD = 0x404  # int
    PREVIEW = 0x405  # str: the last message, one line ("You: …" for our own)
    TIME_TEXT = 0x406  # str: when the last message was, short
    TIMESTAMP = 0x407  # aware datetime of the last message, or None
    STRANGER = 0x408  # bool: the last incoming message came from someone not in the roster


def _order(conversation: Conversation) -> tuple[int, int]:
    last = conversation.last
    return last.sort_key if last is not None else (-1, 0)


class ConversationModel(QAbstractListModel):
    """One row per conversation in the history, the most recent first.

    Fed by the chat service: refresh() when a conversation got messages (one small query,
    the row moves to its place), set_unread() when its unread count changed.
    """

    def __init__(
        self,
        history: History,
        *,
        name_of: Callable[[str, str], str] | None = None,
        tz: tzinfo | None = None,
        now: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self._name_of = name_of or (lambda _account, peer: peer)
        self._tz = tz
        self._now = now or (lambda: datetime.now(self._tz).astimezone(self._tz))
        self._rows: list[Conversation] = history.conversations()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.history.conversations()
        self.endResetModel()

    # -- feeding ------------------------------------------------------------------------------

    def refresh(self, account: str, peer: str) -> None:
        """Re-read one conversation (it got messages) and move it to where it now belongs."""
        fresh = self.history.conversation(account, peer)
        row = self.row_of(account, peer)
        if fresh is None:
            return
        if row is None:
            at = self._position(fresh, self._rows)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, fresh)
            self.endInsertRows()
            return
        rest = self._rows[:row] + self._rows[row + 1 :]
        at = self._position(fresh, rest)
        if at == row:
            self._rows[row] = fresh
        else:
            # Qt counts the destination as if the moved row were still in place.
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), at if at < row else at + 1)
            self._rows = [*rest[:at], fresh, *rest[at:]]
            self.endMoveRows()
        index = self.index(at, 0)
        self.dataChanged.emit(index, index)

    def set_unread(self, account: str, peer: str, count: int) -> None:
        row = self.row_of(account, peer)
        if row is None:
            if count:
                self.refresh(account, peer)
            return
        old = self._rows[row]
        if old.unread != count:
            self._rows[row] = Conversation(
                old.account, old.peer, old.last_timestamp, count, old.last
            )
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)

    def names_changed(self) -> None:
        """Contact names (from the roster) may differ now: repaint every row."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def row_of(self, account: str, peer: str) -> int | None:
        for row, conversation in enumerate(self._rows):
            if conversation.account == account and conversation.peer == peer:
                return row
        return None

    def key(self, row: int) -> Key | None:
        if not 0 <= row < len(self._rows):
            return None
        return (self._rows[row].account, self._rows[row].peer)

    @staticmethod
    def _position(conversation: Conversation, rows: list[Conversation]) -> int:
        """Where ``conversation`` goes among ``rows`` (most recent first)."""
        order = _order(conversation)
        for row, other in enumerate(rows):
            if _order(other) < order:
                return row
        return len(rows)

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        conversation = self._rows[index.row()]
        match role:
            case Qt.ItemDataRole.DisplayRole | ConversationRole.NAME:
                return elide_line(self._name_of(conversation.account, conversation.peer), 60)
            case Qt.ItemDataRole.AccessibleTextRole:
                return self._accessible_text(conversation)
            case ConversationRole.ACCOUNT:
                return conversation.account
            case ConversationRole.PEER:
                return conversation.peer
            case ConversationRole.UNREAD:
                return conversation.unread
            case ConversationRole.PREVIEW:
                return self._preview(conversation)
            case ConversationRole.TIME_TEXT:
                when = conversation.last_timestamp
                return "" if when is None else when_text(when, self._now())
            case ConversationRole.TIMESTAMP:
                return conversation.last_timestamp
            case ConversationRole.STRANGER:
                return conversation.last is not None and conversation.last.stranger
        return None

    def _preview(self, conversation: Conversation) -> str:
        last = conversation.last
        if last is None:
            return ""
        text = elide_line(last.body, PREVIEW_CHARS)
        if last.direction == Direction.OUTGOING:
            return fill(_tr("You: %1"), text)
        return text

    def _accessible_text(self, conversation: Conversation) -> str:
        name = elide_line(self._name_of(conversation.account, conversation.peer), 60)
        preview = self._preview(conversation)
        if conversation.unread:
            return fill(_tr("%1, %n unread: %2", conversation.unread), name, preview)
        return fill(_tr("%1: %2"), name, preview)
