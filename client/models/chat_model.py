"""One conversation as a Qt list model: pages on demand, day separators, times, state marks."""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
)

from client.core.chat_text import DisplayText, display_text
from client.core.history import Direction, History, MessageState, StoredMessage

PAGE_SIZE = 100

_Index = QModelIndex | QPersistentModelIndex


class RowKind(enum.StrEnum):
    DAY = "day"
    MESSAGE = "message"


class ChatRole(enum.IntEnum):
    """Custom roles; values are stable for delegates and tests."""

    KIND = 0x201  # RowKind
    MESSAGE_ID = 0x202  # int local id (messages), None for day rows
    DIRECTION = 0x203  # core.history.Direction
    STATE = 0x204  # core.history.MessageState
    STATE_MARK = 0x205  # str: a short glyph for the state ("" for incoming)
    TIME_TEXT = 0x206  # str: local time of day, e.g. "14:32"
    TIMESTAMP = 0x207  # aware datetime
    STRANGER = 0x208  # bool: from someone not in the roster
    TRUNCATED = 0x209  # bool: the display text is cut (BODY has everything)
    BODY = 0x20A  # str: the full stored body, for copying
    DAY = 0x20B  # datetime.date of the row (both kinds)


# Marks a delegate can paint next to outgoing messages; tooltips say it in words.
STATE_MARKS = {
    MessageState.QUEUED: "◷",
    MessageState.SENT: "○",
    MessageState.ACKED: "✓",
    MessageState.DELIVERED: "✓✓",
    MessageState.FAILED: "⚠",
    MessageState.RECEIVED: "",
}

_Row = tuple[RowKind, object]  # (DAY, date) or (MESSAGE, local id)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChatModel", text)


def state_text(state: MessageState) -> str:
    match state:
        case MessageState.QUEUED:
            return _tr("Waiting to be sent")
        case MessageState.SENT:
            return _tr("Sent, not yet confirmed by the server")
        case MessageState.ACKED:
            return _tr("On the server")
        case MessageState.DELIVERED:
            return _tr("Delivered to a device of the contact")
        case MessageState.FAILED:
            return _tr("Could not be delivered")
        case MessageState.RECEIVED:
            return ""


