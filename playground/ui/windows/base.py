"""The window machinery every playground window shares: the controller, playback (toolbar,
shortcuts, speed, timeline), the status bar, docks with remembered layout and the frame loop.
Session files, the lessons, exports and frame pacing live in helpers the window owns
(:mod:`..session_files`, :mod:`..lesson_dock`, :mod:`..exporting`, :mod:`..frame_clock`).

Subclasses supply the views: :meth:`_create_views` (central widget and docks) fills
:attr:`views`, the table of views drawn every frame (each has ``set_runs(runs, ...)`` and
``draw(frame)``); :meth:`_structure_views` runs when the problem or the runs change;
:meth:`_draw_extras` draws what is not a view; and optionally extra actions, menus and
toolbar items.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDockWidget, QFileDialog, QLabel, QMainWindow,
                               QMessageBox, QScrollArea, QSlider, QToolBar)

from ...session.model import Session
from .. import exporting
from ..controller import SPEEDS, Controller, Frame
from ..frame_clock import FrameClock
from ..lesson_dock import LessonDock, fill_lessons_menu
from ..panels.optimizer_panel import OptimizerPanel
from ..panels.runs_panel import RunsPanel
from ..session_files import SessionFiles, app_name, settings
from ..language import fill_language_menu

translate = QCoreApplication.translate

#: the open windows (a session of the other kind opens in a window of its own)
OPEN_WINDOWS: list = []


def playground_windows() -> list:
    """Every open playground window, the active one first."""
    from PySide6.QtWidgets import QApplication

    windows = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, PlaygroundWindow) and w.isVisible()]
    active = QApplication.activeWindow()
    return sorted(windows, key=lambda w: w is not active)


def quit_all() -> bool:
    """File ▸ Quit: close every window, each asking to save if it has unsaved work; stop at the
    first Cancel (that window and the ones not yet asked stay open). True when all closed (Qt
    then quits with the last window)."""
    for window in playground_windows():
        if not window.close():
            return False
    return True


class PlaygroundWindow(QMainWindow):
    KIND = "window"  # settings key of the layout

    def __init__(self, session: Session, path: str | None = None, autosave: bool = True):
        super().__init__()
        self.controller = Controller(session, self)
        self.controller.path = path
        try:
            self._build(autosave)
        except BaseException:
            # a session this window cannot show: the caller says why; the worker threads the
            # controller started must not outlive the half-built window
            self.controller.shutdown()
            if hasattr(self, "session_files"):
                self.session_files.autosave_timer.stop()
            self.deleteLater()
            raise

    def _build(self, autosave: bool) -> None:
        self.setObjectName(type(self).__name__)
        self.resize(1500, 950)
        self.runs_panel = RunsPanel(self.controller)
        self.optimizer_panel = OptimizerPanel(self.controller)
        #: the views drawn every frame, by key (a dock's key when the view is in a dock)
        self.views: dict = {}
        self.docks: dict[str, QDockWidget] = {}
        self._texts_at = 0.0  # when the text widgets were last refreshed
        self._timeline_sync = False  # True while the timeline is moved by the frame loop
        self.scroll_areas: list[QScrollArea] = []  # the docks' scroll areas (back to top on load)
        for key, title, widget, area, scroll in self._create_views():
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{key}")
            if scroll:  # tall forms scroll on small screens
                area_widget = QScrollArea()
                area_widget.setWidgetResizable(True)
                area_widget.setFrameShape(QScrollArea.NoFrame)
                area_widget.setWidget(widget)
                # as wide as the form needs beside its scroll bar: it scrolls up and down,
                # never sideways with fields cut off (issue 8, item 6)
                area_widget.setMinimumWidth(widget.minimumSizeHint().width()
                                            + area_widget.verticalScrollBar().sizeHint().width())
                area_widget.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
                self.scroll_areas.append(area_widget)
                widget = area_widget
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[key] = dock
            dock.visibilityChanged.connect(self.controller.mark_dirty)  # a shown view redraws
        self.lesson_dock = LessonDock(self)
        # the right column keeps the window's full height (the step inspector and its escape
        # button stay in view); the lesson's text runs under the view and the left column
        self.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.lesson_dock)
        self.docks["lesson"] = self.lesson_dock
        self._arrange_docks()

        self.session_files = SessionFiles(self, autosave)
        self._build_actions()
        self.addActions(list(self.act.values()))  # shortcuts work even with menus/toolbar hidden
        self._build_menus()
        self._build_toolbar()
        self._build_statusbar()

        self.controller.structure_changed.connect(self._on_structure)
        self.controller.playing_changed.connect(self._on_playing)
        self.controller.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.controller.modified_changed.connect(self.setWindowModified)
        self.controller.session_loaded.connect(self._on_session_loaded)

        self.frame_clock = FrameClock(self.controller, self._draw, self)
        self._restore_layout()
        self._on_structure()
        if self.view_error is not None:
            raise self.view_error
        self.setAcceptDrops(True)  # a session file dropped on the window opens it
        # keyboard focus starts on the picture, not in the first spin box, which would take
        # the Space meant for Play (issue 8, item 4)
        focus = self.central_view()
        focus.setFocusPolicy(Qt.StrongFocus)
        self.setFocusProxy(focus)
        focus.setFocus()

    # -- what subclasses provide -----------------------------------------------------------------
    def _create_views(self) -> list:
        """Set the central widget and fill :attr:`views`; return docks as (key, title, widget,
        area, scrolls)."""
        raise NotImplementedError

    def _arrange_docks(self) -> None:
        pass

    def _structure_views(self) -> None:
        """The problem or the runs changed: rebuild what the views show."""

    def _draw_extras(self, frame: Frame) -> None:
        """Draw, at ``frame``, what is not in :attr:`views` (throttled panels and the like)."""

    def _draw_texts(self, frame: Frame) -> None:
        """Refresh text panels at ``frame``: called with the step counter, so both always show
        the same step."""

    def _step_text(self, step: int) -> str:
        return translate("PlaygroundWindow", "step {step}").format(step=f"{step:,}")

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
        controller = self.controller
        files = self.session_files
        self.act = {
            "new": self._action(translate("PlaygroundWindow", "&New"), files.new_session, QKeySequence.New, translate("PlaygroundWindow", "A new ready-made race")),
            "open": self._action(translate("PlaygroundWindow", "&Open…"), files.open_dialog, QKeySequence.Open, translate("PlaygroundWindow", "Open a session file")),
            "save": self._action(translate("PlaygroundWindow", "&Save"), files.save, QKeySequence.Save, translate("PlaygroundWindow", "Save the session")),
            "save_as": self._action(translate("PlaygroundWindow", "Save &As…"), files.save_as, QKeySequence.SaveAs, translate("PlaygroundWindow", "Save under a new name")),
            "quit": self._action(translate("PlaygroundWindow", "&Quit"), quit_all, "Ctrl+Q",
                                 translate("PlaygroundWindow", "Close every window (each asks to save unsaved work) and quit")),
            "play": self._action(translate("PlaygroundWindow", "Play"), controller.toggle_play, "Space", translate("PlaygroundWindow", "Play / pause training")),
            "step": self._action(translate("PlaygroundWindow", "Step"), controller.step_once, "Right", translate("PlaygroundWindow", "One training step")),
            "reset": self._action(translate("PlaygroundWindow", "Reset"), controller.reset, "R", translate("PlaygroundWindow", "Back to the start points")),
            "add": self._action(translate("PlaygroundWindow", "Add run"), lambda: controller.add_run(), "Ctrl+Shift+N", translate("PlaygroundWindow", "Add an Adam run")),
            "duplicate": self._action(translate("PlaygroundWindow", "Duplicate run"), lambda: controller.duplicate_run(controller.selected), "Ctrl+D"),
            "remove": self._action(translate("PlaygroundWindow", "Remove run"), lambda: controller.remove_run(controller.selected), "Delete"),
            "compare": self._action(translate("PlaygroundWindow", "Compare optimizers"), controller.compare_optimizers, "Ctrl+K",
                                    translate("PlaygroundWindow", "SGD, momentum, Adagrad, RMSProp and Adam with rates that suit this problem")),
            "export_png": self._action(translate("PlaygroundWindow", "View as PNG…"), lambda: self.export("png")),
            "export_svg": self._action(translate("PlaygroundWindow", "View as SVG…"), lambda: self.export("svg")),
            "export_csv": self._action(translate("PlaygroundWindow", "Histories as CSV…"), lambda: self.export("csv")),
            "export_gif": self._action(translate("PlaygroundWindow", "Animation as GIF…"), lambda: self.export("gif")),
            "export_mp4": self._action(translate("PlaygroundWindow", "Animation as MP4…"), lambda: self.export("mp4")),
            "about": self._action(translate("PlaygroundWindow", "About"), self.about),
            "keys": self._action(translate("PlaygroundWindow", "Keyboard shortcuts"), self.shortcuts_help, "F1"),
            "start": self._action(translate("PlaygroundWindow", "Start page"), self.show_start_page, None,
                                  translate("PlaygroundWindow", "The lessons as a gallery, and free play")),
        }
        if not exporting.mp4_available():
            self.act["export_mp4"].setEnabled(False)
            self.act["export_mp4"].setText(translate("PlaygroundWindow", "Animation as MP4… (needs imageio-ffmpeg)"))
        self.act.update(self._extra_actions())
    def _build_menus(self):
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(translate("PlaygroundWindow", "&File"))
        file_menu.addActions([self.act["new"], self.act["open"]])
        file_menu.addMenu(self.session_files.recent_menu)
        file_menu.addActions([self.act["save"], self.act["save_as"]])
        export_menu = file_menu.addMenu(translate("PlaygroundWindow", "&Export"))
        export_menu.addActions([self.act[k] for k in ("export_png", "export_svg", "export_csv",
                                                      "export_gif", "export_mp4")])
        file_menu.addSeparator()
        file_menu.addAction(self.act["quit"])
        edit_menu = menu_bar.addMenu(translate("PlaygroundWindow", "&Edit"))
        edit_menu.addActions([self.act[k] for k in ("add", "duplicate", "remove")])
        edit_menu.addSeparator()
        edit_menu.addAction(self.act["compare"])
        training_menu = menu_bar.addMenu(translate("PlaygroundWindow", "&Training"))
        training_menu.addActions([self.act["play"], self.act["step"], self.act["reset"]])
        view_menu = menu_bar.addMenu(translate("PlaygroundWindow", "&View"))
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        self._extra_menus(edit_menu, view_menu)
        view_menu.addSeparator()
        fill_language_menu(view_menu.addMenu(translate("PlaygroundWindow", "&Language")), self.retranslate)
        fill_lessons_menu(menu_bar.addMenu(translate("PlaygroundWindow", "&Lessons")), self.open_lesson)
        help_menu = menu_bar.addMenu(translate("PlaygroundWindow", "&Help"))
        help_menu.addActions([self.act["start"], self.act["keys"], self.act["about"]])

    def _build_toolbar(self):
        tb = QToolBar(translate("PlaygroundWindow", "Playback"))
        tb.setObjectName("toolbar-playback")
        tb.setMovable(False)
        self.addToolBar(tb)
        tb.addActions([self.act["play"], self.act["step"], self.act["reset"]])
        tb.addSeparator()
        tb.addWidget(QLabel(translate("PlaygroundWindow", " speed ")))
        self.speed = QComboBox()
        for label in SPEEDS:  # the label is what sessions store; the item shows its translation
            self.speed.addItem(QCoreApplication.translate("Speeds", label), label)
        self.speed.setCurrentIndex(self.speed.findData(self.controller.speed))
        self.speed.setToolTip(translate("PlaygroundWindow", "From slow motion to as fast as the machine allows"))
        self.speed.currentIndexChanged.connect(lambda i: self.controller.set_speed(self.speed.itemData(i)))
        tb.addWidget(self.speed)
        tb.addSeparator()
        self._extra_toolbar(tb)
        tb.addAction(self.act["compare"])
        tb.addSeparator()
        tb.addWidget(QLabel(translate("PlaygroundWindow", " step ")))
        self.timeline = QSlider(Qt.Horizontal)
        self.timeline.setMinimumWidth(260)
        self.timeline.setToolTip(translate("PlaygroundWindow", "Scrub back through the recorded history (nothing is recomputed)"))
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
    def show_title(self) -> None:
        """The file's name once the session has one (it follows Save As), else the session's."""
        path = self.controller.path
        name = os.path.basename(path) if path else self.controller.session.name
        self.setWindowTitle(translate("PlaygroundWindow", "{name}[*] — {app}").format(name=name, app=app_name()))
        self.setWindowModified(self.controller.modified)

    def _on_session_loaded(self) -> None:
        """Another session: nothing of the last one's scrolling survives (issue 8, item 13)."""
        for area in self.scroll_areas:
            area.verticalScrollBar().setValue(0)
            area.horizontalScrollBar().setValue(0)

    def _on_structure(self):
        self.show_title()
        if self.speed.currentData() != self.controller.speed:  # a session brings its own speed
            self.speed.setCurrentIndex(self.speed.findData(self.controller.speed))
        self.view_error = None
        try:
            self._structure_views()
        except Exception as exc:  # noqa: BLE001 - a signal slot: Qt would only print it
            # kept for whoever changed the session (opening a file puts the old one back)
            self.view_error = exc
            self.statusBar().showMessage(translate("PlaygroundWindow", "Cannot show this session: {error}").format(
                error=f"{type(exc).__name__}: {exc}"[:200]), 10_000)
        self.lesson_dock.show_lesson(self.controller.session, self.controller.left_lesson)
        self.controller.mark_dirty()

    def open_lesson(self, name: str, part: int = 0) -> None:
        """Open part ``part`` of lesson ``name`` (in a window of the right kind)."""
        from ...lessons import lesson_sessions

        if self.session_files.confirm_discard():
            self.session_files.open_session(lesson_sessions(name)[part], None)

    def _on_playing(self, playing: bool):
        self.act["play"].setText(translate("PlaygroundWindow", "Pause") if playing else translate("PlaygroundWindow", "Play"))
        if not playing:  # back to full frame rate, and show the final state now
            self.frame_clock.full_rate()
            self.redraw()

    def _on_timeline(self, value: int):
        if self._timeline_sync:
            return
        if self.controller.playing:
            self.controller.pause()
        self.controller.scrub(value)

    def redraw(self) -> None:
        """Draw a frame now if something changed (the frame clock calls this on its own)."""
        self.frame_clock.tick()

    @property
    def frames_drawn(self) -> int:
        return self.frame_clock.frames_drawn

    def _draw(self):
        controller = self.controller
        frame = controller.frame()
        for key, view in self.views.items():
            # a view in a hidden (or tabbed-away) dock is not drawn; showing it redraws
            if key not in self.docks or self.docks[key].isVisible():
                view.draw(frame)
        self._draw_extras(frame)
        # the text widgets repaint their parents too: while playing, 4 times a second is enough
        now = time.perf_counter()
        if frame.playing and now - self._texts_at < 0.25:
            return
        self._texts_at = now
        self._draw_texts(frame)
        self.runs_panel.update_status()
        step, runs, histories = frame.step, frame.runs, frame.histories
        self._timeline_sync = True
        self.timeline.setMaximum(frame.newest)
        self.timeline.setValue(step)
        self._timeline_sync = False
        self.timeline_label.setText(f"{step:,} / {frame.newest:,}")
        self.status_step.setText(self._step_text(step))
        if runs and frame.selected < len(histories) and len(histories[frame.selected]):
            history = histories[frame.selected]
            column = "train_loss" if "train_loss" in history.columns() else "loss"
            loss = history[column][history.row_of_step(step)]
            self.status_loss.setText(translate("PlaygroundWindow", "{run}: loss {loss}").format(run=runs[frame.selected].name, loss=f"{loss:.4g}"))
        else:
            self.status_loss.setText("")
        self.status_rate.setText(translate("PlaygroundWindow", "{rate} steps/s").format(rate=f"{controller.steps_per_second:,.0f}")
                                 if frame.playing else translate("PlaygroundWindow", "paused"))

    # -- sessions (see SessionFiles) ---------------------------------------------------------------
    @staticmethod
    def _dropped_file(event) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        local = [u.toLocalFile() for u in urls if u.isLocalFile()]
        return local[0] if local else None

    def dragEnterEvent(self, event):
        if self._dropped_file(event):
            event.acceptProposedAction()

    def dropEvent(self, event):
        """Open the (first) file dropped on the window, as File ▸ Open would."""
        path = self._dropped_file(event)
        if path is None:
            return
        event.acceptProposedAction()
        if self.session_files.confirm_discard():
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        return self.session_files.open_path(path)

    def new_session(self) -> None:
        self.session_files.new_session()

    # -- exports ---------------------------------------------------------------------------------
    def export(self, kind: str):
        filters = {"png": translate("PlaygroundWindow", "PNG image (*.png)"), "svg": translate("PlaygroundWindow", "SVG image (*.svg)"),
                   "csv": translate("PlaygroundWindow", "Folder for one CSV per run"), "gif": translate("PlaygroundWindow", "GIF animation (*.gif)"),
                   "mp4": translate("PlaygroundWindow", "MP4 video (*.mp4)")}
        base = os.path.join(self.session_files.last_dir(), self.controller.session.name.replace(" ", "_"))
        if kind == "csv":
            path = QFileDialog.getExistingDirectory(self, translate("PlaygroundWindow", "Export histories as CSV"), self.session_files.last_dir())
        else:
            path, _ = QFileDialog.getSaveFileName(self, translate("PlaygroundWindow", "Export {kind}").format(kind=kind.upper()), f"{base}.{kind}",
                                                  filters[kind])
        if not path:
            return
        try:
            written = exporting.export(self, kind, path)
        except (OSError, ValueError, RuntimeError) as exc:
            QMessageBox.warning(self, translate("PlaygroundWindow", "Export failed"), str(exc))
            return
        self.statusBar().showMessage(translate("PlaygroundWindow", "Exported {what}").format(what=written), 6000)

    # -- help ------------------------------------------------------------------------------------
    def show_start_page(self):
        from ..start_page import show_start_page

        return show_start_page(self)

    def about(self):
        QMessageBox.about(self, translate("PlaygroundWindow", "About {app}").format(app=app_name()),
                          translate("PlaygroundWindow", "<b>{app}</b><p>Watch optimizers and learning-rate schedules "
                              "train on loss surfaces. Real torch.optim optimizers and lr_scheduler "
                              "classes; every step can be inspected term by term.</p>").format(app=app_name()))

    def shortcuts_help(self):
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in [
            ("Space", translate("PlaygroundWindow", "play / pause")), ("→", translate("PlaygroundWindow", "one step")), ("R", translate("PlaygroundWindow", "reset to the start points")),
            ("Ctrl+K", translate("PlaygroundWindow", "compare the classic optimizers")), ("Ctrl+Shift+N", translate("PlaygroundWindow", "add a run")),
            ("Ctrl+D", translate("PlaygroundWindow", "duplicate the selected run")), ("Delete", translate("PlaygroundWindow", "remove the selected run")),
            ("Ctrl+O / Ctrl+S", translate("PlaygroundWindow", "open / save a session")), (translate("PlaygroundWindow", "click on the surface"), translate("PlaygroundWindow", "set the selected run's start (before training)")),
            (translate("PlaygroundWindow", "drag a start ring"), translate("PlaygroundWindow", "move that run's start (before training)")),
            (translate("PlaygroundWindow", "mouse wheel / drag"), translate("PlaygroundWindow", "zoom / pan the view"))])
        QMessageBox.information(self, translate("PlaygroundWindow", "Keyboard shortcuts"), f"<table>{rows}</table>")

    # -- layout and closing ----------------------------------------------------------------------
    def _restore_layout(self):
        stored = settings()
        geometry = stored.value(f"{self.KIND}/geometry")
        state = stored.value(f"{self.KIND}/windowState")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def retranslate(self, _lang: str = "") -> None:
        """Show every open window in the language just installed (View ▸ Language)."""
        windows = list(OPEN_WINDOWS)
        for window in windows + ([] if self in windows else [self]):
            window.rebuild()

    def rebuild(self) -> "PlaygroundWindow":
        """A new window of the same kind on the same session replaces this one, its texts in
        the installed language (Qt cannot re-run the Python that set each text). The runs start
        again from their start points; unsaved changes stay unsaved."""
        from . import open_window

        session, path, modified = self.controller.session, self.controller.path, self.controller.modified
        self._replaced = True
        stored = settings()
        stored.setValue(f"{self.KIND}/geometry", self.saveGeometry())
        stored.setValue(f"{self.KIND}/windowState", self.saveState())
        self.close()
        if self in OPEN_WINDOWS:
            OPEN_WINDOWS.remove(self)
        window = open_window(session, path, self.session_files.autosave_enabled)
        window.controller.mark_modified(modified)
        return window

    def closeEvent(self, event):
        if not getattr(self, "_replaced", False) and not self.session_files.confirm_discard():
            event.ignore()
            return
        stored = settings()
        stored.setValue(f"{self.KIND}/geometry", self.saveGeometry())
        stored.setValue(f"{self.KIND}/windowState", self.saveState())
        self.frame_clock.stop()
        self.controller.shutdown()
        self.session_files.closed()
        event.accept()
