"""The Accounts menu and password prompts against the real Prosody: add, edit, remove, ask once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from client import APP_ID
from client.core.accounts import AccountConfig
from client.core.connection import ConnectionState, ErrorKind
from client.core.profile import AccountStore, Profile
from client.services.accounts import AccountManager, PasswordReason
from client.services.secrets import SecretStore
from client.ui.accounts_controller import AccountsController
from client.ui.main_window import MainWindow
from client.ui.password_dialog import PasswordDialog
from tests.fixtures.prosody import ProsodyServer
from tests.keyring_backends import MemoryKeyring
from tests.qasync_helpers import run_qasync, until


def account_for(prosody: ProsodyServer, jid: str, **kw: Any) -> AccountConfig:
    return AccountConfig(
        jid=jid, server_host="127.0.0.1", port=prosody.c2s_port, ca_file=str(prosody.ca_file), **kw
    )


def type_into(edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)


def online(manager: AccountManager, jid: str) -> bool:
    return manager.status(jid).state == ConnectionState.ONLINE


def make_store(tmp_path: Path, *accounts: AccountConfig) -> tuple[Profile, AccountStore]:
    profile = Profile.in_directory(tmp_path / "profile")
    profile.ensure_dirs()
    store = AccountStore(profile.accounts_file)
    store.load()
    for account in accounts:
        store.add(account)
    store.save()
    return profile, store


def test_without_keyring_each_account_is_asked_for_once_and_the_reason_said_once(
    qapp: object, prosody: ProsodyServer, make_account: Any, tmp_path: Path
) -> None:
    alice, alice_pw = make_account("alice")
    bob, bob_pw = make_account("bob")
    _profile, store = make_store(tmp_path, account_for(prosody, alice), account_for(prosody, bob))

    async def scenario() -> None:
        secrets = SecretStore()  # conftest's fail backend: no keyring at all
        manager = AccountManager(store=store, secrets=secrets, keepalive=0)
        window = MainWindow()
        manager.status_changed.connect(window.set_account_status)  # as Attend wires it
        controller = AccountsController(window, manager)
        try:
            await manager.start()  # never fails for want of a keyring
            first = controller.password_dialog
            assert first is not None
            assert first.jid == alice
            assert first.isVisible()
            # The keyring problem is said once, plainly, with the keyring's own reason.
            assert first.notice_label.isVisible()
            assert "no system keyring is available" in first.notice_label.text()
            assert not first.remember_check.isEnabled()
            assert not first.ok_button.isEnabled()
            type_into(first.password_edit, alice_pw)
            texts: list[str] = []
            first.password_edit.textChanged.connect(texts.append)
            QTest.mouseClick(first.ok_button, Qt.MouseButton.LeftButton)
            assert texts == [""]  # not left lying in the widget
            await until(lambda: online(manager, alice))

            second = controller.password_dialog
            assert second is not None
            assert second.jid == bob
            assert not second.notice_label.isVisible()  # once is enough
            QTest.mouseClick(
                second.buttons.button(second.buttons.StandardButton.Cancel),
                Qt.MouseButton.LeftButton,
            )
            await asyncio.sleep(0.1)
            assert controller.password_dialog is None  # no new prompt after Cancel
            assert manager.status(bob).error == ErrorKind.NO_PASSWORD
            assert "Enter password for " + bob in controller.attention_button.text()
            assert "passwords cannot be saved here" in window.connection_label.text()

            # The user asks again from the account's menu.
            controller.rebuild_menu()
            menu = controller.account_menu(bob)
            assert menu is not None
            next(a for a in menu.actions() if "password" in a.text()).trigger()
            again = controller.password_dialog
            assert again is not None
            assert again.jid == bob
            type_into(again.password_edit, "wrong-" + bob_pw)
            QTest.keyClick(again.password_edit, Qt.Key.Key_Return)

            # Rejected: asked once more, saying so; no reconnect loop meanwhile.
            await until(lambda: manager.status(bob).error == ErrorKind.AUTH)
            await until(lambda: controller.password_dialog is not None)
            rejected = controller.password_dialog
            assert rejected is not None
            assert rejected.reason == PasswordReason.REJECTED
            assert "rejected" in rejected.message_label.text()
            type_into(rejected.password_edit, bob_pw)
            QTest.mouseClick(rejected.ok_button, Qt.MouseButton.LeftButton)
            await until(lambda: online(manager, bob))
            assert controller.attention_button.isHidden()
        finally:
            await manager.stop()
            window.deleteLater()

    run_qasync(scenario(), timeout=60)


def test_add_edit_disable_remove_from_the_menu(
    qapp: object, prosody: ProsodyServer, make_account: Any, tmp_path: Path
) -> None:
    me, my_pw = make_account("me")
    profile, store = make_store(tmp_path)
    backend = MemoryKeyring()

    def saved() -> list[dict[str, object]]:
        accounts: list[dict[str, object]] = json.loads(profile.accounts_file.read_text())[
            "accounts"
        ]
        return accounts

    async def scenario() -> None:
        manager = AccountManager(store=store, secrets=SecretStore(backend), keepalive=0)
        window = MainWindow()
        manager.status_changed.connect(window.set_account_status)  # as Attend wires it
        controller = AccountsController(window, manager)
        try:
            await manager.start()
            assert [a.text() for a in controller.menu.actions()] == ["&Add account…"]

            dialog = controller.open_add_dialog()
            assert not dialog.keyring_label.isVisible()  # the keyring works: nothing to say
            type_into(dialog.jid_edit, me)
            type_into(dialog.password_edit, my_pw)
            dialog.set_advanced_visible(True)
            type_into(dialog.host_edit, "127.0.0.1")
            type_into(dialog.port_edit, str(prosody.c2s_port))
            type_into(dialog.ca_edit, str(prosody.ca_file))
            assert dialog.remember_check.isChecked()
            QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
            await until(lambda: online(manager, me))
            await controller.wait_idle()
            assert backend.passwords == {(APP_ID, me): my_pw}
            assert saved()[0]["jid"] == me
            assert saved()[0]["remember_password"] is True
            controller.rebuild_menu()
            menu = controller.account_menu(me)
            assert menu is not None
            assert menu.title() == f"{me} — online"

            edit = controller.open_edit_dialog(me)
            assert edit is not None
            assert edit.password_edit.text() == ""
            type_into(edit.resource_edit, "desk")
            QTest.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
            await controller.wait_idle()
            await until(lambda: online(manager, me))
            assert manager.sessions[me].session.xmpp.boundjid.resource == "desk"
            assert saved()[0]["resource"] == "desk"

            controller.rebuild_menu()
            menu = controller.account_menu(me)
            assert menu is not None
            connect = next(a for a in menu.actions() if a.isCheckable())
            connect.setChecked(False)
            await controller.wait_idle()
            assert me not in manager.sessions
            assert saved()[0]["enabled"] is False
            assert "offline (disabled)" in window.connection_label.text()

            box = controller.confirm_remove(me)
            assert box.defaultButton().text() == "Cancel"
            QTest.mouseClick(box.defaultButton(), Qt.MouseButton.LeftButton)
            await controller.wait_idle()
            assert [a.jid for a in manager.accounts] == [me]  # Cancel keeps it

            box = controller.confirm_remove(me)
            remove = next(b for b in box.buttons() if b.text() == "&Remove")
            QTest.mouseClick(remove, Qt.MouseButton.LeftButton)
            await controller.wait_idle()
            assert saved() == []
            assert backend.passwords == {}
            assert window.connection_label.text() == "No accounts"
        finally:
            await manager.stop()
            window.deleteLater()

    run_qasync(scenario(), timeout=60)


def test_password_dialog_texts(qapp: object) -> None:
    missing = PasswordDialog("a@b.org", PasswordReason.MISSING, keyring_available=True)
    assert "No password is saved for a@b.org" in missing.message_label.text()
    assert missing.remember_check.isChecked()
    assert not missing.notice_label.isVisible()
    rejected = PasswordDialog(
        "a@b.org", PasswordReason.REJECTED, keyring_available=True, remember=False
    )
    assert "rejected" in rejected.message_label.text()
    assert not rejected.remember_check.isChecked()
    for dialog in (missing, rejected):
        dialog.deleteLater()
