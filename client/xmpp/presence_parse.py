"""Incoming presence read straight from the XML, tolerant of anything a contact may send."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime

from client.core.presence import IdleSource, ResourcePresence, Show, idle_since_from_seconds
from client.core.xmpp_time import parse_datetime

log = logging.getLogger(__name__)

NS_CLIENT = "{jabber:client}"
IDLE = "{urn:xmpp:idle:1}idle"
DELAY = "{urn:xmpp:delay}delay"
LAST = "{jabber:iq:last}query"
CAPS = "{http://jabber.org/protocol/caps}c"
NS_IDLE = "urn:xmpp:idle:1"

# A contact sending the same bad value with every presence gets one log line, not thousands.
_MAX_LOGGED = 1024
_logged_bad: set[tuple[str, str]] = set()


def log_once(jid: str, what: str, value: str) -> None:
    key = (jid, what + value[:100])
    if key in _logged_bad:
        return
    if len(_logged_bad) >= _MAX_LOGGED:
        _logged_bad.clear()
    _logged_bad.add(key)
    log.info("ignoring malformed %s from %s: %r", what, jid, value[:100])


def split_jid(text: str) -> tuple[str, str]:
    """(bare, resource) without slixmpp's JID class (whose compiled variant rejects some input).

    Bare JIDs compare case-insensitively in their domain and (after nodeprep) localpart; the
    resource is case-sensitive (RFC 7622 §3).
    """
    bare, _, resource = text.partition("/")
    return bare.lower(), resource


CapsLookup = Callable[[str, str, str], tuple[bool | None, str | None]]
"""(full jid, caps node, ver) -> (supports urn:xmpp:idle:1, client name), None when unknown."""


def parse_presence(
    xml: ET.Element, received_at: datetime, caps: CapsLookup | None = None
) -> tuple[str, ResourcePresence] | None:
    """(bare jid, presence) for an available/unavailable presence; None for anything else.

    Never raises for any element: every field falls back to a neutral value.
    """
    ptype = xml.get("type", "")
    if ptype not in ("", "unavailable"):
        return None
    sender = xml.get("from", "")
    if not sender:
        return None
    bare, resource = split_jid(sender)
    available = ptype == ""

    show_text = _child_text(xml, "show")
    if show_text and show_text not in ("chat", "away", "xa", "dnd"):
        log_once(bare, "show", show_text)
    show = Show.from_xmpp(show_text, available)
    status = _child_text(xml, "status")[:2000]
    priority = 0
    priority_text = _child_text(xml, "priority")
    if priority_text:
        try:
            priority = max(-128, min(127, int(priority_text)))
        except ValueError:
            log_once(bare, "priority", priority_text)

    delay_stamp = None
    delay = xml.find(DELAY)
    if delay is not None:
        raw = delay.get("stamp", "")
        delay_stamp = parse_datetime(raw)
        if delay_stamp is None:
            log_once(bare, "delay stamp", raw)
        elif delay_stamp > received_at:
            delay_stamp = received_at  # a stamp from the future says nothing more than "now"

    idle_since = None
    idle_source = None
    idle = xml.find(IDLE)
    if idle is not None and available:
        raw = idle.get("since", "")
        idle_since = parse_datetime(raw)
        if idle_since is None:
            log_once(bare, "idle since", raw)
        else:
            idle_source = IdleSource.XEP_0319
    last = xml.find(LAST)
    if idle_since is None and last is not None and available:
        # XEP-0256 fallback: seconds of idleness when the presence was sent, which the XEP-0203
        # stamp dates when the server held it back.
        raw = last.get("seconds", "")
        try:
            seconds = int(raw)
            if not 0 <= seconds < 10 * 365 * 86400:
                raise ValueError(raw)
        except ValueError:
            log_once(bare, "last activity seconds", raw)
        else:
            idle_since = idle_since_from_seconds(seconds, delay_stamp, received_at)
            idle_source = IdleSource.XEP_0256

    supports_idle: bool | None = None
    client_name: str | None = None
    c = xml.find(CAPS)
    if c is not None and caps is not None:
        supports_idle, client_name = caps(sender, c.get("node", ""), c.get("ver", ""))
    if idle_source is IdleSource.XEP_0319:
        supports_idle = True  # it just sent one

    return bare, ResourcePresence(
        resource=resource,
        show=show,
        status=status,
        priority=priority,
        idle_since=idle_since,
        idle_source=idle_source,
        supports_idle=supports_idle,
        received_at=received_at,
        delay_stamp=delay_stamp,
        client_name=client_name,
    )


def _child_text(xml: ET.Element, name: str) -> str:
    child = xml.find(NS_CLIENT + name)
    if child is None:
        child = xml.find(name)
    return (child.text or "").strip() if child is not None else ""
