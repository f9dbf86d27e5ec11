"""Staying connected: drops, resumption, server restarts, certificate trust, secret-free logs."""

from __future__ import annotations

import asyncio
import base64
import logging

import pytest

from client.core.connection import ConnectionState, ErrorKind
from client.xmpp.safety import RedactingFilter
from client.xmpp.session import ConnectOptions, XmppSession
from tests.fixtures.netproxy import TcpProxy
from tests.fixtures.prosody import make_ca, make_server_cert
from tests.xmpp.conftest import Peer, wait_for
from tests.xmpp.test_session import options


def online(session: XmppSession) -> bool:
    return session.status.state == ConnectionState.ONLINE


def test_dropped_tcp_connection_resumes_and_loses_nothing(prosody, make_account) -> None:
    """Sequence-numbered messages sent across the drop arrive exactly once, in order."""
    me, my_pw = make_account("me")
    bob, bob_pw = make_account("bob")
    prosody.write_roster(me.split("@")[0], {bob: "Bob"})
    prosody.write_roster(bob.split("@")[0], {me: "Me"})

    async def scenario() -> None:
        proxy = TcpProxy(prosody.c2s_port)
        await proxy.start()
        session = XmppSession(options(prosody, me, port=proxy.port), my_pw, lambda _s: None)
        received: list[str] = []
        session.xmpp.add_event_handler("message", lambda m: received.append(m["body"]))
        session.on_session_started.append(lambda resumed: resumed or session.xmpp.send_presence())
        peer = Peer(prosody, bob, bob_pw)
        await peer.connect()
        session.start()
        try:
            await wait_for(lambda: online(session))
            await wait_for(lambda: session.xmpp.plugin["xep_0198"].sm_id is not None)
            for n in range(1, 51):
                peer.xmpp.send_message(mto=f"{me}/Attend", mbody=f"msg {n}", mtype="chat")
                if n == 20:
                    proxy.cut()  # the network drops under the client
                await asyncio.sleep(0.01)
            await wait_for(lambda: online(session) and session.status.resumed, timeout=20)
            await wait_for(lambda: len(received) >= 50, timeout=20)
            await asyncio.sleep(0.5)  # anything duplicated would arrive now
            assert received == [f"msg {n}" for n in range(1, 51)]
        finally:
            await session.stop()
            await peer.disconnect()
            await proxy.stop()

    asyncio.run(scenario())


def test_failed_resumption_gives_fresh_session(prosody, make_account) -> None:
    """After a server restart nothing can be resumed: the client signs in afresh by itself."""
    me, my_pw = make_account("me")

    async def scenario() -> None:
        states: list[tuple[ConnectionState, bool]] = []
        session = XmppSession(
            options(prosody, me), my_pw, lambda s: states.append((s.state, s.resumed))
        )
        fresh: list[bool] = []
        session.on_session_started.append(fresh.append)
        session.start()
        try:
            await wait_for(lambda: online(session))
            await asyncio.to_thread(prosody.restart)
            await wait_for(lambda: len(fresh) >= 2, timeout=30)
            assert fresh == [False, False]  # a new session, not a resumption
            assert ConnectionState.RECONNECTING in [s for s, _ in states]
            assert online(session)
        finally:
            await session.stop()

    asyncio.run(scenario())


def test_server_down_then_back_reconnects_with_backoff(prosody, make_account) -> None:
    me, my_pw = make_account("me")

    async def scenario() -> None:
        delays: list[float] = []
        session = XmppSession(
            options(prosody, me),
            my_pw,
            lambda s: s.retry_in is not None and delays.append(s.retry_in),
        )
        session.start()
        try:
            await wait_for(lambda: online(session))
            await asyncio.to_thread(prosody.stop)
            await wait_for(lambda: len(delays) >= 3, timeout=30)
            assert delays[0] <= 1.0
            assert delays[2] > delays[0]  # backing off, not a storm
            await asyncio.to_thread(prosody.start)
            session.reconnect_now()  # what a "network is back" signal does
            await wait_for(lambda: online(session), timeout=20)
        finally:
            if prosody.process is None:
                prosody.start()
            await session.stop()

    asyncio.run(scenario())


