"""Opt-in instrumentation for `make bench`: JSON lines with monotonic timestamps.

Enabled only when ``ATTEND_BENCH_EVENTS`` names a file; otherwise this module is never imported.
Every line is ``{"t": time.monotonic(), "ev": NAME, ...}`` (CLOCK_MONOTONIC is system-wide on
Linux, so the harness compares it with its own clock and other processes'). Events:

- ``probe``: the probe is attached to the main window (not yet shown; ``Attend`` is built
  after the window is on screen and handed to ``BenchProbe.watch``)
- ``window_exposed`` / ``window_painted``: the main window's first expose / first paint
- ``status``: an account's connection state (``connecting`` is where a sign-in starts)
- ``rows``: the roster view's model changed shape (``n`` rows); ``painted``: the roster view's
  first paint after such a change (``rows`` = row count painted)
- ``presence``: a presence batch reached the model (``batch`` events, ``n`` so far)
- ``lag``: the 10 ms lag-probe timer fired ``ms`` late (only when >= LAG_REPORT_MS), and
  ``cpu_ms``, the CPU time the UI thread used since the previous tick (on a loaded machine a
  late tick with little CPU means the process was waiting for a core, not busy);
  ``ticks``: every second, lag-probe ticks so far and the longest lateness so far
- ``gc``: a garbage collection of generation ``gen`` that took ``ms`` (only when >= 2 ms)
- ``tx``: bytes the client wrote to an XMPP stream (plaintext, before TLS); ``what`` is the
  first element's name; ``csi`` is ``inactive``/``active`` when the write carried that nonza
- ``wiring``: how the roster model was found (``app``) or, if the app does not show one yet,
  wired here the way the app would (``bench``)

Nothing here changes behaviour beyond observing: wrappers call through unchanged.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer

if TYPE_CHECKING:
    from client.app.main import Attend
    from client.models.roster_model import RosterModel
    from client.ui.main_window import MainWindow

ENV = "ATTEND_BENCH_EVENTS"
LAG_INTERVAL_MS = 10
LAG_REPORT_MS = 4.0
_FIRST_TAG = re.compile(rb"<([A-Za-z:]+)")


class BenchProbe(QObject):
    """Watches one running ``Attend`` and writes what the benchmark harness needs.

    Attached to the window before it is shown (cold start measures its first expose); the rest
    of the app is loaded after that and handed over with ``watch``.
    """

    def __init__(self, window: MainWindow, path: str) -> None:
        super().__init__(window)
        self.window = window
        self.attend: Attend | None = None
        self._out: TextIO = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        self._exposed = False
        self._painted_window = False
        self._model: RosterModel | None = None
        self._rows_dirty = False
        self._presences = 0
        self._service: Any = None  # a RosterService wired here (see _find_or_wire_model)
        self._reports_visible = False
        # Lag probe: a precise single-shot timer re-armed on every tick.
        self._lag_timer = QTimer(self)
        self._lag_timer.setSingleShot(True)
        # By name: touching Qt's `Qt` namespace costs ~13 ms, which the app itself only pays
        # after its window is shown; the probe must not add it to the cold start it measures.
        self._lag_timer.setProperty("timerType", "PreciseTimer")
        self._lag_timer.timeout.connect(self._lag_tick)
        self._lag_due = 0.0
        self._lag_cpu = time.thread_time()
        self._lag_ticks = 0
        self._lag_max = 0.0
        self._ticks_timer = QTimer(self)
        self._ticks_timer.setInterval(1000)
        self._ticks_timer.timeout.connect(self._report_ticks)

        window.installEventFilter(self)
        self.record("probe", pid=os.getpid())
        self._gc_started = 0.0
        gc.callbacks.append(self._on_gc)
        self._arm_lag()
        self._ticks_timer.start()

    def watch(self, attend: Attend) -> None:
        """Follow ``attend``'s sessions and roster (built after the window was shown)."""
        self.attend = attend
        attend.manager.status_changed.connect(self._on_status)
        attend.manager.session_added.connect(self._on_session_added)
        self._find_or_wire_model(attend)

    # -- output ---------------------------------------------------------------------------------

    def record(self, ev: str, **fields: Any) -> None:
        fields["t"] = time.monotonic()
        fields["ev"] = ev
        self._out.write(json.dumps(fields) + "\n")

    def close(self) -> None:
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._on_gc)
        self._lag_timer.stop()
        self._ticks_timer.stop()
        self._report_ticks()
        self.record("closed")
        self._out.close()

    # -- window ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        window = self.window
        if watched is window:
            if kind == QEvent.Type.Show:
                handle = window.windowHandle()
                if handle is not None:
                    handle.installEventFilter(self)
            elif kind == QEvent.Type.Paint and not self._painted_window:
                self._painted_window = True
                self.record("window_painted")
        elif kind == QEvent.Type.Expose and not self._exposed:
            handle = window.windowHandle()
            if handle is not None and watched is handle and handle.isExposed():
                self._exposed = True
                self.record("window_exposed")
        elif kind == QEvent.Type.Paint and self._rows_dirty:
            self._rows_dirty = False
            model = window.roster_view.model()
            self.record("painted", rows=model.rowCount() if model is not None else 0)
        return False

    # -- roster model -----------------------------------------------------------------------------

    def _find_or_wire_model(self, attend: Attend) -> None:
        # Imported here: the probe is attached before the window is shown, these after it.
        from client.models.roster_model import RosterModel  # noqa: PLC0415
        from client.services.roster_service import RosterService  # noqa: PLC0415

        view = self.window.roster_view
        model = getattr(attend, "roster_model", None)
        if not isinstance(model, RosterModel):
            current = view.model()
            model = current if isinstance(current, RosterModel) else None
        if model is None:
            # The app does not show a roster yet: wire it the way the app will (the model fed
            # by RosterService from every session, shown in the window's roster view).
            model = RosterModel(self.window)
            self._service = RosterService(model, parent=self.window)
            widget = getattr(self.window, "roster_widget", None)
            if widget is not None and hasattr(widget, "set_model"):
                widget.set_model(model)
            else:
                view.setModel(model)
            if not hasattr(view, "report_visible_rows"):
                view.verticalScrollBar().valueChanged.connect(self._report_visible)
                self._reports_visible = True
        self.record("wiring", roster="bench" if self._service is not None else "app")
        self._model = model
        original: Callable[..., None] = model.apply_presence_batch

        def apply_presence_batch(events: Any) -> None:
            original(events)
            self._presences += len(events)
            self.record("presence", batch=len(events), n=self._presences)

        model.apply_presence_batch = apply_presence_batch  # type: ignore[method-assign]
        for signal in (model.layoutChanged, model.modelReset, model.rowsInserted):
            signal.connect(self._on_rows_changed)
        view.viewport().installEventFilter(self)

    def _on_rows_changed(self, *_args: Any) -> None:
        model = self._model
        if model is None:
            return
        self._rows_dirty = True
        self.record("rows", n=model.rowCount())
        if self._reports_visible:
            self._report_visible()

    def _report_visible(self, *_args: Any) -> None:
        view = self.window.roster_view
        model = self._model
        if model is None or model.rowCount() == 0:
            return
        first = view.indexAt(QPoint(0, 0)).row()
        last = view.indexAt(QPoint(0, view.viewport().height() - 1)).row()
        model.set_visible_rows(max(first, 0), last if last >= 0 else model.rowCount() - 1)

    # -- sessions -------------------------------------------------------------------------------

    def _on_session_added(self, jid: str) -> None:
        bridge = self.attend.manager.sessions.get(jid) if self.attend is not None else None
        if bridge is None:
            return
        if self._service is not None:
            self._service.attach(bridge)
        xmpp = bridge.session.xmpp
        self._count_sent(xmpp)
        xmpp.add_event_handler("session_start", lambda _e: self.record("session_start", jid=jid))

    def _on_status(self, jid: str, status: Any) -> None:
        self.record("status", jid=jid, state=str(status.state.value))

    def _count_sent(self, xmpp: Any) -> None:
        """Every byte slixmpp writes goes through ``send_raw`` (stream header, stanzas, nonzas)."""
        send_raw: Callable[[str | bytes], None] = xmpp.send_raw

        def counted(data: str | bytes) -> None:
            raw = data.encode() if isinstance(data, str) else data
            csi = ""
            if b"urn:xmpp:csi:0" in raw:
                csi = "inactive" if b"<inactive" in raw else "active"
            tag = _FIRST_TAG.search(raw[:200])
            self.record("tx", n=len(raw), csi=csi, what=tag.group(1).decode() if tag else "")
            send_raw(data)

        xmpp.send_raw = counted

    # -- lag probe ------------------------------------------------------------------------------

    def _arm_lag(self) -> None:
        self._lag_due = time.monotonic() + LAG_INTERVAL_MS / 1000
        self._lag_cpu = time.thread_time()
        self._lag_timer.start(LAG_INTERVAL_MS)

    def _lag_tick(self) -> None:
        late_ms = (time.monotonic() - self._lag_due) * 1000
        cpu_ms = (time.thread_time() - self._lag_cpu) * 1000
        self._lag_ticks += 1
        self._lag_max = max(self._lag_max, late_ms)
        if late_ms >= LAG_REPORT_MS:
            self.record("lag", ms=round(late_ms, 2), cpu_ms=round(cpu_ms, 2))
        self._arm_lag()

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
            return
        ms = (time.perf_counter() - self._gc_started) * 1000
        if ms >= 2:
            self.record("gc", gen=info.get("generation", -1), ms=round(ms, 2))

    def _report_ticks(self) -> None:
        self.record("ticks", n=self._lag_ticks, max_ms=round(self._lag_max, 2))


def attach(window: MainWindow) -> BenchProbe | None:
    """A probe on the main ``window`` if ``ATTEND_BENCH_EVENTS`` is set, else None."""
    path = os.environ.get(ENV)
    return BenchProbe(window, path) if path else None
