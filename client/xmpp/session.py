"""One account's XMPP session on slixmpp: connect, verified TLS, reconnect, stream resumption."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import socket
import ssl
import tempfile
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.stanza import Iq, Message, Presence
from slixmpp.xmlstream import ET

from client.core.connection import (
    RETRYABLE,
    Backoff,
    CertificateInfo,
    ConnectionState,
    ConnectionStatus,
    ErrorKind,
    format_fingerprint,
)
from client.core.roster import RosterItem, Subscription
from client.xmpp.caps import register_disco
from client.xmpp.presence_parse import split_jid
from client.xmpp.read_pacing import PacedReader
from client.xmpp.roster_parse import NS_ROSTER, parse_roster_items
from client.xmpp.safety import gc_paused, guarded, install_log_redaction

log = logging.getLogger(__name__)

# The plugins we use, and only those: every registered handler costs time on every stanza
# (FIELD-NOTES §3).
PLUGINS = ("xep_0030", "xep_0199", "xep_0198", "xep_0352")


@dataclass(frozen=True)
class ConnectOptions:
    """Everything the session needs to reach and trust the server (no password: see below)."""

    jid: str
    resource: str = "Attend"
    host: str | None = None
    port: int | None = None
    direct_tls: bool = False
    ca_file: str | None = None
    pinned_sha256: str | None = None  # user explicitly trusted exactly this certificate
    keepalive_interval: float = 30.0
    keepalive_timeout: float = 20.0
    reconnect_cap: float = 300.0


StatusCallback = Callable[[ConnectionStatus], None]


def certificate_info(der: bytes, reason: str) -> CertificateInfo:
    """Describe a DER certificate for the trust dialog without trusting it."""
    subject = issuer = not_after = ""
    # The stdlib has no public DER decoder; its test helper is the only one without a new
    # dependency. Missing details are cosmetic: the fingerprint is what the user compares.
    with contextlib.suppress(Exception), tempfile.NamedTemporaryFile("w", suffix=".pem") as f:
        f.write(ssl.DER_cert_to_PEM_cert(der))
        f.flush()
        info = ssl._ssl._test_decode_cert(f.name)  # type: ignore[attr-defined]
        subject = ", ".join("=".join(x) for rdn in info.get("subject", ()) for x in rdn)
        issuer = ", ".join("=".join(x) for rdn in info.get("issuer", ()) for x in rdn)
        not_after = str(info.get("notAfter", ""))
    return CertificateInfo(
        sha256=format_fingerprint(hashlib.sha256(der).digest()),
        subject=subject,
        issuer=issuer,
        not_after=not_after,
        reason=reason,
    )


async def fetch_server_certificate(
    host: str, port: int, domain: str, direct_tls: bool, timeout: float = 10.0
) -> bytes:
    """The server's certificate (DER), fetched without verifying it and without any credentials.

    Used only to show the user what they are asked to trust after verification failed.
    """
    asyncio.get_running_loop()
    probe = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    probe.check_hostname = False
    probe.verify_mode = ssl.CERT_NONE
    async with asyncio.timeout(timeout):
        if direct_tls:
            _r, writer = await asyncio.open_connection(
                host, port, ssl=probe, server_hostname=domain
            )
        else:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(
                f"<?xml version='1.0'?><stream:stream to='{domain}' version='1.0' "
                "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
                "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>".encode()
            )
            buffer = b""
            while b"<proceed" not in buffer:
                chunk = await reader.read(4096)
                if not chunk or b"<failure" in chunk:
                    raise ConnectionError("server refused STARTTLS")
                buffer += chunk
            await writer.start_tls(probe, server_hostname=domain)
        ssl_object = writer.get_extra_info("ssl_object")
        der: bytes = ssl_object.getpeercert(binary_form=True)
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()
        return der


class _Client(PacedReader, slixmpp.ClientXMPP):
    """slixmpp's client with our safety nets; built inside the running loop (FIELD-NOTES §3).

    Reads are paced (client/xmpp/read_pacing.py) so a flood never stalls the UI thread.
    """


class XmppSession:
    """Keeps one account connected: our own reconnect loop, resumption, keepalive.

    slixmpp has no reconnect after the server drops us, and its own retry loop would go on
    forever on a bad certificate, so we drive every attempt ourselves.
    """

    def __init__(self, options: ConnectOptions, password: str, on_status: StatusCallback) -> None:
        self.options = options
        self._password = password
        self._on_status = on_status
        self.status = ConnectionStatus(ConnectionState.OFFLINE)
        self._backoff = Backoff(cap=options.reconnect_cap)
        self._retry_handle: asyncio.TimerHandle | None = None
        self._keepalive_task: asyncio.Task[None] | None = None
        self._stopping = False
        self._tasks: set[asyncio.Task[Any]] = set()
        self._last_error: tuple[ErrorKind, str] | None = None
        self._cert_failure: str | None = None
        self.keepalive_enabled = True
        self.on_session_started: list[Callable[[bool], None]] = []
        # The roster, parsed once per fetch or push for every consumer (roster model, chat,
        # XEP-0012 answers); kept across a resumption, replaced on a fresh session.
        self.roster: dict[str, RosterItem] = {}
        self.roster_known = asyncio.Event()
        self.on_roster: list[Callable[[list[RosterItem], bool], None]] = []  # (items, full)
        # Takes contacts' available/unavailable presence before slixmpp's own dispatch, which
        # would cost more than the rest of our handling together (`make bench`, flood).
        self.presence_hook: Callable[[ET.Element], bool] | None = None
        self.xmpp = self._build_client()

    # -- construction -------------------------------------------------------------------------

    def _build_client(self) -> _Client:
        install_log_redaction()
        jid = f"{self.options.jid}/{self.options.resource}" if self.options.resource else None
        xmpp = _Client(jid or self.options.jid, self._password)
        for plugin in PLUGINS:
            xmpp.register_plugin(plugin)
        # Never answer subscription requests behind the user's back (XEP-0162 etiquette);
        # slixmpp's default accepts and reciprocates them.
        xmpp.auto_authorize = None
        xmpp.auto_subscribe = False
        xmpp.whitespace_keepalive = False  # our own keepalive, which knows about CSI
        # PLAIN only inside TLS: slixmpp already refuses to send credentials unencrypted;
        # enable_plaintext=False also forbids a cleartext stream altogether.
        xmpp.enable_plaintext = False
        xmpp.enable_direct_tls = self.options.direct_tls
        xmpp.enable_starttls = not self.options.direct_tls
        xmpp.ssl_context = self._ssl_context()
        # After xep_0198's filter, so a dropped stanza still counts for stream management.
        xmpp.add_filter("in", self._incoming)
        # One roster parse, ours (slixmpp's own builds objects nobody here reads).
        xmpp.del_event_handler("roster_update", xmpp._handle_roster)
        xmpp.add_event_handler("roster_update", guarded(self._on_roster_push))
        self.caps = register_disco(xmpp)
        xmpp.plugin["xep_0198"].allow_resume = True
        xmpp.plugin["xep_0198"].window = 5

        events: dict[str, Callable[[Any], None]] = {
            "session_start": self._on_session_start,
            "session_resumed": self._on_session_resumed,
            "disconnected": self._on_disconnected,
            "connection_failed": self._on_connection_failed,
            "reconnect_delay": self._on_slixmpp_retry,
            "failed_all_auth": self._on_auth_failed,
            "ssl_invalid_chain": self._on_invalid_chain,
            "ssl_cert": self._on_ssl_cert,
            "connected": self._on_connected,
            "stream_error": self._on_stream_error,
        }
        for name, handler in events.items():
            xmpp.add_event_handler(name, guarded(handler))
        return xmpp

    def _ssl_context(self) -> ssl.SSLContext:
        if self.options.pinned_sha256:
            # The user trusts exactly one certificate. OpenSSL cannot pin, so the chain check is
            # replaced by an exact SHA-256 comparison in _on_ssl_cert, which runs before the
            # stream header (and long before SASL) is sent.
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        else:
            ctx = ssl.create_default_context(cafile=self.options.ca_file)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        return ctx

    # -- public API ---------------------------------------------------------------------------

    def start(self) -> None:
        """Begin connecting; further state arrives through the status callback."""
        self._stopping = False
        self._connect(ConnectionState.CONNECTING)

    def reconnect_now(self) -> None:
        """Wake from sleep or network back: skip the remaining backoff.

        A session that still looks online may sit on a connection that died while we slept
        (TCP keepalive would take a minute to tell): one ping finds out now.
        """
        if self._stopping or self.status.state == ConnectionState.ERROR:
            return
        if self.status.state == ConnectionState.ONLINE:
            self._spawn(self._ping_or_drop())
            return
        self._cancel_retry()
        self._connect(ConnectionState.RECONNECTING)

    def force_drop(self) -> None:
        """Drop the TCP connection without closing the stream, so it can be resumed."""
        self.xmpp.abort()

    async def stop(self, timeout: float = 3.0) -> None:
        """Sign out cleanly: unavailable presence, close the stream, wait for the server."""
        self._stopping = True
        self._cancel_retry()
        self._stop_keepalive()
        self.xmpp.cancel_connection_attempt()
        if self.xmpp.transport is not None:
            with contextlib.suppress(Exception):
                self.xmpp.send_presence(ptype="unavailable")
            try:
                await asyncio.wait_for(self.xmpp.disconnect(wait=timeout), timeout + 1)
            except (TimeoutError, Exception):  # noqa: BLE001 - shutting down regardless
                self.xmpp.abort()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        # slixmpp's own filter task outlives the stream; end it so nothing is destroyed pending.
        filters = getattr(self.xmpp, "_run_out_filters", None)
        if filters is not None and not filters.done():
            filters.cancel()
            with contextlib.suppress(BaseException):
                await filters
        self._set_status(ConnectionStatus(ConnectionState.OFFLINE))

    def update_password(self, password: str) -> None:
        self._password = password
        self.xmpp.password = password
        self.xmpp.credentials["password"] = password

    # -- connection attempts ------------------------------------------------------------------

    def _connect(self, state: ConnectionState) -> None:
        self._last_error = None
        self._cert_failure = None
        self._set_status(ConnectionStatus(state))
        host, port = self.options.host, self.options.port
        if host and not port:
            port = 5223 if self.options.direct_tls else 5222
        # Host and port only work together (FIELD-NOTES §3: a lone host is ignored).
        self.xmpp.connect(host, port) if host else self.xmpp.connect()

    def _schedule_retry(self, reason: str) -> None:
        if self._stopping:
            return
        delay = self._backoff.next_delay()
        self._cancel_retry()
        loop = asyncio.get_running_loop()
        self._retry_handle = loop.call_later(delay, self._connect, ConnectionState.RECONNECTING)
        self._set_status(
            ConnectionStatus(ConnectionState.RECONNECTING, detail=reason, retry_in=delay)
        )

    def _cancel_retry(self) -> None:
        if self._retry_handle is not None:
            self._retry_handle.cancel()
            self._retry_handle = None

    def _fail(self, kind: ErrorKind, detail: str, cert: CertificateInfo | None = None) -> None:
        """A failure that retrying cannot fix: stop every attempt and tell the user."""
        self._last_error = (kind, detail)
        self._cancel_retry()
        self.xmpp.cancel_connection_attempt()
        self.xmpp.abort()
        self._set_status(
            ConnectionStatus(ConnectionState.ERROR, detail=detail, error=kind, certificate=cert)
        )

    def _set_status(self, status: ConnectionStatus) -> None:
        if status == self.status:
            return
        self.status = status
        log.info(
            "%s: %s%s",
            self.options.jid,
            status.state,
            f" ({status.detail})" if status.detail else "",
        )
        self._on_status(status)

    # -- slixmpp events -----------------------------------------------------------------------

    def _on_connected(self, _event: Any) -> None:
        # Kernel TCP keepalive finds a dead peer without sending a byte at the XMPP layer, so
        # it keeps working while CSI is inactive (Prosody flushes on any client byte, §7).
        sock = self.xmpp.transport.get_extra_info("socket") if self.xmpp.transport else None
        if sock is not None:
            with contextlib.suppress(OSError, AttributeError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 30)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 10)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 3)

    def _on_ssl_cert(self, pem: str) -> None:
        if not self.options.pinned_sha256:
            return
        der = ssl.PEM_cert_to_DER_cert(pem)
        pinned = self.options.pinned_sha256.replace(":", "").lower()
        if hashlib.sha256(der).hexdigest() != pinned:
            self._fail(
                ErrorKind.CERTIFICATE,
                "The server's certificate changed since you trusted it.",
                certificate_info(der, "does not match the certificate you trusted"),
            )

    def _on_invalid_chain(self, exc: Any) -> None:
        # STARTTLS verification failed; slixmpp leaves the decision to us.
        self._cert_failure = str(getattr(exc, "verify_message", "") or exc)
        self._spawn(self._report_certificate_failure(self._cert_failure))

    def _on_connection_failed(self, error: Any) -> None:
        if isinstance(error, ssl.SSLCertVerificationError):
            # Direct TLS: slixmpp would retry this forever.
            self.xmpp.cancel_connection_attempt()
            self._cert_failure = str(error.verify_message or error)
            self._spawn(self._report_certificate_failure(self._cert_failure))
            return
        log.info("%s: connection attempt failed: %s", self.options.jid, error)
        self._last_error = (ErrorKind.NETWORK, _describe_network_error(error))

    def _on_slixmpp_retry(self, _wait: Any) -> None:
        # slixmpp finished a round of attempts and wants to retry on its own schedule; ours
        # knows about jitter, caps, wake-ups and permanent failures instead.
        self.xmpp.cancel_connection_attempt()
        if self.status.state == ConnectionState.ERROR or self._cert_failure:
            return
        reason = self._last_error[1] if self._last_error else "cannot reach the server"
        self._schedule_retry(reason)

    def _on_auth_failed(self, _event: Any) -> None:
        # Never retry a wrong password: servers lock accounts out after repeated failures.
        self._fail(ErrorKind.AUTH, "The server rejected the password for this account.")

    def _on_stream_error(self, error: Any) -> None:
        condition = error["condition"] if error is not None else ""
        if condition == "conflict":
            self._fail(ErrorKind.CONFLICT, "Another client signed in with the same resource.")

    def _on_session_start(self, _event: Any) -> None:
        self._backoff.reset()
        # The roster request goes out before anything the callbacks send, the initial presence
        # above all (RFC 6121 §2.2): otherwise the server first broadcasts and probes for every
        # contact, and a large roster arrives behind all of that.
        self.roster_known.clear()
        self._spawn(self._fetch_roster(self._request_roster()))
        self._set_status(ConnectionStatus(ConnectionState.ONLINE, resumed=False))
        self._start_keepalive()
        for callback in self.on_session_started:
            callback(False)

    def _on_session_resumed(self, _event: Any) -> None:
        self._backoff.reset()
        self._set_status(ConnectionStatus(ConnectionState.ONLINE, resumed=True))
        self._start_keepalive()
        for callback in self.on_session_started:
            callback(True)

    def _on_disconnected(self, reason: Any) -> None:
        self._stop_keepalive()
        if self._stopping or self.status.state == ConnectionState.ERROR:
            return
        if self._cert_failure:
            return
        if self._last_error and self._last_error[0] not in RETRYABLE:
            return
        detail = str(reason) if reason else "connection lost"
        self._schedule_retry(_describe_network_error(detail))

    async def _report_certificate_failure(self, reason: str) -> None:
        opts = self.options
        host = opts.host or self.xmpp.boundjid.domain
        port = opts.port or (5223 if opts.direct_tls else 5222)
        cert: CertificateInfo | None = None
        try:
            der = await fetch_server_certificate(
                host, port, self.xmpp.boundjid.domain, opts.direct_tls
            )
            cert = certificate_info(der, reason)
        except Exception as exc:  # noqa: BLE001 - the refusal stands even without the details
            log.warning("could not fetch the refused certificate for display: %s", exc)
        self._fail(
            ErrorKind.CERTIFICATE, f"The server's certificate is not trusted: {reason}", cert
        )

    # -- roster -------------------------------------------------------------------------------

    def _request_roster(self) -> asyncio.Future[Any]:
        iq = self.xmpp.make_iq_get(queryxmlns=NS_ROSTER)
        return iq.send(timeout=30)  # type: ignore[no-untyped-call,no-any-return]

    async def _fetch_roster(self, request: asyncio.Future[Any]) -> None:
        try:
            result = await request
        except (IqError, IqTimeout) as exc:
            log.warning("%s: roster request failed: %s", self.options.jid, exc)
            self.roster_known.set()  # go on with what we had; everyone else counts as unknown
            return
        with gc_paused():  # thousands of small objects at once: no collections half-way
            items = parse_roster_items(result.xml, self.options.jid)
            self.roster = {item.jid: item for item in items}
            self.roster_known.set()
            for callback in self.on_roster:
                callback(items, True)

    def _on_roster_push(self, iq: Iq) -> None:
        if iq.xml.get("type") != "set":
            return
        # RFC 6121 §2.1.6: only pushes from our own account (or its server) are legitimate.
        sender = iq.xml.get("from", "")
        own = self.options.jid
        if sender and split_jid(sender)[0] not in (own, own.split("@")[-1]):
            log.info("ignoring a roster push from %.200s", sender)
            return
        items = parse_roster_items(iq.xml, own)
        for item in items:
            if item.subscription == Subscription.REMOVE:
                self.roster.pop(item.jid, None)
            else:
                self.roster[item.jid] = item
        iq.reply(clear=True).send()  # type: ignore[no-untyped-call]  # RFC 6121 §2.1.6
        for callback in self.on_roster:
            callback(items, False)

    def subscription_of(self, bare: str) -> Subscription:
        item = self.roster.get(bare)
        return item.subscription if item is not None else Subscription.NONE

    # -- incoming filter ----------------------------------------------------------------------

    def _incoming(self, stanza: Any) -> Any:
        hook = self.presence_hook
        if hook is not None and isinstance(stanza, Presence):
            try:
                if hook(stanza.xml):
                    return None  # fully handled; slixmpp need not dispatch it
            except Exception:
                log.exception("presence hook failed; presence left to slixmpp")
        return _drop_unparseable_jids(stanza)

    # -- keepalive ----------------------------------------------------------------------------

    def _start_keepalive(self) -> None:
        self._stop_keepalive()
        if self.options.keepalive_interval > 0:
            self._keepalive_task = self._spawn(self._keepalive())

    def _stop_keepalive(self) -> None:
        if self._keepalive_task is not None:
            self._keepalive_task.cancel()
            self._keepalive_task = None

    async def _keepalive(self) -> None:
        """XEP-0199 ping while we may send bytes; a silent server is dropped within a minute."""
        while True:
            await asyncio.sleep(self.options.keepalive_interval)
            if not self.keepalive_enabled:
                continue  # CSI inactive: TCP keepalive covers us without flushing the server
            if not await self._ping_or_drop():
                return

    async def _ping_or_drop(self) -> bool:
        """One XEP-0199 ping; no answer in time drops the connection (then we reconnect)."""
        try:
            await self.xmpp.plugin["xep_0199"].send_ping(
                slixmpp.JID(self.xmpp.boundjid.domain), timeout=self.options.keepalive_timeout
            )
        except IqTimeout:
            log.warning("%s: server did not answer a ping; dropping", self.options.jid)
            self.xmpp.abort()
            return False
        except Exception as exc:  # noqa: BLE001 - an error reply still proves liveness
            log.debug("ping: %s", exc)
        return True

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # -- presence ----------------------------------------------------------------------------

    def make_presence(self) -> Presence:
        return self.xmpp.make_presence()


def _drop_unparseable_jids(stanza: Any) -> Any:
    """Drop stanzas whose addresses slixmpp's JID class rejects (FIELD-NOTES §3).

    Otherwise its own handlers raise on them and the connection can drop.
    """
    if not isinstance(stanza, Message | Presence | Iq):
        return stanza
    try:
        stanza["from"]
        stanza["to"]
    except Exception:  # noqa: BLE001 - InvalidJID or anything the compiled parser throws
        log.info("dropping a stanza with an unparseable address: %.200s", stanza.xml.get("from"))
        return None
    return stanza


def _describe_network_error(error: object) -> str:
    text = str(error)
    if isinstance(error, ConnectionRefusedError) or "Connect call failed" in text:
        return "the server refused the connection"
    if isinstance(error, TimeoutError):
        return "the server did not answer"
    if "No DNS record" in text:
        return "the server's address could not be found"
    return text or "connection lost"