def test_unknown_certificate_refused_then_pinned_then_changed(untrusted_server) -> None:
    server = untrusted_server
    jid = server.register("pinned", "pin-secret")

    async def attempt(pin: str | None) -> XmppSession:
        opts = ConnectOptions(jid=jid, host="127.0.0.1", port=server.c2s_port, pinned_sha256=pin)
        session = XmppSession(opts, "pin-secret", lambda _s: None)
        session.start()
        await wait_for(
            lambda: session.status.state in (ConnectionState.ONLINE, ConnectionState.ERROR)
        )
        return session

    async def scenario() -> None:
        refused = await attempt(None)
        assert refused.status.error == ErrorKind.CERTIFICATE
        cert = refused.status.certificate
        assert cert is not None
        await refused.stop()

        trusted = await attempt(cert.sha256)  # the user trusts exactly this certificate
        assert online(trusted)
        await trusted.stop()

        other_ca = make_ca(server.certs, "other-ca")
        server.use_certificate(make_server_cert(server.certs, "server2", other_ca))
        await asyncio.to_thread(server.restart)
        changed = await attempt(cert.sha256)
        assert changed.status.error == ErrorKind.CERTIFICATE
        assert changed.status.certificate is not None
        assert changed.status.certificate.sha256 != cert.sha256
        await changed.stop()

    asyncio.run(scenario())


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-1"])
def test_password_never_in_debug_logs(prosody, tmp_path, mechanism) -> None:
    password = f"S3cret-{mechanism}-pw"
    jid = prosody.register(f"logger{mechanism.lower().replace('-', '')}", password)
    log_file = tmp_path / "debug.log"
    handler = logging.FileHandler(log_file)
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("slixmpp").setLevel(logging.DEBUG)

    async def scenario() -> None:
        session = XmppSession(options(prosody, jid), password, lambda _s: None)
        session.xmpp.plugin["feature_mechanisms"].use_mech = mechanism
        session.start()
        try:
            await wait_for(lambda: online(session))
        finally:
            await session.stop()

    try:
        asyncio.run(scenario())
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
    text = log_file.read_text()
    assert "SEND" in text  # slixmpp really logged the raw stream
    assert "[redacted]" in text
    plain = base64.b64encode(f"\0{jid.split('@')[0]}\0{password}".encode()).decode()
    for secret in (password, plain, plain[:16]):
        assert secret not in text


def test_keepalive_detects_silently_dead_connection(prosody, make_account) -> None:
    """Packets vanish but no socket closes: the ping times out and the client reconnects."""
    me, my_pw = make_account("me")

    async def scenario() -> None:
        proxy = TcpProxy(prosody.c2s_port)
        await proxy.start()
        opts = options(prosody, me, port=proxy.port, keepalive_interval=1.0, keepalive_timeout=1.5)
        states: list[ConnectionState] = []
        session = XmppSession(opts, my_pw, lambda s: states.append(s.state))
        session.start()
        try:
            await wait_for(lambda: online(session))
            proxy.blackhole = True
            await wait_for(lambda: ConnectionState.RECONNECTING in states, timeout=10)
            proxy.blackhole = False
            proxy.cut()  # let the next attempt through a fresh connection
            await wait_for(lambda: online(session), timeout=20)
        finally:
            await session.stop()
            await proxy.stop()

    asyncio.run(scenario())


def test_wake_checks_a_connection_that_still_looks_online(prosody, make_account) -> None:
    """After sleep the TCP connection may be dead while we still say online: one ping tells."""
    me, my_pw = make_account("me")

    async def scenario() -> None:
        proxy = TcpProxy(prosody.c2s_port)
        await proxy.start()
        # Periodic keepalive off: only the wake-up check can notice the dead path.
        opts = options(prosody, me, port=proxy.port, keepalive_interval=0, keepalive_timeout=1.5)
        states: list[ConnectionState] = []
        session = XmppSession(opts, my_pw, lambda s: states.append(s.state))
        session.start()
        try:
            await wait_for(lambda: online(session))
            proxy.blackhole = True
            session.reconnect_now()  # what the activity service calls on wake
            await wait_for(lambda: ConnectionState.RECONNECTING in states, timeout=10)
            proxy.blackhole = False
            proxy.cut()
            await wait_for(lambda: online(session), timeout=20)
        finally:
            await session.stop()
            await proxy.stop()

    asyncio.run(scenario())
