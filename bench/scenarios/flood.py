"""3. Presence flood: COUNT presences with idle stamps from the roster's bots vs bare slixmpp.

The account's roster holds bot0..bot{N-1}@bots.localhost (subscription both); after sign-in
and the N login presences (the component answers every probe) have settled, the component
writes COUNT presences round-robin from those JIDs as fast as Prosody reads them. Rate =
COUNT / (last presence handled - the component's first write), the same clock for both
clients. Attend "handles" a presence when its batch reaches the roster model. The longest UI
stall is the latest the app's 10 ms lag-probe timer fired between those two moments.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from bench.common import (
    DOMAIN,
    Bench,
    BenchError,
    Events,
    cpu_seconds,
    log,
    start_profiler,
    stop_profiler,
)
from bench.config import Config
from bench.results import Figure, at_most, ratio_check


@dataclass
class Flood:
    start: float  # monotonic: the component's first write
    end: float  # monotonic: the last flood presence handled
    seconds: float
    rate: float
    cpu: float | None
    stall_ms: float | None = None
    busy_stall_ms: float | None = None  # the part of a stall the UI thread spent on the CPU
    gc_max_ms: float | None = None
    late_ticks: int | None = None  # lag-probe ticks >= 50 ms late
    ticks: int | None = None  # lag-probe ticks during the flood
    curve: list[tuple[float, int]] = field(default_factory=list)  # (s since start, handled)
    lags: list[tuple[float, float]] = field(default_factory=list)  # (s since start, ms late)


def _settle(events: Events, proc: Any, contacts: int, what: str) -> int:
    timeout = 60 + contacts / 200
    events.wait(events.count_at_least("presence", contacts), timeout, proc, f"{what} presences")
    events.wait_quiet("presence", 1.0, 30)
    last = events.last("presence")
    return int(last["n"]) if last else 0


def _flood(  # noqa: PLR0917
    bench: Bench, events: Events, proc: Any, user: str, cfg: Config, base: int, name: str = ""
) -> Flood:
    comp = bench.component_events
    assert comp is not None
    comp.poll()
    seen = len(comp.items)
    profiler = start_profiler(proc.pid, f"flood-{name}")
    cpu0 = cpu_seconds(proc.pid)
    bench.component_command("flood", f"{user}@{DOMAIN}", cfg.flood_count, cfg.flood_roster)
    start = comp.wait(
        lambda e: e["ev"] == "flood_start" and comp.items.index(e) >= seen, 30, None, "flood"
    )["t"]
    end = events.wait(
        events.count_at_least("presence", base + cfg.flood_count),
        60 + cfg.flood_count / 200,
        proc,
        f"{cfg.flood_count} flood presences",
    )["t"]
    cpu1 = cpu_seconds(proc.pid)
    stop_profiler(profiler)
    seconds = end - start
    curve = [
        (e["t"] - start, e["n"] - base)
        for e in events.of("presence")
        if e["t"] >= start - 0.05 and e["n"] >= base
    ]
    return Flood(
        start,
        end,
        seconds,
        cfg.flood_count / seconds,
        (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else None,
        curve=curve,
    )


def app_once(bench: Bench, cfg: Config) -> Flood:
    user = f"u{cfg.flood_roster}"
    n, path = bench.new_run("flood-app")
    profile = bench.profile_for(user, f"attend{n}")
    events = Events(path)
    proc, _t0 = bench.launch_app(profile, path)
    try:
        base = _settle(events, proc, cfg.flood_roster, "login")
        result = _flood(bench, events, proc, user, cfg, base, "attend")
        time.sleep(1.1)  # one more once-a-second "ticks" report after the flood
        lags = [
            (e["t"] - result.start, e["ms"])
            for e in events.of("lag")
            if result.start <= e["t"] <= result.end
        ]
        result.lags = lags
        result.stall_ms = max((ms for _t, ms in lags), default=0.0)
        in_flood = [e for e in events.of("lag") if result.start <= e["t"] <= result.end]
        result.busy_stall_ms = max(
            (min(e["ms"], max(0.0, e.get("cpu_ms", e["ms"] + 10) - 10)) for e in in_flood),
            default=0.0,
        )
        result.gc_max_ms = max(
            (e["ms"] for e in events.of("gc") if result.start <= e["t"] <= result.end),
            default=0.0,
        )
        result.late_ticks = sum(1 for _t, ms in lags if ms >= 50)
        result.ticks = _ticks_between(events.of("ticks"), result.start, result.end)
    finally:
        bench.finish(proc)
    return result


def _ticks_between(ticks: list[dict[str, Any]], start: float, end: float) -> int | None:
    """Lag-probe ticks in [start, end], from the once-a-second cumulative reports."""
    before = [e["n"] for e in ticks if e["t"] <= start]
    after = [e["n"] for e in ticks if e["t"] >= end]
    if not before or not after:
        return None
    return int(after[0] - before[-1])


def ref_once(bench: Bench, cfg: Config) -> Flood:
    user = f"u{cfg.flood_roster}"
    n, path = bench.new_run("flood-ref")
    events = Events(path)
    proc, _t0 = bench.launch(bench.bare_client_args(user, f"ref{n}"), path)
    try:
        base = _settle(events, proc, cfg.flood_roster, "login")
        return _flood(bench, events, proc, user, cfg, base, "bare")
    finally:
        bench.finish(proc)


def run(bench: Bench, cfg: Config) -> tuple[list[Figure], dict[str, Any]]:
    count = f"{cfg.flood_count:,}"
    rate = Figure(
        "flood_rate",
        f"Presence flood: {count} presences handled per second",
        "/s",
        ref_label="bare slixmpp",
        target="≥ 0.9× bare",
        check=ratio_check(0.9, op=lambda a, b: a >= b),
    )
    seconds = Figure(
        "flood_seconds", f"Presence flood: {count} handled in", "s", ref_label="bare slixmpp"
    )
    cpu = Figure("flood_cpu_s", "Presence flood: CPU time", "s", ref_label="bare slixmpp")
    stall = Figure(
        "flood_stall_ms",
        "Presence flood: longest UI-thread stall",
        "ms",
        target="≤ 50 ms",
        check=at_most(50),
    )
    busy = Figure(
        "flood_busy_stall_ms", "Presence flood: longest stall with the UI thread on the CPU", "ms"
    )
    late = Figure("flood_late_ticks", "Presence flood: 10 ms lag-probe ticks ≥ 50 ms late", "")
    gc_pause = Figure("flood_gc_ms", "Presence flood: longest garbage-collection pause", "ms")
    curves: dict[str, Any] = {"count": cfg.flood_count, "roster": cfg.flood_roster, "runs": []}
    for i in range(cfg.runs):
        try:
            app = app_once(bench, cfg)
        except BenchError as exc:
            log(f"flood run {i + 1}: Attend failed: {exc}")
            rate.notes.append(f"run {i + 1}: {exc}")
            continue
        ref = ref_once(bench, cfg)
        log(
            f"flood run {i + 1}: app {app.seconds:.2f} s ({app.rate:,.0f}/s, cpu {app.cpu},"
            f" stall {app.stall_ms} ms, busy {app.busy_stall_ms} ms, gc {app.gc_max_ms} ms,"
            f" ticks {app.ticks}, late {app.late_ticks})"
            f" | bare {ref.seconds:.2f} s ({ref.rate:,.0f}/s, cpu {ref.cpu})"
        )
        rate.add(app.rate, ref.rate)
        seconds.add(app.seconds, ref.seconds)
        cpu.add(app.cpu, ref.cpu)
        stall.add(app.stall_ms)
        late.add(app.late_ticks)
        busy.add(app.busy_stall_ms)
        gc_pause.add(app.gc_max_ms)
        curves["runs"].append(
            {"attend": app.curve, "reference": ref.curve, "lags": app.lags, "ticks": app.ticks}
        )
    return [rate, seconds, cpu, stall, busy, late, gc_pause], curves
