"""The status selector (show + message) and the status-bar text of what others are told."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from client.core.activity import StatusShow, UserStatus
from client.core.idle_text import SinceKind, since_kind
from client.services.activity_service import ActivitySnapshot, SessionCsi
from client.ui.elided_label import ElidedLabel

MAX_MESSAGE = 500


def _tr(text: str) -> str:
    return QCoreApplication.translate("StatusSelector", text)


def show_label(show: StatusShow) -> str:
    return {
        StatusShow.AVAILABLE: _tr("Available"),
        StatusShow.CHAT: _tr("Free for chat"),
        StatusShow.AWAY: _tr("Away"),
        StatusShow.XA: _tr("Extended away"),
        StatusShow.DND: _tr("Do not disturb"),
    }[show]


class StatusSelector(QWidget):
    """Availability and status message chosen by hand; auto-away never changes what is shown here.

    ``status_chosen`` fires when the show changes or the message is committed (Return or focus
    leaving the field), not on every keystroke: each one would be a presence broadcast.
    """

    status_chosen = Signal(object)  # UserStatus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_selector")
        self.show_box = QComboBox(self)
        self.show_box.setObjectName("status_show")
        self.show_box.setAccessibleName(_tr("Your status"))
        for show in StatusShow:
            self.show_box.addItem(show_label(show), show.value)
        self.message_edit = QLineEdit(self)
        self.message_edit.setObjectName("status_message")
        self.message_edit.setMaxLength(MAX_MESSAGE)
        self.message_edit.setPlaceholderText(_tr("Status message"))
        self.message_edit.setAccessibleName(_tr("Your status message"))
        self.message_edit.setClearButtonEnabled(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.show_box)
        layout.addWidget(self.message_edit, 1)
        self._status = UserStatus()
        self.show_box.currentIndexChanged.connect(self._commit)
        self.message_edit.editingFinished.connect(self._commit)

    def status(self) -> UserStatus:
        return self._status

    def set_status(self, status: UserStatus) -> None:
        """Show ``status`` without emitting ``status_chosen``."""
        self._status = status
        blocked = self.show_box.blockSignals(True)
        self.show_box.setCurrentIndex(self.show_box.findData(status.show.value))
        self.show_box.blockSignals(blocked)
        self.message_edit.setText(status.message)

    def _commit(self, *_args: object) -> None:
        show = StatusShow(self.show_box.currentData())
        # One line; control characters (pasted colour codes and the like) dropped.
        text = "".join(
            c for c in self.message_edit.text() if c.isspace() or unicodedata.category(c) != "Cc"
        )
        message = " ".join(text.split())
        status = UserStatus(show, message)
        if status != self._status:
            self._status = status
            self.status_chosen.emit(status)


def _since_text(since: datetime, now: datetime, tz: tzinfo | None) -> str:
    local = since.astimezone(tz)
    clock = f"{local:%H:%M}"
    match since_kind(since, now, tz):
        case SinceKind.TODAY:
            return clock
        case SinceKind.YESTERDAY:
            return _tr("yesterday %1").replace("%1", clock)
        case _:
            return f"{local:%Y-%m-%d} {clock}"


def _csi_text(sessions: tuple[SessionCsi, ...]) -> str:
    def one(s: SessionCsi) -> str:
        if not s.online:
            return _tr("offline")
        if not s.supported:
            return _tr("no CSI support")
        if s.told is None:
            return _tr("active (by default)")
        return _tr("active") if s.told else _tr("inactive")

    if not sessions:
        return _tr("no account connected")
    texts = [one(s) for s in sessions]
    if len(set(texts)) == 1:
        return texts[0]
    return ", ".join(f"{s.jid}: {t}" for s, t in zip(sessions, texts, strict=True))


def describe_activity(
    snapshot: ActivitySnapshot, now: datetime | None = None, tz: tzinfo | None = None
) -> str:
    """What we currently tell others, e.g. ``Away (idle since 14:02) · server told: inactive``.

    ``tz`` None means the local zone.
    """
    now = now if now is not None else datetime.now(UTC)
    decision = snapshot.decision
    if decision is None:
        text = show_label(snapshot.user.show)
    else:
        text = show_label(decision.show)
        details = []
        if decision.auto:
            details.append(_tr("automatic"))
        if decision.idle_since is not None:
            details.append(
                _tr("idle since %1").replace("%1", _since_text(decision.idle_since, now, tz))
            )
        if details:
            text += f" ({', '.join(details)})"
    told = _tr("server told: %1").replace("%1", _csi_text(snapshot.sessions))
    return f"{text} · {told}"


class ActivityStatusLabel(ElidedLabel):
    """The status-bar text, elided when the window is narrow; the whole text and the reason of
    the last decision in the tooltip (and the accessible description)."""

    min_chars = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("activity_status")
        self.setAccessibleName(_tr("What others are told"))
        self.snapshot: ActivitySnapshot | None = None

    def show_snapshot(self, snapshot: ActivitySnapshot) -> None:
        self.snapshot = snapshot
        text = describe_activity(snapshot)
        self.setText(text)
        decision = snapshot.decision
        tip = "\n".join(filter(None, [text, decision.reason if decision is not None else ""]))
        self.setToolTip(tip)
        self.setAccessibleDescription(text)
