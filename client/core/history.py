"""Message history and outbox: one crash-safe SQLite file per profile, paged, searchable."""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

HISTORY_FILE = "history.sqlite3"
SCHEMA_VERSION = 1
# Opaque ids from the network (XEP-0359) are capped: nobody needs more, and a hostile peer
# must not make the unique indexes huge.
MAX_ID_CHARS = 256


class Direction(enum.StrEnum):
    INCOMING = "in"
    OUTGOING = "out"


class MessageState(enum.StrEnum):
    """Where a message is on its way. Incoming messages are always RECEIVED."""

    RECEIVED = "received"
    QUEUED = "queued"  # stored, never handed to the network (offline, or not yet flushed)
    SENT = "sent"  # written to the stream, no XEP-0198 ack yet
    ACKED = "acked"  # our server has it (XEP-0198 ack, or it showed up in the archive)
    DELIVERED = "delivered"  # a recipient's client confirmed it (XEP-0184)
    FAILED = "failed"  # bounced with an error

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {
    MessageState.RECEIVED: 0,
    MessageState.QUEUED: 1,
    MessageState.SENT: 2,
    MessageState.ACKED: 3,
    MessageState.FAILED: 4,
    MessageState.DELIVERED: 5,
}
PENDING_STATES = (MessageState.QUEUED, MessageState.SENT)


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message about to be stored: from the network (live, carbon, archive) or typed here."""

    account: str
    peer: str  # bare JID of the other side
    direction: Direction
    body: str
    timestamp: datetime  # aware; XEP-0203 delay if the stanza had one, else arrival
    state: MessageState = MessageState.RECEIVED
    origin_id: str | None = None  # XEP-0359 origin-id, chosen by the sending client
    stanza_id: str | None = None  # XEP-0359 stanza-id, assigned by our own server's archive
    msg_id: str | None = None  # the stanza's id attribute (what XEP-0184 receipts refer to)
    resource: str = ""  # the other side's resource (incoming) or the sending resource
    stranger: bool = False  # the peer is not in our roster
    read: bool = False


@dataclass(frozen=True, slots=True)
class StoredMessage:
    id: int  # local id; for the outbox also the order of writing
    account: str
    peer: str
    direction: Direction
    body: str
    timestamp: datetime
    state: MessageState
    read: bool
    origin_id: str | None
    stanza_id: str | None
    msg_id: str | None
    resource: str
    stranger: bool

    @property
    def sort_key(self) -> tuple[int, int]:
        """Position in a conversation: time, then local id for equal times."""
        return (_to_us(self.timestamp), self.id)


@dataclass(frozen=True, slots=True)
class StoreResult:
    """What one write changed: rows that are new, and existing rows that learnt something."""

    added: list[StoredMessage]
    updated: list[StoredMessage]


@dataclass(frozen=True, slots=True)
class Conversation:
    account: str
    peer: str
    last_timestamp: datetime | None
    unread: int
    last: StoredMessage | None = None  # the newest message (the conversation list's preview)


class HistoryError(Exception):
    """The history file could not be opened or written; the message is one line."""


def _to_us(dt: datetime) -> int:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp() * 1_000_000)


def _from_us(us: int) -> datetime:
    return datetime.fromtimestamp(us / 1_000_000, UTC)


def _cap_id(value: str | None) -> str | None:
    if not value:
        return None
    return value[:MAX_ID_CHARS]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    UNIQUE (account, peer)
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation INTEGER NOT NULL REFERENCES conversations(id),
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    body TEXT NOT NULL,
    ts INTEGER NOT NULL,
    state TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    origin_id TEXT,
    stanza_id TEXT,
    msg_id TEXT,
    resource TEXT NOT NULL DEFAULT '',
    stranger INTEGER NOT NULL DEFAULT 0
);
-- Scroll-back: keyset paging on (ts, id) inside one conversation.
CREATE INDEX IF NOT EXISTS messages_by_time ON messages (conversation, ts, id);
-- De-duplication (XEP-0359): the sender's origin-id per direction (a contact cannot shadow our
-- own messages by reusing one of our ids), and our archive's stanza-id.
CREATE UNIQUE INDEX IF NOT EXISTS messages_origin
    ON messages (conversation, direction, origin_id) WHERE origin_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS messages_stanza
    ON messages (conversation, stanza_id) WHERE stanza_id IS NOT NULL;
-- Receipts and acks look messages up by the stanza id attribute.
CREATE INDEX IF NOT EXISTS messages_msg_id ON messages (msg_id) WHERE msg_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_pending ON messages (state, id)
    WHERE state IN ('queued', 'sent');
CREATE INDEX IF NOT EXISTS messages_unread ON messages (conversation)
    WHERE direction = 'in' AND read = 0;
CREATE TABLE IF NOT EXISTS mam_cursor (
    account TEXT PRIMARY KEY,
    stanza_id TEXT NOT NULL,
    ts INTEGER NOT NULL
);
"""

_FTS_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(
    body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER IF NOT EXISTS messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
"""

_COLUMNS = (
    "m.id, c.account, c.peer, m.direction, m.body, m.ts, m.state, m.read, m.origin_id,"
    " m.stanza_id, m.msg_id, m.resource, m.stranger"
)
_FROM = "FROM messages m JOIN conversations c ON c.id = m.conversation"


def _row(row: Sequence[Any]) -> StoredMessage:
    return StoredMessage(
        id=int(row[0]),
        account=str(row[1]),
        peer=str(row[2]),
        direction=Direction(row[3]),
        body=str(row[4]),
        timestamp=_from_us(int(row[5])),
        state=MessageState(row[6]),
        read=bool(row[7]),
        origin_id=row[8] if isinstance(row[8], str) else None,
        stanza_id=row[9] if isinstance(row[9], str) else None,
        msg_id=row[10] if isinstance(row[10], str) else None,
        resource=str(row[11]),
        stranger=bool(row[12]),
    )


def fts5_available() -> bool:
    """Whether this SQLite was built with FTS5 (most are; search falls back to LIKE)."""
    try:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
        finally:
            probe.close()
    except sqlite3.Error:
        return False
    return True


def fts_query(text: str) -> str:
    """User words as an FTS5 query: every word must occur (as a word or a word's start); each
    word is a quoted string, so no FTS5 operator can be injected."""
    words = [w for w in text.split() if w]
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class History:
    """The message store. One connection, used from one thread (the app's event loop).

    Durability: WAL journal with ``synchronous=FULL``. WAL alone already survives a killed
    process at any instruction (a commit is in the WAL file before COMMIT returns; a torn last
    frame is ignored on recovery). FULL adds an fsync of the WAL on every commit, so a commit
    also survives power loss and kernel crashes. That is the promise the outbox makes ("stored
    before any send attempt") and that receipts make to the sender ("delivered" is only
    confirmed after the message is on disk). The cost is one fsync per commit: messages arrive
    at human rates, and bulk writes (archive catch-up) go in one transaction per page.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._db = connection
        self.path = path
        self._conversations: dict[tuple[str, str], int] = {}
        self.has_fts = False

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> History:
        """Open (creating if needed) the history at ``path``; ``:memory:`` for tests."""
        target = None if str(path) == ":memory:" else Path(path)
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Owner-only from the start; SQLite gives the -wal and -shm files the same mode.
            fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
        try:
            history = cls._connect(target)
        except sqlite3.DatabaseError as exc:
            if target is None or "not a database" not in str(exc):
                raise HistoryError(f"cannot open the history {path}: {exc}") from None
            moved = _move_aside(target)
            log.warning("%s is not a database (%s); moved to %s", target, exc, moved.name)
            history = cls._connect(target)
        return history

    @classmethod
    def _connect(cls, path: Path | None) -> History:
        db = sqlite3.connect(
            ":memory:" if path is None else str(path),
            isolation_level=None,  # we open every transaction ourselves (BEGIN IMMEDIATE)
            check_same_thread=True,
        )
        try:
            db.execute("PRAGMA busy_timeout = 5000")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if path is not None and str(mode).lower() != "wal":
                log.warning("history: SQLite refused WAL mode (%s); using %s", path, mode)
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            history = cls(db, path)
            history._migrate()
        except BaseException:
            db.close()
            raise
        return history

    def _migrate(self) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"the history was written by a newer version (format {version}); "
                f"this one reads format {SCHEMA_VERSION}"
            )
        with self._transaction():
            for statement in _split(_SCHEMA):
                self._db.execute(statement)
            fts_exists = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'messages_fts'"
            ).fetchone()
            if fts_exists or fts5_available():
                for statement in _split(_FTS_SCHEMA):
                    self._db.execute(statement)
                self.has_fts = True
                if not fts_exists:
                    self._db.execute("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')")
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA optimize")
        self._db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front: no upgrade deadlock, no SQLITE_BUSY mid-way.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            # Conversations created inside are gone again: their cached ids would point at
            # nothing, or at the next conversation to take the same rowid.
            self._conversations.clear()
            raise
        self._db.execute("COMMIT")

    def integrity_check(self) -> list[str]:
        """``['ok']`` when the file (and the search index, if any) is sound."""
        rows = [str(r[0]) for r in self._db.execute("PRAGMA integrity_check")]
        if self.has_fts and rows == ["ok"]:
            try:
                self._db.execute(
                    "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"
                )
            except sqlite3.DatabaseError as exc:
                rows = [f"search index: {exc}"]
        return rows

    # -- conversations ------------------------------------------------------------------------

    def _conversation(self, account: str, peer: str, create: bool) -> int | None:
        key = (account, peer)
        cached = self._conversations.get(key)
        if cached is not None:
            return cached
        row = self._db.execute(
            "SELECT id FROM conversations WHERE account = ? AND peer = ?", key
        ).fetchone()
        if row is None:
            if not create:
                return None
            row = self._db.execute(
                "INSERT INTO conversations (account, peer) VALUES (?, ?) RETURNING id", key
            ).fetchone()
        self._conversations[key] = int(row[0])
        return int(row[0])

    def conversations(self) -> list[Conversation]:
        """Every conversation, most recent first, with its newest message and unread count."""
        return self._conversation_rows("", ())

    def conversation(self, account: str, peer: str) -> Conversation | None:
        """One conversation as conversations() lists it; None if nothing was ever stored."""
        found = self._conversation_rows(" WHERE c.account = ? AND c.peer = ?", (account, peer))
        return found[0] if found else None

    def _conversation_rows(self, where: str, params: Sequence[object]) -> list[Conversation]:
        # The newest message per conversation through the (conversation, ts, id) index: one
        # index probe each, not a scan of the conversation.
        rows = self._db.execute(
            "SELECT c.account, c.peer,"
            " (SELECT count(*) FROM messages"
            "   WHERE conversation = c.id AND direction = 'in' AND read = 0),"
            f" {_COLUMNS}"
            " FROM conversations c LEFT JOIN messages m ON m.id = (SELECT id FROM messages"
            "   WHERE conversation = c.id ORDER BY ts DESC, id DESC LIMIT 1)" + where,
            params,
        ).fetchall()
        result = []
        for row in rows:
            last = None if row[3] is None else _row(row[3:])
            result.append(
                Conversation(
                    str(row[0]),
                    str(row[1]),
                    None if last is None else last.timestamp,
                    int(row[2]),
                    last,
                )
            )
        result.sort(key=lambda c: c.last.sort_key if c.last is not None else (-1, 0))
        result.reverse()
        return result

    # -- writing ------------------------------------------------------------------------------

    def enqueue(
        self, account: str, peer: str, body: str, origin_id: str, at: datetime
    ) -> StoredMessage:
        """Put a message typed here into the outbox, durably, before anything is sent."""
        result = self.store(
            [
                NewMessage(
                    account=account,
                    peer=peer,
                    direction=Direction.OUTGOING,
                    body=body,
                    timestamp=at,
                    state=MessageState.QUEUED,
                    origin_id=origin_id,
                    msg_id=origin_id,
                    read=True,
                )
            ]
        )
        if not result.added:
            raise HistoryError(f"a message with origin-id {origin_id!r} is already stored")
        return result.added[0]

    def store(
        self,
        messages: Sequence[NewMessage],
        mam_cursor: tuple[str, str, datetime] | None = None,
    ) -> StoreResult:
        """Store ``messages`` in one transaction, skipping ones we already have.

        A duplicate (same origin-id in the same direction, or same stanza-id, in the same
        conversation) is not stored again; instead the stored row learns what the new copy
        knows: its stanza-id, and for an outgoing message still pending, that the server has
        it. ``mam_cursor`` (account, stanza-id, time) is saved in the same transaction, so the
        archive position never runs ahead of the messages it covers.
        """
        added: list[StoredMessage] = []
        updated: list[StoredMessage] = []
        with self._transaction():
            for message in messages:
                row_id, is_new = self._store_one(message)
                if row_id is None:
                    continue
                stored = self._get(row_id)
                if stored is not None:
                    (added if is_new else updated).append(stored)
            if mam_cursor is not None:
                account, stanza_id, at = mam_cursor
                self._db.execute(
                    "INSERT INTO mam_cursor (account, stanza_id, ts) VALUES (?, ?, ?)"
                    " ON CONFLICT (account) DO UPDATE SET stanza_id = excluded.stanza_id,"
                    " ts = excluded.ts",
                    (account, stanza_id[:MAX_ID_CHARS], _to_us(at)),
                )
        return StoreResult(added, updated)

    def _store_one(self, m: NewMessage) -> tuple[int | None, bool]:
        conversation = self._conversation(m.account, m.peer, create=True)
        origin_id, stanza_id = _cap_id(m.origin_id), _cap_id(m.stanza_id)
        existing = None
        if origin_id is not None:
            existing = self._db.execute(
                "SELECT id, stanza_id, state FROM messages"
                " WHERE conversation = ? AND direction = ? AND origin_id = ?",
                (conversation, str(m.direction), origin_id),
            ).fetchone()
        if existing is None and stanza_id is not None:
            existing = self._db.execute(
                "SELECT id, stanza_id, state FROM messages"
                " WHERE conversation = ? AND stanza_id = ?",
                (conversation, stanza_id),
            ).fetchone()
        msg_id = _cap_id(m.msg_id)
        if (
            existing is None
            and m.direction == Direction.OUTGOING
            and origin_id is None
            and stanza_id is not None
            and msg_id is not None
        ):
            # Our other device's message without an origin-id: its sent carbon carried no
            # stanza-id (servers stamp what they receive), its archive copy does.
            existing = self._db.execute(
                "SELECT id, stanza_id, state FROM messages WHERE conversation = ?"
                " AND direction = 'out' AND origin_id IS NULL AND stanza_id IS NULL"
                " AND msg_id = ? AND body = ? ORDER BY id LIMIT 1",
                (conversation, msg_id, m.body),
            ).fetchone()
        if existing is not None:
            row_id, old_stanza_id, old_state = existing
            changed = False
            if (
                stanza_id is not None
                and old_stanza_id is None
                # Another row has it already (a forged or reused id): keep both rows as they
                # are rather than fail the whole batch on the unique index.
                and self._db.execute(
                    "SELECT 1 FROM messages WHERE conversation = ? AND stanza_id = ?",
                    (conversation, stanza_id),
                ).fetchone()
                is None
            ):
                self._db.execute(
                    "UPDATE messages SET stanza_id = ? WHERE id = ?", (stanza_id, row_id)
                )
                changed = True
            # Our own message came back from the archive or as a carbon: the server has it.
            if (
                m.direction == Direction.OUTGOING
                and MessageState(old_state) in PENDING_STATES
                and m.state.rank >= MessageState.ACKED.rank
                and m.state != MessageState.FAILED
            ):
                self._db.execute(
                    "UPDATE messages SET state = ? WHERE id = ?",
                    (str(MessageState.ACKED), row_id),
                )
                changed = True
            return (int(row_id) if changed else None), False
        row = self._db.execute(
            "INSERT INTO messages (conversation, direction, body, ts, state, read, origin_id,"
            " stanza_id, msg_id, resource, stranger) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            (
                conversation,
                str(m.direction),
                m.body,
                _to_us(m.timestamp),
                str(m.state),
                int(m.read),
                origin_id,
                stanza_id,
                msg_id,
                m.resource[:MAX_ID_CHARS],
                int(m.stranger),
            ),
        ).fetchone()
        return int(row[0]), True

    def advance(self, ids: Iterable[int], state: MessageState) -> list[StoredMessage]:
        """Move outgoing messages forward to ``state``; never backwards (an ack that arrives
        after the receipt must not undo "delivered"). Returns the rows that changed."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return []
        changed: list[int] = []
        with self._transaction():
            for chunk in _chunks(wanted, 500):
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT id, state FROM messages WHERE id IN ({marks}) AND direction = 'out'",
                    chunk,
                ).fetchall()
                for row_id, current in rows:
                    if _may_advance(MessageState(current), state):
                        changed.append(int(row_id))
            for chunk in _chunks(changed, 500):
                marks = ",".join("?" * len(chunk))
                self._db.execute(
                    f"UPDATE messages SET state = ? WHERE id IN ({marks})", (str(state), *chunk)
                )
        return [m for m in (self._get(i) for i in changed) if m is not None]

    def mark_read(self, account: str, peer: str) -> int:
        """Mark every incoming message of the conversation read; returns how many changed."""
        conversation = self._conversation(account, peer, create=False)
        if conversation is None:
            return 0
        with self._transaction():
            cursor = self._db.execute(
                "UPDATE messages SET read = 1 WHERE conversation = ? AND direction = 'in'"
                " AND read = 0",
                (conversation,),
            )
        return int(cursor.rowcount)

    # -- reading ------------------------------------------------------------------------------

    def _get(self, row_id: int) -> StoredMessage | None:
        row = self._db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE m.id = ?", (row_id,)).fetchone()
        return None if row is None else _row(row)

    def get(self, row_id: int) -> StoredMessage | None:
        return self._get(row_id)

    def outbox(self, account: str) -> list[StoredMessage]:
        """Messages not yet confirmed by our server, in the order they were written."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE m.state IN ('queued', 'sent') AND c.account = ?"
            " AND m.direction = 'out' ORDER BY m.id",
            (account,),
        ).fetchall()
        return [_row(r) for r in rows]

    def find_outgoing(
        self, account: str, msg_id: str, peer: str | None = None
    ) -> StoredMessage | None:
        """Our message whose stanza id is ``msg_id`` (what acks, receipts and errors name)."""
        sql = f"SELECT {_COLUMNS} {_FROM} WHERE m.msg_id = ? AND m.direction = 'out'"
        params: list[object] = [msg_id[:MAX_ID_CHARS]]
        sql += " AND c.account = ?"
        params.append(account)
        if peer is not None:
            sql += " AND c.peer = ?"
            params.append(peer)
        row = self._db.execute(sql + " ORDER BY m.id DESC LIMIT 1", params).fetchone()
        return None if row is None else _row(row)

    def page_before(
        self, account: str, peer: str, before: tuple[int, int] | None, limit: int
    ) -> list[StoredMessage]:
        """Up to ``limit`` messages just older than ``before`` (a ``sort_key``; None = newest),
        oldest first."""
        conversation = self._conversation(account, peer, create=False)
        if conversation is None or limit <= 0:
            return []
        if before is None:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} {_FROM} WHERE m.conversation = ?"
                " ORDER BY m.ts DESC, m.id DESC LIMIT ?",
                (conversation, limit),
            ).fetchall()
        else:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} {_FROM} WHERE m.conversation = ? AND (m.ts, m.id) < (?, ?)"
                " ORDER BY m.ts DESC, m.id DESC LIMIT ?",
                (conversation, before[0], before[1], limit),
            ).fetchall()
        return [_row(r) for r in reversed(rows)]

    def page_after(
        self, account: str, peer: str, after: tuple[int, int], limit: int
    ) -> list[StoredMessage]:
        """Up to ``limit`` messages just newer than ``after``, oldest first."""
        conversation = self._conversation(account, peer, create=False)
        if conversation is None or limit <= 0:
            return []
        rows = self._db.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE m.conversation = ? AND (m.ts, m.id) > (?, ?)"
            " ORDER BY m.ts, m.id LIMIT ?",
            (conversation, after[0], after[1], limit),
        ).fetchall()
        return [_row(r) for r in rows]

    def count(self, account: str, peer: str) -> int:
        conversation = self._conversation(account, peer, create=False)
        if conversation is None:
            return 0
        row = self._db.execute(
            "SELECT count(*) FROM messages WHERE conversation = ?", (conversation,)
        ).fetchone()
        return int(row[0])

    def unread_counts(self) -> dict[tuple[str, str], int]:
        rows = self._db.execute(
            "SELECT c.account, c.peer, count(*) FROM messages m"
            " JOIN conversations c ON c.id = m.conversation"
            " WHERE m.direction = 'in' AND m.read = 0 GROUP BY m.conversation"
        ).fetchall()
        return {(str(a), str(p)): int(n) for a, p, n in rows}

    def unread(self, account: str, peer: str) -> int:
        conversation = self._conversation(account, peer, create=False)
        if conversation is None:
            return 0
        row = self._db.execute(
            "SELECT count(*) FROM messages WHERE conversation = ? AND direction = 'in'"
            " AND read = 0",
            (conversation,),
        ).fetchone()
        return int(row[0])

    def search(
        self,
        text: str,
        *,
        account: str | None = None,
        peer: str | None = None,
        limit: int = 100,
        before: tuple[int, int] | None = None,
    ) -> list[StoredMessage]:
        """Messages containing every word of ``text``, newest first; ``before`` (the last
        result's ``sort_key``) pages on to older results."""
        text = text.strip()
        if not text:
            return []
        where: list[str] = []
        params: list[object] = []
        if self.has_fts:
            query = fts_query(text)
            source = f"{_FROM} JOIN messages_fts f ON f.rowid = m.id"
            where.append("messages_fts MATCH ?")
            params.append(query)
        else:
            source = _FROM
            for word in text.split():
                where.append("m.body LIKE ? ESCAPE '\\'")
                params.append(_like_pattern(word))
        if account is not None:
            where.append("c.account = ?")
            params.append(account)
        if peer is not None:
            where.append("c.peer = ?")
            params.append(peer)
        if before is not None:
            where.append("(m.ts, m.id) < (?, ?)")
            params.extend(before)
        sql = (
            f"SELECT {_COLUMNS} {source} WHERE {' AND '.join(where)}"
            " ORDER BY m.ts DESC, m.id DESC LIMIT ?"
        )
        params.append(limit)
        return [_row(r) for r in self._db.execute(sql, params).fetchall()]

    def mam_cursor(self, account: str) -> tuple[str, datetime] | None:
        """The newest archive stanza-id we have everything up to (XEP-0313 catch-up point)."""
        row = self._db.execute(
            "SELECT stanza_id, ts FROM mam_cursor WHERE account = ?", (account,)
        ).fetchone()
        return None if row is None else (str(row[0]), _from_us(int(row[1])))

    def set_mam_cursor(self, account: str, stanza_id: str, at: datetime) -> None:
        self.store([], mam_cursor=(account, stanza_id, at))


def _may_advance(current: MessageState, new: MessageState) -> bool:
    if current in (MessageState.RECEIVED, new):
        return False
    if new == MessageState.FAILED:
        return current != MessageState.DELIVERED
    if current == MessageState.FAILED:
        # A late receipt proves it arrived after all; nothing else revives a bounced message.
        return new == MessageState.DELIVERED
    return new.rank > current.rank


def _chunks[T](items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _split(script: str) -> list[str]:
    """Statements of a schema script (triggers contain ';' inside BEGIN ... END)."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        current.append(line)
        joined = "\n".join(current)
        if sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    return statements


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(path.with_name(path.name + suffix), target.with_name(target.name + suffix))
    return target


def history_path(data_dir: Path) -> Path:
    return data_dir / HISTORY_FILE
