"""The surface window: a live playground of optimizers on two-parameter loss surfaces — the
surface view in the centre, docks for runs, optimizer, curves, the step inspector and 3-D."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QInputDialog, QLabel, QMessageBox

from ..core.surfaces.problem import CUSTOM, surface_names
from ..session.model import Session, classic_race
from .base_window import (APP_NAME, FRAME_MS, OPEN_WINDOWS, PlaygroundWindow, autosave_path,  # noqa: F401
                          settings)
from .panels.inspector_panel import InspectorPanel
from .views.curves_view import CurvesView
from .views.surface3d_view import Surface3DView
from .views.surface_view import ARROW_STYLES, SurfaceView

CUSTOM_ITEM = "custom formula…"


class MainWindow(PlaygroundWindow):
    KIND = "surface"

    def __init__(self, session: Session | None = None, path: str | None = None,
                 autosave: bool = True):
        super().__init__(session or classic_race("rosenbrock"), path, autosave)
        self.surface_view.start_moved.connect(self._on_start_dragged)
        self.surface_view.clicked.connect(self._on_surface_click)
        self.surface_view.range_changed.connect(self._mark_dirty)

    def default_session(self) -> Session:
        return classic_race("rosenbrock")

    def _create_views(self):
        self.surface_view = SurfaceView()
        self.setCentralWidget(self.surface_view)
        self.curves_view = CurvesView()
        self.inspector = InspectorPanel(self.c)
        self.view3d = Surface3DView()
        return [
            ("runs", "Runs", self.runs_panel, Qt.LeftDockWidgetArea, False),
            ("optimizer", "Optimizer and schedule", self.optimizer_panel, Qt.LeftDockWidgetArea, True),
            ("curves", "Curves", self.curves_view, Qt.RightDockWidgetArea, False),
            ("inspector", "Step inspector", self.inspector, Qt.RightDockWidgetArea, True),
            ("view3d", "3-D view", self.view3d, Qt.RightDockWidgetArea, False),
        ]

    def _arrange_docks(self):
        self.tabifyDockWidget(self.docks["curves"], self.docks["view3d"])
        self.docks["curves"].raise_()
        self.docks["view3d"].hide()  # off until asked for (View ▸ 3-D view)
        self.docks["view3d"].visibilityChanged.connect(self._mark_dirty)
        self.resizeDocks([self.docks["runs"], self.docks["curves"]], [380, 470], Qt.Horizontal)
        self.resizeDocks([self.docks["runs"], self.docks["optimizer"]], [230, 700], Qt.Vertical)

    def central_view(self):
        return self.surface_view

    def _extra_actions(self):
        self.arrow_actions = {}
        for kind, (label, *_r) in ARROW_STYLES.items():
            self.arrow_actions[kind] = self._action(
                f"Arrow: {label}", lambda checked, k=kind: self._toggle_arrow(k, checked), checkable=True)
        return {"custom": self._action("Custom surface formula…", self.ask_formula, None,
                                       "Type f(x, y), e.g. x^2 + 10*y^2")}

    def _extra_menus(self, edit_menu, view_menu):
        surf = edit_menu.addMenu("&Surface")
        for name in surface_names():
            surf.addAction(name, lambda n=name: self.set_surface(n))
        surf.addSeparator()
        surf.addAction(self.act["custom"])
        view_menu.addSeparator()
        view_menu.addActions(list(self.arrow_actions.values()))

    def _extra_toolbar(self, tb):
        tb.addWidget(QLabel(" surface "))
        self.surface_combo = QComboBox()
        self.surface_combo.addItems(surface_names() + [CUSTOM_ITEM])
        self.surface_combo.activated.connect(self._surface_chosen)
        tb.addWidget(self.surface_combo)

    def _structure_views(self):
        s = self.c.session
        try:
            surface = s.surface()
        except Exception as exc:  # a session was validated on load; this is defensive only
            self.statusBar().showMessage(str(exc))
            return
        key = (s.problem, s.formula, s.view_box)
        if getattr(self, "_surface_key", None) != key:
            self.surface_view.set_surface(surface, s.view_box)
            self.view3d.set_surface(surface, s.view_box)
            self._surface_key = key
        self.surface_combo.setCurrentText(s.problem if s.problem != CUSTOM else CUSTOM_ITEM)
        self.surface_view.set_runs(s.runs, movable=self.c.step == 0)
        self.curves_view.set_runs(s.runs)
        self.view3d.set_runs(s.runs)
        arrows = s.view.get("arrows", {})
        for kind, a in self.arrow_actions.items():
            a.setChecked(arrows.get(kind, True))

    def _on_playing(self, playing: bool):
        super()._on_playing(playing)
        for r in self.surface_view.runs:
            r["start"].movable = not playing and self.c.step == 0  # TargetItem has no setter

    def _draw_views(self, step, hist, runs, hidden):
        c = self.c
        arrows = {k: a.isChecked() for k, a in self.arrow_actions.items()}
        self.surface_view.update_runs(hist, runs, step, hidden, arrows)
        self.curves_view.update_runs(hist, runs, step, hidden)
        if self.docks["view3d"].isVisible():
            self.view3d.update_runs(hist, runs, step, hidden)
        inspect_due = not c.playing or time.perf_counter() - self._inspected > 0.25
        if self.docks["inspector"].isVisible() and inspect_due:
            self.inspector.refresh()
            self._inspected = time.perf_counter()

    _inspected = 0.0

    def _toggle_arrow(self, kind: str, checked: bool):
        arrows = dict(self.c.session.view.get("arrows", {}))
        arrows[kind] = checked
        self.c.set_view_option("arrows", arrows)

    def _on_start_dragged(self, i: int, x: float, y: float):
        if self.c.step == 0 and not self.c.playing:
            self.c.selected = i
            self.c.set_start(i, x, y)

    def _on_surface_click(self, x: float, y: float):
        if self.c.playing or self.c.step > 0:
            self.statusBar().showMessage("Press Reset (R) to choose new start points.", 4000)
            return
        if self.c.session.runs:
            self.c.set_start(self.c.selected, x, y)

    # -- surfaces --------------------------------------------------------------------------------
    def _surface_chosen(self, index: int):
        text = self.surface_combo.itemText(index)
        if text == CUSTOM_ITEM:
            self.ask_formula()
        else:
            self.set_surface(text)

    def set_surface(self, name: str, formula: str | None = None) -> bool:
        error = self.c.set_problem(name, formula)
        if error:
            QMessageBox.warning(self, "Surface not changed", error)
            self._on_structure()
            return False
        return True

    def ask_formula(self):
        current = self.c.session.formula or "x^2 + 10*y^2"
        text, ok = QInputDialog.getText(
            self, "Custom surface", "f(x, y) = \n(numbers, x, y, pi, e, + − * / ^, sin cos exp log "
            "sqrt abs tanh sigmoid relu …)", text=current)
        if ok:
            self.set_surface(CUSTOM, text)
        else:
            self._on_structure()
