"""Per-resource presence, idle arithmetic and the one-presence-per-contact rule."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import MappingProxyType

__all__ = [
    "KNOWN_SHOW_VALUES",
    "ContactPresence",
    "IdleSource",
    "ResourcePresence",
    "Show",
    "choose_primary",
    "effective_idle_since",
    "idle_since_from_seconds",
    "is_at_keyboard",
]

# ---------------------------------------------------------------------------------------
# The primary-presence rule (choose_primary). A contact may be online from several
# resources at once; the roster shows one. We want the one that best answers "is this
# person at a keyboard right now, and if not, since when not?", never the one the server
# would route a bare-JID message to (that is RFC 6121 §8.5 priority routing, a different
# question).
#
#  1. At the keyboard: the resource says chat, available or dnd, carries no idle, and is
#     known (from its caps, urn:xmpp:idle:1) to report idle. XEP-0319 §2.2: such a client
#     drops <idle/> when the user comes back, so its silence is evidence of activity.
#     Any such resource beats everything else.
#  2. Everything else is split by what its <show/> claims: "present" (chat, available, dnd)
#     before "absent" (away, xa). A show the user or client chose is the only signal we
#     have from clients that never send idle, so an available resource of unknown activity
#     beats one that has been idle for two days behind an auto-"xa": showing "idle 2 days"
#     while the person may be typing on their phone would be the worse lie.
#  3. Within a show class, a resource reporting idle beats one that reports nothing (no
#     support, or support unknown): a timestamp is evidence, silence is not; among idle
#     resources the most recently active (latest effective since) wins. So a forgotten
#     always-"available" desktop without idle support cannot hide the idle time of a client
#     in the same class that does report it.
#  4. Ties: show rank dnd > chat > available > away > xa (dnd is always set deliberately,
#     and hiding it behind an "available" from another device invites exactly the
#     interruption the user asked to avoid); then higher priority (negative priorities
#     count too, RFC 6121 §4.7.2.3 only limits routing); then the most recently received
#     presence; then the resource name, so the choice is deterministic.
# Resources whose show is OFFLINE are ignored; no resources at all gives None.
# ---------------------------------------------------------------------------------------


class Show(enum.Enum):
    """What a resource's presence says about availability (RFC 6121 §4.7.2.1)."""

    CHAT = "chat"
    AVAILABLE = "available"
    AWAY = "away"
    XA = "xa"
    DND = "dnd"
    OFFLINE = "offline"

    @classmethod
    def from_xmpp(cls, show: str | None, available: bool) -> Show:
        """Map a <show/> value; never raises.

        An unavailable presence is OFFLINE whatever its show says. A missing show is
        AVAILABLE (RFC 6121 §4.7.2.1), and so is an unknown one, which the caller should log
        (check it against KNOWN_SHOW_VALUES): a peer that speaks the protocol badly is still
        online.
        """
        if not available:
            return cls.OFFLINE
        if not isinstance(show, str):
            return cls.AVAILABLE
        return _FROM_XMPP.get(show.strip().lower(), cls.AVAILABLE)

    def to_xmpp(self) -> str:
        """The <show/> text to send: "" for AVAILABLE (send no <show/> at all).

        OFFLINE also gives "": going offline is expressed by type="unavailable"
        (RFC 6121 §4.5), not by a show value; the caller must send that instead.
        """
        return _TO_XMPP.get(self, "")


_TO_XMPP: dict[Show, str] = {Show.CHAT: "chat", Show.AWAY: "away", Show.XA: "xa", Show.DND: "dnd"}
_FROM_XMPP: dict[str, Show] = {text: show for show, text in _TO_XMPP.items()}

# The only <show/> values RFC 6121 §4.7.2.1 defines; anything else deserves a log line.
KNOWN_SHOW_VALUES: frozenset[str] = frozenset(_FROM_XMPP)


class IdleSource(enum.Enum):
    """Where a resource's idle time came from, best first."""

    XEP_0319 = "idle element"
    XEP_0256 = "last activity seconds in presence, fallback"
    XEP_0012 = "explicit query, fallback"


