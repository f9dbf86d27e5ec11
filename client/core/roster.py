"""Roster data as the xmpp layer reports it and the model shows it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from client.core.presence import ResourcePresence


class Subscription(enum.StrEnum):
    """RFC 6121 §2.1.2.5: whose presence flows where."""

    NONE = "none"
    TO = "to"  # we see theirs
    FROM = "from"  # they see ours
    BOTH = "both"
    REMOVE = "remove"

    @classmethod
    def parse(cls, text: str | None) -> Subscription:
        try:
            return cls(text or "none")
        except ValueError:
            return cls.NONE


@dataclass(frozen=True)
class RosterItem:
    """One contact of one account."""

    account: str  # bare JID of our account
    jid: str  # bare JID of the contact
    name: str
    groups: tuple[str, ...]
    subscription: Subscription
    pending_out: bool = False  # we asked to see their presence; no answer yet

    @property
    def display_name(self) -> str:
        return self.name or self.jid


@dataclass(frozen=True)
class PresenceEvent:
    """A presence of one resource of one contact; ``presence.show is Show.OFFLINE`` = gone."""

    account: str
    jid: str  # bare
    presence: ResourcePresence


@dataclass(frozen=True)
class SubscriptionRequest:
    """Someone asks to see our presence; only the user answers it (RFC 6121 §3.1.3)."""

    account: str
    jid: str
    message: str
    received_at: datetime


@dataclass(frozen=True)
class LastActivityResult:
    """The answer to an explicit XEP-0012 query from the context menu."""

    account: str
    jid: str
    seconds: int | None  # None: no answer, or the contact's server refused
    status: str
    queried_at: datetime
    error: str = ""
