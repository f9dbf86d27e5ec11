"""Paints one roster row: status icon, name, status message and the idle marker.

Every row has the same height, so the view can use setUniformItemSizes(True). The idle marker
("idle 12 min") is drawn in italics after a small clock, right-aligned, so it never looks like
an "away" the user chose (that one is only the status icon). Rows whose presence is not
confirmed since our connection dropped are drawn faded.

A contact with unread messages gets a count badge at the right edge and a bold name. The badge
uses the palette's highlight colours (chosen by the theme to contrast with each other, light or
dark), swapped on a selected row so it never disappears into the selection; its size comes
from the font metrics and it is drawn antialiased in logical coordinates, so it stays sharp
and proportionate at any device pixel ratio.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from client.models.roster_model import RosterRole, RowKind

_PAD = 4
_ICON = 16
_BADGE_MAX = 99  # more shows as "99+"


class RosterDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = max(QFontMetrics(option.font).height(), _ICON) + 2 * _PAD
        # The list stretches rows to its width; a wider hint would only force a sideways
        # scroll in a narrow window. Everything painted is elided to the width it gets.
        return QSize(_ICON + 4 * _PAD, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # Background, selection and focus as the style draws them, without its text and icon.
        opt.text = ""
        opt.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        painter.save()
        try:
            if index.data(RosterRole.IS_HEADER):
                self._paint_header(painter, opt, index, style)
            else:
                self._paint_contact(painter, opt, index)
        finally:
            painter.restore()

    def _text_color(self, opt: QStyleOptionViewItem) -> QColor:
        palette: QPalette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        return palette.color(role)

    def _dim(self, color: QColor) -> QColor:
        dim = QColor(color)
        dim.setAlphaF(0.6)
        return dim

    def _paint_header(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        style: QStyle,
    ) -> None:
        rect: QRect = opt.rect.adjusted(_PAD, 0, -_PAD, 0)
        color = self._text_color(opt)
        arrow = QStyleOptionViewItem(opt)
        arrow.rect = QRect(rect.left(), rect.top(), 12, rect.height())
        element = (
            QStyle.PrimitiveElement.PE_IndicatorArrowRight
            if index.data(RosterRole.COLLAPSED)
            else QStyle.PrimitiveElement.PE_IndicatorArrowDown
        )
        style.drawPrimitive(element, arrow, painter, opt.widget)
        rect.setLeft(rect.left() + 16)
        font = QFont(opt.font)
        font.setBold(True)
        if index.data(RosterRole.KIND) is RowKind.ACCOUNT:
            font.setPointSizeF(font.pointSizeF() * 1.05)
        counts = str(index.data(RosterRole.COUNTS) or "")
        painter.setFont(opt.font)
        painter.setPen(self._dim(color))
        counts_width = painter.fontMetrics().horizontalAdvance(counts) if counts else 0
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, counts)
        rect.setRight(rect.right() - counts_width - _PAD)
        painter.setFont(font)
        painter.setPen(color)
        name = painter.fontMetrics().elidedText(
            str(index.data() or ""), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

    def _paint_contact(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect: QRect = opt.rect.adjusted(_PAD + 12, 0, -_PAD, 0)
        if index.data(RosterRole.IS_STALE):
            painter.setOpacity(0.55)
        color = self._text_color(opt)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(icon, QIcon):
            top = rect.top() + (rect.height() - _ICON) // 2
            icon.paint(painter, QRect(rect.left(), top, _ICON, _ICON))
        rect.setLeft(rect.left() + _ICON + _PAD)

        unread = int(index.data(RosterRole.UNREAD) or 0)
        if unread > 0:
            width = self._paint_badge(painter, opt, rect, unread)
            rect.setRight(rect.right() - width - _PAD)

        marker = str(index.data(RosterRole.MARKER) or "")
        if marker:
            italic = QFont(opt.font)
            italic.setItalic(True)
            painter.setFont(italic)
            metrics = painter.fontMetrics()
            # In a narrow row the name matters more: the marker gets at most about half.
            marker = metrics.elidedText(marker, Qt.TextElideMode.ElideRight, rect.width() // 2)
            width = metrics.horizontalAdvance(marker)
            painter.setPen(self._dim(color))
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, marker
            )
            right = rect.right() - width - _PAD
            if index.data(RosterRole.IS_IDLE):
                self._paint_clock(painter, right - 10, rect.center().y(), self._dim(color))
                right -= 14
            rect.setRight(right - _PAD)

        name_font = QFont(opt.font)
        if unread > 0:
            name_font.setBold(True)
        painter.setFont(name_font)
        metrics = painter.fontMetrics()
        name = str(index.data() or "")
        status = str(index.data(RosterRole.STATUS_MESSAGE) or "").replace("\n", " ")
        name_text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(color)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name_text
        )
        rest = rect.width() - metrics.horizontalAdvance(name_text) - 2 * _PAD
        painter.setFont(opt.font)
        metrics = painter.fontMetrics()
        if status and rest > 20:
            status_rect = QRect(rect)
            status_rect.setLeft(rect.right() - rest)
            painter.setPen(self._dim(color))
            painter.drawText(
                status_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(status, Qt.TextElideMode.ElideRight, rest),
            )

    @staticmethod
    def badge_text(opt: QStyleOptionViewItem, count: int) -> str:
        shown = opt.locale.toString(min(count, _BADGE_MAX))
        return shown + "+" if count > _BADGE_MAX else shown

    def _paint_badge(
        self, painter: QPainter, opt: QStyleOptionViewItem, rect: QRect, count: int
    ) -> int:
        """A rounded count at the right of ``rect``; returns the width it took."""
        font = QFont(opt.font)
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        label = self.badge_text(opt, count)
        height = metrics.height() + 2
        width = max(height, metrics.horizontalAdvance(label) + height // 2 + 2)
        badge = QRectF(
            rect.right() - width + 1, rect.top() + (rect.height() - height) / 2, width, height
        )
        palette: QPalette = opt.palette
        fill_role, text_role = QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText
        if opt.state & QStyle.StateFlag.State_Selected:
            fill_role, text_role = text_role, fill_role
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(fill_role))
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(palette.color(text_role))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()
        return width

    @staticmethod
    def _paint_clock(painter: QPainter, x: int, y: int, color: QColor) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        centre = QPointF(x + 5, y)
        painter.drawEllipse(centre, 5, 5)
        painter.drawLine(centre, QPointF(centre.x(), centre.y() - 3.5))
        painter.drawLine(centre, QPointF(centre.x() + 2.5, centre.y()))
