"""The main window: roster pane (or, without accounts, how to add one) and connection status."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRect, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from client import APP_NAME
from client.ui.elided_label import ElidedLabel

# This module is on the path to the first window (client/app/main.py shows it before the rest of
# the app loads): whatever it imports at the top delays that window.
if TYPE_CHECKING:
    from client.core.connection import ConnectionStatus
    from client.ui.roster_view import RosterListView, RosterWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


_ACCELERATOR = re.compile(r"&(&?)")

# Default window size: a share of the screen's free area, clamped, never larger than it.
_WIDTH_SHARE, _MIN_WIDTH, _MAX_WIDTH = 0.25, 320, 420
_HEIGHT_SHARE, _MIN_HEIGHT, _MAX_HEIGHT = 0.75, 400, 720


def menu_text(text: str) -> str:
    """A menu entry's text as prose: "&Add account…" → "Add account…" ("&&" stays "&")."""
    return _ACCELERATOR.sub(r"\1", text)


def default_size(available: QRect | None) -> QSize:
    """The first window size for a screen whose free area (no panels) is ``available``.

    Device-independent pixels, so a HiDPI screen gets the same physical size as any other; a
    small screen gets the whole free area at most, never a window reaching under its panels.
    """
    if available is None or available.isEmpty():
        return QSize(360, 640)
    width = max(_MIN_WIDTH, min(_MAX_WIDTH, round(available.width() * _WIDTH_SHARE)))
    height = max(_MIN_HEIGHT, min(_MAX_HEIGHT, round(available.height() * _HEIGHT_SHARE)))
    return QSize(min(width, available.width()), min(height, available.height()))


def describe_status(jid: str, status: ConnectionStatus, elapsed: float = 0.0) -> str:
    """One line per account for the status bar, with the reason in words.

    ``elapsed``: seconds since the status arrived, so "reconnecting in N s" counts down.
    """
    from client.core.connection import ConnectionState  # noqa: PLC0415

    match status.state:
        case ConnectionState.OFFLINE:
            text = _tr("offline")
        case ConnectionState.CONNECTING:
            text = _tr("connecting…")
        case ConnectionState.ONLINE:
            text = _tr("online")
        case ConnectionState.RECONNECTING:
            if status.retry_in is not None:
                text = QCoreApplication.translate(
                    "MainWindow",
                    "reconnecting in %n s",
                    None,
                    max(1, round(status.retry_in - elapsed)),
                )
            else:
                text = _tr("reconnecting…")
        case ConnectionState.ERROR:
            text = _tr("error")
    if status.detail:
        text = (
            QCoreApplication.translate("MainWindow", "%1 (%2)")
            .replace("%1", text)
            .replace("%2", status.detail)
        )
    return f"{jid}: {text}"


