"""The xmpp layer signs in to the private Prosody over verified TLS; peers see it online."""

from __future__ import annotations

import asyncio
import ssl

from client.core.connection import ConnectionState, ConnectionStatus, ErrorKind
from client.xmpp.session import ConnectOptions, XmppSession
from tests.fixtures.prosody import ProsodyServer, free_port
from tests.xmpp.conftest import Peer, wait_for


def options(prosody: ProsodyServer, jid: str, **kw: object) -> ConnectOptions:
    base: dict[str, object] = {
        "jid": jid,
        "host": "127.0.0.1",
        "port": prosody.c2s_port,
        "ca_file": str(prosody.ca_file),
    }
    base.update(kw)
    return ConnectOptions(**base)  # type: ignore[arg-type]


def test_signs_in_over_verified_tls_and_peer_sees_it_online(prosody, make_account) -> None:
    me, my_pw = make_account("me")
    friend, friend_pw = make_account("friend")
    prosody.write_roster(me.split("@")[0], {friend: "Friend"})
    prosody.write_roster(friend.split("@")[0], {me: "Me"})

    async def scenario() -> None:
        peer = Peer(prosody, friend, friend_pw)
        await peer.connect()
        statuses: list[ConnectionStatus] = []
        session = XmppSession(options(prosody, me), my_pw, statuses.append)
        session.on_session_started.append(lambda _resumed: session.xmpp.send_presence())
        session.start()
        try:
            await wait_for(lambda: session.status.state == ConnectionState.ONLINE)
            tls = session.xmpp.transport.get_extra_info("ssl_object")
            assert tls is not None
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
            await wait_for(
                lambda: any(
                    p["from"].bare == me and p["type"] == "available" for p in peer.presences
                )
            )
            assert [s.state for s in statuses][:2] == [
                ConnectionState.CONNECTING,
                ConnectionState.ONLINE,
            ]
        finally:
            await session.stop()
            await peer.disconnect()
        assert session.status.state == ConnectionState.OFFLINE
        await wait_for(
            lambda: any(p["from"].bare == me and p["type"] == "unavailable" for p in peer.presences)
        )

    asyncio.run(scenario())


def test_refuses_server_when_not_trusting_its_ca(prosody, make_account) -> None:
    """Without the test CA the certificate is unknown: no sign-in, an error with a fingerprint."""
    me, pw = make_account("me")

    async def scenario() -> None:
        session = XmppSession(options(prosody, me, ca_file=None), pw, lambda _s: None)
        session.start()
        try:
            await wait_for(lambda: session.status.state == ConnectionState.ERROR)
            assert session.status.error == ErrorKind.CERTIFICATE
            cert = session.status.certificate
            assert cert is not None
            assert len(cert.sha256.split(":")) == 32
            assert "localhost" in cert.subject
        finally:
            await session.stop()

    asyncio.run(scenario())


def test_unreachable_server_is_reported_and_retried(make_account) -> None:
    async def scenario() -> None:
        port = free_port()  # nothing listens here
        opts = ConnectOptions(jid="nobody@localhost", host="127.0.0.1", port=port)
        session = XmppSession(opts, "x", lambda _s: None)
        session.start()
        try:
            await wait_for(lambda: session.status.state == ConnectionState.RECONNECTING)
            assert session.status.retry_in is not None
            assert session.status.retry_in > 0
            assert "refused" in session.status.detail
        finally:
            await session.stop()

    asyncio.run(scenario())


def test_wrong_password_stops_without_retrying(prosody, make_account) -> None:
    me, _pw = make_account("me")

    async def scenario() -> None:
        session = XmppSession(options(prosody, me), "wrong-password", lambda _s: None)
        session.start()
        try:
            await wait_for(lambda: session.status.state == ConnectionState.ERROR)
            assert session.status.error == ErrorKind.AUTH
            await asyncio.sleep(2.0)  # a retry storm would show up here as a new state
            assert session.status.state == ConnectionState.ERROR
        finally:
            await session.stop()

    asyncio.run(scenario())


def test_default_context_verifies() -> None:
    """Guard against a future refactor bypassing verification."""

    async def scenario() -> None:
        # Built inside a running loop, as the app does; outside one slixmpp makes a stray loop.
        session = XmppSession(ConnectOptions(jid="a@localhost"), "x", lambda _s: None)
        ctx = session.xmpp.ssl_context
        assert ctx.verify_mode == ssl.CERT_REQUIRED
        assert ctx.check_hostname
        await session.stop()

    asyncio.run(scenario())
