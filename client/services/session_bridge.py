"""Qt face of one XMPP session: its status as signals for models and widgets."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from client.core.connection import ConnectionState, ConnectionStatus
from client.xmpp.session import ConnectOptions, XmppSession


class SessionBridge(QObject):
    """Owns one XmppSession on the shared qasync loop and re-emits its events as Qt signals."""

    status_changed = Signal(object)  # ConnectionStatus

    def __init__(self, options: ConnectOptions, password: str, parent: QObject | None = None):
        super().__init__(parent)
        self.jid = options.jid
        self.session = XmppSession(options, password, self._on_status)
        self.session.on_session_started.append(self._on_session_started)

    @property
    def status(self) -> ConnectionStatus:
        return self.session.status

    def start(self) -> None:
        self.session.start()

    async def stop(self) -> None:
        await self.session.stop()

    def _on_status(self, status: ConnectionStatus) -> None:
        self.status_changed.emit(status)

    def _on_session_started(self, resumed: bool) -> None:
        if not resumed:
            # The server keeps our presence across a resumption (XEP-0198 §5); a fresh session
            # starts unavailable and needs it again.
            self.session.xmpp.send_presence()

    @property
    def online(self) -> bool:
        return self.session.status.state == ConnectionState.ONLINE
