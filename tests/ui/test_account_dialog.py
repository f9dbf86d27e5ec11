"""The account dialog: inline validation with the core validators, advanced fields round-trip."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from client.core.accounts import AccountConfig
from client.ui.account_dialog import AccountDialog


@pytest.fixture(scope="module")
def pem(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("ca")
    cert = directory / "ca.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", str(directory / "ca.key"), "-out", str(cert), "-days", "2",
         "-subj", "/CN=Attend test CA"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert


def make(qtbot: QtBot, **kw: object) -> AccountDialog:
    dialog = AccountDialog(**kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(edit: QLineEdit, text: str) -> None:
    """As the user would: select all, then type (textEdited marks the field as touched)."""
    edit.setFocus()
    edit.selectAll()
    if text:
        QTest.keyClicks(edit, text)
    else:
        QTest.keyClick(edit, Qt.Key.Key_Delete)


def shown_error(dialog: AccountDialog, field: str) -> str:
    label = dialog.findChild(type(dialog.general_error), f"{field}_error")
    assert label is not None
    return label.text() if label.isVisible() else ""


def test_empty_form_has_ok_disabled_and_no_errors_yet(qtbot: QtBot) -> None:
    dialog = make(qtbot)
    assert not dialog.ok_button.isEnabled()
    assert dialog.account_config() is None
    assert set(dialog.errors()) == {"jid", "password"}
    # Nothing shouts at the user before they typed anything.
    assert all(shown_error(dialog, f) == "" for f in ("jid", "password", "resource", "port"))
    assert dialog.resource_edit.text() == "Attend"
    assert dialog.starttls_radio.isChecked()
    assert not dialog.advanced_box.isVisible()


@pytest.mark.parametrize(
    ("jid", "message"),
    [
        ("alice", "it needs the form name@example.org"),
        ("alice@example.org/phone", "no /resource part"),
        ("al ice@example.org", "must not contain spaces"),
        ("alice@example.org:5222", "a port does not belong in the address"),
        ("@example.org", "nothing before the '@'"),
    ],
)
def test_bad_address_is_explained_inline(qtbot: QtBot, jid: str, message: str) -> None:
    dialog = make(qtbot)
    type_into(dialog.password_edit, "pw")
    type_into(dialog.jid_edit, jid)
    assert message in shown_error(dialog, "jid")
    assert not dialog.ok_button.isEnabled()
    type_into(dialog.jid_edit, "alice@example.org")
    assert shown_error(dialog, "jid") == ""
    assert dialog.ok_button.isEnabled()


def test_valid_minimal_account(qtbot: QtBot) -> None:
    dialog = make(qtbot, keyring_available=True)
    type_into(dialog.jid_edit, "  Alice@Example.ORG ")
    assert not dialog.ok_button.isEnabled()  # a password is still needed to add it
    type_into(dialog.password_edit, "secret pw")
    assert dialog.ok_button.isEnabled()
    assert dialog.account_config() == AccountConfig(jid="alice@example.org")
    assert dialog.password() == "secret pw"
    assert dialog.remember_password()
    with qtbot.waitSignal(dialog.accepted):
        QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_existing_account_cannot_be_added_twice(qtbot: QtBot) -> None:
    dialog = make(qtbot, existing_jids={"alice@example.org"})
    type_into(dialog.password_edit, "pw")
    type_into(dialog.jid_edit, "ALICE@example.org")
    assert "already set up" in shown_error(dialog, "jid")
    assert not dialog.ok_button.isEnabled()


@pytest.mark.parametrize(
    ("host", "port", "field", "message"),
    [
        ("", "5222", "port", "needs a server host"),
        ("xmpp.example.org", "x", "port", "must be a number"),
        ("xmpp.example.org", "70000", "port", "between 1 and 65535"),
        ("xmpp.exa mple.org", "", "host", "not a valid host name"),
    ],
)
def test_bad_server_settings(qtbot: QtBot, host: str, port: str, field: str, message: str) -> None:
    dialog = make(qtbot)
    type_into(dialog.jid_edit, "alice@example.org")
    type_into(dialog.password_edit, "pw")
    dialog.set_advanced_visible(True)
    type_into(dialog.host_edit, host)
    type_into(dialog.port_edit, port)
    assert message in shown_error(dialog, field)
    assert not dialog.ok_button.isEnabled()


def test_bad_ca_file_and_resource(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make(qtbot)
    type_into(dialog.jid_edit, "alice@example.org")
    type_into(dialog.password_edit, "pw")
    dialog.set_advanced_visible(True)
    type_into(dialog.ca_edit, str(tmp_path / "missing.pem"))
    assert "Cannot read CA file" in shown_error(dialog, "ca")
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("hello")
    type_into(dialog.ca_edit, str(not_pem))
    assert "not a PEM file" in shown_error(dialog, "ca")
    type_into(dialog.ca_edit, "")
    assert shown_error(dialog, "ca") == ""
    type_into(dialog.resource_edit, "")
    assert "must not be empty" in shown_error(dialog, "resource")
    assert not dialog.ok_button.isEnabled()


def test_advanced_fields_round_trip_into_account_config(qtbot: QtBot, pem: Path) -> None:
    dialog = make(qtbot)
    type_into(dialog.jid_edit, "bob@example.org")
    type_into(dialog.password_edit, "pw")
    type_into(dialog.resource_edit, "laptop")
    QTest.mouseClick(dialog.advanced_toggle, Qt.MouseButton.LeftButton)
    assert dialog.advanced_box.isVisible()
    type_into(dialog.host_edit, "XMPP.example.org")
    assert dialog.port_edit.placeholderText() == "5222"
    QTest.mouseClick(dialog.direct_tls_radio, Qt.MouseButton.LeftButton)
    assert dialog.port_edit.placeholderText() == "5223"
    type_into(dialog.ca_edit, str(pem))
    assert dialog.account_config() == AccountConfig(
        jid="bob@example.org",
        resource="laptop",
        server_host="xmpp.example.org",
        port=5223,
        direct_tls=True,
        ca_file=str(pem),
    )
    type_into(dialog.port_edit, "15223")
    config = dialog.account_config()
    assert config is not None
    assert config.port == 15223


def test_edit_shows_every_field_and_gives_the_same_account_back(qtbot: QtBot, pem: Path) -> None:
    original = AccountConfig(
        jid="carol@example.org",
        resource="desk",
        server_host="::1",
        port=15222,
        direct_tls=False,
        ca_file=str(pem),
        enabled=False,
        remember_password=True,
        pinned_cert_sha256="ab" * 32,
    )
    dialog = make(qtbot, account=original)
    assert dialog.jid_edit.isReadOnly()
    assert dialog.advanced_box.isVisible()
    assert dialog.remember_check.isChecked()
    assert dialog.ok_button.isEnabled()  # no password needed to keep the current one
    assert dialog.account_config() == original
    assert dialog.password() == ""

    QTest.mouseClick(dialog.direct_tls_radio, Qt.MouseButton.LeftButton)
    dialog.forget_pin_check.setChecked(True)
    config = dialog.account_config()
    assert config is not None
    assert (config.direct_tls, config.port, config.pinned_cert_sha256) == (True, 15222, None)
    assert (config.enabled, config.remember_password) == (False, True)  # kept as they were


def test_edit_with_default_port_leaves_the_port_empty(qtbot: QtBot) -> None:
    original = AccountConfig(jid="dan@example.org", server_host="h.example.org", direct_tls=True)
    dialog = make(qtbot, account=original)
    assert dialog.port_edit.text() == ""
    assert dialog.account_config() == original


def test_without_keyring_remember_is_off_and_says_why(qtbot: QtBot) -> None:
    dialog = make(qtbot, keyring_available=False, keyring_notice="Passwords cannot be saved: x.")
    assert not dialog.remember_check.isEnabled()
    assert not dialog.remember_check.isChecked()
    assert not dialog.remember_password()
    assert dialog.keyring_label.isVisible()
    assert dialog.keyring_label.text() == "Passwords cannot be saved: x."
    quiet = make(qtbot, keyring_available=False)
    assert not quiet.keyring_label.isVisible()


def test_enter_on_an_invalid_form_shows_every_problem(qtbot: QtBot) -> None:
    dialog = make(qtbot)
    with qtbot.assertNotEmitted(dialog.accepted):
        dialog.accept()
    assert "An account address is needed" in shown_error(dialog, "jid")
    assert "Enter the password" in shown_error(dialog, "password")
    assert dialog.isVisible()
