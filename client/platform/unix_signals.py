"""SIGINT/SIGTERM delivered into the Qt event loop (Python handlers alone wait for bytecode)."""

from __future__ import annotations

import contextlib
import signal
import socket
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, Signal


class SignalWatcher(QObject):
    """Emits ``signal_received(signum)`` promptly even while Qt's C++ loop is idle.

    A Python signal handler only runs when the interpreter executes bytecode; the C-level
    handler writes to a wakeup fd, which a QSocketNotifier turns into an event (the qutebrowser
    approach).
    """

    signal_received = Signal(int)

    def __init__(self, signals: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)) -> None:
        super().__init__()
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._write.fileno())
        self._old_handlers = {s: signal.signal(s, self._python_handler) for s in signals}
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _python_handler(self, signum: int, frame: FrameType | None) -> None:
        del signum, frame  # delivered through the wakeup fd instead

    def _drain(self) -> None:
        with contextlib.suppress(BlockingIOError, InterruptedError):
            data = self._read.recv(64)
            for signum in data:
                self.signal_received.emit(int(signum))

    def close(self) -> None:
        self._notifier.setEnabled(False)
        for signum, handler in self._old_handlers.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(self._old_fd)
        self._read.close()
        self._write.close()
