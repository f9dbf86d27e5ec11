"""Ask for an account's password when none is saved or the server rejected the saved one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from client.services.accounts import PasswordReason


def _tr(text: str) -> str:
    return QCoreApplication.translate("PasswordDialog", text)


def keyring_notice(reason: str) -> str:
    """The one plain sentence about a missing keyring, shown once per run."""
    text = _tr(
        "Passwords cannot be saved on this computer: %1. Attend will ask for them each time."
    )
    return text.replace("%1", reason)


class PasswordDialog(QDialog):
    """The password for one account; the caller reads it on ``accepted`` and then clears it."""

    def __init__(
        self,
        jid: str,
        reason: PasswordReason,
        parent: QWidget | None = None,
        *,
        keyring_available: bool,
        remember: bool = True,
        notice: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.jid = jid
        self.reason = reason
        self.setWindowTitle(_tr("Password for %1").replace("%1", jid))
        layout = QVBoxLayout(self)

        if reason == PasswordReason.REJECTED:
            text = _tr("The server rejected the password for %1. Enter it again to sign in.")
        elif keyring_available:
            text = _tr("No password is saved for %1. Enter it to sign in.")
        else:
            text = _tr("Enter the password for %1 to sign in.")
        self.message_label = QLabel(text.replace("%1", jid), self)
        self.message_label.setObjectName("password_message")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)

        self.notice_label = QLabel(notice or "", self)
        self.notice_label.setObjectName("keyring_notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setVisible(bool(notice))
        layout.addWidget(self.notice_label)

        form = QFormLayout()
        layout.addLayout(form)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        label = QLabel(_tr("&Password:"), self)
        label.setBuddy(self.password_edit)
        form.addRow(label, self.password_edit)

        self.remember_check = QCheckBox(_tr("&Remember password in the system keyring"), self)
        self.remember_check.setObjectName("remember_check")
        self.remember_check.setChecked(remember and keyring_available)
        if not keyring_available:
            self.remember_check.setEnabled(False)
            self.remember_check.setToolTip(
                _tr("Passwords cannot be saved on this computer; you will be asked each session.")
            )
        form.addRow("", self.remember_check)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_tr("Sign in"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.password_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))

    def password(self) -> str:
        return self.password_edit.text()

    def remember_password(self) -> bool:
        return self.remember_check.isEnabled() and self.remember_check.isChecked()

    def clear_password(self) -> None:
        """Don't leave the password in a widget longer than needed."""
        self.password_edit.clear()

    def accept(self) -> None:
        if self.password_edit.text():
            super().accept()
