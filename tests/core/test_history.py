"""The message store: de-duplication, state rules, outbox order, paging, search, kill -9."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from client.core import history as history_module
from client.core.history import (
    Direction,
    History,
    HistoryError,
    MessageState,
    NewMessage,
    fts_query,
)

ME = "me@example.org"
BOB = "bob@example.org"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def incoming(body: str, at: datetime = T0, peer: str = BOB, **kw: object) -> NewMessage:
    return NewMessage(ME, peer, Direction.INCOMING, body, at, **kw)  # type: ignore[arg-type]


@pytest.fixture
def history(tmp_path: Path) -> History:
    h = History.open(tmp_path / "history.sqlite3")
    yield h  # type: ignore[misc]
    h.close()


def test_file_is_private_wal_and_sound(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    h = History.open(path)
    try:
        assert path.stat().st_mode & 0o777 == 0o600
        assert h._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert h._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert h.integrity_check() == ["ok"]
    finally:
        h.close()


def test_not_a_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    h = History.open(path)
    h.close()
    assert [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_newer_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(HistoryError, match="newer version"):
        History.open(path)


def test_duplicates_by_origin_id_and_stanza_id_are_stored_once(history: History) -> None:
    first = history.store([incoming("hi", origin_id="o1")])
    assert len(first.added) == 1
    # The same message again (a re-send after a lost ack), now with our archive's id.
    again = history.store([incoming("hi", origin_id="o1", stanza_id="s1")])
    assert again.added == []
    assert [m.stanza_id for m in again.updated] == ["s1"]
    # ... and from the archive without origin-id: matched by stanza-id.
    assert history.store([incoming("hi", stanza_id="s1")]).added == []
    assert history.count(ME, BOB) == 1
    # A contact cannot shadow our own message by reusing its origin-id.
    out = history.enqueue(ME, BOB, "mine", "o2", T0)
    assert len(history.store([incoming("theirs", origin_id="o2")]).added) == 1
    assert history.get(out.id).body == "mine"  # type: ignore[union-attr]
    # Other conversations are independent.
    assert len(history.store([incoming("hi", peer="carol@x", origin_id="o1")]).added) == 1


def test_archive_copy_of_a_pending_message_means_the_server_has_it(history: History) -> None:
    out = history.enqueue(ME, BOB, "hello", "o1", T0)
    assert out.state == MessageState.QUEUED
    copy = NewMessage(ME, BOB, Direction.OUTGOING, "hello", T0, state=MessageState.ACKED,
                      origin_id="o1", stanza_id="s9")  # fmt: skip
    result = history.store([copy])
    assert result.added == []
    (updated,) = result.updated
    assert (updated.state, updated.stanza_id) == (MessageState.ACKED, "s9")


def test_a_conflicting_stanza_id_never_rolls_back_the_batch(history: History) -> None:
    """A copy matched by origin-id whose stanza-id another row already has (a forged or reused
    id) must not fail the whole transaction: everyone else's messages in the batch stay."""
    history.store([incoming("first", origin_id="o1")])
    history.store([incoming("second", origin_id="o2", stanza_id="s1")])
    result = history.store(
        [
            incoming("from carol", peer="carol@example.org"),
            incoming("first again", origin_id="o1", stanza_id="s1"),
        ]
    )
    assert [m.body for m in result.added] == ["from carol"]
    assert history.count(ME, "carol@example.org") == 1
    assert history.count(ME, BOB) == 2
    assert history.integrity_check() == ["ok"]


def test_a_rolled_back_write_leaves_no_stale_conversation_behind(history: History) -> None:
    """A batch that fails (disk full, say) after creating a conversation must not leave that
    conversation's id cached: the next write would fail, or land in another conversation."""
    with pytest.raises(sqlite3.IntegrityError):
        history.store([incoming("hi", peer="carol@example.org"), incoming(None)])  # type: ignore[arg-type]
    history.store([incoming("for dave", peer="dave@example.org")])
    history.store([incoming("for carol", peer="carol@example.org")])
    assert [m.body for m in history.page_before(ME, "carol@example.org", None, 10)] == ["for carol"]
    assert [m.body for m in history.page_before(ME, "dave@example.org", None, 10)] == ["for dave"]


