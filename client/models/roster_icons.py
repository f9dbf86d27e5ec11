"""Status icons: the desktop theme's user-* icons, else Attend's own, else a painted stand-in.

The freedesktop names (user-available, user-away, user-away-extended, user-busy, user-idle,
user-offline; user-available-chat is Attend's) come from the desktop's icon theme or, where it
lacks them, from Attend's bundled theme (resources/icons/attend, installed as the fallback
theme by client.ui.resources at start-up). Without either (a bare test process), a flat painted
shape is used. Idle is a hollow ring with clock hands, so it never looks like the filled "away"
a user chose. Icons are built once per state and cached; a QGuiApplication must exist.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from client.core.presence import Show

__all__ = ["StatusIcon", "icon_for", "status_icon"]


class StatusIcon(enum.Enum):
    AVAILABLE = "user-available"
    CHAT = "user-available-chat"
    IDLE = "user-idle"
    AWAY = "user-away"
    XA = "user-away-extended"
    BUSY = "user-busy"
    OFFLINE = "user-offline"


_FALLBACK_THEME: dict[StatusIcon, str] = {
    StatusIcon.XA: "user-away",
    StatusIcon.CHAT: "user-available",
}
_COLORS: dict[StatusIcon, str] = {
    StatusIcon.AVAILABLE: "#2e9e44",
    StatusIcon.CHAT: "#2e9e44",
    StatusIcon.IDLE: "#2e9e44",
    StatusIcon.AWAY: "#e0a000",
    StatusIcon.XA: "#c86400",
    StatusIcon.BUSY: "#d0312d",
    StatusIcon.OFFLINE: "#8a8a8a",
}
_cache: dict[StatusIcon, QIcon] = {}


def status_icon(show: Show, idle: bool) -> StatusIcon:
    """Which icon a row gets: a present show that reports idle becomes IDLE."""
    match show:
        case Show.CHAT:
            return StatusIcon.IDLE if idle else StatusIcon.CHAT
        case Show.AVAILABLE:
            return StatusIcon.IDLE if idle else StatusIcon.AVAILABLE
        case Show.AWAY:
            return StatusIcon.AWAY
        case Show.XA:
            return StatusIcon.XA
        case Show.DND:
            return StatusIcon.BUSY
        case Show.OFFLINE:
            return StatusIcon.OFFLINE


def icon_for(state: StatusIcon) -> QIcon:
    icon = _cache.get(state)
    if icon is None:
        icon = _theme_icon(state)
        if icon is None:
            icon = QIcon()
            for size in (16, 22, 32, 48):
                icon.addPixmap(_paint(state, size))
        _cache[state] = icon
    return icon


def _theme_icon(state: StatusIcon) -> QIcon | None:
    for name in (state.value, _FALLBACK_THEME.get(state)):
        if name and QIcon.hasThemeIcon(name):
            return QIcon.fromTheme(name)
    return None


def _paint(state: StatusIcon, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(_COLORS[state])
        margin = size * 0.12
        rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
        centre = rect.center()
        if state in (StatusIcon.IDLE, StatusIcon.OFFLINE):
            # Hollow: present but not at the keyboard, or gone.
            pen = QPen(color, max(1.5, size * 0.12))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = pen.widthF() / 2
            painter.drawEllipse(rect.adjusted(inset, inset, -inset, -inset))
            if state is StatusIcon.IDLE:
                hand = QPen(color, max(1.0, size * 0.09))
                hand.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(hand)
                radius = rect.width() / 2
                painter.drawLine(centre, QPointF(centre.x(), centre.y() - radius * 0.55))
                painter.drawLine(centre, QPointF(centre.x() + radius * 0.4, centre.y()))
            return pixmap
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(rect)
        if state is StatusIcon.BUSY:
            painter.setBrush(QColor("white"))
            bar = QRectF(0, 0, rect.width() * 0.6, max(1.5, rect.height() * 0.18))
            bar.moveCenter(centre)
            painter.drawRect(bar)
        elif state is StatusIcon.XA:
            painter.setBrush(QColor("white"))
            dot = QRectF(0, 0, rect.width() * 0.34, rect.height() * 0.34)
            dot.moveCenter(centre)
            painter.drawEllipse(dot)
    finally:
        painter.end()
    return pixmap
