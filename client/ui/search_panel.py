"""Message search: a field, a scope switch, and the hits with the matched words highlighted.

Hits are painted with QTextLayout (never parsed as markup): a snippet is what someone sent, so
"<b>" in it is shown as the four characters it is. Highlights are character formats over the
plain text, never tags put into it.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from client.models.search_model import SearchModel, SearchRole

_Index = QModelIndex | QPersistentModelIndex
PAD = 4
# Typing pauses this long before the search runs (Enter runs it at once).
TYPING_PAUSE_MS = 250


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SearchPanel", text, None, n)


def snippet_layout(
    text: str, spans: tuple[tuple[int, int], ...], font: QFont, highlight: QTextCharFormat
) -> QTextLayout:
    """One line of plain ``text`` with ``spans`` (start, length) formatted as matches."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
    layout.setTextOption(option)
    ranges = []
    for start, length in spans:
        if start >= 0 and start + length <= len(text):
            found = QTextLayout.FormatRange()
            found.start, found.length, found.format = start, length, highlight
            ranges.append(found)
    layout.setFormats(ranges)
    layout.beginLayout()
    line = layout.createLine()
    if line.isValid():
        line.setPosition(QPointF(0, 0))
    layout.endLayout()
    return layout


class SearchResultDelegate(QStyledItemDelegate):
    """Two lines per hit: who and when, then the snippet with the matches highlighted."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, 2 * metrics.height() + 3 * PAD)

    @staticmethod
    def highlight_format(palette: QPalette, selected: bool) -> QTextCharFormat:
        found = QTextCharFormat()
        found.setFontWeight(QFont.Weight.Bold)
        if selected:
            found.setFontUnderline(True)  # the row is already in the highlight colour
        else:
            found.setBackground(palette.highlight())
            found.setForeground(palette.highlightedText())
        return found

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        font: QFont = option.font
        metrics = QFontMetrics(font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        try:
            painter.setClipRect(rect)
            if selected:
                painter.fillRect(rect, palette.highlight())
            text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            dim = palette.color(text_role if selected else QPalette.ColorRole.PlaceholderText)
            when = str(index.data(SearchRole.TIME_TEXT) or "")
            when_width = metrics.horizontalAdvance(when) + PAD
            top = QRect(rect.left() + PAD, rect.top() + PAD, rect.width() - 2 * PAD,
                        metrics.height())  # fmt: skip
            left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            painter.setPen(dim)
            painter.drawText(top, right, when)
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(palette.color(text_role))
            name = QFontMetrics(bold).elidedText(
                str(index.data(SearchRole.NAME) or ""),
                Qt.TextElideMode.ElideRight,
                max(0, top.width() - when_width),
            )
            # drawText with a plain string: Qt never interprets it as markup.
            painter.drawText(top.adjusted(0, 0, -when_width, 0), left, name)
            painter.setFont(font)
            layout = snippet_layout(
                str(index.data(SearchRole.SNIPPET) or ""),
                tuple(index.data(SearchRole.SPANS) or ()),
                font,
                self.highlight_format(palette, selected),
            )
            layout.draw(painter, QPointF(rect.left() + PAD, top.bottom() + PAD))
        finally:
            painter.restore()


class ResultList(QListView):
    """The hits: a click or Enter chooses one; Up from the first row goes back to the field."""

    chosen = Signal(QModelIndex)
    left_at_top = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Not activated(): on some platforms that is a single click, on others a double one.
        self.clicked.connect(self.chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.left_at_top.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.chosen.emit(self.currentIndex())
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class SearchField(QLineEdit):
    """Down moves into the results; Esc closes (a line edit keeps Esc from shortcuts)."""

    went_down = Signal()
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.went_down.emit()
        elif event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class SearchPanel(QWidget):
    """Search in the current conversation or in all of them; Esc closes it."""

    result_chosen = Signal(object)  # StoredMessage: open its conversation, scrolled to it
    closed = Signal()

    def __init__(self, model: SearchModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_panel")
        self.model = model
        self.account: str | None = None
        self.peer: str | None = None

        self.field = SearchField(self)
        self.field.setObjectName("search_field")
        self.field.setPlaceholderText(_tr("Search messages…"))
        self.field.setAccessibleName(_tr("Search messages"))
        self.field.setClearButtonEnabled(True)
        self.field.setMaxLength(500)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("search_close")
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(_tr("Close the search (Esc)"))
        self.close_button.setAccessibleName(_tr("Close the search"))
        self.all_box = QCheckBox(_tr("&All conversations"), self)
        self.all_box.setObjectName("search_all")
        self.status = QLabel(self)
        self.status.setObjectName("search_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.results = ResultList(self)
        self.results.setObjectName("search_results")
        self.results.setAccessibleName(_tr("Search results"))
        self.results.setModel(model)
        self.results.setItemDelegate(SearchResultDelegate(self.results))
        self.results.setUniformItemSizes(True)  # every hit is two lines: no per-row layout
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.all_box)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

        close = QAction(self)
        close.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        close.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        close.triggered.connect(self.close_search)
        self.addAction(close)
        self.close_button.clicked.connect(self.close_search)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.run)
        self.field.textChanged.connect(lambda _text: self._pause.start())
        self.field.returnPressed.connect(self._enter)
        self.field.went_down.connect(self._into_results)
        self.field.escaped.connect(self.close_search)
        self.results.left_at_top.connect(self.field.setFocus)
        self.all_box.toggled.connect(lambda _on: self.run())
        self.results.chosen.connect(self._chosen)
        model.searched.connect(self._show_status)
        model.rowsInserted.connect(lambda *_args: self._show_status())
        self._show_status()

    # -- scope --------------------------------------------------------------------------------

    def set_scope(self, account: str | None, peer: str | None) -> None:
        """The conversation "this conversation" means (None: there is none, search all)."""
        changed = (account, peer) != (self.account, self.peer)
        self.account, self.peer = account, peer
        has_current = peer is not None
        self.all_box.setEnabled(has_current)
        if not has_current:
            blocked = self.all_box.blockSignals(True)
            self.all_box.setChecked(True)
            self.all_box.blockSignals(blocked)
        if changed and not self.all_box.isChecked() and self.isVisible():
            self.run()

    @property
    def searches_all(self) -> bool:
        return self.all_box.isChecked() or self.peer is None

    # -- searching ----------------------------------------------------------------------------

    def open_search(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text().strip():
            self.run()

    def close_search(self) -> None:
        self._pause.stop()
        self.hide()
        self.closed.emit()

    def run(self) -> None:
        """Search now for what the field holds."""
        self._pause.stop()
        if self.searches_all:
            self.model.search(self.field.text())
        else:
            self.model.search(self.field.text(), self.account, self.peer)

    def _enter(self) -> None:
        if self._pause.isActive() or self.model.text != self.field.text():
            self.run()
        elif self.model.rowCount():
            self._into_results()
            index = self.results.currentIndex()
            if index.isValid():
                self._chosen(index)

    def _into_results(self) -> None:
        if self._pause.isActive():
            self.run()
        if self.model.rowCount():
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.model.index(0, 0))
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)

    def _chosen(self, index: QModelIndex) -> None:
        hit = self.model.hit(index.row())
        if hit is not None:
            self.result_chosen.emit(hit)

    def _show_status(self) -> None:
        count = self.model.rowCount()
        if not self.model.text.strip():
            text = ""
        elif not count:
            text = _tr("No messages found.")
        elif self.model.more_available:
            text = _tr("The newest %n messages found; scroll for more.", count)
        else:
            text = _tr("%n message(s) found.", count)
        self.status.setText(text)
        self.status.setVisible(bool(text))
