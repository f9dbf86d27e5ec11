"""The whole app: starts, signs in, shuts down cleanly (disconnect first) however asked."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from client.app.main import Attend
from client.core.accounts import AccountConfig
from client.core.connection import ConnectionState
from client.core.profile import AccountStore, Profile
from tests.fixtures.prosody import ProsodyServer
from tests.qasync_helpers import run_qasync, until
from tests.xmpp.conftest import Peer

ROOT = Path(__file__).resolve().parents[2]
BAD_OUTPUT = ("Traceback", "Task was destroyed", "Warning", "WARNING", "Error", "never awaited")


def app_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), **extra})
    return env


def test_version_and_help_open_no_window() -> None:
    for flag, expected in (("--version", "Attend 0.1.0"), ("--help", "--profile DIR")):
        out = subprocess.run(
            [sys.executable, "-m", "client", flag],
            capture_output=True,
            text=True,
            timeout=30,
            env=app_env(QT_QPA_PLATFORM="none-such"),  # a window would fail on this platform
            check=True,
        )
        assert expected in out.stdout
        assert out.stderr == ""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_shuts_down_cleanly(tmp_path: Path, signum: int) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "client", "--profile", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=app_env(),
    )
    log = tmp_path / "logs" / "attend.log"
    deadline = time.monotonic() + 30
    while "started with" not in (log.read_text() if log.exists() else ""):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "app did not start"
        time.sleep(0.05)
    proc.send_signal(signum)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0
    text = log.read_text()
    assert text.index("disconnecting") < text.index("bye")
    lines = [ln for ln in err.splitlines() if " INFO " not in ln]
    assert not [ln for ln in lines if any(bad in ln for bad in BAD_OUTPUT)], err


def _profile_with_account(tmp_path: Path, prosody: ProsodyServer, jid: str) -> Profile:
    profile = Profile.in_directory(tmp_path)
    profile.ensure_dirs()
    store = AccountStore(profile.accounts_file)
    store.load()
    store.add(
        AccountConfig(
            jid=jid, server_host="127.0.0.1", port=prosody.c2s_port, ca_file=str(prosody.ca_file)
        )
    )
    store.save()
    assert "pw-" not in profile.accounts_file.read_text()
    return profile


@pytest.mark.parametrize("how", ["close", "ctrl+q"])
def test_window_close_and_ctrl_q_disconnect_first(
    qapp: object, tmp_path: Path, prosody: ProsodyServer, make_account: object, how: str
) -> None:
    me, my_pw = make_account("me")  # type: ignore[operator]
    friend, friend_pw = make_account("friend")  # type: ignore[operator]
    prosody.write_roster(me.split("@")[0], {friend: "Friend"})
    prosody.write_roster(friend.split("@")[0], {me: "Me"})
    profile = _profile_with_account(tmp_path, prosody, me)

    async def password(jid: str) -> str | None:
        return my_pw if jid == me else None

    async def scenario() -> None:
        import asyncio

        peer = Peer(prosody, friend, friend_pw)
        await peer.connect()
        app = Attend(profile, password)
        runner = asyncio.ensure_future(app.run())
        await until(lambda: me in app.manager.sessions)
        session = app.manager.sessions[me]
        await until(lambda: session.status.state == ConnectionState.ONLINE)
        await until(lambda: "online" in app.window.connection_label.text())
        if how == "close":
            app.window.close()
        else:
            app.window.activateWindow()
            await until(app.window.isActiveWindow)
            QTest.keyClick(app.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        assert await asyncio.wait_for(runner, 15) == 0
        assert session.status.state == ConnectionState.OFFLINE
        await until(
            lambda: any(p["from"].bare == me and p["type"] == "unavailable" for p in peer.presences)
        )
        await peer.disconnect()

    run_qasync(scenario())


def test_profile_holds_no_password(tmp_path: Path, prosody: ProsodyServer) -> None:
    profile = _profile_with_account(tmp_path, prosody, "someone@localhost")
    data = json.loads(profile.accounts_file.read_text())
    (account,) = data["accounts"]
    assert account["jid"] == "someone@localhost"
    assert "password" not in account
    assert profile.accounts_file.stat().st_mode & 0o777 == 0o600


def test_chosen_status_is_kept_across_restarts(
    qapp: object, tmp_path: Path, prosody: ProsodyServer, make_account: object
) -> None:
    """Busy with a message last time: busy with that message again, sent to contacts at once."""
    from client.core.activity import StatusShow, UserStatus
    from client.core.profile import SettingsStore

    me, my_pw = make_account("me")  # type: ignore[operator]
    friend, friend_pw = make_account("friend")  # type: ignore[operator]
    prosody.write_roster(me.split("@")[0], {friend: "Friend"})
    prosody.write_roster(friend.split("@")[0], {me: "Me"})
    profile = _profile_with_account(tmp_path, prosody, me)
    store = SettingsStore(profile.settings_file)
    settings = store.load()
    settings.set("status.show", "dnd")
    settings.set("status.message", "In a meeting")
    store.save(settings)

    async def password(jid: str) -> str | None:
        return my_pw if jid == me else None

    async def scenario() -> None:
        import asyncio

        peer = Peer(prosody, friend, friend_pw)
        await peer.connect()
        app = Attend(profile, password)
        runner = asyncio.ensure_future(app.run())

        def seen(show: str, status: str) -> bool:
            return any(
                p["from"].bare == me and p["show"] == show and p["status"] == status
                for p in peer.presences
            )

        await until(lambda: seen("dnd", "In a meeting"))
        app.activity_ui.selector.status_chosen.emit(UserStatus(StatusShow.AWAY, "Lunch"))
        await until(lambda: seen("away", "Lunch"))
        app.quit_event.set()
        assert await asyncio.wait_for(runner, 15) == 0
        await peer.disconnect()

    run_qasync(scenario())
    saved = SettingsStore(profile.settings_file).load()
    assert saved.get_str("status.show") == "away"
    assert saved.get_str("status.message") == "Lunch"