class ChatModel(QAbstractListModel):
    """Rows oldest to newest, with a day row before each calendar day's first message.

    Scroll-back loads pages of older messages through fetchMore(). Qt's views call
    fetchMore() by themselves whenever the *last* row is visible, which in a chat (scrolled
    to the bottom) would load the entire history page by page. So canFetchMore() answers
    only inside fetch_older(), which the view calls when the user scrolls to the top.
    """

    def __init__(
        self,
        history: History,
        account: str,
        peer: str,
        *,
        page_size: int = PAGE_SIZE,
        tz: tzinfo | None = None,
        now: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self.account = account
        self.peer = peer
        self.page_size = page_size
        self._tz = tz
        self._now = now or (lambda: datetime.now(self._tz).astimezone(self._tz))
        self._messages: list[StoredMessage] = []
        self._keys: list[tuple[int, int]] = []
        self._by_id: dict[int, StoredMessage] = {}
        self._rows: list[_Row] = []
        self._row_of: dict[int, int] = {}
        self._display: dict[int, DisplayText] = {}
        self._fetch_gate = False
        first = history.page_before(account, peer, None, page_size)
        self.older_available = len(first) == page_size
        self._insert(first)
        self._rows = self._build_rows()
        self._reindex()

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._fetch_gate and self.older_available

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetch_gate = False  # one page per request, even if a slot asks again meanwhile
        oldest = self._keys[0] if self._keys else None
        page = self.history.page_before(self.account, self.peer, oldest, self.page_size)
        self.older_available = len(page) == self.page_size
        self._insert(page)
        self._apply(self._build_rows())

    def fetch_older(self) -> int:
        """Load one more page of older messages; returns how many rows were added."""
        before = len(self._rows)
        self._fetch_gate = True
        try:
            self.fetchMore(QModelIndex())
        finally:
            self._fetch_gate = False
        return len(self._rows) - before

    def load_back_to(self, key: tuple[int, int], context: int = 20) -> int:
        """Load everything from the message at ``key`` (a ``sort_key``, say a search hit) up
        to what is loaded, and up to ``context`` older messages above it, in one model update;
        returns the rows added.

        The history is read in large pages, but the rows are rebuilt once: a hit 10,000
        messages back costs one insert, not a hundred.
        """
        if not self._keys:
            return 0
        before = len(self._rows)
        loaded_oldest = self._keys[0]
        older: list[StoredMessage] = []
        if self.older_available and key < loaded_oldest:
            cursor = (key[0], key[1] - 1)  # just before the hit: ids are integers
            while True:
                page = self.history.page_after(self.account, self.peer, cursor, 1000)
                fresh = [m for m in page if m.sort_key < loaded_oldest]
                older += fresh
                if len(fresh) < len(page) or len(page) < 1000:
                    break
                cursor = page[-1].sort_key
        above = 0 if older else bisect.bisect_left(self._keys, key)
        if self.older_available and above < context:
            first = older[0].sort_key if older else loaded_oldest
            limit = context - above
            page = self.history.page_before(self.account, self.peer, first, limit)
            self.older_available = len(page) == limit
            older[:0] = page
        if not older:
            return 0
        # Everything read is older than all that was loaded: prepend, no sorting.
        self._keys[:0] = [m.sort_key for m in older]
        self._messages[:0] = older
        self._by_id.update((m.id, m) for m in older)
        self._apply(self._build_rows())
        return len(self._rows) - before

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind, key = self._rows[index.row()]
        if kind == RowKind.DAY:
            assert isinstance(key, date)
            return self._day_data(key, role)
        assert isinstance(key, int)
        return self._message_data(self._by_id[key], role)

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        for role in ChatRole:
            names[int(role)] = QByteArray(role.name.lower().encode())
        return names

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- feeding ------------------------------------------------------------------------------

    def add_messages(self, messages: Iterable[StoredMessage]) -> None:
        """New rows from the history (live, sent, archive catch-up), in any order."""
        mine = [
            m
            for m in messages
            if m.account == self.account and m.peer == self.peer and m.id not in self._by_id
        ]
        if self.older_available and self._keys:
            # Older than what is loaded: it will arrive with its page when scrolled to.
            mine = [m for m in mine if m.sort_key > self._keys[0]]
        if not mine:
            return
        self._insert(mine)
        self._apply(self._build_rows())

    def update_messages(self, messages: Iterable[StoredMessage]) -> None:
        """Rows whose state (or ids) changed."""
        for message in messages:
            if message.id not in self._by_id:
                continue
            old = self._by_id[message.id]
            self._by_id[message.id] = message
            position = bisect.bisect_left(self._keys, old.sort_key)
            if position < len(self._messages) and self._messages[position].id == message.id:
                self._messages[position] = message
            row = self._row_of.get(message.id)
            if row is not None:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    def refresh_days(self) -> None:
        """Re-label day rows (after midnight "Today" becomes "Yesterday")."""
        days = [row for row, (kind, _key) in enumerate(self._rows) if kind == RowKind.DAY]
        for row in days:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [int(Qt.ItemDataRole.DisplayRole)])

    @property
    def message_count(self) -> int:
        return len(self._messages)

    def row_of(self, message_id: int) -> int | None:
        return self._row_of.get(message_id)

    # -- internals ----------------------------------------------------------------------------

    def _insert(self, messages: Iterable[StoredMessage]) -> None:
        for message in messages:
            if message.id in self._by_id:
                continue
            key = message.sort_key
            position = bisect.bisect_left(self._keys, key)
            self._keys.insert(position, key)
            self._messages.insert(position, message)
            self._by_id[message.id] = message

    def _local(self, when: datetime) -> datetime:
        return when.astimezone(self._tz)

    def _build_rows(self) -> list[_Row]:
        rows: list[_Row] = []
        last_day: date | None = None
        for message in self._messages:
            day = self._local(message.timestamp).date()
            if day != last_day:
                rows.append((RowKind.DAY, day))
                last_day = day
            rows.append((RowKind.MESSAGE, message.id))
        return rows

    def _apply(self, new: list[_Row]) -> None:
        """Replace the rows with ``new``, emitting one remove and one insert for the part that
        differs (a page on top, a message at the end, an archive message in between)."""
        old = self._rows
        prefix = 0
        limit = min(len(old), len(new))
        while prefix < limit and old[prefix] == new[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
            suffix += 1
        old_end, new_end = len(old) - suffix, len(new) - suffix
        root = QModelIndex()
        if old_end > prefix:
            self.beginRemoveRows(root, prefix, old_end - 1)
            self._rows = old[:prefix] + old[old_end:]
            self._reindex()
            self.endRemoveRows()
        if new_end > prefix:
            self.beginInsertRows(root, prefix, new_end - 1)
            self._rows = new
            self._reindex()
            self.endInsertRows()
        self._rows = new
        self._reindex()

    def _reindex(self) -> None:
        self._row_of = {
            key: row
            for row, (kind, key) in enumerate(self._rows)
            if kind == RowKind.MESSAGE and isinstance(key, int)
        }

    def _day_text(self, day: date) -> str:
        today = self._now().date()
        if day == today:
            return _tr("Today")
        if day == today - timedelta(days=1):
            return _tr("Yesterday")
        return QLocale().toString(
            QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat
        )

    def _day_data(self, day: date, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._day_text(day)
        if role == ChatRole.KIND:
            return RowKind.DAY
        if role == ChatRole.DAY:
            return day
        return None

    def _text(self, message: StoredMessage) -> DisplayText:
        shown = self._display.get(message.id)
        if shown is None:
            shown = display_text(message.body)
            self._display[message.id] = shown
        return shown

    def _message_data(self, message: StoredMessage, role: int) -> Any:
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return self._text(message).text
            case Qt.ItemDataRole.AccessibleTextRole:
                return self._accessible_text(message)
            case ChatRole.KIND:
                return RowKind.MESSAGE
            case ChatRole.MESSAGE_ID:
                return message.id
            case ChatRole.DIRECTION:
                return message.direction
            case ChatRole.STATE:
                return message.state
            case ChatRole.STATE_MARK:
                return STATE_MARKS[message.state]
            case ChatRole.TIME_TEXT:
                local = self._local(message.timestamp)
                return QLocale().toString(
                    QTime(local.hour, local.minute, local.second), QLocale.FormatType.ShortFormat
                )
            case ChatRole.TIMESTAMP:
                return message.timestamp
            case ChatRole.STRANGER:
                return message.stranger
            case ChatRole.TRUNCATED:
                return self._text(message).truncated
            case ChatRole.BODY:
                return message.body
            case ChatRole.DAY:
                return self._local(message.timestamp).date()
            case Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(message)
        return None

    def _accessible_text(self, message: StoredMessage) -> str:
        """Who, when and what, for screen readers (the view shows "who" only as a mark)."""
        local = self._local(message.timestamp)
        when = QLocale().toString(
            QTime(local.hour, local.minute, local.second), QLocale.FormatType.ShortFormat
        )
        text = self._text(message).text
        if message.direction == Direction.OUTGOING:
            template = _tr("You, %1: %2 (%3)")
            return (
                template.replace("%1", when)
                .replace("%3", state_text(message.state))
                .replace("%2", text)
            )
        if message.stranger:
            template = _tr("From someone not in your contacts, %1: %2")
        else:
            template = _tr("Received %1: %2")
        return template.replace("%1", when).replace("%2", text)

    def _tooltip(self, message: StoredMessage) -> str:
        local = self._local(message.timestamp)
        when = (
            QLocale().toString(
                QDate(local.year, local.month, local.day), QLocale.FormatType.LongFormat
            )
            + " "
            + QLocale().toString(
                QTime(local.hour, local.minute, local.second), QLocale.FormatType.LongFormat
            )
        )
        lines = [when]
        if message.direction == Direction.OUTGOING:
            lines.append(state_text(message.state))
        elif message.stranger:
            lines.append(_tr("From someone who is not in your contacts"))
        if self._text(message).truncated:
            lines.append(_tr("Shortened for display; copy the message to get all of it"))
        return "\n".join(lines)
