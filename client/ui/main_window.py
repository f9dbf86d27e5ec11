"""The main window: roster pane and per-account connection status."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from client import APP_NAME

# This module is on the path to the first window (client/app/main.py shows it before the rest of
# the app loads): whatever it imports at the top delays that window.
if TYPE_CHECKING:
    from client.core.connection import ConnectionStatus
    from client.ui.roster_view import RosterListView, RosterWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


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
        self.resize(360, 640)

        self._stack = QStackedWidget(self)
        self.empty_label = QLabel(
            _tr(
                "No accounts yet.\nAdd one with: python -m client account add JID --password-stdin"
            ),
            self._stack,
        )
        self.empty_label.setObjectName("empty_roster_label")
        # Set by name: the first use of Qt's `Qt` namespace builds ~90 Python enums (~13 ms),
        # better paid once the window is on screen.
        self.empty_label.setProperty("alignment", "AlignCenter")
        self.empty_label.setWordWrap(True)
        self._stack.addWidget(self.empty_label)
        self._roster_widget: RosterWidget | None = None  # built on first use: see roster_widget
        self.setCentralWidget(self._stack)

        self.connection_label = QLabel(_tr("No accounts"), self)
        self.connection_label.setObjectName("connection_status")
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
        self._stack.setCurrentWidget(self.roster_widget if has_accounts else self.empty_label)

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
