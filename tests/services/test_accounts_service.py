"""AccountManager against the real Prosody: changes persist, sessions follow, no password leaks."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from client import APP_ID
from client.core.accounts import AccountConfig
from client.core.connection import ConnectionState, ConnectionStatus, ErrorKind
from client.core.profile import AccountStore, DuplicateAccountError, Profile
from client.services.accounts import AccountManager, PasswordReason
from client.services.secrets import SecretStore
from client.xmpp.safety import RedactingFilter
from tests.fixtures.prosody import ProsodyServer
from tests.keyring_backends import MemoryKeyring
from tests.qasync_helpers import run_qasync, until
from tests.xmpp.conftest import Peer


def account_for(prosody: ProsodyServer, jid: str, **kw: Any) -> AccountConfig:
    return AccountConfig(
        jid=jid,
        server_host="127.0.0.1",
        port=prosody.c2s_port,
        ca_file=str(prosody.ca_file),
        **kw,
    )


class Recorder:
    """Every signal the manager sends, in order."""

    def __init__(self, manager: AccountManager) -> None:
        self.statuses: list[tuple[str, ConnectionStatus]] = []
        self.passwords: list[tuple[str, PasswordReason]] = []
        self.added: list[str] = []
        self.removed: list[str] = []
        manager.status_changed.connect(lambda j, s: self.statuses.append((j, s)))
        manager.password_needed.connect(lambda j, r: self.passwords.append((j, r)))
        manager.session_added.connect(self.added.append)
        manager.session_removed.connect(self.removed.append)

    def states(self, jid: str) -> list[ConnectionState]:
        return [s.state for j, s in self.statuses if j == jid]


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    profile = Profile.in_directory(tmp_path / "profile")
    profile.ensure_dirs()
    return profile


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """Everything logged at DEBUG (slixmpp's raw stream included), filtered as the app does."""
    path = tmp_path / "debug.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


def assert_nowhere(password: str, *places: Path) -> None:
    for place in places:
        files = [place] if place.is_file() else [p for p in place.rglob("*") if p.is_file()]
        for path in files:
            assert password.encode() not in path.read_bytes(), path


def online(manager: AccountManager, jid: str) -> bool:
    bridge = manager.sessions.get(jid)
    return bridge is not None and bridge.status.state == ConnectionState.ONLINE


def test_add_disable_enable_edit_remove_persist_and_follow_sessions(
    qapp: object,
    prosody: ProsodyServer,
    make_account: Any,
    profile: Profile,
    debug_log: Path,
) -> None:
    me, my_pw = make_account("me")
    other, other_pw = make_account("other")
    friend, friend_pw = make_account("friend")
    prosody.write_roster(friend.split("@")[0], {me: "Me"})
    prosody.write_roster(me.split("@")[0], {friend: "Friend"})
    backend = MemoryKeyring()
    secrets = SecretStore(backend)
    store = AccountStore(profile.accounts_file)
    store.load()

    def saved() -> dict[str, dict[str, object]]:
        data = json.loads(profile.accounts_file.read_text())
        return {a["jid"]: a for a in data["accounts"]}

    async def scenario() -> None:
        manager = AccountManager(store=store, secrets=secrets, keepalive=0)
        events = Recorder(manager)
        peer = Peer(prosody, friend, friend_pw)
        await peer.connect()
        try:
            result = await manager.add_account(account_for(prosody, me), my_pw, remember=True)
            assert result.remember_password
            await manager.add_account(account_for(prosody, other), other_pw, remember=False)
            with pytest.raises(DuplicateAccountError):
                await manager.add_account(account_for(prosody, me.upper()), "x", remember=True)
            # Several accounts at once.
            await until(lambda: online(manager, me) and online(manager, other))
            assert backend.passwords == {(APP_ID, me): my_pw}  # "remember" off: not kept
            assert saved()[me]["remember_password"] is True
            assert saved()[other]["remember_password"] is False
            assert profile.accounts_file.stat().st_mode & 0o777 == 0o600

            await manager.set_enabled(me, False)
            assert me not in manager.sessions
            assert saved()[me]["enabled"] is False
            assert manager.status(me).state == ConnectionState.OFFLINE
            await until(
                lambda: any(
                    p["from"].bare == me and p["type"] == "unavailable" for p in peer.presences
                )
            )
            assert online(manager, other)  # the other account is untouched

            await manager.set_enabled(me, True)
            assert saved()[me]["enabled"] is True
            await until(lambda: online(manager, me))

            # An edit that matters reconnects with the new settings.
            edited = dataclasses.replace(account_for(prosody, me), resource="desk")
            await manager.update_account(edited)
            assert saved()[me]["resource"] == "desk"
            assert saved()[me]["remember_password"] is True  # kept, not reset by the edit
            await until(lambda: online(manager, me))
            assert manager.sessions[me].session.xmpp.boundjid.resource == "desk"
            await until(lambda: any(str(p["from"]) == f"{me}/desk" for p in peer.presences))

            await manager.remove_account(me)
            assert me not in manager.sessions
            assert list(saved()) == [other]
            assert backend.passwords == {}
            assert [a.jid for a in manager.accounts] == [other]
            assert events.removed.count(me) >= 2  # disable, edit and remove each ended one
            assert events.passwords == []  # the keyring had what was needed
        finally:
            await manager.stop()
            await peer.disconnect()

    run_qasync(scenario(), timeout=60)
    # A fresh store reads back exactly what was left.
    assert [a.jid for a in AccountStore(profile.accounts_file).load()] == [other]
    for secret in (my_pw, other_pw):
        assert_nowhere(secret, profile.config_dir, profile.log_dir, debug_log)
    assert "SEND" in debug_log.read_text()  # slixmpp's raw stream really was logged


def test_no_keyring_asks_for_the_password_and_never_writes_it(
    qapp: object, prosody: ProsodyServer, make_account: Any, profile: Profile, debug_log: Path
) -> None:
    me, my_pw = make_account("me")
    secrets = SecretStore()  # conftest selects keyring's fail backend: a headless machine
    assert not secrets.available
    store = AccountStore(profile.accounts_file)
    store.load()
    store.add(account_for(prosody, me, remember_password=True))
    store.save()

    async def scenario() -> None:
        manager = AccountManager(store=store, secrets=secrets, keepalive=0)
        assert not manager.keyring_available
        assert "no system keyring" in manager.keyring_unavailable_reason
        events = Recorder(manager)
        try:
            await manager.start()  # must not fail, must not hang
            assert events.passwords == [(me, PasswordReason.MISSING)]
            status = manager.status(me)
            assert (status.state, status.error) == (ConnectionState.ERROR, ErrorKind.NO_PASSWORD)
            assert "enter it" in status.detail
            assert me not in manager.sessions

            # "Remember" cannot be honoured: used for this run only, and the account says so.
            assert await manager.provide_password(me, my_pw, remember=True) is False
            await until(lambda: online(manager, me))
            current = store.get(me)
            assert current is not None
            assert current.remember_password is False
            assert (
                json.loads(profile.accounts_file.read_text())["accounts"][0]["remember_password"]
                is False
            )
            # A restart within the run (e.g. after an edit) does not ask again.
            await manager.update_account(dataclasses.replace(current, resource="again"))
            await until(lambda: online(manager, me))
            assert len(events.passwords) == 1
        finally:
            await manager.stop()

    run_qasync(scenario(), timeout=60)
    assert_nowhere(my_pw, profile.config_dir, profile.log_dir, debug_log)


def test_wrong_password_asks_again_and_does_not_retry(
    qapp: object, prosody: ProsodyServer, make_account: Any, profile: Profile
) -> None:
    me, my_pw = make_account("me")
    backend = MemoryKeyring()
    backend.passwords[(APP_ID, me)] = "not-the-password"
    store = AccountStore(profile.accounts_file)
    store.load()
    store.add(account_for(prosody, me, remember_password=True))
    store.save()

    async def scenario() -> None:
        manager = AccountManager(store=store, secrets=SecretStore(backend), keepalive=0)
        events = Recorder(manager)
        try:
            await manager.start()
            await until(lambda: events.passwords == [(me, PasswordReason.REJECTED)])
            assert manager.status(me).error == ErrorKind.AUTH
            attempts = events.states(me).count(ConnectionState.CONNECTING)
            await asyncio.sleep(2.5)  # a retry loop would have tried again by now
            assert events.states(me).count(ConnectionState.CONNECTING) == attempts
            assert ConnectionState.RECONNECTING not in events.states(me)

            assert await manager.provide_password(me, my_pw, remember=True)
            await until(lambda: online(manager, me))
            assert backend.passwords == {(APP_ID, me): my_pw}  # the right one replaced it
        finally:
            await manager.stop()

    run_qasync(scenario(), timeout=60)


def test_old_api_still_works(qapp: object, prosody: ProsodyServer, make_account: Any) -> None:
    """AccountManager(lookup).start([...]) with no store, as the first version offered."""
    me, my_pw = make_account("me")

    async def lookup(jid: str) -> str | None:
        return my_pw if jid == me else None

    async def scenario() -> None:
        manager = AccountManager(lookup)
        added: list[str] = []
        manager.session_added.connect(added.append)
        try:
            await manager.start([account_for(prosody, me)])
            assert added == [me]
            await until(lambda: online(manager, me))
        finally:
            await manager.stop()
        assert manager.sessions[me].status.state == ConnectionState.OFFLINE

    run_qasync(scenario())
