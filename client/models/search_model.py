"""History search results as a Qt list model: pages of hits, newest first, with snippets."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)

from client.core.chat_text import elide_line
from client.core.history import Direction, History, StoredMessage
from client.core.search_text import Snippet, query_words, snippet

PAGE_SIZE = 50
_PLACEHOLDER = re.compile(r"%([1-9])")

_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("SearchModel", text)


def fill(template: str, *values: str) -> str:
    """``template`` with %1, %2, … replaced in one pass, so a "%2" inside a value (a name, a
    message) stays as it is."""

    def value(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return values[number - 1] if number <= len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, template)


class SearchRole(enum.IntEnum):
    """Custom roles; values are stable for delegates and tests."""

    MESSAGE_ID = 0x301  # int local id
    ACCOUNT = 0x302  # str bare JID
    PEER = 0x303  # str bare JID
    NAME = 0x304  # str: the peer's name, one line
    TIME_TEXT = 0x305  # str: when, short ("14:32" today, a date otherwise)
    TIMESTAMP = 0x306  # aware datetime
    SNIPPET = 0x307  # str: one line around the first match (plain text)
    SPANS = 0x308  # tuple[(start, length), ...]: the matches in SNIPPET
    DIRECTION = 0x309  # core.history.Direction
    SORT_KEY = 0x30A  # (ts, id): where the hit sits in its conversation


def when_text(when: datetime, now: datetime) -> str:
    """Time of day for today, the date otherwise (lists of conversations and hits)."""
    local = when.astimezone(now.tzinfo)
    if local.date() == now.date():
        return QLocale().toString(
            QTime(local.hour, local.minute, local.second), QLocale.FormatType.ShortFormat
        )
    return QLocale().toString(
        QDate(local.year, local.month, local.day), QLocale.FormatType.ShortFormat
    )


class SearchModel(QAbstractListModel):
    """Hits of one search, newest first. The first page comes with search(); views ask for
    the next ones through fetchMore() as the last row scrolls into sight, so a word found in
    10,000 messages costs one page of 50 until someone scrolls."""

    searched = Signal()  # a new search replaced the results

    def __init__(
        self,
        history: History,
        *,
        name_of: Callable[[str, str], str] | None = None,
        page_size: int = PAGE_SIZE,
        tz: tzinfo | None = None,
        now: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self.page_size = page_size
        self._name_of = name_of or (lambda _account, peer: peer)
        self._tz = tz
        self._now = now or (lambda: datetime.now(self._tz).astimezone(self._tz))
        self._hits: list[StoredMessage] = []
        self._snippets: dict[int, Snippet] = {}
        self._words: list[str] = []
        self.text = ""
        self.account: str | None = None
        self.peer: str | None = None
        self.more_available = False
        # Slots of modelReset or rowsInserted may ask for more at once; a page inserted from
        # inside those signals would be a change within a change.
        self._busy = False

    # -- searching ----------------------------------------------------------------------------

    def search(self, text: str, account: str | None = None, peer: str | None = None) -> None:
        """Replace the results with the first page of hits for ``text`` (every word, as a
        word or a word's start), in one conversation when ``peer`` is given."""
        self._busy = True
        try:
            self.beginResetModel()
            self.text, self.account, self.peer = text, account, peer
            self._words = query_words(text)
            self._snippets.clear()
            self._hits = self._page(None) if self._words else []
            self.more_available = len(self._hits) == self.page_size
            self.endResetModel()
        finally:
            self._busy = False
        self.searched.emit()

    def clear(self) -> None:
        self.search("")

    def _page(self, before: tuple[int, int] | None) -> list[StoredMessage]:
        return self.history.search(
            self.text, account=self.account, peer=self.peer, limit=self.page_size, before=before
        )

    def hit(self, row: int) -> StoredMessage | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self.more_available and not self._busy

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent) or not self._hits:
            return
        page = self._page(self._hits[-1].sort_key)
        self.more_available = len(page) == self.page_size
        if page:
            first = len(self._hits)
            self._busy = True
            try:
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self._hits += page
                self.endInsertRows()
            finally:
                self._busy = False

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        match role:
            case Qt.ItemDataRole.DisplayRole | Qt.ItemDataRole.AccessibleTextRole:
                return self._accessible_text(hit)
            case SearchRole.MESSAGE_ID:
                return hit.id
            case SearchRole.ACCOUNT:
                return hit.account
            case SearchRole.PEER:
                return hit.peer
            case SearchRole.NAME:
                return elide_line(self._name_of(hit.account, hit.peer), 60)
            case SearchRole.TIME_TEXT:
                return when_text(hit.timestamp, self._now())
            case SearchRole.TIMESTAMP:
                return hit.timestamp
            case SearchRole.SNIPPET:
                return self._snippet(hit).text
            case SearchRole.SPANS:
                return self._snippet(hit).spans
            case SearchRole.DIRECTION:
                return hit.direction
            case SearchRole.SORT_KEY:
                return hit.sort_key
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- internals ----------------------------------------------------------------------------

    def _snippet(self, hit: StoredMessage) -> Snippet:
        shown = self._snippets.get(hit.id)
        if shown is None:
            shown = snippet(hit.body, self._words)
            self._snippets[hit.id] = shown
        return shown

    def _accessible_text(self, hit: StoredMessage) -> str:
        """Who, when and the snippet: what a screen reader says, and the copyable text."""
        name = elide_line(self._name_of(hit.account, hit.peer), 60)
        when = when_text(hit.timestamp, self._now())
        if hit.direction == Direction.OUTGOING:
            template = _tr("You to %1, %2: %3")
        else:
            template = _tr("%1, %2: %3")
        # One pass, so a "%2" inside the name or the text stays as it is.
        return fill(template, name, when, self._snippet(hit).text)
