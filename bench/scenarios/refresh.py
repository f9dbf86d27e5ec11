"""5. Idle-label refresh: the cost of one refresh tick with N contacts and ~30 rows on screen.

Runs in a child process (``python -m bench.scenarios.refresh --child``): the app's own main
window and roster model, N contacts all online and idle (idle starts spread over hours, so every
visible "idle N min" label changes each simulated minute), the window sized to show about 30
rows, offscreen. Every contact went idle 1-10 minutes ago, so each simulated minute changes
every visible "idle N min" label (the worst case). Each tick moves the model's clock on by
one minute, calls ``RosterModel.refresh_visible()`` (what the model's own timer calls) and
then lets Qt process what that caused (the view's reaction to dataChanged and the repaint of
the changed rows), so a tick's cost is everything the UI thread does for it.
"""

# ruff: noqa: PLC0415, TID251  # the child alone imports Qt and the app's window

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.common import PY, ROOT, Bench, log
from bench.config import Config
from bench.results import Figure, at_most

ACCOUNT = "me@localhost"


def child(contacts: int, ticks: int) -> dict[str, Any]:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    from client.core.presence import IdleSource, ResourcePresence, Show
    from client.core.roster import PresenceEvent, RosterItem, Subscription
    from client.models.roster_model import RosterModel
    from client.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    now = [datetime(2026, 11, 20, 12, 0, tzinfo=UTC)]

    def clock() -> datetime:
        return now[0]

    try:
        model = RosterModel(clock=clock, auto_refresh=False)  # type: ignore[call-arg]
    except TypeError:
        model = RosterModel(clock=clock)
    t0 = time.perf_counter()
    model.set_accounts([ACCOUNT])
    items = [
        RosterItem(ACCOUNT, f"bot{i}@bots.localhost", f"Bot {i}", (), Subscription.BOTH)
        for i in range(contacts)
    ]
    model.set_roster(ACCOUNT, items)
    shows = (Show.AVAILABLE, Show.AWAY, Show.XA)
    events = [
        PresenceEvent(
            ACCOUNT,
            item.jid,
            ResourcePresence(
                resource="r",
                show=shows[i % 3],
                status="",
                priority=0,
                idle_since=now[0] - timedelta(minutes=1 + i % 10, seconds=i % 60),
                idle_source=IdleSource.XEP_0319,
                supports_idle=True,
                received_at=now[0],
                delay_stamp=None,
            ),
        )
        for i, item in enumerate(items)
    ]
    model.apply_presence_batch(events)
    load_s = time.perf_counter() - t0

    window = MainWindow()
    widget = getattr(window, "roster_widget", None)
    if widget is not None and hasattr(widget, "set_model"):
        widget.set_model(model)
    else:
        window.roster_view.setModel(model)
    if hasattr(window, "set_has_accounts"):
        window.set_has_accounts(True)
    view = window.roster_view
    window.show()
    for _ in range(5):
        app.processEvents()
    row_h = max(1, view.sizeHintForRow(0))
    window.resize(window.width(), window.height() + (30 * row_h - view.viewport().height()))
    for _ in range(5):
        app.processEvents()
    first = view.indexAt(QPoint(0, 0)).row()
    last = view.indexAt(QPoint(0, view.viewport().height() - 1)).row()
    model.set_visible_rows(first, last)
    refresh_ms: list[float] = []
    total_ms: list[float] = []
    changed: list[int] = []
    examined: list[int] = []
    for _ in range(ticks):
        now[0] += timedelta(minutes=1)
        a = time.perf_counter()
        n = model.refresh_visible()
        b = time.perf_counter()
        for _ in range(3):  # deferred work: the view's reaction, then the paint
            app.processEvents()
        c = time.perf_counter()
        refresh_ms.append((b - a) * 1000)
        total_ms.append((c - a) * 1000)
        changed.append(n)
        examined.append(getattr(model, "last_tick_examined", -1))
    window.hide()
    return {
        "contacts": contacts,
        "rows": model.rowCount(),
        "visible": [first, last],
        "row_height": row_h,
        "load_s": load_s,
        "tick_ms": statistics.median(total_ms),
        "tick_max_ms": max(total_ms),
        "refresh_only_ms": statistics.median(refresh_ms),
        "changed": statistics.median(changed),
        "examined": statistics.median(examined),
    }


def run(bench: Bench, cfg: Config) -> list[Figure]:
    fig = Figure(
        "refresh_tick_ms",
        f"Idle-label refresh tick, {cfg.refresh_contacts:,} contacts, ~30 rows shown",
        "ms",
        target="≤ 5 ms",
        check=at_most(5),
    )
    only = Figure("refresh_only_ms", "Idle-label refresh: refresh_visible() alone (no paint)", "ms")
    for i in range(cfg.runs):
        done = subprocess.run(
            [PY, "-m", "bench.scenarios.refresh", "--child",
             "--contacts", str(cfg.refresh_contacts), "--ticks", str(cfg.refresh_ticks)],
            cwd=ROOT, env=bench.env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"refresh child failed: {done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        log(
            f"refresh run {i + 1}: tick {result['tick_ms']:.2f} ms (max"
            f" {result['tick_max_ms']:.2f}), refresh only {result['refresh_only_ms']:.2f} ms,"
            f" rows {result['visible']} changed {result['changed']} examined"
            f" {result['examined']}"
        )
        fig.attend.append(result["tick_ms"])
        only.attend.append(result["refresh_only_ms"])
        if i == 0:
            fig.notes.append(
                f"rows {result['visible'][0]}–{result['visible'][1]} visible of"
                f" {result['rows']}; {result['changed']:g} rows changed per tick"
            )
    return [fig, only]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--ticks", type=int, default=50)
    args = parser.parse_args()
    print(json.dumps(child(args.contacts, args.ticks)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
