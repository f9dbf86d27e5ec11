"""TEST ONLY keyring backends: one in memory, one in a JSON file named by an env variable."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError, PasswordSetError

FILE_ENV = "ATTEND_TEST_KEYRING_FILE"


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict; select it with ``keyring.set_keyring(MemoryKeyring())``."""

    # The lowest priority keyring still calls "recommended": low enough never to win over a real
    # one, high enough that SecretStore accepts it.
    priority: float = 1
    # Never auto-detected, so loading this module cannot change which keyring other code gets.
    viable = False

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}
        self.fail_with: Exception | None = None

    def get_password(self, service: str, username: str) -> str | None:
        if self.fail_with is not None:
            raise self.fail_with
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise PasswordDeleteError("no such password") from None


class JsonFileKeyring(KeyringBackend):
    """Passwords in the JSON file ``$ATTEND_TEST_KEYRING_FILE``, so a subprocess can keep them.

    Select it in a child process with
    ``PYTHON_KEYRING_BACKEND=tests.keyring_backends.JsonFileKeyring``. If the file's directory
    holds a file named ``refuse``, every write fails (a keyring that says no).
    """

    priority = 1
    viable = False

    @staticmethod
    def _path() -> Path:
        return Path(os.environ[FILE_ENV])

    def _load(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self._path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data

    def _save(self, data: dict[str, str]) -> None:
        if (self._path().parent / "refuse").exists():
            raise PasswordSetError("the test keyring refuses writes")
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service} {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service} {username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service} {username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._save(data)
