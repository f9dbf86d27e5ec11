"""Qt face of one XMPP session: its status as signals for models and widgets."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from client.core.connection import ConnectionState, ConnectionStatus
from client.xmpp.activity import SessionActivity
from client.xmpp.session import ConnectOptions, XmppSession


class SessionBridge(QObject):
    """Owns one XmppSession on the shared qasync loop and re-emits its events as Qt signals."""

    status_changed = Signal(object)  # ConnectionStatus

    def __init__(self, options: ConnectOptions, password: str, parent: QObject | None = None):
        super().__init__(parent)
        self.jid = options.jid
        self.session = XmppSession(options, password, self._on_status)
        # Sends our presence (show, status, caps, XEP-0319 idle) and CSI state on every new or
        # resumed session; the activity service updates it as the user comes and goes.
        self.activity = SessionActivity(self.session)

    @property
    def status(self) -> ConnectionStatus:
        return self.session.status

    def start(self) -> None:
        self.session.start()

    async def stop(self) -> None:
        await self.session.stop()

    def _on_status(self, status: ConnectionStatus) -> None:
        self.status_changed.emit(status)

    @property
    def online(self) -> bool:
        return self.session.status.state == ConnectionState.ONLINE
