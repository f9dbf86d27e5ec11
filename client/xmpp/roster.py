"""Roster and contacts' presence for one session: fetch, pushes, subscriptions, caps, XEP-0012."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Protocol

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout, XMPPError
from slixmpp.stanza import Presence
from slixmpp.xmlstream import ET

from client.core.presence import ResourcePresence, Show
from client.core.roster import (
    LastActivityResult,
    PresenceEvent,
    RosterItem,
    Subscription,
    SubscriptionRequest,
)
from client.xmpp.presence_parse import NS_IDLE, log_once, parse_presence, split_jid
from client.xmpp.safety import guarded, guarded_hook
from client.xmpp.session import XmppSession

log = logging.getLogger(__name__)


class RosterListener(Protocol):
    """What the services layer hears from the roster side of a session."""

    def roster_received(self, account: str, items: list[RosterItem], full: bool) -> None: ...
    def roster_removed(self, account: str, jid: str) -> None: ...
    def presence_received(self, event: PresenceEvent) -> None: ...
    def subscription_requested(self, request: SubscriptionRequest) -> None: ...
    def last_activity_received(self, result: LastActivityResult) -> None: ...
    def connection_marked(self, account: str, phase: str) -> None:
        """``stale`` on disconnect, ``resumed`` after resumption, ``fresh`` on a new session."""


class RosterSync:
    """Keeps the listener's view of roster and presence right across drops and resumptions.

    slixmpp wipes its roster presence on any disconnect, even when the stream is then resumed
    and the server re-sends nothing (FIELD-NOTES §3), so we never read presence back from it:
    everything goes to the listener as it arrives.
    """

    def __init__(self, session: XmppSession, listener: RosterListener) -> None:
        self.session = session
        self.xmpp = session.xmpp
        self.account = session.options.jid
        self.listener = listener
        self._caps: dict[str, tuple[bool | None, str | None]] = {}  # ver -> features
        # Presences that arrived while their caps were being discovered, re-announced once the
        # answer is in (only the latest per resource; a newer presence replaces the entry).
        self._caps_pending: dict[str, dict[tuple[str, str], ResourcePresence]] = {}
        self._waiting_for: dict[tuple[str, str], str] = {}  # (bare, resource) -> ver
        self._tasks: set[asyncio.Task[Any]] = set()
        x = self.xmpp
        # Contacts' available/unavailable presence comes through the session's hook, ahead of
        # slixmpp's dispatch; everything else (subscriptions, errors) takes the normal path.
        session.presence_hook = guarded_hook(self._on_presence_xml)
        x.add_event_handler("presence_subscribe", guarded(self._on_subscribe))
        x.add_event_handler("disconnected", guarded(self._on_disconnected))
        session.on_roster.append(guarded(self._on_roster))
        session.on_session_started.append(guarded(self._on_session_started))

    # -- session phases -----------------------------------------------------------------------

    def _on_disconnected(self, _event: Any) -> None:
        self.listener.connection_marked(self.account, "stale")

    def _on_session_started(self, resumed: bool) -> None:
        # The session itself has already asked for the roster (before our presence went out).
        self.listener.connection_marked(self.account, "resumed" if resumed else "fresh")

    def _on_roster(self, items: list[RosterItem], full: bool) -> None:
        if full:
            self.listener.roster_received(self.account, items, True)
            return
        changed = []
        for item in items:
            if item.subscription == Subscription.REMOVE:
                self.listener.roster_removed(self.account, item.jid)
            else:
                changed.append(item)
        if changed:
            self.listener.roster_received(self.account, changed, False)

    # -- presence -----------------------------------------------------------------------------

    def _on_presence_xml(self, xml: ET.Element) -> bool:
        """Handle an available/unavailable presence; False leaves any other kind to slixmpp."""
        now = datetime.now(UTC)
        parsed = parse_presence(xml, now, self._caps_lookup)
        if parsed is None:
            return False
        bare, presence = parsed
        if bare == self.account:
            if presence.resource == self.xmpp.boundjid.resource:
                return True  # our own broadcast reflected back
        elif self.session.roster_known.is_set() and bare not in self.session.roster:
            # Directed presence from someone not in our roster: nothing shows it, and keeping
            # it would let any stranger grow our presence cache without bound.
            log_once(bare, "presence from a non-contact", "")
            return True
        key = (bare, presence.resource)
        previous_ver = self._waiting_for.pop(key, None)
        if previous_ver is not None:
            self._caps_pending.get(previous_ver, {}).pop(key, None)
        if presence.supports_idle is None and presence.show is not Show.OFFLINE:
            c = xml.find("{http://jabber.org/protocol/caps}c")
            ver = c.get("ver", "") if c is not None else ""
            if ver in self._caps_pending:
                self._caps_pending[ver][key] = presence
                self._waiting_for[key] = ver
        self.listener.presence_received(PresenceEvent(self.account, bare, presence))
        return True

    def _caps_lookup(self, full_jid: str, node: str, ver: str) -> tuple[bool | None, str | None]:
        if not ver:
            return None, None
        known = self._caps.get(ver)
        if known is not None:
            return known
        if ver not in self._caps_pending:
            self._caps_pending[ver] = {}
            self._spawn(self._discover(full_jid, node, ver))
        return None, None

    async def _discover(self, full_jid: str, node: str, ver: str) -> None:
        """Learn once per caps hash whether that client publishes idle (XEP-0115 §6.2)."""
        try:
            info = await self.xmpp.plugin["xep_0030"].get_info(
                jid=JID(full_jid), node=f"{node}#{ver}" if node else None, timeout=20
            )
            query = info.xml.find("{http://jabber.org/protocol/disco#info}query")
            features = (
                {
                    f.get("var", "")
                    for f in query.iter("{http://jabber.org/protocol/disco#info}feature")
                }
                if query is not None
                else set()
            )
            name = None
            if query is not None:
                for identity in query.iter("{http://jabber.org/protocol/disco#info}identity"):
                    if identity.get("category") == "client":
                        name = (identity.get("name") or "").strip()[:100] or None
            self._caps[ver] = (NS_IDLE in features, name)
        except (IqError, IqTimeout, XMPPError) as exc:
            log.debug("caps query to %s failed: %s", full_jid, exc)
            self._caps[ver] = (None, None)
        finally:
            waiting = self._caps_pending.pop(ver, {})
        supports_idle, client_name = self._caps[ver]
        for (bare, resource), presence in waiting.items():
            self._waiting_for.pop((bare, resource), None)
            if supports_idle is None and client_name is None:
                continue
            updated = replace(presence, supports_idle=supports_idle, client_name=client_name)
            self.listener.presence_received(PresenceEvent(self.account, bare, updated))

    # -- subscriptions (never answered automatically) -----------------------------------------

    def _on_subscribe(self, pres: Presence) -> None:
        bare, _ = split_jid(pres.xml.get("from", ""))
        if not bare:
            return
        message = _child_text(pres.xml, "status")[:500]
        self.listener.subscription_requested(
            SubscriptionRequest(self.account, bare, message, datetime.now(UTC))
        )

    def accept_subscription(self, jid: str) -> None:
        self.xmpp.send_presence(pto=jid, ptype="subscribed")
        self.xmpp.send_presence(pto=jid, ptype="subscribe")  # and ask for theirs back

    def deny_subscription(self, jid: str) -> None:
        self.xmpp.send_presence(pto=jid, ptype="unsubscribed")

    # -- roster edits -------------------------------------------------------------------------

    async def add_contact(self, jid: str, name: str = "", groups: tuple[str, ...] = ()) -> None:
        await self._roster_set(jid, name=name, groups=groups)
        self.xmpp.send_presence(pto=jid, ptype="subscribe")

    async def update_contact(self, jid: str, name: str, groups: tuple[str, ...]) -> None:
        await self._roster_set(jid, name=name, groups=groups)

    async def remove_contact(self, jid: str) -> None:
        await self._roster_set(jid, remove=True)

    async def _roster_set(
        self, jid: str, name: str = "", groups: tuple[str, ...] = (), remove: bool = False
    ) -> None:
        iq = self.xmpp.make_iq_set()
        query = ET.SubElement(iq.xml, "{jabber:iq:roster}query")
        item = ET.SubElement(query, "{jabber:iq:roster}item", {"jid": jid})
        if remove:
            item.set("subscription", "remove")
        else:
            if name:
                item.set("name", name)
            for group in groups:
                ET.SubElement(item, "{jabber:iq:roster}group").text = group
        await iq.send(timeout=20)  # type: ignore[no-untyped-call]

    # -- XEP-0012, asked explicitly by the user -----------------------------------------------

    async def query_last_activity(self, jid: str) -> LastActivityResult:
        now = datetime.now(UTC)
        iq = self.xmpp.make_iq_get(queryxmlns="jabber:iq:last", ito=jid)
        try:
            reply = await iq.send(timeout=20)  # type: ignore[no-untyped-call]
        except IqError as exc:
            result = LastActivityResult(
                self.account, jid, None, "", now, error=exc.iq["error"]["condition"] or "error"
            )
        except IqTimeout:
            result = LastActivityResult(self.account, jid, None, "", now, error="no answer")
        else:
            query = reply.xml.find("{jabber:iq:last}query")
            seconds: int | None = None
            status = ""
            if query is not None:
                try:
                    seconds = max(0, int(query.get("seconds", "")))
                except ValueError:
                    seconds = None
                status = (query.text or "").strip()[:500]
            result = LastActivityResult(self.account, jid, seconds, status, now)
        self.listener.last_activity_received(result)
        return result

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        if self.session.presence_hook is not None:
            self.session.presence_hook = None
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


def _child_text(xml: ET.Element, name: str) -> str:
    child = xml.find("{jabber:client}" + name)
    return (child.text or "").strip() if child is not None and child.text else ""


def offline_event(account: str, jid: str, resource: str, at: datetime) -> PresenceEvent:
    """A synthetic 'resource gone' event (e.g. for a stale resource after a fresh session)."""
    return PresenceEvent(
        account,
        jid,
        ResourcePresence(
            resource=resource,
            show=Show.OFFLINE,
            status="",
            priority=0,
            idle_since=None,
            idle_source=None,
            supports_idle=None,
            received_at=at,
            delay_stamp=None,
        ),
    )
