"""The interface language: Attend's catalogues from the built resources, plural forms, fallback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from client.models.roster_text import unread_text
from client.ui.i18n import install_translators, remove_translators
from client.ui.resources import register_resources
from tests.fixtures.resources import built_rcc


@pytest.fixture
def translators(qapp: QApplication) -> Iterator[None]:
    assert register_resources(built_rcc())
    try:
        yield
    finally:
        # Other tests read the source strings: leave no translator behind.
        remove_translators()


def unread(n: int) -> str:
    return QCoreApplication.translate("Desktop", "%n unread message(s)", None, n)


def test_german_catalogue_translates(translators: None) -> None:
    installed = install_translators("de")
    assert installed, "no translator loaded"
    assert QCoreApplication.translate("Desktop", "&Show Attend") == "Attend &anzeigen"
    assert QCoreApplication.translate("MainWindow", "&Quit") == "&Beenden"
    assert [unread(n) for n in (1, 2)] == ["1 ungelesene Nachricht", "2 ungelesene Nachrichten"]
    # Qt's own strings (standard buttons) come along.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    assert QLocale().language() == QLocale.Language.German


def test_polish_has_three_plural_forms(translators: None) -> None:
    install_translators("pl")
    assert [unread(n) for n in (1, 2, 5, 12, 22, 25)] == [
        "1 nieprzeczytana wiadomość",
        "2 nieprzeczytane wiadomości",
        "5 nieprzeczytanych wiadomości",
        "12 nieprzeczytanych wiadomości",
        "22 nieprzeczytane wiadomości",
        "25 nieprzeczytanych wiadomości",
    ]


def test_region_falls_back_to_language(translators: None) -> None:
    install_translators("de_AT")
    assert QCoreApplication.translate("Desktop", "&Show Attend") == "Attend &anzeigen"


def test_unknown_language_gets_english_plurals(translators: None) -> None:
    install_translators("fr")
    assert [unread(n) for n in (1, 3)] == ["1 unread message", "3 unread messages"]
    assert QCoreApplication.translate("Desktop", "&Show Attend") == "&Show Attend"


def test_switching_language_replaces_the_translators(translators: None) -> None:
    install_translators("de")
    install_translators("en")
    assert QCoreApplication.translate("Desktop", "&Show Attend") == "&Show Attend"
    remove_translators()
    assert unread(2) == "2 unread message(s)"


def test_missing_resource_file_is_not_fatal(qapp: QApplication, tmp_path: object) -> None:
    from pathlib import Path

    assert not register_resources(Path(str(tmp_path)) / "none.rcc")


def test_roster_unread_counts_have_plural_forms(translators: None) -> None:
    install_translators("pl")
    assert [unread_text(n) for n in (1, 3, 5, 22)] == [
        "1 nieprzeczytana wiadomość",
        "3 nieprzeczytane wiadomości",
        "5 nieprzeczytanych wiadomości",
        "22 nieprzeczytane wiadomości",
    ]
    install_translators("de")
    assert [unread_text(n) for n in (1, 2)] == [
        "1 ungelesene Nachricht",
        "2 ungelesene Nachrichten",
    ]
    install_translators("en")
    assert [unread_text(n) for n in (1, 2)] == ["1 unread message", "2 unread messages"]
