"""Profile locations per platform, atomic 0600 writes, and damaged files kept rather than lost."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest

from client.core.accounts import AccountConfig
from client.core.profile import (
    AccountStore,
    CorruptFileError,
    DuplicateAccountError,
    Profile,
    SettingsStore,
    StoreError,
    UnknownAccountError,
    atomic_write_text,
)
from client.core.settings import Settings

HOME = Path("/home/u")


def test_profile_dir_holds_everything(tmp_path: Path) -> None:
    profile = Profile.in_directory(tmp_path / "p")
    root = tmp_path / "p"
    assert profile == Profile(root / "config", root / "data", root / "cache", root / "logs")
    assert profile.accounts_file == root / "config" / "accounts.json"
    assert profile.settings_file == root / "config" / "settings.json"
    assert Profile.resolve(root) == profile


def test_relative_profile_dir_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert Profile.in_directory(Path("rel")).config_dir == tmp_path / "rel" / "config"


def test_linux_honours_xdg() -> None:
    env = {
        "XDG_CONFIG_HOME": "/x/config",
        "XDG_DATA_HOME": "/x/data",
        "XDG_CACHE_HOME": "/x/cache",
        "XDG_STATE_HOME": "/x/state",
    }
    profile = Profile.standard(platform="linux", env=env, home=HOME)
    assert profile == Profile(
        Path("/x/config/Attend"), Path("/x/data/Attend"), Path("/x/cache/Attend"),
        Path("/x/state/Attend/logs"),
    )  # fmt: skip


def test_linux_defaults_and_relative_xdg_ignored() -> None:
    profile = Profile.standard(platform="linux", env={"XDG_CONFIG_HOME": "relative"}, home=HOME)
    assert profile == Profile(
        HOME / ".config/Attend", HOME / ".local/share/Attend", HOME / ".cache/Attend",
        HOME / ".local/state/Attend/logs",
    )  # fmt: skip


def test_windows_locations() -> None:
    env = {"APPDATA": "/w/Roaming", "LOCALAPPDATA": "/w/Local"}
    profile = Profile.standard(platform="win32", env=env, home=HOME)
    assert profile == Profile(
        Path("/w/Roaming/Attend"), Path("/w/Local/Attend/Data"), Path("/w/Local/Attend/Cache"),
        Path("/w/Local/Attend/Logs"),
    )  # fmt: skip
    fallback = Profile.standard(platform="win32", env={}, home=HOME)
    assert fallback.config_dir == HOME / "AppData/Roaming/Attend"


def test_macos_locations() -> None:
    profile = Profile.standard(platform="darwin", env={}, home=HOME)
    assert profile == Profile(
        HOME / "Library/Application Support/Attend", HOME / "Library/Application Support/Attend",
        HOME / "Library/Caches/Attend", HOME / "Library/Logs/Attend",
    )  # fmt: skip


def test_standard_follows_this_process_environment() -> None:
    # conftest points XDG_CONFIG_HOME at a private directory.
    assert Profile.resolve(None).config_dir == Path(os.environ["XDG_CONFIG_HOME"]) / "Attend"


def test_ensure_dirs_are_private(tmp_path: Path) -> None:
    profile = Profile.in_directory(tmp_path / "p")
    profile.ensure_dirs()
    for directory in (tmp_path / "p", profile.config_dir, profile.log_dir):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_atomic_write_replaces_and_is_0600(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "f.json"
    target.parent.mkdir()
    target.write_text("old")
    target.chmod(0o644)
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert _mode(target) == 0o600
    assert os.listdir(target.parent) == ["f.json"]  # no temporary file left behind


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "\udcff")  # a lone surrogate cannot be encoded
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["f.json"]


def test_account_store_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "config" / "accounts.json"
    store = AccountStore(path)
    assert store.load() == []
    assert not path.exists()
    store.add(AccountConfig("a@b.org", remember_password=True))
    store.add(AccountConfig("c@d.org", server_host="h", port=1234))
    store.save()
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    data = json.loads(path.read_text())
    assert data["version"] == 1
    assert [a["jid"] for a in data["accounts"]] == ["a@b.org", "c@d.org"]
    assert all("password" not in entry for entry in data["accounts"])
    again = AccountStore(path)
    assert again.load() == store.accounts


def test_account_store_add_remove_replace(tmp_path: Path) -> None:
    store = AccountStore(tmp_path / "accounts.json")
    store.add(AccountConfig("a@b.org"))
    with pytest.raises(DuplicateAccountError, match="already exists"):
        store.add(AccountConfig("A@B.org"))
    with pytest.raises(UnknownAccountError) as info:
        store.remove("x@y.org")
    assert str(info.value) == "no account x@y.org (see `account list`)"
    store.replace(AccountConfig("a@b.org", enabled=False))
    assert store.get("a@b.org") == AccountConfig("a@b.org", enabled=False)
    assert store.remove("A@b.org").jid == "a@b.org"
    assert store.accounts == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"version": 1, "accounts": {}}', "no list of accounts"),
    ],
)
def test_damaged_accounts_file_is_moved_aside_not_lost(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "accounts.json"
    path.write_bytes(content)
    with pytest.raises(CorruptFileError, match=reason) as info:
        AccountStore(path).load()
    moved = info.value.moved_to
    assert moved.parent == tmp_path
    assert moved.name.startswith("accounts.json.corrupt-")
    assert moved.read_bytes() == content
    assert not path.exists()
    assert "\n" not in str(info.value)
    # A second damaged file in the same second gets its own name.
    path.write_bytes(content)
    with pytest.raises(CorruptFileError) as second:
        AccountStore(path).load()
    assert second.value.moved_to != moved
    assert moved.read_bytes() == content


def test_newer_format_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    path.write_text('{"version": 2, "accounts": []}')
    with pytest.raises(StoreError, match="format 2") as info:
        AccountStore(path).load()
    assert not isinstance(info.value, CorruptFileError)
    assert path.read_text() == '{"version": 2, "accounts": []}'


def test_unreadable_entries_are_kept_through_a_save(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "accounts.json"
    entries = [
        {"jid": "good@b.org"},
        {"jid": "bad jid"},
        {"jid": "good@b.org", "resource": "twice"},
        "not an object",
        {"jid": "pw@b.org", "enabled": "maybe", "password": "s3cret"},
    ]
    path.write_text(json.dumps({"version": 1, "accounts": entries}))
    store = AccountStore(path)
    with caplog.at_level(logging.WARNING):
        assert [a.jid for a in store.load()] == ["good@b.org"]
    assert len(store.unreadable) == 4
    assert "listed twice" in caplog.text
    assert "s3cret" not in caplog.text
    store.add(AccountConfig("new@b.org"))
    store.save()
    saved = json.loads(path.read_text())["accounts"]
    assert [e["jid"] if isinstance(e, dict) else e for e in saved] == [
        "good@b.org", "new@b.org", "bad jid", "good@b.org", "not an object", "pw@b.org",
    ]  # fmt: skip
    assert "s3cret" not in path.read_text()


def test_unreadable_file_is_a_store_error_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    path.mkdir()  # reading a directory fails with an OSError, not corruption
    with pytest.raises(StoreError, match="cannot read"):
        AccountStore(path).load()
    assert path.is_dir()


def test_settings_store(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    store = SettingsStore(path)
    assert store.load().get("roster.sort") == "status"
    settings = Settings()
    settings.set_text("roster.sort", "name")
    store.save(settings)
    assert _mode(path) == 0o600
    assert json.loads(path.read_text()) == {"roster.sort": "name"}
    assert store.load().get("roster.sort") == "name"
    path.write_text("{oops")
    with pytest.raises(CorruptFileError) as info:
        store.load()
    assert info.value.moved_to.read_text() == "{oops"
    assert store.load().get("roster.sort") == "status"
