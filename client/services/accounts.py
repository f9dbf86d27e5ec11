"""Starts and stops one session per enabled account and reports their status."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, Signal

from client.core.accounts import AccountConfig
from client.core.connection import ConnectionState, ConnectionStatus, ErrorKind
from client.services.session_bridge import SessionBridge
from client.xmpp.session import ConnectOptions

log = logging.getLogger(__name__)

PasswordLookup = Callable[[str], Awaitable[str | None]]


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


class AccountManager(QObject):
    """The running sessions, keyed by bare JID."""

    status_changed = Signal(str, object)  # jid, ConnectionStatus
    session_added = Signal(str)

    def __init__(self, password_lookup: PasswordLookup, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._password_lookup = password_lookup
        self.sessions: dict[str, SessionBridge] = {}

    async def start(self, accounts: list[AccountConfig]) -> None:
        for account in accounts:
            if account.enabled:
                await self.start_account(account)

    async def start_account(self, account: AccountConfig) -> None:
        password = await self._password_lookup(account.jid)
        if password is None:
            status = ConnectionStatus(
                ConnectionState.ERROR,
                detail="no password: the system keyring has none for this account",
                error=ErrorKind.NO_PASSWORD,
            )
            self.status_changed.emit(account.jid, status)
            return
        bridge = SessionBridge(connect_options(account), password, self)
        bridge.status_changed.connect(lambda s, jid=account.jid: self.status_changed.emit(jid, s))
        self.sessions[account.jid] = bridge
        self.session_added.emit(account.jid)
        bridge.start()

    async def stop(self) -> None:
        """Disconnect every session, all at once, before the loop ends."""
        if self.sessions:
            await asyncio.gather(*(b.stop() for b in self.sessions.values()))
