"""SecretStore: an in-memory keyring, the no-keyring fallback, and a real private Secret Service."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.errors
import pytest

from client import APP_ID
from client.services.secrets import NO_KEYRING, SecretStore
from tests.keyring_backends import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
JID = "alice@example.org"


class ThreadRecordingKeyring(MemoryKeyring):
    """Notes which thread each call ran on."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[threading.Thread] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.append(threading.current_thread())
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.threads.append(threading.current_thread())
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.threads.append(threading.current_thread())
        super().delete_password(service, username)


@pytest.fixture
def memory_keyring() -> Iterator[ThreadRecordingKeyring]:
    previous = keyring.get_keyring()
    backend = ThreadRecordingKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def test_the_test_environment_has_no_keyring() -> None:
    # conftest's choice; everything below relies on it to keep the real keyring out of reach.
    assert isinstance(keyring.get_keyring(), keyring.backends.fail.Keyring)


def test_sync_round_trip_uses_app_id_and_bare_jid(memory_keyring: ThreadRecordingKeyring) -> None:
    store = SecretStore()
    assert (store.available, store.unavailable_reason) == (True, "")
    assert store.get_password_sync(JID) is None
    assert store.set_password_sync(JID, "pw 1")
    assert memory_keyring.passwords == {(APP_ID, JID): "pw 1"}
    assert store.get_password_sync(JID) == "pw 1"
    assert store.delete_password_sync(JID)
    assert memory_keyring.passwords == {}
    assert store.delete_password_sync(JID), "deleting what is not there is not a failure"
    assert store.last_error is None


def test_async_calls_run_off_the_loop_thread(memory_keyring: ThreadRecordingKeyring) -> None:
    async def scenario() -> tuple[object, ...]:
        store = await SecretStore.open()
        return (
            store.available,
            await store.set_password(JID, "pw"),
            await store.get_password(JID),
            await store.delete_password(JID),
            await store.get_password(JID),
        )

    assert asyncio.run(scenario()) == (True, True, "pw", True, None)
    assert len(memory_keyring.threads) == 4
    assert threading.main_thread() not in memory_keyring.threads


def test_a_failing_keyring_never_raises_and_never_logs_the_password(
    memory_keyring: ThreadRecordingKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "hunter2-secret"
    store = SecretStore()
    memory_keyring.fail_with = keyring.errors.PasswordSetError(f"refused to store {secret}")
    with caplog.at_level(logging.DEBUG):
        assert store.set_password_sync(JID, secret) is False
        assert store.last_error == f"could not save the password for {JID}: refused to store ***"
        memory_keyring.fail_with = keyring.errors.KeyringLocked("collection is locked")
        assert store.get_password_sync(JID) is None
        assert store.last_error == f"could not read the password for {JID}: collection is locked"
        assert store.delete_password_sync(JID) is False
        assert asyncio.run(store.get_password(JID)) is None
    assert secret not in caplog.text
    assert "collection is locked" in caplog.text


def test_empty_password_is_not_stored(memory_keyring: ThreadRecordingKeyring) -> None:
    store = SecretStore()
    assert store.set_password_sync(JID, "") is False
    assert memory_keyring.passwords == {}
    assert memory_keyring.threads == []


def test_no_keyring_fallback() -> None:
    # The fail backend is what keyring picks on a headless machine (and what conftest selects).
    store = SecretStore()
    assert store.available is False
    assert store.unavailable_reason == NO_KEYRING
    assert "\n" not in store.unavailable_reason
    assert store.get_password_sync(JID) is None
    assert store.set_password_sync(JID, "pw") is False
    assert store.delete_password_sync(JID) is False
    assert store.last_error == NO_KEYRING
    assert asyncio.run(store.set_password(JID, "pw")) is False


def test_an_insecure_backend_is_not_used() -> None:
    class PlainText(MemoryKeyring):
        priority = 0.5  # like keyrings.alt's plain-text file

    backend = PlainText()
    store = SecretStore(backend)
    assert store.available is False
    assert (
        store.unavailable_reason == "the keyring backend PlainText is not a secure system keyring"
    )
    assert store.set_password_sync(JID, "pw") is False
    assert backend.passwords == {}


def test_a_keyring_that_cannot_even_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("backend exploded\nwith a traceback-ish second line")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    store = SecretStore()
    assert store.available is False
    assert store.unavailable_reason == "the system keyring could not be opened: backend exploded"
    assert store.get_password_sync(JID) is None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.dbus
@pytest.mark.skipif(
    shutil.which("dbus-run-session") is None or shutil.which("gnome-keyring-daemon") is None,
    reason="needs dbus-run-session and gnome-keyring-daemon (Debian: dbus, gnome-keyring)",
)
def test_real_secret_service_on_a_private_bus(tmp_path: Path) -> None:
    dirs = {name: tmp_path / name for name in ("home", "run", "data", "config", "cache")}
    for directory in dirs.values():
        directory.mkdir(mode=0o700)
    env = {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "HOME": str(dirs["home"]),
        "XDG_RUNTIME_DIR": str(dirs["run"]),
        "XDG_DATA_HOME": str(dirs["data"]),
        "XDG_CONFIG_HOME": str(dirs["config"]),
        "XDG_CACHE_HOME": str(dirs["cache"]),
        # Not inherited: the child must not find the developer's bus even if the wrapper failed.
        "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=" + str(tmp_path / "no-system-bus"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring",
        "PYTHONPATH": str(ROOT),
    }
    # dbus-run-session sets DBUS_SESSION_BUS_ADDRESS for its child and ends its daemon after it.
    proc = subprocess.Popen(
        ["dbus-run-session", "--", sys.executable, "-m", "tests.services.secret_service_child"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        # The session we created holds only what we started: the wrapper, its bus, child, daemon.
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"secret service child hung: {err.decode(errors='replace')[-2000:]}")
    lines = out.decode().strip().splitlines()
    assert lines, err.decode(errors="replace")
    result = json.loads(lines[-1])
    daemon_pid = int(result["daemon_pid"])
    if _pid_alive(daemon_pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(daemon_pid, signal.SIGTERM)
        pytest.fail(f"gnome-keyring-daemon {daemon_pid} outlived the test child")
    assert proc.returncode == 0, (result, err.decode(errors="replace"))
    assert result == {
        "daemon_pid": daemon_pid,
        "available": True,
        "reason": "",
        "backend": "keyring.backends.SecretService",
        "get_before": None,
        "set": True,
        "get": "correct horse ✓ battery",
        "delete": True,
        "get_after_delete": None,
        "delete_again": True,
        "last_error": None,
        "open_available": True,
        "async_set": True,
        "async_get": "correct horse ✓ battery2",
        "async_delete": True,
        "async_get_after_delete": None,
        "daemon_exit": result["daemon_exit"],
    }
    # The password went into the private keyring under tmp_path, nowhere else.
    keyrings = dirs["data"] / "keyrings"
    assert sorted(p.name for p in keyrings.iterdir()) == ["login.keyring", "user.keystore"]
    assert "correct horse" not in (keyrings / "login.keyring").read_bytes().decode(errors="replace")
