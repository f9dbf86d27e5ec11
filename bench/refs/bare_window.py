"""The floor for cold start: the least a PySide6 app does to get a window on screen.

Writes ``{"ev": "window_exposed", "t": time.monotonic()}`` when its window is first exposed
(the same moment the app's probe reports), then quits.
"""

# ruff: noqa: TID251  # the floor is a widget app by definition

from __future__ import annotations

import argparse
import json
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class ExposeWatch(QObject):
    def __init__(self, window: QMainWindow, events: str) -> None:
        super().__init__(window)
        self.window = window
        self.events = events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        handle = self.window.windowHandle()
        if event.type() == QEvent.Type.Expose and handle is not None and handle.isExposed():
            with open(self.events, "a", encoding="utf-8") as out:
                out.write(json.dumps({"t": time.monotonic(), "ev": "window_exposed"}) + "\n")
            QApplication.quit()
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", required=True)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(360, 640)
    watch = ExposeWatch(window, args.events)
    window.show()
    handle = window.windowHandle()
    assert handle is not None
    handle.installEventFilter(watch)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
