"""One-to-one chat for one session: outbox, receipts, chat states, carbons, archive catch-up."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.stanza import Message
from slixmpp.xmlstream import ET, StanzaBase
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from client.core.chat_text import clean_outgoing
from client.core.connection import ConnectionState
from client.core.history import (
    Direction,
    History,
    MessageState,
    NewMessage,
    StoredMessage,
    StoreResult,
)
from client.core.roster import RosterItem, Subscription
from client.core.xmpp_time import parse_datetime
from client.xmpp.presence_parse import split_jid
from client.xmpp.safety import guarded
from client.xmpp.session import XmppSession

log = logging.getLogger(__name__)

NS_CLIENT = "jabber:client"
NS_SID = "urn:xmpp:sid:0"  # XEP-0359
NS_RECEIPTS = "urn:xmpp:receipts"  # XEP-0184
NS_CHATSTATES = "http://jabber.org/protocol/chatstates"  # XEP-0085
NS_CARBONS = "urn:xmpp:carbons:2"  # XEP-0280
NS_FORWARD = "urn:xmpp:forward:0"  # XEP-0297
NS_DELAY = "urn:xmpp:delay"  # XEP-0203
NS_MAM = "urn:xmpp:mam:2"  # XEP-0313
NS_RSM = "http://jabber.org/protocol/rsm"  # XEP-0059
NS_DATA = "jabber:x:data"  # XEP-0004
NS_HINTS = "urn:xmpp:hints"  # XEP-0334
NS_DISCO_INFO = "http://jabber.org/protocol/disco#info"
NS_ROSTER = "jabber:iq:roster"
NS_SM = "urn:xmpp:sm:3"

CHAT_STATES = frozenset({"active", "composing", "paused", "inactive", "gone"})
PAUSED_AFTER = 10.0  # seconds without typing before "composing" becomes "paused" (XEP-0085)
MAM_PAGE = 100
MAM_BOOTSTRAP = 50  # first sign-in on this profile: fetch this much recent context
ROSTER_WAIT = 15.0  # longest we hold incoming messages while the roster is unknown


class Origin(enum.StrEnum):
    """How a message reached the history."""

    LOCAL = "local"  # typed here
    LIVE = "live"  # delivered to this session (including offline storage)
    CARBON = "carbon"  # XEP-0280 copy of a message to or from our other devices
    ARCHIVE = "archive"  # XEP-0313 catch-up


class ChatListener(Protocol):
    """What the services layer hears from the chat side of a session."""

    def messages_stored(self, account: str, messages: list[StoredMessage], origin: Origin) -> None:
        """New rows in the history (already committed)."""

    def messages_updated(self, account: str, messages: list[StoredMessage]) -> None:
        """Rows whose state (or archive id) changed."""

    def chat_state_received(self, account: str, peer: str, state: str) -> None: ...

    def conversation_read(self, account: str, peer: str) -> None:
        """Read elsewhere (we wrote from another device): no longer unread here."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """The parts of one <message/> we use; nothing here is trusted yet."""

    sender: str  # bare
    sender_resource: str
    to: str  # bare
    to_resource: str
    mtype: str
    msg_id: str
    body: str | None
    origin_id: str | None
    stanza_id: str | None  # only one set by our own archive (by = our bare JID)
    stamp: datetime | None  # XEP-0203
    chat_state: str | None
    receipt_request: bool
    receipt_for: str | None


def parse_message(
    xml: ET.Element, own_bare: str, stamp_fallback: ET.Element | None = None
) -> Parsed:
    """Read a message element (a live one or one unwrapped from a carbon or archive result).

    Bodies are plain text: only the <body/> without xml:lang (or the first one) is read; any
    XHTML-IM or other markup is ignored, never rendered.
    """
    sender, sender_res = split_jid(xml.get("from", ""))
    to, to_res = split_jid(xml.get("to", ""))
    body: str | None = None
    bodies = xml.findall(f"{{{NS_CLIENT}}}body")
    if bodies:
        plain = [b for b in bodies if not b.get("{http://www.w3.org/XML/1998/namespace}lang")]
        body = (plain or bodies)[0].text or ""
        if not body.strip():
            body = None
    origin = xml.find(f"{{{NS_SID}}}origin-id")
    stanza_id = None
    for sid in xml.findall(f"{{{NS_SID}}}stanza-id"):
        # XEP-0359: only a stanza-id whose 'by' is our own account's archive counts. The
        # server should strip such ids from what others send (§3.1), but Prosody 0.12 keeps
        # a forged one and appends its own after it (measured): so the last one wins.
        if sid.get("by", "") == own_bare and sid.get("id"):
            stanza_id = sid.get("id")
    stamp = None
    for holder in (xml, stamp_fallback):
        if holder is None:
            continue
        delay = holder.find(f"{{{NS_DELAY}}}delay")
        if delay is not None:
            stamp = parse_datetime(delay.get("stamp"))
            if stamp is not None:
                break
    chat_state = None
    for child in xml:
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{NS_CHATSTATES}}}"):
            name = child.tag.split("}", 1)[1]
            if name in CHAT_STATES:
                chat_state = name
                break
    received = xml.find(f"{{{NS_RECEIPTS}}}received")
    return Parsed(
        sender=sender,
        sender_resource=sender_res,
        to=to,
        to_resource=to_res,
        mtype=xml.get("type", "normal"),
        msg_id=xml.get("id", ""),
        body=body,
        origin_id=(origin.get("id") or None) if origin is not None else None,
        stanza_id=stanza_id,
        stamp=stamp,
        chat_state=chat_state,
        receipt_request=xml.find(f"{{{NS_RECEIPTS}}}request") is not None,
        receipt_for=(received.get("id") or None) if received is not None else None,
    )


@dataclass(frozen=True, slots=True)
class _Write:
    """A received message waiting for the next commit."""

    message: NewMessage
    origin: Origin
    receipt: Parsed | None = None  # answer with a receipt once committed
    cursor: str | None = None  # an archive id that may advance the catch-up cursor
    read_peer: str | None = None  # mark this conversation read once committed


@dataclass
class _MamQuery:
    results: list[tuple[str, Parsed]]


class ChatSync:
    """Chat messages of one account, kept exactly-once across drops, restarts and devices.

    Outgoing: a message is committed to the history (state QUEUED) before anything is sent;
    it is handed to the stream only while the session is online, so nothing ever waits in
    slixmpp's own offline queue (which would reorder it, FIELD-NOTES §3). XEP-0198 acks move
    it to ACKED; a fresh session (failed resumption, restart) re-sends everything not acked,
    in the order written, with the same id and origin-id, so receivers de-duplicate.

    Receipts (XEP-0184) are sent only for live messages from contacts who have a presence
    subscription to us (subscription 'from' or 'both'), after the message is committed.
    XEP-0184 §8 warns that receipts reveal presence; a stranger (anyone not in the roster)
    and contacts without that subscription get nothing back, no receipt and no chat state,
    so writing to us never makes us answer automatically. Their messages are stored and
    marked as from a stranger.
    """

    def __init__(
        self,
        session: XmppSession,
        history: History,
        listener: ChatListener,
        *,
        clock: Callable[[], datetime] | None = None,
        chat_states: bool = True,
    ) -> None:
        self.session = session
        self.xmpp = session.xmpp
        self.account = session.options.jid
        self.history = history
        self.listener = listener
        self.chat_states_enabled = chat_states
        self._now = clock or (lambda: datetime.now(UTC))
        self._tasks: set[asyncio.Task[Any]] = set()
        self._inflight: dict[str, int] = {}  # stanza id -> local id, waiting for a stream ack
        self._roster_known = asyncio.Event()
        self._roster_fetch: asyncio.Task[Any] | None = None
        self._held: list[Callable[[], None]] = []
        self._mam_queries: dict[str, _MamQuery] = {}
        self._pending: list[_Write] = []
        self._commit_handle: asyncio.Handle | None = None
        self._mam_task: asyncio.Task[None] | None = None
        self._cursor_live = False  # live stanza-ids may advance the archive cursor
        self.mam_supported: bool | None = None
        self.carbons_enabled = False
        self._peer_states: set[str] = set()  # peers who sent us chat states (XEP-0085 §5.1)
        self._my_state: dict[str, str] = {}
        self._pause_timers: dict[str, asyncio.TimerHandle] = {}
        self.catch_up_done = asyncio.Event()

        x = self.xmpp
        # Raw handler for every <message/>: slixmpp's own 'message' event only covers ones
        # with a <body/> (not receipts, chat states, carbons or archive results).
        self._handler_name = f"attend-chat-{id(self)}"
        x.register_handler(
            Callback(
                self._handler_name, MatchXPath(f"{{{NS_CLIENT}}}message"), guarded(self._on_message)
            )
        )
        x.add_event_handler("stanza_acked", guarded(self._on_acked))
        session.on_roster.append(guarded(self._on_roster))
        x.add_event_handler("disconnected", guarded(self._on_disconnected))
        session.on_session_started.append(guarded(self._on_session_started))

    # -- session phases -----------------------------------------------------------------------

    @property
    def online(self) -> bool:
        return (
            self.session.status.state == ConnectionState.ONLINE and self.xmpp.transport is not None
        )

    def _on_session_started(self, resumed: bool) -> None:
        if resumed:
            # slixmpp has re-sent what the server had not acked (XEP-0198 §5). What it never
            # wrote (still in its send queue, or held by a slow filter, when the stream
            # dropped: both are discarded on a disconnect) is not among those: send it again,
            # then what we queued while offline.
            self.flush_outbox(include_sent=True, skip=self._resent_by_stream())
            return
        # A fresh session: whatever was on its way and not acked is lost with the old stream
        # (FIELD-NOTES §3), so all of it goes again, in the order written.
        self._inflight.clear()
        self._cursor_live = False
        self.carbons_enabled = False  # XEP-0280 state belongs to the session
        self.catch_up_done.clear()
        self.flush_outbox(include_sent=True)
        self._spawn(self._enable_carbons())
        self._mam_task = self._spawn(self._catch_up())

    def _on_disconnected(self, _event: Any) -> None:
        self._cursor_live = False
        for handle in self._pause_timers.values():
            handle.cancel()
        self._pause_timers.clear()
        self._my_state.clear()
        if self._mam_task is not None:
            self._mam_task.cancel()
            self._mam_task = None
        self._mam_queries.clear()

    async def close(self) -> None:
        if self._commit_handle is not None:
            self._commit_handle.cancel()
            guarded(self._commit)()
        self._on_disconnected(None)
        self.xmpp.remove_handler(self._handler_name)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- roster knowledge (who is a contact) ---------------------------------------------------

    def _on_roster(self, items: list[RosterItem], full: bool) -> None:
        del items  # the session keeps the roster; we only need to know it is complete
        if full:
            self._mark_roster_known()  # only now: held messages are judged by this roster

    def _mark_roster_known(self) -> None:
        if self._roster_known.is_set():
            return
        self._roster_known.set()
        held, self._held = self._held, []
        for action in held:
            guarded(action)()

    def is_contact(self, bare: str) -> bool:
        return bare == self.account or bare in self.session.roster

    def may_answer(self, bare: str) -> bool:
        """May we tell ``bare`` things about us automatically (receipts, chat states)?"""
        subscription = self.session.subscription_of(bare)
        return bare == self.account or subscription in (Subscription.FROM, Subscription.BOTH)

    def contact_name(self, bare: str) -> str:
        item = self.session.roster.get(bare)
        return item.name if item is not None else ""

    def _when_roster_known(self, action: Callable[[], None]) -> None:
        """Run ``action`` now if we know the roster, else once it arrives (bounded wait)."""
        if self._roster_known.is_set():
            action()
            return
        self._held.append(action)
        self._need_roster()

    def _need_roster(self) -> None:
        if not self._roster_known.is_set() and self._roster_fetch is None:
            self._roster_fetch = self._spawn(self._fetch_roster())

    async def _fetch_roster(self) -> None:
        """Wait (bounded) for the roster the session fetches on every fresh session."""
        try:
            await asyncio.wait_for(self.session.roster_known.wait(), ROSTER_WAIT)
        except TimeoutError:
            log.warning("%s: no roster after %.0f s", self.account, ROSTER_WAIT)
        finally:
            self._roster_fetch = None
            # Even without a roster: go on, and treat everyone unknown as a stranger.
            self._mark_roster_known()

    # -- sending ------------------------------------------------------------------------------

    def send(self, peer: str, text: str) -> StoredMessage:
        """Store ``text`` for ``peer`` durably, then send it when (and as soon as) possible.

        BodyError if the text cannot be sent (empty, too long).
        """
        body = clean_outgoing(text)
        origin_id = uuid.uuid4().hex
        stored = self.history.enqueue(self.account, peer, body, origin_id, self._now())
        self.listener.messages_stored(self.account, [stored], Origin.LOCAL)
        self._cancel_pause(peer)
        self.flush_outbox(include_sent=False)
        return stored

    def flush_outbox(self, include_sent: bool, skip: frozenset[str] = frozenset()) -> None:
        """Hand queued messages to the stream, oldest first, if we are online; ``skip``: ids
        of messages the stream itself re-sends."""
        if not self.online:
            return
        wanted = (
            (MessageState.QUEUED, MessageState.SENT) if include_sent else (MessageState.QUEUED,)
        )
        pending = [
            m
            for m in self.history.outbox(self.account)
            if m.state in wanted and (m.msg_id or m.origin_id) not in skip
        ]
        if not pending:
            return
        for message in pending:
            self.xmpp.send(self._build(message))
            if message.msg_id:
                self._inflight[message.msg_id] = message.id
            if self.chat_states_enabled:
                self._my_state[message.peer] = "active"
        self._request_ack()
        changed = self.history.advance([m.id for m in pending], MessageState.SENT)
        if changed:
            self.listener.messages_updated(self.account, changed)

    def _build(self, message: StoredMessage) -> Message:
        msg = self.xmpp.make_message(mto=message.peer, mbody=message.body, mtype="chat")
        msg["id"] = message.msg_id or message.origin_id or uuid.uuid4().hex
        xml = msg.xml
        ET.SubElement(xml, f"{{{NS_SID}}}origin-id", {"id": message.origin_id or msg["id"]})
        ET.SubElement(xml, f"{{{NS_RECEIPTS}}}request")
        if self.chat_states_enabled:
            # XEP-0085 §5.1: a content message carries <active/>; that is also how a contact
            # learns we support chat states.
            ET.SubElement(xml, f"{{{NS_CHATSTATES}}}active")
        return msg

    def _resent_by_stream(self) -> frozenset[str]:
        """Ids of the stanzas XEP-0198 keeps for re-sending (and re-sent on resumption)."""
        sm = self.xmpp.plugin.get("xep_0198", None)
        queue = getattr(sm, "unacked_queue", ()) if sm is not None else ()
        return frozenset(
            stanza.xml.get("id", "") for _seq, stanza in queue if isinstance(stanza, StanzaBase)
        )

    def _request_ack(self) -> None:
        """Ask for an XEP-0198 ack right after what we just queued.

        Sent as a string through the ordinary send queue, so it follows our messages on the
        wire (slixmpp's request_ack() writes directly and would overtake them).
        """
        sm = self.xmpp.plugin.get("xep_0198", None)
        if sm is not None and getattr(sm, "enabled_out", False):
            self.xmpp.send(f"<r xmlns='{NS_SM}'/>")

    def _on_acked(self, stanza: Any) -> None:
        if not isinstance(stanza, Message):
            return
        local = self._inflight.pop(stanza.xml.get("id", ""), None)
        if local is None:
            return
        changed = self.history.advance([local], MessageState.ACKED)
        if changed:
            self.listener.messages_updated(self.account, changed)

    # -- chat states (XEP-0085) -------------------------------------------------------------

    def user_typing(self, peer: str, has_text: bool) -> None:
        """The composer for ``peer`` changed; ``has_text`` = it is not empty."""
        if not has_text:
            self._cancel_pause(peer)
            if self._my_state.get(peer) in ("composing", "paused"):
                self._send_state(peer, "active")
            return
        if self._my_state.get(peer) != "composing":
            self._send_state(peer, "composing")
        self._cancel_pause(peer)
        if self._my_state.get(peer) == "composing":
            loop = asyncio.get_running_loop()
            self._pause_timers[peer] = loop.call_later(PAUSED_AFTER, guarded(self._paused), peer)

    def _paused(self, peer: str) -> None:
        self._pause_timers.pop(peer, None)
        if self._my_state.get(peer) == "composing":
            self._send_state(peer, "paused")

    def _cancel_pause(self, peer: str) -> None:
        handle = self._pause_timers.pop(peer, None)
        if handle is not None:
            handle.cancel()

    def _send_state(self, peer: str, state: str) -> None:
        # Only to contacts who sent chat states themselves (XEP-0085 §5.1: no further
        # notifications to a contact whose messages carry none), never to strangers, never
        # queued while offline: a stale "composing" is worse than none.
        if not (self.chat_states_enabled and self.online):
            return
        if peer not in self._peer_states or not self.may_answer(peer):
            return
        msg = self.xmpp.make_message(mto=peer, mtype="chat")
        ET.SubElement(msg.xml, f"{{{NS_CHATSTATES}}}{state}")
        ET.SubElement(msg.xml, f"{{{NS_HINTS}}}no-store")  # XEP-0334: not worth storing
        self.xmpp.send(msg)
        self._my_state[peer] = state

    # -- receiving ----------------------------------------------------------------------------

    def _on_message(self, msg: StanzaBase) -> None:
        xml = msg.xml
        if xml.get("type") == "error":
            self._on_error(xml)
            return
        for kind in ("received", "sent"):
            carbon = xml.find(f"{{{NS_CARBONS}}}{kind}")
            if carbon is not None:
                self._on_carbon(xml, kind, carbon)
                return
        result = xml.find(f"{{{NS_MAM}}}result")
        if result is not None:
            self._on_mam_result(xml, result)
            return
        parsed = parse_message(xml, self.account)
        if not parsed.sender or parsed.mtype in ("groupchat", "headline"):
            return
        if parsed.sender == self.account and parsed.sender_resource == self.xmpp.boundjid.resource:
            return
        self._when_roster_known(lambda: self._on_live(parsed))

    def _on_live(self, p: Parsed) -> None:
        peer = p.sender
        if p.receipt_for:
            self._delivered(peer, p.receipt_for)
        if p.chat_state and p.stamp is None:
            self._peer_states.add(peer)
            self.listener.chat_state_received(self.account, peer, p.chat_state)
        if p.body is None:
            return
        answer = p.receipt_request and bool(p.msg_id) and self.may_answer(peer)
        self._queue(
            _Write(
                self._incoming(p, peer),
                Origin.LIVE,
                receipt=p if answer else None,
                cursor=p.stanza_id if self._cursor_live else None,
            )
        )

    def _queue(self, write: _Write) -> None:
        """Commit on the next loop turn, together with everything else parsed from the same
        read: a login with thousands of offline messages costs a few fsyncs, not thousands."""
        self._pending.append(write)
        if self._commit_handle is None:
            loop = asyncio.get_running_loop()
            self._commit_handle = loop.call_soon(guarded(self._commit))

    def _commit(self) -> None:
        self._commit_handle = None
        pending, self._pending = self._pending, []
        for origin in (Origin.LIVE, Origin.CARBON):
            group = [w for w in pending if w.origin == origin]
            if not group:
                continue
            with_cursor = [w for w in group if w.cursor]
            cursor = None
            if with_cursor:
                last = with_cursor[-1]
                cursor = (self.account, last.cursor or "", last.message.timestamp)
            self._report(self.history.store([w.message for w in group], cursor), origin)
        # Receipts only now that the messages are on disk (XEP-0184: "received" is a promise).
        for write in pending:
            if write.receipt is not None:
                self._send_receipt(write.receipt)
        for peer in dict.fromkeys(w.read_peer for w in pending if w.read_peer):
            # We wrote from another device, so we have read this conversation there.
            if self.history.mark_read(self.account, peer):
                self.listener.conversation_read(self.account, peer)

    def _incoming(self, p: Parsed, peer: str, read: bool = False) -> NewMessage:
        assert p.body is not None
        return NewMessage(
            account=self.account,
            peer=peer,
            direction=Direction.INCOMING,
            body=p.body,
            timestamp=self._clamp(p.stamp),
            origin_id=p.origin_id,
            stanza_id=p.stanza_id,
            msg_id=p.msg_id or None,
            resource=p.sender_resource,
            stranger=not self.is_contact(peer),
            read=read,
        )

    def _outgoing_copy(self, p: Parsed, stanza_id: str | None = None) -> NewMessage:
        """A message one of our devices sent (sent carbon, or found in the archive)."""
        assert p.body is not None
        return NewMessage(
            account=self.account,
            peer=p.to,
            direction=Direction.OUTGOING,
            body=p.body,
            timestamp=self._clamp(p.stamp),
            state=MessageState.ACKED,  # it went through our server
            origin_id=p.origin_id,
            stanza_id=stanza_id or p.stanza_id,
            msg_id=p.msg_id or None,
            resource=p.sender_resource,
            stranger=not self.is_contact(p.to),
            read=True,
        )

    def _clamp(self, stamp: datetime | None) -> datetime:
        """When a message was sent: its XEP-0203 stamp, else now; never in the future.

        Servers stamp with whole seconds (Prosody does). Read such a stamp as the end of its
        second (but not after arrival): a message stored in the same second as one we got
        live a moment earlier then still sorts after it.
        """
        now = self._now()
        if stamp is None:
            return now
        if stamp.microsecond == 0:
            stamp = stamp.replace(microsecond=999_999)
        return min(stamp, now)

    def _send_receipt(self, p: Parsed) -> None:
        if not self.online:
            return  # the sender asks again by re-sending; we never queue automatic answers
        target = f"{p.sender}/{p.sender_resource}" if p.sender_resource else p.sender
        reply = self.xmpp.make_message(mto=target, mtype="chat" if p.mtype == "chat" else None)
        reply["id"] = uuid.uuid4().hex
        ET.SubElement(reply.xml, f"{{{NS_RECEIPTS}}}received", {"id": p.msg_id})
        ET.SubElement(reply.xml, f"{{{NS_HINTS}}}store")  # XEP-0334: let it reach them later
        self.xmpp.send(reply)

    def _delivered(self, peer: str, msg_id: str) -> None:
        # A receipt counts only from the contact the message went to (anyone can claim one).
        found = self.history.find_outgoing(self.account, msg_id, peer=peer)
        if found is None:
            return
        changed = self.history.advance([found.id], MessageState.DELIVERED)
        if changed:
            self.listener.messages_updated(self.account, changed)

    def _on_error(self, xml: ET.Element) -> None:
        msg_id = xml.get("id", "")
        peer = split_jid(xml.get("from", ""))[0]
        if not msg_id or not peer:
            return
        found = self.history.find_outgoing(self.account, msg_id, peer=peer)
        if found is None:
            return
        self._inflight.pop(msg_id, None)
        log.info("%s: message %s to %s bounced", self.account, found.id, peer)
        changed = self.history.advance([found.id], MessageState.FAILED)
        if changed:
            self.listener.messages_updated(self.account, changed)

    def _report(self, result: StoreResult, origin: Origin) -> None:
        if result.added:
            self.listener.messages_stored(self.account, result.added, origin)
        if result.updated:
            self.listener.messages_updated(self.account, result.updated)

    # -- carbons (XEP-0280) -----------------------------------------------------------------

    async def _enable_carbons(self) -> None:
        iq = self.xmpp.make_iq_set()
        ET.SubElement(iq.xml, f"{{{NS_CARBONS}}}enable")
        try:
            await iq.send(timeout=20)  # type: ignore[no-untyped-call]
        except (IqError, IqTimeout) as exc:
            log.info("%s: carbons not enabled: %s", self.account, exc)
            return
        self.carbons_enabled = True

    def _on_carbon(self, outer: ET.Element, kind: str, carbon: ET.Element) -> None:
        # XEP-0280 Security Considerations: a carbon is only genuine when it comes from our
        # own bare JID; anything else is a forgery (a contact pretending we sent something).
        if outer.get("from", "") != self.account:
            log.info("%s: ignoring a forged carbon from %.200s", self.account, outer.get("from"))
            return
        forwarded = carbon.find(f"{{{NS_FORWARD}}}forwarded")
        inner = forwarded.find(f"{{{NS_CLIENT}}}message") if forwarded is not None else None
        if inner is None or inner.get("type") in ("error", "groupchat", "headline"):
            return
        p = parse_message(inner, self.account, stamp_fallback=forwarded)
        if kind == "sent":
            if p.sender != self.account or not p.to or p.body is None:
                return
            self._when_roster_known(lambda: self._on_sent_carbon(p))
        else:
            if p.to != self.account or not p.sender:
                return
            self._when_roster_known(lambda: self._on_received_carbon(p))

    def _on_sent_carbon(self, p: Parsed) -> None:
        self._queue(_Write(self._outgoing_copy(p), Origin.CARBON, read_peer=p.to))

    def _on_received_carbon(self, p: Parsed) -> None:
        if p.receipt_for:
            self._delivered(p.sender, p.receipt_for)
        if p.chat_state and p.stamp is None:
            self._peer_states.add(p.sender)
            self.listener.chat_state_received(self.account, p.sender, p.chat_state)
        if p.body is None:
            return
        # No receipt: the device it was addressed to answers for itself.
        self._queue(_Write(self._incoming(p, p.sender), Origin.CARBON))

    # -- archive catch-up (XEP-0313) -------------------------------------------------------

    async def _catch_up(self) -> None:
        try:
            self.mam_supported = await self._server_has_mam()
            if not self.mam_supported:
                return
            self._need_roster()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._roster_known.wait(), ROSTER_WAIT)
            cursor = self.history.mam_cursor(self.account)
            if cursor is None:
                await self._bootstrap()
            else:
                await self._page_forward(cursor[0], cursor[1])
            self._cursor_live = True
        except (IqError, IqTimeout) as exc:
            log.warning("%s: archive catch-up stopped: %s", self.account, exc)
        finally:
            self.catch_up_done.set()

    async def _server_has_mam(self) -> bool:
        # XEP-0313 §7: the user's own archive is advertised on the account's bare JID.
        iq = self.xmpp.make_iq_get(queryxmlns=NS_DISCO_INFO, ito=self.account)
        try:
            reply = await iq.send(timeout=20)  # type: ignore[no-untyped-call]
        except (IqError, IqTimeout) as exc:
            log.info("%s: no disco#info for the account: %s", self.account, exc)
            return False
        query = reply.xml.find(f"{{{NS_DISCO_INFO}}}query")
        features = (
            {f.get("var", "") for f in query.iter(f"{{{NS_DISCO_INFO}}}feature")}
            if query is not None
            else set()
        )
        return NS_MAM in features

    async def _bootstrap(self) -> None:
        """First sign-in here: the most recent page only, marked read (it is old news)."""
        results, fin = await self._query(before="", limit=MAM_BOOTSTRAP)
        last = _rsm_last(fin)
        self._store_archive(results, last, read=True)

    async def _page_forward(self, after: str, since: datetime) -> None:
        try:
            results, fin = await self._query(after=after)
        except IqError as exc:
            if exc.iq["error"]["condition"] != "item-not-found":
                raise
            # The id has expired from the archive: go by time instead (XEP-0313 §4.1.1).
            log.info("%s: archive cursor unknown to the server; catching up by time", self.account)
            results, fin = await self._query(start=since)
        floor: datetime | None = since
        while True:
            last = _rsm_last(fin)
            floor = self._store_archive(results, last, read=False, floor=floor)
            if fin is None or fin.get("complete") in ("true", "1") or not last:
                return
            results, fin = await self._query(after=last)

    async def _query(
        self,
        after: str | None = None,
        before: str | None = None,
        start: datetime | None = None,
        limit: int = MAM_PAGE,
    ) -> tuple[list[tuple[str, Parsed]], ET.Element | None]:
        query_id = uuid.uuid4().hex
        iq = self.xmpp.make_iq_set()
        query = ET.SubElement(iq.xml, f"{{{NS_MAM}}}query", {"queryid": query_id})
        form = ET.SubElement(query, f"{{{NS_DATA}}}x", {"type": "submit"})
        field = ET.SubElement(form, f"{{{NS_DATA}}}field", {"var": "FORM_TYPE", "type": "hidden"})
        ET.SubElement(field, f"{{{NS_DATA}}}value").text = NS_MAM
        if start is not None:
            field = ET.SubElement(form, f"{{{NS_DATA}}}field", {"var": "start"})
            ET.SubElement(field, f"{{{NS_DATA}}}value").text = start.astimezone(UTC).strftime(
                "%Y-%m-%dT%H:%M:%S.%fZ"
            )
        rsm = ET.SubElement(query, f"{{{NS_RSM}}}set")
        ET.SubElement(rsm, f"{{{NS_RSM}}}max").text = str(limit)
        if after:
            ET.SubElement(rsm, f"{{{NS_RSM}}}after").text = after
        if before is not None:
            ET.SubElement(rsm, f"{{{NS_RSM}}}before").text = before or None
        collector = _MamQuery([])
        self._mam_queries[query_id] = collector
        try:
            reply = await iq.send(timeout=60)  # type: ignore[no-untyped-call]
        finally:
            self._mam_queries.pop(query_id, None)
        fin = reply.xml.find(f"{{{NS_MAM}}}fin")
        return collector.results, fin

    def _on_mam_result(self, outer: ET.Element, result: ET.Element) -> None:
        # Results come from our own archive (our bare JID, or no 'from' at all), and only for
        # a query we made: anything else is someone trying to inject history.
        sender = outer.get("from", "")
        query = self._mam_queries.get(result.get("queryid", ""))
        if query is None or (sender and sender != self.account):
            log.info("%s: ignoring an unsolicited archive result from %.200s", self.account, sender)
            return
        forwarded = result.find(f"{{{NS_FORWARD}}}forwarded")
        inner = forwarded.find(f"{{{NS_CLIENT}}}message") if forwarded is not None else None
        archive_id = result.get("id", "")
        if inner is None or not archive_id:
            return
        query.results.append((archive_id, parse_message(inner, self.account, forwarded)))

    def _store_archive(
        self,
        results: list[tuple[str, Parsed]],
        last: str | None,
        read: bool,
        floor: datetime | None = None,
    ) -> datetime | None:
        """Store one page; returns the time of its newest message (the next page's floor).

        The archive's order is the truth: its stamps often have whole-second resolution, so
        times are made non-decreasing along it, starting from the message the cursor points
        at. Otherwise a message archived in the same second as one we received live would
        sort before it.
        """
        batch: list[NewMessage] = []
        receipts: list[tuple[str, str]] = []
        newest: datetime | None = floor
        for archive_id, p in results:
            if p.mtype in ("groupchat", "headline", "error"):
                continue
            outgoing = p.sender == self.account
            peer = p.to if outgoing else p.sender
            if not peer or (not outgoing and p.to and p.to != self.account):
                continue
            if p.receipt_for and not outgoing:
                receipts.append((peer, p.receipt_for))
            if p.body is None:
                continue
            if outgoing:
                message = self._outgoing_copy(p, stanza_id=archive_id)
            else:
                message = replace(self._incoming(p, peer, read=read), stanza_id=archive_id)
            if newest is not None and message.timestamp < newest:
                message = replace(message, timestamp=newest)
            newest = message.timestamp
            batch.append(message)
        cursor = (self.account, last, newest or self._now()) if last else None
        self._report(self.history.store(batch, mam_cursor=cursor), Origin.ARCHIVE)
        for peer, msg_id in receipts:
            self._delivered(peer, msg_id)
        return newest

    # -- helpers ------------------------------------------------------------------------------

    def _spawn(self, coro: Any) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


def _rsm_last(fin: ET.Element | None) -> str | None:
    if fin is None:
        return None
    last = fin.find(f"{{{NS_RSM}}}set/{{{NS_RSM}}}last")
    return (last.text or None) if last is not None else None
