"""Drive coroutines on a fresh qasync loop per test (pytest-qt has no asyncio support)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import PySide6.QtCore  # noqa: F401 - before qasync, so it does not probe PyQt
import qasync
from PySide6.QtWidgets import QApplication


def run_qasync[T](coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    """Run ``coro`` to completion on a new QEventLoop over the test's QApplication."""
    app = QApplication.instance()
    assert app is not None, "use the qapp fixture"
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(asyncio.wait_for(coro, timeout))
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()
        asyncio.set_event_loop(None)


async def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait on the loop until ``predicate`` holds."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)
