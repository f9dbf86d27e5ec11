"""Child process for the single-instance tests: `serve NAME` or `send NAME ARG...`."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QCoreApplication, QTimer

from client.services.single_instance import SingleInstance


def main() -> int:
    mode, name, *args = sys.argv[1:]
    app = QCoreApplication([])
    instance = SingleInstance(name)
    if mode == "send":
        return 0 if instance.send_to_running(args) else 3
    if not instance.listen():
        print("cannot listen", flush=True)
        return 4

    def received(got: list[str]) -> None:
        print(json.dumps(got), flush=True)
        if got == ["quit"]:
            app.quit()

    instance.message_received.connect(received)
    QTimer.singleShot(30_000, app.quit)  # never outlive a broken test
    print("listening", flush=True)
    app.exec()
    instance.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
