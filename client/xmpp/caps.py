"""Our own XEP-0115 entity capabilities: what we advertise (recomputed when a privacy switch
changes what we answer), answered by disco."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from slixmpp.xmlstream import ET

from client import APP_NAME

CAPS_NODE = "https://attend.im/caps"
CLIENT_IDENTITY = ("client", "pc", "", APP_NAME)  # category, type, lang, name
FEATURES = (
    "http://jabber.org/protocol/caps",
    "http://jabber.org/protocol/disco#info",
    "urn:xmpp:idle:1",  # XEP-0319 §5: tell contacts our idle reports can be trusted
    "urn:xmpp:ping",
    "jabber:iq:last",
    "urn:xmpp:receipts",  # XEP-0184 §5: senders may only ask for receipts we advertise
    "http://jabber.org/protocol/chatstates",  # XEP-0085 §11
    "urn:xmpp:carbons:2",
)


@dataclass(frozen=True)
class Caps:
    node: str
    ver: str

    def element(self) -> ET.Element:
        return ET.Element(
            "{http://jabber.org/protocol/caps}c",
            {"hash": "sha-1", "node": self.node, "ver": self.ver},
        )


def verification_string(identities: list[tuple[str, str, str, str]], features: list[str]) -> str:
    """XEP-0115 §5.1 (no extended forms)."""
    parts = sorted("/".join(identity) for identity in identities)
    return "<".join(parts) + "<" + "<".join(sorted(set(features))) + "<"


def compute_caps(features: tuple[str, ...] = FEATURES) -> Caps:
    s = verification_string([CLIENT_IDENTITY], list(features))
    ver = base64.b64encode(hashlib.sha1(s.encode()).digest()).decode()
    return Caps(CAPS_NODE, ver)


def register_disco(xmpp: object, features: tuple[str, ...] = FEATURES) -> Caps:
    """Make disco#info answer for our JID and for node#ver with the same identity and features.

    Called again with other features (a privacy switch changed), our JID answers with exactly
    the new set; the old node#ver keeps answering what its hash stands for.
    """
    caps = compute_caps(features)
    disco = xmpp.plugin["xep_0030"]  # type: ignore[attr-defined]
    category, itype, _lang, name = CLIENT_IDENTITY
    for dropped in sorted(set(FEATURES) - set(features)):
        disco.del_feature(node=None, feature=dropped)
    for node in (None, f"{caps.node}#{caps.ver}"):
        disco.add_identity(category=category, itype=itype, name=name, node=node)
        for feature in features:
            disco.add_feature(feature, node=node)
    return caps
