"""The bundled icon theme fills in for status icons the desktop's theme lacks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication

from client.core.presence import Show
from client.models import roster_icons
from client.ui.resources import THEME, app_icon, install_icon_theme, register_resources
from tests.fixtures.resources import built_rcc

ROOT = Path(__file__).resolve().parents[2]
STATUS_NAMES = (
    "user-available",
    "user-available-chat",
    "user-away",
    "user-away-extended",
    "user-busy",
    "user-offline",
    "user-idle",
)


@pytest.fixture
def theme(qapp: QApplication) -> Iterator[None]:
    paths, fallback, name = QIcon.themeSearchPaths(), QIcon.fallbackThemeName(), QIcon.themeName()
    assert register_resources(built_rcc())
    install_icon_theme()
    roster_icons._cache.clear()
    try:
        yield
    finally:
        QIcon.setThemeSearchPaths(paths)
        QIcon.setFallbackThemeName(fallback)
        QIcon.setThemeName(name)
        roster_icons._cache.clear()


def test_every_status_icon_is_in_the_bundled_theme(theme: None) -> None:
    for name in (*STATUS_NAMES, "im.attend.Attend", "im.attend.Attend-unread"):
        assert QIcon.hasThemeIcon(name), name
        pixmap = QIcon.fromTheme(name).pixmap(64)
        assert not pixmap.isNull(), name
        assert pixmap.width() == 64, name
    assert not app_icon().isNull()
    assert QIcon.fallbackThemeName() == THEME


def test_replaces_qts_default_fallback_but_not_a_chosen_one(qapp: QApplication) -> None:
    before = QIcon.fallbackThemeName()
    try:
        QIcon.setFallbackThemeName("hicolor")  # what Qt sets on X11 without a desktop
        install_icon_theme()
        assert QIcon.fallbackThemeName() == THEME
        QIcon.setFallbackThemeName("Adwaita")
        install_icon_theme()
        assert QIcon.fallbackThemeName() == "Adwaita"
    finally:
        QIcon.setFallbackThemeName(before)


def test_source_svgs_match_the_theme_index() -> None:
    status = ROOT / "resources" / "icons" / THEME / "scalable" / "status"
    assert sorted(p.stem for p in status.glob("*.svg")) == sorted(STATUS_NAMES)
    index = (ROOT / "resources" / "icons" / THEME / "index.theme").read_text()
    assert "Directories=scalable/status,scalable/apps" in index


def test_a_theme_without_status_icons_falls_back_to_ours(theme: None, tmp_path: Path) -> None:
    # A desktop theme that has other icons, but no user-* ones.
    desktop = tmp_path / "icons" / "plain"
    (desktop / "scalable" / "actions").mkdir(parents=True)
    (desktop / "index.theme").write_text(
        "[Icon Theme]\nName=Plain\nDirectories=scalable/actions\n\n"
        "[scalable/actions]\nSize=16\nType=Scalable\n"
    )
    (desktop / "scalable" / "actions" / "edit-copy.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">'
        '<rect width="16" height="16" fill="#000"/></svg>'
    )
    QIcon.setThemeSearchPaths([str(tmp_path / "icons"), *QIcon.themeSearchPaths()])
    QIcon.setThemeName("plain")
    assert QIcon.hasThemeIcon("edit-copy")
    icon = roster_icons.icon_for(roster_icons.status_icon(Show.DND, False))
    # Our do-not-disturb octagon: red, not the painted stand-in's flat circle edge.
    image = icon.pixmap(32).toImage()
    centre_left = QColor(image.pixelColor(6, 16))
    assert centre_left.red() > 150, centre_left.name()
    assert centre_left.green() < 80, centre_left.name()
    assert QIcon.hasThemeIcon("user-busy")


def test_a_desktop_theme_with_the_icon_wins(theme: None, tmp_path: Path) -> None:
    desktop = tmp_path / "icons" / "full"
    (desktop / "scalable" / "status").mkdir(parents=True)
    (desktop / "index.theme").write_text(
        "[Icon Theme]\nName=Full\nDirectories=scalable/status\n\n"
        "[scalable/status]\nSize=16\nType=Scalable\n"
    )
    (desktop / "scalable" / "status" / "user-busy.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">'
        '<rect width="16" height="16" fill="#0000ff"/></svg>'
    )
    QIcon.setThemeSearchPaths([str(tmp_path / "icons"), *QIcon.themeSearchPaths()])
    QIcon.setThemeName("full")
    image = QIcon.fromTheme("user-busy").pixmap(32).toImage()
    assert QColor(image.pixelColor(16, 16)).name() == "#0000ff"


def test_free_for_chat_has_its_own_icon(theme: None) -> None:
    assert roster_icons.status_icon(Show.CHAT, False) is roster_icons.StatusIcon.CHAT
    assert roster_icons.status_icon(Show.CHAT, True) is roster_icons.StatusIcon.IDLE
    icon = roster_icons.icon_for(roster_icons.StatusIcon.CHAT)
    assert icon.name() == "user-available-chat"
