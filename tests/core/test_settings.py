"""The settings schema, validated get/set, tolerant loading and the README table."""

from __future__ import annotations

import logging

import pytest

from client.core.settings import (
    SCHEMA,
    Settings,
    UnknownSettingError,
    setting,
    settings_reference_markdown,
)

REQUIRED = {
    "activity.auto_away": ("bool", True),
    "activity.away_after": ("duration", 300.0),
    "activity.xa_after": ("duration", 900.0),
    "activity.xa_on_lock": ("bool", True),
    "activity.inactive_grace": ("duration", 120.0),
    "activity.away_message": ("str", ""),
    "activity.xa_message": ("str", ""),
    "privacy.publish_idle": ("bool", True),
    "privacy.publish_idle_to_groupchats": ("bool", False),
    "privacy.answer_last_activity": ("bool", True),
    "connection.keepalive_interval": ("duration", 30.0),
    "connection.reconnect_max_delay": ("duration", 300.0),
    "roster.show_offline": ("bool", True),
    "roster.sort": ("enum", "status"),
    "ui.language": ("str", ""),
    "log.level": ("enum", "INFO"),
}


def test_schema_has_every_required_key_with_its_type_and_default() -> None:
    found = {spec.key: (spec.kind, spec.default) for spec in SCHEMA}
    assert {key: found.get(key) for key in REQUIRED} == REQUIRED


def test_schema_entries_are_consistent() -> None:
    keys = [spec.key for spec in SCHEMA]
    assert len(keys) == len(set(keys))
    for spec in SCHEMA:
        assert spec.doc, spec.key
        assert "\n" not in spec.doc, spec.key
        assert spec.validate(spec.default) == spec.default, spec.key
        assert (spec.kind == "enum") == bool(spec.choices), spec.key
    assert setting("roster.sort").choices == ("status", "name", "activity")


def test_defaults_and_typed_getters() -> None:
    settings = Settings()
    assert settings.get_bool("activity.auto_away") is True
    assert settings.get_duration("activity.away_after") == 300.0
    assert settings.get_str("roster.sort") == "status"
    assert settings.get_text("activity.xa_after") == "15m"
    with pytest.raises(TypeError, match="duration setting"):
        settings.get_bool("activity.away_after")
    with pytest.raises(TypeError, match="bool setting"):
        settings.get_str("activity.auto_away")


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("activity.auto_away", "false", False),
        ("activity.auto_away", "Yes", True),
        ("activity.auto_away", "off", False),
        ("activity.away_after", "90s", 90.0),
        ("activity.away_after", "120", 120.0),
        ("activity.xa_after", "0", 0.0),
        ("connection.keepalive_interval", "1h", 3600.0),
        ("roster.sort", "NAME", "name"),
        ("log.level", "debug", "DEBUG"),
        ("ui.language", "pt_BR", "pt_BR"),
        ("ui.language", "", ""),
        ("activity.away_message", "brb, coffee", "brb, coffee"),
    ],
)
def test_set_text(key: str, text: str, value: object) -> None:
    settings = Settings()
    settings.set_text(key, text)
    assert settings.get(key) == value


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("activity.auto_away", "maybe", "must be true or false"),
        ("activity.away_after", "soon", "not a duration"),
        ("activity.away_after", "-5m", "negative"),
        ("activity.away_after", "5s", "at least 10s"),
        ("connection.keepalive_interval", "2h", "at most 1h"),
        ("connection.reconnect_max_delay", "0", "at least 1s"),
        ("roster.sort", "random", "must be one of status, name, activity"),
        ("log.level", "TRACE", "must be one of DEBUG, INFO, WARNING, ERROR"),
        ("ui.language", "German", "locale code"),
        ("activity.away_message", "x" * 2000, "too long"),
        ("activity.away_message", "bell\x07", "control characters"),
    ],
)
def test_invalid_values_are_refused_in_one_line_and_change_nothing(
    key: str, text: str, message: str
) -> None:
    settings = Settings()
    before = settings.get(key)
    with pytest.raises(ValueError, match=message) as info:
        settings.set_text(key, text)
    assert "\n" not in str(info.value)
    assert key in str(info.value)
    assert settings.get(key) == before


def test_set_checks_python_types() -> None:
    settings = Settings()
    settings.set("activity.away_after", 60)
    assert settings.get("activity.away_after") == 60.0
    with pytest.raises(ValueError, match="must be true or false"):
        settings.set("activity.auto_away", 1)
    with pytest.raises(ValueError, match="duration"):
        settings.set("activity.away_after", True)
    with pytest.raises(ValueError, match="text"):
        settings.set("activity.away_message", 5)


def test_unknown_key_is_a_clear_key_error() -> None:
    settings = Settings()
    with pytest.raises(KeyError) as info:
        settings.get("activity.away_afterr")
    assert isinstance(info.value, UnknownSettingError)
    assert (
        str(info.value)
        == "unknown setting 'activity.away_afterr' (did you mean activity.away_after?)"
    )
    with pytest.raises(UnknownSettingError, match="see `config list`"):
        settings.set_text("zzz", "1")


def test_json_round_trip_stores_only_changes_and_durations_as_text() -> None:
    settings = Settings()
    settings.set_text("activity.away_after", "10m")
    settings.set_text("roster.sort", "name")
    settings.set_text("activity.auto_away", "true")  # the default: not stored
    data = settings.to_json_dict()
    assert data == {"activity.away_after": "10m", "roster.sort": "name"}
    again = Settings.from_json_dict(data)
    assert again.get_duration("activity.away_after") == 600.0
    assert again.get_str("roster.sort") == "name"


def test_loading_ignores_and_logs_bad_values_but_keeps_unknown_keys(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stored = {
        "activity.away_after": "soon",
        "activity.xa_after": 1200,
        "roster.sort": 7,
        "activity.auto_away": "true",
        "future.feature": {"nested": True},
    }
    with caplog.at_level(logging.WARNING):
        settings = Settings.from_json_dict(stored)
    assert settings.get("activity.away_after") == 300.0
    assert settings.get("activity.xa_after") == 1200.0
    assert settings.get("roster.sort") == "status"
    assert settings.get("activity.auto_away") is True
    text = caplog.text
    assert "activity.away_after" in text
    assert "roster.sort" in text
    assert "future.feature" in text
    # A newer version's key survives a save by this one.
    assert settings.to_json_dict() == {
        "future.feature": {"nested": True},
        "activity.xa_after": "20m",
    }


def test_reset_returns_to_default() -> None:
    settings = Settings()
    settings.set_text("roster.sort", "name")
    settings.reset("roster.sort")
    assert settings.is_default("roster.sort")


def test_markdown_reference_lists_every_key() -> None:
    table = settings_reference_markdown()
    lines = table.strip().splitlines()
    assert lines[0] == "| Key | Type | Default | Meaning |"
    assert len(lines) == 2 + len(SCHEMA)
    assert "| `activity.away_after` | duration | `5m` |" in table
    assert "| `roster.sort` | status \\| name \\| activity | `status` |" in table
    assert '| `ui.language` | str | `""` |' in table
    for line in lines:
        assert line.count(" | ") == 3, line
