"""6. CSI (XEP-0352): screen lock → <inactive/> on the wire; then quiet while contacts churn.

A Prosody of its own with debug logging (mod_csi_simple logs every hold and every flush with
its reason), a private session bus with a fake org.freedesktop.ScreenSaver, and a TCP meter
between the app and Prosody. Per run: the app signs in (50 contacts, all online), settles,
the screen saver signals "locked"; we time that signal → the app handing ``<inactive/>`` to
the transport (the probe's ``tx``) — the meter shows the bytes leaving right after. Then the
component sends contacts' presence (``csi_churn_rate`` per second) for ``csi_seconds``; we
count what the client sends meanwhile (plaintext via the probe, TLS bytes via the meter) and
the flushes Prosody logs, split into client-caused ("client activity": any byte from the
client) and server-caused (queue full, an important stanza). Finally "unlocked" → <active/>.
"""

# ruff: noqa: PLC0415  # the D-Bus fixture only when this scenario runs

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    DOMAIN,
    PY,
    ROOT,
    Bench,
    BenchError,
    Events,
    bench_environment,
    log,
    stop_process,
)
from bench.config import Config
from bench.results import Figure, at_most

CONTACTS = 50
SCREENSAVER = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATH = "/org/freedesktop/ScreenSaver"
FLUSH = re.compile(r"Flushing buffer \((?P<why>[^;]*); queue size is (?P<n>\d+)\)")


@dataclass
class CsiRun:
    lock_to_inactive_ms: float | None
    inactive_to_wire_ms: float | None  # probe's send → the meter saw client bytes
    sent_plain_bytes: int
    sent_writes: int
    sent_wire_bytes: int
    client_flushes: int
    server_flushes: int
    held: int  # stanzas Prosody held back while we were inactive
    churn_sent: int
    unlock_to_active_ms: float | None
    what_was_sent: list[str]


