"""1. Cold start: process launch → main window exposed, vs a bare PySide6 window (the floor).

Both start from an empty profile / nothing, offscreen. One warm-up launch of each is not
counted (it fills the page cache and writes .pyc files); the rest alternate app and floor so
slow drifts in machine load hit both alike.
"""

from __future__ import annotations

from bench.common import Bench, Events, log
from bench.config import Config
from bench.results import Figure, ratio_check


def app_once(bench: Bench) -> tuple[float, float | None]:
    """(launch → window exposed, launch → window painted) for one app start."""
    profile = bench.profile_for(None, "cold")
    _n, path = bench.new_run("cold-app")
    events = Events(path)
    proc, t0 = bench.launch_app(profile, path)
    try:
        exposed = events.wait(lambda e: e["ev"] == "window_exposed", 60, proc, "window exposed")
        painted = events.first("window_painted")
    finally:
        bench.finish(proc)
    return exposed["t"] - t0, (painted["t"] - t0) if painted else None


def floor_once(bench: Bench) -> float:
    _n, path = bench.new_run("cold-floor")
    events = Events(path)
    proc, t0 = bench.launch(["-m", "bench.refs.bare_window"], path)
    try:
        exposed = events.wait(lambda e: e["ev"] == "window_exposed", 60, proc, "bare window")
    finally:
        bench.finish(proc)
    return float(exposed["t"] - t0)


def run(bench: Bench, cfg: Config) -> list[Figure]:
    fig = Figure(
        "cold_start_s",
        "Cold start → main window shown (empty profile)",
        "s",
        ref_label="bare PySide6 window",
        target="≤ 1.5× bare window",
        check=ratio_check(1.5),
    )
    for i in range(cfg.runs + 1):
        app, _painted = app_once(bench)
        floor = floor_once(bench)
        if i == 0:
            log(f"cold start warm-up: app {app:.3f} s, bare window {floor:.3f} s (not counted)")
            continue
        log(f"cold start run {i}: app {app:.3f} s, bare window {floor:.3f} s")
        fig.attend.append(app)
        fig.reference.append(floor)
    return [fig]
