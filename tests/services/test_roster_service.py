"""Sessions feed the roster model through the service, in batches, against the real Prosody."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from client.core.connection import ConnectionState
from client.core.presence import Show
from client.models.roster_model import RosterModel, RosterRole, RowKind
from client.services.roster_service import RosterService
from client.services.session_bridge import SessionBridge
from tests.qasync_helpers import run_qasync, until
from tests.xmpp.conftest import Peer
from tests.xmpp.test_session import options


def contact_rows(model: RosterModel) -> dict[str, int]:
    rows = {}
    for row in range(model.rowCount()):
        index = model.index(row)
        if index.data(RosterRole.KIND) is RowKind.CONTACT:
            rows[index.data(RosterRole.JID)] = row
    return rows


def test_presence_flood_reaches_model_in_batches(qapp, prosody, make_account) -> None:
    me, my_pw = make_account("me")
    bob, bob_pw = make_account("bob")
    carol, carol_pw = make_account("carol")
    prosody.write_roster(me.split("@")[0], {bob: "Bob", carol: "Carol"})
    prosody.write_roster(bob.split("@")[0], {me: "Me"})
    prosody.write_roster(carol.split("@")[0], {me: "Me"})

    async def scenario() -> None:
        model = RosterModel()
        service = RosterService(model)
        bridge = SessionBridge(options(prosody, me), my_pw)
        service.attach(bridge)
        bob_peer = Peer(prosody, bob, bob_pw)
        carol_peer = Peer(prosody, carol, carol_pw)
        await carol_peer.connect(send_presence=False)
        bridge.start()
        try:
            await until(lambda: bridge.status.state == ConnectionState.ONLINE)
            await until(lambda: set(contact_rows(model)) == {bob, carol})
            await bob_peer.connect(send_presence=False)
            before = service.batches
            for n in range(200):
                bob_peer.xmpp.send_raw(
                    f"<presence><show>away</show><status>s{n}</status></presence>"
                )
            await until(
                lambda: (
                    model.index(contact_rows(model)[bob]).data(RosterRole.STATUS_MESSAGE) == "s199"
                )
            )
            batches = service.batches - before
            assert 1 <= batches < 50, batches  # coalesced, not one update per stanza
            row = model.index(contact_rows(model)[bob])
            assert row.data(RosterRole.SHOW) is Show.AWAY

            # an idle stamp from a real peer reaches the row marker and the hover tooltip
            since = datetime.now(UTC) - timedelta(minutes=12, seconds=5)
            stamp = since.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            bob_peer.xmpp.send_raw(
                f"<presence><idle xmlns='urn:xmpp:idle:1' since='{stamp}'/></presence>"
            )
            await until(
                lambda: model.index(contact_rows(model)[bob]).data(RosterRole.IS_IDLE) is True
            )
            row = model.index(contact_rows(model)[bob])
            assert "12" in row.data(RosterRole.MARKER)
            tooltip = row.data(Qt.ItemDataRole.ToolTipRole)
            local = since.astimezone().strftime("%H:%M")
            assert "peer" in tooltip  # the resource the row is based on
            assert local in tooltip
            assert "12 min" in tooltip
            assert row.data(Qt.ItemDataRole.AccessibleDescriptionRole)
            assert bob_peer.errors == []

            # a subscription request shows up as a request row; accepting answers it
            stranger, stranger_pw = make_account("stranger")
            other = Peer(prosody, stranger, stranger_pw)
            await other.connect(send_presence=False)
            await other.xmpp.get_roster()  # only "interested" resources get subscription results
            other.xmpp.send_presence(pto=me, ptype="subscribe")
            await until(lambda: model.request(me, stranger) is not None)
            service.answer_subscription(me, stranger, accept=True)
            await until(lambda: any(p["type"] == "subscribed" for p in other.presences))
            assert model.request(me, stranger) is None
            await other.disconnect()
        finally:
            await service.close()
            await bridge.stop()
            await bob_peer.disconnect()
            await carol_peer.disconnect()

    run_qasync(scenario(), timeout=60)
