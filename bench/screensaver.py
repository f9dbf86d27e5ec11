"""A fake org.freedesktop.ScreenSaver for the CSI scenario that records when it signals.

The test suite's fake (tests/fixtures/dbus_services/fake_desktop.py), plus one event per
``ActiveChanged`` it emits: ``{"ev": "active_changed", "active": bool, "t": monotonic}``,
written right after the signal left, so "lock → <inactive/>" is measured from the signal and
not from the dbus-send that asked for it. Driven with
``dbus-send ... org.attend.Test.SetActive boolean:true``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
from typing import Any

from tests.fixtures.dbus_services import fake_desktop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bus", required=True)
    parser.add_argument("--events", required=True)
    args = parser.parse_args()
    ns = argparse.Namespace(
        bus=args.bus,
        name="org.freedesktop.ScreenSaver",
        path=None,
        active=False,
        idle_ms=0,
        idle_no_reply=False,
        idle_not_supported=False,
        no_get_active=False,
    )
    service = fake_desktop.screensaver(ns)
    emit = service.emit

    def recorded(*a: Any, **kw: Any) -> None:
        emit(*a, **kw)
        if len(a) > 2 and a[2] == "ActiveChanged":
            with open(args.events, "a", encoding="utf-8") as out:
                active = bool(a[4][0])
                out.write(json.dumps({"t": time.monotonic(), "ev": "active_changed",
                                      "active": active}) + "\n")  # fmt: skip

    service.emit = recorded  # type: ignore[method-assign]
    with contextlib.suppress(ConnectionError, OSError):
        service.run()


if __name__ == "__main__":
    main()
