"""Desktop integration without a tray (offscreen): unread badge on the window, URIs, raising."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

from client.services.single_instance import SingleInstance
from client.ui.desktop import DesktopIntegration, xmpp_uris
from client.ui.resources import install_icon_theme, register_resources
from tests.fixtures.resources import built_rcc


@pytest.fixture
def window(qapp: QApplication) -> Iterator[QMainWindow]:
    register_resources(built_rcc())
    install_icon_theme()
    win = QMainWindow()
    yield win
    win.deleteLater()
    QGuiApplication.setWindowIcon(QIcon())


def test_no_tray_here_yet_unread_shows_on_the_window_icon(window: QMainWindow) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen has no tray
    desktop = DesktopIntegration(window, tray=True)
    assert desktop.tray is None
    assert window.windowIcon().name() == "im.attend.Attend"
    desktop.set_unread(3)
    assert window.windowIcon().name() == "im.attend.Attend-unread"
    assert QGuiApplication.windowIcon().name() == "im.attend.Attend-unread"
    desktop.set_unread(0)
    assert window.windowIcon().name() == "im.attend.Attend"
    desktop.close()


def test_xmpp_uris_are_picked_from_arguments() -> None:
    args = ["--profile", "/x", "xmpp:bob@example.org?message", "XMPP:Carol@example.org", "x"]
    assert xmpp_uris(args) == ["xmpp:bob@example.org?message", "XMPP:Carol@example.org"]


def test_another_launch_raises_the_window_and_hands_over_uris(window: QMainWindow) -> None:
    instance = SingleInstance("unused-in-this-test")
    desktop = DesktopIntegration(window, instance=instance, tray=False)
    got: list[str] = []
    desktop.uri_received.connect(got.append)
    window.hide()
    instance.message_received.emit(["xmpp:dave@example.org?roster", "--junk"])
    QCoreApplication.processEvents()
    assert window.isVisible()
    assert got == ["xmpp:dave@example.org?roster"]
    desktop.close()
