"""The certificate dialog shows what is refused; trusting pins exactly that certificate."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from client import APP_ID
from client.core.accounts import AccountConfig
from client.core.connection import CertificateInfo, ConnectionState, ErrorKind
from client.core.profile import AccountStore, Profile
from client.services.accounts import AccountManager
from client.services.secrets import SecretStore
from client.ui.accounts_controller import AccountsController
from client.ui.certificate_dialog import CertificateDialog, wrap_fingerprint
from client.ui.main_window import MainWindow
from tests.fixtures.prosody import ProsodyServer, make_ca, make_server_cert
from tests.keyring_backends import MemoryKeyring
from tests.qasync_helpers import run_qasync, until

FINGERPRINT = ":".join(f"{n:02X}" for n in range(32))
CERT = CertificateInfo(
    sha256=FINGERPRINT,
    subject="commonName=xmpp.example.org",
    issuer="commonName=Some Private CA",
    not_after="Dec 31 23:59:59 2027 GMT",
    reason="certificate verify failed: unable to get local issuer certificate",
)


def test_shows_reason_names_expiry_and_fingerprint(qtbot: QtBot) -> None:
    dialog = CertificateDialog("alice@example.org", CERT)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "unable to get local issuer certificate" in dialog.reason_label.text()
    assert dialog.subject_label.text() == "commonName=xmpp.example.org"
    assert dialog.issuer_label.text() == "commonName=Some Private CA"
    assert dialog.expiry_label.text() == "Dec 31 23:59:59 2027 GMT"
    shown = dialog.fingerprint_label.text()
    assert shown.replace("\n", "") == FINGERPRINT
    assert shown == wrap_fingerprint(FINGERPRINT)
    assert len(shown.splitlines()) == 2
    assert dialog.trust_button.text() == "&Trust this certificate for alice@example.org"
    assert "alice@example.org" in dialog.windowTitle()


def test_unknown_details_say_so(qtbot: QtBot) -> None:
    bare = CertificateInfo(sha256=FINGERPRINT, subject="", issuer="", not_after="", reason="")
    dialog = CertificateDialog("a@b.org", bare)
    qtbot.addWidget(dialog)
    assert dialog.subject_label.text() == "(unknown)"
    assert dialog.expiry_label.text() == "(unknown)"


def test_enter_cancels_and_only_the_trust_button_trusts(qtbot: QtBot) -> None:
    dialog = CertificateDialog("alice@example.org", CERT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.trust_button.isDefault()
    assert not dialog.trust_button.autoDefault()
    assert dialog.cancel_button.isDefault()
    with qtbot.assertNotEmitted(dialog.trust_requested), qtbot.waitSignal(dialog.rejected):
        QTest.keyClick(dialog, Qt.Key.Key_Return)

    dialog = CertificateDialog("alice@example.org", CERT)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.trust_requested) as trusted:
        QTest.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
    assert trusted.args == ["alice@example.org", FINGERPRINT]
    assert dialog.result() == CertificateDialog.DialogCode.Accepted


def test_trust_pins_and_connects_then_a_different_certificate_is_refused_again(
    qapp: object, untrusted_server: ProsodyServer, tmp_path: Path
) -> None:
    server = untrusted_server
    jid = server.register("pinned", "pin-secret")
    profile = Profile.in_directory(tmp_path / "profile")
    profile.ensure_dirs()
    store = AccountStore(profile.accounts_file)
    store.load()
    store.add(
        AccountConfig(
            jid=jid, server_host="127.0.0.1", port=server.c2s_port, remember_password=True
        )
    )
    store.save()
    backend = MemoryKeyring()
    backend.passwords[(APP_ID, jid)] = "pin-secret"

    def pin_on_disk() -> object:
        return json.loads(profile.accounts_file.read_text())["accounts"][0]["pinned_cert_sha256"]

    async def scenario() -> None:
        manager = AccountManager(store=store, secrets=SecretStore(backend), keepalive=0)
        window = MainWindow()
        controller = AccountsController(window, manager)
        refusals: list[CertificateInfo] = []
        manager.certificate_refused.connect(lambda _j, c: refusals.append(c))
        try:
            await manager.start()
            # Refused, and the dialog opens by itself once, with the refused fingerprint.
            await until(lambda: jid in controller.certificate_dialogs)
            status = manager.status(jid)
            assert (status.state, status.error) == (ConnectionState.ERROR, ErrorKind.CERTIFICATE)
            assert status.certificate is not None
            first = status.certificate.sha256
            dialog = controller.certificate_dialogs[jid]
            assert dialog.fingerprint_label.text().replace("\n", "") == first
            assert "Attend test-ca" in dialog.issuer_label.text()
            assert "unable to get local issuer" in dialog.reason_label.text()
            assert "Review certificate" in controller.attention_button.text()
            assert pin_on_disk() is None  # nothing trusted without the user

            QTest.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
            await until(lambda: manager.status(jid).state == ConnectionState.ONLINE)
            assert pin_on_disk() == first.replace(":", "").lower()
            assert controller.attention_button.isHidden()
            await until(lambda: jid not in controller.certificate_dialogs)

            # The server's certificate changes: refused again, and shown again (a new one).
            server.use_certificate(
                make_server_cert(server.certs, "server2", make_ca(server.certs, "other-ca"))
            )
            await asyncio.to_thread(server.restart)
            await until(lambda: manager.status(jid).error == ErrorKind.CERTIFICATE, timeout=30)
            second = manager.status(jid).certificate
            assert second is not None
            assert second.sha256 != first
            assert "changed since you trusted it" in manager.status(jid).detail
            await until(lambda: jid in controller.certificate_dialogs)
            again = controller.certificate_dialogs[jid]
            assert again.certificate.sha256 == second.sha256
            QTest.mouseClick(again.cancel_button, Qt.MouseButton.LeftButton)
            await until(lambda: jid not in controller.certificate_dialogs)
            assert pin_on_disk() == first.replace(":", "").lower()  # Cancel changed nothing

            # The same refusal again (the user reconnects): no dialog pops up unasked...
            count = len(refusals)
            await manager.set_enabled(jid, False)
            await manager.set_enabled(jid, True)
            await until(lambda: len(refusals) > count)
            await asyncio.sleep(0.2)
            assert jid not in controller.certificate_dialogs
            # ...but the status bar and the account's menu offer it.
            assert not controller.attention_button.isHidden()
            assert "Review certificate" in controller.attention_button.text()
            controller.rebuild_menu()
            menu = controller.account_menu(jid)
            assert menu is not None
            assert "certificate not trusted" in menu.title()
            review = next(a for a in menu.actions() if "certificate" in a.text())
            review.trigger()
            assert controller.certificate_dialogs[jid].certificate.sha256 == second.sha256
        finally:
            await manager.stop()
            window.deleteLater()

    run_qasync(scenario(), timeout=90)
