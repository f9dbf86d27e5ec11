"""The roster pane with a few contacts: filter box, options, context menu, tooltips."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QLocale, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QAction, QHelpEvent, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QStyleOptionViewItem, QToolTip
from pytestqt.qtbot import QtBot

from client.core.presence import Show
from client.core.roster import SubscriptionRequest
from client.models.roster_model import RosterModel, RosterRole, SortMode
from client.ui.main_window import MainWindow
from client.ui.roster_delegate import RosterDelegate
from client.ui.roster_view import RosterWidget, moved_groups
from tests.models.roster_builders import ME, FakeClock, event, item, presence, utc

NOW = utc(2026, 11, 3, 12, 0)
GB = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


@pytest.fixture
def model(qapp: QApplication) -> Iterator[RosterModel]:
    m = RosterModel(clock=FakeClock(NOW), locale=GB, auto_refresh=False)
    m.set_roster(
        ME,
        [
            item("bob@x", "Bob", ("Work", "Family")),
            item("ann@x", "Ann", ("Work",)),
            item("cy@x", "Cy"),
        ],
    )
    m.apply_presence_batch(
        [
            event("bob@x", presence(status="coding", idle_since=NOW - timedelta(minutes=12))),
            event("ann@x", presence(show=Show.AWAY, status="lunch")),
        ]
    )
    m.set_subscription_requests(ME, [SubscriptionRequest(ME, "zed@z", "hello", NOW)])
    yield m
    m.deleteLater()


@pytest.fixture
def widget(qtbot: QtBot, model: RosterModel) -> RosterWidget:
    w = RosterWidget()
    qtbot.addWidget(w)
    w.set_model(model)
    w.resize(320, 400)
    w.show()
    qtbot.waitExposed(w)
    return w


def names(m: RosterModel) -> list[str]:
    return [m.index(r, 0).data() for r in range(m.rowCount())]


def index_of(m: RosterModel, jid: str, group: str | None = None) -> QModelIndex:
    row = m.row_of(ME, jid, group)
    assert row >= 0
    return m.index(row, 0)


def action(menu: QMenu, name: str) -> QAction:
    found = menu.findChild(QAction, name)
    assert found is not None, f"no action {name}: {[a.objectName() for a in menu.actions()]}"
    return found


def test_filter_box_filters_and_escape_clears(
    qtbot: QtBot, widget: RosterWidget, model: RosterModel
) -> None:
    qtbot.keyClicks(widget.filter_edit, "ANN")
    assert model.filter_text() == "ann"
    assert [n for n in names(model) if n in ("Ann", "Bob", "Cy")] == ["Ann"]
    qtbot.keyClick(widget.filter_edit, Qt.Key.Key_Down)  # into the list, on the match
    assert widget.view.currentIndex().data() == "Ann"
    widget.filter_edit.setFocus()
    qtbot.keyClick(widget.filter_edit, Qt.Key.Key_Escape)
    assert widget.filter_edit.text() == ""
    assert "Cy" in names(model)


def test_sort_menu_and_offline_toggle(widget: RosterWidget, model: RosterModel) -> None:
    with_sort: list[str] = []
    widget.sort_changed.connect(with_sort.append)
    widget.sort_actions[SortMode.NAME].trigger()
    assert model.sort_mode() is SortMode.NAME
    assert with_sort == ["name"]
    shown: list[bool] = []
    widget.show_offline_changed.connect(shown.append)
    widget.show_offline_action.trigger()
    assert model.show_offline() is False
    assert shown == [False]
    assert "Cy" not in names(model)


def test_context_menu_on_contact_emits_requests(
    qtbot: QtBot, widget: RosterWidget, model: RosterModel
) -> None:
    bob = index_of(model, "bob@x", "Work")
    menu = widget.build_context_menu(bob)
    assert menu is not None
    assert menu.findChild(QAction, "accept_subscription") is None  # Bob asks nothing

    # The first entry opens the chat, as double-click and Enter do.
    assert menu.actions()[0] is action(menu, "open_chat")
    assert menu.defaultAction() is action(menu, "open_chat")
    with qtbot.waitSignal(widget.contact_activated) as opened:
        action(menu, "open_chat").trigger()
    assert opened.args == [ME, "bob@x"]

    widget.ask_text = lambda _title, _label, default: "Robert" if default == "Bob" else None
    with qtbot.waitSignal(widget.rename_requested) as renamed:
        action(menu, "rename_contact").trigger()
    assert renamed.args == [ME, "bob@x", "Robert"]

    with qtbot.waitSignal(widget.last_activity_requested) as asked:
        action(menu, "ask_last_activity").trigger()
    assert asked.args == [ME, "bob@x", "laptop"]

    # Bob is in Work and Family; the row under Work moves.
    assert menu.findChild(QAction, "move_to:Family") is None  # already there
    with qtbot.waitSignal(widget.move_to_group_requested) as moved:
        action(menu, "move_out").trigger()
    assert moved.args == [ME, "bob@x", ["Family"]]
    widget.ask_text = lambda *_args: "Friends"
    with qtbot.waitSignal(widget.move_to_group_requested) as moved:
        action(menu, "move_to_new_group").trigger()
    assert moved.args == [ME, "bob@x", ["Family", "Friends"]]

    widget.confirm = lambda *_args: False
    with qtbot.assertNotEmitted(widget.remove_requested):
        action(menu, "remove_contact").trigger()
    widget.confirm = lambda *_args: True
    with qtbot.waitSignal(widget.remove_requested) as removed:
        action(menu, "remove_contact").trigger()
    assert removed.args == [ME, "bob@x"]


def test_move_between_groups(qtbot: QtBot, widget: RosterWidget, model: RosterModel) -> None:
    menu = widget.build_context_menu(index_of(model, "ann@x"))
    assert menu is not None
    with qtbot.waitSignal(widget.move_to_group_requested) as moved:
        action(menu, "move_to:Family").trigger()
    assert moved.args == [ME, "ann@x", ["Family"]]
    assert moved_groups(("A", "B"), "A", "B") == ["B"]
    assert moved_groups((), "", "New") == ["New"]


def test_subscription_request_is_only_answered_by_the_user(
    qtbot: QtBot, widget: RosterWidget, model: RosterModel
) -> None:
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "zed@z")
    menu = widget.build_context_menu(model.index(row, 0))
    assert menu is not None
    assert menu.findChild(QAction, "rename_contact") is None
    with qtbot.waitSignal(widget.subscription_accept_requested) as accepted:
        action(menu, "accept_subscription").trigger()
    assert accepted.args == [ME, "zed@z"]
    with qtbot.waitSignal(widget.subscription_deny_requested) as denied:
        action(menu, "deny_subscription").trigger()
    assert denied.args == [ME, "zed@z"]


def test_add_contact_from_a_group_header(
    qtbot: QtBot, widget: RosterWidget, model: RosterModel
) -> None:
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Work")
    menu = widget.build_context_menu(model.index(row, 0))
    assert menu is not None
    widget.ask_text = lambda *_args: "  new@x "
    with qtbot.waitSignal(widget.add_contact_requested) as added:
        action(menu, "add_contact").trigger()
    assert added.args == [ME, "new@x", "", ["Work"]]
    empty_area = widget.build_context_menu(QModelIndex())
    assert empty_area is not None
    assert [a.objectName() for a in empty_area.actions()] == ["add_contact"]


# The offscreen platform cannot raise the tooltip window and says so.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_tooltip_at_hover(qtbot: QtBot, widget: RosterWidget, model: RosterModel) -> None:
    view = widget.view
    rect = view.visualRect(index_of(model, "bob@x", "Family"))
    hovered = view.indexAt(rect.center())
    tooltip = hovered.data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>Bob</b>" in tooltip
    assert "Idle since 11:48 (12 min)" in tooltip
    plain = hovered.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert "Resource laptop, shown in the list" in plain
    # The view asks for the tooltip only when a help event arrives.
    QApplication.sendEvent(
        view.viewport(),
        QHelpEvent(
            QHelpEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center())
        ),
    )
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert "Bob" in QToolTip.text()
    QToolTip.hideText()


def test_view_reports_visible_rows_to_the_model(qtbot: QtBot, widget: RosterWidget) -> None:
    big = RosterModel(clock=FakeClock(NOW), locale=GB, auto_refresh=False)
    big.set_roster(ME, [item(f"u{i:04}@x", f"User {i:04}") for i in range(2000)])
    widget.set_model(big)
    qtbot.waitUntil(lambda: big.visible_rows()[0] == 0 and big.visible_rows()[1] > 5)
    first, last = big.visible_rows()
    assert last - first < 60  # a screenful, not the roster
    widget.view.scrollTo(big.index(1000, 0), widget.view.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: big.visible_rows()[0] >= 990)
    assert big.visible_rows()[1] - big.visible_rows()[0] == last - first
    widget.view.setModel(None)
    big.deleteLater()


def test_rows_paint_and_have_one_height(widget: RosterWidget, model: RosterModel) -> None:
    model.mark_account_stale(ME, NOW)  # faded rows too
    assert widget.view.uniformItemSizes()
    image = widget.view.viewport().grab().toImage()
    assert not image.isNull()
    option = QStyleOptionViewItem()
    option.initFrom(widget.view)
    delegate = widget.view.itemDelegate()
    heights = {
        delegate.sizeHint(option, model.index(r, 0)).height() for r in range(model.rowCount())
    }
    assert len(heights) == 1


def paint_row(
    widget: RosterWidget, index: QModelIndex, *, selected: bool = False, ratio: float = 1.0
) -> QImage:
    """One row painted by the delegate into an image (``ratio``: device pixels per pixel)."""
    option = QStyleOptionViewItem()
    option.initFrom(widget.view)
    option.rect = QRect(0, 0, 300, widget.view.sizeHintForRow(index.row()))
    option.widget = widget.view
    if selected:
        option.state |= QStyle.StateFlag.State_Selected
    image = QImage(
        round(300 * ratio), round(option.rect.height() * ratio), QImage.Format.Format_ARGB32
    )
    image.setDevicePixelRatio(ratio)
    image.fill(option.palette.color(QPalette.ColorRole.Base))
    painter = QPainter(image)
    widget.view.itemDelegate().paint(painter, option, index)
    painter.end()
    return image


def colours_right_of(image: QImage, fraction: float) -> set[int]:
    start = round(image.width() * fraction)
    return {
        image.pixelColor(x, y).rgb()
        for x in range(start, image.width())
        for y in range(image.height())
    }


@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_unread_badge_is_painted_in_theme_colours_that_stay_visible_when_selected(
    widget: RosterWidget, model: RosterModel, ratio: float
) -> None:
    row = model.row_of(ME, "cy@x")
    palette = widget.view.palette()
    highlight = palette.color(QPalette.ColorRole.Highlight).rgb()
    highlighted_text = palette.color(QPalette.ColorRole.HighlightedText).rgb()
    before = colours_right_of(paint_row(widget, model.index(row, 0), ratio=ratio), 0.85)
    assert highlight not in before
    model.set_unread_counts({(ME, "cy@x"): 3})
    after = colours_right_of(paint_row(widget, model.index(row, 0), ratio=ratio), 0.85)
    assert highlight in after  # the badge's fill
    # Selected: the row is filled with the highlight, so the badge swaps its colours.
    selected = paint_row(widget, model.index(row, 0), selected=True, ratio=ratio)
    assert highlighted_text in colours_right_of(selected, 0.85)
    # Large counts are capped; the number follows the locale.
    option = QStyleOptionViewItem()
    assert RosterDelegate.badge_text(option, 7) == option.locale.toString(7)
    assert RosterDelegate.badge_text(option, 250).endswith("+")
    # The screen reader hears it too.
    description = model.index(row, 0).data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert "3 unread message(s)" in description.split("\n")


def test_view_button_leaves_room_for_its_arrow(widget: RosterWidget) -> None:
    button = widget.options_button
    indicator = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    text = button.fontMetrics().horizontalAdvance(button.text())
    assert button.sizeHint().width() >= text + indicator
    assert button.width() >= button.sizeHint().width()
    assert not button.grab().toImage().isNull()
    assert button.menu() is not None


def test_double_click_on_header_collapses(widget: RosterWidget, model: RosterModel) -> None:
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Work")
    widget.view.activated.emit(model.index(row, 0))
    assert model.index(row, 0).data(RosterRole.COLLAPSED) is True
    activated: list[tuple[str, str]] = []
    widget.contact_activated.connect(lambda a, j: activated.append((a, j)))
    widget.view.activated.emit(index_of(model, "cy@x"))
    assert activated == [(ME, "cy@x")]


def test_main_window_hosts_the_roster(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.roster_view is window.roster_widget.view
    assert window.roster_view.objectName() == "roster_view"
    window.set_has_accounts(True)
    assert window.centralWidget().currentWidget() is window.roster_widget  # type: ignore[attr-defined]
    window.set_has_accounts(False)
    assert window.centralWidget().currentWidget() is window.empty_page  # type: ignore[attr-defined]


def test_data_changes_repaint_without_relaying_out_every_row(qtbot: QtBot) -> None:
    calls = {"rowCount": 0}

    class Counting(RosterModel):
        def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
            calls["rowCount"] += 1
            return super().rowCount(parent)

    big = Counting(clock=FakeClock(NOW), locale=GB, auto_refresh=False)
    big.set_sort(SortMode.NAME)
    big.set_roster(ME, [item(f"u{i:04}@x", f"User {i:04}") for i in range(3000)])
    pane = RosterWidget()
    qtbot.addWidget(pane)
    pane.set_model(big)
    pane.resize(300, 400)
    pane.show()
    qtbot.waitExposed(pane)
    QApplication.processEvents()
    calls["rowCount"] = 0
    big.apply_presence_batch(
        [event(f"u{i:04}@x", presence(show=Show.OFFLINE)) for i in range(5, 3000, 7)]
    )
    assert big.last_update_kind == "data"
    QApplication.processEvents()
    # QListView would lay out all 3,000 rows again (two rowCount calls each).
    assert calls["rowCount"] < 500
    pane.view.setModel(None)
    big.deleteLater()
