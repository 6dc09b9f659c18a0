"""The surface window: a live playground of optimizers on two-parameter loss surfaces — the
surface view in the centre, docks for runs, optimizer, curves, the step inspector, critical
points and 3-D."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox

from ...core.surfaces.problem import CUSTOM, surface_names
from ...session.model import Session, classic_race
from .base import PlaygroundWindow
from ..formula_dialog import FormulaDialog
from ..panels.critical_panel import CriticalPointsPanel
from ..panels.inspector_panel import InspectorPanel
from ..views.curves_view import CurvesView
from ..views.surface3d_view import Surface3DView
from ..views.surface_view import ARROW_STYLES, SurfaceView

translate = QCoreApplication.translate

CUSTOM_ITEM = QT_TRANSLATE_NOOP("MainWindow", "custom formula…")  # shown translated


class MainWindow(PlaygroundWindow):
    KIND = "surface"

    def __init__(self, session: Session | None = None, path: str | None = None,
                 autosave: bool = True):
        super().__init__(session or classic_race("rosenbrock"), path, autosave)
        self.surface_view.start_moved.connect(self._on_start_dragged)
        self.surface_view.clicked.connect(self._on_surface_click)
        self.surface_view.range_changed.connect(self.controller.mark_dirty)

    def default_session(self) -> Session:
        return classic_race("rosenbrock")

    def _create_views(self):
        self.surface_view = SurfaceView()
        # docks may not squeeze the surface to a sliver (a restored layout of a larger window did)
        self.surface_view.setMinimumSize(420, 320)
        self.setCentralWidget(self.surface_view)
        self.curves_view = CurvesView()
        self.inspector = InspectorPanel(self.controller)
        self.view3d = Surface3DView()
        self.critical = CriticalPointsPanel(self.controller, self._view_box)
        marks = self.surface_view.curvature
        self.critical.points_found.connect(marks.set_points)
        self.critical.point_selected.connect(marks.select)
        self.inspector.curvature_shown.connect(
            lambda point, c: marks.set_ellipse(point, c.eigenvalues, c.eigenvectors))
        self._inspected = 0.0  # when the inspector was last refreshed
        self._surface_key = None  # the surface the views show
        self.views = {"surface": self.surface_view, "curves": self.curves_view, "view3d": self.view3d}
        return [
            ("runs", translate("MainWindow", "Runs"), self.runs_panel, Qt.LeftDockWidgetArea, False),
            ("optimizer", translate("MainWindow", "Optimizer and schedule"), self.optimizer_panel, Qt.LeftDockWidgetArea, True),
            ("curves", translate("MainWindow", "Curves"), self.curves_view, Qt.RightDockWidgetArea, False),
            ("inspector", translate("MainWindow", "Step inspector"), self.inspector, Qt.RightDockWidgetArea, True),
            ("view3d", translate("MainWindow", "3-D view"), self.view3d, Qt.RightDockWidgetArea, False),
            ("critical", translate("MainWindow", "Critical points"), self.critical, Qt.RightDockWidgetArea, False),
        ]

    def _view_box(self) -> tuple[float, float, float, float]:
        """The part of the surface shown now: where "Find critical points" looks."""
        (x0, x1), (y0, y1) = self.surface_view.plot.getViewBox().viewRange()
        return x0, x1, y0, y1

    def _arrange_docks(self):
        self.tabifyDockWidget(self.docks["curves"], self.docks["view3d"])
        self.tabifyDockWidget(self.docks["inspector"], self.docks["critical"])
        self.docks["inspector"].raise_()
        self.docks["curves"].raise_()
        self.docks["view3d"].hide()  # off until asked for (View ▸ 3-D view)
        self.resizeDocks([self.docks["runs"], self.docks["curves"]], [380, 470], Qt.Horizontal)
        self.resizeDocks([self.docks["runs"], self.docks["optimizer"]], [230, 700], Qt.Vertical)
        # the step inspector gets the height that shows it whole once it is filled (formula,
        # its rows, the curvature box with the saddle lesson's escape button: ~480 px; empty,
        # as now, it asks for less), the curves the rest
        self.resizeDocks([self.docks["curves"], self.docks["inspector"]],
                         [max(250, self.height() - 150 - 480), 480], Qt.Vertical)

    def central_view(self):
        return self.surface_view

    def _extra_actions(self):
        self.arrow_actions = {}
        for kind, (label, *_r) in ARROW_STYLES.items():
            self.arrow_actions[kind] = self._action(
                translate("MainWindow", "Arrow: {label}").format(label=QCoreApplication.translate("SurfaceView", label)), lambda checked, k=kind: self._toggle_arrow(k, checked), checkable=True)
        return {"custom": self._action(translate("MainWindow", "Custom surface formula…"), self.ask_formula, None,
                                       translate("MainWindow", "Type f(x, y), e.g. x^2 + 10*y^2"))}

    def _extra_menus(self, edit_menu, view_menu):
        surf = edit_menu.addMenu(translate("MainWindow", "&Surface"))
        for name in surface_names():
            surf.addAction(name, lambda n=name: self.set_surface(n))
        surf.addSeparator()
        surf.addAction(self.act["custom"])
        view_menu.addSeparator()
        view_menu.addActions(list(self.arrow_actions.values()))

    def _extra_toolbar(self, tb):
        tb.addWidget(QLabel(translate("MainWindow", " surface ")))
        self.surface_combo = QComboBox()
        self.surface_combo.addItems(surface_names() + [translate("MainWindow", CUSTOM_ITEM)])
        self.surface_combo.activated.connect(self._surface_chosen)
        tb.addWidget(self.surface_combo)

    def _structure_views(self):
        session = self.controller.session
        try:
            surface = session.surface()
        except Exception as exc:  # a session was validated on load; this is defensive only
            self.statusBar().showMessage(str(exc))
            return
        key = (session.problem, session.formula, session.view_box)
        if self._surface_key != key:
            self.surface_view.set_surface(surface, session.view_box)
            self.view3d.set_surface(surface, session.view_box)
            self._surface_key = key
        self.surface_combo.setCurrentText(session.problem if session.problem != CUSTOM else translate("MainWindow", CUSTOM_ITEM))
        self.surface_view.set_runs(session.runs, movable=self.controller.step == 0)
        self.curves_view.set_runs(session.runs)
        self.view3d.set_runs(session.runs)
        arrows = session.view.get("arrows", {})
        for kind, a in self.arrow_actions.items():
            a.setChecked(arrows.get(kind, True))

    def _on_playing(self, playing: bool):
        super()._on_playing(playing)
        for r in self.surface_view.runs:
            r["start"].movable = not playing and self.controller.step == 0  # TargetItem has no setter

    def _draw_texts(self, frame):
        # with the step counter, at the step it shows (the inspector recomputes a step term by
        # term: the base window calls this at most 4 times a second while playing)
        if self.docks["inspector"].isVisible():
            self.inspector.refresh(frame.step)

    def _toggle_arrow(self, kind: str, checked: bool):
        arrows = dict(self.controller.session.view.get("arrows", {}))
        arrows[kind] = checked
        self.controller.set_view_option("arrows", arrows)

    def _on_start_dragged(self, i: int, x: float, y: float):
        if self.controller.step == 0 and not self.controller.playing:
            self.controller.select(i)
            self.controller.set_start(i, x, y)

    def _on_surface_click(self, x: float, y: float):
        if self.controller.playing or self.controller.step > 0:
            self.statusBar().showMessage(translate("MainWindow", "Press Reset (R) to choose new start points."), 4000)
            return
        if self.controller.session.runs:
            self.controller.set_start(self.controller.selected, x, y)

    # -- surfaces --------------------------------------------------------------------------------
    def _surface_chosen(self, index: int):
        text = self.surface_combo.itemText(index)
        if text == translate("MainWindow", CUSTOM_ITEM):
            self.ask_formula()
        else:
            self.set_surface(text)

    def set_surface(self, name: str, formula: str | None = None) -> bool:
        error = self.controller.set_problem(name, formula)
        if error:
            QMessageBox.warning(self, translate("MainWindow", "Surface not changed"), error)
            self._on_structure()
            return False
        return True

    def ask_formula(self):
        current = self.controller.session.formula or "x^2 + 10*y^2"
        self.formula_dialog = FormulaDialog(
            self, current, lambda text: self.controller.set_problem(CUSTOM, text))
        if not self.formula_dialog.exec():
            self._on_structure()  # cancelled: the surface menu shows the surface as it was
