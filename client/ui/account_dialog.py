"""Add or edit one account: address, password, resource and, folded away, server and TLS."""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from client.core.accounts import (
    DEFAULT_RESOURCE,
    DIRECT_TLS_PORT,
    STARTTLS_PORT,
    AccountConfig,
    check_ca_file,
    validate_bare_jid,
    validate_resource,
    validate_server_host,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("AccountDialog", text)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] if message else message


class AccountDialog(QDialog):
    """One form for both adding (``account=None``) and editing an account.

    Every field is checked with the same validators the command line uses; a field's problem is
    shown under it once the user has touched it, and OK stays disabled until all are fine.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        account: AccountConfig | None = None,
        existing_jids: Collection[str] = (),
        keyring_available: bool = True,
        keyring_notice: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("account_dialog")
        self._account = account
        self._existing = frozenset(existing_jids)
        self._touched: set[str] = set()
        self._errors: dict[str, str] = {}
        self._config: AccountConfig | None = None
        self._file_dialog: QFileDialog | None = None
        editing = account is not None
        self.setWindowTitle(_tr("Edit account") if editing else _tr("Add account"))

        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self._error_labels: dict[str, QLabel] = {}

        self.jid_edit = self._line_edit("jid_edit", _tr("name@example.org"))
        self.jid_edit.setReadOnly(editing)  # another address is another account
        self._add_row(form, _tr("&Address:"), self.jid_edit, "jid")

        self.password_edit = self._line_edit(
            "password_edit",
            _tr("leave empty to keep the current one") if editing else "",
        )
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._add_row(form, _tr("&Password:"), self.password_edit, "password")

        self.remember_check = QCheckBox(_tr("&Remember password in the system keyring"), self)
        self.remember_check.setObjectName("remember_check")
        if keyring_available:
            self.remember_check.setChecked(account.remember_password if account else True)
        else:
            self.remember_check.setChecked(False)
            self.remember_check.setEnabled(False)
            self.remember_check.setToolTip(
                _tr("Passwords cannot be saved on this computer; you will be asked each session.")
            )
        form.addRow("", self.remember_check)
        self.keyring_label = QLabel(self)
        self.keyring_label.setObjectName("keyring_notice")
        self.keyring_label.setWordWrap(True)
        if keyring_notice:
            self.keyring_label.setText(keyring_notice)
        else:
            self.keyring_label.hide()
        form.addRow("", self.keyring_label)

        self.resource_edit = self._line_edit("resource_edit", "")
        self.resource_edit.setToolTip(_tr("The name of this device, after the / in your address"))
        self._add_row(form, _tr("&Resource:"), self.resource_edit, "resource")

        self.advanced_toggle = QToolButton(self)
        self.advanced_toggle.setObjectName("advanced_toggle")
        self.advanced_toggle.setText(_tr("&Advanced: server and security"))
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.setAutoRaise(True)
        self.advanced_toggle.toggled.connect(self._show_advanced)
        layout.addWidget(self.advanced_toggle)

        self.advanced_box = QWidget(self)
        self.advanced_box.setObjectName("advanced_box")
        advanced = QFormLayout(self.advanced_box)
        advanced.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.advanced_box)

        self.host_edit = self._line_edit("host_edit", _tr("found automatically (DNS SRV)"))
        self._add_row(advanced, _tr("Server &host:"), self.host_edit, "host")
        self.port_edit = self._line_edit("port_edit", "")
        self._add_row(advanced, _tr("Server p&ort:"), self.port_edit, "port")

        tls_row = QWidget(self.advanced_box)
        tls_layout = QHBoxLayout(tls_row)
        tls_layout.setContentsMargins(0, 0, 0, 0)
        self.starttls_radio = QRadioButton(_tr("&STARTTLS"), tls_row)
        self.starttls_radio.setObjectName("starttls_radio")
        self.direct_tls_radio = QRadioButton(_tr("&Direct TLS"), tls_row)
        self.direct_tls_radio.setObjectName("direct_tls_radio")
        self._tls_group = QButtonGroup(self)
        self._tls_group.addButton(self.starttls_radio)
        self._tls_group.addButton(self.direct_tls_radio)
        tls_layout.addWidget(self.starttls_radio)
        tls_layout.addWidget(self.direct_tls_radio)
        tls_layout.addStretch(1)
        advanced.addRow(_tr("Encryption:"), tls_row)

        ca_row = QWidget(self.advanced_box)
        ca_layout = QHBoxLayout(ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        self.ca_edit = self._line_edit("ca_edit", _tr("the system's trusted authorities"))
        self.ca_edit.setParent(ca_row)
        self.ca_browse = QPushButton(_tr("&Browse…"), ca_row)
        self.ca_browse.setObjectName("ca_browse")
        self.ca_browse.setAutoDefault(False)
        self.ca_browse.clicked.connect(self._browse_ca_file)
        ca_layout.addWidget(self.ca_edit, 1)
        ca_layout.addWidget(self.ca_browse)
        self._add_row(advanced, _tr("Trust &CA file:"), ca_row, "ca")

        self.forget_pin_check = QCheckBox(self.advanced_box)
        self.forget_pin_check.setObjectName("forget_pin_check")
        if account is not None and account.pinned_cert_sha256:
            self.forget_pin_check.setText(
                _tr("Forget the certificate trusted for this account (SHA-256 %1…)").replace(
                    "%1", account.pinned_cert_sha256[:16]
                )
            )
            advanced.addRow("", self.forget_pin_check)
        else:
            self.forget_pin_check.hide()

        self.general_error = QLabel(self)
        self.general_error.setObjectName("general_error")
        self._style_error(self.general_error)
        layout.addWidget(self.general_error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_tr("Save") if editing else _tr("Add account"))
        self.ok_button = ok

        self._fill(account)
        for name, edit in (
            ("jid", self.jid_edit),
            ("password", self.password_edit),
            ("resource", self.resource_edit),
            ("host", self.host_edit),
            ("port", self.port_edit),
            ("ca", self.ca_edit),
        ):
            edit.textEdited.connect(self._touch_callback(name))
            edit.textChanged.connect(self._validate)
        self.starttls_radio.toggled.connect(self._validate)
        self.forget_pin_check.toggled.connect(self._validate)
        self._validate()

    # -- what the caller reads ----------------------------------------------------------------

    def account_config(self) -> AccountConfig | None:
        """The account as entered, or None while anything is invalid."""
        return self._config

    def password(self) -> str:
        return self.password_edit.text()

    def remember_password(self) -> bool:
        return self.remember_check.isEnabled() and self.remember_check.isChecked()

    def errors(self) -> dict[str, str]:
        """Field name -> problem, for every invalid field (shown or not yet)."""
        return dict(self._errors)

    def set_advanced_visible(self, visible: bool) -> None:
        self.advanced_toggle.setChecked(visible)
        self._show_advanced(visible)

    # -- building -----------------------------------------------------------------------------

    def _line_edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    @staticmethod
    def _style_error(label: QLabel) -> None:
        label.setWordWrap(True)
        label.setStyleSheet("color: #b00020;")
        label.hide()

    def _add_row(self, form: QFormLayout, text: str, field: QWidget, name: str) -> None:
        label = QLabel(text, self)
        buddy = field if isinstance(field, QLineEdit) else field.findChild(QLineEdit)
        label.setBuddy(buddy or field)
        form.addRow(label, field)
        error = QLabel(self)
        error.setObjectName(f"{name}_error")
        self._style_error(error)
        form.addRow("", error)
        self._error_labels[name] = error

    def _fill(self, account: AccountConfig | None) -> None:
        self.resource_edit.setText(DEFAULT_RESOURCE)
        self.starttls_radio.setChecked(True)
        if account is None:
            self._show_advanced(False)
            return
        self.jid_edit.setText(account.jid)
        self.resource_edit.setText(account.resource)
        self.host_edit.setText(account.server_host or "")
        default_port = DIRECT_TLS_PORT if account.direct_tls else STARTTLS_PORT
        if account.port is not None and account.port != default_port:
            self.port_edit.setText(str(account.port))
        (self.direct_tls_radio if account.direct_tls else self.starttls_radio).setChecked(True)
        self.ca_edit.setText(account.ca_file or "")
        has_advanced = bool(
            account.server_host
            or account.direct_tls
            or account.ca_file
            or account.pinned_cert_sha256
        )
        self.set_advanced_visible(has_advanced)

    def _show_advanced(self, visible: bool) -> None:
        self.advanced_box.setVisible(visible)
        self.advanced_toggle.setArrowType(
            Qt.ArrowType.DownArrow if visible else Qt.ArrowType.RightArrow
        )
        self._fit_height()

    def _touch_callback(self, name: str) -> Callable[[str], None]:
        def touched(_text: str) -> None:
            self._touched.add(name)

        return touched

    def _browse_ca_file(self) -> None:
        # Not the static getOpenFileName: that runs a nested event loop under qasync.
        dialog = QFileDialog(self, _tr("Choose the CA certificate to trust"))
        dialog.setObjectName("ca_file_dialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_tr("PEM certificates (*.pem *.crt *.cer)"), _tr("All files (*)")])
        dialog.fileSelected.connect(self._ca_file_chosen)
        self._file_dialog = dialog
        dialog.open()

    def _ca_file_chosen(self, path: str) -> None:
        self._touched.add("ca")
        self.ca_edit.setText(path)

    # -- checking -----------------------------------------------------------------------------

    def _validate(self) -> None:
        errors: dict[str, str] = {}
        values: dict[str, object] = {}

        def check(name: str, call: Callable[[], object]) -> None:
            try:
                values[name] = call()
            except ValueError as exc:
                errors[name] = _sentence(str(exc))

        check("jid", lambda: validate_bare_jid(self.jid_edit.text()))
        if self._account is None and values.get("jid") in self._existing:
            errors["jid"] = _tr("This account is already set up.")
        if self._account is None and not self.password_edit.text():
            errors["password"] = _tr("Enter the password for this account.")
        check("resource", lambda: validate_resource(self.resource_edit.text()))
        host_text = self.host_edit.text().strip()
        if host_text:
            check("host", lambda: validate_server_host(host_text))
        port_text = self.port_edit.text().strip()
        port: int | None = None
        if port_text:
            try:
                port = int(port_text)
            except ValueError:
                errors["port"] = _tr("The port must be a number.")
            else:
                if not 1 <= port <= 65535:
                    errors["port"] = _tr("The port must be between 1 and 65535.")
                elif not host_text:
                    errors["port"] = _tr("A port needs a server host as well.")
        ca_text = self.ca_edit.text().strip()
        if ca_text:
            check("ca", lambda: check_ca_file(ca_text))

        direct = self.direct_tls_radio.isChecked()
        self.port_edit.setPlaceholderText(str(DIRECT_TLS_PORT if direct else STARTTLS_PORT))
        config: AccountConfig | None = None
        general = ""
        if not errors:
            old = self._account
            pin = old.pinned_cert_sha256 if old is not None else None
            if self.forget_pin_check.isChecked():
                pin = None
            try:
                config = AccountConfig(
                    jid=str(values["jid"]),
                    resource=str(values["resource"]),
                    server_host=str(values["host"]) if host_text else None,
                    port=port,
                    direct_tls=direct,
                    ca_file=str(values["ca"]) if ca_text else None,
                    enabled=old.enabled if old is not None else True,
                    remember_password=old.remember_password if old is not None else False,
                    pinned_cert_sha256=pin,
                )
            except ValueError as exc:
                general = _sentence(str(exc))
                errors["general"] = general

        self._errors = errors
        self._config = config
        for name, label in self._error_labels.items():
            message = errors.get(name, "") if name in self._touched else ""
            label.setText(message)
            label.setVisible(bool(message))
        self.general_error.setText(general)
        self.general_error.setVisible(bool(general))
        self.ok_button.setEnabled(config is not None)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to fit wrapped error lines: a window's minimum size ignores height-for-width,
        so a two-line message would otherwise be squeezed into one line's height."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def accept(self) -> None:
        if self._config is None:
            # Enter pressed on an invalid form: show every problem, including untouched fields.
            self._touched.update(self._error_labels)
            self._validate()
            return
        super().accept()
