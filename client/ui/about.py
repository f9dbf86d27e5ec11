"""The Help menu: what Attend is, its version and licence, and the versions it runs on."""

from __future__ import annotations

import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox

from client import APP_NAME, __version__


def _tr(text: str) -> str:
    return QCoreApplication.translate("About", text)


def _version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def about_text() -> str:
    """Plain text only: nothing here comes from the network, but nothing needs markup either."""
    lines = [
        f"{APP_NAME} {__version__}",
        "",
        _tr("A desktop XMPP client that honestly shows who is at their keyboard."),
        _tr("Licence: GNU GPL, version 3 or later."),
        "",
        _tr("Running on Python %1, Qt %2 (PySide6 %3), slixmpp %4.")
        .replace("%1", platform.python_version())
        .replace("%2", qVersion())
        .replace("%3", pyside_version)
        .replace("%4", _version_of("slixmpp")),
    ]
    return "\n".join(lines)


def add_help_menu(window: QMainWindow) -> QAction:
    """A Help menu, last in the menu bar, with "About Attend"."""
    menu = window.menuBar().addMenu(_tr("&Help"))
    menu.setObjectName("help_menu")
    action = QAction(_tr("&About %1").replace("%1", APP_NAME), window)
    action.setObjectName("about_action")
    action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS puts it in the application menu

    def show() -> None:
        box = QMessageBox(window)
        box.setWindowTitle(_tr("About %1").replace("%1", APP_NAME))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(about_text())
        box.setIconPixmap(window.windowIcon().pixmap(64, 64))
        box.open()

    action.triggered.connect(show)
    menu.addAction(action)
    return action
