"""The configured accounts and their sessions: add, edit, enable, remove, trust, sign in."""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from client.core.accounts import AccountConfig, normalise_sha256_fingerprint, validate_bare_jid
from client.core.connection import ConnectionState, ConnectionStatus, ErrorKind
from client.core.profile import AccountStore, DuplicateAccountError, StoreError, UnknownAccountError
from client.services.session_bridge import SessionBridge
from client.xmpp.session import ConnectOptions

if TYPE_CHECKING:
    from client.services.secrets import SecretStore

log = logging.getLogger(__name__)

PasswordLookup = Callable[[str], Awaitable[str | None]]

DISABLED_DETAIL = "disabled"


class PasswordReason(enum.StrEnum):
    """Why the manager needs the user to type a password."""

    MISSING = "missing"  # none saved, or no keyring to save it in
    REJECTED = "rejected"  # the server refused the one we had


def connect_options(account: AccountConfig, keepalive: float = 30.0) -> ConnectOptions:
    return ConnectOptions(
        jid=account.jid,
        resource=account.resource,
        host=account.server_host,
        port=account.port,
        direct_tls=account.direct_tls,
        ca_file=account.ca_file,
        pinned_sha256=account.pinned_cert_sha256,
        keepalive_interval=keepalive,
    )


class _UnsavedStore(AccountStore):
    """Accounts held in memory only, for a manager built without a profile (tests, embedding)."""

    def __init__(self) -> None:
        super().__init__(Path("accounts.json"))

    def load(self) -> list[AccountConfig]:
        return self.accounts

    def save(self) -> None:
        pass


async def _no_password(_jid: str) -> str | None:
    return None


