"""Translated roster wording: the row's idle marker and the tooltip built at hover time.

Every user-visible sentence is one whole template passed to QCoreApplication.translate with
the explicit context "Roster" (never self.tr), with %1, %2 … placeholders filled by fill(),
and counts as %n plural forms, so translators can reorder and inflect freely. Calendar words
("yesterday", weekday names) come from core.idle_text.since_kind and QLocale, evaluated in an
explicit time zone at an explicit ``now`` so tests can pin both.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime, QTimeZone

from client.core.idle_text import DurationUnit, SinceKind, relative_parts, since_kind
from client.core.presence import (
    ContactPresence,
    IdleSource,
    ResourcePresence,
    Show,
    effective_idle_since,
    idle_since_from_seconds,
)
from client.core.roster import LastActivityResult, RosterItem, Subscription, SubscriptionRequest

__all__ = [
    "Line",
    "as_html",
    "as_plain",
    "contact_tooltip",
    "counts_text",
    "duration_text",
    "fill",
    "header_tooltip",
    "idle_marker",
    "last_seen_marker",
    "request_tooltip",
    "requests_label",
    "show_text",
    "ungrouped_label",
    "unread_text",
]

_PLACEHOLDER = re.compile(r"%([1-9])")


def fill(template: str, *args: str) -> str:
    """QString.arg() in one pass: "%1".."%9" replaced, values never re-scanned.

    A status message that itself contains "%2" therefore stays literal, which chained
    str.replace calls would get wrong.
    """

    def one(match: re.Match[str]) -> str:
        i = int(match.group(1))
        return args[i - 1] if i <= len(args) else match.group(0)

    return _PLACEHOLDER.sub(one, template)


# --- short phrases --------------------------------------------------------------------------


def ungrouped_label() -> str:
    """The pseudo-group of contacts that belong to no roster group."""
    return QCoreApplication.translate("Roster", "Contacts", "pseudo-group: contacts in no group")


def requests_label() -> str:
    return QCoreApplication.translate(
        "Roster", "Subscription requests", "pseudo-group: people asking to see your presence"
    )


def counts_text(online: int, total: int) -> str:
    return fill(
        QCoreApplication.translate("Roster", "%1/%2", "group header: online/total contacts"),
        str(online),
        str(total),
    )


def unread_text(count: int) -> str:
    """For the tooltip and the accessible description of a row with unread messages."""
    return QCoreApplication.translate(
        "Roster", "%n unread message(s)", "contact row: messages not read yet", count
    )


def show_text(show: Show) -> str:
    match show:
        case Show.CHAT:
            return QCoreApplication.translate("Roster", "Free for chat")
        case Show.AVAILABLE:
            return QCoreApplication.translate("Roster", "Available")
        case Show.AWAY:
            return QCoreApplication.translate("Roster", "Away")
        case Show.XA:
            return QCoreApplication.translate("Roster", "Extended away")
        case Show.DND:
            return QCoreApplication.translate("Roster", "Do not disturb")
        case Show.OFFLINE:
            return QCoreApplication.translate("Roster", "Offline")


def duration_text(seconds: float) -> str:
    """A relative duration on its own, e.g. for "(12 min)"."""
    unit, n = relative_parts(seconds)
    match unit:
        case DurationUnit.JUST_NOW:
            return QCoreApplication.translate("Roster", "just now", "duration under a minute")
        case DurationUnit.MINUTES:
            return QCoreApplication.translate("Roster", "%n min", "duration", n)
        case DurationUnit.HOURS:
            return QCoreApplication.translate("Roster", "%n h", "duration", n)
        case DurationUnit.DAYS:
            return QCoreApplication.translate("Roster", "%n days", "duration, always 2 or more", n)


def idle_marker(seconds: float) -> str:
    """The row's idle marker: "idle 12 min". Negative (a future since) reads "just now"."""
    unit, n = relative_parts(seconds)
    match unit:
        case DurationUnit.JUST_NOW:
            return QCoreApplication.translate("Roster", "idle just now", "row marker")
        case DurationUnit.MINUTES:
            return QCoreApplication.translate("Roster", "idle %n min", "row marker", n)
        case DurationUnit.HOURS:
            return QCoreApplication.translate("Roster", "idle %n h", "row marker", n)
        case DurationUnit.DAYS:
            return QCoreApplication.translate("Roster", "idle %n days", "row marker, n >= 2", n)


