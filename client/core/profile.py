"""Where the app keeps its files, and safe reading/writing of accounts.json and settings.json."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from client.core.accounts import AccountConfig, validate_bare_jid
from client.core.settings import Settings

log = logging.getLogger(__name__)

APP_DIR_NAME = "Attend"
ACCOUNTS_FILE = "accounts.json"
SETTINGS_FILE = "settings.json"
ACCOUNTS_FORMAT = 1


@dataclass(frozen=True)
class Profile:
    """The four directories the app writes to: config, data (history), cache and logs."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @classmethod
    def in_directory(cls, root: Path) -> Profile:
        """Everything under one directory (`--profile DIR`): DIR/config, DIR/data, ..."""
        root = root.expanduser().absolute()
        return cls(root / "config", root / "data", root / "cache", root / "logs")

    @classmethod
    def standard(
        cls,
        *,
        platform: str | None = None,
        env: Mapping[str, str] | None = None,
        home: Path | None = None,
    ) -> Profile:
        """The platform's usual per-user locations (XDG, %APPDATA%, ~/Library)."""
        platform = sys.platform if platform is None else platform
        env = os.environ if env is None else env
        home = Path.home() if home is None else home
        if platform == "win32":
            roaming = _env_dir(env, "APPDATA") or home / "AppData" / "Roaming"
            local = _env_dir(env, "LOCALAPPDATA") or home / "AppData" / "Local"
            app_local = local / APP_DIR_NAME
            return cls(roaming / APP_DIR_NAME, app_local / "Data", app_local / "Cache",
                       app_local / "Logs")  # fmt: skip
        if platform == "darwin":
            support = home / "Library" / "Application Support" / APP_DIR_NAME
            return cls(support, support, home / "Library" / "Caches" / APP_DIR_NAME,
                       home / "Library" / "Logs" / APP_DIR_NAME)  # fmt: skip
        config = _env_dir(env, "XDG_CONFIG_HOME") or home / ".config"
        data = _env_dir(env, "XDG_DATA_HOME") or home / ".local" / "share"
        cache = _env_dir(env, "XDG_CACHE_HOME") or home / ".cache"
        state = _env_dir(env, "XDG_STATE_HOME") or home / ".local" / "state"
        return cls(config / APP_DIR_NAME, data / APP_DIR_NAME, cache / APP_DIR_NAME,
                   state / APP_DIR_NAME / "logs")  # fmt: skip

    @classmethod
    def resolve(cls, profile_dir: Path | None) -> Profile:
        """`--profile DIR` if given, otherwise the standard locations."""
        return cls.standard() if profile_dir is None else cls.in_directory(profile_dir)

    @property
    def accounts_file(self) -> Path:
        return self.config_dir / ACCOUNTS_FILE

    @property
    def settings_file(self) -> Path:
        return self.config_dir / SETTINGS_FILE

    def ensure_dirs(self) -> None:
        for directory in (self.config_dir, self.data_dir, self.cache_dir, self.log_dir):
            make_private_dir(directory)


