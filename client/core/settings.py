"""The settings schema (every key, its type, default and meaning) and validated settings values."""

from __future__ import annotations

import difflib
import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from client.core.durations import format_duration, parse_duration

log = logging.getLogger(__name__)

Kind = Literal["bool", "duration", "int", "str", "enum"]
Value = bool | int | float | str

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2}|_[A-Z][a-z]{3})?")
_MAX_TEXT = 1024


@dataclass(frozen=True)
class Setting:
    """One configuration key: how it is typed, what it defaults to, what it means."""

    key: str
    kind: Kind
    default: Value
    doc: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def validate(self, value: object) -> Value:
        """``value`` checked (and normalised) for this key; ValueError with a one-line reason."""
        # bool is an int subclass: check it first so `True` is never accepted as a number.
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"{self.key} must be true or false, not {value!r}")
            return value
        if self.kind in ("duration", "int"):
            return self._validate_number(value)
        if not isinstance(value, str):
            raise ValueError(f"{self.key} must be text, not {value!r}")
        if self.kind == "enum":
            for choice in self.choices:
                if value.lower() == choice.lower():
                    return choice
            raise ValueError(f"{self.key} must be one of {', '.join(self.choices)}; got {value!r}")
        if len(value) > _MAX_TEXT:
            raise ValueError(f"{self.key} is too long ({len(value)} characters, max {_MAX_TEXT})")
        if any(ord(c) < 32 and c != "\n" for c in value):
            raise ValueError(f"{self.key} must not contain control characters")
        if self.key == "ui.language" and value and not _LANGUAGE.fullmatch(value):
            raise ValueError(
                "ui.language must be a locale code like de, pt_BR or zh_Hant, or empty;"
                f" got {value!r}"
            )
        return value

    def _validate_number(self, value: object) -> Value:
        if isinstance(value, bool) or not isinstance(value, int | float):
            what = "a duration such as 90s or 5m" if self.kind == "duration" else "a whole number"
            raise ValueError(f"{self.key} must be {what}, not {value!r}")
        if self.kind == "int" and not (isinstance(value, int) or value.is_integer()):
            raise ValueError(f"{self.key} must be a whole number, not {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{self.key} must be finite, not {value!r}")
        number: float | int = float(value) if self.kind == "duration" else int(value)
        if self.minimum is not None and number < self.minimum:
            raise ValueError(f"{self.key} must be at least {self._show(self.minimum)}")
        if self.maximum is not None and number > self.maximum:
            raise ValueError(f"{self.key} must be at most {self._show(self.maximum)}")
        return number

    def parse_text(self, text: str) -> Value:
        """A value typed by a person (command line, settings editor) for this key."""
        if self.kind == "bool":
            word = text.strip().lower()
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
            raise ValueError(f"{self.key} must be true or false, not {text!r}")
        if self.kind == "duration":
            try:
                seconds = parse_duration(text)
            except ValueError as exc:
                raise ValueError(f"{self.key}: {exc}") from None
            return self.validate(seconds)
        if self.kind == "int":
            try:
                number = int(text.strip())
            except ValueError:
                raise ValueError(f"{self.key} must be a whole number, not {text!r}") from None
            return self.validate(number)
        return self.validate(text)

    def format(self, value: Value) -> str:
        """``value`` the way a person would type it back (`true`, `5m`, `status`)."""
        if self.kind == "bool":
            return "true" if value else "false"
        if self.kind == "duration":
            return format_duration(float(value))
        return str(value)

    def to_json(self, value: Value) -> bool | int | float | str:
        """Stored form: durations as their text (`5m`), so the file stays readable and editable."""
        return self.format(value) if self.kind == "duration" else value

    def from_json(self, raw: object) -> Value:
        """A stored value back; durations may be text or a number of seconds."""
        if self.kind == "duration" and isinstance(raw, str):
            return self.parse_text(raw)
        return self.validate(raw)

    def _show(self, bound: float) -> str:
        return format_duration(bound) if self.kind == "duration" else f"{bound:g}"


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

