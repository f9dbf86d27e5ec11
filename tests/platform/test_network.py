"""Network reachability: going online after offline asks for an immediate reconnect."""

from __future__ import annotations

from PySide6.QtNetwork import QNetworkInformation

from client.platform.network import NetworkSource


def test_network_return_is_signalled_once(qapp, qtbot) -> None:
    source = NetworkSource()
    returned: list[bool] = []
    source.network_returned.connect(lambda: returned.append(True))
    R = QNetworkInformation.Reachability
    # Drive the handler with the backend's own value type (no way to unplug a cable here).
    source._on_changed(R.Disconnected)
    assert not source.online
    source._on_changed(R.Disconnected)
    source._on_changed(R.Online)
    source._on_changed(R.Site)
    assert returned == [True]
    assert source.online
