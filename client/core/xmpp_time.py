"""Tolerant XEP-0082 DateTime parsing and strict formatting, in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

__all__ = ["format_datetime", "parse_datetime"]

# Anything longer is not a timestamp: refuse before running the regex so that a hostile
# multi-megabyte attribute costs nothing. Leaves room for ~900 fractional digits, which
# XEP-0082 §2.1 allows ("MAY contain any number of digits").
_MAX_INPUT_CHARS = 1024

# XML whitespace (XML 1.0 §2.3 S production) only: attribute values may carry it, but
# str.strip() would also eat Unicode spaces that no conforming sender produces.
_XML_WHITESPACE = " \t\r\n"

# XEP-0082 §3.2: CCYY-MM-DDThh:mm:ss[.sss]TZD. Digit classes are spelled [0-9] (and the
# pattern is compiled with re.ASCII) so that Unicode digits such as "٢٠٢٤" never match.
# Tolerated beyond the profile, because real senders produce them:
#   - lowercase "t" and "z" (RFC 3339 §5.6 NOTE allows them; slixmpp chokes on "z");
#   - offsets without the colon ("+0530") or without minutes ("+05") (ISO 8601 basic forms);
#   - no TZD at all, read as UTC (XEP-0082 §3.2 makes TZD mandatory, but some servers omit
#     it on delay stamps; UTC is what every such server we know of meant).
_EXTENDED = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"[Tt]"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]+))?"
    r"(?P<tzd>[Zz]|(?P<sign>[+-])(?P<off_h>[0-9]{2})(?::?(?P<off_m>[0-9]{2}))?)?",
    re.ASCII,
)

# XEP-0082 §4 (Migration): legacy protocols such as XEP-0091 (jabber:x:delay) use
# CCYYMMDDThh:mm:ss in UTC, and receivers SHOULD accept it. A fraction or a trailing "Z"
# is tolerated since some implementations added them.
_LEGACY = re.compile(
    r"(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})"
    r"[Tt]"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]+))?"
    r"(?P<tzd>[Zz])?",
    re.ASCII,
)

# ISO 8601 hours in an offset run 00-23. XML Schema 1.0 narrows real offsets to ±14:00,
# but a larger one still names a well-defined instant, so we accept it (be liberal,
# XEP-0082 §4) and only refuse what no offset grammar allows.
_MAX_OFFSET_HOURS = 23
_MAX_OFFSET_MINUTES = 59


def parse_datetime(text: str | None) -> datetime | None:
    """Parse an XEP-0082 DateTime (or legacy XEP-0091 stamp) into an aware UTC datetime.

    Returns None for anything that is not a usable timestamp; never raises, whatever it is
    given (wrong types included), because a malformed value from the network must never
    turn into an exception in a stanza handler (slixmpp would bounce an error to the sender).

    Fractional seconds are truncated to microseconds, never rounded, so ``.9999999`` stays
    in the same second. A leap second (``:60``) is clamped to ``:59.999999`` of the same
    minute because datetime cannot express it. ``24:00:00`` (XML Schema 1.0 end-of-day) is
    the next day's midnight. A missing TZD is read as UTC.
    """
    if not isinstance(text, str) or len(text) > _MAX_INPUT_CHARS:
        return None
    stripped = text.strip(_XML_WHITESPACE)
    match = _EXTENDED.fullmatch(stripped) or _LEGACY.fullmatch(stripped)
    if match is None:
        return None
    try:
        return _build(match)
    except (ValueError, OverflowError):
        # datetime() rejects day 31 of April, year 0 and the like; subtracting the offset
        # can leave the representable range (0001-01-01T00:00:00+01:00).
        return None


def _build(match: re.Match[str]) -> datetime | None:
    hour = int(match["hour"])
    minute = int(match["minute"])
    second = int(match["second"])
    fraction = match["fraction"] or ""
    # Truncate, do not round: rounding .9999995 up would move the instant into the next
    # second (or minute, or year) that the sender never named.
    microsecond = int(fraction[:6].ljust(6, "0"))

    end_of_day = False
    if hour == 24:
        # XML Schema 1.0 §3.2.7 allows 24:00:00 as the end of a day, and only exactly that.
        if minute != 0 or second != 0 or microsecond != 0:
            return None
        hour = 0
        end_of_day = True
    if hour > 23 or minute > 59 or second > 60:
        return None
    if second == 60:
        # A leap second (ISO 8601 allows ss=60): clamp to the last representable instant
        # of that minute rather than spilling into the next one.
        second, microsecond = 59, 999_999

    offset = _offset(match)
    if offset is None:
        return None
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    naive = datetime(year, month, day, hour, minute, second, microsecond)
    if end_of_day:
        naive += timedelta(days=1)
    return (naive - offset).replace(tzinfo=UTC)


def _offset(match: re.Match[str]) -> timedelta | None:
    groups = match.groupdict()
    sign = groups.get("sign")
    if sign is None:
        # "Z", lowercase "z", or no TZD at all (treated as UTC, see _EXTENDED).
        return timedelta(0)
    hours = int(groups["off_h"])
    minutes = int(groups["off_m"] or "0")
    if hours > _MAX_OFFSET_HOURS or minutes > _MAX_OFFSET_MINUTES:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return -offset if sign == "-" else offset


def format_datetime(dt: datetime) -> str:
    """Format an aware datetime as XEP-0082 §3.2 DateTime in UTC: ``YYYY-MM-DDTHH:MM:SSZ``.

    Whole seconds only (fractions are truncated; XEP-0082 §3.2 makes them optional and
    receivers MAY ignore them). A naive datetime is a programming error in our own code and
    raises ValueError, as does an instant that cannot be expressed in UTC.
    """
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("format_datetime needs an aware datetime, got a naive one")
    try:
        utc = dt.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(f"{dt!r} cannot be expressed in UTC") from exc
    # Built by hand: strftime("%Y") does not zero-pad years below 1000 on glibc.
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
        f"T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"
    )
