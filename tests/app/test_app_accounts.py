"""The real app as a subprocess: an account added on the command line connects with no dialog."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.app.test_app import BAD_OUTPUT, app_env
from tests.app.test_cli import TEST_KEYRING, Cli
from tests.fixtures.prosody import ProsodyServer
from tests.keyring_backends import FILE_ENV


def wait_for_log(proc: subprocess.Popen[str], log: Path, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        content = log.read_text() if log.exists() else ""
        if text in content:
            return content
        if proc.poll() is not None:
            raise AssertionError(f"app exited early: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"{text!r} never appeared in the log:\n{content}")
        time.sleep(0.05)


def test_cli_account_connects_at_start_without_a_dialog_and_sigterm_exits_cleanly(
    tmp_path: Path, prosody: ProsodyServer, make_account: Any
) -> None:
    me, my_pw = make_account("cli")
    cli = Cli(tmp_path)
    cli.ok(
        "account", "add", me, "--server", "127.0.0.1", "--port", str(prosody.c2s_port),
        "--ca-file", str(prosody.ca_file), "--password-stdin",
        stdin=my_pw + "\n",
    )  # fmt: skip
    assert cli.passwords() == {f"im.attend.Attend {me}": my_pw}

    env = app_env(PYTHON_KEYRING_BACKEND=TEST_KEYRING, **{FILE_ENV: str(cli.keyring_file)})
    proc = subprocess.Popen(
        [sys.executable, "-m", "client", "--profile", str(cli.profile)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    log = cli.profile / "logs" / "attend.log"
    try:
        wait_for_log(proc, log, f"{me}: online")
        time.sleep(0.3)  # anything that would follow sign-in (a stray prompt) would show by now
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(5)
    assert proc.returncode == 0, err
    text = log.read_text()
    assert "started with 1 account(s)" in text
    assert "asking for the password" not in text  # the keyring had it: no dialog
    assert "showing the refused certificate" not in text
    assert "passwords will not be saved" not in text  # the keyring was usable
    assert text.index(f"{me}: online") < text.index("disconnecting") < text.index("bye")
    # Other parts may warn about this machine (no lock or sleep source here); ours must not, and
    # nothing may crash, leak a task or emit a Python warning.
    lines = [ln for ln in err.splitlines() if " INFO " not in ln and " WARNING client." not in ln]
    lines += [ln for ln in err.splitlines() if " WARNING client.services.accounts" in ln]
    lines += [ln for ln in err.splitlines() if " WARNING client.ui." in ln]
    assert not [ln for ln in lines if any(bad in ln for bad in BAD_OUTPUT)], err
    for path in cli.profile.rglob("*"):
        if path.is_file():
            assert my_pw.encode() not in path.read_bytes(), path
    assert my_pw not in err


def test_without_keyring_the_app_starts_asks_and_still_exits_cleanly(
    tmp_path: Path, prosody: ProsodyServer, make_account: Any
) -> None:
    me, _my_pw = make_account("nokeyring")
    cli = Cli(tmp_path)
    cli.use_keyring = False  # conftest's fail backend, as on a headless machine
    cli.ok("account", "add", me, "--server", "127.0.0.1", "--port", str(prosody.c2s_port))
    proc = subprocess.Popen(
        [sys.executable, "-m", "client", "--profile", str(cli.profile)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=app_env(),
        cwd=Path(__file__).resolve().parents[2],
    )
    log = cli.profile / "logs" / "attend.log"
    try:
        text = wait_for_log(proc, log, f"asking for the password of {me}")
        assert "passwords will not be saved: no system keyring is available" in text
        proc.send_signal(signal.SIGTERM)  # with the prompt still open
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(5)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert log.read_text().count("asking for the password") == 1