def test_our_other_device_s_message_without_origin_id_is_kept_once(history: History) -> None:
    """A message another device of ours sent without an origin-id: its sent carbon has no
    stanza-id (servers stamp only what they receive), the archive copy does. Same message."""
    carbon = NewMessage(ME, BOB, Direction.OUTGOING, "from my phone", T0,
                        state=MessageState.ACKED, msg_id="phone-1")  # fmt: skip
    assert len(history.store([carbon]).added) == 1
    archived = NewMessage(ME, BOB, Direction.OUTGOING, "from my phone", T0,
                          state=MessageState.ACKED, msg_id="phone-1", stanza_id="s7")  # fmt: skip
    result = history.store([archived])
    assert result.added == []
    assert [m.stanza_id for m in result.updated] == ["s7"]
    assert history.count(ME, BOB) == 1
    # A different message that happens to reuse the id is still a message of its own.
    other = NewMessage(ME, BOB, Direction.OUTGOING, "another one", T0,
                       state=MessageState.ACKED, msg_id="phone-1", stanza_id="s8")  # fmt: skip
    assert len(history.store([other]).added) == 1


def test_states_only_move_forward(history: History) -> None:
    m = history.enqueue(ME, BOB, "x", "o1", T0)
    assert [s.state for s in history.advance([m.id], MessageState.SENT)] == [MessageState.SENT]
    history.advance([m.id], MessageState.DELIVERED)  # the receipt overtook the ack
    assert history.advance([m.id], MessageState.ACKED) == []
    assert history.advance([m.id], MessageState.FAILED) == []
    n = history.enqueue(ME, BOB, "y", "o2", T0)
    history.advance([n.id], MessageState.FAILED)
    assert history.advance([n.id], MessageState.ACKED) == []
    assert [s.state for s in history.advance([n.id], MessageState.DELIVERED)] == [
        MessageState.DELIVERED
    ]
    i = history.store([incoming("in")]).added[0]
    assert history.advance([i.id], MessageState.ACKED) == []  # incoming has no send state


def test_outbox_keeps_the_order_written_across_accounts_and_peers(history: History) -> None:
    ids = [history.enqueue(ME, f"p{n % 3}@x", f"m{n}", f"o{n}", T0 - timedelta(n)).id
           for n in range(6)]  # fmt: skip
    history.enqueue("other@example.org", BOB, "not mine", "ox", T0)
    history.advance([ids[1]], MessageState.ACKED)
    history.advance([ids[2]], MessageState.SENT)
    assert [m.id for m in history.outbox(ME)] == [ids[0], ids[2], ids[3], ids[4], ids[5]]
    with pytest.raises(HistoryError):
        history.enqueue(ME, "p0@x", "again", "o0", T0)