def last_seen_marker(seconds: float) -> str:
    """The row marker of an offline contact: "last seen 3 h ago"."""
    unit, n = relative_parts(seconds)
    match unit:
        case DurationUnit.JUST_NOW:
            return QCoreApplication.translate("Roster", "last seen just now", "row marker")
        case DurationUnit.MINUTES:
            return QCoreApplication.translate("Roster", "last seen %n min ago", "row marker", n)
        case DurationUnit.HOURS:
            return QCoreApplication.translate("Roster", "last seen %n h ago", "row marker", n)
        case DurationUnit.DAYS:
            return QCoreApplication.translate(
                "Roster", "last seen %n days ago", "row marker, n >= 2", n
            )


# --- absolute moments -----------------------------------------------------------------------


def _local(value: datetime, tz: tzinfo | None) -> datetime:
    return value.astimezone() if tz is None else value.astimezone(tz)


def _clock(local: datetime, locale: QLocale) -> str:
    return locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)


def _date(local: datetime, locale: QLocale) -> str:
    return locale.toString(
        QDate(local.year, local.month, local.day), QLocale.FormatType.ShortFormat
    )


def _moment(value: datetime, now: datetime, tz: tzinfo | None, locale: QLocale) -> str:
    """A clock time today, otherwise date and time: for "asked at %1"."""
    local = _local(value, tz)
    if since_kind(value, now, tz) is SinceKind.TODAY:
        return _clock(local, locale)
    stamp = QDateTime(
        QDate(local.year, local.month, local.day),
        QTime(local.hour, local.minute),
        QTimeZone.utc(),  # already converted to tz: print the wall time as it is
    )
    return locale.toString(stamp, QLocale.FormatType.ShortFormat)


@dataclass(frozen=True)
class _SinceTemplates:
    """One sentence per calendar case; %1.. are clock/weekday/date, the last is the duration."""

    today: str  # %1 time, %2 duration
    yesterday: str  # %1 time, %2 duration
    week: str  # %1 weekday, %2 time, %3 duration
    older: str  # %1 date, %2 duration


def _since_sentence(
    templates: _SinceTemplates,
    since: datetime,
    now: datetime,
    tz: tzinfo | None,
    locale: QLocale,
) -> str:
    since = min(since, now)  # a skewed future stamp reads as "now (just now)"
    local = _local(since, tz)
    duration = duration_text((now - since).total_seconds())
    match since_kind(since, now, tz):
        case SinceKind.TODAY:
            return fill(templates.today, _clock(local, locale), duration)
        case SinceKind.YESTERDAY:
            return fill(templates.yesterday, _clock(local, locale), duration)
        case SinceKind.WITHIN_WEEK:
            weekday = locale.dayName(local.isoweekday(), QLocale.FormatType.LongFormat)
            return fill(templates.week, weekday, _clock(local, locale), duration)
        case SinceKind.OLDER:
            return fill(templates.older, _date(local, locale), duration)


def _idle_templates() -> _SinceTemplates:
    return _SinceTemplates(
        QCoreApplication.translate("Roster", "Idle since %1 (%2)", "today: %1 time, %2 duration"),
        QCoreApplication.translate(
            "Roster", "Idle since yesterday %1 (%2)", "%1 time, %2 duration"
        ),
        QCoreApplication.translate(
            "Roster", "Idle since %1 %2 (%3)", "%1 weekday, %2 time, %3 duration"
        ),
        QCoreApplication.translate("Roster", "Idle since %1 (%2)", "older: %1 date, %2 duration"),
    )


def _last_seen_templates() -> _SinceTemplates:
    return _SinceTemplates(
        QCoreApplication.translate("Roster", "Last seen %1 (%2)", "today: %1 time, %2 duration"),
        QCoreApplication.translate("Roster", "Last seen yesterday %1 (%2)", "%1 time, %2 duration"),
        QCoreApplication.translate(
            "Roster", "Last seen %1 %2 (%3)", "%1 weekday, %2 time, %3 duration"
        ),
        QCoreApplication.translate("Roster", "Last seen %1 (%2)", "older: %1 date, %2 duration"),
    )


# --- tooltip lines --------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One tooltip line: level 0 title, 1 contact fact, 2 resource heading, 3 resource fact."""

    level: int
    text: str


