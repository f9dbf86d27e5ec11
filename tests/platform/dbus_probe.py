"""Child process for D-Bus chain tests: builds the sources on the default (env) buses, prints JSON.

``QDBusConnection.sessionBus()``/``systemBus()`` are process-wide and read the environment once,
so this path is tested in a child whose DBUS_*_BUS_ADDRESS point at the private daemons.
Prints ``{"event": "ready", "lock": ..., "locked": ..., "sleep": ..., "idle": ...,
"idle_seconds": ...}``, then ``{"event": "lock"|"sleep", "value": ...}`` per signal. Reads
commands from stdin: ``allow_sleep``, ``idle``, ``quit`` (or EOF).
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer

from client.platform.dbus_chains import make_dbus_idle_source, make_lock_source, make_sleep_source
from client.platform.dbus_sleep import LogindSleepSource


def emit(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    lock = make_lock_source()
    sleep = make_sleep_source()
    idle = make_dbus_idle_source()

    def ready() -> None:
        emit(
            event="ready",
            lock=lock.name if lock else None,
            locked=lock.is_locked() if lock else None,
            sleep=sleep.name if sleep else None,
            delay_lock=sleep.holds_delay_lock() if isinstance(sleep, LogindSleepSource) else None,
            idle=idle.name if idle else None,
            idle_seconds=idle.idle_seconds() if idle else None,
        )

    if lock is not None:
        lock.lock_changed.connect(lambda value: emit(event="lock", value=value))
    if sleep is not None:
        sleep.sleep_changed.connect(lambda value: emit(event="sleep", value=value))

    def command() -> None:
        line = sys.stdin.readline().strip()
        if line == "allow_sleep" and isinstance(sleep, LogindSleepSource):
            sleep.allow_sleep()
            emit(event="allowed", delay_lock=sleep.holds_delay_lock())
        elif line == "idle" and idle is not None:
            emit(event="idle", seconds=idle.idle_seconds())
        elif line in {"quit", ""}:
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    # Give the start-up queries a moment to answer before reporting.
    QTimer.singleShot(300, ready)
    QTimer.singleShot(20_000, app.quit)  # never outlive a broken test
    code = app.exec()
    for source in (lock, sleep, idle):
        if source is not None:
            source.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
