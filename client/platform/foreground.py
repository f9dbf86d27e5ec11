"""Foreground and visibility of our windows, from QGuiApplication and QWindow state."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow

from client.platform.base import ForegroundSource

DEFAULT_RECHECK_MS = 2000

# Secondary windows (popups, tooltips, tool palettes, splash screens) don't make the app "shown".
_MAIN_WINDOW_TYPES = frozenset({Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet})
_HIDDEN = frozenset({QWindow.Visibility.Hidden, QWindow.Visibility.Minimized})
_WINDOW_EVENTS = frozenset(
    {QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.WindowStateChange, QEvent.Type.Close}
)


def _shown(window: QWindow) -> bool:
    return window.isVisible() and window.visibility() not in _HIDDEN


def _top_level(window: QWindow) -> QWindow:
    # Child windows embedded in ours, not transient dialogs: their parent's state is not theirs.
    # PySide's stubs say parent() never returns None; it does for top-level windows.
    while (parent := cast("QWindow | None", window.parent())) is not None:
        window = parent
    return window


class QtForegroundSource(ForegroundSource):
    """Foreground: the app is Active and its focus window is shown and not minimised.

    Without a focus window, any shown top-level window of ours counts. The application state
    alone is not enough: on Wayland ``hide()`` leaves the app Active and minimising is invisible
    to the client, and on X11 without a window manager a minimised app stays Active.

    Re-checked (deferred to the event loop, coalesced) on ``applicationStateChanged``,
    ``focusWindowChanged``, and Show/Hide/WindowStateChange/Close of each top-level window, which
    get an event filter of their own as they are discovered; a periodic re-check discovers
    windows shown without taking focus. Calling ``is_foreground``/``is_visible`` re-checks too.
    """

    visibility_changed = Signal(bool)
    name = "qt"

    def __init__(
        self,
        app: QGuiApplication | None = None,
        *,
        recheck_ms: int = DEFAULT_RECHECK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        instance = app if app is not None else QCoreApplication.instance()
        if not isinstance(instance, QGuiApplication):
            raise RuntimeError("QtForegroundSource needs a QGuiApplication")
        self._app: QGuiApplication | None = instance
        self._deferred = QTimer(self)
        self._deferred.setSingleShot(True)
        self._deferred.setInterval(0)
        self._deferred.timeout.connect(self._recheck)
        self._periodic = QTimer(self)
        self._periodic.setInterval(recheck_ms)
        self._periodic.timeout.connect(self._recheck)
        self._periodic.start()
        instance.applicationStateChanged.connect(self._schedule)
        instance.focusWindowChanged.connect(self._on_focus_window_changed)
        self._foreground, self._visible = self._evaluate()

    def is_foreground(self) -> bool:
        self._recheck()
        return self._foreground

    def is_visible(self) -> bool:
        """Whether some top-level window of ours is shown and not minimised."""
        self._recheck()
        return self._visible

    def close(self) -> None:
        """Stop watching; safe to call twice."""
        self._periodic.stop()
        self._deferred.stop()
        if self._app is not None:
            self._app.applicationStateChanged.disconnect(self._schedule)
            self._app.focusWindowChanged.disconnect(self._on_focus_window_changed)
            for window in QGuiApplication.topLevelWindows():
                window.removeEventFilter(self)
            self._app = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _WINDOW_EVENTS:
            # Deferred: Qt updates visibility() around, not before, these events.
            self._schedule()
        return False

    def _schedule(self) -> None:
        if self._app is not None:
            self._deferred.start()

    def _on_focus_window_changed(self, window: QWindow | None) -> None:
        if window is not None:
            _top_level(window).installEventFilter(self)
        self._schedule()

    def _evaluate(self) -> tuple[bool, bool]:
        windows = [w for w in QGuiApplication.topLevelWindows() if w.type() in _MAIN_WINDOW_TYPES]
        for window in windows:
            # Installing again only moves the filter to the front; it never doubles up.
            window.installEventFilter(self)
        visible = any(_shown(w) for w in windows)
        active = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        focus = QGuiApplication.focusWindow()
        shown = _shown(_top_level(focus)) if focus is not None else visible
        return active and shown, visible

    def _recheck(self) -> None:
        if self._app is None:
            return
        foreground, visible = self._evaluate()
        visible_changed = visible != self._visible
        foreground_changed = foreground != self._foreground
        # Both updated before either signal, so slots that ask again see a consistent state.
        self._foreground, self._visible = foreground, visible
        if visible_changed:
            self.visibility_changed.emit(visible)
        if foreground_changed:
            self.foreground_changed.emit(foreground)