SCHEMA: tuple[Setting, ...] = (
    Setting("activity.auto_away", "bool", True,
            "Set Away and Extended Away automatically when you are idle or your screen locks."),
    Setting("activity.away_after", "duration", 300.0,
            "Time without keyboard or mouse input before you are shown as Away.", minimum=10),
    Setting("activity.xa_after", "duration", 900.0,
            "Time without input before you are shown as Extended Away (0 = never).", minimum=0),
    Setting("activity.xa_on_lock", "bool", True,
            "Go Extended Away as soon as the screen locks."),
    Setting("activity.inactive_grace", "duration", 120.0,
            "How long the app may sit unfocused before telling the server it is inactive "
            "(XEP-0352), which lets the server hold back unimportant traffic.", minimum=0),
    Setting("status.show", "enum", "available",
            "Your own status at start: the one you chose last time (set from the status bar).",
            choices=("available", "chat", "away", "xa", "dnd")),
    Setting("status.message", "str", "",
            "Your own status message, kept across restarts."),
    Setting("activity.away_message", "str", "",
            "Status message while automatically Away (empty = keep your own message)."),
    Setting("activity.xa_message", "str", "",
            "Status message while automatically Extended Away (empty = keep your own message)."),
    Setting("privacy.publish_idle", "bool", True,
            "Tell contacts since when you have been idle (XEP-0319)."),
    Setting("privacy.publish_idle_to_groupchats", "bool", False,
            "Also include your idle time in group-chat presence, visible to every participant."),
    Setting("privacy.answer_last_activity", "bool", True,
            "Answer Last Activity queries (XEP-0012), only from contacts with a presence "
            "subscription."),
    Setting("connection.keepalive_interval", "duration", 30.0,
            "Ping the server after this much silence to notice dead connections (0 = off).",
            minimum=0, maximum=3600),
    Setting("connection.reconnect_max_delay", "duration", 300.0,
            "Longest wait between reconnection attempts after the connection drops.",
            minimum=1, maximum=86400),
    Setting("roster.show_offline", "bool", True,
            "Show contacts who are offline in the contact list."),
    Setting("roster.sort", "enum", "status",
            "Contact list order: by status, by name, or by most recent activity.",
            choices=("status", "name", "activity")),
    Setting("ui.language", "str", "",
            "Interface language as a locale code such as de or pt_BR (empty = system language)."),
    Setting("ui.tray_icon", "bool", True,
            "Show an icon in the system tray (where the desktop has one), marked while messages "
            "are unread."),
    Setting("ui.autostart", "bool", False,
            "Start Attend when you log in (writes or removes "
            "~/.config/autostart/im.attend.Attend.desktop)."),
    Setting("log.level", "enum", "INFO",
            "How much the app logs; passwords are always redacted.", choices=_LOG_LEVELS),
)  # fmt: skip

_BY_KEY = {setting.key: setting for setting in SCHEMA}


class UnknownSettingError(KeyError):
    """A key that is not in the schema."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        # KeyError's own str() is the repr of the key: give the whole sentence instead.
        close = difflib.get_close_matches(self.key, _BY_KEY, n=1)
        hint = f" (did you mean {close[0]}?)" if close else " (see `config list`)"
        return f"unknown setting {self.key!r}{hint}"


def setting(key: str) -> Setting:
    """The schema entry for ``key``; UnknownSettingError if there is none."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise UnknownSettingError(key) from None


class Settings:
    """Current values for every schema key; only validated values get in."""

    def __init__(self) -> None:
        self._values: dict[str, Value] = {}
        # Keys this version does not know (a newer one wrote them): kept so a save keeps them.
        self._foreign: dict[str, object] = {}

    def get(self, key: str) -> Value:
        spec = setting(key)
        return self._values.get(key, spec.default)

    def set(self, key: str, value: object) -> None:
        """Set ``key``; ValueError (one line) if the value does not fit, nothing changes then."""
        self._values[key] = setting(key).validate(value)

    def set_text(self, key: str, text: str) -> None:
        """Set ``key`` from what a person typed (`5m`, `yes`, `name`)."""
        self._values[key] = setting(key).parse_text(text)

    def reset(self, key: str) -> None:
        setting(key)
        self._values.pop(key, None)

    def is_default(self, key: str) -> bool:
        return self.get(key) == setting(key).default

    def get_text(self, key: str) -> str:
        return setting(key).format(self.get(key))

    def get_bool(self, key: str) -> bool:
        value = self._typed(key, "bool")
        assert isinstance(value, bool)
        return value

    def get_duration(self, key: str) -> float:
        """Seconds."""
        value = self._typed(key, "duration")
        assert isinstance(value, float)
        return value

    def get_int(self, key: str) -> int:
        value = self._typed(key, "int")
        assert isinstance(value, int)
        return value

    def get_str(self, key: str) -> str:
        """Text and enum keys."""
        spec = setting(key)
        if spec.kind not in ("str", "enum"):
            raise TypeError(f"{key} is a {spec.kind} setting, not text")
        value = self.get(key)
        assert isinstance(value, str)
        return value

    def _typed(self, key: str, kind: Kind) -> Value:
        spec = setting(key)
        if spec.kind != kind:
            raise TypeError(f"{key} is a {spec.kind} setting, not {kind}")
        return self.get(key)

    def to_json_dict(self) -> dict[str, object]:
        """Values that differ from their default (so a later default change reaches everyone)."""
        out: dict[str, object] = dict(self._foreign)
        for key, value in sorted(self._values.items()):
            spec = _BY_KEY[key]
            if value != spec.default:
                out[key] = spec.to_json(value)
        return out

    @classmethod
    def from_json_dict(cls, data: Mapping[str, object]) -> Settings:
        """Settings from a stored mapping; unknown keys and bad values are logged, never fatal."""
        settings = cls()
        for key, raw in data.items():
            spec = _BY_KEY.get(key)
            if spec is None:
                log.warning("keeping unknown setting %r untouched (from a newer version?)", key)
                settings._foreign[key] = raw
                continue
            try:
                settings._values[key] = spec.from_json(raw)
            except ValueError as exc:
                log.warning("ignoring a bad stored value, using the default instead: %s", exc)
        return settings


def settings_reference_markdown() -> str:
    """A Markdown table of every key for the README."""
    lines = ["| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
    for spec in SCHEMA:
        kind = " \\| ".join(spec.choices) if spec.kind == "enum" else spec.kind
        default = spec.format(spec.default)
        shown = f"`{default}`" if default else '`""`'
        doc = spec.doc.replace("|", "\\|")
        lines.append(f"| `{spec.key}` | {kind} | {shown} | {doc} |")
    return "\n".join(lines) + "\n"
