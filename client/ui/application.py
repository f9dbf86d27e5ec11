"""The QApplication, created before the qasync loop (FIELD-NOTES §2)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from client import APP_ID, APP_NAME, ORG_NAME, __version__


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORG_NAME)
    app.setDesktopFileName(APP_ID)
    # Closing the window must not end the loop before we have disconnected (FIELD-NOTES §2).
    app.setQuitOnLastWindowClosed(False)
    return app
