"""The chat window: a tab per conversation, history with day rows and times, a plain composer.

Everything a contact sends is shown as plain text: painted with QTextLayout (never parsed as
markup), in labels with Qt.TextFormat.PlainText, and HTML-escaped in desktop notifications
(their servers may interpret markup). Display text is capped per message (core.chat_text).
"""

from __future__ import annotations

import html
import logging
from urllib.parse import parse_qsl, unquote

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.core.accounts import validate_bare_jid
from client.core.chat_text import BodyError, elide_line
from client.core.history import Direction, StoredMessage
from client.models.chat_model import ChatModel, ChatRole, RowKind
from client.models.conversation_model import ConversationModel
from client.models.search_model import SearchModel
from client.services.chat_service import ChatService
from client.ui.conversation_list import ConversationList
from client.ui.search_panel import SearchPanel

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
PAD = 6
TAB_TITLE_CHARS = 24


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ChatWindow", text, None, n)


def _fill(template: str, *values: str) -> str:
    for number, value in enumerate(values, 1):
        template = template.replace(f"%{number}", value)
    return template


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def tab_title(name: str, unread: int) -> str:
    """A tab's text: the name elided, '&' doubled (QTabBar reads '&x' as a shortcut)."""
    title = elide_line(name, TAB_TITLE_CHARS).replace("&", "&&")
    if unread:
        title = _fill(_tr("%1 (%2)"), title, str(unread))
    return title


