"""The conversation list model: most recent first, moves on new messages, unread, previews."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from client.core.history import Direction, History, NewMessage
from client.models.conversation_model import ConversationModel, ConversationRole
from client.models.search_model import SearchModel, SearchRole

ME = "me@example.org"
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def history(tmp_path: Path) -> History:
    h = History.open(tmp_path / "h.sqlite3")
    yield h  # type: ignore[misc]
    h.close()


def add(history: History, peer: str, body: str, at: datetime, **kw: object) -> None:
    direction = kw.pop("direction", Direction.INCOMING)
    history.store([NewMessage(ME, peer, direction, body, at, **kw)])  # type: ignore[arg-type]


def peers(model: ConversationModel) -> list[str]:
    return [model.index(r, 0).data(ConversationRole.PEER) for r in range(model.rowCount())]


def test_order_moves_unread_and_previews(qapp: object, history: History) -> None:
    for n, peer in enumerate(["a@x", "b@x", "c@x", "d@x"]):
        add(history, peer, f"from {peer}", NOW - timedelta(days=4 - n), read=True)
    names = {"b@x": "Bee <i>&</i>"}
    model = ConversationModel(
        history, name_of=lambda _a, p: names.get(p, p), tz=UTC, now=lambda: NOW
    )
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal, model)
    assert peers(model) == ["d@x", "c@x", "b@x", "a@x"]
    assert model.index(2, 0).data() == "Bee <i>&</i>"  # a name, shown as it is
    add(history, "b@x", "b again", NOW)
    model.refresh(ME, "b@x")  # up from the middle
    assert peers(model) == ["b@x", "d@x", "c@x", "a@x"]
    assert model.index(0, 0).data(ConversationRole.UNREAD) == 1
    assert model.index(0, 0).data(ConversationRole.TIME_TEXT) != ""
    add(history, "a@x", "sent by me", NOW + timedelta(minutes=1), direction=Direction.OUTGOING)
    model.refresh(ME, "a@x")  # up from the bottom
    assert peers(model) == ["a@x", "b@x", "d@x", "c@x"]
    assert model.index(0, 0).data(ConversationRole.PREVIEW) == "You: sent by me"
    add(history, "e@x", "line one\nline two " + "z" * 500, NOW + timedelta(minutes=2))
    model.refresh(ME, "e@x")  # a new conversation
    assert peers(model)[0] == "e@x"
    preview = model.index(0, 0).data(ConversationRole.PREVIEW)
    assert preview.startswith("line one line two zz")
    assert len(preview) <= 121
    model.refresh(ME, "e@x")  # nothing new: stays
    assert peers(model)[0] == "e@x"
    b_row = model.row_of(ME, "b@x")
    assert b_row == 2
    model.set_unread(ME, "b@x", 0)
    assert model.index(b_row, 0).data(ConversationRole.UNREAD) == 0
    model.set_unread(ME, "b@x", 7)
    assert (
        model.index(b_row, 0).data(Qt.ItemDataRole.AccessibleTextRole)
        == "Bee <i>&</i>, 7 unread: b again"
    )
    model.refresh(ME, "nobody@x")  # nothing stored: no row
    assert len(peers(model)) == 5


def test_search_model_pages_and_scopes(qapp: object, history: History) -> None:
    for n in range(120):
        add(history, "a@x" if n % 2 else "b@x", f"ping {n}", NOW + timedelta(minutes=n))
    model = SearchModel(history, page_size=50, tz=UTC, now=lambda: NOW)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal, model)
    model.search("PING")
    assert model.rowCount() == 50
    assert model.canFetchMore(model.index(0, 0).parent())
    while model.canFetchMore(model.index(0, 0).parent()):
        model.fetchMore(model.index(0, 0).parent())
    assert model.rowCount() == 120
    assert model.index(0, 0).data(SearchRole.SNIPPET) == "ping 119"
    model.search("ping", ME, "a@x")
    assert model.rowCount() == 50
    assert {model.index(r, 0).data(SearchRole.PEER) for r in range(50)} == {"a@x"}
    model.search("   ")
    assert model.rowCount() == 0
    assert not model.more_available
