"""The Accounts menu and the account, password and certificate dialogs, wired to AccountManager."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox, QToolButton

from client.core.connection import CertificateInfo, ConnectionState, ConnectionStatus, ErrorKind
from client.services.accounts import AccountManager, PasswordReason
from client.ui.account_dialog import AccountDialog
from client.ui.certificate_dialog import CertificateDialog
from client.ui.password_dialog import PasswordDialog, keyring_notice

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("AccountsController", text)


def short_status(status: ConnectionStatus) -> str:
    """A word or two for the account's menu entry (the status bar has the details)."""
    match status.state:
        case ConnectionState.OFFLINE:
            return _tr("disabled") if status.detail == "disabled" else _tr("offline")
        case ConnectionState.CONNECTING:
            return _tr("connecting…")
        case ConnectionState.ONLINE:
            return _tr("online")
        case ConnectionState.RECONNECTING:
            return _tr("reconnecting…")
        case ConnectionState.ERROR:
            match status.error:
                case ErrorKind.CERTIFICATE:
                    return _tr("certificate not trusted")
                case ErrorKind.AUTH:
                    return _tr("password rejected")
                case ErrorKind.NO_PASSWORD:
                    return _tr("needs the password")
                case _:
                    return _tr("error")


class AccountsController(QObject):
    """Everything the user does with accounts, on top of the window's menu and status bar.

    Dialogs never pop up in a loop: a password prompt opens once per need (missing at start, or
    rejected after the user's own attempt), one at a time; a certificate dialog opens once per
    distinct fingerprint. After Cancel the account's menu and a status-bar button offer them again.
    """

    def __init__(self, window: QMainWindow, manager: AccountManager) -> None:
        super().__init__(window)
        self._window = window
        self._manager = manager
        self._tasks: set[asyncio.Task[Any]] = set()
        # Said once per run, in whichever dialog comes first (README: "Attend says so").
        self._keyring_notice: str | None = (
            None
            if manager.keyring_available
            else keyring_notice(manager.keyring_unavailable_reason)
        )
        self._password_queue: list[tuple[str, PasswordReason]] = []
        self._needs_password: dict[str, PasswordReason] = {}
        self._refused: dict[str, CertificateInfo] = {}
        self._shown_fingerprints: set[tuple[str, str]] = set()
        self.password_dialog: PasswordDialog | None = None
        self.account_dialog: AccountDialog | None = None
        self.certificate_dialogs: dict[str, CertificateDialog] = {}
        self.message_box: QMessageBox | None = None

        self._account_menus: dict[str, QMenu] = {}
        self.menu = QMenu(_tr("&Accounts"), window)
        self.menu.setObjectName("accounts_menu")
        window.menuBar().addMenu(self.menu)
        self.add_action = QAction(_tr("&Add account…"), self)
        self.add_action.setObjectName("add_account_action")
        self.add_action.triggered.connect(self.open_add_dialog)
        self.menu.aboutToShow.connect(self.rebuild_menu)
        # The window's "no accounts yet" page has a button for the same thing.
        set_add_account_action = getattr(window, "set_add_account_action", None)
        if set_add_account_action is not None:
            set_add_account_action(self.add_action)

        self.attention_button = QToolButton(window)
        self.attention_button.setObjectName("account_attention_button")
        self.attention_button.setAutoRaise(True)
        self.attention_button.clicked.connect(self._attend_first)
        self.attention_button.hide()
        window.statusBar().addPermanentWidget(self.attention_button)

        manager.status_changed.connect(self._on_status)
        manager.accounts_changed.connect(self._on_accounts_changed)
        manager.account_removed.connect(self._on_account_removed)
        manager.password_needed.connect(self._on_password_needed)
        manager.certificate_refused.connect(self._on_certificate_refused)
        self.rebuild_menu()

    # -- menu ---------------------------------------------------------------------------------

    def rebuild_menu(self) -> None:
        """Add, then one submenu per account with its state; rebuilt whenever it is opened."""
        self.menu.clear()
        self.menu.addAction(self.add_action)
        for old in self._account_menus.values():
            old.setObjectName("")
            old.deleteLater()  # clear() leaves submenus alive
        self._account_menus = {}
        accounts = self._manager.accounts
        if accounts:
            self.menu.addSeparator()
        for account in accounts:
            jid = account.jid
            title = f"{jid} — {short_status(self._manager.status(jid))}"
            sub = self.menu.addMenu(title)
            sub.setObjectName(f"account_menu:{jid}")
            self._account_menus[jid] = sub
            if jid in self._refused:
                sub.addAction(_tr("Review &certificate…"), partial(self.open_certificate, jid))
            if jid in self._needs_password:
                sub.addAction(_tr("Enter &password…"), partial(self.ask_password, jid))
            sub.addAction(_tr("&Edit…"), partial(self.open_edit_dialog, jid))
            enabled = sub.addAction(_tr("&Connect this account"))
            enabled.setCheckable(True)
            enabled.setChecked(account.enabled)
            enabled.toggled.connect(partial(self.set_enabled, jid))
            sub.addSeparator()
            sub.addAction(_tr("&Remove…"), partial(self.confirm_remove, jid))

    def account_menu(self, jid: str) -> QMenu | None:
        return self._account_menus.get(jid)

    # -- dialogs ------------------------------------------------------------------------------

    def _take_keyring_notice(self) -> str | None:
        notice, self._keyring_notice = self._keyring_notice, None
        return notice

    def open_add_dialog(self) -> AccountDialog:
        if self.account_dialog is not None:
            self.account_dialog.raise_()
            return self.account_dialog
        dialog = AccountDialog(
            self._window,
            existing_jids={a.jid for a in self._manager.accounts},
            keyring_available=self._manager.keyring_available,
            keyring_notice=self._take_keyring_notice(),
        )
        self._show_account_dialog(dialog, self._add_accepted)
        return dialog

    def open_edit_dialog(self, jid: str) -> AccountDialog | None:
        account = self._manager.account(jid)
        if account is None:
            return None
        if self.account_dialog is not None:
            self.account_dialog.raise_()
            return self.account_dialog
        dialog = AccountDialog(
            self._window,
            account=account,
            keyring_available=self._manager.keyring_available,
            keyring_notice=self._take_keyring_notice(),
        )
        self._show_account_dialog(dialog, self._edit_accepted)
        return dialog

    def _show_account_dialog(
        self, dialog: AccountDialog, on_accept: Callable[[AccountDialog], None]
    ) -> None:
        self.account_dialog = dialog
        dialog.finished.connect(
            lambda result: self._account_dialog_closed(dialog, result, on_accept)
        )
        dialog.open()

    def _account_dialog_closed(
        self, dialog: AccountDialog, result: int, on_accept: Callable[[AccountDialog], None]
    ) -> None:
        # finished comes before accepted: read the dialog here, then wipe the password field.
        if result == QDialog.DialogCode.Accepted:
            on_accept(dialog)
        if self.account_dialog is dialog:
            self.account_dialog = None
        dialog.password_edit.clear()
        dialog.deleteLater()

    def _add_accepted(self, dialog: AccountDialog) -> None:
        config = dialog.account_config()
        if config is None:
            return
        password, remember = dialog.password(), dialog.remember_password()

        async def add() -> None:
            saved = await self._manager.add_account(config, password or None, remember)
            if remember and not saved.remember_password:
                self._password_not_saved()

        self._spawn(add(), _tr("The account could not be added"))

    def _edit_accepted(self, dialog: AccountDialog) -> None:
        config = dialog.account_config()
        if config is None:
            return
        password, remember = dialog.password() or None, dialog.remember_password()

        async def update() -> None:
            saved = await self._manager.update_account(config, password, remember)
            if remember and not saved.remember_password and password:
                self._password_not_saved()

        self._spawn(update(), _tr("The account could not be changed"))

    def set_enabled(self, jid: str, enabled: bool) -> None:
        self._spawn(
            self._manager.set_enabled(jid, enabled), _tr("The account could not be changed")
        )

    def confirm_remove(self, jid: str) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _tr("Remove account"),
            _tr("Remove %1 from Attend? Its saved password is deleted from the keyring.").replace(
                "%1", jid
            ),
            QMessageBox.StandardButton.NoButton,
            self._window,
        )
        box.setObjectName("remove_account_box")
        remove = box.addButton(_tr("&Remove"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)

        def answered() -> None:
            if box.clickedButton() is remove:
                self._spawn(
                    self._manager.remove_account(jid), _tr("The account could not be removed")
                )
            box.deleteLater()

        box.finished.connect(lambda _result: answered())
        self.message_box = box
        box.open()
        return box

    # -- passwords ----------------------------------------------------------------------------

    def _on_password_needed(self, jid: str, reason: PasswordReason) -> None:
        self._needs_password[jid] = reason
        self._update_attention()
        self._queue_password(jid, reason)

    def ask_password(self, jid: str) -> None:
        """The user asked (menu, status bar): prompt now even if it was cancelled before."""
        self._queue_password(jid, self._needs_password.get(jid, PasswordReason.MISSING))

    def _queue_password(self, jid: str, reason: PasswordReason) -> None:
        current = self.password_dialog
        if current is not None and current.jid == jid:
            current.raise_()
            return
        self._password_queue = [(j, r) for j, r in self._password_queue if j != jid]
        self._password_queue.append((jid, reason))
        self._show_next_password()

    def _show_next_password(self) -> None:
        while self.password_dialog is None and self._password_queue:
            jid, reason = self._password_queue.pop(0)
            account = self._manager.account(jid)
            if account is None or jid not in self._needs_password:
                continue  # removed, or signed in meanwhile
            log.info("asking for the password of %s (%s)", jid, reason)
            dialog = PasswordDialog(
                jid,
                reason,
                self._window,
                keyring_available=self._manager.keyring_available,
                remember=account.remember_password or reason == PasswordReason.MISSING,
                notice=self._take_keyring_notice(),
            )
            dialog.finished.connect(lambda result, d=dialog: self._password_finished(d, result))
            self.password_dialog = dialog
            dialog.show()

    def _password_finished(self, dialog: PasswordDialog, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and dialog.password():
            jid, password, remember = dialog.jid, dialog.password(), dialog.remember_password()
            self._needs_password.pop(jid, None)

            async def provide() -> None:
                if not await self._manager.provide_password(jid, password, remember):
                    self._password_not_saved()

            self._spawn(provide(), _tr("The password could not be used"))
        dialog.clear_password()
        dialog.deleteLater()
        if self.password_dialog is dialog:
            self.password_dialog = None
        self._update_attention()
        self._show_next_password()

    def _password_not_saved(self) -> None:
        reason = self._manager.keyring_error or self._manager.keyring_unavailable_reason
        self._inform(
            _tr("The password was not saved"),
            _tr("The password is used for this session only: %1").replace("%1", reason),
        )

    # -- certificates -------------------------------------------------------------------------

    def _on_certificate_refused(self, jid: str, certificate: CertificateInfo) -> None:
        self._refused[jid] = certificate
        self._update_attention()
        key = (jid, certificate.sha256)
        if key not in self._shown_fingerprints:
            self._shown_fingerprints.add(key)
            self.open_certificate(jid)

    def open_certificate(self, jid: str) -> CertificateDialog | None:
        certificate = self._refused.get(jid)
        if certificate is None:
            return None
        existing = self.certificate_dialogs.get(jid)
        if existing is not None:
            if existing.certificate == certificate:
                existing.raise_()
                return existing
            existing.reject()
        log.info("showing the refused certificate of %s (SHA-256 %s)", jid, certificate.sha256)
        dialog = CertificateDialog(jid, certificate, self._window)
        dialog.trust_requested.connect(self._trust)
        dialog.finished.connect(lambda _result, d=dialog: self._certificate_closed(d))
        self.certificate_dialogs[jid] = dialog
        dialog.show()
        return dialog

    def _certificate_closed(self, dialog: CertificateDialog) -> None:
        if self.certificate_dialogs.get(dialog.jid) is dialog:
            del self.certificate_dialogs[dialog.jid]
        dialog.deleteLater()

    def _trust(self, jid: str, sha256: str) -> None:
        self._refused.pop(jid, None)
        self._update_attention()
        self._spawn(
            self._manager.trust_certificate(jid, sha256),
            _tr("The certificate could not be trusted"),
        )

    # -- status -------------------------------------------------------------------------------

    def _on_status(self, jid: str, status: ConnectionStatus) -> None:
        if status.state != ConnectionState.ERROR:
            self._refused.pop(jid, None)
            self._needs_password.pop(jid, None)
        elif status.error != ErrorKind.CERTIFICATE:
            self._refused.pop(jid, None)
        self._update_attention()

    def _on_accounts_changed(self) -> None:
        has_accounts = bool(self._manager.accounts)
        set_has_accounts = getattr(self._window, "set_has_accounts", None)
        if set_has_accounts is not None:
            set_has_accounts(has_accounts)
        self.rebuild_menu()

    def _on_account_removed(self, jid: str) -> None:
        self._refused.pop(jid, None)
        self._needs_password.pop(jid, None)
        self._password_queue = [(j, r) for j, r in self._password_queue if j != jid]
        dialog = self.certificate_dialogs.get(jid)
        if dialog is not None:
            dialog.reject()
        if self.password_dialog is not None and self.password_dialog.jid == jid:
            self.password_dialog.reject()
        remove_status = getattr(self._window, "remove_account_status", None)
        if remove_status is not None:
            remove_status(jid)
        self._update_attention()

    def _update_attention(self) -> None:
        """One status-bar button for the first account that waits for the user."""
        button = self.attention_button
        if self._refused:
            jid = next(iter(self._refused))
            button.setText(_tr("Review certificate for %1…").replace("%1", jid))
        elif self._needs_password and self.password_dialog is None:
            jid = next(iter(self._needs_password))
            button.setText(_tr("Enter password for %1…").replace("%1", jid))
        else:
            button.hide()
            return
        button.setProperty("jid", jid)
        button.show()

    def _attend_first(self) -> None:
        jid = str(self.attention_button.property("jid") or "")
        if jid in self._refused:
            self.open_certificate(jid)
        elif jid in self._needs_password:
            self.ask_password(jid)

    # -- plumbing -----------------------------------------------------------------------------

    def _inform(self, title: str, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self._window
        )
        box.setObjectName("accounts_message_box")
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.finished.connect(lambda _result: box.deleteLater())
        self.message_box = box
        box.show()

    def _spawn(self, coro: Coroutine[Any, Any, Any], failure: str) -> asyncio.Task[Any]:
        async def run() -> None:
            try:
                await coro
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - shown to the user, never lost
                log.warning("%s: %s", failure, exc)
                self._inform(failure, f"{failure}: {exc}")

        # qasync keeps only weak references to tasks (FIELD-NOTES §2).
        task = asyncio.ensure_future(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def wait_idle(self) -> None:
        """Wait for every change the user started (tests; shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
