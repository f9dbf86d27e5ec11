"""The QApplication, created before the qasync loop (FIELD-NOTES §2)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from client import APP_ID, APP_NAME, ORG_NAME, __version__
from client.ui.i18n import install_translators
from client.ui.resources import app_icon, install_icon_theme, register_resources


def create_application(argv: list[str], language: str = "") -> QApplication:
    """The app, with Attend's icons and translations (``language`` as in ui.language)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORG_NAME)
    app.setDesktopFileName(APP_ID)
    # Closing the window must not end the loop before we have disconnected (FIELD-NOTES §2).
    app.setQuitOnLastWindowClosed(False)
    register_resources()
    install_icon_theme()
    app.setWindowIcon(app_icon())
    # Before any widget exists: texts are looked up when widgets are built.
    install_translators(language, app)
    return app
