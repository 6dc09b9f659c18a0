"""The window machinery every playground window shares: the controller, sessions (New, Open,
Recent, Save, autosave, recovery), playback (toolbar, shortcuts, speed, timeline), the status
bar, docks with remembered layout, exports, and frames drawn on a paced clock.

Subclasses supply the views: :meth:`_create_views` (central widget and docks),
:meth:`_structure_views` (when the problem or the runs change), :meth:`_draw_views` (each frame),
and optionally extra actions, menus and toolbar items.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDockWidget, QFileDialog, QLabel, QMainWindow,
                               QMessageBox, QScrollArea, QSlider, QToolBar)

from ..session.io import SessionError, load_session, save_session
from ..session.model import Session
from . import exporting
from .controller import SPEEDS, Controller
from .panels.optimizer_panel import OptimizerPanel
from .panels.runs_panel import RunsPanel

APP_NAME = "Optimization Playground"
FRAME_MS = 16  # redraw clock: at most ~60 frames per second, never once per training step
#: while training runs flat out, drawing may take at most this share of the time: painting holds
#: Python's GIL, so every millisecond spent drawing is one the training thread cannot use
DRAW_BUDGET = 0.15
AUTOSAVE_MS = 20_000
MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings("OptimizationPlayground", "OptimizationPlayground")


def autosave_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or str(Path.home())
    return Path(base) / "autosave.json"


#: the open windows (a session of the other kind opens in a window of its own)
OPEN_WINDOWS: list = []


def window_for(session: Session, path: str | None = None, autosave: bool = True):
    """A new window of the right kind for ``session``."""
    if session.is_network:
        from .network_window import NetworkWindow

        return NetworkWindow(session, path, autosave)
    from .main_window import MainWindow

    return MainWindow(session, path, autosave)


class PlaygroundWindow(QMainWindow):
    KIND = "window"  # settings key of the layout

    def __init__(self, session: Session, path: str | None = None, autosave: bool = True):
        super().__init__()
        self.c = Controller(session, self)
        self.c.path = path
        self._autosave_enabled = autosave
        self.setObjectName(type(self).__name__)
        self.resize(1500, 950)
        self.runs_panel = RunsPanel(self.c)
        self.optimizer_panel = OptimizerPanel(self.c)
        self.docks = {}
        for key, title, widget, area, scroll in self._create_views():
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{key}")
            if scroll:  # tall forms scroll on small screens
                area_widget = QScrollArea()
                area_widget.setWidgetResizable(True)
                area_widget.setFrameShape(QScrollArea.NoFrame)
                area_widget.setWidget(widget)
                widget = area_widget
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[key] = dock
        self.lesson_text = QLabel()
        self.lesson_text.setWordWrap(True)
        self.lesson_text.setTextFormat(Qt.RichText)
        self.lesson_text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.lesson_text.setStyleSheet("padding: 6px 8px; font-size: 10.5pt;")
        self.lesson_text.setMaximumHeight(110)  # a few lines: the views keep the space
        lesson_dock = QDockWidget("Lesson", self)
        lesson_dock.setObjectName("dock-lesson")
        lesson_dock.setWidget(self.lesson_text)
        self.addDockWidget(Qt.BottomDockWidgetArea, lesson_dock)
        self.docks["lesson"] = lesson_dock
        self._arrange_docks()

        self._build_actions()
        self.addActions(list(self.act.values()))  # shortcuts work even with menus/toolbar hidden
        self._build_menus()
        self._build_toolbar()
        self._build_statusbar()

        self.c.structure_changed.connect(self._on_structure)
        self.c.playing_changed.connect(self._on_playing)
        self.c.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.c.modified_changed.connect(self.setWindowModified)

        self.frame_timer = QTimer(self)
        self.frame_timer.timeout.connect(self.redraw)
        self.frame_timer.start(FRAME_MS)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.autosave)
        if autosave:
            self.autosave_timer.start(AUTOSAVE_MS)
        self.frames_drawn = 0
        self._restore_layout()
        self._on_structure()

    # -- what subclasses provide -----------------------------------------------------------------
    def _create_views(self) -> list:
        """Set the central widget; return docks as (key, title, widget, area, scrolls)."""
        raise NotImplementedError

    def _arrange_docks(self) -> None:
        pass

    def _structure_views(self) -> None:
        """The problem or the runs changed: rebuild what the views show."""

    def _draw_views(self, step: int, histories, runs, hidden: set) -> None:
        """Draw one frame of the views at ``step``."""

    _texts_at = 0.0

    def _step_text(self, step: int) -> str:
        return f"step {step:,}"

    def central_view(self):
        """The widget that PNG/SVG/animation exports capture."""
        return self.centralWidget()

    def default_session(self) -> Session:
        raise NotImplementedError

    def _extra_actions(self) -> dict:
        return {}

    def _extra_menus(self, edit_menu, view_menu) -> None:
        pass

    def _extra_toolbar(self, toolbar) -> None:
        pass

    # -- building ------------------------------------------------------------------------------
    def _action(self, text, slot, shortcut=None, tip=None, checkable=False):
        a = QAction(text, self)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.WindowShortcut)
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(f"{tip} ({a.shortcut().toString()})" if shortcut else tip)
        a.setCheckable(checkable)
        a.triggered.connect(slot)
        return a

    def _build_actions(self):
        c = self.c
        self.act = {
            "new": self._action("&New", self.new_session, QKeySequence.New, "A new ready-made race"),
            "open": self._action("&Open…", self.open_dialog, QKeySequence.Open, "Open a session file"),
            "save": self._action("&Save", self.save, QKeySequence.Save, "Save the session"),
            "save_as": self._action("Save &As…", self.save_as, QKeySequence.SaveAs, "Save under a new name"),
            "quit": self._action("&Quit", self.close, QKeySequence.Quit),
            "play": self._action("Play", c.toggle_play, "Space", "Play / pause training"),
            "step": self._action("Step", c.step_once, "Right", "One training step"),
            "reset": self._action("Reset", c.reset, "R", "Back to the start points"),
            "add": self._action("Add run", lambda: c.add_run(), "Ctrl+Shift+N", "Add an Adam run"),
            "duplicate": self._action("Duplicate run", lambda: c.duplicate_run(c.selected), "Ctrl+D"),
            "remove": self._action("Remove run", lambda: c.remove_run(c.selected), "Delete"),
            "compare": self._action("Compare optimizers", c.compare_optimizers, "Ctrl+K",
                                    "SGD, momentum, Adagrad, RMSProp and Adam with rates that suit this problem"),
            "export_png": self._action("View as PNG…", lambda: self.export("png")),
            "export_svg": self._action("View as SVG…", lambda: self.export("svg")),
            "export_csv": self._action("Histories as CSV…", lambda: self.export("csv")),
            "export_gif": self._action("Animation as GIF…", lambda: self.export("gif")),
            "export_mp4": self._action("Animation as MP4…", lambda: self.export("mp4")),
            "about": self._action("About", self.about),
            "keys": self._action("Keyboard shortcuts", self.shortcuts_help, "F1"),
        }
        if not exporting.mp4_available():
            self.act["export_mp4"].setEnabled(False)
            self.act["export_mp4"].setText("Animation as MP4… (needs imageio-ffmpeg)")
        self.act.update(self._extra_actions())
    def _build_menus(self):
        mb = self.menuBar()
        f = mb.addMenu("&File")
        f.addActions([self.act["new"], self.act["open"]])
        self.recent_menu = f.addMenu("Open &Recent")
        f.addActions([self.act["save"], self.act["save_as"]])
        ex = f.addMenu("&Export")
        ex.addActions([self.act[k] for k in ("export_png", "export_svg", "export_csv",
                                             "export_gif", "export_mp4")])
        f.addSeparator()
        f.addAction(self.act["quit"])
        e = mb.addMenu("&Edit")
        e.addActions([self.act[k] for k in ("add", "duplicate", "remove")])
        e.addSeparator()
        e.addAction(self.act["compare"])
        t = mb.addMenu("&Training")
        t.addActions([self.act["play"], self.act["step"], self.act["reset"]])
        v = mb.addMenu("&View")
        for dock in self.docks.values():
            v.addAction(dock.toggleViewAction())
        self._extra_menus(e, v)
        lessons = mb.addMenu("&Lessons")
        from ..lessons import LESSONS

        for name, lesson in LESSONS.items():  # sessions are built only when one is opened
            if len(lesson.parts) == 1:
                lessons.addAction(lesson.title, lambda n=name: self.open_lesson(n, 0))
            else:
                sub = lessons.addMenu(lesson.title)
                for k, part in enumerate(lesson.parts):
                    sub.addAction(part, lambda n=name, k=k: self.open_lesson(n, k))
        h = mb.addMenu("&Help")
        h.addActions([self.act["keys"], self.act["about"]])
        self._fill_recent()

    def _build_toolbar(self):
        tb = QToolBar("Playback")
        tb.setObjectName("toolbar-playback")
        tb.setMovable(False)
        self.addToolBar(tb)
        tb.addActions([self.act["play"], self.act["step"], self.act["reset"]])
        tb.addSeparator()
        tb.addWidget(QLabel(" speed "))
        self.speed = QComboBox()
        self.speed.addItems(list(SPEEDS))
        self.speed.setCurrentText("fastest")
        self.speed.setToolTip("From slow motion to as fast as the machine allows")
        self.speed.currentTextChanged.connect(self.c.set_speed)
        tb.addWidget(self.speed)
        tb.addSeparator()
        self._extra_toolbar(tb)
        tb.addAction(self.act["compare"])
        tb.addSeparator()
        tb.addWidget(QLabel(" step "))
        self.timeline = QSlider(Qt.Horizontal)
        self.timeline.setMinimumWidth(260)
        self.timeline.setToolTip("Scrub back through the recorded history (nothing is recomputed)")
        self.timeline.valueChanged.connect(self._on_timeline)
        tb.addWidget(self.timeline)
        self.timeline_label = QLabel("0")
        # fixed sizes: a label that grows with its text would re-lay out (and fully repaint) the
        # window on every frame
        self.timeline_label.setFixedWidth(150)
        tb.addWidget(self.timeline_label)

    def _build_statusbar(self):
        sb = self.statusBar()
        self.status_step = QLabel()
        self.status_loss = QLabel()
        self.status_rate = QLabel()
        for w, width in ((self.status_step, 190), (self.status_loss, 340), (self.status_rate, 130)):
            w.setFixedWidth(width)
            sb.addPermanentWidget(w)

    # -- reacting --------------------------------------------------------------------------------
    def _mark_dirty(self):
        self.c.dirty = True

    def _on_structure(self):
        s = self.c.session
        self.setWindowTitle(f"{s.name}[*] — {APP_NAME}")
        self.setWindowModified(self.c.modified)
        self._structure_views()
        self._show_lesson()
        self.c.dirty = True

    def _show_lesson(self) -> None:
        """The lesson's explanation in its dock, shown only for a lesson session."""
        from ..lessons import LESSONS

        lesson = LESSONS.get(self.c.session.lesson or "")
        dock = self.docks["lesson"]
        if lesson is None:
            dock.hide()
            return
        part = f" — {self.c.session.name}" if len(lesson.parts) > 1 else ""
        self.lesson_text.setText(f"<b>{lesson.title}</b>{part}<br>{lesson.text}"
                                 "<br><i>Press Space to play.</i>")
        dock.show()

    def open_lesson(self, name: str, part: int = 0) -> None:
        """Open part ``part`` of lesson ``name`` (in a window of the right kind)."""
        from ..lessons import lesson_sessions

        if not self._confirm_discard():
            return
        session = lesson_sessions(name)[part]
        if session.is_network != self.c.session.is_network:
            other = window_for(session, None, self._autosave_enabled)
            OPEN_WINDOWS.append(other)
            other.show()
            return
        self.c.load_session(session, None)

    def _on_playing(self, playing: bool):
        self.act["play"].setText("Pause" if playing else "Play")
        if not playing:  # back to full frame rate, and show the final state now
            self.frame_timer.setInterval(FRAME_MS)
            self.redraw()

    def _on_timeline(self, value: int):
        if self._timeline_sync:
            return
        if self.c.playing:
            self.c.pause()
        self.c.scrub(value)

    _timeline_sync = False

    def redraw(self):
        """Called by the frame clock; draws only when something changed, and paces itself."""
        c = self.c
        if not c.dirty:
            return
        # CPU time of this (GUI) thread since the last frame: drawing, painting, layout, events
        now_cpu, now_wall = time.thread_time(), time.perf_counter()
        cpu, wall = now_cpu - self._last_cpu, now_wall - self._last_wall
        self._last_cpu, self._last_wall = now_cpu, now_wall
        self._draw()
        fast = c.playing and c.rate is None
        if fast and wall > 0:
            # a frame costs about cpu / frames-since; keep the GUI's share within DRAW_BUDGET
            per_frame = cpu / max(self._frames_since, 1)
            interval = max(FRAME_MS, min(1000, int(1000 * per_frame / DRAW_BUDGET)))
        else:
            interval = FRAME_MS
        self._frames_since = 1
        if interval != self.frame_timer.interval():
            self.frame_timer.setInterval(interval)

    _last_cpu = _last_wall = _inspected = 0.0
    _frames_since = 1

    def _draw(self):
        c = self.c
        c.dirty = False
        self.frames_drawn += 1
        step = c.shown_step
        hist, runs, hidden = c.histories(), c.session.runs, c.hidden()
        self._draw_views(step, hist, runs, hidden)
        # the text widgets repaint their parents too: while playing, 4 times a second is enough
        now = time.perf_counter()
        if c.playing and now - self._texts_at < 0.25:
            return
        self._texts_at = now
        self.runs_panel.update_status()
        self._timeline_sync = True
        self.timeline.setMaximum(c.step)
        self.timeline.setValue(step)
        self._timeline_sync = False
        self.timeline_label.setText(f"{step:,} / {c.step:,}")
        self.status_step.setText(self._step_text(step))
        if runs and c.selected < len(hist) and len(hist[c.selected]):
            h = hist[c.selected]
            col = "train_loss" if "train_loss" in h.columns() else "loss"
            loss = h[col][h.row_of_step(step)]
            self.status_loss.setText(f"{runs[c.selected].name}: loss {loss:.4g}")
        else:
            self.status_loss.setText("")
        self.status_rate.setText(f"{c.steps_per_second:,.0f} steps/s" if c.playing else "paused")

    # -- sessions --------------------------------------------------------------------------------
    def _confirm_discard(self) -> bool:
        if not self.c.modified:
            return True
        answer = QMessageBox.question(
            self, APP_NAME, f"Save changes to “{self.c.session.name}”?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def new_session(self):
        if self._confirm_discard():
            self.c.load_session(self.default_session(), None)

    def open_dialog(self):
        if not self._confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open session", self._last_dir(),
                                              "Sessions (*.json);;All files (*)")
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        try:
            session = load_session(path)
        except SessionError as exc:
            QMessageBox.warning(self, "Cannot open session", str(exc))
            return False
        if session.is_network != self.c.session.is_network:  # the other kind: its own window
            other = window_for(session, path, self._autosave_enabled)
            OPEN_WINDOWS.append(other)
            other.show()
            self._add_recent(path)
            return True
        self.c.load_session(session, path)
        self._add_recent(path)
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def save(self) -> bool:
        if not self.c.path:
            return self.save_as()
        return self._save_to(self.c.path)

    def save_as(self) -> bool:
        start = self.c.path or os.path.join(self._last_dir(), f"{self.c.session.name}.json")
        path, _ = QFileDialog.getSaveFileName(self, "Save session", start, "Sessions (*.json)")
        if not path:
            return False
        if not path.endswith(".json"):
            path += ".json"
        if self.c.session.name in ("untitled",) or self.c.session.name.startswith("classic race"):
            self.c.session.name = Path(path).stem
        return self._save_to(path)

    def _save_to(self, path: str) -> bool:
        try:
            save_session(self.c.session, path)
        except OSError as exc:
            QMessageBox.warning(self, "Cannot save", f"{path}: {exc.strerror or exc}")
            return False
        self.c.saved(path)
        self._add_recent(path)
        self.setWindowTitle(f"{self.c.session.name}[*] — {APP_NAME}")
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def _last_dir(self) -> str:
        recent = self._recent()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def _recent(self) -> list[str]:
        value = settings().value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _add_recent(self, path: str):
        path = os.path.abspath(path)
        recent = [path] + [p for p in self._recent() if p != path]
        settings().setValue("recent", recent[:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self):
        self.recent_menu.clear()
        recent = self._recent()
        for p in recent:
            self.recent_menu.addAction(p, lambda p=p: self._confirm_discard() and self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    def autosave(self):
        """Write the session to the recovery file while it has unsaved changes."""
        if not (self._autosave_enabled and self.c.modified):
            return
        try:
            path = autosave_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            save_session(self.c.session, path)
        except OSError:
            pass  # recovery is best effort; the user's own file is untouched

    # -- exports ---------------------------------------------------------------------------------
    def export(self, kind: str):
        filters = {"png": "PNG image (*.png)", "svg": "SVG image (*.svg)",
                   "csv": "Folder for one CSV per run", "gif": "GIF animation (*.gif)",
                   "mp4": "MP4 video (*.mp4)"}
        base = os.path.join(self._last_dir(), self.c.session.name.replace(" ", "_"))
        if kind == "csv":
            path = QFileDialog.getExistingDirectory(self, "Export histories as CSV", self._last_dir())
        else:
            path, _ = QFileDialog.getSaveFileName(self, f"Export {kind.upper()}", f"{base}.{kind}",
                                                  filters[kind])
        if not path:
            return
        try:
            written = exporting.export(self, kind, path)
        except (OSError, ValueError, RuntimeError) as exc:
            QMessageBox.warning(self, "Export failed", str(exc))
            return
        self.statusBar().showMessage(f"Exported {written}", 6000)

    # -- help ------------------------------------------------------------------------------------
    def about(self):
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<b>{APP_NAME}</b><p>Watch optimizers and learning-rate schedules "
                          "train on loss surfaces. Real torch.optim optimizers and lr_scheduler "
                          "classes; every step can be inspected term by term.</p>")

    def shortcuts_help(self):
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in [
            ("Space", "play / pause"), ("→", "one step"), ("R", "reset to the start points"),
            ("Ctrl+K", "compare the classic optimizers"), ("Ctrl+Shift+N", "add a run"),
            ("Ctrl+D", "duplicate the selected run"), ("Delete", "remove the selected run"),
            ("Ctrl+O / Ctrl+S", "open / save a session"), ("click on the surface", "set the selected run's start (before training)"),
            ("drag a start ring", "move that run's start (before training)"),
            ("mouse wheel / drag", "zoom / pan the view")])
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    # -- layout and closing ----------------------------------------------------------------------
    def _restore_layout(self):
        s = settings()
        geometry, state = s.value(f"{self.KIND}/geometry"), s.value(f"{self.KIND}/windowState")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event):
        if not self._confirm_discard():
            event.ignore()
            return
        s = settings()
        s.setValue(f"{self.KIND}/geometry", self.saveGeometry())
        s.setValue(f"{self.KIND}/windowState", self.saveState())
        self.frame_timer.stop()
        self.autosave_timer.stop()
        self.c.shutdown()
        if self._autosave_enabled:
            try:
                autosave_path().unlink()
            except OSError:
                pass
        event.accept()
