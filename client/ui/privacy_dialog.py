"""The "Privacy & activity" settings dialog: auto-away thresholds and what others may learn."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from client.core.durations import format_duration, parse_duration
from client.core.profile import SettingsStore, StoreError
from client.core.settings import Settings, setting

log = logging.getLogger(__name__)

BOOL_KEYS = (
    "activity.auto_away",
    "activity.xa_on_lock",
    "privacy.publish_idle",
    "privacy.publish_idle_to_groupchats",
    "privacy.answer_last_activity",
)
TEXT_KEYS = (
    "activity.away_after",
    "activity.xa_after",
    "activity.inactive_grace",
    "activity.away_message",
    "activity.xa_message",
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PrivacyDialog", text)


def _labels() -> dict[str, str]:
    return {
        "activity.auto_away": _tr("Set Away / Extended away automatically"),
        "activity.away_after": _tr("Away after"),
        "activity.xa_after": _tr("Extended away after"),
        "activity.xa_on_lock": _tr("Extended away as soon as the screen locks"),
        "activity.inactive_grace": _tr("Tell the server I'm inactive after"),
        "activity.away_message": _tr("Away message"),
        "activity.xa_message": _tr("Extended away message"),
        "privacy.publish_idle": _tr("Tell contacts since when I have been idle"),
        "privacy.publish_idle_to_groupchats": _tr("Also tell group chats (every participant)"),
        "privacy.answer_last_activity": _tr(
            "Answer last-activity queries from contacts who see my presence"
        ),
    }


def _tooltips() -> dict[str, str]:
    """What each switch does, in the interface language (the schema's docs are English)."""
    return {
        "activity.auto_away": _tr(
            "Set Away and Extended away automatically when you are idle or your screen locks."
        ),
        "activity.away_after": _tr(
            "Time without keyboard or mouse input before you are shown as Away,"
            " e.g. 90s, 5m or 1h30m."
        ),
        "activity.xa_after": _tr(
            "Time without input before you are shown as Extended away (0 = never), e.g. 15m or 1h."
        ),
        "activity.xa_on_lock": _tr("Go Extended away as soon as the screen locks."),
        "activity.inactive_grace": _tr(
            "How long Attend may sit in the background before it tells your server you are"
            " inactive, so the server can hold back unimportant traffic (0 = at once)."
        ),
        "activity.away_message": _tr(
            "Status message while automatically Away (empty = keep your own message)."
        ),
        "activity.xa_message": _tr(
            "Status message while automatically Extended away (empty = keep your own message)."
        ),
        "privacy.publish_idle": _tr("Tell contacts since when you have been idle."),
        "privacy.publish_idle_to_groupchats": _tr(
            "Also include your idle time in group-chat presence, visible to every participant."
        ),
        "privacy.answer_last_activity": _tr(
            "Answer “last activity” questions, only from contacts who see your presence."
        ),
    }


def _check_duration(key: str, label: str, text: str) -> None:
    """ValueError with a translated sentence naming the field when ``text`` does not fit."""
    try:
        seconds = parse_duration(text)
    except ValueError:
        raise ValueError(
            _tr("%1: “%2” is not a duration. Use e.g. 90s, 5m or 1h30m.")
            .replace("%1", label)
            .replace("%2", text)
        ) from None
    spec = setting(key)
    if spec.minimum is not None and seconds < spec.minimum:
        raise ValueError(
            _tr("%1 must be at least %2.")
            .replace("%1", label)
            .replace("%2", format_duration(spec.minimum))
        )
    if spec.maximum is not None and seconds > spec.maximum:
        raise ValueError(
            _tr("%1 must be at most %2.")
            .replace("%1", label)
            .replace("%2", format_duration(spec.maximum))
        )


class PrivacyActivityDialog(QDialog):
    """Edits the activity.* and privacy.* settings; OK validates, saves, then emits.

    Durations are typed the way the command line takes them (``90s``, ``5m``, ``1h``). Nothing
    is saved while any field is invalid; the error says which one and why.
    """

    settings_saved = Signal(object)  # Settings

    def __init__(
        self, settings: Settings, store: SettingsStore | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("privacy_dialog")
        self.setWindowTitle(_tr("Privacy & activity"))
        self._settings = settings
        self._store = store
        labels = _labels()
        tooltips = _tooltips()
        self.checks: dict[str, QCheckBox] = {}
        self.fields: dict[str, QLineEdit] = {}
        for key in BOOL_KEYS:
            box = QCheckBox(labels[key], self)
            box.setObjectName(key)
            box.setToolTip(tooltips[key])
            box.setChecked(settings.get_bool(key))
            self.checks[key] = box
        for key in TEXT_KEYS:
            edit = QLineEdit(settings.get_text(key), self)
            edit.setObjectName(key)
            edit.setToolTip(tooltips[key])
            edit.setAccessibleDescription(tooltips[key])
            if setting(key).kind == "duration":
                edit.setPlaceholderText(_tr("e.g. 90s, 5m, 1h30m"))
            else:
                edit.setPlaceholderText(_tr("empty: keep my own message"))
            self.fields[key] = edit

        activity = QGroupBox(_tr("When I'm away"), self)
        form = QFormLayout(activity)
        form.addRow(self.checks["activity.auto_away"])
        for key in ("activity.away_after", "activity.xa_after"):
            form.addRow(labels[key], self.fields[key])
        form.addRow(self.checks["activity.xa_on_lock"])
        for key in ("activity.away_message", "activity.xa_message", "activity.inactive_grace"):
            form.addRow(labels[key], self.fields[key])

        privacy = QGroupBox(_tr("What others may learn"), self)
        privacy_layout = QVBoxLayout(privacy)
        for key in (
            "privacy.publish_idle",
            "privacy.publish_idle_to_groupchats",
            "privacy.answer_last_activity",
        ):
            privacy_layout.addWidget(self.checks[key])

        self.error_label = QLabel(self)
        self.error_label.setObjectName("privacy_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")  # as in the account dialog
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(activity)
        layout.addWidget(privacy)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        # Idle in group chats and last-activity answers only exist while idle is published.
        publish = self.checks["privacy.publish_idle"]
        publish.toggled.connect(self._update_enabled)
        self._update_enabled(publish.isChecked())

    def _update_enabled(self, publish: bool) -> None:
        for key in ("privacy.publish_idle_to_groupchats", "privacy.answer_last_activity"):
            self.checks[key].setEnabled(publish)

    def edited_settings(self, base: Settings | None = None) -> Settings:
        """A copy of ``base`` (default: the settings given) with the dialog's values.

        ValueError (one line, naming the key) when a field does not fit.
        """
        source = base if base is not None else self._settings
        result = Settings.from_json_dict(source.to_json_dict())
        for key, box in self.checks.items():
            result.set(key, box.isChecked())
        labels = _labels()
        for key, edit in self.fields.items():
            text = edit.text()
            duration = setting(key).kind == "duration"
            try:
                if duration:
                    _check_duration(key, labels[key], text.strip())
                result.set_text(key, text.strip() if duration else text)
            except ValueError as exc:
                edit.setFocus()
                raise ValueError(str(exc)) from None
        return result

    def accept(self) -> None:
        base = self._settings
        if self._store is not None:
            # The file may have changed since the app started (`config set`): keep those keys.
            try:
                base = self._store.load()
            except StoreError as exc:
                log.warning("settings file unreadable, saving over it: %s", exc)
        try:
            edited = self.edited_settings(base)
        except ValueError as exc:
            self._show_error(str(exc))
            return
        if self._store is not None:
            try:
                self._store.save(edited)
            except StoreError as exc:
                self._show_error(str(exc))
                return
        self._settings = edited
        self.error_label.hide()
        log.info("privacy and activity settings saved")
        self.settings_saved.emit(edited)
        super().accept()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
