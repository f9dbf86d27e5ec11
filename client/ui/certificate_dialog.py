"""Show a refused server certificate and let the user trust exactly that one for one account."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.core.connection import CertificateInfo


def _tr(text: str) -> str:
    return QCoreApplication.translate("CertificateDialog", text)


def wrap_fingerprint(sha256: str) -> str:
    """``AB:CD:…`` (32 bytes) as two lines of 16, which people can compare by eye."""
    parts = sha256.split(":")
    if len(parts) != 32:
        return sha256
    return ":".join(parts[:16]) + ":\n" + ":".join(parts[16:])


class CertificateDialog(QDialog):
    """Why the certificate was refused, who it names, and its SHA-256 fingerprint.

    Cancel is the default button: Enter must never trust a certificate.
    """

    trust_requested = Signal(str, str)  # jid, SHA-256 fingerprint

    def __init__(self, jid: str, certificate: CertificateInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("certificate_dialog")
        self.jid = jid
        self.certificate = certificate
        self.setWindowTitle(_tr("Untrusted certificate for %1").replace("%1", jid))
        layout = QVBoxLayout(self)

        intro = QLabel(
            _tr(
                "Attend did not connect %1: the server's certificate could not be verified, so "
                "someone could be listening in. Nothing was sent, not even your password."
            ).replace("%1", jid),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        unknown = _tr("(unknown)")
        form = QFormLayout()
        layout.addLayout(form)
        self.reason_label = self._value("reason_label", certificate.reason or unknown)
        self.subject_label = self._value("subject_label", certificate.subject or unknown)
        self.issuer_label = self._value("issuer_label", certificate.issuer or unknown)
        self.expiry_label = self._value("expiry_label", certificate.not_after or unknown)
        self.fingerprint_label = self._value(
            "fingerprint_label", wrap_fingerprint(certificate.sha256)
        )
        self.fingerprint_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        form.addRow(_tr("Why:"), self.reason_label)
        form.addRow(_tr("Issued to:"), self.subject_label)
        form.addRow(_tr("Issued by:"), self.issuer_label)
        form.addRow(_tr("Valid until:"), self.expiry_label)
        form.addRow(_tr("SHA-256 fingerprint:"), self.fingerprint_label)

        advice = QLabel(
            _tr(
                "Trust it only if you have checked this fingerprint with the server's "
                "administrator. Attend will then accept exactly this certificate for this "
                "account, and refuse any other."
            ),
            self,
        )
        advice.setWordWrap(True)
        layout.addWidget(advice)

        self.buttons = QDialogButtonBox(self)
        self.trust_button = QPushButton(
            _tr("&Trust this certificate for %1").replace("%1", jid), self
        )
        self.trust_button.setObjectName("trust_button")
        self.trust_button.setAutoDefault(False)
        self.trust_button.setDefault(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        self.buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._trust)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.cancel_button.setFocus()

    def _value(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _trust(self) -> None:
        self.trust_requested.emit(self.jid, self.certificate.sha256)
        self.accept()
