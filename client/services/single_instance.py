"""One running app per profile: a second launch hands its arguments (xmpp: URIs) to the first."""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from client import APP_ID

log = logging.getLogger(__name__)

MAX_MESSAGE = 64 * 1024
CONNECT_TIMEOUT_MS = 1000


def server_name(profile_dir: Path) -> str:
    """The local socket for this user and profile (two profiles may run side by side)."""
    digest = hashlib.sha256(str(profile_dir.expanduser().absolute()).encode()).hexdigest()[:16]
    if sys.platform == "win32":
        # A named pipe; the user name keeps two users of one machine apart.
        return f"{APP_ID}-{getpass.getuser()}-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime) and os.path.isdir(runtime):
        # Private to the user by design of XDG_RUNTIME_DIR.
        return os.path.join(runtime, f"{APP_ID}-{digest}.sock")
    return f"{APP_ID}-{os.getuid()}-{digest}"


def encode_message(args: list[str]) -> bytes:
    return json.dumps({"args": args}).encode() + b"\n"


def decode_message(data: bytes) -> list[str] | None:
    try:
        payload = json.loads(data.decode())
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    args = payload.get("args") if isinstance(payload, dict) else None
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        return None
    return args


class SingleInstance(QObject):
    """Either the first launch (``listen``) or a later one (``send_to_running``).

    Use: ``if instance.send_to_running(args): exit`` then ``instance.listen()``. The first
    instance emits ``message_received(args)`` for every later launch.
    """

    message_received = Signal(list)  # list[str]: the other launch's arguments

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, QByteArray] = {}

    def send_to_running(self, args: list[str], timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
        """True if another instance is running and took ``args``."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(encode_message(args))
        sent = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(timeout_ms)
        return sent

    def listen(self) -> bool:
        """Become the instance later launches talk to; False if that is impossible."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            if server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
                log.warning("single instance: cannot listen: %s", server.errorString())
                return False
            # In use: either a live instance started a moment ago, or a crash left the socket.
            if self.send_to_running([]):
                log.info("single instance: another instance has just started")
                return False
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("single instance: cannot listen: %s", server.errorString())
                return False
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _on_new_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            self._buffers[socket] = QByteArray()
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._on_disconnected(s))
            # Data may have arrived together with the connection.
            self._on_ready_read(socket)

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer.append(socket.readAll())
        if buffer.size() > MAX_MESSAGE:
            log.warning("single instance: message too long; ignored")
            self._drop(socket)
            return
        data = bytes(buffer.data())
        if b"\n" not in data:
            return
        self._drop(socket)
        args = decode_message(data.split(b"\n", 1)[0])
        if args is None:
            log.warning("single instance: unreadable message; ignored")
            return
        self.message_received.emit(args)

    def _on_disconnected(self, socket: QLocalSocket) -> None:
        self._drop(socket)

    def _drop(self, socket: QLocalSocket) -> None:
        if self._buffers.pop(socket, None) is not None:
            socket.disconnectFromServer()
            socket.deleteLater()
