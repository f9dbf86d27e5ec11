"""The main window: first-run page, Contacts menu, default size, status text when narrow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from client.core.connection import ConnectionState, ConnectionStatus
from client.models.roster_model import RosterModel
from client.services.accounts import AccountManager
from client.ui.accounts_controller import AccountsController
from client.ui.main_window import MainWindow, default_size, menu_text
from tests.models.roster_builders import ME, OTHER, FakeClock, item, utc

GB = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    return w


def test_empty_page_points_to_the_accounts_menu_and_its_button_opens_the_dialog(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.set_has_accounts(False)
    assert window.centralWidget().currentWidget() is window.empty_page  # type: ignore[attr-defined]
    # Until the accounts controller is there, the button would do nothing: not clickable.
    assert not window.add_account_button.isEnabled()
    controller = AccountsController(window, AccountManager())
    assert window.add_account_button.isEnabled()
    # The text names the real menu and entry, as the menu shows them.
    menu_title = menu_text(controller.menu.title())
    entry = menu_text(controller.add_action.text())
    assert (menu_title, entry) == ("Accounts", "Add account…")
    assert f"{menu_title} → {entry}" in window.empty_label.text()
    window.show()
    qtbot.waitExposed(window)
    QTest.mouseClick(window.add_account_button, Qt.MouseButton.LeftButton)
    dialog = controller.account_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.reject()


def test_menu_text_drops_accelerators_but_keeps_literal_ampersands() -> None:
    assert menu_text("&Add account…") == "Add account…"
    assert menu_text("Privacy && &activity…") == "Privacy & activity…"


def roster_model(*accounts: str) -> RosterModel:
    model = RosterModel(clock=FakeClock(utc(2026, 11, 3, 12)), locale=GB, auto_refresh=False)
    for account in accounts:
        model.set_roster(account, [])
    return model


def test_add_contact_is_in_the_contacts_menu_even_with_an_empty_roster(
    window: MainWindow,
) -> None:
    action = window.add_contact_action
    assert action in window.contacts_menu.actions()
    window.set_has_accounts(False)
    assert not action.isEnabled()
    window.set_has_accounts(True)
    assert not action.isEnabled()  # the pane has no model yet (the app is still loading)
    model = roster_model(ME)
    widget = window.roster_widget
    widget.set_model(model)
    window.set_has_accounts(True)
    assert action.isEnabled()
    asked: list[tuple[str, str]] = []
    widget.ask_text = lambda title, label, default: asked.append((title, label)) or " bob@x "  # type: ignore[func-returns-value]
    added: list[tuple[str, str, str, list[str]]] = []
    widget.add_contact_requested.connect(lambda *args: added.append(args))
    action.trigger()
    assert asked == [("Add contact", f"Address (JID) to add to {ME}:")]
    assert added == [(ME, "bob@x", "", [])]
    model.deleteLater()


def test_add_contact_from_the_menu_asks_which_account_when_there_are_several(
    window: MainWindow,
) -> None:
    model = roster_model(ME, OTHER)
    model.set_roster(ME, [item("ann@x", "Ann")])
    widget = window.roster_widget
    widget.set_model(model)
    window.set_has_accounts(True)
    choices: list[list[str]] = []
    widget.ask_choice = lambda title, label, items: choices.append(items) or OTHER  # type: ignore[func-returns-value]
    widget.ask_text = lambda title, label, default: "eve@y"
    added: list[tuple[str, str, str, list[str]]] = []
    widget.add_contact_requested.connect(lambda *args: added.append(args))
    window.add_contact_action.trigger()
    assert choices == [[ME, OTHER]]
    assert added == [(OTHER, "eve@y", "", [])]
    widget.ask_choice = lambda title, label, items: None  # cancelled: nothing asked, nothing sent
    window.add_contact_action.trigger()
    assert len(added) == 1
    model.deleteLater()


@pytest.mark.parametrize(
    ("available", "size"),
    [
        (QRect(0, 0, 1920, 1050), QSize(420, 720)),  # full HD: capped
        (QRect(0, 0, 1366, 728), QSize(342, 546)),  # small laptop: a share of it
        (QRect(0, 0, 2560, 1400), QSize(420, 720)),  # HiDPI (logical pixels): capped
        (QRect(0, 0, 800, 570), QSize(320, 428)),  # small screen: the minimum
        (QRect(0, 0, 300, 380), QSize(300, 380)),  # tiny: never larger than the free area
        (QRect(), QSize(360, 640)),
        (None, QSize(360, 640)),
    ],
)
def test_default_size_fits_the_screen(available: QRect | None, size: QSize) -> None:
    assert default_size(available) == size


def test_new_window_fits_its_screen(window: MainWindow) -> None:
    screen = window.screen()
    assert screen is not None
    free = screen.availableGeometry()
    assert window.width() <= free.width()
    assert window.height() <= free.height()


def test_connection_status_elides_in_a_narrow_window_with_the_whole_text_in_its_tooltip(
    qtbot: QtBot, window: MainWindow
) -> None:
    online = ConnectionStatus(ConnectionState.ONLINE)
    window.set_account_status("alice.with.a.long.name@example.org", online)
    window.set_account_status("bob@example.net", ConnectionStatus(ConnectionState.CONNECTING))
    label = window.connection_label
    assert label.toolTip().split("\n") == [
        "alice.with.a.long.name@example.org: online",
        "bob@example.net: connecting…",
    ]
    assert label.accessibleDescription() == label.toolTip()
    full = label.fontMetrics().horizontalAdvance(label.text())
    assert label.minimumSizeHint().width() < full
    window.resize(window.minimumSizeHint().width(), 400)
    window.show()
    qtbot.waitExposed(window)
    assert label.width() < full  # shrunk instead of widening the window
    label.grab()  # paints elided
    window.remove_account_status("alice.with.a.long.name@example.org")
    window.remove_account_status("bob@example.net")
    assert label.text() == "No accounts"
    assert label.toolTip() == ""


def test_first_window_has_no_roster_pane_loaded(qapp: QApplication) -> None:
    """A window without accounts must not build the roster pane (start-up time)."""
    w = MainWindow()
    w.set_has_accounts(False)
    assert w._roster_widget is None
    w.deleteLater()
