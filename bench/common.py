"""What every scenario shares: an isolated environment, the private Prosody, processes, events."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fixtures.prosody import COMPONENT, COMPONENT_SECRET, DOMAIN, ProsodyServer

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PASSWORD = "bench-password"
TEST_KEYRING = "tests.keyring_backends.JsonFileKeyring"
KEYRING_FILE_ENV = "ATTEND_TEST_KEYRING_FILE"
EVENTS_ENV = "ATTEND_BENCH_EVENTS"

Event = dict[str, Any]


class BenchError(RuntimeError):
    """A scenario could not be measured (a process died, something never happened)."""


def bot_jid(i: int) -> str:
    return f"bot{i}@{COMPONENT}"


def median(values: list[float]) -> float | None:
    clean = [v for v in values if v is not None]
    return statistics.median(clean) if clean else None


# -- events ---------------------------------------------------------------------------------------


class Events:
    """Tails a JSON-lines file written by a child (the app's probe, a reference, the component)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[Event] = []
        self._offset = 0
        self._partial = b""

    def poll(self) -> list[Event]:
        try:
            with self.path.open("rb") as f:
                f.seek(self._offset)
                data = f.read()
        except FileNotFoundError:
            return []
        self._offset += len(data)
        data = self._partial + data
        lines = data.split(b"\n")
        self._partial = lines.pop()
        new = [json.loads(line) for line in lines if line.strip()]
        self.items.extend(new)
        return new

    def of(self, ev: str) -> list[Event]:
        self.poll()
        return [e for e in self.items if e["ev"] == ev]

    def first(self, ev: str) -> Event | None:
        found = self.of(ev)
        return found[0] if found else None

    def last(self, ev: str) -> Event | None:
        found = self.of(ev)
        return found[-1] if found else None

    def wait(
        self,
        pred: Callable[[Event], bool],
        timeout: float,
        proc: subprocess.Popen[bytes] | None = None,
        what: str = "an event",
    ) -> Event:
        """The first event (old or new) satisfying ``pred``; BenchError after ``timeout``."""
        checked = 0
        deadline = time.monotonic() + timeout
        while True:
            self.poll()
            for event in self.items[checked:]:
                if pred(event):
                    return event
            checked = len(self.items)
            if proc is not None and proc.poll() is not None:
                raise BenchError(f"process exited ({proc.returncode}) while waiting for {what}")
            if time.monotonic() > deadline:
                raise BenchError(f"timed out after {timeout:.0f} s waiting for {what}")
            time.sleep(0.005)

    def wait_quiet(self, ev: str, quiet: float, timeout: float) -> None:
        """Until no ``ev`` event arrived for ``quiet`` seconds (by the events' own stamps)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            last = self.last(ev)
            if last is not None and time.monotonic() - last["t"] >= quiet:
                return
            time.sleep(0.05)

    def count_at_least(self, ev: str, n: int) -> Callable[[Event], bool]:
        return lambda e: e["ev"] == ev and e.get("n", 0) >= n


# -- processes ------------------------------------------------------------------------------------


def stop_process(proc: subprocess.Popen[bytes], timeout: float = 20.0) -> int:
    """SIGTERM exactly this child, wait; SIGKILL if it hangs. Returns the exit code."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    return proc.returncode


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM (peak resident set) of a live process, in MB."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a live process."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks
    return None


def machine_description() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gb = 0.0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = int(line.split()[1]) / 1024 / 1024
    os_name = ""
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    prosody = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "prosody"],
        capture_output=True, text=True, check=False, timeout=30,
    ).stdout.strip()  # fmt: skip
    import PySide6  # noqa: PLC0415 - versions for the report only
    import slixmpp  # noqa: PLC0415

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "os": os_name,
        "python": sys.version.split()[0],
        "pyside6": PySide6.__version__,
        "slixmpp": slixmpp.__version__,
        "prosody": prosody or "?",
        "load_before": os.getloadavg(),
    }