class Desktop:
    """A private session bus with the fake screen saver."""

    def __init__(self, bench: Bench) -> None:
        from tests.fixtures.dbus import start_dbus_daemon

        self.bus_proc, self.address = start_dbus_daemon(bench.root / "session-bus")
        self.events = Events(bench.events_dir / "screensaver.jsonl")
        self.proc = subprocess.Popen(
            [PY, "-m", "bench.screensaver", "--bus", self.address,
             "--events", str(self.events.path)],
            cwd=ROOT, env=bench.env, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode()
        if not line.startswith("READY"):
            raise BenchError(f"fake screen saver did not start: {line!r}")

    def set_locked(self, locked: bool) -> float:
        """Ask the screen saver to (de)activate; returns when it signalled (monotonic)."""
        self.events.poll()
        seen = len(self.events.items)
        subprocess.run(
            ["dbus-send", f"--bus={self.address}", "--print-reply", f"--dest={SCREENSAVER}",
             SCREENSAVER_PATH, "org.attend.Test.SetActive", f"boolean:{str(locked).lower()}"],
            check=True, capture_output=True, timeout=10,
        )  # fmt: skip
        event = self.events.wait(
            lambda e: e["ev"] == "active_changed" and self.events.items.index(e) >= seen,
            10,
            what="ActiveChanged",
        )
        return float(event["t"])

    def close(self) -> None:
        stop_process(self.proc)  # type: ignore[arg-type]
        stop_process(self.bus_proc)  # type: ignore[arg-type]


def _start_meter(bench: Bench, path: Path) -> tuple[subprocess.Popen[bytes], int]:
    proc = subprocess.Popen(
        [PY, "-m", "bench.tcp_meter", "--target", str(bench.prosody.c2s_port),
         "--events", str(path)],
        cwd=ROOT, env=bench.env, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline().decode().split()
    if len(line) != 2 or line[0] != "READY":
        stop_process(proc)
        raise BenchError("tcp meter did not start")
    return proc, int(line[1])


def _flushes(log_text: str) -> tuple[int, int, int]:
    client = server = 0
    for match in FLUSH.finditer(log_text):
        if match.group("why") == "client activity":
            client += 1
        else:
            server += 1
    held = log_text.count("Holding buffer")
    return client, server, held


def one_run(bench: Bench, desktop: Desktop, cfg: Config) -> CsiRun:
    n, path = bench.new_run("csi-app")
    meter_events = Events(bench.events_dir / f"{n:03d}-meter.jsonl")
    meter, port = _start_meter(bench, meter_events.path)
    user = "csi"
    profile = bench.profile_for(user, f"attend{n}", port=port)
    events = Events(path)
    env = {"DBUS_SESSION_BUS_ADDRESS": desktop.address}
    proc, _t0 = bench.launch_app(profile, path, env)
    try:
        events.wait(lambda e: e["ev"] == "status" and e["state"] == "online", 60, proc, "online")
        events.wait(events.count_at_least("presence", CONTACTS), 60, proc, "login presences")
        events.wait_quiet("tx", 2.0, 30)
        t_lock = desktop.set_locked(True)
        inactive = events.wait(
            lambda e: e["ev"] == "tx" and e.get("csi") == "inactive" and e["t"] >= t_lock - 1,
            10,
            proc,
            "<inactive/> after the lock",
        )
        t_inactive = inactive["t"]
        wire = [e for e in meter_events.of("up") if e["t"] >= t_inactive]
        time.sleep(0.3)
        wire = [e for e in meter_events.of("up") if e["t"] >= t_inactive]
        inactive_to_wire = (wire[0]["t"] - t_inactive) * 1000 if wire else None
        # The inactive period starts once <inactive/> has left.
        window_start = time.monotonic()
        log_offset = bench.prosody.log_path.stat().st_size
        comp = bench.component_events
        assert comp is not None
        comp.poll()
        seen = len(comp.items)
        bench.component_command(
            "churn", f"{user}@{DOMAIN}", cfg.csi_churn_rate, cfg.csi_seconds, CONTACTS
        )
        done = comp.wait(
            lambda e: e["ev"] == "churn_done" and comp.items.index(e) >= seen,
            cfg.csi_seconds + 30,
            what="churn",
        )
        time.sleep(1.0)
        window_end = time.monotonic()
        with bench.prosody.log_path.open("rb") as f:
            f.seek(log_offset)
            log_text = f.read().decode(errors="replace")
        sent = [e for e in events.of("tx") if window_start <= e["t"] <= window_end]
        up = [e for e in meter_events.of("up") if window_start <= e["t"] <= window_end]
        client, server, held = _flushes(log_text)
        t_unlock = desktop.set_locked(False)
        active = events.wait(
            lambda e: e["ev"] == "tx" and e.get("csi") == "active" and e["t"] >= t_unlock - 1,
            10,
            proc,
            "<active/> after the unlock",
        )
    finally:
        bench.finish(proc)
        stop_process(meter)
    return CsiRun(
        lock_to_inactive_ms=(t_inactive - t_lock) * 1000,
        inactive_to_wire_ms=inactive_to_wire,
        sent_plain_bytes=sum(e["n"] for e in sent),
        sent_writes=len(sent),
        sent_wire_bytes=sum(e["n"] for e in up),
        client_flushes=client,
        server_flushes=server,
        held=held,
        churn_sent=int(done["n"]),
        unlock_to_active_ms=(active["t"] - t_unlock) * 1000,
        what_was_sent=[f"{e['n']} B at +{e['t'] - window_start:.1f} s" for e in sent][:10],
    )


def run(bench: Bench, cfg: Config) -> list[Figure]:
    del bench  # this scenario needs a Prosody with debug logging of its own
    s = int(cfg.csi_seconds)
    lock = Figure(
        "csi_lock_to_inactive_ms",
        "CSI: screen lock → <inactive/> sent",
        "ms",
        target="≤ 100 ms",
        check=at_most(100),
    )
    flushes = Figure(
        "csi_client_flushes",
        f"CSI: server flushes caused by the client while inactive ({s} s, churn)",
        "",
        target="0",
        check=at_most(0),
    )
    sent = Figure("csi_sent_bytes", f"CSI: bytes sent by the client while inactive ({s} s)", "B")
    wire = Figure("csi_wire_bytes", f"CSI: TCP payload bytes from the client ({s} s)", "B")
    held = Figure("csi_held", f"CSI: contact presences held by the server ({s} s)", "")
    unlock = Figure("csi_unlock_to_active_ms", "CSI: unlock → <active/> sent", "ms")
    with bench_environment(quick=cfg.quick, prosody_log_level="debug") as own:
        own.seed_user("csi", CONTACTS)
        own.start()
        desktop = Desktop(own)
        try:
            for i in range(cfg.runs):
                r = one_run(own, desktop, cfg)
                log(
                    f"csi run {i + 1}: lock→inactive {r.lock_to_inactive_ms:.1f} ms (wire"
                    f" +{r.inactive_to_wire_ms} ms); while inactive: {r.sent_writes} writes,"
                    f" {r.sent_plain_bytes} B plain, {r.sent_wire_bytes} B on the wire;"
                    f" flushes client {r.client_flushes} server {r.server_flushes};"
                    f" held {r.held} of {r.churn_sent}; unlock→active"
                    f" {r.unlock_to_active_ms:.1f} ms; sent: {r.what_was_sent}"
                )
                lock.add(r.lock_to_inactive_ms)
                flushes.add(r.client_flushes)
                sent.add(r.sent_plain_bytes)
                wire.add(r.sent_wire_bytes)
                held.add(r.held)
                unlock.add(r.unlock_to_active_ms)
                if r.server_flushes:
                    flushes.notes.append(
                        f"run {i + 1}: {r.server_flushes} server-caused flush(es) (queue or"
                        " an important stanza), not counted"
                    )
        finally:
            desktop.close()
    return [lock, flushes, sent, wire, held, unlock]
