"""Our activity on one session: idle presence (XEP-0319), CSI (XEP-0352), XEP-0012 answers."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from slixmpp.stanza import Presence
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from client.core.activity import ActivityDecision, StatusShow
from client.core.xmpp_time import format_datetime
from client.xmpp.caps import FEATURES, register_disco
from client.xmpp.safety import guarded
from client.xmpp.session import XmppSession

log = logging.getLogger(__name__)

NS_IDLE = "urn:xmpp:idle:1"
NS_CSI = "urn:xmpp:csi:0"
NS_LAST = "jabber:iq:last"
NS_SM = "urn:xmpp:sm:3"
_STREAM_FEATURES = "{http://etherx.jabber.org/streams}features"

# Nonzas go through slixmpp's send queue as plain strings, in order with the stanzas queued
# before them; slixmpp's own send_inactive()/request_ack() use send_raw and overtake the queue
# (FIELD-NOTES §3).
_ACTIVE = f"<active xmlns='{NS_CSI}'/>"
_INACTIVE = f"<inactive xmlns='{NS_CSI}'/>"
_REQUEST_ACK = f"<r xmlns='{NS_SM}'/>"

# While inactive, slixmpp must not request XEP-0198 acks after every few stanzas of ours: any
# byte from us makes Prosody flush what it holds (FIELD-NOTES §7). One request on return instead.
_QUIET_ACK_WINDOW = 1 << 30

_SUBSCRIBED_TO_US = frozenset({"from", "both"})

# Characters XML 1.0 cannot carry (§2.2), and the C1 controls it discourages. One of them in a
# status (pasted text, a config value) would make the server close the stream, and the same
# presence would go out again on every reconnect.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class PrivacyOptions:
    """The privacy.* settings as the session needs them."""

    publish_idle: bool = True
    publish_idle_to_groupchats: bool = False
    answer_last_activity: bool = True


@dataclass(frozen=True, slots=True)
class OutgoingPresence:
    """What our broadcast presence says; ``idle_since`` (UTC) only while the user is away."""

    show: StatusShow = StatusShow.AVAILABLE
    status: str = ""
    priority: int = 0
    idle_since: datetime | None = None

    @classmethod
    def from_decision(cls, decision: ActivityDecision, priority: int = 0) -> OutgoingPresence:
        return cls(decision.show, decision.status, priority, decision.idle_since)


def idle_element(since: datetime) -> ET.Element:
    """``<idle xmlns='urn:xmpp:idle:1' since='…'/>`` with ``since`` in UTC (XEP-0319, XEP-0082)."""
    return ET.Element(f"{{{NS_IDLE}}}idle", {"since": format_datetime(since)})


def build_presence(
    xmpp: Any,
    outgoing: OutgoingPresence,
    caps: ET.Element | None,
    *,
    to: str | None = None,
    with_idle: bool = True,
) -> Presence:
    """An available presence: show, status, priority, caps and, if ``with_idle``, <idle/>.

    Only ever an available presence: unavailable and subscription stanzas are built elsewhere
    and never carry <idle/>.
    """
    pres: Presence = xmpp.make_presence(pto=to)
    if outgoing.show != StatusShow.AVAILABLE:
        pres["show"] = outgoing.show.value
    status = _NOT_XML.sub("", outgoing.status)
    if status:
        pres["status"] = status
    pres["priority"] = outgoing.priority
    if caps is not None:
        pres.xml.append(caps)
    if with_idle and outgoing.idle_since is not None:
        pres.xml.append(idle_element(outgoing.idle_since))
    return pres


class SessionActivity:
    """Keeps one session's broadcast presence and CSI state what the user's activity says.

    ``apply`` records the desired presence and CSI state and sends what differs from what this
    stream already has, in the right order: towards absence the presence goes out before
    ``<inactive/>``; on return ``<active/>`` goes out before the presence the return triggers.
    Nothing is sent while offline; the state is (re)sent on every new session and after every
    resumption, because the server's CSI state resets on both (XEP-0352 §5.2), and our presence
    may have changed while we were away.
    """

    def __init__(
        self,
        session: XmppSession,
        privacy: PrivacyOptions | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.session = session
        self.xmpp = session.xmpp
        self.privacy = privacy or PrivacyOptions()
        self._clock = clock
        self.presence = OutgoingPresence()
        self.csi_active = True
        self.online = False
        # This stream offered <csi/> in its features (XEP-0352 §4.1); read anew per stream.
        self.csi_supported = False
        # What the server was told on this stream: None when nothing (new stream, offline, or
        # no CSI support), else True for <active/> and False for <inactive/>.
        self.csi_told: bool | None = None
        self._stream_csi_offered = False
        # What the stream has: our presence as sent (idle as published) and its caps hash.
        self._presence_sent: tuple[OutgoingPresence, str] | None = None
        self.groupchats: set[str] = set()
        self.on_changed: list[Callable[[], None]] = []
        self.sent_log: list[tuple[float, str]] = []  # (monotonic, what), last few, for tests/logs
        sm = self.xmpp.plugin["xep_0198"]
        self._normal_window: int = sm.window
        self.xmpp.register_handler(
            Callback(
                "Attend stream features (CSI)",
                MatchXPath(_STREAM_FEATURES),
                guarded(self._on_features),
            )
        )
        self.xmpp.register_handler(
            Callback(
                "Attend last activity",
                MatchXPath(f"{{{self.xmpp.default_ns}}}iq/{{{NS_LAST}}}query"),
                guarded(self._on_last_activity),
            )
        )
        self.xmpp.add_event_handler("disconnected", guarded(self._on_disconnected))
        session.on_session_started.append(guarded(self._on_started))
        self._apply_keepalive()
        self._advertise()

    # -- what the service calls ---------------------------------------------------------------

    def apply_decision(self, decision: ActivityDecision) -> None:
        self.apply(
            OutgoingPresence.from_decision(decision, self.presence.priority), decision.csi_active
        )

    def apply(self, presence: OutgoingPresence, csi_active: bool) -> None:
        """Make this the desired state and send what the stream does not have yet."""
        self.presence = presence
        self.csi_active = csi_active
        self._apply_keepalive()
        if self.online:
            self._sync()
        self._changed()

    def set_privacy(self, privacy: PrivacyOptions) -> None:
        old = self.privacy
        self.privacy = privacy
        self._advertise()
        if not self.online:
            return
        # New caps or idle no longer published: the broadcast (and the rooms) at once.
        if self._send_presence_if_changed():
            return
        if self._room_idle(privacy) != self._room_idle(old):
            for room in sorted(self.groupchats):
                self._send_directed(room)

    def set_priority(self, priority: int) -> None:
        self.apply(replace(self.presence, priority=priority), self.csi_active)

    def join_groupchat(self, occupant_jid: str) -> Presence:
        """Register a joined room (``room@service/nick``); it gets our presence changes.

        Returns the directed presence to send for the join (the MUC code adds its <x/>).
        """
        self.groupchats.add(occupant_jid)
        return self.groupchat_presence(occupant_jid)

    def leave_groupchat(self, occupant_jid: str) -> None:
        self.groupchats.discard(occupant_jid)

    def groupchat_presence(self, occupant_jid: str) -> Presence:
        """Directed presence to a room: idle only with privacy.publish_idle_to_groupchats."""
        return build_presence(
            self.xmpp,
            self.presence,
            self.session.caps.element(),
            to=occupant_jid,
            with_idle=self._room_idle(self.privacy),
        )

    @staticmethod
    def _room_idle(privacy: PrivacyOptions) -> bool:
        # A sub-switch of publish_idle: with that off, no `since` goes anywhere.
        return privacy.publish_idle and privacy.publish_idle_to_groupchats

    def _answers_last_activity(self) -> bool:
        return self.privacy.answer_last_activity and self.privacy.publish_idle

    def _advertise(self) -> None:
        """Caps and disco name jabber:iq:last only while we answer it: advertising a feature
        we then refuse would itself tell that the user hides their idle time."""
        features = (
            FEATURES
            if self._answers_last_activity()
            else tuple(f for f in FEATURES if f != NS_LAST)
        )
        caps = register_disco(self.xmpp, features)
        if caps != self.session.caps:
            log.info("%s: caps now %s", self.session.options.jid, caps.ver)
            self.session.caps = caps

    async def flush(self, timeout: float = 1.0) -> bool:
        """Wait until everything queued so far is written to the socket (before a suspend)."""
        if not self.online:
            return True
        deadline = time.monotonic() + timeout
        try:
            await asyncio.wait_for(self.xmpp.waiting_queue.join(), timeout)
        except TimeoutError:
            return False
        while time.monotonic() < deadline:
            transport = self.xmpp.transport
            if transport is None or transport.get_write_buffer_size() == 0:
                return True
            await asyncio.sleep(0.01)
        return False

    # -- stream events ------------------------------------------------------------------------

    def _on_features(self, features: Any) -> None:
        # Every stream (before and after authentication, and on resumption) announces its own
        # features; the last set before the session starts is what counts.
        self._stream_csi_offered = features.xml.find(f"{{{NS_CSI}}}csi") is not None

    def _on_started(self, resumed: bool) -> None:
        self.online = True
        self.csi_supported = self._stream_csi_offered
        self.csi_told = None
        self._apply_keepalive()
        if not resumed:
            # A fresh session has no presence of ours yet and knows none of our rooms.
            self._presence_sent = None
            self.groupchats.clear()
        # The server's CSI state is active on every new or resumed stream (XEP-0352 §5.2).
        # Prosody 0.12 keeps saying "inactive" after a resumption but no longer holds anything
        # (FIELD-NOTES §7), so on resumption the state is re-sent whatever it is.
        self._sync(resend_csi=resumed)
        self._changed()

    def _on_disconnected(self, _event: Any) -> None:
        self.online = False
        self.csi_told = None
        self.csi_supported = False
        self._stream_csi_offered = False
        self._restore_ack_window(request=False)
        self._changed()

    # -- sending ------------------------------------------------------------------------------

    def _sync(self, *, resend_csi: bool = False) -> None:
        if self.csi_active:
            # <active/> first: the server flushes what it held before our presence goes out.
            self._send_csi(resend_csi)
            self._send_presence_if_changed()
        else:
            # The away presence first, then <inactive/>.
            self._send_presence_if_changed()
            self._send_csi(resend_csi)

    def _send_presence_if_changed(self) -> bool:
        outgoing = self.presence
        if not self.privacy.publish_idle:
            outgoing = replace(outgoing, idle_since=None)
        wanted = (outgoing, self.session.caps.ver)
        if self._presence_sent == wanted:
            return False
        pres = build_presence(self.xmpp, outgoing, self.session.caps.element())
        pres.send()
        self._presence_sent = wanted
        since = outgoing.idle_since
        self._record(
            f"presence {self.presence.show.value}"
            + (f" idle since {format_datetime(since)}" if since else "")
        )
        for room in sorted(self.groupchats):
            self._send_directed(room)
        return True

    def _send_directed(self, occupant_jid: str) -> None:
        self.groupchat_presence(occupant_jid).send()

    def _send_csi(self, resend: bool) -> None:
        if not self.csi_supported:
            return
        if self.csi_active:
            if self.csi_told is False or (resend and self.csi_told is None):
                self.xmpp.send(_ACTIVE)
                self.csi_told = True
                self._record("csi active")
                self._restore_ack_window(request=True)
        elif self.csi_told is not False:
            # Raised before <inactive/> is queued: nothing after it may trigger an <r/>.
            self._quiet_ack_window()
            self.xmpp.send(_INACTIVE)
            self.csi_told = False
            self._record("csi inactive")

    def _quiet_ack_window(self) -> None:
        sm = self.xmpp.plugin["xep_0198"]
        if sm.window != _QUIET_ACK_WINDOW:
            self._normal_window = sm.window
        sm.window = _QUIET_ACK_WINDOW
        sm.window_counter = _QUIET_ACK_WINDOW

    def _restore_ack_window(self, *, request: bool) -> None:
        sm = self.xmpp.plugin["xep_0198"]
        if sm.window != _QUIET_ACK_WINDOW:
            return
        sm.window = self._normal_window
        sm.window_counter = self._normal_window
        if request and sm.enabled_out and sm.unacked_queue:
            # The one ack request we held back, after <active/> (same queue, so in order).
            self.xmpp.send(_REQUEST_ACK)
            self._record("sm request ack")

    def _apply_keepalive(self) -> None:
        # XEP-0199 pings are bytes from us, and any byte flushes what the server holds
        # (FIELD-NOTES §7); kernel TCP keepalive still finds a dead connection.
        # Without CSI on this stream nothing is held back, so pings cost nothing there.
        self.session.keepalive_enabled = self.csi_active or not self.csi_supported

    def _record(self, what: str) -> None:
        log.info("%s: sent %s", self.session.options.jid, what)
        self.sent_log.append((time.monotonic(), what))
        del self.sent_log[:-50]

    def _changed(self) -> None:
        for callback in list(self.on_changed):
            try:
                callback()
            except Exception:
                log.exception("activity change callback failed")

    # -- XEP-0012 -----------------------------------------------------------------------------

    def _on_last_activity(self, iq: Any) -> None:
        kind = iq.xml.get("type", "")
        if kind in ("result", "error"):
            return  # answers to our own queries are awaited by RosterSync
        sender = iq.xml.get("from", "")
        bare = sender.partition("/")[0].lower()
        if kind != "get":
            self._reply_error(iq, "bad-request", "modify")
        elif not self._answers_last_activity():
            self._reply_error(iq, "service-unavailable", "cancel")
        elif not self._may_see_presence(bare):
            # XEP-0012 §7: only entities allowed to see our presence may learn our idle time.
            self._reply_error(iq, "forbidden", "auth")
        else:
            reply = iq.reply(clear=True)
            seconds = 0
            since = self.presence.idle_since
            if since is not None:
                seconds = max(0, int((self._clock() - since).total_seconds()))
            ET.SubElement(reply.xml, f"{{{NS_LAST}}}query", {"seconds": str(seconds)})
            reply.send()

    def _may_see_presence(self, bare: str) -> bool:
        own = self.session.options.jid.lower()
        if not bare or bare == own:
            return bool(bare)
        return self.session.subscription_of(bare) in _SUBSCRIBED_TO_US

    def _reply_error(self, iq: Any, condition: str, etype: str) -> None:
        reply = iq.reply(clear=True)
        reply["type"] = "error"
        reply["error"]["condition"] = condition
        reply["error"]["type"] = etype
        reply.send()
