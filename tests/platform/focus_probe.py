"""Child process for focus tests: shows a QWindow on xcb and prints QtForegroundSource changes.

Prints one JSON object per line: ``{"event": "ready", "wid": ..., ...}`` once shown, then
``{"event": "changed", "foreground": ..., "visible": ...}`` on every signal. Reads commands from
stdin: ``hide``, ``show``, ``quit``. Run with ``--plain`` to show just a window (a rival that
takes focus).
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPaintEvent, QRasterWindow

from client.platform.foreground import QtForegroundSource


class ProbeWindow(QRasterWindow):
    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(event.rect(), QColor("white"))


def emit(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    window = ProbeWindow()
    window.resize(320, 200)
    window.setTitle("attend focus probe")
    window.show()
    if "--plain" in sys.argv:
        emit(event="ready", wid=int(window.winId()))
        return app.exec()

    # Long period: changes must come from signals and event filters, not the safety-net poll.
    source = QtForegroundSource(recheck_ms=60_000)

    def changed(signal: str, value: bool) -> None:
        emit(
            event="changed",
            signal=signal,
            value=value,
            foreground=source.is_foreground(),
            visible=source.is_visible(),
        )

    source.foreground_changed.connect(lambda value: changed("foreground_changed", value))
    source.visibility_changed.connect(lambda value: changed("visibility_changed", value))

    def command() -> None:
        line = sys.stdin.readline().strip()
        if line == "hide":
            window.hide()
        elif line == "show":
            window.show()
        elif line in {"quit", ""}:
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)

    def ready() -> None:
        emit(
            event="ready",
            wid=int(window.winId()),
            foreground=source.is_foreground(),
            visible=source.is_visible(),
        )

    QTimer.singleShot(0, ready)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
