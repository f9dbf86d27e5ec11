"""The roster pane: quick filter, view options, the contact list and its context menu.

Thin on purpose: sorting, filtering and all text live in client.models.roster_model; the
actions only emit request signals that the services layer carries out over XMPP (nothing
here answers a subscription request or talks to a server). The list tells the model which
rows are on screen, so the once-a-minute idle refresh only touches those.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QContextMenuEvent,
    QKeyEvent,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QStyle,
    QStyleOptionToolButton,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from client.models.roster_model import RosterModel, RosterRole, RowKind, SortMode
from client.models.roster_text import fill
from client.ui.roster_delegate import RosterDelegate

__all__ = ["MenuButton", "RosterListView", "RosterWidget", "moved_groups"]


def moved_groups(groups: tuple[str, ...], from_group: str, to_group: str) -> list[str]:
    """The item's groups after moving its row from ``from_group`` to ``to_group``.

    Other groups are kept; "" as ``to_group`` means "no longer in ``from_group``" (the
    contact lands in the "Contacts" pseudo-group if that was its only group).
    """
    kept = [g for g in groups if g and g not in (from_group, to_group)]
    return [*kept, to_group] if to_group else kept


class MenuButton(QToolButton):
    """A tool button that opens its menu, with the down arrow beside its text.

    Styles draw an instant-popup button's arrow in the bottom-right corner without making room
    for it (Fusion: over the last letter of "View"). Here the size hint reserves the arrow's
    width, the label is centred in what is left, and the arrow gets its own column.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def _indicator_width(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, self)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width() + self._indicator_width(), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        opt = QStyleOptionToolButton()
        self.initStyleOption(opt)
        opt.features &= ~QStyleOptionToolButton.ToolButtonFeature.HasMenu  # no corner arrow
        label = QStyleOptionToolButton(opt)
        opt.text = ""  # the panel (hover, pressed, focus) over the whole button
        painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, opt)
        indicator = self._indicator_width()
        left_to_right = self.layoutDirection() == Qt.LayoutDirection.LeftToRight
        label.rect = self.rect().adjusted(
            0 if left_to_right else indicator, 0, -indicator if left_to_right else 0, 0
        )
        painter.drawControl(QStyle.ControlElement.CE_ToolButtonLabel, label)
        arrow = QStyleOptionToolButton(opt)
        arrow.rect = self.style().visualRect(
            self.layoutDirection(),
            self.rect(),
            self.rect().adjusted(self.width() - indicator - 4, 0, -4, 0),
        )
        painter.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorArrowDown, arrow)


class RosterListView(QListView):
    """A QListView that reports its visible rows whenever they may have changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roster_view")
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        # Rows are painted to the viewport's width (names and messages elided): never scroll
        # sideways, or a narrow window hides the idle markers and counts off to the right.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.context_menu_for: Callable[[QModelIndex], QMenu | None] | None = None
        self._visible_timer = QTimer(self)
        self._visible_timer.setSingleShot(True)
        self._visible_timer.setInterval(0)  # after Qt has laid the rows out
        self._visible_timer.timeout.connect(self.report_visible_rows)
        self.verticalScrollBar().valueChanged.connect(self._rows_moved)

    def _rows_moved(self, *_args: object) -> None:
        self._visible_timer.start()

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if isinstance(old, RosterModel):
            for sig in (old.layoutChanged, old.modelReset, old.rowsInserted, old.rowsRemoved):
                sig.disconnect(self._rows_moved)
        super().setModel(model)
        if isinstance(model, RosterModel):
            for sig in (
                model.layoutChanged,
                model.modelReset,
                model.rowsInserted,
                model.rowsRemoved,
            ):
                sig.connect(self._rows_moved)
        self._visible_timer.start()

    def dataChanged(
        self,
        topLeft: QModelIndex | QPersistentModelIndex,
        bottomRight: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        # QListView in list mode answers every dataChanged with a full relayout of all items,
        # which calls into the Python model twice per row (~50 ms at 20,000 rows, measured).
        # Our rows all have one fixed height that no data change can alter, so the item
        # view's own handling (repaint, editors, accessibility) is all that is needed.
        QAbstractItemView.dataChanged(self, topLeft, bottomRight, list(roles))

    def visible_rows(self) -> tuple[int, int]:
        """First and last row on screen (inclusive); (0, -1) when nothing is shown."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return (0, -1)
        viewport = self.viewport().rect()
        first = self.indexAt(QPoint(1, viewport.top() + 1)).row()
        last = self.indexAt(QPoint(1, viewport.bottom() - 1)).row()
        if first < 0:
            return (0, -1)
        if last < 0:
            last = model.rowCount() - 1
        return (first, last)

    def report_visible_rows(self) -> None:
        model = self.model()
        if isinstance(model, RosterModel):
            model.set_visible_rows(*self.visible_rows())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rows_moved()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.context_menu_for is None:
            return
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            index = self.currentIndex()  # the Menu key acts on the current row
        else:
            index = self.indexAt(event.pos())
        menu = self.context_menu_for(index)
        if menu is not None:
            menu.exec(event.globalPos())
            menu.deleteLater()


