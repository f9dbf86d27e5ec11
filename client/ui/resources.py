"""The bundled Qt resources (icon theme, compiled translations): registered once at start-up."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QResource
from PySide6.QtGui import QIcon

import client
from client import APP_ID

log = logging.getLogger(__name__)

RCC_FILE = Path(client.__file__).resolve().parent / "data" / "attend.rcc"
# A source checkout without a build still gets the icons (not the translations) from here.
SOURCE_ICONS = Path(client.__file__).resolve().parents[1] / "resources" / "icons"
THEME = "attend"
RESOURCE_ICONS = ":/icons"
TRANSLATIONS = ":/i18n"
APP_ICON = APP_ID
UNREAD_ICON = f"{APP_ID}-unread"

_registered: list[str] = []


def register_resources(rcc_file: Path = RCC_FILE) -> bool:
    """Make ``:/icons`` and ``:/i18n`` available; False if attend.rcc was not built."""
    if str(rcc_file) in _registered:
        return True
    if not rcc_file.is_file():
        log.info(
            "%s is missing (build it with `make` or tools/build_resources.py):"
            " no translations, icons from the source tree if there is one",
            rcc_file,
        )
        return False
    if not QResource.registerResource(str(rcc_file)):
        log.warning("could not load the resource file %s", rcc_file)
        return False
    _registered.append(str(rcc_file))
    return True


def install_icon_theme() -> None:
    """Use Attend's own icon theme for any icon the desktop's theme does not have.

    The desktop theme stays first (its status icons match the rest of the desktop); ours fills
    the gaps, and is the only one offscreen, on Windows and on macOS.
    """
    paths = QIcon.themeSearchPaths()
    for extra in (RESOURCE_ICONS, str(SOURCE_ICONS)):
        if extra not in paths and (extra == RESOURCE_ICONS or SOURCE_ICONS.is_dir()):
            paths.append(extra)
    QIcon.setThemeSearchPaths(paths)
    # Qt's default fallback is hicolor (on X11 with no desktop also the theme itself); ours
    # inherits hicolor, so taking its place loses nothing. A fallback someone chose stays.
    if QIcon.fallbackThemeName() in ("", "hicolor"):
        QIcon.setFallbackThemeName(THEME)


def app_icon(unread: bool = False) -> QIcon:
    """The application icon (with a badge when there are unread messages)."""
    return QIcon.fromTheme(UNREAD_ICON if unread else APP_ICON)
