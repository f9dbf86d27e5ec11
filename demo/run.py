"""`make demo`: a private Prosody, a dozen scripted contacts, and Attend signed in to watch them.

Everything lives in one temporary directory (server, certificates, profile, demo keyring) and
every process this script starts is stopped by its pid when the Attend window closes (or on
Ctrl+C). Nothing touches your real profile, keyring or XMPP accounts.

    python demo/run.py [--profile DIR] [--keep] [--check]

--check runs the client offscreen, waits until it is signed in and has the contacts'
presence, then quits it (used by `make demo-test`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo.peers import CAST, DOMAIN, ELSEWHERE, YOU  # noqa: E402
from tests.fixtures.prosody import (  # noqa: E402
    ProsodyServer,
    free_port,
    lua_string,
    storage_name,
)

ELSEWHERE_SECRET = secrets.token_hex(8)
READY_TIMEOUT = 60.0


def say(text: str) -> None:
    print(f"demo: {text}", flush=True)


def write_roster(server: ProsodyServer, user: str, entries: dict[str, tuple[str, str]]) -> None:
    """Seed ``user``'s roster: jid -> (name, group), mutual subscriptions (FIELD-NOTES §7)."""
    roster = server.data / storage_name(DOMAIN) / "roster"
    roster.mkdir(parents=True, exist_ok=True)
    parts = ['return {\n[false] = { ["version"] = 1; ["pending"] = {}; };']
    for jid, (name, group) in entries.items():
        groups = f"[{lua_string(group)}] = true;" if group else ""
        parts.append(
            f'[{lua_string(jid)}] = {{ ["subscription"] = "both";'
            f' ["name"] = {lua_string(name)}; ["groups"] = {{ {groups} }}; }};'
        )
    parts.append("};\n")
    (roster / f"{storage_name(user)}.dat").write_text("\n".join(parts), encoding="utf-8")


def check_tools() -> None:
    missing = [tool for tool in ("prosody", "openssl") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            f"demo: {' and '.join(missing)} not installed. On Debian/Ubuntu: `make sysdeps-demo`"
            " (as root, or it prints the apt-get command); elsewhere install Prosody 0.12+"
            " and OpenSSL."
        )


def set_up_server(root: Path) -> tuple[ProsodyServer, dict[str, str]]:
    """Accounts and rosters for you and the cast, then the server started."""
    extra = f'Component "{ELSEWHERE}"\n    component_secret = {lua_string(ELSEWHERE_SECRET)}\n'
    server = ProsodyServer(root / "prosody", extra_config=extra)
    # Each port was free when picked, but two picks can land on the same one.
    while len({server.c2s_port, server.direct_tls_port, server.component_port}) < 3:
        server.component_port = free_port()
        server.direct_tls_port = free_port()
    server.use_certificate(server.server_cert)  # rewrites the config with the final ports
    passwords = {YOU: secrets.token_urlsafe(12)}
    for contact in CAST:
        if contact.domain == DOMAIN:
            passwords[contact.user] = secrets.token_urlsafe(12)
    for user, password in passwords.items():
        server.register(user, password)
    you = f"{YOU}@{DOMAIN}"
    write_roster(server, YOU, {c.jid: (c.name, c.group) for c in CAST})
    for contact in CAST:
        if contact.domain == DOMAIN:
            write_roster(server, contact.user, {you: ("You", "")})
    server.start()
    return server, passwords


def child_env(root: Path) -> dict[str, str]:
    """The environment of the demo's own processes: the demo keyring, never the real one."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHON_KEYRING_BACKEND"] = "demo.keyring_backend.DemoKeyring"
    env["ATTEND_DEMO_KEYRING_FILE"] = str(root / "demo-keyring.json")
    return env


def stop_process(proc: subprocess.Popen[bytes] | None, name: str, timeout: float = 10.0) -> None:
    """Stop exactly this process (by its pid): SIGTERM, then SIGKILL if it does not go."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        say(f"{name} (pid {proc.pid}) did not stop; killing it")
        proc.kill()
        proc.wait(5)


