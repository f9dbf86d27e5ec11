"""Puts the status selector, activity status text and privacy dialog into the main window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from client.core.profile import SettingsStore
from client.core.settings import Settings
from client.services.activity_service import ActivityService, ActivitySnapshot
from client.ui.privacy_dialog import BOOL_KEYS, TEXT_KEYS, PrivacyActivityDialog
from client.ui.status_selector import ActivityStatusLabel, StatusSelector

SETTINGS_MENU = "settings_menu"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ActivityUi", text)


def settings_menu(window: QMainWindow) -> QMenu:
    """The window's Settings menu, created on first use and shared with other features."""
    found = window.menuBar().findChild(QMenu, SETTINGS_MENU)
    if isinstance(found, QMenu):
        return found
    menu = window.menuBar().addMenu(_tr("&Settings"))
    menu.setObjectName(SETTINGS_MENU)
    return menu


class ActivityUi(QObject):
    """Owns the activity widgets of one main window and connects them to the service."""

    def __init__(
        self,
        window: QMainWindow,
        service: ActivityService,
        settings: Settings,
        store: SettingsStore | None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.service = service
        self.settings = settings
        self.store = store
        self.dialog: PrivacyActivityDialog | None = None

        self.toolbar = QToolBar(_tr("Status"), window)
        self.toolbar.setObjectName("status_toolbar")
        self.toolbar.setMovable(False)
        self.selector = StatusSelector(self.toolbar)
        self.selector.set_status(service.policy.user_status)
        self.toolbar.addWidget(self.selector)
        window.addToolBar(self.toolbar)

        self.label = ActivityStatusLabel(window)
        window.statusBar().addPermanentWidget(self.label)

        self.privacy_action = QAction(_tr("Privacy && activity…"), window)
        self.privacy_action.setObjectName("privacy_action")
        self.privacy_action.triggered.connect(self.open_privacy_dialog)
        settings_menu(window).addAction(self.privacy_action)

        self.selector.status_chosen.connect(service.set_user_status)
        service.state_changed.connect(self._on_state)
        self._on_state(service.snapshot())

    def _on_state(self, snapshot: ActivitySnapshot) -> None:
        self.label.show_snapshot(snapshot)

    def open_privacy_dialog(self) -> PrivacyActivityDialog:
        if self.dialog is None:
            self.dialog = PrivacyActivityDialog(self.settings, self.store, self.window)
            self.dialog.settings_saved.connect(self._on_saved)
            self.dialog.finished.connect(self._on_dialog_finished)
        if self.dialog.isVisible():
            self.dialog.raise_()  # already open somewhere behind: bring it forward
            self.dialog.activateWindow()
        else:
            self.dialog.show()
        return self.dialog

    def _on_saved(self, saved: Settings) -> None:
        # Copied into the app's one Settings object (others save it too): replacing it here
        # would let their next save write the old privacy values back.
        for key in (*BOOL_KEYS, *TEXT_KEYS):
            self.settings.set(key, saved.get(key))
        self.service.apply_settings(self.settings)

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