def as_html(lines: Sequence[Line]) -> str:
    """Rich text for QToolTip; every value is escaped, so a status "<b>" stays text."""
    parts: list[str] = []
    for line in lines:
        text = html.escape(line.text)
        if line.level == 0:
            parts.append(f"<b>{text}</b>")
        elif line.level == 2:
            parts.append(f"<br/><i>{text}</i>")
        elif line.level == 3:
            parts.append(f"&nbsp;&nbsp;&nbsp;&nbsp;{text}")
        else:
            parts.append(text)
    return "<qt>" + "<br/>".join(parts) + "</qt>"


def as_plain(lines: Sequence[Line]) -> str:
    """The same content for AccessibleDescriptionRole: one line each, no markup."""
    return "\n".join(line.text for line in lines)


def _subscription_text(item: RosterItem) -> str:
    match item.subscription:
        case Subscription.BOTH:
            text = QCoreApplication.translate("Roster", "You see each other's presence")
        case Subscription.TO:
            text = QCoreApplication.translate(
                "Roster", "You see their presence; they do not see yours"
            )
        case Subscription.FROM:
            text = QCoreApplication.translate(
                "Roster", "They see your presence; you do not see theirs"
            )
        case _:
            text = QCoreApplication.translate("Roster", "No presence subscription either way")
    return text


def _show_with_status(show: Show, status: str) -> str:
    return fill(
        QCoreApplication.translate("Roster", "%1: “%2”", "%1 show, %2 status message"),
        show_text(show),
        status,
    )


def _resource_lines(
    p: ResourcePresence,
    *,
    primary: bool,
    stale: bool,
    now: datetime,
    tz: tzinfo | None,
    locale: QLocale,
) -> list[Line]:
    name = p.resource or QCoreApplication.translate("Roster", "(no resource name)")
    if primary:
        heading = fill(QCoreApplication.translate("Roster", "Resource %1, shown in the list"), name)
    else:
        heading = fill(QCoreApplication.translate("Roster", "Resource %1"), name)
    lines = [Line(2, heading)]
    if p.status:
        lines.append(Line(3, _show_with_status(p.show, p.status)))
    else:
        lines.append(Line(3, show_text(p.show)))
    lines.append(
        Line(3, fill(QCoreApplication.translate("Roster", "Priority: %1"), str(p.priority)))
    )
    if p.client_name:
        lines.append(
            Line(3, fill(QCoreApplication.translate("Roster", "Client: %1"), p.client_name))
        )
    since = effective_idle_since(p, now)
    if since is not None:
        lines.append(Line(3, _since_sentence(_idle_templates(), since, now, tz, locale)))
        if p.idle_source is IdleSource.XEP_0256:
            lines.append(
                Line(
                    3,
                    QCoreApplication.translate(
                        "Roster",
                        "Fallback: last activity reported with presence (XEP-0256)",
                    ),
                )
            )
        elif p.idle_source is IdleSource.XEP_0012:
            lines.append(
                Line(3, QCoreApplication.translate("Roster", "Fallback: asked directly (XEP-0012)"))
            )
    elif p.supports_idle is True and p.show in (Show.AWAY, Show.XA):
        # Away chosen by hand: no idle time, but "at the keyboard" would contradict the show.
        lines.append(
            Line(
                3,
                QCoreApplication.translate(
                    "Roster", "Set by hand, not idle (this client reports idle time)"
                ),
            )
        )
    elif p.supports_idle is True:
        lines.append(
            Line(
                3,
                QCoreApplication.translate(
                    "Roster", "At the keyboard (this client reports idle time)"
                ),
            )
        )
    else:
        lines.append(
            Line(3, QCoreApplication.translate("Roster", "This client does not report idle time"))
        )
    if stale:
        lines.append(
            Line(
                3,
                QCoreApplication.translate("Roster", "Not confirmed since our connection dropped"),
            )
        )
    return lines


