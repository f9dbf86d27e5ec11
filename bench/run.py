"""`make bench`: Attend side by side with bare slixmpp and a bare Qt window.

    .venv/bin/python -m bench.run [--quick] [--only cold_start,roster,...] [--runs N]
                                  [--sizes 5000,20000] [--csi-seconds S] [--out DIR] [--keep]

Starts a private Prosody, seeds accounts and rosters (storage files, FIELD-NOTES §7) and an
XEP-0114 component whose bots are the contacts, runs every scenario, prints a Markdown table
(medians, ratios to the reference measured in the same run, targets) and writes
``bench-results/bench-<stamp>.json``, ``latest.json`` (full runs only) and a PNG chart of the
presence flood. The app runs as ``python -m client`` offscreen with ATTEND_BENCH_EVENTS set
(client/app/bench_probe.py). With ATTEND_BENCH_PYSPY=DIR and py-spy installed (a profiling
aid, not a dependency), the measured part of the sign-in and flood runs is sampled into DIR.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, Bench, bench_environment, log, machine_description
from bench.config import Config
from bench.results import Figure, table

SCENARIOS = ("cold_start", "roster", "flood", "refresh", "csi")
NEED_SERVER = {"roster", "flood"}  # csi starts a Prosody of its own (with debug logging)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {SCENARIOS}")
    parser.add_argument("--runs", type=int, help="measured runs per scenario (default 3)")
    parser.add_argument(
        "--csi-seconds", type=float, help="how long the client stays inactive (default 60)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--sizes", help="comma-separated roster sizes for the sign-in scenario (default 5000,20000)"
    )
    return parser.parse_args(argv)


def make_config(args: argparse.Namespace) -> Config:
    cfg = Config.quick_mode() if args.quick else Config()
    changes: dict[str, Any] = {}
    if args.runs:
        changes["runs"] = args.runs
    if args.csi_seconds is not None:
        changes["csi_seconds"] = args.csi_seconds
    if args.sizes:
        changes["roster_sizes"] = tuple(int(n) for n in args.sizes.split(","))
    if changes:
        cfg = Config(**{**cfg.__dict__, **changes})
    return cfg


def seed(bench: Bench, cfg: Config, scenarios: list[str]) -> None:
    sizes = set()
    if "roster" in scenarios:
        sizes.update(cfg.roster_sizes)
    if "flood" in scenarios:
        sizes.add(cfg.flood_roster)
    for size in sorted(sizes):
        bench.seed_user(f"u{size}", size)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cfg = make_config(args)
    scenarios = [s for s in (args.only.split(",") if args.only else SCENARIOS) if s]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        print(f"unknown scenario(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    started = time.monotonic()
    machine = machine_description()
    log(f"machine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_before']}")
    figures: list[Figure] = []
    extras: dict[str, Any] = {}
    failures: list[str] = []
    with bench_environment(quick=cfg.quick, keep=args.keep) as bench:
        if NEED_SERVER & set(scenarios):
            seed(bench, cfg, scenarios)
            bench.start()
            log(f"prosody on c2s port {bench.prosody.c2s_port}")
        log(f"scenarios: {', '.join(scenarios)}")
        for name in scenarios:
            module = importlib.import_module(f"bench.scenarios.{name}")
            t = time.monotonic()
            try:
                got = module.run(bench, cfg)
            except Exception as exc:  # noqa: BLE001 - report, carry on with the next scenario
                log(f"scenario {name} FAILED: {exc}")
                failures.append(f"{name}: {exc}")
                continue
            if isinstance(got, tuple):
                got, extra = got
                extras[name] = extra
            figures += got
            log(f"scenario {name} took {time.monotonic() - t:.0f} s")
    elapsed = time.monotonic() - started
    machine["load_after"] = os.getloadavg()
    text = table(figures)
    print(text)
    for f in figures:
        for note in f.notes:
            print(f"- {f.label}: {note}")
    for failure in failures:
        print(f"- FAILED {failure}")
    print(f"\n{len(figures)} figures in {elapsed:.0f} s; load average before"
          f" {machine['load_before'][0]:.2f}, after {machine['load_after'][0]:.2f}")  # fmt: skip
    partial = bool(args.only or args.sizes or args.runs or args.csi_seconds is not None)
    suffix = "-quick" if cfg.quick else "-partial" if partial else ""
    write_results(args.out, suffix, cfg, machine, figures, extras, failures, elapsed, text)
    return 1 if failures else 0


def write_results(  # noqa: PLR0917
    out: Path,
    suffix: str,
    cfg: Config,
    machine: dict[str, Any],
    figures: list[Figure],
    extras: dict[str, Any],
    failures: list[str],
    elapsed: float,
    text: str,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    data = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": cfg.__dict__,
        "machine": machine,
        "elapsed_s": elapsed,
        "figures": [f.as_dict() for f in figures],
        "failures": failures,
        "extras": extras,
        "table": text,
    }
    path = out / f"bench-{stamp}{suffix}.json"
    path.write_text(json.dumps(data, indent=1))
    (out / f"latest{suffix}.json").write_text(json.dumps(data, indent=1))
    log(f"wrote {path}")
    flood = extras.get("flood")
    if flood:
        from bench.chart import draw_flood  # noqa: PLC0415 - Qt only for the chart

        png = out / f"flood-{stamp}{suffix}.png"
        draw_flood(flood, png)
        log(f"wrote {png}")


if __name__ == "__main__":
    raise SystemExit(main())
