"""A one-line label that may shrink to a few characters: elided, the whole text in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget


class ElidedLabel(QLabel):
    """Status text for narrow windows: "…" where it does not fit (callers set the tooltip)."""

    min_chars = 8

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(
            min(hint.width(), self.fontMetrics().averageCharWidth() * self.min_chars),
            hint.height(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        if self.fontMetrics().horizontalAdvance(self.text()) <= rect.width():
            super().paintEvent(event)
            return
        # Only here: the first use of `Qt` costs start-up time (the main window is shown before
        # most of the app loads), and a status that fits never needs it.
        from PySide6.QtCore import Qt  # noqa: PLC0415

        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )
