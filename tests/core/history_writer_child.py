"""Writes to a history as fast as it can, printing each committed id; the test kills it -9.

python -m tests.core.history_writer_child DB SEED
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from client.core.history import Direction, History, MessageState, NewMessage

ACCOUNT = "me@example.org"


def main(db: Path, seed: int) -> None:
    rng = random.Random(seed)
    history = History.open(db)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    n = 0
    while True:
        n += 1
        peer = f"peer{rng.randrange(5)}@example.org"
        kind = rng.random()
        if kind < 0.4:
            stored = history.enqueue(ACCOUNT, peer, f"out {seed}-{n} " * rng.randrange(1, 40),
                                     f"o-{seed}-{n}", base + timedelta(seconds=n))  # fmt: skip
            print(f"C {stored.id}", flush=True)
        elif kind < 0.8:
            batch = [
                NewMessage(
                    ACCOUNT,
                    peer,
                    Direction.INCOMING,
                    f"in {seed}-{n}-{i} ünïcödé",
                    base + timedelta(seconds=n, milliseconds=i),
                    stanza_id=f"s-{seed}-{n}-{i}",
                )
                for i in range(rng.randrange(1, 30))
            ]
            result = history.store(batch, mam_cursor=(ACCOUNT, f"s-{seed}-{n}", base))
            print("C " + " ".join(str(m.id) for m in result.added), flush=True)
        elif kind < 0.9:
            pending = [m.id for m in history.outbox(ACCOUNT)][:10]
            history.advance(pending, MessageState.ACKED)
        else:
            history.mark_read(ACCOUNT, peer)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
