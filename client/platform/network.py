"""Network reachability from Qt's network-information backends (NetworkManager, glib, …)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QNetworkInformation

log = logging.getLogger(__name__)

_ONLINE = (QNetworkInformation.Reachability.Online, QNetworkInformation.Reachability.Site)


class NetworkSource(QObject):
    """Emits ``network_returned`` when the system goes from unreachable to reachable.

    Reconnecting at that moment beats waiting out the remaining backoff (which can be minutes).
    Where no backend exists, nothing is emitted and backoff alone applies.
    """

    network_returned = Signal()
    reachability_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = QNetworkInformation.loadBackendByFeatures(
            QNetworkInformation.Feature.Reachability
        )
        info = QNetworkInformation.instance()
        if not self.available or info is None:
            log.info("network reachability: no backend; relying on reconnect backoff")
            self._online = True
            return
        log.info("network reachability: using %s", info.backendName())
        self._online = info.reachability() in _ONLINE
        info.reachabilityChanged.connect(self._on_changed)

    def _on_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        online = reachability in _ONLINE
        if online == self._online:
            return
        self._online = online
        self.reachability_changed.emit(online)
        if online:
            log.info("network is back")
            self.network_returned.emit()

    @property
    def online(self) -> bool:
        return self._online
