"""The conversation list: every chat in the history, most recent first, unread, last message.

Names and previews are what contacts chose or wrote: painted as plain strings (drawText never
reads markup), never put into tooltips (which would).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from client.models.conversation_model import ConversationModel, ConversationRole

_Index = QModelIndex | QPersistentModelIndex
PAD = 4


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConversationList", text)


class ConversationDelegate(QStyledItemDelegate):
    """Name and time on the first line; the last message and an unread badge on the second."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(160, 2 * metrics.height() + 3 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        font: QFont = option.font
        metrics = QFontMetrics(font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        unread = int(index.data(ConversationRole.UNREAD) or 0)
        painter.save()
        try:
            painter.setClipRect(rect)
            if selected:
                painter.fillRect(rect, palette.highlight())
            if index.data(ConversationRole.STRANGER):
                painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()),
                                 QColor(200, 140, 0))  # fmt: skip
            text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            dim = palette.color(text_role if selected else QPalette.ColorRole.PlaceholderText)
            inner = rect.adjusted(PAD + 2, PAD, -PAD, -PAD)
            first = QRect(inner.left(), inner.top(), inner.width(), metrics.height())
            second = first.translated(0, metrics.height() + PAD)
            left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

            when = str(index.data(ConversationRole.TIME_TEXT) or "")
            when_width = metrics.horizontalAdvance(when) + PAD
            painter.setPen(dim)
            painter.drawText(first, right, when)
            name_font = QFont(font)
            name_font.setBold(unread > 0)
            painter.setFont(name_font)
            painter.setPen(palette.color(text_role))
            name = QFontMetrics(name_font).elidedText(
                str(index.data(ConversationRole.NAME) or ""),
                Qt.TextElideMode.ElideRight,
                max(0, first.width() - when_width),
            )
            painter.drawText(first.adjusted(0, 0, -when_width, 0), left, name)
            painter.setFont(font)

            badge_width = 0
            if unread:
                badge = str(unread) if unread < 1000 else "999+"
                badge_width = metrics.horizontalAdvance(badge) + 2 * PAD
                badge_rect = QRect(second.right() - badge_width, second.top(),
                                   badge_width, second.height())  # fmt: skip
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(palette.color(
                    QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
                ))  # fmt: skip
                radius = badge_rect.height() / 2
                painter.drawRoundedRect(badge_rect, radius, radius)
                painter.setPen(palette.color(
                    QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.HighlightedText
                ))  # fmt: skip
                painter.drawText(badge_rect, int(Qt.AlignmentFlag.AlignCenter), badge)
                badge_width += PAD
            preview = metrics.elidedText(
                str(index.data(ConversationRole.PREVIEW) or ""),
                Qt.TextElideMode.ElideRight,
                max(0, second.width() - badge_width),
            )
            painter.setPen(dim)
            painter.drawText(second.adjusted(0, 0, -badge_width, 0), left, preview)
        finally:
            painter.restore()


class ConversationList(QListView):
    """Activating a row (click, Enter, double-click) opens that conversation."""

    conversation_activated = Signal(str, str)  # account, peer

    def __init__(self, model: ConversationModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversation_list")
        self.setAccessibleName(_tr("Conversations"))
        self.setModel(model)
        self.setItemDelegate(ConversationDelegate(self))
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.conversation_model = model
        # Not activated(): on some platforms that is a single click, on others a double one.
        self.clicked.connect(self._open)

    def _open(self, index: QModelIndex) -> None:
        key = self.conversation_model.key(index.row())
        if key is not None:
            self.conversation_activated.emit(*key)

    def select(self, account: str, peer: str) -> None:
        """Mark the conversation shown in the chat window (without opening anything)."""
        row = self.conversation_model.row_of(account, peer)
        if row is None:
            self.clearSelection()
            return
        index = self.conversation_model.index(row, 0)
        blocked = self.selectionModel().blockSignals(True)
        self.selectionModel().setCurrentIndex(
            index, self.selectionModel().SelectionFlag.ClearAndSelect
        )
        self.selectionModel().blockSignals(blocked)
        self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)
