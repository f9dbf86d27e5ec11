"""The roster as one flat, sorted Qt list model with header rows, fed in batches.

Layout (top to bottom, per account in the order accounts were first seen):

    account header          alice@example.org                     (always shown)
      requests header       Subscription requests                 (only while some are pending)
        request row         carol@example.net
      group header          Family                                (roster groups, A→Z by casefold)
        contact row         Bob
      group header          Work
        contact row         Bob                                   (same contact, second group)
      group header          Contacts                              (pseudo-group, last)
        contact row         dave@example.com

Decisions:
- A contact in several groups gets one row per group; all of its rows show the same presence.
- Contacts without a group sit in the pseudo-group "Contacts" (internally the group ""), which
  sorts after every named group; a real group literally named "Contacts" stays a separate one.
- Group headers are hidden when nothing under them is shown (filter, hidden offline contacts).
- The quick filter matches per row, case-insensitively: the contact's name, its bare JID, or
  the name of the group the row is under. While a filter is set, matching offline contacts are
  shown even if offline contacts are hidden (searching must find them).
- Sort modes (SortMode, the values of the "roster.sort" setting): STATUS (available/chat, dnd,
  away or idle, xa, offline, then name), NAME (casefold, then JID), ACTIVITY (at the keyboard
  or no idle reported first by status, then idle by latest idle start, then offline by latest
  last-seen, then never seen; name breaks ties).
- An offline contact's row shows the status message of their last unavailable presence
  ("Travelling, back next week"), and the tooltip says "Offline: “…”".
- Unread message counts (set_unread_counts, fed by the chat service) are a role of their own
  (UNREAD, a badge in the delegate, a line in the tooltip and accessible description); they
  never move a row, so a change is one dataChanged for that contact's rows.

Presence lives apart from the rows (Kaidan-style): one core.presence.ContactPresence per
(account, bare JID), including JIDs not (yet) in the roster, and each row shows
choose_primary() of it. apply_presence_batch() applies a whole batch and then makes ONE model
update: if no row moves and none appears or disappears, dataChanged for the affected rows
(contiguous rows merged into one range); otherwise one layoutAboutToBeChanged/layoutChanged
pair with persistent indexes (selection, current row) carried over. Structural calls
(set_roster, update_items, filters…) use the same layout change.

Time: the model never reads the wall clock itself; ``clock`` is injected and every text is
computed at data() time from it. Idle and last-seen markers are relative ("idle 12 min"), so
they change only at the minute/hour/day steps of core.idle_text; the view reports which rows
are visible (set_visible_rows) and a single-shot timer fires exactly at the next step of a
visible row, emitting dataChanged only for visible rows whose marker text changed. Work per
tick is proportional to the visible rows, not the roster. Tooltips (absolute local times,
"yesterday", weekdays) are built only when asked, so they are always current.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont

from client.core.idle_text import next_change_in, relative_parts
from client.core.presence import (
    ContactPresence,
    ResourcePresence,
    Show,
    idle_since_from_seconds,
)
from client.core.roster import (
    LastActivityResult,
    PresenceEvent,
    RosterItem,
    Subscription,
    SubscriptionRequest,
)
from client.models import roster_text as text
from client.models.roster_icons import icon_for, status_icon

__all__ = ["RosterModel", "RosterRole", "RowKind", "SortMode"]


class SortMode(enum.StrEnum):
    STATUS = "status"
    NAME = "name"
    ACTIVITY = "activity"


class RowKind(enum.Enum):
    ACCOUNT = "account"  # header
    GROUP = "group"  # header (a roster group or the "Contacts" pseudo-group)
    REQUESTS = "requests"  # header of pending subscription requests
    CONTACT = "contact"
    REQUEST = "request"  # someone asking to see our presence


HEADER_KINDS = frozenset({RowKind.ACCOUNT, RowKind.GROUP, RowKind.REQUESTS})


class RosterRole(enum.IntEnum):
    """Custom roles; values are stable for QML and tests."""

    KIND = 0x101  # RowKind
    ACCOUNT = 0x102  # str, bare JID of the account (every row)
    JID = 0x103  # str, bare JID of the contact / requester ("" for headers)
    GROUP = 0x104  # str, the group this row is under ("" = the pseudo-group "Contacts")
    IS_HEADER = 0x105  # bool
    SHOW = 0x106  # core.presence.Show of the primary resource (OFFLINE when none)
    STATUS_MESSAGE = 0x107  # str (request rows: the requester's message)
    IDLE_SECONDS = 0x108  # int seconds idle, >= 0, or None when not idle
    IS_IDLE = 0x109  # bool: the primary resource reports an idle time
    MARKER = 0x10A  # str: "idle 12 min" / "last seen 3 h ago" / ""
    RESOURCE = 0x10B  # str: the primary resource the row is based on ("" when offline)
    IS_STALE = 0x10C  # bool: the primary resource is not confirmed since our stream dropped
    HAS_REQUEST = 0x10D  # bool: this JID asks to see our presence (accept/deny in the menu)
    SUBSCRIPTION = 0x10E  # core.roster.Subscription (contacts only)
    COLLAPSED = 0x10F  # bool (headers)
    COUNTS = 0x110  # str "3/10" online/total (account and group headers)
    LAST_SEEN = 0x111  # datetime | None (offline contacts)
    UNREAD = 0x112  # int: unread incoming messages from this contact (0 for other rows)


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE_DESCRIPTION = int(Qt.ItemDataRole.AccessibleDescriptionRole)
_FONT = int(Qt.ItemDataRole.FontRole)

_REQUESTS_GROUP = "\x00requests"  # never a real group name: XML cannot carry NUL

# STATUS sort rank; idle available/chat ranks with away.
_STATUS_RANK: dict[Show, int] = {
    Show.CHAT: 0,
    Show.AVAILABLE: 0,
    Show.DND: 1,
    Show.AWAY: 2,
    Show.XA: 3,
}
_OFFLINE_RANK = 4
_NO_PRESENCE: dict[str, ContactPresence] = {}
_MAX_TIMER_MS = 24 * 3600 * 1000
_TIMER_SLACK_MS = 5  # fire just after the step, never just before it


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _normalize_groups(groups: tuple[str, ...]) -> tuple[str, ...]:
    if len(groups) <= 1:  # the common cases, kept cheap for 20,000-item loads
        name = groups[0].strip() if groups else ""
        return (name,)
    seen: dict[str, None] = {}
    for group in groups:
        name = group.strip()
        if name and name not in seen:
            seen[name] = None
    return tuple(seen) or ("",)


class _Row:
    """One row; objects are kept while their thing exists, so identity survives relayouts."""

    __slots__ = ("account", "contact", "group", "index", "kind", "request")

    def __init__(
        self,
        kind: RowKind,
        account: str,
        group: str = "",
        contact: _Contact | None = None,
        request: SubscriptionRequest | None = None,
    ) -> None:
        self.kind = kind
        self.account = account
        self.group = group
        self.contact = contact
        self.request = request
        self.index = -1  # position in the current row list, valid iff rows[index] is self


class _Contact:
    __slots__ = (
        "groups",
        "item",
        "jid_cf",
        "last_seen",
        "last_status",
        "name_cf",
        "primary",
        "rows",
        "sort_key",
        "stale",
    )

    def __init__(self, item: RosterItem) -> None:
        self.item = item
        self.groups: tuple[str, ...] = ()
        self.rows: dict[str, _Row] = {}
        self.name_cf = ""
        self.jid_cf = ""
        self.primary: ResourcePresence | None = None
        self.last_seen: datetime | None = None
        self.last_status = ""  # offline: the status of their last unavailable presence
        self.stale = False
        self.sort_key: tuple[Any, ...] = ()


class _Group:
    __slots__ = ("collapsed", "header", "members", "name", "name_cf", "ordered", "resort")

    def __init__(self, account: str, name: str) -> None:
        self.name = name
        self.name_cf = name.casefold()
        self.header = _Row(RowKind.GROUP, account, name)
        self.members: dict[str, _Contact] = {}
        self.ordered: list[_Contact] | None = None  # sorted members; None = to rebuild
        self.resort = False  # same members, some sort keys changed
        self.collapsed = False


class _Account:
    __slots__ = (
        "collapsed",
        "contacts",
        "groups",
        "header",
        "jid",
        "request_rows",
        "requests",
        "requests_header",
        "sorted_groups",
    )

    def __init__(self, jid: str) -> None:
        self.jid = jid
        self.header = _Row(RowKind.ACCOUNT, jid)
        self.requests_header = _Row(RowKind.REQUESTS, jid, _REQUESTS_GROUP)
        self.contacts: dict[str, _Contact] = {}
        self.groups: dict[str, _Group] = {}
        self.sorted_groups: list[_Group] | None = None
        self.requests: dict[str, SubscriptionRequest] = {}
        self.request_rows: dict[str, _Row] = {}
        self.collapsed = False


class RosterModel(QAbstractListModel):
    """Contacts of several accounts, grouped, sorted and filtered in the model itself."""

    MAX_RANGES = 64  # dataChanged ranges per update before one spanning range is used

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = _utc_now,
        tz: tzinfo | None = None,
        locale: QLocale | None = None,
        auto_refresh: bool = True,
    ) -> None:
        """``clock`` returns aware UTC now; ``tz`` None means the system zone for tooltips.

        With ``auto_refresh`` False no timer runs and the owner calls refresh_visible().
        """
        super().__init__(parent)
        self._clock = clock
        self._tz = tz
        self._locale = locale if locale is not None else QLocale()
        self._accounts: dict[str, _Account] = {}
        self._presence: dict[str, dict[str, ContactPresence]] = {}
        self._last_activity: dict[tuple[str, str], LastActivityResult] = {}
        self._unread: dict[tuple[str, str], int] = {}  # (account, bare JID) -> count > 0
        self._rows: list[_Row] = []
        self._stale_accounts: set[str] = set()
        self._sort = SortMode.STATUS
        self._filter = ""
        self._show_offline = True
        self._visible = (0, -1)
        self._last_tick = clock()
        self._auto_refresh = auto_refresh
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.refresh_visible)
        self._counts: dict[_Row, tuple[int, int]] = {}  # header -> (online, total), lazily
        self._header_font = QFont()
        self._header_font.setBold(True)
        # Diagnostics for tests and benchmarks.
        self.last_update_kind = ""  # "data" or "layout" for the latest batch
        self.last_tick_examined = 0  # rows looked at by the latest refresh_visible()

    # --- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].kind in HEADER_KINDS:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        for role in RosterRole:
            names[int(role)] = QByteArray(role.name.lower().encode())
        return names

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or index.column() != 0:
            return None
        r = index.row()
        if r < 0 or r >= len(self._rows):
            return None
        row = self._rows[r]
        contact = row.contact
        if contact is not None:
            return self._contact_data(row, contact, role)
        if row.kind is RowKind.REQUEST:
            return self._request_data(row, role)
        return self._header_data(row, role)

    # --- public API: data in ------------------------------------------------------------

    def set_accounts(self, accounts: Sequence[str]) -> None:
        """Show exactly these accounts, in this order (new ones start empty)."""
        new: dict[str, _Account] = {}
        for jid in accounts:
            new[jid] = self._accounts.get(jid) or _Account(jid)
        for jid in self._accounts.keys() - new.keys():
            self._presence.pop(jid, None)
            for key in [k for k in self._unread if k[0] == jid]:
                del self._unread[key]
            self._stale_accounts.discard(jid)
            self._drop_last_activity(jid)
        self._accounts = new
        self._relayout()

    def remove_account(self, account: str) -> None:
        if account in self._accounts:
            self.set_accounts([a for a in self._accounts if a != account])

    def set_roster(self, account: str, items: Iterable[RosterItem]) -> None:
        """Full resync of one account's roster; rows of unchanged contacts keep identity."""
        acc = self._account(account)
        now = self._clock()
        wanted = {i.jid: i for i in items if i.subscription is not Subscription.REMOVE}
        for jid in [j for j in acc.contacts if j not in wanted]:
            self._remove_contact(acc, jid)
        for item in wanted.values():
            self._upsert(acc, item, now)
        self._relayout()

    def update_items(self, items: Iterable[RosterItem]) -> None:
        """Roster pushes: add or change items; subscription "remove" removes."""
        now = self._clock()
        for item in items:
            if item.subscription is Subscription.REMOVE:
                known = self._accounts.get(item.account)
                if known is not None:
                    self._remove_contact(known, item.jid)
                self._forget(item.account, item.jid)
            else:
                self._upsert(self._account(item.account), item, now)
        self._relayout()

    def remove_item(self, account: str, jid: str) -> None:
        acc = self._accounts.get(account)
        if acc is None:
            return
        self._remove_contact(acc, jid)
        self._forget(account, jid)
        self._relayout()

    def apply_presence_batch(self, events: Sequence[PresenceEvent]) -> None:
        """Apply a batch of presences, then make one model update (see module comment)."""
        if not events:
            return
        touched: dict[tuple[str, str], None] = {}
        for event in events:
            per_account = self._presence.setdefault(event.account, {})
            cp = per_account.get(event.jid)
            if cp is None:
                cp = per_account[event.jid] = ContactPresence()
            cp.update(event.presence)
            touched[(event.account, event.jid)] = None
        self._refresh_contacts(self._contacts_for(touched))

    def mark_account_stale(self, account: str, at: datetime) -> None:
        """Our stream for ``account`` went down at ``at``: keep presences, shown as unconfirmed."""
        self._stale_accounts.add(account)
        for cp in self._presence.get(account, {}).values():
            cp.mark_stale(at)
        self._refresh_account(account)

    def unmark_account_stale(self, account: str) -> None:
        """The stream was resumed (XEP-0198): everything still holds."""
        for cp in self._presence.get(account, {}).values():
            cp.unmark_stale()
        self._stale_accounts.discard(account)
        self._refresh_account(account)

    def clear_stale(self, account: str) -> None:
        """A fresh session sent its initial presences: drop resources not re-announced."""
        for cp in self._presence.get(account, {}).values():
            cp.clear_stale()
        self._stale_accounts.discard(account)
        self._refresh_account(account)

    def set_subscription_requests(
        self, account: str, requests: Iterable[SubscriptionRequest]
    ) -> None:
        """All pending inbound requests of ``account`` (shown, never answered here)."""
        acc = self._account(account)
        acc.requests = {r.jid: r for r in sorted(requests, key=lambda r: r.received_at)}
        rows: dict[str, _Row] = {}
        for jid, request in acc.requests.items():
            row = acc.request_rows.get(jid) or _Row(
                RowKind.REQUEST, account, _REQUESTS_GROUP, request=request
            )
            row.request = request
            rows[jid] = row
        acc.request_rows = rows
        self._relayout()

    def set_last_activity(self, result: LastActivityResult) -> None:
        """Store an XEP-0012 answer: tooltip line; for offline contacts a last-seen fallback."""
        self._last_activity[(result.account, result.jid)] = result
        self._refresh_contacts(self._contacts_for({(result.account, result.jid): None}))

    def set_unread_counts(self, counts: Mapping[tuple[str, str], int]) -> None:
        """Unread message counts per (account, bare JID); 0 clears one. Other keys keep theirs.

        Only rows whose count changed are signalled (no relayout: counts never move a row).
        Counts of JIDs not in the roster are kept, so a contact added later shows its own.
        """
        changed: dict[tuple[str, str], None] = {}
        for key, given in counts.items():
            count = max(0, int(given))
            if self._unread.get(key, 0) == count:
                continue
            if count:
                self._unread[key] = count
            else:
                del self._unread[key]
            changed[key] = None
        rows = [
            row.index
            for contact in self._contacts_for(changed)
            for row in contact.rows.values()
            if self._is_current(row)
        ]
        self._emit_rows(rows, [int(RosterRole.UNREAD), _TOOLTIP, _ACCESSIBLE_DESCRIPTION])

    def unread(self, account: str, jid: str) -> int:
        return self._unread.get((account, jid), 0)

    # --- public API: presentation -------------------------------------------------------

    def sort_mode(self) -> SortMode:
        return self._sort

    def set_sort(self, mode: SortMode | str) -> None:
        mode = SortMode(mode)
        if mode is self._sort:
            return
        self._sort = mode
        now = self._clock()
        for acc in self._accounts.values():
            for contact in acc.contacts.values():
                contact.sort_key = self._sort_key(contact, now)
            for group in acc.groups.values():
                group.ordered = None
        self._relayout()

    def filter_text(self) -> str:
        return self._filter

    def set_filter(self, text_: str) -> None:
        folded = text_.strip().casefold()
        if folded == self._filter:
            return
        self._filter = folded
        self._relayout()

    def show_offline(self) -> bool:
        return self._show_offline

    def set_show_offline(self, show: bool) -> None:
        if show == self._show_offline:
            return
        self._show_offline = show
        self._relayout()

    def set_collapsed(self, account: str, group: str | None, collapsed: bool) -> None:
        """Collapse an account (group None), a roster group, or "" (the pseudo-group)."""
        acc = self._accounts.get(account)
        if acc is None:
            return
        if group is None:
            acc.collapsed = collapsed
        elif group in acc.groups:
            acc.groups[group].collapsed = collapsed
        else:
            return
        self._relayout()

    def toggle_collapsed(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        target = self._rows[row]
        acc = self._accounts[target.account]
        if target.kind is RowKind.ACCOUNT:
            self.set_collapsed(target.account, None, not acc.collapsed)
        elif target.kind is RowKind.GROUP:
            self.set_collapsed(target.account, target.group, not acc.groups[target.group].collapsed)

    # --- public API: lookups for the view -----------------------------------------------

    def accounts(self) -> list[str]:
        return list(self._accounts)

    def item(self, account: str, jid: str) -> RosterItem | None:
        acc = self._accounts.get(account)
        contact = acc.contacts.get(jid) if acc else None
        return contact.item if contact else None

    def groups(self, account: str) -> list[str]:
        """The account's real roster groups, sorted (the pseudo-group is not one)."""
        acc = self._accounts.get(account)
        if acc is None:
            return []
        return sorted((g for g in acc.groups if g), key=str.casefold)

    def request(self, account: str, jid: str) -> SubscriptionRequest | None:
        acc = self._accounts.get(account)
        return acc.requests.get(jid) if acc else None

    def presence(self, account: str, jid: str) -> ContactPresence | None:
        return self._presence.get(account, {}).get(jid)

    def row_of(self, account: str, jid: str, group: str | None = None) -> int:
        """Row of a contact (under ``group``, or its first shown row); -1 if not shown."""
        acc = self._accounts.get(account)
        contact = acc.contacts.get(jid) if acc else None
        if contact is None:
            return -1
        candidates = [contact.rows[group]] if group in contact.rows else contact.rows.values()
        shown = [row.index for row in candidates if self._is_current(row)]
        return min(shown) if shown else -1

    # --- live refresh -------------------------------------------------------------------

    def set_visible_rows(self, first: int, last: int) -> None:
        """The view reports rows on screen (inclusive); only they are refreshed over time."""
        self._visible = (max(first, 0), last)
        self._schedule()

    def visible_rows(self) -> tuple[int, int]:
        return self._visible

    def next_refresh_in(self) -> float | None:
        """Seconds until some visible row's marker text changes; None if none can."""
        now = self._clock()
        best: float | None = None
        for row in self._visible_rows():
            since = self._marker_since(row.contact)
            if since is None:
                continue
            wait = next_change_in((now - since).total_seconds())
            if best is None or wait < best:
                best = wait
        return best

    def refresh_visible(self) -> int:
        """Emit dataChanged for visible rows whose marker changed since the last tick.

        Returns the number of rows signalled. A row painted after the last tick was already
        painted with text at least that new; markers only ever step forward in time, so
        comparing the text at the last tick with the text now finds every stale row.
        """
        now = self._clock()
        before, self._last_tick = self._last_tick, now
        changed: list[int] = []
        examined = 0
        for row in self._visible_rows():
            since = self._marker_since(row.contact)
            if since is None:
                continue
            examined += 1
            if relative_parts((now - since).total_seconds()) != relative_parts(
                (before - since).total_seconds()
            ):
                changed.append(row.index)
        self.last_tick_examined = examined
        self._emit_rows(changed, [int(RosterRole.MARKER), int(RosterRole.IDLE_SECONDS)])
        self._schedule()
        return len(changed)

    # --- internals: contacts ------------------------------------------------------------

    def _account(self, account: str) -> _Account:
        acc = self._accounts.get(account)
        if acc is None:
            acc = self._accounts[account] = _Account(account)
        return acc

    def _forget(self, account: str, jid: str) -> None:
        self._presence.get(account, {}).pop(jid, None)
        self._last_activity.pop((account, jid), None)

    def _drop_last_activity(self, account: str) -> None:
        for key in [k for k in self._last_activity if k[0] == account]:
            del self._last_activity[key]

    def _upsert(self, acc: _Account, item: RosterItem, now: datetime) -> None:
        contact = acc.contacts.get(item.jid)
        if contact is None:
            contact = acc.contacts[item.jid] = _Contact(item)
        elif contact.item == item:
            return
        contact.item = item
        contact.name_cf = item.display_name.casefold()
        contact.jid_cf = item.jid.casefold()
        groups = _normalize_groups(item.groups)
        for name in contact.groups:
            if name not in groups:
                self._leave(acc, contact, name)
        for name in groups:
            group = acc.groups.get(name)
            if group is None:
                group = acc.groups[name] = _Group(acc.jid, name)
                acc.sorted_groups = None
            if item.jid not in group.members:
                group.members[item.jid] = contact
                contact.rows[name] = _Row(RowKind.CONTACT, acc.jid, name, contact)
            group.ordered = None
        contact.groups = groups
        self._derive(contact, now)

    def _leave(self, acc: _Account, contact: _Contact, name: str) -> None:
        group = acc.groups[name]
        del group.members[contact.item.jid]
        contact.rows.pop(name, None)
        group.ordered = None
        if not group.members:
            del acc.groups[name]
            acc.sorted_groups = None

    def _remove_contact(self, acc: _Account, jid: str) -> None:
        contact = acc.contacts.pop(jid, None)
        if contact is None:
            return
        for name in contact.groups:
            self._leave(acc, contact, name)

    def _derive(self, contact: _Contact, now: datetime) -> None:
        """Recompute what the row shows from the presence cache."""
        item = contact.item
        cp = self._presence.get(item.account, _NO_PRESENCE).get(item.jid)
        primary = cp.primary(now) if cp is not None else None
        last_seen = cp.last_seen if cp is not None else None
        if primary is None and self._last_activity:
            result = self._last_activity.get((item.account, item.jid))
            if result is not None and result.seconds is not None:
                asked = idle_since_from_seconds(result.seconds, None, result.queried_at)
                if last_seen is None or asked > last_seen:
                    last_seen = asked
        contact.primary = primary
        contact.last_seen = last_seen
        contact.last_status = cp.last_status if primary is None and cp is not None else ""
        contact.stale = (
            item.account in self._stale_accounts  # ContactPresence.stale builds a frozenset
            and primary is not None
            and cp is not None
            and primary.resource in cp.stale
        )
        contact.sort_key = self._sort_key(contact, now)

    def _sort_key(self, contact: _Contact, now: datetime) -> tuple[Any, ...]:
        name = contact.name_cf
        jid = contact.jid_cf
        if self._sort is SortMode.NAME:
            return (name, jid)
        p = contact.primary
        if self._sort is SortMode.STATUS:
            return (self._status_rank(p), name, jid)
        if p is not None:
            if p.idle_since is None:
                return (0, self._status_rank(p), 0.0, name, jid)
            return (1, 0, -min(p.idle_since, now).timestamp(), name, jid)
        if contact.last_seen is not None:
            return (2, 0, -contact.last_seen.timestamp(), name, jid)
        return (3, 0, 0.0, name, jid)

    @staticmethod
    def _status_rank(p: ResourcePresence | None) -> int:
        if p is None:
            return _OFFLINE_RANK
        rank = _STATUS_RANK[p.show]
        if rank == 0 and p.idle_since is not None:
            return _STATUS_RANK[Show.AWAY]
        return rank

    def _contacts_for(self, keys: Iterable[tuple[str, str]]) -> list[_Contact]:
        found = []
        for account, jid in keys:
            acc = self._accounts.get(account)
            contact = acc.contacts.get(jid) if acc else None
            if contact is not None:
                found.append(contact)
        return found

    def _refresh_account(self, account: str) -> None:
        acc = self._accounts.get(account)
        if acc is not None:
            self._refresh_contacts(list(acc.contacts.values()))

    def _refresh_contacts(self, contacts: Sequence[_Contact]) -> None:
        """Re-derive ``contacts`` and make one model update for all of them."""
        if not contacts:
            return
        now = self._clock()
        hides_offline = not self._show_offline and not self._filter
        moved = False
        online_changed: set[tuple[str, str]] = set()
        for contact in contacts:
            was_online = contact.primary is not None
            old_key = contact.sort_key
            self._derive(contact, now)
            if (contact.primary is not None) != was_online:
                online_changed.update((contact.item.account, g) for g in contact.groups)
                if hides_offline:
                    moved = True
            if contact.sort_key != old_key:
                moved = True
                self._mark_unsorted(contact)
        if online_changed:
            self._counts.clear()
        if moved:
            self.last_update_kind = "layout"
            self._relayout()
            return
        self.last_update_kind = "data"
        changed = [row for c in contacts for row in c.rows.values()]
        for account, name in online_changed:
            acc = self._accounts[account]
            changed.append(acc.header)
            changed.append(acc.groups[name].header)
        self._emit_rows([row.index for row in changed if self._is_current(row)], [])
        self._schedule()

    def _mark_unsorted(self, contact: _Contact) -> None:
        acc = self._accounts[contact.item.account]
        for name in contact.groups:
            acc.groups[name].resort = True

    # --- internals: rows ----------------------------------------------------------------

    def _is_current(self, row: _Row) -> bool:
        i = row.index
        return 0 <= i < len(self._rows) and self._rows[i] is row

    def _build_rows(self) -> list[_Row]:
        rows: list[_Row] = []
        needle = self._filter
        show_all = self._show_offline or bool(needle)
        for acc in self._accounts.values():
            rows.append(acc.header)
            if acc.collapsed:
                continue
            requests = [
                row
                for jid, row in acc.request_rows.items()
                if not needle
                or needle in jid.casefold()
                or needle in (row.request.message.casefold() if row.request else "")
            ]
            if requests:
                rows.append(acc.requests_header)
                rows.extend(requests)
            if acc.sorted_groups is None:
                acc.sorted_groups = sorted(
                    acc.groups.values(), key=lambda g: (g.name == "", g.name_cf, g.name)
                )
            for group in acc.sorted_groups:
                ordered = group.ordered
                if ordered is None:
                    ordered = group.ordered = sorted(group.members.values(), key=_by_sort_key)
                elif group.resort:
                    ordered.sort(key=_by_sort_key)  # nearly sorted: timsort is ~linear
                group.resort = False
                name = group.name
                if not needle or (name and needle in group.name_cf):
                    if show_all:
                        shown = [c.rows[name] for c in ordered]
                    else:
                        shown = [c.rows[name] for c in ordered if c.primary is not None]
                else:
                    shown = [
                        c.rows[name] for c in ordered if needle in c.name_cf or needle in c.jid_cf
                    ]
                if not shown:
                    continue
                rows.append(group.header)
                if not group.collapsed:
                    rows.extend(shown)
        for i, row in enumerate(rows):
            row.index = i
        return rows

    def _relayout(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._counts.clear()
        old_rows = self._rows
        new_rows = self._build_rows()
        self._rows = new_rows
        persistent = self.persistentIndexList()
        if persistent:
            moved_to = []
            for old in persistent:
                r = old.row()
                row = old_rows[r] if 0 <= r < len(old_rows) else None
                if row is not None and self._is_current(row):
                    moved_to.append(self.index(row.index, 0))
                else:
                    moved_to.append(QModelIndex())
            self.changePersistentIndexList(persistent, moved_to)
        self.layoutChanged.emit()
        self._schedule()

    def _emit_rows(self, rows: Iterable[int], roles: list[int]) -> None:
        """dataChanged for ``rows``: contiguous runs merged into one range each.

        Past MAX_RANGES runs one range from the first to the last row is cheaper for every
        view than hundreds of signals (measured: ~15 µs per emission with a QListView
        attached); it also covers unchanged rows in between, which dataChanged allows.
        """
        ordered = sorted(set(rows))
        if not ordered:
            return
        ranges: list[tuple[int, int]] = []
        start = prev = ordered[0]
        for r in ordered[1:]:
            if r != prev + 1:
                ranges.append((start, prev))
                start = r
            prev = r
        ranges.append((start, prev))
        if len(ranges) > self.MAX_RANGES:
            ranges = [(ordered[0], ordered[-1])]
        for first, last in ranges:
            self.dataChanged.emit(self.index(first, 0), self.index(last, 0), roles)

    def _visible_rows(self) -> Iterable[_Row]:
        first, last = self._visible
        last = min(last, len(self._rows) - 1)
        return self._rows[first : last + 1] if first <= last else ()

    def _marker_since(self, contact: _Contact | None) -> datetime | None:
        if contact is None:
            return None
        p = contact.primary
        if p is not None:
            return p.idle_since
        return contact.last_seen

    def _schedule(self) -> None:
        if not self._auto_refresh:
            return
        wait = self.next_refresh_in()
        if wait is None:
            self._timer.stop()
            return
        ms = min(math.ceil(wait * 1000) + _TIMER_SLACK_MS, _MAX_TIMER_MS)
        self._timer.start(ms)

    # --- internals: data() --------------------------------------------------------------

    def _contact_data(self, row: _Row, contact: _Contact, role: int) -> Any:
        if role == _DISPLAY:
            return contact.item.display_name
        p = contact.primary
        if role == _DECORATION:
            show = p.show if p is not None else Show.OFFLINE
            return icon_for(status_icon(show, p is not None and p.idle_since is not None))
        if role == RosterRole.MARKER:
            return self._marker(contact)
        if role == RosterRole.STATUS_MESSAGE:
            return p.status if p is not None else contact.last_status
        if role == RosterRole.UNREAD:
            return self._unread.get((row.account, contact.item.jid), 0)
        if role == RosterRole.SHOW:
            return p.show if p is not None else Show.OFFLINE
        if role == RosterRole.IS_IDLE:
            return p is not None and p.idle_since is not None
        if role == RosterRole.IDLE_SECONDS:
            if p is None or p.idle_since is None:
                return None
            return max(0, int((self._clock() - p.idle_since).total_seconds()))
        if role == RosterRole.IS_STALE:
            return contact.stale
        if role == RosterRole.KIND:
            return RowKind.CONTACT
        if role == RosterRole.IS_HEADER:
            return False
        if role == RosterRole.ACCOUNT:
            return row.account
        if role == RosterRole.JID:
            return contact.item.jid
        if role == RosterRole.GROUP:
            return row.group
        if role == RosterRole.RESOURCE:
            return p.resource if p is not None else ""
        if role == RosterRole.HAS_REQUEST:
            return contact.item.jid in self._accounts[row.account].requests
        if role == RosterRole.SUBSCRIPTION:
            return contact.item.subscription
        if role == RosterRole.LAST_SEEN:
            return contact.last_seen if p is None else None
        if role in (_TOOLTIP, _ACCESSIBLE_DESCRIPTION):
            lines = self._contact_tooltip(contact)
            return text.as_html(lines) if role == _TOOLTIP else text.as_plain(lines)
        return None

    def _marker(self, contact: _Contact) -> str:
        p = contact.primary
        now = self._clock()
        if p is not None:
            if p.idle_since is None:
                return ""
            return text.idle_marker((now - p.idle_since).total_seconds())
        if contact.last_seen is not None:
            return text.last_seen_marker((now - contact.last_seen).total_seconds())
        return ""

    def _contact_tooltip(self, contact: _Contact) -> list[text.Line]:
        item = contact.item
        acc = self._accounts[item.account]
        now = self._clock()
        cp = self._presence.get(item.account, {}).get(item.jid)
        return text.contact_tooltip(
            item,
            presence=cp,
            primary=contact.primary,
            last_seen=contact.last_seen,
            request=acc.requests.get(item.jid),
            last_activity=self._last_activity.get((item.account, item.jid)),
            unread=self._unread.get((item.account, item.jid), 0),
            now=now,
            tz=self._tz,
            locale=self._locale,
        )

    def _request_data(self, row: _Row, role: int) -> Any:
        request = row.request
        assert request is not None
        acc = self._accounts[row.account]
        contact = acc.contacts.get(request.jid)
        if role == _DISPLAY:
            return contact.item.display_name if contact else request.jid
        if role == _DECORATION:
            return icon_for(status_icon(Show.OFFLINE, False))
        if role == RosterRole.STATUS_MESSAGE:
            return request.message
        if role == RosterRole.KIND:
            return RowKind.REQUEST
        if role == RosterRole.IS_HEADER:
            return False
        if role == RosterRole.ACCOUNT:
            return row.account
        if role == RosterRole.JID:
            return request.jid
        if role == RosterRole.GROUP:
            return ""
        if role == RosterRole.HAS_REQUEST:
            return True
        if role == RosterRole.SHOW:
            return Show.OFFLINE
        if role in (RosterRole.MARKER, RosterRole.RESOURCE):
            return ""
        if role in (RosterRole.IS_IDLE, RosterRole.IS_STALE):
            return False
        if role == RosterRole.UNREAD:
            return 0
        if role in (_TOOLTIP, _ACCESSIBLE_DESCRIPTION):
            lines = text.request_tooltip(request, self._clock(), self._tz, self._locale)
            return text.as_html(lines) if role == _TOOLTIP else text.as_plain(lines)
        return None

    def _header_data(self, row: _Row, role: int) -> Any:
        acc = self._accounts[row.account]
        if role == _DISPLAY:
            if row.kind is RowKind.ACCOUNT:
                return acc.jid
            if row.kind is RowKind.REQUESTS:
                return text.requests_label()
            return row.group or text.ungrouped_label()
        if role == _FONT:
            return self._header_font
        if role == RosterRole.KIND:
            return row.kind
        if role == RosterRole.IS_HEADER:
            return True
        if role == RosterRole.ACCOUNT:
            return row.account
        if role == RosterRole.GROUP:
            return "" if row.kind is RowKind.ACCOUNT else row.group
        if role == RosterRole.JID:
            return ""
        if role == RosterRole.COLLAPSED:
            if row.kind is RowKind.ACCOUNT:
                return acc.collapsed
            group = acc.groups.get(row.group)
            return group.collapsed if group else False
        if role in (RosterRole.COUNTS, _TOOLTIP, _ACCESSIBLE_DESCRIPTION):
            if row.kind is RowKind.REQUESTS:
                count = len(acc.requests)
                return str(count) if role == RosterRole.COUNTS else None
            online, total = self._header_counts(row, acc)
            if role == RosterRole.COUNTS:
                return text.counts_text(online, total)
            name = self._header_data(row, _DISPLAY)
            lines = text.header_tooltip(name, online, total)
            return text.as_html(lines) if role == _TOOLTIP else text.as_plain(lines)
        if role in (RosterRole.IS_IDLE, RosterRole.IS_STALE, RosterRole.HAS_REQUEST):
            return False
        if role == RosterRole.UNREAD:
            return 0
        return None

    def _header_counts(self, row: _Row, acc: _Account) -> tuple[int, int]:
        counts = self._counts.get(row)
        if counts is None:
            if row.kind is RowKind.ACCOUNT:
                members: Iterable[_Contact] = acc.contacts.values()
            else:
                group = acc.groups.get(row.group)
                members = group.members.values() if group else ()
            total = online = 0
            for c in members:
                total += 1
                online += c.primary is not None
            counts = self._counts[row] = (online, total)
        return counts


def _by_sort_key(contact: _Contact) -> tuple[Any, ...]:
    return contact.sort_key
