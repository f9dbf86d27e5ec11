"""The roster model: layout, sorting, filtering, batching, stale marks, text and refresh."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from client.core.presence import IdleSource, Show
from client.core.roster import LastActivityResult, Subscription, SubscriptionRequest
from client.models.roster_model import RosterModel, RosterRole, RowKind, SortMode
from tests.models.roster_builders import (
    ME,
    OTHER,
    FakeClock,
    event,
    item,
    offline,
    presence,
    signal_counter,
    utc,
)

try:
    BERLIN: tzinfo = ZoneInfo("Europe/Berlin")
    NEW_YORK: tzinfo = ZoneInfo("America/New_York")
    UTC_ZONE: tzinfo = ZoneInfo("UTC")
except ZoneInfoNotFoundError:  # pragma: no cover - only without system tzdata
    pytest.skip("needs the IANA time zone database", allow_module_level=True)

NOW = utc(2026, 11, 3, 12, 0)
GB = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def model(qapp: QCoreApplication, clock: FakeClock) -> Iterator[RosterModel]:
    m = RosterModel(clock=clock, tz=UTC_ZONE, locale=GB, auto_refresh=False)
    yield m
    m.deleteLater()


def layout(m: RosterModel) -> list[str]:
    """The rows as short strings: A=account, G=group, R=requests header, r=request, C=contact."""
    letters = {
        RowKind.ACCOUNT: "A",
        RowKind.GROUP: "G",
        RowKind.REQUESTS: "R",
        RowKind.REQUEST: "r",
        RowKind.CONTACT: "C",
    }
    out = []
    for r in range(m.rowCount()):
        index = m.index(r, 0)
        out.append(f"{letters[index.data(RosterRole.KIND)]}:{index.data()}")
    return out


def contacts(m: RosterModel) -> list[str]:
    return [s[2:] for s in layout(m) if s.startswith("C:")]


def data(m: RosterModel, jid: str, role: int, account: str = ME) -> Any:
    row = m.row_of(account, jid)
    assert row >= 0, f"{jid} not shown"
    return m.index(row, 0).data(role)


def plain_tooltip(m: RosterModel, jid: str) -> list[str]:
    text = data(m, jid, Qt.ItemDataRole.AccessibleDescriptionRole)
    assert isinstance(text, str)
    return text.split("\n")


# --- structure --------------------------------------------------------------------------


def test_qt_model_tester_through_every_kind_of_change(
    qtmodeltester: Any, model: RosterModel, clock: FakeClock
) -> None:
    model.set_roster(
        ME,
        [
            item("bob@x", "Bob", ("Family", "Work")),
            item("ann@x", "Ann", ("Work",)),
            item("dave@x"),
        ],
    )
    model.set_roster(OTHER, [item("eve@y", "Eve", account=OTHER)])
    model.apply_presence_batch([event("bob@x", presence(idle_since=NOW - timedelta(minutes=5)))])
    model.set_subscription_requests(ME, [SubscriptionRequest(ME, "zed@z", "hi", NOW)])
    qtmodeltester.check(model)
    # The tester stays attached and checks every signal of what follows.
    model.apply_presence_batch([event("ann@x", presence(show=Show.DND))])
    model.set_sort(SortMode.ACTIVITY)
    model.set_filter("a")
    model.set_show_offline(False)
    model.set_filter("")
    model.update_items([item("dave@x", subscription=Subscription.REMOVE)])
    model.mark_account_stale(ME, NOW)
    model.clear_stale(ME)
    model.set_collapsed(ME, "Work", True)
    model.set_unread_counts({(ME, "bob@x"): 2, (ME, "ann@x"): 1})
    model.set_unread_counts({(ME, "bob@x"): 0})
    model.remove_account(OTHER)
    model.set_roster(ME, [])
    qtmodeltester.check(model)


def test_accounts_groups_and_pseudo_group(model: RosterModel) -> None:
    model.set_roster(
        ME,
        [
            item("bob@x", "Bob", ("Work", "Family")),
            item("dave@x"),
            item("ann@x", "Ann", ("work-friends", "  ")),
        ],
    )
    model.set_roster(OTHER, [item("eve@y", "Eve", ("Work",), account=OTHER)])
    assert layout(model) == [
        f"A:{ME}",
        "G:Family",
        "C:Bob",
        "G:Work",
        "C:Bob",
        "G:work-friends",
        "C:Ann",
        "G:Contacts",
        "C:dave@x",
        f"A:{OTHER}",
        "G:Work",
        "C:Eve",
    ]
    index = model.index(1, 0)
    assert index.data(RosterRole.IS_HEADER) is True
    assert model.flags(index) == Qt.ItemFlag.ItemIsEnabled
    bob = model.index(2, 0)
    assert bob.data(RosterRole.JID) == "bob@x"
    assert bob.data(RosterRole.ACCOUNT) == ME
    assert bob.data(RosterRole.GROUP) == "Family"
    assert bob.data(RosterRole.IS_HEADER) is False
    assert model.flags(bob) & Qt.ItemFlag.ItemIsSelectable
    assert model.index(7, 0).data(RosterRole.GROUP) == ""  # the pseudo-group
    assert model.groups(ME) == ["Family", "Work", "work-friends"]


def test_resync_and_pushes(model: RosterModel) -> None:
    model.set_roster(ME, [item("bob@x", "Bob"), item("ann@x", "Ann")])
    model.set_roster(ME, [item("bob@x", "Robert", ("Pals",)), item("cy@x", "Cy")])
    assert contacts(model) == ["Robert", "Cy"]
    model.update_items([item("cy@x", subscription=Subscription.REMOVE), item("di@x", "Di")])
    assert contacts(model) == ["Robert", "Di"]
    model.remove_item(ME, "bob@x")
    assert contacts(model) == ["Di"]
    assert model.item(ME, "bob@x") is None
    assert model.item(ME, "di@x") == item("di@x", "Di")


def test_presence_before_roster_is_kept(model: RosterModel) -> None:
    model.apply_presence_batch([event("bob@x", presence(show=Show.AWAY))])
    model.set_roster(ME, [item("bob@x", "Bob")])
    assert data(model, "bob@x", RosterRole.SHOW) is Show.AWAY


def test_subscription_requests_are_rows_and_flags(model: RosterModel) -> None:
    model.set_roster(ME, [item("bob@x", "Bob", subscription=Subscription.TO)])
    model.set_subscription_requests(
        ME,
        [
            SubscriptionRequest(ME, "zed@z", "", NOW),
            SubscriptionRequest(ME, "bob@x", "let me see", NOW - timedelta(hours=1)),
        ],
    )
    assert layout(model) == [
        f"A:{ME}",
        "R:Subscription requests",
        "r:Bob",
        "r:zed@z",
        "G:Contacts",
        "C:Bob",
    ]
    assert model.index(2, 0).data(RosterRole.STATUS_MESSAGE) == "let me see"
    assert model.index(5, 0).data(RosterRole.HAS_REQUEST) is True
    assert "Asks to see your presence: “let me see”" in plain_tooltip(model, "bob@x")
    model.set_subscription_requests(ME, [])
    assert layout(model) == [f"A:{ME}", "G:Contacts", "C:Bob"]
    assert data(model, "bob@x", RosterRole.HAS_REQUEST) is False


# --- sorting, filter, offline -----------------------------------------------------------


@pytest.fixture
def five(model: RosterModel) -> RosterModel:
    model.set_roster(
        ME,
        [
            item("a@x", "Anna"),
            item("b@x", "bert"),
            item("c@x", "Carl"),
            item("d@x", "Dora"),
            item("e@x", "Emil"),
            item("f@x", "Fay"),
        ],
    )
    model.apply_presence_batch(
        [
            event("a@x", presence(show=Show.XA, idle_since=NOW - timedelta(hours=3))),
            event("b@x", presence(show=Show.AVAILABLE, idle_since=NOW - timedelta(minutes=2))),
            event("c@x", presence(show=Show.DND)),
            event("d@x", presence(show=Show.AWAY)),
            event("e@x", presence(show=Show.CHAT)),
            offline("f@x", at=NOW - timedelta(days=1)),
        ]
    )
    return model


def test_sort_by_status(five: RosterModel) -> None:
    assert five.sort_mode() is SortMode.STATUS
    # available/chat, dnd, away or idle, xa, offline; then name.
    assert contacts(five) == ["Emil", "Carl", "bert", "Dora", "Anna", "Fay"]


def test_sort_by_name(five: RosterModel) -> None:
    five.set_sort(SortMode.NAME)
    assert contacts(five) == ["Anna", "bert", "Carl", "Dora", "Emil", "Fay"]


def test_sort_by_recent_activity(five: RosterModel) -> None:
    five.set_sort("activity")
    # No idle reported (by status rank), then latest idle start, then latest last seen.
    assert contacts(five) == ["Emil", "Carl", "Dora", "bert", "Anna", "Fay"]


def test_filter_matches_name_jid_and_group_case_insensitively(model: RosterModel) -> None:
    model.set_roster(
        ME,
        [
            item("bob@example.com", "Bob", ("Family",)),
            item("ann@work.example", "Ann", ("Colleagues",)),
            item("cy@x", "Cy Family-Friend", ("Colleagues",)),
        ],
    )
    model.set_filter("  FAMILY ")
    assert model.filter_text() == "family"
    # Bob's row matches through its group, Cy's through the name.
    assert layout(model) == [f"A:{ME}", "G:Colleagues", "C:Cy Family-Friend", "G:Family", "C:Bob"]
    model.set_filter("WORK.EX")
    assert contacts(model) == ["Ann"]
    model.set_filter("nobody")
    assert layout(model) == [f"A:{ME}"]
    model.set_filter("")
    assert len(contacts(model)) == 3


def test_offline_toggle_and_filter_finds_offline(five: RosterModel) -> None:
    five.set_show_offline(False)
    assert five.show_offline() is False
    assert "Fay" not in contacts(five)
    five.set_filter("fa")
    assert contacts(five) == ["Fay"]  # searching finds offline contacts
    five.set_filter("")
    five.set_show_offline(True)
    assert "Fay" in contacts(five)


def test_empty_groups_are_hidden_with_offline_hidden(model: RosterModel) -> None:
    model.set_roster(ME, [item("a@x", "A", ("Gone",)), item("b@x", "B", ("Here",))])
    model.apply_presence_batch([event("b@x", presence())])
    model.set_show_offline(False)
    assert layout(model) == [f"A:{ME}", "G:Here", "C:B"]


def test_collapse(model: RosterModel) -> None:
    model.set_roster(ME, [item("a@x", "A", ("G1",)), item("b@x", "B", ("G2",))])
    model.set_collapsed(ME, "G1", True)
    assert layout(model) == [f"A:{ME}", "G:G1", "G:G2", "C:B"]
    assert model.index(1, 0).data(RosterRole.COLLAPSED) is True
    model.toggle_collapsed(0)
    assert layout(model) == [f"A:{ME}"]
    model.toggle_collapsed(0)
    model.toggle_collapsed(1)
    assert layout(model) == [f"A:{ME}", "G:G1", "C:A", "G:G2", "C:B"]


def test_header_counts(five: RosterModel) -> None:
    assert five.index(0, 0).data(RosterRole.COUNTS) == "5/6"
    five.apply_presence_batch([offline("a@x")])
    assert five.index(0, 0).data(RosterRole.COUNTS) == "4/6"
    assert (
        five.index(1, 0).data(Qt.ItemDataRole.AccessibleDescriptionRole)
        == "Contacts\n4 of 6 online"
    )


# --- batching -----------------------------------------------------------------------------


def connect_counters(m: RosterModel) -> dict[str, int]:
    counts, slot = signal_counter()
    m.dataChanged.connect(slot("data"))
    m.layoutChanged.connect(slot("layout"))
    m.layoutAboutToBeChanged.connect(slot("about"))
    m.modelReset.connect(slot("reset"))
    m.rowsInserted.connect(slot("inserted"))
    m.rowsRemoved.connect(slot("removed"))
    return counts


def big_roster(m: RosterModel, n: int) -> None:
    m.set_roster(ME, [item(f"u{i:05}@x", f"User {i:05}") for i in range(n)])


def test_batch_that_reorders_is_one_layout_change(model: RosterModel) -> None:
    big_roster(model, 300)
    counts = connect_counters(model)
    rnd = random.Random(7)
    batch = [
        event(f"u{rnd.randrange(300):05}@x", presence(rnd.choice("ab"), rnd.choice(list(Show))))
        for _ in range(1000)
    ]
    model.apply_presence_batch(batch)
    assert counts == {"about": 1, "layout": 1}
    assert model.last_update_kind == "layout"


def test_batch_that_keeps_order_is_bounded_data_changes(model: RosterModel) -> None:
    big_roster(model, 300)
    model.set_sort(SortMode.NAME)
    model.apply_presence_batch([event(f"u{i:05}@x", presence()) for i in range(300)])
    counts = connect_counters(model)
    # Status messages only: no row moves, three contiguous runs → three ranges.
    model.apply_presence_batch(
        [event(f"u{i:05}@x", presence(status=f"s{i}")) for i in (*range(10, 20), 40, 41, 99)]
    )
    assert counts == {"data": 3}
    assert model.last_update_kind == "data"
    assert data(model, "u00040@x", RosterRole.STATUS_MESSAGE) == "s40"
    # Scattered changes past MAX_RANGES collapse into one spanning range.
    counts.clear()
    model.apply_presence_batch(
        [event(f"u{i:05}@x", presence(status="x")) for i in range(0, 300, 2)]
    )
    assert counts == {"data": 1}


def test_going_offline_while_offline_hidden_relayouts(model: RosterModel) -> None:
    big_roster(model, 10)
    model.set_sort(SortMode.NAME)
    model.apply_presence_batch([event(f"u{i:05}@x", presence()) for i in range(10)])
    model.set_show_offline(False)
    counts = connect_counters(model)
    model.apply_presence_batch([offline("u00003@x")])
    assert counts == {"about": 1, "layout": 1}
    assert "User 00003" not in contacts(model)


def test_selection_follows_a_contact_through_a_relayout(model: RosterModel) -> None:
    model.set_roster(ME, [item("a@x", "A"), item("b@x", "B"), item("c@x", "C")])
    keep = QPersistentModelIndex(model.index(model.row_of(ME, "c@x"), 0))
    gone = QPersistentModelIndex(model.index(model.row_of(ME, "b@x"), 0))
    model.apply_presence_batch([event("c@x", presence())])  # C goes to the top
    assert contacts(model) == ["C", "A", "B"]
    assert keep.row() == model.row_of(ME, "c@x") == 2
    model.remove_item(ME, "b@x")
    assert not gone.isValid()
    assert keep.data() == "C"


# --- stale marks --------------------------------------------------------------------------


def test_stale_marks_follow_disconnect_resume_and_fresh_session(
    model: RosterModel, clock: FakeClock
) -> None:
    model.set_roster(ME, [item("a@x", "A"), item("b@x", "B")])
    model.apply_presence_batch([event("a@x", presence()), event("b@x", presence())])
    dropped = NOW + timedelta(minutes=1)
    model.mark_account_stale(ME, dropped)
    assert data(model, "a@x", RosterRole.IS_STALE) is True
    assert data(model, "a@x", RosterRole.SHOW) is Show.AVAILABLE  # kept, just unconfirmed
    assert "Not confirmed since our connection dropped" in plain_tooltip(model, "a@x")
    model.unmark_account_stale(ME)  # resumed
    assert data(model, "a@x", RosterRole.IS_STALE) is False
    model.mark_account_stale(ME, dropped)
    clock.advance(minutes=5)
    model.apply_presence_batch([event("b@x", presence())])  # re-announced by the new session
    assert data(model, "b@x", RosterRole.IS_STALE) is False
    model.clear_stale(ME)
    assert data(model, "a@x", RosterRole.SHOW) is Show.OFFLINE
    assert data(model, "a@x", RosterRole.LAST_SEEN) == dropped
    assert data(model, "a@x", RosterRole.MARKER) == "last seen 4 min ago"
    assert data(model, "b@x", RosterRole.SHOW) is Show.AVAILABLE


# --- row text and tooltips with a fake clock --------------------------------------------

MARKERS = [
    (0, "idle just now"),
    (59, "idle just now"),
    (-300, "idle just now"),  # a future since: the sender's clock runs ahead
    (60, "idle 1 min"),
    (12 * 60 + 30, "idle 12 min"),
    (3 * 3600, "idle 3 h"),
    (47 * 3600 + 3599, "idle 47 h"),
    (49 * 3600, "idle 2 days"),
]


@pytest.mark.parametrize(("elapsed", "marker"), MARKERS)
def test_idle_marker(model: RosterModel, elapsed: int, marker: str) -> None:
    model.set_roster(ME, [item("a@x", "A")])
    since = NOW - timedelta(seconds=elapsed)
    model.apply_presence_batch([event("a@x", presence(status="brb", idle_since=since))])
    assert data(model, "a@x", Qt.ItemDataRole.DisplayRole) == "A"
    assert data(model, "a@x", RosterRole.STATUS_MESSAGE) == "brb"
    assert data(model, "a@x", RosterRole.MARKER) == marker
    assert data(model, "a@x", RosterRole.IS_IDLE) is True
    assert data(model, "a@x", RosterRole.IDLE_SECONDS) == max(0, elapsed)


def test_away_set_by_user_has_no_idle_marker(model: RosterModel) -> None:
    model.set_roster(ME, [item("a@x", "A"), item("b@x", "B")])
    model.apply_presence_batch(
        [
            event("a@x", presence(show=Show.AWAY, status="lunch")),
            event("b@x", presence(idle_since=NOW - timedelta(minutes=12))),
        ]
    )
    assert data(model, "a@x", RosterRole.MARKER) == ""
    assert data(model, "a@x", RosterRole.IS_IDLE) is False
    assert data(model, "a@x", RosterRole.IDLE_SECONDS) is None
    away_icon = data(model, "a@x", Qt.ItemDataRole.DecorationRole)
    idle_icon = data(model, "b@x", Qt.ItemDataRole.DecorationRole)
    assert isinstance(away_icon, QIcon)
    assert isinstance(idle_icon, QIcon)
    assert away_icon.cacheKey() != idle_icon.cacheKey()


TOOLTIP_IDLE = [
    # tz, now, since, expected idle line
    (UTC_ZONE, utc(2026, 11, 3, 14, 44), utc(2026, 11, 3, 14, 32), "Idle since 14:32 (12 min)"),
    (
        UTC_ZONE,
        utc(2026, 11, 3, 13, 10),
        utc(2026, 11, 2, 22, 10),
        "Idle since yesterday 22:10 (15 h)",
    ),
    # Midnight in Berlin (UTC+1): 23:50 local is yesterday ten minutes later at 00:10...
    (
        BERLIN,
        utc(2026, 11, 2, 23, 10),
        utc(2026, 11, 2, 22, 50),
        "Idle since yesterday 23:50 (20 min)",
    ),
    # ...while the same two instants are both "today" in UTC.
    (UTC_ZONE, utc(2026, 11, 2, 23, 10), utc(2026, 11, 2, 22, 50), "Idle since 22:50 (20 min)"),
    (
        NEW_YORK,
        utc(2026, 11, 3, 5, 5),
        utc(2026, 11, 3, 4, 55),
        "Idle since yesterday 23:55 (10 min)",
    ),
    # DST starts in Berlin (02:00 → 03:00): 01:50 CET to 03:10 CEST is 20 minutes.
    (BERLIN, utc(2026, 3, 29, 1, 10), utc(2026, 3, 29, 0, 50), "Idle since 01:50 (20 min)"),
    # DST ends (03:00 → 02:00): 00:10 is still today 24 h 20 min later, at 23:30.
    (BERLIN, utc(2026, 10, 25, 22, 30), utc(2026, 10, 24, 22, 10), "Idle since 00:10 (24 h)"),
    (
        UTC_ZONE,
        utc(2026, 11, 5, 12, 0),
        utc(2026, 11, 2, 9, 15),
        "Idle since Monday 09:15 (3 days)",
    ),
    (UTC_ZONE, utc(2026, 11, 5, 12, 0), utc(2026, 10, 20, 8, 0), "Idle since 20/10/2026 (16 days)"),
    # A since in the future is clamped to now.
    (UTC_ZONE, utc(2026, 11, 3, 9, 0), utc(2026, 11, 3, 9, 5), "Idle since 09:00 (just now)"),
]


@pytest.mark.parametrize(("tz", "now", "since", "line"), TOOLTIP_IDLE)
def test_tooltip_idle_line(
    qapp: QCoreApplication, tz: tzinfo, now: datetime, since: datetime, line: str
) -> None:
    clock = FakeClock(now)
    m = RosterModel(clock=clock, tz=tz, locale=GB, auto_refresh=False)
    m.set_roster(ME, [item("a@x", "Ann")])
    m.apply_presence_batch([event("a@x", presence(idle_since=since))])
    assert line in plain_tooltip(m, "a@x")


def test_tooltip_lists_every_resource_primary_first(model: RosterModel) -> None:
    model.set_roster(
        ME,
        [item("bob@x", "Bob", ("Work", "Family"), subscription=Subscription.BOTH)],
    )
    model.apply_presence_batch(
        [
            event(
                "bob@x",
                presence(
                    "phone",
                    Show.AWAY,
                    status="on the <b>train</b>",
                    priority=-1,
                    supports_idle=None,
                    idle_since=NOW - timedelta(hours=1),
                    idle_source=IdleSource.XEP_0256,
                ),
            ),
            event(
                "bob@x",
                presence(
                    "laptop",
                    status="coding %2",
                    priority=5,
                    client_name="Gajim 1.9",
                    idle_since=NOW - timedelta(minutes=12),
                ),
            ),
            event("bob@x", presence("tablet", supports_idle=False)),
        ]
    )
    assert data(model, "bob@x", RosterRole.RESOURCE) == "laptop"
    assert plain_tooltip(model, "bob@x") == [
        "Bob",
        "bob@x",
        "You see each other's presence",
        "Groups: Work and Family",
        f"Account: {ME}",
        "Resource laptop, shown in the list",
        "Available: “coding %2”",
        "Priority: 5",
        "Client: Gajim 1.9",
        "Idle since 11:48 (12 min)",
        "Resource phone",
        "Away: “on the <b>train</b>”",
        "Priority: -1",
        "Idle since 11:00 (1 h)",
        "Fallback: last activity reported with presence (XEP-0256)",
        "Resource tablet",
        "Available",
        "Priority: 0",
        "This client does not report idle time",
    ]
    html = data(model, "bob@x", Qt.ItemDataRole.ToolTipRole)
    assert "on the &lt;b&gt;train&lt;/b&gt;" in html  # a status message never becomes markup
    assert html.startswith("<qt>")


def test_tooltip_offline_last_seen_and_pending(model: RosterModel, clock: FakeClock) -> None:
    model.set_roster(
        ME, [item("a@x", subscription=Subscription.NONE, pending_out=True), item("b@x")]
    )
    model.apply_presence_batch([event("a@x", presence()), event("b@x", presence())])
    model.apply_presence_batch([offline("a@x", at=utc(2026, 11, 2, 22, 10))])
    clock.now = utc(2026, 11, 3, 13, 10)
    assert plain_tooltip(model, "a@x") == [
        "a@x",
        "No presence subscription either way",
        "Waiting for them to accept your subscription request",
        f"Account: {ME}",
        "Offline",
        "Last seen yesterday 22:10 (15 h)",
    ]
    assert data(model, "a@x", RosterRole.MARKER) == "last seen 15 h ago"
    assert data(model, "b@x", RosterRole.MARKER) == ""  # at the keyboard
    assert "At the keyboard (this client reports idle time)" in plain_tooltip(model, "b@x")


def test_offline_status_message_in_row_and_tooltip(model: RosterModel, clock: FakeClock) -> None:
    model.set_roster(ME, [item("a@x", "A"), item("b@x", "B")])
    model.apply_presence_batch([event("a@x", presence(status="here")), event("b@x", presence())])
    gone = presence(
        show=Show.OFFLINE, status="Travelling, back next week", received_at=utc(2026, 11, 3, 9)
    )
    model.apply_presence_batch([event("a@x", gone), offline("b@x", at=utc(2026, 11, 3, 9))])
    assert data(model, "a@x", RosterRole.STATUS_MESSAGE) == "Travelling, back next week"
    assert data(model, "b@x", RosterRole.STATUS_MESSAGE) == ""
    assert plain_tooltip(model, "a@x")[-2:] == [
        "Offline: “Travelling, back next week”",
        "Last seen 09:00 (3 h)",
    ]
    assert plain_tooltip(model, "b@x")[-2:] == ["Offline", "Last seen 09:00 (3 h)"]
    assert "“Travelling, back next week”" in data(model, "a@x", Qt.ItemDataRole.ToolTipRole)
    # Back online: the row shows the new presence's status, the old message is gone.
    model.apply_presence_batch([event("a@x", presence(status=""))])
    assert data(model, "a@x", RosterRole.STATUS_MESSAGE) == ""
    assert not any("Travelling" in line for line in plain_tooltip(model, "a@x"))


def test_offline_status_change_alone_repaints_the_row(model: RosterModel) -> None:
    model.set_roster(ME, [item("a@x", "A")])
    model.apply_presence_batch([event("a@x", presence())])
    model.apply_presence_batch([offline("a@x", at=NOW)])
    counts = connect_counters(model)
    # A second unavailable (another status, say) keeps the row where it is.
    model.apply_presence_batch(
        [event("a@x", presence(show=Show.OFFLINE, status="gone", received_at=NOW))]
    )
    assert counts == {"data": 1}
    assert data(model, "a@x", RosterRole.STATUS_MESSAGE) == "gone"


def test_unread_counts_role_tooltip_and_only_affected_rows(model: RosterModel) -> None:
    model.set_roster(
        ME,
        [item("a@x", "A", ("Work", "Family")), item("b@x", "B"), item("c@x", "C")],
    )
    assert data(model, "a@x", RosterRole.UNREAD) == 0
    assert model.index(0, 0).data(RosterRole.UNREAD) == 0  # account header
    changed: list[tuple[int, int, list[int]]] = []
    model.dataChanged.connect(lambda tl, br, roles: changed.append((tl.row(), br.row(), roles)))
    counts = connect_counters(model)
    model.set_unread_counts({(ME, "a@x"): 3, (ME, "stranger@z"): 2})
    # Both rows of the contact in two groups, nothing else; never a relayout.
    rows_of_a = sorted(
        r for r in range(model.rowCount()) if model.index(r, 0).data(RosterRole.JID) == "a@x"
    )
    assert len(rows_of_a) == 2
    assert sorted(r for first, last, _ in changed for r in range(first, last + 1)) == rows_of_a
    assert all(int(RosterRole.UNREAD) in roles for _, _, roles in changed)
    assert "layout" not in counts
    assert [model.index(r, 0).data(RosterRole.UNREAD) for r in rows_of_a] == [3, 3]
    assert data(model, "b@x", RosterRole.UNREAD) == 0
    assert model.unread(ME, "stranger@z") == 2
    lines = plain_tooltip(model, "a@x")
    assert lines[:2] == ["A", "3 unread message(s)"]  # English forms come from attend_en
    assert not any("unread" in line for line in plain_tooltip(model, "b@x"))
    # Unchanged counts signal nothing; 0 clears; keys not given keep theirs.
    changed.clear()
    model.set_unread_counts({(ME, "a@x"): 3})
    assert changed == []
    model.set_unread_counts({(ME, "a@x"): 0, (ME, "c@x"): 1})
    assert data(model, "a@x", RosterRole.UNREAD) == 0
    assert data(model, "c@x", RosterRole.UNREAD) == 1
    assert model.unread(ME, "stranger@z") == 2
    assert len({r for first, last, _ in changed for r in range(first, last + 1)}) == 3
    # A stranger added to the roster later shows the count kept for them.
    model.update_items([item("stranger@z", "S")])
    assert data(model, "stranger@z", RosterRole.UNREAD) == 2
    # Removing the account drops its counts.
    model.remove_account(ME)
    assert model.unread(ME, "stranger@z") == 0


def test_away_by_hand_is_not_called_at_the_keyboard(model: RosterModel) -> None:
    model.set_roster(ME, [item("a@x", "A")])
    model.apply_presence_batch([event("a@x", presence(show=Show.AWAY, status="Lunch"))])
    lines = plain_tooltip(model, "a@x")
    assert "Set by hand, not idle (this client reports idle time)" in lines
    assert not any("At the keyboard" in line for line in lines)
    assert data(model, "a@x", RosterRole.MARKER) == ""


def test_last_activity_answer(model: RosterModel, clock: FakeClock) -> None:
    model.set_roster(ME, [item("a@x", "A"), item("b@x", "B")])
    model.apply_presence_batch([event("b@x", presence())])
    model.set_last_activity(
        LastActivityResult(ME, "a@x", 3 * 3600, "gone fishing", NOW - timedelta(minutes=1))
    )
    lines = plain_tooltip(model, "a@x")
    assert lines[-3:] == [
        "Asked directly for last activity (XEP-0012) at 11:59:",
        "Last seen 08:59 (3 h)",
        "Status: “gone fishing”",
    ]
    # Offline and never seen by us: the answer is the last-seen fallback for row and sort.
    assert data(model, "a@x", RosterRole.MARKER) == "last seen 3 h ago"
    model.set_last_activity(LastActivityResult(ME, "b@x", 600, "", NOW))
    assert plain_tooltip(model, "b@x")[-2:] == [
        "Asked directly for last activity (XEP-0012) at 12:00:",
        "Idle since 11:50 (10 min)",
    ]
    assert data(model, "b@x", RosterRole.MARKER) == ""  # the row stays on the presence
    model.set_last_activity(
        LastActivityResult(ME, "b@x", None, "", NOW - timedelta(days=2), "forbidden")
    )
    assert plain_tooltip(model, "b@x")[-1] == (
        "Asked directly for last activity (XEP-0012) at 01/11/2026 12:00: no answer (forbidden)"
    )


def test_translations_use_the_roster_context_and_plural_forms(
    qapp: QCoreApplication, model: RosterModel
) -> None:
    class Fake(QTranslator):
        def translate(
            self, context: str, source: str, disambiguation: str | None = None, n: int = -1
        ) -> str:
            if context == "Roster" and source == "idle %n min":
                return "untätig seit %n Min." if n != 1 else "seit einer Minute untätig"
            return ""

        def isEmpty(self) -> bool:
            return False

    translator = Fake()
    QCoreApplication.installTranslator(translator)
    try:
        model.set_roster(ME, [item("a@x", "A"), item("b@x", "B")])
        model.apply_presence_batch(
            [
                event("a@x", presence(idle_since=NOW - timedelta(minutes=7))),
                event("b@x", presence(idle_since=NOW - timedelta(minutes=1))),
            ]
        )
        assert data(model, "a@x", RosterRole.MARKER) == "untätig seit 7 Min."
        assert data(model, "b@x", RosterRole.MARKER) == "seit einer Minute untätig"
    finally:
        QCoreApplication.removeTranslator(translator)


# --- live refresh -----------------------------------------------------------------------


def test_next_refresh_is_exactly_when_the_text_changes(
    model: RosterModel, clock: FakeClock
) -> None:
    model.set_roster(ME, [item("a@x", "A")])
    model.apply_presence_batch([event("a@x", presence(idle_since=utc(2026, 11, 3, 11, 55, 30)))])
    model.set_visible_rows(0, 10)
    assert model.next_refresh_in() == pytest.approx(30.0)
    clock.advance(seconds=29.9)
    assert model.refresh_visible() == 0
    clock.advance(seconds=0.1)
    assert model.refresh_visible() == 1
    assert data(model, "a@x", RosterRole.MARKER) == "idle 5 min"
    assert model.next_refresh_in() == pytest.approx(60.0)


def test_no_timer_work_without_visible_time_dependent_rows(model: RosterModel) -> None:
    model.set_roster(ME, [item("a@x", "A")])
    model.apply_presence_batch([event("a@x", presence())])
    model.set_visible_rows(0, 10)
    assert model.next_refresh_in() is None


def test_tick_touches_only_visible_rows_of_twenty_thousand(
    model: RosterModel, clock: FakeClock
) -> None:
    n = 20_000
    big_roster(model, n)
    model.set_sort(SortMode.NAME)
    rnd = random.Random(3)
    model.apply_presence_batch(
        [
            event(
                f"u{i:05}@x", presence(idle_since=NOW - timedelta(seconds=rnd.randrange(60, 3000)))
            )
            for i in range(n)
        ]
    )
    assert model.rowCount() == n + 2
    first, last = 5_000, 5_029  # what a view of ~30 rows shows
    model.set_visible_rows(first, last)
    touched: list[int] = []
    model.dataChanged.connect(lambda tl, br, roles: touched.extend(range(tl.row(), br.row() + 1)))
    wait = model.next_refresh_in()
    assert wait is not None
    assert 0 < wait <= 60
    clock.advance(seconds=wait)
    changed = model.refresh_visible()
    assert 1 <= changed <= 30
    assert model.last_tick_examined == 30
    assert touched
    assert all(first <= r <= last for r in touched)
    # A whole minute later every visible minute marker has stepped, and still nothing else.
    touched.clear()
    clock.advance(seconds=60)
    assert model.refresh_visible() == 30
    assert sorted(touched) == list(range(first, last + 1))


def test_timer_fires_on_its_own(qtbot: QtBot) -> None:
    real = RosterModel(locale=GB)
    real.set_roster(ME, [item("a@x", "A")])
    since = datetime.now(tz=NOW.tzinfo) - timedelta(seconds=59.7)
    real.apply_presence_batch([event("a@x", presence(idle_since=since))])
    real.set_visible_rows(0, 5)
    with qtbot.waitSignal(real.dataChanged, timeout=3000) as blocker:
        pass
    top_left: QModelIndex = blocker.args[0]
    assert top_left.data(RosterRole.MARKER) == "idle 1 min"
    real.deleteLater()