class RosterWidget(QWidget):
    """Filter box, options menu and list. Action signals carry bare JIDs."""

    add_contact_requested = Signal(str, str, str, list)  # account, jid, name, groups
    rename_requested = Signal(str, str, str)  # account, jid, new name
    move_to_group_requested = Signal(str, str, list)  # account, jid, all groups afterwards
    remove_requested = Signal(str, str)  # account, jid
    subscription_accept_requested = Signal(str, str)  # account, jid
    subscription_deny_requested = Signal(str, str)  # account, jid
    last_activity_requested = Signal(str, str, str)  # account, jid, resource ("" = offline)
    contact_activated = Signal(str, str)  # account, jid (double click / Enter)
    sort_changed = Signal(str)  # SortMode value, for the "roster.sort" setting
    show_offline_changed = Signal(bool)  # for the "roster.show_offline" setting

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roster_widget")
        self._model: RosterModel | None = None
        # Dialog hooks, replaceable in tests: return None when the user cancels.
        self.ask_text: Callable[[str, str, str], str | None] = self._ask_text
        self.ask_choice: Callable[[str, str, list[str]], str | None] = self._ask_choice
        self.confirm: Callable[[str, str], bool] = self._confirm

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("roster_filter")
        self.filter_edit.setPlaceholderText(
            QCoreApplication.translate("RosterWidget", "Filter contacts")
        )
        self.filter_edit.setAccessibleName(
            QCoreApplication.translate("RosterWidget", "Filter contacts")
        )
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.installEventFilter(self)

        self.options_button = MenuButton(self)
        self.options_button.setObjectName("roster_options")
        self.options_button.setText(QCoreApplication.translate("RosterWidget", "View"))
        options = QMenu(self.options_button)
        self._sort_group = QActionGroup(self)
        self.sort_actions: dict[SortMode, QAction] = {}
        for mode, label in (
            (SortMode.STATUS, QCoreApplication.translate("RosterWidget", "Sort by &status")),
            (SortMode.NAME, QCoreApplication.translate("RosterWidget", "Sort by &name")),
            (
                SortMode.ACTIVITY,
                QCoreApplication.translate("RosterWidget", "Sort by recent &activity"),
            ),
        ):
            action = QAction(label, self._sort_group)
            action.setObjectName(f"sort_{mode.value}")
            action.setCheckable(True)
            action.setData(mode.value)
            options.addAction(action)
            self.sort_actions[mode] = action
        self.sort_actions[SortMode.STATUS].setChecked(True)
        self._sort_group.triggered.connect(self._sort_chosen)
        options.addSeparator()
        self.show_offline_action = QAction(
            QCoreApplication.translate("RosterWidget", "Show &offline contacts"), self
        )
        self.show_offline_action.setObjectName("show_offline")
        self.show_offline_action.setCheckable(True)
        self.show_offline_action.setChecked(True)
        self.show_offline_action.toggled.connect(self._show_offline_toggled)
        options.addAction(self.show_offline_action)
        self.options_button.setMenu(options)

        self.view = RosterListView(self)
        self.view.setAccessibleName(QCoreApplication.translate("RosterWidget", "Contacts"))
        self.view.setItemDelegate(RosterDelegate(self.view))
        self.view.context_menu_for = self.build_context_menu
        self.view.activated.connect(self._activated)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.options_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    # --- model --------------------------------------------------------------------------

    def model(self) -> RosterModel | None:
        return self._model

    def set_model(self, model: RosterModel) -> None:
        self._model = model
        self.view.setModel(model)
        self.sort_actions[model.sort_mode()].setChecked(True)
        with_signals = self.show_offline_action.blockSignals(True)
        self.show_offline_action.setChecked(model.show_offline())
        self.show_offline_action.blockSignals(with_signals)
        model.set_filter(self.filter_edit.text())

    def _filter_changed(self, text: str) -> None:
        if self._model is not None:
            self._model.set_filter(text)

    def _sort_chosen(self, action: QAction) -> None:
        mode = SortMode(action.data())
        if self._model is not None:
            self._model.set_sort(mode)
        self.sort_changed.emit(mode.value)

    def _show_offline_toggled(self, show: bool) -> None:
        if self._model is not None:
            self._model.set_show_offline(show)
        self.show_offline_changed.emit(show)

    def eventFilter(self, watched: object, event: object) -> bool:
        # Escape in the filter box clears it; Down moves into the list.
        if (
            watched is self.filter_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            if event.key() == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
            if event.key() == Qt.Key.Key_Down:
                self._focus_first_contact()
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _focus_first_contact(self) -> None:
        self.view.setFocus()
        model = self._model
        current = self.view.currentIndex()
        if model is None or (
            current.isValid() and model.flags(current) & Qt.ItemFlag.ItemIsSelectable
        ):
            return
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if model.flags(index) & Qt.ItemFlag.ItemIsSelectable:
                self.view.setCurrentIndex(index)
                return

    def _activated(self, index: QModelIndex) -> None:
        if self._model is None or not index.isValid():
            return
        kind = index.data(RosterRole.KIND)
        if kind in (RowKind.ACCOUNT, RowKind.GROUP):
            self._model.toggle_collapsed(index.row())
        elif kind is RowKind.CONTACT:
            self.contact_activated.emit(index.data(RosterRole.ACCOUNT), index.data(RosterRole.JID))

    # --- context menu ---------------------------------------------------------------------

    def build_context_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu for the row at ``index`` (invalid: empty area); None if nothing applies."""
        model = self._model
        if model is None:
            return None
        account = index.data(RosterRole.ACCOUNT) if index.isValid() else None
        if account is None:
            accounts = model.accounts()
            if not accounts:
                return None
            account = accounts[0]
        kind = index.data(RosterRole.KIND) if index.isValid() else None
        jid = index.data(RosterRole.JID) if index.isValid() else ""
        menu = QMenu(self)

        if kind in (RowKind.CONTACT, RowKind.REQUEST) and index.data(RosterRole.HAS_REQUEST):
            accept = menu.addAction(
                QCoreApplication.translate("RosterWidget", "&Accept subscription request")
            )
            accept.setObjectName("accept_subscription")
            accept.triggered.connect(lambda: self.subscription_accept_requested.emit(account, jid))
            deny = menu.addAction(
                QCoreApplication.translate("RosterWidget", "&Deny subscription request")
            )
            deny.setObjectName("deny_subscription")
            deny.triggered.connect(lambda: self.subscription_deny_requested.emit(account, jid))
            menu.addSeparator()

        if kind is RowKind.CONTACT:
            chat = menu.addAction(QCoreApplication.translate("RosterWidget", "Open &chat"))
            chat.setObjectName("open_chat")
            chat.triggered.connect(lambda: self.contact_activated.emit(account, jid))
            menu.setDefaultAction(chat)  # what double-click and Enter do
            menu.addSeparator()
            group = str(index.data(RosterRole.GROUP))
            resource = str(index.data(RosterRole.RESOURCE) or "")
            ask = menu.addAction(
                QCoreApplication.translate("RosterWidget", "Ask for &last activity")
            )
            ask.setObjectName("ask_last_activity")
            ask.triggered.connect(lambda: self.last_activity_requested.emit(account, jid, resource))
            rename = menu.addAction(QCoreApplication.translate("RosterWidget", "&Rename…"))
            rename.setObjectName("rename_contact")
            rename.triggered.connect(lambda: self._rename(account, jid))
            self._add_move_menu(menu, account, jid, group)
            remove = menu.addAction(QCoreApplication.translate("RosterWidget", "Re&move…"))
            remove.setObjectName("remove_contact")
            remove.triggered.connect(lambda: self._remove(account, jid))
            menu.addSeparator()

        # Added from a row under a real group, the new contact goes into that group.
        group_here = str(index.data(RosterRole.GROUP) or "") if index.isValid() else ""
        into = [group_here] if kind in (RowKind.GROUP, RowKind.CONTACT) and group_here else []
        add = menu.addAction(QCoreApplication.translate("RosterWidget", "A&dd contact…"))
        add.setObjectName("add_contact")
        add.triggered.connect(lambda: self._add(account, into))
        return menu

    def _add_move_menu(self, menu: QMenu, account: str, jid: str, group: str) -> None:
        model = self._model
        assert model is not None
        item = model.item(account, jid)
        if item is None:
            return
        move = menu.addMenu(QCoreApplication.translate("RosterWidget", "Move to &group"))
        move.setObjectName("move_to_group")
        for name in model.groups(account):
            if name == group or name in item.groups:
                continue
            action = move.addAction(name)
            action.setObjectName(f"move_to:{name}")
            action.triggered.connect(
                lambda _=False, name=name: self._move(account, jid, group, name)
            )
        if group:
            none = move.addAction(
                fill(QCoreApplication.translate("RosterWidget", "Out of “%1”"), group)
            )
            none.setObjectName("move_out")
            none.triggered.connect(lambda: self._move(account, jid, group, ""))
        move.addSeparator()
        new = move.addAction(QCoreApplication.translate("RosterWidget", "&New group…"))
        new.setObjectName("move_to_new_group")
        new.triggered.connect(lambda: self._move_to_new(account, jid, group))

    # --- actions: ask, then emit ----------------------------------------------------------

    def ask_add_contact(self) -> None:
        """Add a contact from outside the list (the window's menu), asking for the account.

        The same flow as the list's context menu; with several accounts the user picks one.
        """
        accounts = self._model.accounts() if self._model is not None else []
        if len(accounts) > 1:
            account = self.ask_choice(
                QCoreApplication.translate("RosterWidget", "Add contact"),
                QCoreApplication.translate("RosterWidget", "Add the contact to account:"),
                accounts,
            )
        else:
            account = accounts[0] if accounts else None
        if account:
            self._add(account, [])

    def _add(self, account: str, groups: list[str]) -> None:
        jid = self.ask_text(
            QCoreApplication.translate("RosterWidget", "Add contact"),
            fill(
                QCoreApplication.translate("RosterWidget", "Address (JID) to add to %1:"), account
            ),
            "",
        )
        if jid and jid.strip():
            self.add_contact_requested.emit(account, jid.strip(), "", groups)

    def _rename(self, account: str, jid: str) -> None:
        model = self._model
        item = model.item(account, jid) if model else None
        if item is None:
            return
        name = self.ask_text(
            QCoreApplication.translate("RosterWidget", "Rename contact"),
            fill(QCoreApplication.translate("RosterWidget", "New name for %1:"), jid),
            item.name,
        )
        if name is not None and name.strip() != item.name:
            self.rename_requested.emit(account, jid, name.strip())

    def _move(self, account: str, jid: str, from_group: str, to_group: str) -> None:
        model = self._model
        item = model.item(account, jid) if model else None
        if item is None:
            return
        self.move_to_group_requested.emit(
            account, jid, moved_groups(item.groups, from_group, to_group)
        )

    def _move_to_new(self, account: str, jid: str, from_group: str) -> None:
        name = self.ask_text(
            QCoreApplication.translate("RosterWidget", "Move to new group"),
            fill(QCoreApplication.translate("RosterWidget", "Group name for %1:"), jid),
            "",
        )
        if name and name.strip():
            self._move(account, jid, from_group, name.strip())

    def _remove(self, account: str, jid: str) -> None:
        if self.confirm(
            QCoreApplication.translate("RosterWidget", "Remove contact"),
            fill(
                QCoreApplication.translate(
                    "RosterWidget",
                    "Remove %1 from your contacts? You will stop seeing each other's presence.",
                ),
                jid,
            ),
        ):
            self.remove_requested.emit(account, jid)

    def _ask_text(self, title: str, label: str, default: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, default)
        return text if ok else None

    def _ask_choice(self, title: str, label: str, items: list[str]) -> str | None:
        text, ok = QInputDialog.getItem(self, title, label, items, 0, False)
        return text if ok else None

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes
