"""Rough timings of the roster model: python -m tests.models.bench_roster (offscreen).

Not a test (pytest does not collect it) and not the real benchmark, which drives the whole
client against Prosody; this isolates the model and the roster pane showing it. Medians of 5.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from client.core.presence import Show
from client.core.roster import PresenceEvent, RosterItem
from client.models.roster_model import RosterModel, SortMode
from client.ui.roster_view import RosterWidget
from tests.models.roster_builders import ME, FakeClock, event, item, presence, utc

NOW = utc(2026, 11, 3, 12, 0)
GROUPS = ("Friends", "Work", "Family", "Team", "")
KEEP: list[object] = []


def roster(n: int) -> list[RosterItem]:
    rnd = random.Random(1)
    return [
        item(f"user{i}@example.com", f"User {rnd.randrange(10**6)}", (rnd.choice(GROUPS),))
        for i in range(n)
    ]


def flood(count: int, n: int, seed: int) -> list[PresenceEvent]:
    rnd = random.Random(seed)
    shows = [Show.AVAILABLE, Show.AWAY, Show.XA, Show.DND, Show.OFFLINE]
    out = []
    for _ in range(count):
        idle = NOW - timedelta(seconds=rnd.randrange(1, 90_000)) if rnd.random() < 0.4 else None
        out.append(
            event(
                f"user{rnd.randrange(n)}@example.com",
                presence(show=rnd.choice(shows), status="s", idle_since=idle),
            )
        )
    return out


def median_ms(setup: Callable[[], Callable[[], object]], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        KEEP.clear()  # earlier runs' objects would slow every garbage collection down
        gc.collect()
        work = setup()
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    app = QApplication([])
    keep = KEEP

    def fresh(n: int, sort: SortMode, with_view: bool) -> RosterModel:
        model = RosterModel(clock=FakeClock(NOW), auto_refresh=False)
        model.set_sort(sort)
        if with_view:
            pane = RosterWidget()  # the real list view and delegate
            pane.set_model(model)
            pane.resize(320, 700)
            pane.show()
            keep.append(pane)
        keep.append(model)
        return model

    for n in (5_000, 20_000):
        items = roster(n)

        def load_model(n: int = n, items: list[RosterItem] = items) -> Callable[[], object]:
            model = fresh(n, SortMode.STATUS, False)
            return lambda: model.set_roster(ME, items)

        print(f"set_roster {n:>6}, model only:            {median_ms(load_model):7.1f} ms")

        def load(n: int = n, items: list[RosterItem] = items) -> Callable[[], object]:
            model = fresh(n, SortMode.STATUS, True)
            return lambda: (model.set_roster(ME, items), app.processEvents())

        print(f"set_roster {n:>6} + view layout, paint:   {median_ms(load):7.1f} ms")

        def batch(n: int = n, items: list[RosterItem] = items) -> Callable[[], object]:
            model = fresh(n, SortMode.STATUS, True)
            model.set_roster(ME, items)
            model.apply_presence_batch(flood(2_000, n, 5))
            app.processEvents()
            events = flood(2_000, n, 6)
            return lambda: (model.apply_presence_batch(events), app.processEvents())

        print(f"2,000-event batch on {n:>6}, reorders:  {median_ms(batch):7.1f} ms (layout)")

        def quiet(n: int = n, items: list[RosterItem] = items) -> Callable[[], object]:
            model = fresh(n, SortMode.NAME, True)
            model.set_roster(ME, items)
            model.apply_presence_batch([event(i.jid, presence()) for i in items])
            app.processEvents()
            rnd = random.Random(7)
            events = [
                event(f"user{i}@example.com", presence(status="new"))
                for i in rnd.sample(range(n), 2_000)
            ]
            return lambda: (model.apply_presence_batch(events), app.processEvents())

        print(f"2,000 status changes on {n:>6}, no move: {median_ms(quiet):7.1f} ms (dataChanged)")

        def keystroke(n: int = n, items: list[RosterItem] = items) -> Callable[[], object]:
            model = fresh(n, SortMode.STATUS, True)
            model.set_roster(ME, items)
            app.processEvents()
            return lambda: (model.set_filter("user 12"), app.processEvents())

        print(f"filter keystroke on {n:>6}:              {median_ms(keystroke):7.1f} ms")

    def tick() -> Callable[[], object]:
        clock = FakeClock(NOW)
        model = RosterModel(clock=clock, auto_refresh=False)
        model.set_roster(ME, roster(20_000))
        model.apply_presence_batch(
            [
                event(f"user{i}@example.com", presence(idle_since=NOW - timedelta(seconds=90 + i)))
                for i in range(20_000)
            ]
        )
        model.set_visible_rows(5_000, 5_029)
        keep.append(model)
        clock.advance(seconds=60)
        return model.refresh_visible

    print(f"idle refresh tick, 20,000 rows, 30 visible: {median_ms(tick):5.2f} ms")
    app.processEvents()


if __name__ == "__main__":
    main()
