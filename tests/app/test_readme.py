"""The README documents every setting exactly as the schema defines it."""

from __future__ import annotations

from pathlib import Path

from client.core.settings import settings_reference_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_settings_table_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert settings_reference_markdown() in text, "regenerate the README settings table"
