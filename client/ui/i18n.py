"""Interface language: the system locale or the `ui.language` setting, loaded as QTranslators."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from client.ui.resources import TRANSLATIONS

log = logging.getLogger(__name__)

CATALOGUE = "attend"
FALLBACK = "en"  # the source strings are English; its catalogue adds the plural forms

# Qt drops a QTranslator whose Python wrapper is collected (FIELD-NOTES §1): keep them here.
_installed: list[QTranslator] = []


def chosen_locale(language: str = "") -> QLocale:
    """The locale for ``language`` (a code like de or pt_BR), or the system's when empty."""
    return QLocale(language) if language else QLocale.system()


def remove_translators() -> None:
    """Back to the source strings and the system locale (tests, or before switching)."""
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(QLocale.system())


def install_translators(
    language: str = "", app: QCoreApplication | None = None, directory: str = TRANSLATIONS
) -> list[QTranslator]:
    """Replace any installed translators with Attend's and Qt's own for ``language``.

    A language Attend has no catalogue for gets the English one, so plurals still read right.
    Returns the translators (also kept referenced here); call again to switch language.
    """
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translators")
    remove_translators()
    locale = chosen_locale(language)
    # Dates and numbers follow the chosen language too, not only the words.
    QLocale.setDefault(locale)

    ours = QTranslator(app)
    if not ours.load(locale, CATALOGUE, "_", directory) and not ours.load(
        f"{CATALOGUE}_{FALLBACK}", directory
    ):
        log.info("no translations found in %s; showing the source strings", directory)
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Standard buttons and dialogs ("Cancel", file dialogs) come from Qt's own catalogue.
    qt_own.load(locale, "qtbase", "_", qt_dir)
    for translator in (ours, qt_own):
        if not translator.isEmpty():
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
    log.info(
        "interface language %s (%s)",
        locale.name(),
        ours.language() or "source strings",
    )
    return list(_installed)
