"""Desktop integration: tray icon with unread state, raise on a second launch, xmpp: URIs."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QAction, QFileOpenEvent, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMenu, QSystemTrayIcon

from client import APP_NAME
from client.core import autostart
from client.services.single_instance import SingleInstance
from client.ui.resources import app_icon

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Desktop", text)


def xmpp_uris(args: list[str]) -> list[str]:
    """The xmpp: URIs among command-line arguments (RFC 5122; the scheme is case-insensitive)."""
    return [a for a in args if a[:5].lower() == "xmpp:"]


class DesktopIntegration(QObject):
    """Everything between the main window and the desktop around it.

    - a tray icon, when the desktop has a tray and ``tray`` is on; its icon and tooltip show
      unread messages (without a tray, the window icon carries the badge);
    - a later launch of the app (``instance``) raises the window and hands over its xmpp: URIs
      (``uri_received``);
    - the XDG autostart entry follows ``autostart_enabled``.
    """

    uri_received = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        quit_action: QAction | None = None,
        *,
        instance: SingleInstance | None = None,
        tray: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.unread = 0
        self.tray: QSystemTrayIcon | None = None
        self._menu: QMenu | None = None
        if tray and QSystemTrayIcon.isSystemTrayAvailable():
            self._make_tray(quit_action)
        self.instance = instance
        if instance is not None:
            instance.message_received.connect(self._on_other_launch)
        app = QCoreApplication.instance()
        if sys.platform == "darwin" and app is not None:
            # macOS hands xmpp: links (Info.plist CFBundleURLTypes) over as QFileOpenEvents.
            # Only there: an application-wide filter sees every event, in Python.
            app.installEventFilter(self)
        self._update_icons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            url = event.url().toString()
            if xmpp_uris([url]):
                self.raise_window()
                self.open_uris([url])
                return True
        return super().eventFilter(watched, event)

    def _make_tray(self, quit_action: QAction | None) -> None:
        tray = QSystemTrayIcon(app_icon(), self)
        menu = QMenu()
        show = menu.addAction(_tr("&Show Attend"))
        show.triggered.connect(self.raise_window)
        if quit_action is not None:
            menu.addSeparator()
            menu.addAction(quit_action)
        tray.setContextMenu(menu)
        tray.activated.connect(self._on_tray_activated)
        tray.show()
        self.tray, self._menu = tray, menu

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason != QSystemTrayIcon.ActivationReason.Trigger:
            return
        if self.window.isVisible() and self.window.isActiveWindow():
            self.window.hide()
        else:
            self.raise_window()

    def raise_window(self) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        if QGuiApplication.platformName() != "offscreen":  # it can't, and says so on stderr
            window.raise_()
        window.activateWindow()

    def set_unread(self, count: int) -> None:
        """Show ``count`` unread messages in the tray (or the window icon without a tray)."""
        count = max(0, count)
        if count == self.unread:
            return
        self.unread = count
        self._update_icons()

    def _update_icons(self) -> None:
        icon = app_icon(unread=self.unread > 0)
        if self.unread:
            tip = QCoreApplication.translate("Desktop", "%n unread message(s)", None, self.unread)
            tooltip = f"{APP_NAME} — {tip}"
        else:
            tooltip = APP_NAME
        if self.tray is not None:
            self.tray.setIcon(icon)
            self.tray.setToolTip(tooltip)
        # The taskbar or dock shows the window icon: the badge there works without a tray.
        QGuiApplication.setWindowIcon(icon)
        self.window.setWindowIcon(icon)

    def open_uris(self, args: list[str]) -> None:
        for uri in xmpp_uris(args):
            log.info("xmpp URI to open: %s", uri)
            self.uri_received.emit(uri)

    def _on_other_launch(self, args: list[str]) -> None:
        log.info("another launch asked for the window (%d argument(s))", len(args))
        self.raise_window()
        self.open_uris(args)

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None
        if self._menu is not None:
            self._menu.deleteLater()
            self._menu = None


def apply_autostart(enabled: bool, profile_dir: Path | None) -> bool:
    """Write or remove the login autostart entry (XDG desktops only; elsewhere a no-op)."""
    if sys.platform in ("win32", "darwin"):
        if enabled:
            log.info("autostart: not available on this system yet")
        return False
    return autostart.set_enabled(enabled, autostart.launch_command(profile_dir))