class AccountManager(QObject):
    """The configured accounts (persisted through an AccountStore) and one session per enabled one.

    Passwords come from the keyring (``SecretStore``) or from the user (``provide_password``) and
    are kept in memory for the rest of the run, so restarting a session never asks twice. They
    are never logged and never written anywhere but the keyring.
    """

    status_changed = Signal(str, object)  # jid, ConnectionStatus
    session_added = Signal(str)  # jid; the bridge is in .sessions[jid]
    session_removed = Signal(str)  # jid; its bridge is stopped and about to be deleted
    accounts_changed = Signal()  # an account was added, edited, enabled, disabled or removed
    account_removed = Signal(str)  # jid
    password_needed = Signal(str, object)  # jid, PasswordReason
    certificate_refused = Signal(str, object)  # jid, CertificateInfo

    def __init__(
        self,
        password_lookup: PasswordLookup | None = None,
        parent: QObject | None = None,
        *,
        store: AccountStore | None = None,
        secrets: SecretStore | None = None,
        keepalive: float = 30.0,
    ) -> None:
        super().__init__(parent)
        if password_lookup is None:
            password_lookup = secrets.get_password if secrets is not None else _no_password
        self._password_lookup = password_lookup
        self._store: AccountStore = store if store is not None else _UnsavedStore()
        self._secrets = secrets
        self._keepalive = keepalive
        self.sessions: dict[str, SessionBridge] = {}
        self.statuses: dict[str, ConnectionStatus] = {}
        self._passwords: dict[str, str] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._closing = False

    # -- what the UI reads --------------------------------------------------------------------

    @property
    def accounts(self) -> list[AccountConfig]:
        return list(self._store.accounts)

    def account(self, jid: str) -> AccountConfig | None:
        return self._store.get(jid)

    @property
    def keyring_available(self) -> bool:
        return self._secrets is not None and self._secrets.available

    @property
    def keyring_unavailable_reason(self) -> str:
        if self._secrets is None:
            return "no system keyring is configured"
        return self._secrets.unavailable_reason

    @property
    def keyring_error(self) -> str | None:
        """The last keyring failure, in words (never containing a password)."""
        return None if self._secrets is None else self._secrets.last_error

    def status(self, jid: str) -> ConnectionStatus:
        return self.statuses.get(jid, ConnectionStatus(ConnectionState.OFFLINE))

    # -- the original API ---------------------------------------------------------------------

    async def start(self, accounts: list[AccountConfig] | None = None) -> None:
        """Start a session for every enabled account (all stored accounts if none are given)."""
        for account in list(self._store.accounts if accounts is None else accounts):
            if account.enabled:
                await self.start_account(account)
            else:
                self._know(account)
                self._set_status(account.jid, self._disabled_status())

    async def start_account(self, account: AccountConfig) -> None:
        self._know(account)
        async with self._lock(account.jid):
            await self._start_session(account)

    def reconnect_now(self) -> None:
        """Network back or woken from sleep: every waiting session tries again at once."""
        for bridge in self.sessions.values():
            bridge.session.reconnect_now()

    async def stop(self) -> None:
        """Disconnect every session, all at once, before the loop ends; start none after this."""
        self._closing = True
        if self.sessions:
            await asyncio.gather(*(b.stop() for b in self.sessions.values()))

    # -- changes the UI asks for --------------------------------------------------------------

    async def add_account(
        self, config: AccountConfig, password: str | None, remember: bool
    ) -> AccountConfig:
        """Save a new account (and its password in the keyring if asked) and connect it.

        Returns the account as saved: ``remember_password`` is False if the keyring could not
        take the password (``keyring_error`` says why). DuplicateAccountError, StoreError.
        """
        async with self._lock(config.jid):
            if self._store.get(config.jid) is not None:
                raise DuplicateAccountError(f"account {config.jid} already exists")
            stored = False
            if password and remember:
                stored = await self._save_password(config.jid, password)
            config = dataclasses.replace(config, remember_password=stored)
            if password:
                self._passwords[config.jid] = password
            self._store.add(config)
            try:
                self._store.save()
            except StoreError:
                self._store.remove(config.jid)
                self._passwords.pop(config.jid, None)
                if stored and self._secrets is not None:
                    # The account was not written: don't leave its password behind.
                    await self._secrets.delete_password(config.jid)
                raise
            log.info("account %s added", config.jid)
            self.accounts_changed.emit()
            if config.enabled:
                await self._start_session(config)
            else:
                self._set_status(config.jid, self._disabled_status())
            return config

    async def update_account(
        self, config: AccountConfig, password: str | None = None, remember: bool | None = None
    ) -> AccountConfig:
        """Replace an account's settings (same JID); reconnect it if anything that matters changed.

        ``password`` (if given) replaces the one in use; ``remember`` (if given) saves it in or
        deletes it from the keyring. UnknownAccountError, StoreError.
        """
        async with self._lock(config.jid):
            old = self._store.get(config.jid)
            if old is None:
                raise UnknownAccountError(config.jid)
            config = dataclasses.replace(config, remember_password=old.remember_password)
            config = await self._apply_password(config, password, remember)
            self._replace_saved(old, config)
            log.info("account %s changed", config.jid)
            self.accounts_changed.emit()
            restart = (
                password is not None
                or dataclasses.replace(
                    old, remember_password=config.remember_password, enabled=config.enabled
                )
                != config
            )
            running = config.jid in self.sessions
            if not config.enabled:
                await self._stop_session(config.jid)
                self._set_status(config.jid, self._disabled_status())
            elif restart or not running:
                await self._restart_session(config)
            return config

    async def set_enabled(self, jid: str, enabled: bool) -> None:
        """Connect (enabled) or disconnect and keep (disabled) an account; persisted."""
        async with self._lock(jid):
            account = self._require(jid)
            if account.enabled != enabled:
                updated = dataclasses.replace(account, enabled=enabled)
                self._replace_saved(account, updated)
                log.info("account %s %s", account.jid, "enabled" if enabled else "disabled")
                account = updated
                self.accounts_changed.emit()
            if enabled:
                if account.jid not in self.sessions:
                    await self._start_session(account)
            else:
                await self._stop_session(account.jid)
                self._set_status(account.jid, self._disabled_status())

    async def remove_account(self, jid: str) -> bool:
        """Disconnect and forget an account and delete its saved password.

        Returns False if a saved password may be left in the keyring (``keyring_error``).
        """
        async with self._lock(jid):
            account = self._require(jid)
            await self._stop_session(account.jid)
            self._store.remove(account.jid)
            try:
                self._store.save()
            except StoreError:
                self._store.add(account)
                raise
            self._passwords.pop(account.jid, None)
            self.statuses.pop(account.jid, None)
            deleted = True
            if self._secrets is not None and self._secrets.available:
                deleted = await self._secrets.delete_password(account.jid)
            elif account.remember_password:
                deleted = False
            if not deleted:
                log.warning(
                    "account %s removed, but its saved password may be left in the keyring: %s",
                    account.jid,
                    self.keyring_error or self.keyring_unavailable_reason,
                )
            log.info("account %s removed", account.jid)
            self.account_removed.emit(account.jid)
            self.accounts_changed.emit()
            return deleted

    async def trust_certificate(self, jid: str, sha256: str) -> None:
        """Pin exactly this certificate for this account and reconnect; a different one is
        refused again by the session."""
        pin = normalise_sha256_fingerprint(sha256)
        async with self._lock(jid):
            account = self._require(jid)
            updated = dataclasses.replace(account, pinned_cert_sha256=pin)
            self._replace_saved(account, updated)
            log.info("account %s: the user trusted the certificate with SHA-256 %s", jid, pin)
            self.accounts_changed.emit()
            if updated.enabled:
                await self._restart_session(updated)

    async def provide_password(self, jid: str, password: str, remember: bool) -> bool:
        """The password the user typed: use it for this run, save it if asked, reconnect.

        Returns False if saving was asked for but the keyring did not take it.
        """
        if not password:
            raise ValueError("an empty password cannot sign in")
        async with self._lock(jid):
            account = self._require(jid)
            updated = await self._apply_password(account, password, remember)
            if updated != account:
                self._replace_saved(account, updated)
                self.accounts_changed.emit()
            if updated.enabled:
                await self._restart_session(updated)
            return updated.remember_password or not remember

    # -- internals ----------------------------------------------------------------------------

    def _replace_saved(self, old: AccountConfig, new: AccountConfig) -> None:
        """Store ``new`` in place of ``old`` on disk; on failure memory keeps ``old`` too."""
        self._store.replace(new)
        try:
            self._store.save()
        except StoreError:
            self._store.replace(old)
            raise

    @asynccontextmanager
    async def _lock(self, jid: str) -> AsyncIterator[None]:
        # One change at a time per account: a remove must not race a start for the same JID.
        lock = self._locks.setdefault(validate_bare_jid(jid), asyncio.Lock())
        async with lock:
            yield

    def _require(self, jid: str) -> AccountConfig:
        account = self._store.get(jid)
        if account is None:
            raise UnknownAccountError(validate_bare_jid(jid))
        return account

    def _know(self, account: AccountConfig) -> None:
        # start()/start_account() may be handed accounts the store has not seen (tests, embedding).
        if self._store.get(account.jid) is None:
            self._store.add(account)

    async def _save_password(self, jid: str, password: str) -> bool:
        if self._secrets is None or not self._secrets.available:
            return False
        if await self._secrets.set_password(jid, password):
            return True
        log.warning("the password for %s was not saved: %s", jid, self._secrets.last_error)
        return False

    async def _apply_password(
        self, account: AccountConfig, password: str | None, remember: bool | None
    ) -> AccountConfig:
        """Use ``password`` for this run; save or delete the kept one as ``remember`` says."""
        if password:
            self._passwords[account.jid] = password
        if remember is None:
            if password and account.remember_password:
                # A new password for an account that keeps its password: keep the new one.
                stored = await self._save_password(account.jid, password)
                return dataclasses.replace(account, remember_password=stored)
            return account
        if remember:
            if not password and not account.remember_password:
                # Without a new one, the password this run signed in with is the one to keep.
                password = self._passwords.get(account.jid)
            if password:
                stored = await self._save_password(account.jid, password)
                return dataclasses.replace(account, remember_password=stored)
            return account
        if account.remember_password and self._secrets is not None:
            # The user no longer wants it kept: take it out of the keyring.
            await self._secrets.delete_password(account.jid)
        return dataclasses.replace(account, remember_password=False)

    async def _start_session(self, account: AccountConfig) -> None:
        if self._closing or account.jid in self.sessions:
            return
        password = self._passwords.get(account.jid)
        if password is None:
            password = await self._password_lookup(account.jid)
            if password is not None:
                self._passwords[account.jid] = password
        if self._closing or account.jid in self.sessions:
            return
        if password is None:
            if self.keyring_available:
                detail = "no password saved for this account; enter it to connect"
            else:
                detail = "passwords cannot be saved here; enter it to connect"
            status = ConnectionStatus(
                ConnectionState.ERROR, detail=detail, error=ErrorKind.NO_PASSWORD
            )
            self._set_status(account.jid, status)
            self.password_needed.emit(account.jid, PasswordReason.MISSING)
            return
        bridge = SessionBridge(connect_options(account, self._keepalive), password, self)
        bridge.status_changed.connect(
            lambda status, jid=account.jid, b=bridge: self._on_session_status(jid, b, status)
        )
        self.sessions[account.jid] = bridge
        self.session_added.emit(account.jid)
        bridge.start()

    async def _stop_session(self, jid: str) -> None:
        bridge = self.sessions.pop(jid, None)
        if bridge is None:
            return
        # Out of .sessions first, so its last statuses (offline) are not reported as current.
        await bridge.stop()
        self.session_removed.emit(jid)
        bridge.deleteLater()

    async def _restart_session(self, account: AccountConfig) -> None:
        await self._stop_session(account.jid)
        await self._start_session(account)

    def _on_session_status(self, jid: str, bridge: SessionBridge, status: ConnectionStatus) -> None:
        if self.sessions.get(jid) is not bridge:
            return  # a session being replaced or removed
        self._set_status(jid, status)
        if status.state != ConnectionState.ERROR:
            return
        if status.error == ErrorKind.AUTH:
            self.password_needed.emit(jid, PasswordReason.REJECTED)
        elif status.error == ErrorKind.CERTIFICATE and status.certificate is not None:
            self.certificate_refused.emit(jid, status.certificate)

    def _set_status(self, jid: str, status: ConnectionStatus) -> None:
        self.statuses[jid] = status
        self.status_changed.emit(jid, status)

    @staticmethod
    def _disabled_status() -> ConnectionStatus:
        return ConnectionStatus(ConnectionState.OFFLINE, detail=DISABLED_DETAIL)
