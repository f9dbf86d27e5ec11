"""Human-friendly durations: parse `1h30m` / `90s` / `120` into seconds and format them back."""

from __future__ import annotations

import math
import re

_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0}
_NUMBER = r"\d+(?:\.\d+)?"
# Units in falling order, each at most once, so `5m1h` or `1m1m` are rejected rather than guessed.
_PATTERN = re.compile(rf"(?:(?P<h>{_NUMBER})h)?(?:(?P<m>{_NUMBER})m)?(?:(?P<s>{_NUMBER})s)?")
_PLAIN = re.compile(_NUMBER)


def parse_duration(text: str) -> float:
    """Seconds in ``text``: `90s`, `5m`, `1h`, `1h30m`, `0`, or plain seconds such as `120`."""
    cleaned = text.strip().lower().replace(" ", "")
    if not cleaned:
        raise ValueError("empty duration: use e.g. 90s, 5m, 1h30m or plain seconds")
    if cleaned.startswith("-"):
        raise ValueError(f"duration {text.strip()!r} is negative: it must be 0 or more")
    if _PLAIN.fullmatch(cleaned):
        seconds = float(cleaned)
    else:
        match = _PATTERN.fullmatch(cleaned)
        if match is None or not any(match.groupdict().values()):
            raise ValueError(
                f"not a duration: {text.strip()!r} (use e.g. 90s, 5m, 1h30m or plain seconds)"
            )
        seconds = sum(float(v) * _UNITS[unit] for unit, v in match.groupdict().items() if v)
    if not math.isfinite(seconds):
        raise ValueError(f"duration {text.strip()!r} is too large")
    return seconds


def format_duration(seconds: float) -> str:
    """The canonical spelling: largest units first, e.g. `5m`, `1m30s`, `1h30m`, `0s`, `2.5s`."""
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"cannot format {seconds!r} as a duration: it must be finite and >= 0")
    whole = int(seconds)
    fraction = round(seconds - whole, 3)
    if fraction >= 1:  # 1.9996 rounds up to the next whole second
        whole, fraction = whole + 1, 0.0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if fraction:
        parts.append(f"{secs + fraction:g}s")
    elif secs or not parts:
        parts.append(f"{secs}s")
    return "".join(parts)
