"""Search and the conversation list in the chat window, offscreen: Ctrl+F, a hit among 10,000
messages opened and scrolled to, all conversations, hostile text shown as text, Esc."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from client.core.history import Direction, History, MessageState, NewMessage
from client.models.conversation_model import ConversationRole
from client.models.search_model import SearchRole
from client.services.chat_service import ChatService
from client.ui.chat_window import ChatWindow
from client.ui.search_panel import SearchResultDelegate, snippet_layout
from client.xmpp.chat import Origin

ME = "me@example.org"
BOB = "bob@example.org"
CAROL = "carol@example.org"
BASE = datetime.now(UTC) - timedelta(days=80)


@pytest.fixture
def service(qapp: QApplication, tmp_path: Path) -> Iterator[ChatService]:
    chat = ChatService(History.open(tmp_path / "history.sqlite3"))
    yield chat
    chat.history.close()


@pytest.fixture
def window(service: ChatService) -> Iterator[ChatWindow]:
    win = ChatWindow(service)
    win.resize(800, 600)
    yield win
    win.hide()
    win.deleteLater()
    QApplication.processEvents()


def ten_thousand(service: ChatService, peer: str = BOB) -> None:
    service.history.store([
        NewMessage(ME, peer, Direction.INCOMING if n % 3 else Direction.OUTGOING,
                   f"message number {n} " * (1 + n % 5), BASE + timedelta(minutes=7 * n),
                   state=MessageState.RECEIVED if n % 3 else MessageState.DELIVERED, read=True)
        for n in range(10_000)
    ])  # fmt: skip
    service.history.store([
        NewMessage(ME, peer, Direction.INCOMING, "the Zanzibar ferry leaves at nine",
                   BASE + timedelta(minutes=7 * 700 + 1), read=True)
    ])  # fmt: skip


def search(window: ChatWindow, text: str) -> None:
    panel = window.search_panel
    panel.field.setText(text)
    QTest.keyClick(panel.field, Qt.Key.Key_Return)  # runs at once, no typing pause


def test_ctrl_f_finds_a_message_among_ten_thousand_and_opens_it_there(
    window: ChatWindow, service: ChatService
) -> None:
    ten_thousand(service)
    window.show()
    tab = window.open_chat(ME, BOB)
    QApplication.processEvents()
    assert tab.model.message_count == 100
    QTest.keyClick(tab.composer, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    panel = window.search_panel
    assert panel.isVisible()
    assert panel.field.hasFocus()
    assert not window.conversation_list.isVisible()
    assert not panel.all_box.isChecked()  # this conversation first

    start = time.perf_counter()
    search(window, "zanzi")
    searched = time.perf_counter() - start
    assert window.search_model.rowCount() == 1
    index = window.search_model.index(0, 0)
    assert index.data(SearchRole.SNIPPET) == "the Zanzibar ferry leaves at nine"
    assert index.data(SearchRole.SPANS) == ((4, 8),)
    assert panel.status.text() == "1 message(s) found."

    start = time.perf_counter()
    QTest.keyClick(panel.field, Qt.Key.Key_Return)  # the results are there: Enter opens one
    QApplication.processEvents()
    opened = time.perf_counter() - start
    print(f"\n10k search {searched * 1000:.0f} ms, open the hit {opened * 1000:.0f} ms")
    hit = window.search_model.hit(0)
    assert hit is not None
    row = tab.model.row_of(hit.id)
    assert row is not None  # ~9,300 messages of scroll-back loaded to reach it
    assert tab.model.message_count > 9_000
    assert tab.model.older_available  # but not the whole history
    assert tab.view.currentIndex().row() == row
    rect = tab.view.visualRect(tab.model.index(row, 0))
    assert tab.view.viewport().rect().intersects(rect)  # scrolled to it
    QApplication.processEvents()  # the first-open scroll to the bottom must not undo that
    rect = tab.view.visualRect(tab.model.index(row, 0))
    assert tab.view.viewport().rect().intersects(rect)
    assert panel.results.hasFocus()  # on to the next hit with the arrow keys
    assert searched < 2.0
    assert opened < 5.0  # generous: it must not freeze

    # Esc closes the search; the conversation list comes back.
    QTest.keyClick(panel.results, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    assert window.conversation_list.isVisible()


def test_a_word_in_every_message_pages_its_hits(window: ChatWindow, service: ChatService) -> None:
    ten_thousand(service)
    window.show()
    window.open_chat(ME, BOB)
    window.open_search()
    start = time.perf_counter()
    search(window, "number")
    assert time.perf_counter() - start < 2.0
    model = window.search_model
    assert model.rowCount() == 50  # one page, not 10,000 rows
    assert model.more_available
    assert "scroll for more" in window.search_panel.status.text()
    window.search_panel.results.scrollToBottom()
    QApplication.processEvents()
    assert model.rowCount() == 100  # the view asked for the next page
    newest_first = [model.index(r, 0).data(SearchRole.TIMESTAMP) for r in range(100)]
    assert newest_first == sorted(newest_first, reverse=True)
    # A hit far back in a new tab: opened at the hit, not at the bottom.
    hit = model.hit(99)
    assert hit is not None
    tab = window.show_hit(hit)
    assert tab is not None
    assert tab.view.currentIndex().data(Qt.ItemDataRole.DisplayRole) == hit.body


def test_all_conversations_and_opening_another_conversation(
    window: ChatWindow, service: ChatService
) -> None:
    service.history.store([
        NewMessage(ME, BOB, Direction.INCOMING, "lunch on Friday?", BASE, read=True),
        NewMessage(ME, CAROL, Direction.INCOMING, "Friday lunch is fine", BASE + timedelta(1)),
        NewMessage(ME, CAROL, Direction.OUTGOING, "see you", BASE + timedelta(2), read=True),
    ])  # fmt: skip
    window.show()
    window.open_chat(ME, BOB)
    window.open_search()
    search(window, "friday")
    model = window.search_model
    assert [model.index(r, 0).data(SearchRole.PEER) for r in range(model.rowCount())] == [BOB]
    window.search_panel.all_box.setChecked(True)  # searches again at once
    assert [model.index(r, 0).data(SearchRole.PEER) for r in range(model.rowCount())] == [
        CAROL,
        BOB,
    ]
    results = window.search_panel.results
    rect = results.visualRect(model.index(0, 0))
    QTest.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    current = window.current_tab()
    assert current is not None
    assert current.peer == CAROL
    assert current.view.currentIndex().data() == "Friday lunch is fine"
    # Esc in the field closes the search too.
    window.search_panel.field.setFocus()
    QTest.keyClick(window.search_panel.field, Qt.Key.Key_Escape)
    assert not window.search_panel.isVisible()
    # No current conversation: the search covers all of them.
    window.tabs.clear()
    window.open_search()
    assert window.search_panel.all_box.isChecked()
    assert not window.search_panel.all_box.isEnabled()


def test_hostile_text_in_hits_is_plain_text(window: ChatWindow, service: ChatService) -> None:
    mallory = "mallory@example.org"
    hostile = (
        "<b>pwned</b> <img src='http://example.org/x.png'> &amp; <a href='x'>click</a>"
        " \x1b[2J\u202eevil\u202c zalgo Z" + "\u0301" * 3000 + "\n" * 50 + "x" * 100_000
    )
    service.history.store(
        [NewMessage(ME, mallory, Direction.INCOMING, hostile, BASE, stranger=True)]
    )
    window.show()
    window.open_search()
    search(window, "pwned")
    model = window.search_model
    index = model.index(0, 0)
    text = index.data(SearchRole.SNIPPET)
    assert text.startswith("<b>pwned</b> <img src='http://example.org/x.png'> &amp; <a href")
    assert "\n" not in text
    assert "␛[2J" in text  # controls shown as symbols
    assert len(text) < 200  # one line around the hit, not 100 KB
    assert text.count("\u0301") <= 6  # combining pile-up thinned
    start, length = index.data(SearchRole.SPANS)[0]
    assert text[start : start + length] == "pwned"
    # Painted through QTextLayout: the text laid out is the characters as they are, and the
    # highlight is a format range over them, not markup.
    layout = snippet_layout(
        text,
        index.data(SearchRole.SPANS),
        QFont(),
        SearchResultDelegate.highlight_format(QPalette(), False),
    )
    assert layout.text() == text
    assert [(r.start, r.length) for r in layout.formats()] == [(start, length)]
    results = window.search_panel.results
    started = time.perf_counter()
    results.grab()
    assert time.perf_counter() - started < 2.0
    assert "<b>pwned</b>" in str(index.data(Qt.ItemDataRole.AccessibleTextRole))
    for label in window.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert not results.toolTip()
    # The conversation list shows the same message as its preview, as text.
    window.conversations.reload()  # stored behind the service's back
    row = window.conversations.row_of(ME, mallory)
    assert row is not None
    preview = window.conversations.index(row, 0).data(ConversationRole.PREVIEW)
    assert preview.startswith("<b>pwned</b>")
    assert window.conversations.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) is None


def test_conversation_list_sorts_counts_unread_and_opens(
    window: ChatWindow, service: ChatService
) -> None:
    service.history.store([
        NewMessage(ME, BOB, Direction.INCOMING, "old news", BASE, read=True),
        NewMessage(ME, CAROL, Direction.INCOMING, "newer", BASE + timedelta(1)),
        NewMessage(ME, CAROL, Direction.INCOMING, "newest from carol", BASE + timedelta(2)),
    ])  # fmt: skip
    window = ChatWindow(service)  # the list is read when the window is made
    window.resize(800, 600)
    window.show()
    model = window.conversations
    listed = window.conversation_list

    def rows() -> list[tuple[str, int, str]]:
        return [
            (
                str(model.index(r, 0).data(ConversationRole.PEER)),
                int(model.index(r, 0).data(ConversationRole.UNREAD)),
                str(model.index(r, 0).data(ConversationRole.PREVIEW)),
            )
            for r in range(model.rowCount())
        ]

    assert rows() == [(CAROL, 2, "newest from carol"), (BOB, 0, "old news")]
    assert model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole) == (
        f"{CAROL}, 2 unread: newest from carol"
    )
    # A live message moves Bob to the top with one unread.
    message = NewMessage(ME, BOB, Direction.INCOMING, "breaking", datetime.now(UTC))
    service.messages_stored(ME, service.history.store([message]).added, Origin.LIVE)
    assert rows()[0] == (BOB, 1, "breaking")
    # A new conversation appears; our own message is marked as ours.
    service.send(ME, "dave@example.org", "hello Dave")
    assert rows()[0] == ("dave@example.org", 0, "You: hello Dave")
    assert [peer for peer, _n, _p in rows()] == ["dave@example.org", BOB, CAROL]
    listed.grab()  # paints names, badges, previews
    # Activating a row opens that conversation; reading it clears the count.
    rect: QRect = listed.visualRect(model.index(2, 0))
    QTest.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    current = window.current_tab()
    assert current is not None
    assert current.peer == CAROL
    QApplication.processEvents()
    assert rows()[2] == (CAROL, 0, "newest from carol")
    listed.setFocus()
    listed.setCurrentIndex(model.index(1, 0))
    QTest.keyClick(listed, Qt.Key.Key_Return)
    current = window.current_tab()
    assert current is not None
    assert current.peer == BOB
    assert listed.indexAt(QPoint(2, 2)).isValid()
    window.hide()
    window.deleteLater()
