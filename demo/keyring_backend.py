"""DEMO ONLY: a keyring backend in a JSON file inside the demo's temporary directory.

`make demo` selects it for the demo's own processes only, with
``PYTHON_KEYRING_BACKEND=demo.keyring_backend.DemoKeyring`` and ``ATTEND_DEMO_KEYRING_FILE``.
It is never chosen automatically (``viable = False``), so it cannot replace a real keyring,
and the demo password it holds is a throwaway for a server that lives as long as the demo.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_ENV = "ATTEND_DEMO_KEYRING_FILE"


class DemoKeyring(KeyringBackend):
    """Passwords in ``$ATTEND_DEMO_KEYRING_FILE`` (created 0600)."""

    # Priority 1 is the lowest that keyring still calls "recommended", which the app requires.
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
        path = self._path()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)

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