class MessageDelegate(QStyledItemDelegate):
    """Paints a day row, or time + state mark + wrapped plain text; heights cached per width."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._heights: dict[tuple[int, int], int] = {}

    def clear_cache(self) -> None:
        self._heights.clear()

    def _gutter(self, metrics: QFontMetrics) -> int:
        return metrics.horizontalAdvance("00:00 PM ✓✓") + 2 * PAD

    @staticmethod
    def _layout(text: str, font: QFont, width: int) -> tuple[QTextLayout, float]:
        # QTextLayout wants U+2028 for a line break; '\n' would be drawn as a space or a box.
        layout = QTextLayout(text.replace("\n", "\u2028"), font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        layout.setTextOption(option)
        layout.beginLayout()
        height = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, height))
            height += line.height()
        layout.endLayout()
        return layout, height

    def _text_width(self, total: int, metrics: QFontMetrics) -> int:
        return max(40, total - self._gutter(metrics) - PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        width = max(100, self._view.viewport().width())
        metrics = QFontMetrics(option.font)
        if index.data(ChatRole.KIND) == RowKind.DAY:
            return QSize(width, metrics.height() + 2 * PAD)
        key = (int(index.data(ChatRole.MESSAGE_ID) or 0), width)
        height = self._heights.get(key)
        if height is None:
            text = str(index.data() or "")
            _layout, text_height = self._layout(
                text,
                option.font,
                self._text_width(width, metrics),
            )
            height = max(metrics.height(), int(text_height + 0.999)) + 2 * PAD
            self._heights[key] = height
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        font: QFont = option.font
        metrics = QFontMetrics(font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        try:
            if index.data(ChatRole.KIND) == RowKind.DAY:
                self._paint_day(painter, rect, palette, metrics, str(index.data() or ""))
                return
            if selected:
                painter.fillRect(rect, palette.highlight())
            elif index.data(ChatRole.DIRECTION) == Direction.OUTGOING:
                painter.fillRect(rect, palette.alternateBase())
            if index.data(ChatRole.DIRECTION) == Direction.OUTGOING:
                # Yours: a bar in the accent colour, so who wrote what shows at a glance
                # (alternateBase alone is barely visible in many styles).
                accent = palette.color(QPalette.ColorRole.Highlight)
                if selected:
                    accent = palette.color(QPalette.ColorRole.HighlightedText)
                painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), accent)
            if index.data(ChatRole.STRANGER):
                painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()),
                                 QColor(200, 140, 0))  # fmt: skip
            text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            dim = palette.color(QPalette.ColorRole.PlaceholderText)
            painter.setPen(palette.color(text_role) if selected else dim)
            meta = f"{index.data(ChatRole.TIME_TEXT) or ''} {index.data(ChatRole.STATE_MARK) or ''}"
            gutter = self._gutter(metrics)
            painter.drawText(
                QRect(rect.left() + PAD, rect.top() + PAD, gutter - PAD, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                meta.strip(),
            )
            layout, _height = self._layout(
                str(index.data() or ""), font, self._text_width(rect.width(), metrics)
            )
            painter.setPen(palette.color(text_role))
            layout.draw(painter, QPointF(rect.left() + gutter, rect.top() + PAD))
        finally:
            painter.restore()

    @staticmethod
    def _paint_day(
        painter: QPainter, rect: QRect, palette: QPalette, metrics: QFontMetrics, text: str
    ) -> None:
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 4 * PAD)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        middle = rect.center().y()
        text_width = metrics.horizontalAdvance(shown) + 2 * PAD
        left_end = rect.center().x() - text_width // 2
        painter.drawLine(rect.left() + PAD, middle, left_end, middle)
        painter.drawLine(left_end + text_width, middle, rect.right() - PAD, middle)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), shown)


class HistoryView(QListView):
    """The message list; clears the delegate's height cache when its width changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chat_history")
        self.setAccessibleName(_tr("Conversation"))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setUniformItemSizes(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.message_delegate = MessageDelegate(self)
        self.setItemDelegate(self.message_delegate)
        self._width = 0

    def scroll_to_row(self, row: int) -> None:
        """Scroll ``row`` to the middle, however far back: rows are laid out in batches, and a
        row past the batches done has no place to scroll to yet, so lay out all of them now."""
        index = self.model().index(row, 0)
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        try:
            self.doItemsLayout()
        finally:
            self.setLayoutMode(QListView.LayoutMode.Batched)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.viewport().width() != self._width:
            self._width = self.viewport().width()
            self.message_delegate.clear_cache()
        super().resizeEvent(event)


class Composer(QPlainTextEdit):
    """Enter sends, Shift+Enter starts a new line. Plain text only (pasted markup included)."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chat_composer")
        self.setTabChangesFocus(True)
        self.setPlaceholderText(_tr("Write a message…"))
        self.setAccessibleName(_tr("Message"))
        self.setMaximumHeight(120)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ChatTab(QWidget):
    """One conversation: header, history, typing line, composer."""

    def __init__(
        self, service: ChatService, account: str, peer: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.service = service
        self.account = account
        self.peer = peer
        self.setObjectName("chat_tab")
        self.model: ChatModel = service.model(account, peer)

        self.header = plain_label("", self)
        self.header.setObjectName("chat_header")
        self.stranger_label = plain_label(
            _tr("Not in your contacts. Nothing is sent back automatically (no receipts, no"
                " typing notifications)."),
            self,
        )  # fmt: skip
        self.stranger_label.setObjectName("chat_stranger_banner")
        self.stranger_label.setWordWrap(True)
        self.view = HistoryView(self)
        self.view.setModel(self.model)
        self.state_label = plain_label("", self)
        self.state_label.setObjectName("chat_state")
        self.composer = Composer(self)
        self.send_button = QPushButton(_tr("Send"), self)
        self.send_button.setObjectName("chat_send")

        row = QHBoxLayout()
        row.addWidget(self.composer, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.stranger_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.state_label)
        layout.addLayout(row)

        copy = QAction(_tr("&Copy"), self.view)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selection)
        self.view.addAction(copy)
        self.copy_action = copy
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        self.composer.submitted.connect(self.send)
        self.send_button.clicked.connect(self.send)
        self.composer.textChanged.connect(self._typing)
        self._at_bottom = True
        self.model.rowsAboutToBeInserted.connect(self._before_insert)
        self.model.rowsInserted.connect(self._after_insert)
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._fetching = False
        self._revealed = False
        self.refresh_header()
        QTimer.singleShot(0, self._first_scroll)

    # -- header and state ---------------------------------------------------------------------

    def refresh_header(self) -> None:
        name = self.service.display_name(self.account, self.peer)
        text = self.peer if name == self.peer else _fill(_tr("%1 (%2)"), name, self.peer)
        self.header.setText(elide_line(text, 120))
        self.header.setToolTip("")
        self.stranger_label.setVisible(self.service.is_stranger(self.account, self.peer))

    def show_chat_state(self, state: str) -> None:
        texts = {
            "composing": _tr("%1 is typing…"),
            "paused": _tr("%1 stopped typing."),
        }
        template = texts.get(state)
        name = elide_line(self.service.display_name(self.account, self.peer), 40)
        self.state_label.setText(_fill(template, name) if template else "")

    # -- sending ------------------------------------------------------------------------------

    def send(self) -> None:
        text = self.composer.toPlainText()
        if not text.strip():
            return
        try:
            self.service.send(self.account, self.peer, text)
        except BodyError as exc:
            self.state_label.setText(_fill(_tr("Not sent: %1"), str(exc)))
            return
        self.composer.clear()
        self.state_label.setText("")
        self.scroll_to_bottom()

    def _typing(self) -> None:
        self.service.user_typing(self.account, self.peer, bool(self.composer.toPlainText().strip()))

    # -- history scrolling --------------------------------------------------------------------

    def scroll_to_bottom(self) -> None:
        self.view.scrollToBottom()
        self._at_bottom = True

    def _first_scroll(self) -> None:
        if not self._revealed:  # opened for a search hit: stay there
            self.scroll_to_bottom()

    def reveal(self, message_id: int, key: tuple[int, int]) -> bool:
        """Scroll to the message (a search hit, ``key`` its ``sort_key``), loading scroll-back
        down to it first, and select it. False if it is not in this conversation."""
        if self.model.row_of(message_id) is None:
            self._fetching = True  # no jump to the bottom while the rows go in
            try:
                self.model.load_back_to(key)
            finally:
                self._fetching = False
        row = self.model.row_of(message_id)
        if row is None:
            return False
        self._revealed = True
        self._at_bottom = False
        self.view.scroll_to_row(row)
        self.view.setCurrentIndex(self.model.index(row, 0))
        return True

    def _before_insert(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        bar = self.view.verticalScrollBar()
        self._at_bottom = bar.value() >= bar.maximum() - 4

    def _after_insert(self, _parent: QModelIndex, _first: int, last: int) -> None:
        if last == self.model.rowCount() - 1 and self._at_bottom and not self._fetching:
            QTimer.singleShot(0, self.scroll_to_bottom)

    def _scrolled(self, value: int) -> None:
        bar = self.view.verticalScrollBar()
        if value == bar.minimum() and self.model.older_available and not self._fetching:
            QTimer.singleShot(0, self.load_older)

    def load_older(self) -> int:
        """One page of scroll-back, keeping the message at the top where it is."""
        if self._fetching or not self.model.older_available:
            return 0
        anchor = self.view.indexAt(QPoint(1, 1))
        anchor_id = anchor.data(ChatRole.MESSAGE_ID) if anchor.isValid() else None
        if anchor_id is None and anchor.isValid():
            anchor_id = self.model.index(anchor.row() + 1, 0).data(ChatRole.MESSAGE_ID)
        self._fetching = True
        try:
            added = self.model.fetch_older()
        finally:
            self._fetching = False
        if added and anchor_id is not None:
            row = self.model.row_of(int(anchor_id))
            if row is not None:
                self.view.scrollTo(
                    self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop
                )
        return added

    # -- copying ------------------------------------------------------------------------------

    def copy_selection(self) -> None:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        bodies = [
            str(self.model.index(r, 0).data(ChatRole.BODY))
            for r in rows
            if self.model.index(r, 0).data(ChatRole.KIND) == RowKind.MESSAGE
        ]
        if bodies:
            QGuiApplication.clipboard().setText("\n".join(bodies))

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.popup(self.view.viewport().mapToGlobal(pos))


class ChatWindow(QWidget):
    """All open conversations as tabs. Closing the window only hides it."""

    def __init__(
        self,
        service: ChatService,
        tray: QSystemTrayIcon | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("chat_window")
        self.service = service
        self.tray = tray
        self.resize(800, 640)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("chat_tabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.tabs.currentChanged.connect(self._current_changed)
        # Beside the tabs: every conversation, or (Ctrl+F) the search and its hits.
        self.conversations = ConversationModel(service.history, name_of=service.display_name,
                                               parent=self)  # fmt: skip
        self.conversation_list = ConversationList(self.conversations, self)
        self.conversation_list.conversation_activated.connect(self.open_chat)
        self.search_model = SearchModel(service.history, name_of=service.display_name, parent=self)
        self.search_panel = SearchPanel(self.search_model, self)
        self.search_panel.hide()
        self.search_panel.result_chosen.connect(self.show_hit)
        self.search_panel.closed.connect(self._search_closed)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 4, 0, 4)
        side_layout.addWidget(self.search_panel)
        side_layout.addWidget(self.conversation_list)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("chat_splitter")
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        find = QAction(_tr("&Find…"), self)
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        find.triggered.connect(self.open_search)
        self.addAction(find)
        self.find_action = find
        self._open: dict[tuple[str, str], ChatTab] = {}
        self._last_notified: tuple[str, str] | None = None
        self.notifications = 0
        service.message_received.connect(self._on_message)
        service.unread_changed.connect(self._on_unread)
        service.total_unread_changed.connect(lambda _n: self._update_title())
        service.chat_state_changed.connect(self._on_chat_state)
        service.conversation_updated.connect(self.conversations.refresh)
        service.unread_changed.connect(self.conversations.set_unread)
        if tray is not None:
            tray.messageClicked.connect(self._notification_clicked)
        self._update_title()

    # -- opening ------------------------------------------------------------------------------

    def open_chat(self, account: str, peer: str, activate: bool = True) -> ChatTab:
        key = (account, peer)
        tab = self._open.get(key)
        if tab is None:
            tab = ChatTab(self.service, account, peer, self.tabs)
            self._open[key] = tab
            self.tabs.addTab(tab, tab_title(self.service.display_name(account, peer), 0))
            self._retitle(account, peer)
        if activate:
            self.tabs.setCurrentWidget(tab)
            self.present()
            tab.composer.setFocus()
        return tab

    def present(self) -> None:
        """Show the window (from the menu or the tray), on the current tab."""
        self.show()
        if self.isMinimized():
            self.showNormal()
        if QGuiApplication.platformName() != "offscreen":
            self.raise_()
        self.activateWindow()
        self._mark_current_read()

    def tab(self, account: str, peer: str) -> ChatTab | None:
        return self._open.get((account, peer))

    def current_tab(self) -> ChatTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ChatTab) else None

    def open_uri(self, uri: str) -> ChatTab | None:
        """``xmpp:jid?message;body=…`` (RFC 5122, XEP-0147): open the chat, prefill the text
        (never sent without the user pressing Enter)."""
        if uri[:5].lower() != "xmpp:" or not self.service.accounts:
            return None
        rest = uri[5:].lstrip("/")
        path, _, query = rest.partition("?")
        try:
            peer = validate_bare_jid(unquote(path).split("/", 1)[0])
        except ValueError as exc:
            log.info("ignoring an xmpp: URI with a bad address: %s", exc)
            return None
        action, _, params = query.partition(";")
        if action not in ("", "message"):
            return None
        tab = self.open_chat(self.service.accounts[0], peer)
        body = dict(parse_qsl(params, separator=";")).get("body", "")
        if body and not tab.composer.toPlainText():
            # Not typing: a clicked link must not tell the contact we are composing.
            blocked = tab.composer.blockSignals(True)
            tab.composer.setPlainText(body[:10_000])
            tab.composer.blockSignals(blocked)
        return tab

    def ask_new_chat(self) -> None:
        """Ask for an address (and account, if several), then open that chat."""
        accounts = self.service.accounts
        if not accounts:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("new_chat_dialog")
        dialog.setWindowTitle(_tr("New Chat"))
        dialog.setLabelText(_tr("Address (name@example.org):"))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)

        def chosen(text: str) -> None:
            try:
                peer = validate_bare_jid(text)
            except ValueError as exc:
                log.info("new chat: %s", exc)
                return
            self.open_chat(accounts[0], peer)

        dialog.textValueSelected.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # -- search -------------------------------------------------------------------------------

    def open_search(self) -> None:
        """Ctrl+F: the search takes the conversation list's place, scoped to the current tab."""
        tab = self.current_tab()
        self.search_panel.set_scope(*((tab.account, tab.peer) if tab else (None, None)))
        self.conversation_list.hide()
        self.present()
        self.search_panel.open_search()

    def _search_closed(self) -> None:
        self.conversation_list.show()
        tab = self.current_tab()
        if tab is not None:
            tab.composer.setFocus()

    def show_hit(self, message: StoredMessage) -> ChatTab | None:
        """Open the hit's conversation scrolled to it; the focus stays in the results."""
        tab = self.open_chat(message.account, message.peer, activate=False)
        self.tabs.setCurrentWidget(tab)
        self.present()
        if not tab.reveal(message.id, message.sort_key):
            return None
        if self.search_panel.isVisible():
            self.search_panel.results.setFocus()
        return tab

    # -- incoming -----------------------------------------------------------------------------

    def _on_message(self, message: StoredMessage) -> None:
        key = (message.account, message.peer)
        self.open_chat(*key, activate=False)
        if self._is_looking_at(key):
            self._mark_current_read()
            return
        if message.stranger:
            return  # unsolicited: counted as unread, but no pop-up
        self.notify(message)

    def notify(self, message: StoredMessage) -> bool:
        """A desktop notification through the tray, when there is one (the app works without)."""
        tray = self.tray
        if tray is None or not QSystemTrayIcon.isSystemTrayAvailable() or not tray.isVisible():
            return False
        name = self.service.display_name(message.account, message.peer)
        # Notification servers may interpret a subset of HTML: escape what contacts wrote.
        title = html.escape(elide_line(name, 60), quote=False)
        body = html.escape(elide_line(message.body, 200), quote=False)
        tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 8000)
        self._last_notified = (message.account, message.peer)
        self.notifications += 1
        return True

    def _notification_clicked(self) -> None:
        if self._last_notified is not None:
            self.open_chat(*self._last_notified)

    def _is_looking_at(self, key: tuple[str, str]) -> bool:
        tab = self.current_tab()
        return (
            tab is not None
            and (tab.account, tab.peer) == key
            and self.isVisible()
            and self.isActiveWindow()
            and not self.isMinimized()
        )

    def _on_unread(self, account: str, peer: str, _count: int) -> None:
        self._retitle(account, peer)

    def _on_chat_state(self, account: str, peer: str, state: str) -> None:
        tab = self._open.get((account, peer))
        if tab is not None:
            tab.show_chat_state(state)

    # -- titles and read state ----------------------------------------------------------------

    def _retitle(self, account: str, peer: str) -> None:
        tab = self._open.get((account, peer))
        if tab is None:
            return
        index = self.tabs.indexOf(tab)
        name = self.service.display_name(account, peer)
        self.tabs.setTabText(index, tab_title(name, self.service.unread(account, peer)))
        self.tabs.setTabToolTip(index, peer)

    def _update_title(self) -> None:
        total = self.service.total_unread
        if total:
            self.setWindowTitle(_tr("Chats (%n unread)", total))
        else:
            self.setWindowTitle(_tr("Chats"))

    def _mark_current_read(self) -> None:
        tab = self.current_tab()
        if tab is not None and self.isVisible() and self.isActiveWindow():
            self.service.mark_read(tab.account, tab.peer)

    def _current_changed(self, _index: int) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.refresh_header()
            self.conversation_list.select(tab.account, tab.peer)
        self.search_panel.set_scope(*((tab.account, tab.peer) if tab else (None, None)))
        self._mark_current_read()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange:
            self._mark_current_read()
        super().changeEvent(event)

    def _close_tab(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if not isinstance(tab, ChatTab):
            return
        self.tabs.removeTab(index)
        self._open.pop((tab.account, tab.peer), None)
        self.service.user_typing(tab.account, tab.peer, False)
        tab.deleteLater()
        self.service.release(tab.account, tab.peer)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.hide()
