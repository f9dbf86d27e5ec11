"""Roster items read straight from the XML (RFC 6121 §2.1), once, for every consumer."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from client.core.roster import RosterItem, Subscription
from client.xmpp.presence_parse import split_jid

NS_ROSTER = "jabber:iq:roster"
_ITEM = f"{{{NS_ROSTER}}}item"
_GROUP = f"{{{NS_ROSTER}}}group"
_SUBSCRIPTIONS = {s.value: s for s in Subscription}


def parse_roster_items(xml: ET.Element, account: str) -> list[RosterItem]:
    """Every valid item under ``xml`` (an IQ result or push); junk items are skipped."""
    items = []
    for element in xml.iter(_ITEM):
        jid = element.get("jid", "")
        if not jid or "/" in jid:
            continue
        groups: tuple[str, ...] = ()
        group_elements = element.findall(_GROUP)
        if group_elements:
            groups = tuple(sorted({(g.text or "").strip() for g in group_elements} - {""}))
        items.append(
            RosterItem(
                account=account,
                jid=split_jid(jid)[0],
                name=(element.get("name") or "").strip()[:200],
                groups=groups,
                subscription=_SUBSCRIPTIONS.get(element.get("subscription") or "none")
                or Subscription.NONE,
                pending_out=element.get("ask") == "subscribe",
            )
        )
    return items