def test_paging_backwards_and_forwards_with_equal_times(history: History) -> None:
    batch = [incoming(f"m{n:03}", T0 + timedelta(seconds=n // 3)) for n in range(100)]
    history.store(batch)
    pages: list[list[str]] = []
    before = None
    while page := history.page_before(ME, BOB, before, 30):
        pages.append([m.body for m in page])
        before = page[0].sort_key
    assert [len(p) for p in pages] == [30, 30, 30, 10]
    flat = [body for page in reversed(pages) for body in page]
    assert flat == [f"m{n:03}" for n in range(100)]
    first = history.page_before(ME, BOB, None, 100)[0]
    after = history.page_after(ME, BOB, first.sort_key, 5)
    assert [m.body for m in after] == ["m001", "m002", "m003", "m004", "m005"]
    assert history.page_before(ME, "nobody@x", None, 10) == []


def test_unread_counts_and_mark_read(history: History) -> None:
    history.store([incoming(f"b{n}") for n in range(3)])
    history.store([incoming("c", peer="carol@x")])
    history.enqueue(ME, BOB, "outgoing never counts", "o1", T0)
    assert history.unread_counts() == {(ME, BOB): 3, (ME, "carol@x"): 1}
    assert history.mark_read(ME, BOB) == 3
    assert history.unread_counts() == {(ME, "carol@x"): 1}
    assert history.unread(ME, "carol@x") == 1
    conversations = history.conversations()
    assert {(c.peer, c.unread) for c in conversations} == {(BOB, 0), ("carol@x", 1)}


def test_search_words_prefixes_and_hostile_queries(history: History) -> None:
    assert history.has_fts
    history.store([
        incoming("Let's meet at the café tomorrow", T0),
        incoming("meeting moved", T0 + timedelta(1)),
        incoming("nothing here", T0 + timedelta(2), peer="carol@x"),
    ])  # fmt: skip
    assert [m.body for m in history.search("meet")] == [
        "meeting moved",
        "Let's meet at the café tomorrow",
    ]
    assert [m.body for m in history.search("cafe tomorrow")] == ["Let's meet at the café tomorrow"]
    assert history.search("meet", peer="carol@x") == []
    for hostile in ('"', "NEAR(a b", "a OR", "*", "' OR 1=1 --", "body:x", "^x"):
        history.search(hostile)  # never an FTS5 syntax error
    assert fts_query('say "hi"') == '"say"* """hi"""*'


def test_conversations_newest_first_with_their_last_message(history: History) -> None:
    history.store([incoming("old", T0), incoming("c1", T0 + timedelta(1), peer="carol@x")])
    history.enqueue(ME, BOB, "newest, mine", "o1", T0 + timedelta(2))
    history.store([incoming("same time, later id", T0 + timedelta(1), peer="dave@x")])
    listed = history.conversations()
    assert [(c.peer, c.last.body if c.last else None, c.unread) for c in listed] == [
        (BOB, "newest, mine", 1),
        ("dave@x", "same time, later id", 1),
        ("carol@x", "c1", 1),
    ]
    one = history.conversation(ME, "carol@x")
    assert one is not None
    assert one.last is not None
    assert one.last_timestamp == one.last.timestamp
    assert history.conversation(ME, "nobody@x") is None


def test_search_pages_by_keyset(history: History) -> None:
    history.store([incoming(f"word {n}", T0 + timedelta(minutes=n)) for n in range(25)])
    seen: list[str] = []
    before = None
    while page := history.search("word", limit=10, before=before):
        seen += [m.body for m in page]
        before = page[-1].sort_key
    assert seen == [f"word {n}" for n in reversed(range(25))]


def test_search_falls_back_to_like_without_fts5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_module, "fts5_available", lambda: False)
    h = History.open(tmp_path / "nofts.sqlite3")
    try:
        assert not h.has_fts
        h.store([incoming("100% sure_thing"), incoming("1000 things")])
        assert [m.body for m in h.search("100%")] == ["100% sure_thing"]
        assert [m.body for m in h.search("s_r")] == []  # '_' is literal, not a wildcard
        assert len(h.search("thing")) == 2
    finally:
        h.close()


def test_mam_cursor_is_written_with_the_page_it_covers(history: History) -> None:
    assert history.mam_cursor(ME) is None
    history.store([incoming("a", stanza_id="s1")], mam_cursor=(ME, "s1", T0))
    assert history.mam_cursor(ME) == ("s1", T0)
    with pytest.raises(TypeError):
        # A failing write rolls back messages and cursor together.
        history.store(
            [incoming("b", stanza_id="s2"), incoming("c", stanza_id="s3")],
            mam_cursor=(ME, None, T0),  # type: ignore[arg-type]
        )
    assert history.mam_cursor(ME) == ("s1", T0)
    assert history.count(ME, BOB) == 1


def test_survives_kill_9_at_any_moment(tmp_path: Path) -> None:
    """A writer process killed with SIGKILL, eight times at random moments: the file stays
    sound and every commit it reported is there."""
    db = tmp_path / "history.sqlite3"
    committed: set[int] = set()
    rng = random.Random(1234)
    for round_ in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.core.history_writer_child", str(db), str(round_)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # it is writing
        assert first.startswith("C"), proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.02, 0.3))
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate(timeout=10)
        for line in (first + out).splitlines():
            if line.startswith("C ") and line.endswith(tuple("0123456789")):
                committed.update(int(x) for x in line.split()[1:])
        h = History.open(db)
        try:
            assert h.integrity_check() == ["ok"]
            present = {int(r[0]) for r in h._db.execute("SELECT id FROM messages")}
            assert committed <= present
            outbox = [m.id for m in h.outbox("me@example.org")]
            assert outbox == sorted(outbox)
        finally:
            h.close()
    assert len(committed) > 100
