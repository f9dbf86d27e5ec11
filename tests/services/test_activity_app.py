"""The whole app with real signals: X11 idle and focus (Xvfb, openbox, xdotool), screen saver and
logind lock and sleep on private buses, observed by a contact and by Prosody's admin shell."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from client.core.accounts import AccountConfig
from client.core.profile import AccountStore, Profile
from client.core.xmpp_time import parse_datetime
from tests.fixtures.dbus import (  # noqa: F401 - fixtures, registered by import
    FakeDesktop,
    fake_desktop,
    private_buses,
)
from tests.fixtures.prosody import ProsodyServer
from tests.fixtures.xvfb import x_env, xdotool, xvfb_display  # noqa: F401 - a fixture
from tests.xmpp.conftest import Peer, wait_for
from tests.xmpp.test_activity import befriend, csi_state

pytestmark = [pytest.mark.x11, pytest.mark.dbus, pytest.mark.prosody]

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("activity_app_child.py")
SESSION_PATH = "/org/freedesktop/login1/session/_32"
AWAY_AFTER = 2.5
POLICY = {
    "away_after": AWAY_AFTER,
    "xa_after": 600.0,
    "inactive_grace": 1.0,
    "min_active_dwell": 0.0,
    "return_poll": 1.0,
}
BAD_OUTPUT = ("Traceback", "Task was destroyed", "Warning", "WARNING", "Error", "never awaited")
IDLE = "{urn:xmpp:idle:1}idle"


@dataclass
class Child:
    """The app in a child process; its JSON state lines and stderr are collected by threads."""

    proc: subprocess.Popen[str]
    states: list[dict[str, Any]] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)

    def close(self) -> None:
        """After the process ended: drain the readers and close the pipes."""
        for reader in self.readers:
            reader.join(5)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()

    def start_readers(self) -> None:
        def read_states() -> None:
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                with contextlib.suppress(ValueError):
                    self.states.append(json.loads(line))

        def read_stderr() -> None:
            assert self.proc.stderr is not None
            self.stderr.extend(self.proc.stderr)

        for target in (read_states, read_stderr):
            reader = threading.Thread(target=target, daemon=True)
            reader.start()
            self.readers.append(reader)

    def first_state(self, after: float, predicate: Callable[[dict[str, Any]], bool]) -> Any:
        return next((s for s in list(self.states) if s["t"] >= after and predicate(s)), None)


@dataclass
class Observed:
    """One presence of ours as the contact received it."""

    at: float
    show: str
    since: datetime | None


def _profile(tmp_path: Path, prosody: ProsodyServer, jid: str) -> Path:
    profile = Profile.in_directory(tmp_path / "profile")
    profile.ensure_dirs()
    store = AccountStore(profile.accounts_file)
    store.load()
    store.add(
        AccountConfig(
            jid=jid, server_host="127.0.0.1", port=prosody.c2s_port, ca_file=str(prosody.ca_file)
        )
    )
    store.save()
    return tmp_path / "profile"


def test_real_signals_drive_idle_presence_and_csi(
    tmp_path: Path,
    prosody: ProsodyServer,
    make_account: Any,
    xvfb_display: str,  # noqa: F811 - the fixture imported above
    fake_desktop: FakeDesktop,  # noqa: F811
) -> None:
    me, my_pw = make_account("me")
    bob, bob_pw = make_account("bob")
    befriend(prosody, me, bob)
    # The screen saver reports lock changes but no idle time (as KDE on Wayland), so the idle
    # chain falls through to X11's, which xdotool drives.
    saver = fake_desktop.start("screensaver", "--idle-not-supported")
    login1 = fake_desktop.start("login1")
    profile_dir = _profile(tmp_path, prosody, me)
    env = fake_desktop.buses.env(x_env(xvfb_display, PYTHONPATH=str(ROOT)))
    numbers: dict[str, float] = {}

    async def x(*args: str) -> str:
        return await asyncio.to_thread(xdotool, xvfb_display, *args)

    async def touch() -> float:
        """Real input through XTEST; returns when it happened (wall clock)."""
        await x("mousemove_relative", "--", "3", "3")
        await x("mousemove_relative", "--", "-3", "-3")
        return time.time()

    async def server_says(expected: str, timeout: float = 8.0) -> float:
        """Poll the admin shell until our session's CSI column reads ``expected``."""
        start = time.monotonic()
        while (state := await asyncio.to_thread(csi_state, prosody, f"{me}/Attend")) != expected:
            assert time.monotonic() - start < timeout, f"server says {state!r}, not {expected!r}"
            await asyncio.sleep(0.1)
        return time.monotonic() - start

    async def scenario() -> None:
        bob_peer = Peer(prosody, bob, bob_pw)
        seen: list[Observed] = []

        def on_presence(p: Any) -> None:
            if p["from"].bare == me and p.xml.get("type") is None:
                idle = p.xml.find(IDLE)
                since = parse_datetime(idle.get("since")) if idle is not None else None
                seen.append(Observed(time.time(), p["show"] or "available", since))

        bob_peer.xmpp.add_event_handler("presence", on_presence)
        await bob_peer.connect()

        proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(profile_dir), me, json.dumps(POLICY)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        child = Child(proc)
        child.start_readers()
        assert proc.stdin is not None
        proc.stdin.write(my_pw + "\n")
        proc.stdin.close()
        jiggling = asyncio.Event()

        async def jiggler() -> None:
            """A user at the keyboard: input every 0.6 s while ``jiggling`` is set."""
            while True:
                await jiggling.wait()
                await touch()
                await asyncio.sleep(0.6)

        jiggle_task = asyncio.ensure_future(jiggler())

        async def stop_jiggling() -> float:
            jiggling.clear()
            await asyncio.sleep(0.7)  # let a touch in flight finish
            return await touch()  # the last input, at a known time

        def presence_after(t: float, show: str) -> Callable[[], bool]:
            return lambda: any(o.at >= t and o.show == show for o in seen)

        def first_after(t: float, show: str) -> Observed:
            return next(o for o in seen if o.at >= t and o.show == show)

        try:
            await wait_for(lambda: any(s["told"] for s in child.states), timeout=20)

            # --- system idle past the threshold: away, with since = the last input ---------
            last_input = await touch()
            await wait_for(
                lambda: any(
                    o.since is not None and abs(o.since.timestamp() - last_input) <= 2
                    for o in seen
                    if o.at >= last_input
                ),
                timeout=AWAY_AFTER + 5,
            )
            away = next(o for o in seen if o.at >= last_input and o.since is not None)
            assert away.show == "away"
            assert away.since is not None
            numbers["idle: input -> contact sees away (s)"] = away.at - last_input
            numbers["idle: |since - last input| (s)"] = abs(away.since.timestamp() - last_input)
            assert away.at - last_input <= AWAY_AFTER + 2
            assert await server_says("inactive") >= 0

            # --- back: presence without <idle/>, server active --------------------------------
            back_at = await touch()
            jiggling.set()
            await wait_for(presence_after(back_at, "available"), timeout=5)
            back = first_after(back_at, "available")
            assert back.since is None
            numbers["return: input -> contact sees available (s)"] = back.at - back_at
            await server_says("active")

            # --- screen saver lock (session bus ActiveChanged) -------------------------------
            touched = await stop_jiggling()
            locked_at = time.time()
            await asyncio.to_thread(saver.control, "SetActive", "boolean:true")
            await wait_for(presence_after(locked_at, "xa"), timeout=5)
            xa = first_after(locked_at, "xa")
            assert xa.since is not None
            assert abs(xa.since.timestamp() - touched) <= 2
            told = child.first_state(locked_at, lambda s: s["told"] == [False])
            assert told is not None
            numbers["screensaver lock -> <inactive/> queued (s)"] = told["t"] - locked_at
            numbers["screensaver lock -> contact sees xa (s)"] = xa.at - locked_at
            await server_says("inactive")
            unlocked_at = time.time()
            await asyncio.to_thread(saver.control, "SetActive", "boolean:false")
            jiggling.set()
            await wait_for(presence_after(unlocked_at, "available"), timeout=5)
            await server_says("active")

            # --- logind LockedHint (system bus PropertiesChanged) ----------------------------
            touched = await stop_jiggling()
            locked_at = time.time()
            await asyncio.to_thread(
                login1.control, "SetLockedHint", "boolean:true", path=SESSION_PATH
            )
            await wait_for(presence_after(locked_at, "xa"), timeout=5)
            xa = first_after(locked_at, "xa")
            assert xa.since is not None
            assert abs(xa.since.timestamp() - touched) <= 2
            told = child.first_state(locked_at, lambda s: s["told"] == [False])
            assert told is not None
            numbers["logind lock -> <inactive/> queued (s)"] = told["t"] - locked_at
            await server_says("inactive")
            unlocked_at = time.time()
            await asyncio.to_thread(
                login1.control, "SetLockedHint", "boolean:false", path=SESSION_PATH
            )
            jiggling.set()
            await wait_for(presence_after(unlocked_at, "available"), timeout=5)
            await server_says("active")

            # --- minimised: CSI inactive at once, presence untouched (the user is typing) ----
            window = (await x("getactivewindow")).strip()
            before = len(seen)
            minimised_at = time.time()
            await x("windowminimize", window)
            await wait_for(
                lambda: child.first_state(minimised_at, lambda s: s["told"] == [False]) is not None
            )
            await server_says("inactive")
            assert len(seen) == before, "minimising changed the presence"
            restored_at = time.time()
            await x("windowactivate", "--sync", window)
            await wait_for(
                lambda: child.first_state(restored_at, lambda s: s["told"] == [True]) is not None
            )
            await server_says("active")

            # --- sleep: xa goes out before the delay lock is released; since survives wake ---
            touched = await stop_jiggling()
            await wait_for(presence_after(touched, "away"), timeout=AWAY_AFTER + 3)
            since = first_after(touched, "away").since
            assert since is not None
            assert abs(since.timestamp() - touched) <= 2
            inhibitors = await asyncio.to_thread(login1.control, "Inhibitors")
            assert "Attend" in inhibitors
            assert "delay" in inhibitors
            sleep_at = time.time()
            await asyncio.to_thread(login1.control, "PrepareForSleep", "boolean:true")
            await wait_for(presence_after(sleep_at, "xa"), timeout=5)
            xa = first_after(sleep_at, "xa")
            assert xa.since == since
            numbers["PrepareForSleep -> contact sees xa (s)"] = xa.at - sleep_at
            # Released once flushed: before the sleep source's own 1.5 s fallback would.
            await wait_for(lambda: "Attend" not in login1.control("Inhibitors"), timeout=1.4)
            numbers["PrepareForSleep -> delay lock released (s)"] = time.time() - sleep_at
            woke_at = time.time()
            await asyncio.to_thread(login1.control, "PrepareForSleep", "boolean:false")
            # Idle (no input since before the sleep): away again, with the same since.
            await wait_for(presence_after(woke_at, "away"), timeout=5)
            assert first_after(woke_at, "away").since == since
            assert all(o.since == since for o in seen if o.at >= woke_at)
            await wait_for(lambda: "Attend" in login1.control("Inhibitors"), timeout=2)
            back_at = await touch()
            await wait_for(presence_after(back_at, "available"), timeout=5)
        finally:
            jiggle_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await jiggle_task
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
            child.close()
            await bob_peer.disconnect()
        assert proc.returncode == 0, "".join(child.stderr)[-3000:]
        noise = [
            line
            for line in child.stderr
            if " INFO " not in line and any(bad in line for bad in BAD_OUTPUT)
        ]
        assert not noise, "".join(child.stderr)[-3000:]

    asyncio.run(scenario())
    for what, value in numbers.items():
        print(f"{what}: {value:.3f}")
    if target := os.environ.get("ATTEND_ACTIVITY_NUMBERS"):
        Path(target).write_text(json.dumps(numbers, indent=1))