@dataclass(frozen=True, slots=True)
class ResourcePresence:
    """One resource's latest presence, as received. All datetimes are aware UTC."""

    resource: str
    show: Show
    status: str
    priority: int
    idle_since: datetime | None
    idle_source: IdleSource | None
    # From caps: does the client advertise urn:xmpp:idle:1? None means not known yet.
    supports_idle: bool | None
    received_at: datetime
    delay_stamp: datetime | None
    client_name: str | None = None


def effective_idle_since(p: ResourcePresence, now: datetime) -> datetime | None:
    """The idle start to display at ``now``: the stored value, clamped to ``now``.

    A since in the future can only be the sender's clock running ahead; clamping makes it
    read "just now" instead of a negative duration. The raw value stays stored and this is
    evaluated at display time, so once real time passes it the true value shows through and
    a skewed stamp never gets stuck.
    """
    if p.idle_since is None:
        return None
    return min(p.idle_since, now)


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def idle_since_from_seconds(
    seconds: int, delay_stamp: datetime | None, received_at: datetime
) -> datetime:
    """Turn XEP-0256 / XEP-0012 "seconds idle" into an absolute idle start.

    XEP-0256 §1: the seconds mean "when I sent this presence I had last been active that
    long ago", so they count back from when it was sent; XEP-0203 delay says when that was
    for a presence the server held back, otherwise arrival is the best estimate (for an
    XEP-0012 reply, pass no delay). A delay stamp later than arrival is the server's clock
    running ahead and is clamped to arrival. Negative seconds count as zero and a count
    reaching before year 1 gives the earliest datetime, so junk from the network never
    raises here.

    Note XEP-0256 §1.1: on *initial* presence the seconds say when the previous session
    ended, not how long the user has been idle; deciding which case applies is the caller's.
    """
    sent_at = received_at if delay_stamp is None else min(delay_stamp, received_at)
    seconds = max(seconds, 0)
    try:
        return sent_at - timedelta(seconds=seconds)
    except OverflowError:
        return _EARLIEST


# Show rank for ties (step 4 of the rule above); lower sorts first.
_SHOW_RANK: dict[Show, int] = {
    Show.DND: 0,
    Show.CHAT: 1,
    Show.AVAILABLE: 2,
    Show.AWAY: 3,
    Show.XA: 4,
    Show.OFFLINE: 5,
}
_PRESENT_SHOWS = frozenset({Show.CHAT, Show.AVAILABLE, Show.DND})


def is_at_keyboard(p: ResourcePresence) -> bool:
    """Step 1 of the rule: present show, no idle, from a client known to report idle."""
    return p.supports_idle is True and p.idle_since is None and p.show in _PRESENT_SHOWS


def _sort_key(
    p: ResourcePresence, now: datetime
) -> tuple[int, int, timedelta, int, int, timedelta, str]:
    if is_at_keyboard(p):
        tier = 0
    elif p.show in _PRESENT_SHOWS:
        tier = 1
    else:
        tier = 2
    since = effective_idle_since(p, now)
    # Latest first under min(): negate the distance from a fixed origin (timedelta, not
    # float seconds, which would lose microseconds this far from the origin).
    recency = timedelta(0) if since is None else -(since - _EARLIEST)
    return (
        tier,
        0 if since is not None else 1,
        recency,
        _SHOW_RANK[p.show],
        -p.priority,
        -(p.received_at - _EARLIEST),
        p.resource,
    )


def choose_primary(resources: Iterable[ResourcePresence], now: datetime) -> ResourcePresence | None:
    """Pick the one resource that represents the contact in the roster at ``now``.

    The rule, best first (details and reasons in the comment block at the top of
    this module):

    1. At the keyboard: chat/available/dnd, no idle, client known to report idle
       (supports_idle is True). Beats everything.
    2. Then resources whose show claims presence (chat, available, dnd), then those
       claiming absence (away, xa); clients of unknown idle support rank by their show.
    3. Within each of those classes, resources reporting idle first, the latest effective
       idle start (clamped to ``now``) winning; resources reporting nothing after them.
    4. Ties: show dnd > chat > available > away > xa, then higher priority (negative
       ones included), then latest received_at, then resource name.

    OFFLINE entries are ignored; returns None when nothing is left.
    """
    online = [p for p in resources if p.show is not Show.OFFLINE]
    if not online:
        return None
    return min(online, key=lambda p: _sort_key(p, now))


