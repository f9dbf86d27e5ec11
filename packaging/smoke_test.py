"""Smoke-test a built Attend (bundle, .app or installed copy): it starts, runs and quits cleanly.

    python packaging/smoke_test.py PATH/TO/attend[.exe]

Runs `--version`, then starts the app offscreen with an empty temporary profile, waits until
it reports it started, asks it to quit (SIGTERM; on Windows, where a windowed process has no
console signals, it is terminated after the check) and fails on a traceback in the log or,
where the app quits cleanly, on any unexpected line on stderr. Used by
.github/workflows/installers.yml; `make bundle-test` adds a sign-in to a real server.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from client import APP_NAME, __version__  # noqa: E402

# What a clean run may print on stderr: its own log lines at INFO, warnings from the OS
# signal sources that a headless machine lacks (no D-Bus lock or sleep service), and one
# notice of Qt's offscreen platform. Anything else (tracebacks, Qt plugin or library errors,
# Python warnings) is unexpected.
_ALLOWED = (
    re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ INFO \S+: "),
    re.compile(
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ WARNING client\.platform\.\S+: .* none available$"
    ),
    re.compile(r"^This plugin does not support propagateSizeHints\(\)$"),
)


def unexpected_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not any(p.match(line) for p in _ALLOWED)]


def app_env(home: Path) -> dict[str, str]:
    """Offscreen, no session bus, a fresh HOME: nothing of the machine's user is touched."""
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(home),
            "USERPROFILE": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"),
            "DBUS_SESSION_BUS_ADDRESS": f"unix:path={home / 'no-session-bus'}",
            "DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={home / 'no-system-bus'}",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
    )
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def wait_for_log(log: Path, needle: str, proc: subprocess.Popen[str], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = log.read_text(errors="replace") if log.exists() else ""
        if needle in text:
            return text
        if proc.poll() is not None:
            raise SystemExit(f"smoke: the app exited early ({proc.returncode}):\n{text}")
        if time.monotonic() > deadline:
            raise SystemExit(f"smoke: no {needle!r} after {timeout:.0f} s:\n{text}")
        time.sleep(0.1)


def quit_cleanly(proc: subprocess.Popen[str], log: Path) -> str:
    """SIGTERM, then the app must exit 0 after disconnecting; returns its stderr."""
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    text = log.read_text(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"smoke: exit status {proc.returncode}:\n{err}")
    if text.find("disconnecting") > text.find("bye") or "bye" not in text:
        raise SystemExit(f"smoke: no clean shutdown in the log:\n{text}")
    return err


def smoke(binary: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="attend-smoke-") as tmp:
        home = Path(tmp)
        env = app_env(home)
        version = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, env=env, timeout=120,
            check=False,
        )  # fmt: skip
        # A windowed Windows build has no stdout; there the log below is the evidence.
        if sys.platform != "win32" and version.stdout.strip() != f"{APP_NAME} {__version__}":
            raise SystemExit(f"smoke: --version said {version.stdout!r} {version.stderr!r}")
        profile = home / "profile"
        started = time.monotonic()
        proc = subprocess.Popen(
            [str(binary), "--profile", str(profile)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        log = profile / "logs" / "attend.log"
        text = wait_for_log(log, "started with 0 account(s)", proc, 120)
        print(f"smoke: window up in {time.monotonic() - started:.1f} s")
        if "Traceback" in text:
            raise SystemExit(f"smoke: traceback in the log:\n{text}")
        if sys.platform == "win32":
            proc.terminate()
            proc.communicate(timeout=30)
            print("smoke: ok (Windows: terminated after start; log clean)")
            return
        bad = unexpected_lines(quit_cleanly(proc, log))
        if bad:
            raise SystemExit("smoke: unexpected output on stderr:\n" + "\n".join(bad))
        print("smoke: ok (started, quit cleanly, nothing unexpected on stderr)")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    smoke(Path(argv[0]).absolute())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