def start_profiler(pid: int, name: str) -> subprocess.Popen[bytes] | None:
    """With ATTEND_BENCH_PYSPY=DIR, py-spy samples the process during a scenario's measured
    part (collapsed stacks in DIR/NAME-PID.txt); py-spy is a profiling aid, not a dependency."""
    out = os.environ.get("ATTEND_BENCH_PYSPY")
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not out or not Path(spy).exists():
        return None
    Path(out).mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--rate", "500", "--format", "raw", "--nonblocking",
         "--output", f"{out}/{name}-{pid}.txt"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)  # let it attach
    return proc


def stop_profiler(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is not None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


# -- the bench environment ------------------------------------------------------------------------


@dataclass
class Bench:
    """One private Prosody with seeded accounts, the component, and isolated child environments."""

    quick: bool = False
    keep: bool = False
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="attend-bench-")))
    prosody_log_level: str = "info"
    rosters: dict[str, int] = field(default_factory=dict)  # user -> number of bot contacts
    _procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _run_counter: int = 0

    def __post_init__(self) -> None:
        home = self.root / "home"
        env = dict(os.environ)
        for var, sub in (
            ("HOME", "home"),
            ("XDG_CONFIG_HOME", "home/config"),
            ("XDG_DATA_HOME", "home/data"),
            ("XDG_CACHE_HOME", "home/cache"),
            ("XDG_STATE_HOME", "home/state"),
            ("XDG_RUNTIME_DIR", "home/run"),
        ):
            path = self.root / sub
            path.mkdir(parents=True, exist_ok=True)
            env[var] = str(path)
        (home / "run").chmod(0o700)
        env.update(
            {
                "QT_QPA_PLATFORM": "offscreen",
                "QT_API": "pyside6",
                "PYTHONPATH": str(ROOT),
                # Never the developer's session bus or keyring.
                "DBUS_SESSION_BUS_ADDRESS": f"unix:path={self.root}/no-session-bus",
                "DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={self.root}/no-system-bus",
                "PYTHON_KEYRING_BACKEND": TEST_KEYRING,
                KEYRING_FILE_ENV: str(self.root / "keyring.json"),
            }
        )
        # Installed apps start from compiled bytecode (pip and PyInstaller write it); measure
        # that, for the app and the bare-window floor alike, with caches kept out of the tree.
        env["PYTHONPYCACHEPREFIX"] = str(self.root / "pycache")
        for var in (
            "DISPLAY",
            "WAYLAND_DISPLAY",
            EVENTS_ENV,
            "PYTHONDEVMODE",
            "PYTHONDONTWRITEBYTECODE",
        ):
            env.pop(var, None)
        self.env = env
        self.events_dir = self.root / "events"
        self.events_dir.mkdir()
        extra = ""
        if self.prosody_log_level != "info":
            extra = (
                f'log = {{ {{ levels = {{ min = "{self.prosody_log_level}" }}, to = "file",'
                f' filename = "{self.root}/prosody/prosody.log" }} }}\n'
            )
        self.prosody = ProsodyServer(self.root / "prosody", extra_config=extra)
        self.component: subprocess.Popen[bytes] | None = None
        self.component_events: Events | None = None

    # -- accounts -------------------------------------------------------------------------------

    def seed_user(self, user: str, contacts: int) -> str:
        """An account whose roster holds bot0..bot{contacts-1} (subscription both)."""
        jid = self.prosody.register(user, PASSWORD)
        self.prosody.write_roster(user, {bot_jid(i): f"Bot {i}" for i in range(contacts)})
        self.rosters[user] = contacts
        return jid

    def start(self) -> None:
        self.prosody.start()
        events = self.events_dir / "component.jsonl"
        self.component_events = Events(events)
        self.component = subprocess.Popen(
            [
                PY, "-m", "bench.component",
                "--port", str(self.prosody.component_port),
                "--domain", COMPONENT,
                "--secret", COMPONENT_SECRET,
                "--events", str(events),
            ],
            cwd=ROOT, env=self.env, stdin=subprocess.PIPE,
        )  # fmt: skip
        self._procs.append(self.component)
        self.component_events.wait(
            lambda e: e["ev"] == "ready", 20, self.component, "the component to connect"
        )

    def component_command(self, *words: object) -> None:
        assert self.component is not None
        assert self.component.stdin is not None
        self.component.stdin.write((" ".join(str(w) for w in words) + "\n").encode())
        self.component.stdin.flush()

    def close(self) -> None:
        if self.component is not None and self.component.poll() is None:
            with contextlib.suppress(OSError):
                self.component_command("quit")
            try:
                self.component.wait(5)
            except subprocess.TimeoutExpired:
                stop_process(self.component)
        for proc in self._procs:
            stop_process(proc)
        self.prosody.stop()
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- children -------------------------------------------------------------------------------

    def new_run(self, name: str) -> tuple[int, Path]:
        self._run_counter += 1
        return self._run_counter, self.events_dir / f"{self._run_counter:03d}-{name}.jsonl"

    def profile_for(self, user: str | None, resource: str, port: int | None = None) -> Path:
        """A fresh profile directory; with ``user``, holding that account (password in the
        test keyring), added through the real command line (``port``: another c2s port, e.g.
        a meter in front of Prosody)."""
        n, _ = self.new_run("profile")
        profile = self.root / "profiles" / f"{n:03d}-{user or 'empty'}"
        if user is None:
            profile.mkdir(parents=True)
            return profile
        done = subprocess.run(
            [
                PY, "-m", "client", "--profile", str(profile),
                "account", "add", f"{user}@{DOMAIN}",
                "--server", "127.0.0.1", "--port", str(port or self.prosody.c2s_port),
                "--ca-file", str(self.prosody.ca_file),
                "--resource", resource, "--password-stdin",
            ],
            cwd=ROOT, env=self.env, input=f"{PASSWORD}\n".encode(),
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise BenchError(f"account add failed: {done.stderr.decode()[-2000:]}")
        return profile

    def launch_app(
        self, profile: Path, events: Path, extra_env: dict[str, str] | None = None
    ) -> tuple[subprocess.Popen[bytes], float]:
        """``python -m client --profile DIR``, offscreen, probe on: (process, launch time)."""
        env = dict(self.env, **{EVENTS_ENV: str(events)}, **(extra_env or {}))
        log = (events.with_suffix(".stderr")).open("wb")
        t0 = time.monotonic()
        proc = subprocess.Popen(
            [PY, "-m", "client", "--profile", str(profile)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        log.close()
        self._procs.append(proc)
        return proc, t0

    def launch(
        self, args: list[str], events: Path, extra_env: dict[str, str] | None = None
    ) -> tuple[subprocess.Popen[bytes], float]:
        """A reference process (``python -m bench.refs...``) writing ``events``."""
        env = dict(self.env, **(extra_env or {}))
        log = (events.with_suffix(".stderr")).open("wb")
        t0 = time.monotonic()
        proc = subprocess.Popen(
            [PY, *args, "--events", str(events)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        log.close()
        self._procs.append(proc)
        return proc, t0

    def bare_client_args(self, user: str, resource: str) -> list[str]:
        return [
            "-m", "bench.refs.bare_slixmpp",
            "--jid", f"{user}@{DOMAIN}/{resource}", "--password", PASSWORD,
            "--port", str(self.prosody.c2s_port), "--ca-file", str(self.prosody.ca_file),
        ]  # fmt: skip

    def finish(self, proc: subprocess.Popen[bytes]) -> None:
        stop_process(proc)
        with contextlib.suppress(ValueError):
            self._procs.remove(proc)


@contextlib.contextmanager
def bench_environment(**kwargs: Any) -> Iterator[Bench]:
    bench = Bench(**kwargs)
    try:
        yield bench
    finally:
        bench.close()


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
