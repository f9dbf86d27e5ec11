"""The flood chart as a PNG, drawn with QPainter on a QImage (offscreen; no plotting library).

Top: presences handled over time since the component's first write, Attend (blue) and bare
slixmpp (grey), one line per run. Bottom: how late each of Attend's 10 ms lag-probe ticks fired
(only ticks >= 4 ms late are recorded), with the 50 ms target as a red line.
"""

# ruff: noqa: PLC0415  # Qt only when a chart is drawn

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

W, H = 1000, 640
LEFT, RIGHT, TOP = 80, 20, 40
SPLIT = 420  # y where the lag panel starts
BOTTOM = 40


def draw_flood(data: dict[str, Any], path: Path) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the harness never shows a window
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

    app = QGuiApplication.instance() or QGuiApplication([])
    runs = data.get("runs", [])
    t_max = 0.1
    n_max = max(1, int(data.get("count", 1)))
    lag_max = 60.0
    for run in runs:
        for key in ("attend", "reference"):
            if run[key]:
                t_max = max(t_max, run[key][-1][0])
        for _t, ms in run["lags"]:
            lag_max = max(lag_max, ms)
    t_max *= 1.05
    lag_max *= 1.1

    image = QImage(W, H, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(12)
    p.setFont(font)
    plot_w = W - LEFT - RIGHT
    top_h = SPLIT - TOP - 30
    lag_top, lag_h = SPLIT + 10, H - SPLIT - 10 - BOTTOM

    def x(t: float) -> float:
        return LEFT + plot_w * t / t_max

    def y_n(n: float) -> float:
        return TOP + top_h * (1 - n / n_max)

    def y_lag(ms: float) -> float:
        return lag_top + lag_h * (1 - ms / lag_max)

    grey = QColor(150, 150, 150)
    axis = QPen(QColor("black"), 1)
    p.setPen(axis)
    title = (
        f"Presence flood: {data.get('count', 0):,} presences from {data.get('roster', 0):,} JIDs"
        " — Attend (blue) vs bare slixmpp (grey)"
    )
    p.drawText(QRectF(LEFT, 5, plot_w, 25), Qt.AlignmentFlag.AlignLeft, title)
    for top, height in ((TOP, top_h), (lag_top, lag_h)):
        p.drawLine(QPointF(LEFT, top), QPointF(LEFT, top + height))
        p.drawLine(QPointF(LEFT, top + height), QPointF(LEFT + plot_w, top + height))
    # axes labels
    for i in range(5):
        n = n_max * i / 4
        p.drawText(QRectF(0, y_n(n) - 8, LEFT - 6, 16), Qt.AlignmentFlag.AlignRight, f"{n:,.0f}")
        ms = lag_max * i / 4
        p.drawText(QRectF(0, y_lag(ms) - 8, LEFT - 6, 16), Qt.AlignmentFlag.AlignRight,
                   f"{ms:.0f} ms")  # fmt: skip
    steps = 8
    for i in range(steps + 1):
        t = t_max * i / steps
        for base in (TOP + top_h, lag_top + lag_h):
            p.drawText(QRectF(x(t) - 30, base + 4, 60, 16), Qt.AlignmentFlag.AlignCenter,
                       f"{t:.1f} s")  # fmt: skip
    p.drawText(QRectF(LEFT + 6, TOP, 300, 16), Qt.AlignmentFlag.AlignLeft, "presences handled")
    p.drawText(QRectF(LEFT + 6, lag_top, 400, 16), Qt.AlignmentFlag.AlignLeft,
               "Attend UI thread: lag-probe lateness (10 ms timer)")  # fmt: skip

    def curve(points: list[list[float]], color: QColor) -> None:
        p.setPen(QPen(color, 2))
        prev = QPointF(x(0), y_n(0))
        for t, n in points:
            here = QPointF(x(max(t, 0.0)), y_n(min(n, n_max)))
            p.drawLine(prev, QPointF(here.x(), prev.y()))  # a step: nothing handled in between
            p.drawLine(QPointF(here.x(), prev.y()), here)
            prev = here

    for run in runs:
        curve(run["reference"], grey)
    for run in runs:
        curve(run["attend"], QColor(30, 90, 200))
    # lag panel
    p.setPen(QPen(QColor(200, 30, 30), 1, Qt.PenStyle.DashLine))
    p.drawLine(QPointF(LEFT, y_lag(50)), QPointF(LEFT + plot_w, y_lag(50)))
    p.drawText(QRectF(LEFT + plot_w - 120, y_lag(50) - 16, 120, 16),
               Qt.AlignmentFlag.AlignRight, "target 50 ms")  # fmt: skip
    p.setPen(QPen(QColor(30, 90, 200), 2))
    for run in runs:
        for t, ms in run["lags"]:
            p.drawLine(QPointF(x(t), y_lag(0)), QPointF(x(t), y_lag(ms)))
    p.end()
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
    del app
