"""The conversation model: pages on demand, day rows, live and archive inserts, states."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester, QSignalSpy

from client.core.chat_text import DISPLAY_CHARS
from client.core.history import Direction, History, MessageState, NewMessage
from client.models.chat_model import ChatModel, ChatRole, RowKind

ME = "me@example.org"
BOB = "bob@example.org"
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def msg(body: str, at: datetime, direction: Direction = Direction.INCOMING) -> NewMessage:
    return NewMessage(ME, BOB, direction, body, at)


@pytest.fixture
def history(tmp_path: Path) -> History:
    h = History.open(tmp_path / "h.sqlite3")
    yield h  # type: ignore[misc]
    h.close()


def make_model(history: History, page_size: int = 10) -> ChatModel:
    model = ChatModel(history, ME, BOB, page_size=page_size, tz=UTC, now=lambda: NOW)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal, model)
    return model


def rows(model: ChatModel) -> list[str]:
    out = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        text = index.data()
        out.append(f"[{text}]" if index.data(ChatRole.KIND) == RowKind.DAY else text)
    return out


def test_last_page_with_day_rows_and_scroll_back(qapp: object, history: History) -> None:
    # 25 messages over three days, four hours apart.
    start = NOW - timedelta(hours=4 * 24)
    history.store([msg(f"m{n:02}", start + timedelta(hours=4 * n)) for n in range(25)])
    model = make_model(history)
    assert model.message_count == 10
    assert rows(model)[0] == "[Yesterday]"
    assert rows(model)[-3:] == ["m22", "m23", "m24"]
    assert "[Today]" in rows(model)
    # Views call fetchMore() on their own when the last row shows: that must not load more.
    assert not model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.message_count == 10

    spy = QSignalSpy(model.rowsInserted)
    assert model.fetch_older() > 0
    assert model.message_count == 20
    assert spy.count() == 1  # one insert for the whole page
    model.fetch_older()
    assert model.message_count == 25
    assert not model.older_available
    assert model.fetch_older() == 0
    bodies = [r for r in rows(model) if not r.startswith("[")]
    assert bodies == [f"m{n:02}" for n in range(25)]
    days = [r for r in rows(model) if r.startswith("[")]
    assert len(days) == len(set(days)) == 5
    assert days[-2:] == ["[Yesterday]", "[Today]"]


def test_live_archive_and_old_messages(qapp: object, history: History) -> None:
    history.store([msg(f"old{n}", NOW - timedelta(days=10, minutes=n)) for n in range(30)])
    history.store([msg("a", NOW - timedelta(minutes=30)), msg("c", NOW - timedelta(minutes=10))])
    model = make_model(history)
    live = history.store([msg("d", NOW)]).added
    model.add_messages(live)
    assert rows(model)[-1] == "d"
    archived = history.store([msg("b", NOW - timedelta(minutes=20))]).added
    model.add_messages(archived)
    assert rows(model)[-4:] == ["a", "b", "c", "d"]
    # Older than the loaded page: it comes with scroll-back, not now.
    ancient = history.store([msg("ancient", NOW - timedelta(days=50))]).added
    model.add_messages(ancient)
    assert "ancient" not in rows(model)
    model.add_messages(live)  # the same row twice changes nothing
    assert rows(model).count("d") == 1
    # Another conversation's rows are not ours.
    other = NewMessage(ME, "carol@x", Direction.INCOMING, "not here", NOW)
    model.add_messages(history.store([other]).added)
    assert "not here" not in rows(model)
    while model.fetch_older():
        pass
    assert rows(model)[0] == "[" + rows(model)[0][1:-1] + "]"
    assert rows(model)[1] == "ancient"


def test_state_marks_time_and_tooltips(qapp: object, history: History) -> None:
    out = history.enqueue(ME, BOB, "<b>not bold</b>", "o1", NOW - timedelta(minutes=5))
    model = make_model(history)
    row = model.row_of(out.id)
    assert row is not None
    index = model.index(row, 0)
    assert index.data() == "<b>not bold</b>"  # plain text, untouched
    assert index.data(ChatRole.STATE) == MessageState.QUEUED
    assert index.data(ChatRole.STATE_MARK) == "◷"
    assert index.data(ChatRole.TIME_TEXT)
    assert "<b>" not in index.data(Qt.ItemDataRole.ToolTipRole)  # never the body in a tooltip
    spy = QSignalSpy(model.dataChanged)
    model.update_messages(history.advance([out.id], MessageState.DELIVERED))
    assert spy.count() == 1
    assert index.data(ChatRole.STATE_MARK) == "✓✓"
    assert index.data(ChatRole.DAY) == date(2026, 3, 10)


def test_accessible_text_says_who_wrote_it(qapp: object, history: History) -> None:
    out = history.enqueue(ME, BOB, "hi Bob", "o1", NOW - timedelta(minutes=5))
    history.store([msg("hi me", NOW - timedelta(minutes=4))])
    model = make_model(history)
    mine = model.index(model.row_of(out.id) or 0, 0)
    theirs = model.index(model.rowCount() - 1, 0)
    assert theirs.data() == "hi me"
    role = Qt.ItemDataRole.AccessibleTextRole
    assert mine.data(role) == f"You, {mine.data(ChatRole.TIME_TEXT)}: hi Bob (Waiting to be sent)"
    assert theirs.data(role) == f"Received {theirs.data(ChatRole.TIME_TEXT)}: hi me"


def test_huge_body_is_capped_for_display_but_kept_whole(qapp: object, history: History) -> None:
    huge = "word " * 100_000
    history.store([msg(huge, NOW)])
    model = make_model(history)
    index = model.index(1, 0)
    assert len(index.data()) <= DISPLAY_CHARS + 1
    assert index.data(ChatRole.TRUNCATED)
    assert index.data(ChatRole.BODY) == huge


def test_ten_thousand_messages_open_fast(qapp: object, history: History) -> None:
    batch = [msg(f"message {n} " * 5, NOW - timedelta(minutes=10_000 - n)) for n in range(10_000)]
    history.store(batch)
    start = time.perf_counter()
    model = ChatModel(history, ME, BOB, tz=UTC, now=lambda: NOW)
    for row in range(model.rowCount()):
        model.index(row, 0).data()
    first_page = time.perf_counter() - start
    start = time.perf_counter()
    model.fetch_older()
    next_page = time.perf_counter() - start
    print(
        f"\n10k history: first page {first_page * 1000:.1f} ms, next page {next_page * 1000:.1f} ms"
    )
    assert first_page < 2.0  # very generous; `make bench` is for numbers


def test_load_back_to_a_hit_in_one_update(qapp: object, history: History) -> None:
    start = NOW - timedelta(days=20)
    history.store([msg(f"m{n}", start + timedelta(minutes=n)) for n in range(3000)])
    model = make_model(history, page_size=100)
    (hit,) = history.search("m42", limit=1)
    assert hit.body == "m429"  # newest first; words match as prefixes
    assert model.row_of(hit.id) is None
    inserts = QSignalSpy(model.rowsInserted)
    began = time.perf_counter()
    added = model.load_back_to(hit.sort_key, context=5)
    elapsed = time.perf_counter() - began
    assert added > 0
    assert inserts.count() == 1  # one model update, however many pages it took
    assert model.row_of(hit.id) is not None
    assert model.message_count == 3000 - 429 + 5  # the hit and five messages above it
    assert model.older_available
    assert model.fetch_older() > 0  # scroll-back goes on from there
    assert model.message_count == 3000 - 429 + 5 + 100
    assert model.load_back_to(hit.sort_key, context=5) == 0  # loaded: nothing to do
    top = history.page_before(ME, BOB, None, 3000)[0]
    model.load_back_to(top.sort_key, context=5)
    assert model.message_count == 3000
    assert not model.older_available
    assert elapsed < 2.0