def start_peers(
    root: Path, server: ProsodyServer, passwords: dict[str, str], cycle_seconds: float = 40.0
) -> subprocess.Popen[bytes]:
    config = root / "peers.json"
    fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(
            {
                "c2s_port": server.c2s_port,
                "component_port": server.component_port,
                "elsewhere_secret": ELSEWHERE_SECRET,
                "ca_file": str(server.ca_file),
                "passwords": passwords,
                "cycle_seconds": cycle_seconds,
            },
            f,
        )
    log = (root / "peers.log").open("ab")
    # Its own session: Ctrl+C in the terminal reaches the client, and we stop the peers after.
    peers = subprocess.Popen(
        [sys.executable, "-m", "demo.peers", str(config)],
        stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
        cwd=ROOT, env=child_env(root), start_new_session=True,
    )  # fmt: skip
    log.close()
    assert peers.stdout is not None
    line = peers.stdout.readline().decode().strip()
    if line != "ready":
        stop_process(peers, "peers")
        tail = (root / "peers.log").read_text(errors="replace")[-3000:]
        raise SystemExit(f"demo: the scripted contacts did not start:\n{tail}")
    return peers


def add_account(root: Path, profile: Path, server: ProsodyServer, password: str) -> None:
    """The normal command-line path, with the demo keyring backend selected for this child."""
    # A profile kept from an earlier demo has the account with that run's port: replace it.
    subprocess.run(
        [sys.executable, "-m", "client", "--profile", str(profile), "account", "remove",
         f"{YOU}@{DOMAIN}"],
        capture_output=True, check=False, cwd=ROOT, env=child_env(root), timeout=60,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "client", "--profile", str(profile), "account", "add",
         f"{YOU}@{DOMAIN}", "--server", "127.0.0.1", "--port", str(server.c2s_port),
         "--ca-file", str(server.ca_file), "--resource", "demo", "--password-stdin"],
        input=password + "\n", text=True, check=True, cwd=ROOT, env=child_env(root),
        timeout=60,
    )  # fmt: skip


def wait_for_log(log: Path, needle: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while needle not in (log.read_text(errors="replace") if log.exists() else ""):
        if proc.poll() is not None:
            raise SystemExit(f"demo: the client exited early (status {proc.returncode})")
        if time.monotonic() > deadline:
            raise SystemExit(f"demo: no {needle!r} in {log} after {timeout:.0f} s")
        time.sleep(0.1)


def introduce() -> None:
    say("your contacts:")
    for contact in CAST:
        say(f"  {contact.name:<15} {contact.jid:<22} {contact.note}")


@contextlib.contextmanager
def demo_directory(keep: bool) -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="attend-demo-"))
    root.chmod(0o700)
    try:
        yield root
    finally:
        if keep:
            say(f"kept everything in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


class _Stop(Exception):
    """SIGTERM or SIGHUP: leave through the same clean-up as Ctrl+C and a closed window."""


def _raise_stop(signum: int, _frame: object) -> None:
    raise _Stop(signum)


def run(args: argparse.Namespace) -> int:
    check_tools()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_stop)
    # Even where the shell started us with SIGINT ignored (a background job): Ctrl+C / kill -INT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    server: ProsodyServer | None = None
    peers: subprocess.Popen[bytes] | None = None
    client: subprocess.Popen[bytes] | None = None
    with demo_directory(args.keep) as root:
        try:
            say(f"starting a private Prosody on 127.0.0.1 (files in {root})")
            server, passwords = set_up_server(root)
            say(f"connecting {len(CAST)} scripted contacts")
            peers = start_peers(root, server, passwords)
            profile = (args.profile or root / "profile").absolute()
            add_account(root, profile, server, passwords[YOU])
            introduce()
            env = child_env(root)
            if args.check:
                env["QT_QPA_PLATFORM"] = "offscreen"
            say(f"opening Attend as {YOU}@{DOMAIN}; close its window to end the demo")
            client = subprocess.Popen(
                [sys.executable, "-m", "client", "--profile", str(profile)], cwd=ROOT, env=env
            )
            if args.check:
                log = profile / "logs" / "attend.log"
                wait_for_log(log, f"{YOU}@{DOMAIN}: online", client, 60)
                time.sleep(2)  # the contacts' presence arrives right after sign-in
                client.send_signal(signal.SIGTERM)
            status = client.wait()
            say(f"Attend exited with status {status}; stopping the demo")
            return status
        except (KeyboardInterrupt, _Stop):
            say("interrupted; stopping the demo")
            return 130
        finally:
            # Nothing may interrupt the clean-up: every process started here must be stopped.
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, signal.SIG_IGN)
            # The client first (it disconnects from a server that is still there).
            stop_process(client, "Attend")
            stop_process(peers, "peers")
            if peers is not None and peers.stdout is not None:
                peers.stdout.close()
            if server is not None:
                server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--profile", type=Path, help="keep the demo profile in DIR")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--check", action="store_true", help="run offscreen, sign in, quit")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