class MainWindow(QMainWindow):
    """Closing only asks to quit: the app disconnects first, then the window goes away."""

    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.setObjectName("main_window")
        screen = self.screen()
        self.resize(default_size(screen.availableGeometry() if screen is not None else None))

        self._stack = QStackedWidget(self)
        # Without accounts: where to add one (the Accounts menu), and a button doing just that.
        self.empty_page = QWidget(self._stack)
        self.empty_page.setObjectName("empty_roster_page")
        self.empty_label = QLabel(
            QCoreApplication.translate(
                "MainWindow",
                "No accounts yet.\nAdd an account: %1 → %2",
                "%1 the Accounts menu, %2 its entry that adds an account",
            )
            .replace("%1", menu_text(QCoreApplication.translate("AccountsController", "&Accounts")))
            .replace(
                "%2", menu_text(QCoreApplication.translate("AccountsController", "&Add account…"))
            ),
            self.empty_page,
        )
        self.empty_label.setObjectName("empty_roster_label")
        # Set by name: the first use of Qt's `Qt` namespace builds ~90 Python enums (~13 ms),
        # better paid once the window is on screen.
        self.empty_label.setProperty("alignment", "AlignCenter")
        self.empty_label.setWordWrap(True)
        # Enabled once the accounts controller hands over its action (set_add_account_action):
        # until then a click could do nothing.
        self.add_account_button = QPushButton(_tr("Add account…"), self.empty_page)
        self.add_account_button.setObjectName("empty_add_account_button")
        self.add_account_button.setEnabled(False)
        button_row = QHBoxLayout()  # centred by stretches, not by `Qt` alignment (see above)
        button_row.addStretch(1)
        button_row.addWidget(self.add_account_button)
        button_row.addStretch(1)
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addSpacing(self.fontMetrics().height())
        empty_layout.addLayout(button_row)
        empty_layout.addStretch(1)
        self._stack.addWidget(self.empty_page)
        self._roster_widget: RosterWidget | None = None  # built on first use: see roster_widget
        self.setCentralWidget(self._stack)

        # Elided in a narrow window; the whole text (one account per line) in its tooltip.
        self.connection_label = ElidedLabel(_tr("No accounts"), self)
        self.connection_label.setObjectName("connection_status")
        self.connection_label.setAccessibleName(_tr("Connection"))
        self.statusBar().addWidget(self.connection_label, 1)
        self._statuses: dict[str, tuple[ConnectionStatus, float]] = {}
        self._status_timer = QTimer(self)  # ticks only while a reconnect countdown is shown
        self._status_timer.setInterval(1000)
        self._status_timer.timeout.connect(self._show_statuses)

        quit_action = QAction(_tr("&Quit"), self)
        # The platform's Quit binding can be empty (e.g. some themes); Ctrl+Q always works.
        quit_keys = {QKeySequence(QKeySequence.StandardKey.Quit), QKeySequence("Ctrl+Q")}
        quit_action.setShortcuts([k for k in quit_keys if not k.isEmpty()])
        quit_action.setProperty("shortcutContext", "ApplicationShortcut")  # by name: see above
        quit_action.triggered.connect(self.quit_requested)
        self.quit_action = quit_action
        # Chat (client/ui/chat_window.py): the app connects these to the chat window.
        self.new_chat_action = QAction(_tr("&New Chat…"), self)
        # setShortcuts, not setShortcut: the latter's overloads make PySide build `Qt` (above).
        self.new_chat_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.New)])
        self.show_chats_action = QAction(_tr("&Chats"), self)
        file_menu = self.menuBar().addMenu(_tr("&File"))
        file_menu.addAction(self.new_chat_action)
        file_menu.addAction(self.show_chats_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        # The list's context menu has it too, but an empty roster gives nothing to right-click.
        self.add_contact_action = QAction(_tr("&Add contact…"), self)
        self.add_contact_action.setObjectName("add_contact_action")
        self.add_contact_action.setEnabled(False)  # see set_has_accounts
        self.add_contact_action.triggered.connect(self._add_contact)
        self.contacts_menu = self.menuBar().addMenu(_tr("&Contacts"))
        self.contacts_menu.setObjectName("contacts_menu")
        self.contacts_menu.addAction(self.add_contact_action)

    @property
    def roster_widget(self) -> RosterWidget:
        """The roster pane (filter, options, list), built when first asked for.

        Its model and delegate are a noticeable share of start-up; a window with no accounts
        can be on screen before they are loaded.
        """
        if self._roster_widget is None:
            from client.ui.roster_view import RosterWidget  # noqa: PLC0415

            self._roster_widget = RosterWidget(self._stack)
            self._stack.addWidget(self._roster_widget)
        return self._roster_widget

    @property
    def roster_view(self) -> RosterListView:
        """The roster pane's list."""
        return self.roster_widget.view

    def set_has_accounts(self, has_accounts: bool) -> None:
        self._stack.setCurrentWidget(self.roster_widget if has_accounts else self.empty_page)
        # Only once the roster pane has its model (the app wired it): adding needs an account.
        widget = self._roster_widget  # not built for a window without accounts (start-up)
        self.add_contact_action.setEnabled(
            has_accounts and widget is not None and widget.model() is not None
        )

    def set_add_account_action(self, action: QAction) -> None:
        """The accounts controller's "Add account…": the empty page's button triggers it."""
        self.add_account_button.clicked.connect(action.trigger)
        action.enabledChanged.connect(self.add_account_button.setEnabled)
        self.add_account_button.setEnabled(action.isEnabled())

    def _add_contact(self) -> None:
        if self._roster_widget is not None:
            self._roster_widget.ask_add_contact()

    def set_account_status(self, jid: str, status: ConnectionStatus) -> None:
        self._statuses[jid] = (status, time.monotonic())
        self._show_statuses()

    def remove_account_status(self, jid: str) -> None:
        self._statuses.pop(jid, None)
        self._show_statuses()

    def _show_statuses(self) -> None:
        from client.core.connection import ConnectionState  # noqa: PLC0415

        now = time.monotonic()
        texts = [describe_status(j, s, now - t) for j, (s, t) in self._statuses.items()]
        self.connection_label.setText(" · ".join(texts) if texts else _tr("No accounts"))
        self.connection_label.setToolTip("\n".join(texts))
        self.connection_label.setAccessibleDescription("\n".join(texts))
        counting = any(
            s.state == ConnectionState.RECONNECTING and s.retry_in
            for s, _t in self._statuses.values()
        )
        if not counting:
            self._status_timer.stop()
        elif not self._status_timer.isActive():
            self._status_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Keep the window until the sessions are closed; main() hides it afterwards.
        event.ignore()
        self.quit_requested.emit()