def _last_activity_lines(
    result: LastActivityResult,
    online: bool,
    now: datetime,
    tz: tzinfo | None,
    locale: QLocale,
) -> list[Line]:
    asked = _moment(result.queried_at, now, tz, locale)
    if result.seconds is None:
        if result.error:
            text = fill(
                QCoreApplication.translate(
                    "Roster", "Asked directly for last activity (XEP-0012) at %1: no answer (%2)"
                ),
                asked,
                result.error,
            )
        else:
            text = fill(
                QCoreApplication.translate(
                    "Roster", "Asked directly for last activity (XEP-0012) at %1: no answer"
                ),
                asked,
            )
        return [Line(1, text)]
    lines = [
        Line(
            1,
            fill(
                QCoreApplication.translate(
                    "Roster", "Asked directly for last activity (XEP-0012) at %1:"
                ),
                asked,
            ),
        )
    ]
    since = idle_since_from_seconds(result.seconds, None, result.queried_at)
    templates = _idle_templates() if online else _last_seen_templates()
    lines.append(Line(3, _since_sentence(templates, since, now, tz, locale)))
    if result.status:
        lines.append(
            Line(3, fill(QCoreApplication.translate("Roster", "Status: “%1”"), result.status))
        )
    return lines


def contact_tooltip(
    item: RosterItem,
    *,
    presence: ContactPresence | None,
    primary: ResourcePresence | None,
    last_seen: datetime | None,
    request: SubscriptionRequest | None,
    last_activity: LastActivityResult | None,
    now: datetime,
    tz: tzinfo | None,
    locale: QLocale,
    unread: int = 0,
) -> list[Line]:
    """Everything known about one contact, primary resource first."""
    lines = [Line(0, item.display_name)]
    if unread > 0:
        lines.append(Line(1, unread_text(unread)))
    if item.name:
        lines.append(Line(1, item.jid))
    lines.append(Line(1, _subscription_text(item)))
    if item.pending_out:
        lines.append(
            Line(
                1,
                QCoreApplication.translate(
                    "Roster", "Waiting for them to accept your subscription request"
                ),
            )
        )
    if request is not None:
        if request.message:
            text = fill(
                QCoreApplication.translate(
                    "Roster", "Asks to see your presence: “%1”", "%1 their message"
                ),
                request.message,
            )
        else:
            text = QCoreApplication.translate("Roster", "Asks to see your presence")
        lines.append(Line(1, text))
    groups = [g for g in item.groups if g]
    if groups:
        lines.append(
            Line(
                1,
                fill(
                    QCoreApplication.translate("Roster", "Groups: %1"),
                    locale.createSeparatedList(groups),
                ),
            )
        )
    lines.append(Line(1, fill(QCoreApplication.translate("Roster", "Account: %1"), item.account)))
    if primary is None:
        # Their last unavailable presence may say why they left ("Travelling, back Monday").
        last_status = presence.last_status if presence is not None else ""
        if last_status:
            lines.append(Line(1, _show_with_status(Show.OFFLINE, last_status)))
        else:
            lines.append(Line(1, show_text(Show.OFFLINE)))
        if last_seen is not None:
            lines.append(
                Line(1, _since_sentence(_last_seen_templates(), last_seen, now, tz, locale))
            )
    elif presence is not None:
        stale = presence.stale
        ordered = sorted(
            presence.resources.values(),
            key=lambda p: (p.resource != primary.resource, p.resource),
        )
        for p in ordered:
            lines.extend(
                _resource_lines(
                    p,
                    primary=p.resource == primary.resource,
                    stale=p.resource in stale,
                    now=now,
                    tz=tz,
                    locale=locale,
                )
            )
    if last_activity is not None:
        lines.extend(_last_activity_lines(last_activity, primary is not None, now, tz, locale))
    return lines


def request_tooltip(
    request: SubscriptionRequest, now: datetime, tz: tzinfo | None, locale: QLocale
) -> list[Line]:
    lines = [
        Line(0, request.jid),
        Line(
            1,
            fill(
                QCoreApplication.translate(
                    "Roster", "Asks to see your presence (received %1)", "%1 time or date"
                ),
                _moment(request.received_at, now, tz, locale),
            ),
        ),
    ]
    if request.message:
        lines.append(
            Line(1, fill(QCoreApplication.translate("Roster", "Message: “%1”"), request.message))
        )
    lines.append(
        Line(
            1,
            QCoreApplication.translate(
                "Roster", "Use the context menu to accept or deny; nothing is answered for you."
            ),
        )
    )
    lines.append(
        Line(1, fill(QCoreApplication.translate("Roster", "Account: %1"), request.account))
    )
    return lines


def header_tooltip(name: str, online: int, total: int) -> list[Line]:
    """Tooltip of an account or group header."""
    return [
        Line(0, name),
        Line(
            1,
            fill(
                QCoreApplication.translate(
                    "Roster", "%1 of %n online", "%1 online contacts", total
                ),
                str(online),
            ),
        ),
    ]
