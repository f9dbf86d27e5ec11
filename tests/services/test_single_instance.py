"""One app per profile: a second launch hands its arguments to the first, in separate processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from client.services.single_instance import decode_message, encode_message, server_name

ROOT = Path(__file__).resolve().parents[2]
CHILD = [sys.executable, "-m", "tests.services.single_instance_child"]


def env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def start_server(name: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [*CHILD, "serve", name], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env(), cwd=ROOT,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "listening", proc.stderr and proc.stderr.read()
    return proc


def send(name: str, *args: str) -> int:
    out = subprocess.run(
        [*CHILD, "send", name, *args], capture_output=True, text=True, env=env(), cwd=ROOT,
        timeout=30, check=False,
    )  # fmt: skip
    assert out.stderr == "", out.stderr
    return out.returncode


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
    proc.communicate(timeout=10)  # also closes the pipes


def test_second_process_hands_its_arguments_to_the_first(tmp_path: Path) -> None:
    name = str(tmp_path / "attend.sock")
    server = start_server(name)
    try:
        uri = "xmpp:bob@example.org?message;body=hi"
        assert send(name, uri, "--x") == 0
        assert server.stdout is not None
        assert json.loads(server.stdout.readline()) == [uri, "--x"]
        assert send(name, "quit") == 0
        assert server.wait(10) == 0
    finally:
        stop(server)


def test_nobody_listening_means_first_instance(tmp_path: Path) -> None:
    assert send(str(tmp_path / "nobody.sock")) == 3


def test_a_crashed_instance_leaves_no_lock_behind(tmp_path: Path) -> None:
    name = str(tmp_path / "attend.sock")
    crashed = start_server(name)
    crashed.send_signal(signal.SIGKILL)
    stop(crashed)
    assert Path(name).exists()  # the stale socket file is still there
    assert send(name, "hello") == 3
    server = start_server(name)  # takes over the stale name
    try:
        assert send(name, "quit") == 0
        assert server.wait(10) == 0
    finally:
        stop(server)


def test_names_differ_per_profile(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a")


@pytest.mark.parametrize("junk", [b"", b"nope", b'{"args": [1]}', b"[]", b"\xff"])
def test_garbage_messages_are_refused(junk: bytes) -> None:
    assert decode_message(junk) is None
    assert decode_message(encode_message(["a"]).strip()) == ["a"]


def test_the_real_app_raises_and_receives_the_uri(tmp_path: Path) -> None:
    """`attend xmpp:...` while Attend runs: the second exits at once, the first gets the URI."""
    app_env = {**env(), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    first = subprocess.Popen(
        [sys.executable, "-m", "client", "--profile", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=app_env, cwd=ROOT,
    )  # fmt: skip
    log = tmp_path / "logs" / "attend.log"
    try:
        deadline = time.monotonic() + 30
        while "started with" not in (log.read_text() if log.exists() else ""):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "app did not start"
            time.sleep(0.05)
        second = subprocess.run(
            [sys.executable, "-m", "client", "--profile", str(tmp_path), "xmpp:eve@localhost"],
            capture_output=True, text=True, env=app_env, cwd=ROOT, timeout=30, check=False,
        )  # fmt: skip
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stderr
        deadline = time.monotonic() + 10
        while "xmpp URI to open: xmpp:eve@localhost" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        assert "another launch asked for the window" in log.read_text()
    finally:
        first.send_signal(signal.SIGTERM)
        _out, err = first.communicate(timeout=20)
    assert first.returncode == 0, err
    assert "Traceback" not in err
