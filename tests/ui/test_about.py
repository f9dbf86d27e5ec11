"""Help → About tells what Attend is, its version and what it runs on, as plain text."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox

from client import __version__
from client.ui.about import about_text, add_help_menu


def test_about_names_version_licence_and_platform(qapp) -> None:
    text = about_text()
    assert f"Attend {__version__}" in text
    assert "GPL" in text
    assert "PySide6" in text
    assert "slixmpp 1." in text


def test_help_menu_is_last_and_opens_about(qapp, qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.menuBar().addMenu("&File")
    action = add_help_menu(window)
    menus = [a.menu() for a in window.menuBar().actions()]
    assert menus[-1].objectName() == "help_menu"
    action.trigger()
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1
    assert __version__ in boxes[0].text()
    boxes[0].close()
