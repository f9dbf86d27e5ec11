"""Paced reading: slixmpp's parser fed in small slices, with a time budget per loop turn.

asyncio hands a protocol up to 256 KiB per read, and slixmpp parses and dispatches all of it
in one go: during a presence flood that is hundreds of stanzas, and the UI thread (the same
loop, through qasync) stalls for half a second at a time (FIELD-NOTES §3). Here every read is
queued and fed to slixmpp's ``data_received`` a slice at a time; once a loop turn has spent
its budget, reading from the transport is paused (so TCP flow control holds the server back
instead of our memory) and the rest waits for the next turn, after timers and painting.

Order is kept (one queue; nothing new is read while it is non-empty), and nothing is lost:
whatever is still queued when the connection goes is handed to slixmpp before it hears of the
loss, as it would have been without pacing.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from typing import Any

# Bytes per slice: ~20 presence stanzas; a large stanza (a roster) is still parsed
# incrementally across slices, though its handler runs in one piece.
SLICE_BYTES = 4096
# Parsing and dispatching time per loop turn before the loop gets a chance to run other work.
TURN_BUDGET_S = 0.005


class PacedReader:
    """Mixin for ``slixmpp.xmlstream.XMLStream`` subclasses (listed before it in the bases)."""

    slice_bytes = SLICE_BYTES
    turn_budget_s = TURN_BUDGET_S

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._paced: deque[memoryview] = deque()
        self._paced_scheduled = False
        self._paced_paused: Any = None  # the transport we paused, if any
        self.paced_turns = 0  # loop turns that had to stop early (for tests and benchmarks)

    def data_received(self, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not data:
            return
        self._paced.append(memoryview(data))
        if not self._paced_scheduled:
            self._feed_paced()

    def _feed_paced(self) -> None:
        self._paced_scheduled = False
        deadline = time.monotonic() + self.turn_budget_s
        queue = self._paced
        feed = super().data_received  # type: ignore[misc]
        while queue:
            head = queue[0]
            if len(head) <= self.slice_bytes:
                queue.popleft()
                piece = head
            else:
                piece, queue[0] = head[: self.slice_bytes], head[self.slice_bytes :]
            feed(bytes(piece))
            if queue and time.monotonic() >= deadline:
                self.paced_turns += 1
                self._pause()
                self._paced_scheduled = True
                asyncio.get_running_loop().call_soon(self._feed_paced)
                return
        self._resume()

    def _pause(self) -> None:
        transport = getattr(self, "transport", None)
        if transport is not None and self._paced_paused is None:
            with contextlib.suppress(AttributeError, RuntimeError):
                transport.pause_reading()
                self._paced_paused = transport

    def _resume(self) -> None:
        paused: Any = self._paced_paused
        self._paced_paused = None
        current: Any = getattr(self, "transport", None)
        if paused is None or paused is not current:
            return  # nothing paused, or a transport since replaced (TLS) or gone
        with contextlib.suppress(AttributeError, RuntimeError):
            paused.resume_reading()

    def connection_lost(self, exception: BaseException | None) -> None:
        # Hand slixmpp everything that arrived before the loss, as an unpaced reader would.
        feed = super().data_received  # type: ignore[misc]
        while self._paced:
            feed(bytes(self._paced.popleft()))
        self._paced_paused = None
        super().connection_lost(exception)  # type: ignore[misc]
