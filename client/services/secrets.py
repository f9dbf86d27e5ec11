"""Account passwords in the system keyring, off the event loop, never failing loudly."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TypeVar

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.core
import keyring.errors

from client import APP_ID

log = logging.getLogger(__name__)

T = TypeVar("T")

NO_KEYRING = (
    "no system keyring is available (Secret Service such as GNOME Keyring or KWallet, "
    "macOS Keychain or Windows Credential Locker)"
)


def _describe(exc: BaseException, secret: str | None = None) -> str:
    text = (str(exc).strip().splitlines() or [""])[0] or type(exc).__name__
    if secret:
        # Backends are not known to echo the secret, but a log line is no place to find out.
        text = text.replace(secret, "***")
    return text


def _probe(
    backend: keyring.backend.KeyringBackend | None,
) -> tuple[keyring.backend.KeyringBackend | None, bool, str]:
    """(backend, available, reason it is not): the one check made at start-up."""
    try:
        chosen = keyring.get_keyring() if backend is None else backend
        if isinstance(chosen, keyring.backends.fail.Keyring):
            return chosen, False, NO_KEYRING
        if not keyring.core.recommended(chosen):
            # e.g. a plain-text file backend: storing passwords there would be worse than asking.
            name = type(chosen).__name__
            return chosen, False, f"the keyring backend {name} is not a secure system keyring"
    except Exception as exc:  # noqa: BLE001 - any backend failure just means "no keyring"
        return None, False, f"the system keyring could not be opened: {_describe(exc)}"
    return chosen, True, ""


class SecretStore:
    """Passwords stored under service ``APP_ID`` and username = the account's bare JID.

    Every keyring call may block (D-Bus round trips, an unlock prompt): the async methods run it
    in an executor, and the ``*_sync`` methods are for the command line, which has no loop.
    No method raises; failures are logged (never with the password) and kept in ``last_error``.
    """

    def __init__(
        self,
        backend: keyring.backend.KeyringBackend | None = None,
        *,
        service: str = APP_ID,
        executor: Executor | None = None,
    ) -> None:
        """Choose and check the backend now; this can block, so on the loop use ``open()``."""
        self.service = service
        self._executor = executor
        self._backend, self.available, self.unavailable_reason = _probe(backend)
        self.last_error: str | None = None if self.available else self.unavailable_reason
        if not self.available:
            log.info("passwords will not be saved: %s", self.unavailable_reason)

    @classmethod
    async def open(cls, *, service: str = APP_ID, executor: Executor | None = None) -> SecretStore:
        """A store whose backend was chosen in the executor, not on the event loop."""
        loop = asyncio.get_running_loop()
        make = functools.partial(cls, service=service, executor=executor)
        return await loop.run_in_executor(executor, make)

    def _attempt(
        self,
        action: str,
        jid: str,
        call: Callable[[keyring.backend.KeyringBackend], T],
        secret: str | None = None,
    ) -> tuple[bool, T | None]:
        backend = self._backend
        if not self.available or backend is None:
            self.last_error = self.unavailable_reason
            return False, None
        try:
            result = call(backend)
        except Exception as exc:  # noqa: BLE001 - a broken keyring must never take the app down
            self.last_error = f"could not {action} for {jid}: {_describe(exc, secret)}"
            log.warning("keyring: %s (%s)", self.last_error, type(exc).__name__)
            return False, None
        self.last_error = None
        return True, result

    def get_password_sync(self, jid: str) -> str | None:
        """The stored password, or None if there is none or the keyring failed."""
        ok, value = self._attempt(
            "read the password", jid, lambda backend: backend.get_password(self.service, jid)
        )
        return value if ok and isinstance(value, str) else None

    def set_password_sync(self, jid: str, password: str) -> bool:
        """Store ``password``; True if the keyring accepted it."""
        if not password:
            self.last_error = "an empty password is not stored"
            return False
        ok, _ = self._attempt(
            "save the password",
            jid,
            lambda backend: backend.set_password(self.service, jid, password),
            secret=password,
        )
        return ok

    def delete_password_sync(self, jid: str) -> bool:
        """Remove the stored password; True if none is stored any more (or none ever was)."""

        def delete(backend: keyring.backend.KeyringBackend) -> None:
            # Nothing stored under this name is already the state we want.
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                backend.delete_password(self.service, jid)

        ok, _ = self._attempt("delete the password", jid, delete)
        return ok

    async def _in_executor(self, call: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        # A closure, not functools.partial: qasync's executor logs the repr of what it runs at
        # DEBUG, and a partial's repr shows its arguments, the password among them.
        return await loop.run_in_executor(self._executor, lambda: call(*args))

    async def get_password(self, jid: str) -> str | None:
        return await self._in_executor(self.get_password_sync, jid)

    async def set_password(self, jid: str, password: str) -> bool:
        return await self._in_executor(self.set_password_sync, jid, password)

    async def delete_password(self, jid: str) -> bool:
        return await self._in_executor(self.delete_password_sync, jid)
