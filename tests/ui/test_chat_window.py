"""The chat window offscreen: composer keys, tabs and unread titles, plain-text rendering of
hostile input, scroll-back, xmpp: URIs, notifications, and a 10,000-message history."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon

from client.core.history import Direction, History, MessageState, NewMessage
from client.services.chat_service import ChatService
from client.ui.chat_window import ChatWindow, tab_title
from client.xmpp.chat import Origin

ME = "me@example.org"
BOB = "bob@example.org"


@pytest.fixture
def service(qapp: QApplication, tmp_path: Path) -> Iterator[ChatService]:
    chat = ChatService(History.open(tmp_path / "history.sqlite3"))
    yield chat
    chat.history.close()


@pytest.fixture
def window(service: ChatService) -> Iterator[ChatWindow]:
    win = ChatWindow(service)
    yield win
    win.hide()
    win.deleteLater()
    QApplication.processEvents()


def arrive(service: ChatService, body: str, peer: str = BOB, **kw: object) -> None:
    """What ChatSync does for a live message: store, then tell the service."""
    message = NewMessage(ME, peer, Direction.INCOMING, body, datetime.now(UTC), **kw)  # type: ignore[arg-type]
    service.messages_stored(ME, service.history.store([message]).added, Origin.LIVE)


def bodies(window: ChatWindow, peer: str = BOB, account: str = ME) -> list[str]:
    tab = window.tab(account, peer)
    assert tab is not None
    from client.models.chat_model import ChatRole, RowKind

    model = tab.model
    return [
        str(model.index(r, 0).data(ChatRole.BODY))
        for r in range(model.rowCount())
        if model.index(r, 0).data(ChatRole.KIND) == RowKind.MESSAGE
    ]


def test_enter_sends_shift_enter_breaks_the_line(window: ChatWindow, service: ChatService) -> None:
    tab = window.open_chat(ME, BOB)
    QTest.keyClicks(tab.composer, "first line")
    QTest.keyClick(tab.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClicks(tab.composer, "second line")
    assert tab.composer.toPlainText() == "first line\nsecond line"
    QTest.keyClick(tab.composer, Qt.Key.Key_Return)
    assert tab.composer.toPlainText() == ""
    assert bodies(window) == ["first line\nsecond line"]
    # No session for the account: it waits in the outbox, in order.
    (queued,) = service.history.outbox(ME)
    assert queued.state == MessageState.QUEUED
    QTest.keyClick(tab.composer, Qt.Key.Key_Enter)  # empty: nothing happens
    assert len(bodies(window)) == 1
    tab.composer.setPlainText("y" * 60_000)
    QTest.keyClick(tab.composer, Qt.Key.Key_Return)
    assert "too long" in tab.state_label.text()
    assert tab.composer.toPlainText()  # kept, so nothing typed is lost


def test_incoming_opens_a_tab_counts_unread_and_reading_clears(
    window: ChatWindow, service: ChatService
) -> None:
    window.show()
    arrive(service, "hello")
    arrive(service, "again")
    tab = window.tab(ME, BOB)
    assert tab is not None
    assert window.windowTitle() == "Chats (2 unread)"
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == f"{BOB} (2)"
    window.open_chat(ME, BOB)
    QApplication.processEvents()
    assert window.isActiveWindow()  # offscreen activates a window once asked
    assert service.unread(ME, BOB) == 0
    assert window.windowTitle() == "Chats"
    arrive(service, "while looking")
    assert service.unread(ME, BOB) == 0


def test_hostile_text_is_plain_bounded_and_renders(
    window: ChatWindow, service: ChatService
) -> None:
    hostile = [
        "<b>bold?</b> <img src='http://example.org/x.png'> &amp; <a href='x'>link</a>",
        "x" * 200_000,
        "ctrl \x00\x07\x1b[2J\x7f end",
        "עברית مرحبا \u202eevil\u202c mixed",
        "Z" + "\u0301\u0302\u0303" * 2000,
        "line\n" * 5000,
    ]
    for body in hostile:
        arrive(service, body, peer="mallory@example.org", stranger=True)
    window.resize(500, 700)
    tab = window.open_chat(ME, "mallory@example.org")
    start = time.perf_counter()
    tab.view.grab()  # paints every visible row
    tab.view.scrollToTop()
    tab.view.grab()
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0  # generous: it must not freeze
    assert bodies(window, "mallory@example.org") == hostile
    assert not tab.stranger_label.isHidden()
    for label in tab.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    # Tab titles: ampersands are not shortcuts, long names are elided.
    assert tab_title("Tom & Jerry", 0) == "Tom && Jerry"
    assert tab_title("n" * 100, 3).startswith("n" * 24 + "…")


def test_scroll_back_loads_pages_and_keeps_the_view(
    window: ChatWindow, service: ChatService
) -> None:
    base = datetime.now(UTC) - timedelta(days=30)
    service.history.store([
        NewMessage(ME, BOB, Direction.INCOMING, f"m{n}", base + timedelta(minutes=n), read=True)
        for n in range(450)
    ])  # fmt: skip
    window.resize(400, 500)
    window.show()
    tab = window.open_chat(ME, BOB)
    QApplication.processEvents()
    assert tab.model.message_count == 100
    tab.view.scrollToTop()
    QApplication.processEvents()
    QApplication.processEvents()
    assert tab.model.message_count >= 200  # reaching the top loaded one more page
    before = tab.model.message_count
    added = tab.load_older()
    assert added > 0
    assert tab.model.message_count == before + 100
    QApplication.processEvents()
    top = tab.view.indexAt(QPoint(1, 1))
    assert top.isValid()
    assert top.row() > 0  # the reader stays where they were, not at the new top


def test_xmpp_uri_opens_a_prefilled_chat(window: ChatWindow, service: ChatService) -> None:
    assert window.open_uri("xmpp:bob@example.org?message;body=hi%20there") is None  # no account

    class Sync:  # an account with a session
        def contact_name(self, _peer: str) -> str:
            return ""

        def is_contact(self, _peer: str) -> bool:
            return True

        def user_typing(self, _peer: str, _has_text: bool) -> None:
            typed.append(_has_text)

    typed: list[bool] = []

    service.syncs[ME] = Sync()  # type: ignore[assignment]
    try:
        tab = window.open_uri("xmpp:Bob@Example.org?message;body=hi%20there")
        assert tab is not None
        assert (tab.peer, tab.composer.toPlainText()) == (BOB, "hi there")
        assert bodies(window) == []  # prefilled, never sent by itself
        assert typed == []  # a clicked link is not typing: no "composing" goes out
        assert window.open_uri("xmpp:not a jid") is None
        assert window.open_uri("xmpp:bob@example.org?roster") is None
    finally:
        service.syncs.clear()


def test_notification_through_the_tray_escapes_markup(
    service: ChatService, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []

    class FakeTray(QSystemTrayIcon):
        def isVisible(self) -> bool:
            return True

        def showMessage(self, title: str, msg: str, *_args: object) -> None:  # type: ignore[override]
            shown.append((title, msg))

    tray = FakeTray()
    window = ChatWindow(service, tray=tray)
    try:
        assert not window.isVisible()
        monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
        arrive(service, "<b>hi</b> & bye")
        assert shown == [(BOB, "&lt;b&gt;hi&lt;/b&gt; &amp; bye")]
        arrive(service, "spam", peer="stranger@example.org", stranger=True)
        assert len(shown) == 1  # strangers are counted, not popped up
        monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
        arrive(service, "no tray")
        assert len(shown) == 1  # works without one
    finally:
        window.deleteLater()
        tray.deleteLater()


def test_ten_thousand_messages_open_quickly(window: ChatWindow, service: ChatService) -> None:
    base = datetime.now(UTC) - timedelta(days=60)
    batch = [
        NewMessage(ME, BOB, Direction.INCOMING if n % 3 else Direction.OUTGOING,
                   f"message number {n} " * (1 + n % 7), base + timedelta(minutes=7 * n),
                   state=MessageState.RECEIVED if n % 3 else MessageState.DELIVERED, read=True)
        for n in range(10_000)
    ]  # fmt: skip
    service.history.store(batch)
    window.resize(500, 700)
    window.show()
    start = time.perf_counter()
    tab = window.open_chat(ME, BOB)
    QApplication.processEvents()
    tab.view.grab()
    opened = time.perf_counter() - start
    start = time.perf_counter()
    tab.load_older()
    tab.view.grab()
    older = time.perf_counter() - start
    print(f"\n10k chat: open+paint {opened * 1000:.0f} ms, one page back {older * 1000:.0f} ms")
    assert tab.model.message_count == 200
    assert opened < 5.0  # very generous; numbers belong to `make bench`


def test_whole_app_chats_from_the_roster_with_a_real_contact(
    qapp: QApplication, tmp_path: Path, prosody, make_account
) -> None:
    """Attend as built by main.py: activating a contact opens its chat; Enter sends it to a real
    peer; the peer's answer shows in the tab; the history file is in the profile."""
    import asyncio

    from client.app.main import Attend
    from client.core.accounts import AccountConfig
    from client.core.connection import ConnectionState
    from client.core.profile import AccountStore, Profile
    from tests.qasync_helpers import run_qasync, until
    from tests.xmpp.chat_helpers import Endpoint

    me, my_pw = make_account("me")
    friend, friend_pw = make_account("friend")
    prosody.write_roster(me.split("@")[0], {friend: "Friend"})
    prosody.write_roster(friend.split("@")[0], {me: "Me"})
    profile = Profile.in_directory(tmp_path / "profile")
    profile.ensure_dirs()
    store = AccountStore(profile.accounts_file)
    store.load()
    store.add(AccountConfig(jid=me, server_host="127.0.0.1", port=prosody.c2s_port,
                            ca_file=str(prosody.ca_file)))  # fmt: skip
    store.save()

    async def password(jid: str) -> str | None:
        return my_pw if jid == me else None

    async def scenario() -> None:
        peer = Endpoint(prosody, friend, friend_pw, tmp_path / "friend.sqlite3")
        await peer.start()
        app = Attend(profile, password)
        runner = asyncio.ensure_future(app.run())
        try:
            await until(lambda: me in app.manager.sessions)
            session = app.manager.sessions[me]
            await until(lambda: session.status.state == ConnectionState.ONLINE)
            app.window.roster_widget.contact_activated.emit(me, friend)
            tab = app.chat_window.tab(me, friend)
            assert tab is not None
            assert app.chat_window.isVisible()
            QTest.keyClicks(tab.composer, "hello from the app")
            QTest.keyClick(tab.composer, Qt.Key.Key_Return)
            await until(lambda: peer.bodies(me) == ["hello from the app"])
            peer.chat.send(me, "answer from the peer")
            await until(
                lambda: bodies(app.chat_window, friend, me)[-1:] == ["answer from the peer"]
            )
            assert (profile.data_dir / "history.sqlite3").exists()
        finally:
            app.quit_event.set()
            assert await asyncio.wait_for(runner, 15) == 0
            await peer.stop()

    run_qasync(scenario())
