"""Status selector, status-bar activity text, and the Privacy & activity dialog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar
from pytestqt.qtbot import QtBot

from client.core.activity import ActivityDecision, StatusShow, UserStatus
from client.core.profile import SettingsStore
from client.core.settings import Settings
from client.services.activity_service import (
    ActivityService,
    ActivitySnapshot,
    ActivitySources,
    SessionCsi,
)
from client.ui.activity_ui import ActivityUi
from client.ui.privacy_dialog import PrivacyActivityDialog
from client.ui.status_selector import StatusSelector, describe_activity

NOW = datetime(2026, 3, 3, 15, 30, tzinfo=UTC)


def test_selector_emits_the_chosen_status_once(qtbot: QtBot) -> None:
    selector = StatusSelector()
    qtbot.addWidget(selector)
    chosen: list[UserStatus] = []
    selector.status_chosen.connect(chosen.append)
    selector.set_status(UserStatus(StatusShow.DND, "busy"))
    assert chosen == []  # set by the program, not chosen
    assert selector.message_edit.text() == "busy"
    selector.show_box.setCurrentIndex(selector.show_box.findData("away"))
    assert chosen == [UserStatus(StatusShow.AWAY, "busy")]
    selector.message_edit.setFocus()
    selector.message_edit.selectAll()
    QTest.keyClicks(selector.message_edit, " out  for   lunch ")
    assert len(chosen) == 1  # not per keystroke
    QTest.keyClick(selector.message_edit, Qt.Key.Key_Return)
    assert chosen[-1] == UserStatus(StatusShow.AWAY, "out for lunch")
    QTest.keyClick(selector.message_edit, Qt.Key.Key_Return)
    assert len(chosen) == 2  # unchanged: nothing new to broadcast
    # Pasted text with control characters (a terminal's colour codes): dropped, not sent.
    selector.message_edit.setText("build\x1b[32m ok\x01\x7f")
    selector.message_edit.editingFinished.emit()
    assert chosen[-1] == UserStatus(StatusShow.AWAY, "build[32m ok")
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # joined by ZWJ: kept whole
    selector.message_edit.setText(f"with {family}")
    selector.message_edit.editingFinished.emit()
    assert chosen[-1] == UserStatus(StatusShow.AWAY, f"with {family}")


def decision(show: StatusShow, since: datetime | None, csi: bool, auto: bool) -> ActivityDecision:
    return ActivityDecision(csi_active=csi, show=show, status="", idle_since=since, auto=auto)


def test_status_bar_text_says_what_others_are_told() -> None:
    idle = NOW - timedelta(minutes=88)  # 14:02 UTC
    inactive = (SessionCsi("me@example.org", True, True, False),)
    snap = ActivitySnapshot(decision(StatusShow.AWAY, idle, False, True), UserStatus(), inactive)
    assert describe_activity(snap, NOW, UTC) == (
        "Away (automatic, idle since 14:02) · server told: inactive"
    )
    yesterday = ActivitySnapshot(
        decision(StatusShow.XA, NOW - timedelta(days=1), False, True), UserStatus(), inactive
    )
    assert "idle since yesterday 15:30" in describe_activity(yesterday, NOW, UTC)
    present = ActivitySnapshot(
        decision(StatusShow.DND, None, True, False),
        UserStatus(StatusShow.DND),
        (SessionCsi("a@x", True, True, None), SessionCsi("b@y", False, False, None)),
    )
    assert describe_activity(present, NOW, UTC) == (
        "Do not disturb · server told: a@x: active (by default), b@y: offline"
    )
    no_csi = ActivitySnapshot(None, UserStatus(), (SessionCsi("a@x", True, False, None),))
    assert describe_activity(no_csi, NOW, UTC) == "Available · server told: no CSI support"


def test_privacy_dialog_validates_then_saves(qtbot: QtBot, tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = Settings()
    settings.set("log.level", "DEBUG")  # a key the dialog does not show: kept
    store.save(settings)
    dialog = PrivacyActivityDialog(settings, store)
    qtbot.addWidget(dialog)
    saved: list[Settings] = []
    dialog.settings_saved.connect(saved.append)
    dialog.show()

    publish = dialog.checks["privacy.publish_idle"]
    assert dialog.checks["privacy.answer_last_activity"].isEnabled()
    publish.setChecked(False)
    assert not dialog.checks["privacy.answer_last_activity"].isEnabled()
    assert not dialog.checks["privacy.publish_idle_to_groupchats"].isEnabled()

    dialog.fields["activity.away_after"].setText("3 s")  # below the 10 s minimum
    dialog.accept()
    assert saved == []
    assert dialog.error_label.isVisibleTo(dialog)
    assert dialog.error_label.text() == "Away after must be at least 10s."
    dialog.fields["activity.away_after"].setText("five minutes")
    dialog.accept()
    assert saved == []
    assert dialog.error_label.text() == (
        "Away after: “five minutes” is not a duration. Use e.g. 90s, 5m or 1h30m."
    )
    assert store.load().get_bool("privacy.publish_idle")  # nothing written

    dialog.fields["activity.away_after"].setText(" 7m ")
    dialog.fields["activity.xa_after"].setText("0")
    dialog.fields["activity.away_message"].setText("back soon")
    dialog.accept()
    assert len(saved) == 1
    stored = store.load()
    assert stored.get_duration("activity.away_after") == 420
    assert stored.get_duration("activity.xa_after") == 0
    assert stored.get_str("activity.away_message") == "back soon"
    assert not stored.get_bool("privacy.publish_idle")
    assert stored.get_str("log.level") == "DEBUG"


def test_installed_into_a_main_window(qtbot: QtBot, tmp_path: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    settings = Settings()
    service = ActivityService(settings, sources=ActivitySources())
    ui = ActivityUi(window, service, settings, SettingsStore(tmp_path / "settings.json"))
    assert window.findChild(QToolBar, "status_toolbar") is not None
    menu = window.menuBar().findChild(QMenu, "settings_menu")
    assert menu is not None
    assert ui.privacy_action in menu.actions()
    service.start()
    assert ui.label.text() == "Available · server told: no account connected"
    ui.selector.show_box.setCurrentIndex(ui.selector.show_box.findData("dnd"))
    assert service.policy.user_status.show == StatusShow.DND
    assert ui.label.text().startswith("Do not disturb")
    dialog = ui.open_privacy_dialog()
    dialog.checks["privacy.publish_idle"].setChecked(False)
    dialog.accept()
    assert not service.privacy.publish_idle
    assert not service.policy.settings.publish_idle
    # The app's one Settings object is updated in place (others save it as well).
    assert ui.settings is settings
    assert not settings.get_bool("privacy.publish_idle")