class ContactPresence:
    """The live resources of one contact, plus when they were last seen online.

    Pure state: the xmpp layer feeds it parsed presences, the models layer asks for the
    primary resource. Stale marking follows XEP-0198 life cycles: on a disconnect every
    resource is kept but marked stale; a resumed stream keeps them (unmark_stale); a fresh
    session re-announces live resources via update(), and clear_stale() then drops the rest
    (slixmpp wipes its own roster presence on every disconnect, so we cannot rely on it).
    """

    def __init__(self) -> None:
        self._resources: dict[str, ResourcePresence] = {}
        self._stale: set[str] = set()
        self._stale_since: datetime | None = None
        self._last_seen: datetime | None = None
        self._last_status = ""

    @property
    def resources(self) -> Mapping[str, ResourcePresence]:
        return MappingProxyType(self._resources)

    @property
    def last_seen(self) -> datetime | None:
        """When the contact's last resource went offline, or None if never observed.

        Kept while they are online again; the UI shows it only when primary() is None.
        """
        return self._last_seen

    @property
    def last_status(self) -> str:
        """The status message of the unavailable presence that took the last resource away.

        RFC 6121 §4.5.1 lets it say why ("Travelling, back next week"): worth showing while
        the contact is offline. Cleared when a resource comes online.
        """
        return self._last_status

    @property
    def stale(self) -> frozenset[str]:
        """Resources kept from before a disconnect that have not been confirmed since."""
        return frozenset(self._stale)

    def update(self, p: ResourcePresence) -> None:
        """Store a resource's new presence; an OFFLINE one removes the resource."""
        if p.show is Show.OFFLINE:
            self.remove(p.resource, p.received_at, p.delay_stamp, p.status)
            return
        self._resources[p.resource] = p
        self._stale.discard(p.resource)
        self._last_status = ""

    def remove(
        self,
        resource: str,
        received_at: datetime,
        delay_stamp: datetime | None = None,
        status: str = "",
    ) -> None:
        """Handle an unavailable presence from ``resource``.

        When no resource is left, last_seen becomes the delay stamp (XEP-0203: when the
        server got it) or, for a resource we saw online, the arrival time. An unstamped
        unavailable for a resource we never saw is no evidence of when they left: servers
        answer a probe for an offline contact that way (RFC 6121 §4.3.2; Prosody 0.12 adds no
        stamp), and using its arrival time would claim "last seen just now" for someone gone
        for days. A stamp after arrival is clock skew and is clamped to arrival, and
        last_seen never moves backwards: a replayed old unavailable presence must not make
        someone look gone for longer than they are.
        """
        was_online = self._resources.pop(resource, None) is not None
        self._stale.discard(resource)
        if self._resources:
            return
        self._last_status = status
        if delay_stamp is not None:
            self._set_last_seen(min(delay_stamp, received_at))
        elif was_online:
            self._set_last_seen(received_at)

    def primary(self, now: datetime) -> ResourcePresence | None:
        """The resource to show for this contact at ``now`` (see choose_primary)."""
        return choose_primary(self._resources.values(), now)

    def mark_stale(self, at: datetime) -> None:
        """Our stream went down at ``at``: keep every resource, but as unconfirmed."""
        self._stale = set(self._resources)
        # A second drop before any new session must not move the time we lost sight.
        if self._stale_since is None:
            self._stale_since = at

    def unmark_stale(self) -> None:
        """The stream was resumed (XEP-0198 §5): nothing is re-sent, everything still holds."""
        self._stale.clear()
        self._stale_since = None

    def clear_stale(self) -> None:
        """A fresh session finished its initial presence: drop resources not re-announced.

        If that leaves nobody, last_seen becomes the moment our stream went down: they were
        online then, and we cannot know how much later they left.
        """
        for resource in self._stale:
            self._resources.pop(resource, None)
        if self._stale and not self._resources and self._stale_since is not None:
            self._set_last_seen(self._stale_since)
        self._stale.clear()
        self._stale_since = None

    def _set_last_seen(self, at: datetime) -> None:
        if self._last_seen is None or at > self._last_seen:
            self._last_seen = at
