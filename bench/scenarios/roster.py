"""2 and 4. Sign-in → roster shown, and peak memory, with N contacts, vs bare slixmpp.

Attend: from the account's ``connecting`` status (the sign-in starts) to the roster view's first
paint with the whole roster in its model. Bare slixmpp: from ``connect()`` to the roster result
parsed. Every contact is online (the component answers each presence probe), so after the
roster both receive N presences; peak RSS (VmHWM) is read once all N have been handled.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bench.common import (
    Bench,
    BenchError,
    Events,
    log,
    peak_rss_mb,
    start_profiler,
    stop_profiler,
)
from bench.config import Config
from bench.results import Figure, at_most, ratio_check


@dataclass
class SignIn:
    roster_shown: float  # s from sign-in start
    launch_to_shown: float | None  # s from process launch (app only)
    presences_done: float | None  # s from sign-in start until all N presences were handled
    peak_rss_mb: float | None
    stall_ms: float | None = None  # longest UI-thread stall from sign-in to presences done


def max_lag(events: Events, start: float, end: float) -> float:
    lags = [e["ms"] for e in events.of("lag") if start <= e["t"] <= end]
    return max(lags, default=0.0)


def app_once(bench: Bench, user: str, contacts: int) -> SignIn:
    n, path = bench.new_run(f"signin-app-{contacts}")
    profile = bench.profile_for(user, f"attend{n}")
    events = Events(path)
    proc, t0 = bench.launch_app(profile, path)
    profiler = start_profiler(proc.pid, f"signin-{contacts}")
    timeout = 60 + contacts / 200
    try:
        start = events.wait(
            lambda e: e["ev"] == "status" and e["state"] == "connecting", 60, proc, "connecting"
        )["t"]
        shown = events.wait(
            lambda e: e["ev"] == "painted" and e["rows"] >= contacts,
            timeout,
            proc,
            f"the roster view painted with {contacts} rows",
        )["t"]
        done: float | None
        try:
            done = events.wait(
                events.count_at_least("presence", contacts), timeout, proc, "login presences"
            )["t"]
        except BenchError as exc:
            log(f"  {exc}")
            done = None
        stop_profiler(profiler)
        time.sleep(0.3)
        rss = peak_rss_mb(proc.pid)
        stall = max_lag(events, start, done or time.monotonic())
    finally:
        bench.finish(proc)
    return SignIn(shown - start, shown - t0, (done - start) if done else None, rss, stall)


def ref_once(bench: Bench, user: str, contacts: int) -> SignIn:
    n, path = bench.new_run(f"signin-ref-{contacts}")
    events = Events(path)
    proc, _t0 = bench.launch(bench.bare_client_args(user, f"ref{n}"), path)
    timeout = 60 + contacts / 200
    try:
        start = events.wait(lambda e: e["ev"] == "connect", 30, proc, "connect")["t"]
        roster = events.wait(lambda e: e["ev"] == "roster", timeout, proc, "roster")
        if roster["n"] < contacts:
            raise BenchError(f"bare client got {roster['n']} roster items, not {contacts}")
        done: float | None
        try:
            done = events.wait(
                events.count_at_least("presence", contacts), timeout, proc, "login presences"
            )["t"]
        except BenchError as exc:
            log(f"  {exc}")
            done = None
        time.sleep(0.3)
        rss = peak_rss_mb(proc.pid)
    finally:
        bench.finish(proc)
    return SignIn(roster["t"] - start, None, (done - start) if done else None, rss)


def run(bench: Bench, cfg: Config) -> list[Figure]:
    figures: list[Figure] = []
    for contacts in cfg.roster_sizes:
        user = f"u{contacts}"
        k = f"{contacts // 1000}k" if contacts >= 1000 else str(contacts)
        shown = Figure(
            f"roster_shown_{contacts}_s",
            f"Sign-in → roster shown, {contacts:,} contacts",
            "s",
            ref_label="bare slixmpp: roster received",
            target="≤ 1.5× bare + 100 ms",
            check=ratio_check(1.5, 0.1),
        )
        presences = Figure(
            f"login_presences_{contacts}_s",
            f"Sign-in → all {contacts:,} login presences handled",
            "s",
            ref_label="bare slixmpp",
        )
        rss = Figure(
            f"peak_rss_{contacts}_mb",
            f"Peak RSS, {contacts:,} contacts online",
            "MB",
            ref_label="bare slixmpp",
        )
        if contacts == 5_000:
            rss.target, rss.check = "≤ 200 MB", at_most(200)
        stall = Figure(
            f"signin_stall_{contacts}_ms",
            f"Longest UI stall during sign-in, {contacts:,} contacts",
            "ms",
        )
        for i in range(cfg.runs):
            app = app_once(bench, user, contacts)
            ref = ref_once(bench, user, contacts)
            log(
                f"sign-in {k} run {i + 1}: app roster shown {app.roster_shown:.3f} s"
                f" (launch→shown {app.launch_to_shown:.3f} s), presences {app.presences_done},"
                f" rss {app.peak_rss_mb} MB, stall {app.stall_ms} ms | bare roster"
                f" {ref.roster_shown:.3f} s, presences {ref.presences_done},"
                f" rss {ref.peak_rss_mb} MB"
            )
            shown.add(app.roster_shown, ref.roster_shown)
            presences.add(app.presences_done, ref.presences_done)
            rss.add(app.peak_rss_mb, ref.peak_rss_mb)
            stall.add(app.stall_ms)
        figures += [shown, presences, rss, stall]
    return figures