def _env_dir(env: Mapping[str, str], name: str) -> Path | None:
    # The XDG spec says relative paths in these variables are invalid and must be ignored.
    value = env.get(name, "")
    return Path(value) if value and os.path.isabs(value) else None


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` and any missing parents readable by the owner only."""
    missing = [p for p in (directory, *directory.parents) if not p.exists()]
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so readers see the old or the new file, never half of one.

    The file is owner-only (0600); written to a temporary file in the same directory, fsynced,
    then renamed over the original.
    """
    make_private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as tmp:
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o600)  # mkstemp already does; say it so a change there can't widen it
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if os.name == "posix":
        # Make the rename itself durable: a crash right after must not bring the old file back.
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class StoreError(Exception):
    """A settings or accounts file could not be read or written; the message is one line."""


class CorruptFileError(StoreError):
    """The file was not readable as ours; it has been moved aside, not lost."""

    def __init__(self, path: Path, reason: str, moved_to: Path) -> None:
        super().__init__(
            f"{path} is damaged ({reason}); it was moved to {moved_to.name} in the same folder,"
            " fix it and move it back, or carry on with a fresh file"
        )
        self.path = path
        self.reason = reason
        self.moved_to = moved_to


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, target)
    return target


def _corrupt(path: Path, reason: str) -> CorruptFileError:
    try:
        moved = _move_aside(path)
    except OSError as exc:
        raise StoreError(
            f"{path} is damaged ({reason}) and could not be moved aside: {exc}"
        ) from None
    return CorruptFileError(path, reason, moved)


def _read_json_object(path: Path) -> dict[str, Any] | None:
    """The JSON object in ``path``; None if there is no file; CorruptFileError if it is not one."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _corrupt(path, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _corrupt(path, f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict):
        raise _corrupt(path, "not a JSON object")
    return data


def _write_json(path: Path, data: object) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None


class DuplicateAccountError(ValueError):
    """An account with this address is already configured."""


class UnknownAccountError(KeyError):
    """No account with this address."""

    def __str__(self) -> str:
        return f"no account {self.args[0]} (see `account list`)"


class AccountStore:
    """accounts.json: the configured accounts, in order. Passwords are never written here.

    Entries this version cannot read are kept as they are and written back, so a typo in one
    account (or a newer version's format) never costs the others.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.accounts: list[AccountConfig] = []
        self.unreadable: list[tuple[object, str]] = []

    def load(self) -> list[AccountConfig]:
        """Read the file (a missing file is no accounts); CorruptFileError if it is damaged."""
        self.accounts, self.unreadable = [], []
        data = _read_json_object(self.path)
        if data is None:
            return self.accounts
        version = data.get("version")
        if version != ACCOUNTS_FORMAT:
            raise StoreError(
                f"{self.path} has format {version!r}, this version of the app reads format "
                f"{ACCOUNTS_FORMAT}; it was left untouched"
            )
        entries = data.get("accounts")
        if not isinstance(entries, list):
            raise _corrupt(self.path, "no list of accounts in it")
        for entry in entries:
            try:
                if not isinstance(entry, dict):
                    raise ValueError("an account entry is not a JSON object")
                account = AccountConfig.from_json_dict(entry)
                if self.get(account.jid) is not None:
                    raise ValueError(f"{account.jid} is listed twice")
            except ValueError as exc:
                log.warning("skipping an account in %s: %s", self.path, exc)
                kept: object = entry
                if isinstance(entry, dict):
                    # Drop a stray password field even from entries we cannot otherwise read.
                    kept = {k: v for k, v in entry.items() if k != "password"}
                self.unreadable.append((kept, str(exc)))
                continue
            self.accounts.append(account)
        return self.accounts

    def save(self) -> None:
        entries: list[object] = [account.to_json_dict() for account in self.accounts]
        entries.extend(raw for raw, _reason in self.unreadable)
        _write_json(self.path, {"version": ACCOUNTS_FORMAT, "accounts": entries})

    def get(self, jid: str) -> AccountConfig | None:
        bare = validate_bare_jid(jid)
        return next((a for a in self.accounts if a.jid == bare), None)

    def add(self, account: AccountConfig) -> None:
        if self.get(account.jid) is not None:
            raise DuplicateAccountError(f"account {account.jid} already exists")
        self.accounts.append(account)

    def replace(self, account: AccountConfig) -> None:
        for index, existing in enumerate(self.accounts):
            if existing.jid == account.jid:
                self.accounts[index] = account
                return
        raise UnknownAccountError(account.jid)

    def remove(self, jid: str) -> AccountConfig:
        account = self.get(jid)
        if account is None:
            raise UnknownAccountError(validate_bare_jid(jid))
        self.accounts.remove(account)
        return account


class SettingsStore:
    """settings.json: a flat object of key -> value for the keys that differ from the default."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Settings:
        """The stored settings; defaults if there is no file; CorruptFileError if it is damaged."""
        data = _read_json_object(self.path)
        return Settings() if data is None else Settings.from_json_dict(data)

    def save(self, settings: Settings) -> None:
        _write_json(self.path, settings.to_json_dict())
