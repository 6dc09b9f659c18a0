"""The Critical points dock of the surface window: "Find critical points" locates every point
with zero gradient inside the current view (Newton's method on the gradient from a grid of
starts, in the controller's curvature worker) and lists each with its verdict, loss and Hessian
eigenvalues; the surface view marks them. Selecting a row rings its mark."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

translate = QCoreApplication.translate

#: the verdicts as the table names them (context "CriticalPanel", translated where shown)
KIND_TEXT = {"minimum": QT_TRANSLATE_NOOP("CriticalPanel", "minimum"),
             "maximum": QT_TRANSLATE_NOOP("CriticalPanel", "maximum"),
             "saddle": QT_TRANSLATE_NOOP("CriticalPanel", "saddle"),
             "degenerate": QT_TRANSLATE_NOOP("CriticalPanel", "degenerate")}


class CriticalPointsPanel(QWidget):
    """Asks the controller for the critical points in the view's box and shows them; emits
    ``points_found(list)`` (the marks to draw) and ``point_selected(int)`` (-1: none)."""

    points_found = Signal(object)
    point_selected = Signal(int)

    def __init__(self, controller, view_box, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.view_box = view_box  # () -> (x0, x1, y0, y1): the box shown now
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.find = QPushButton(translate("CriticalPanel", "Find critical points"))
        self.find.setToolTip(translate("CriticalPanel", "Newton's method on the gradient from a 21×21 grid of starts inside the view: it finds minima, maxima and saddles alike"))
        self.cancel = QPushButton(translate("CriticalPanel", "Cancel"))
        self.cancel.setEnabled(False)
        row.addWidget(self.find)
        row.addWidget(self.cancel)
        layout.addLayout(row)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([translate("CriticalPanel", "kind"), "x", "y", translate("CriticalPanel", "loss"), "λ₁", "λ₂"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        layout.addWidget(self.table, 1)
        self.note = QLabel(translate("CriticalPanel", "Zoom or pan the surface to the region you want, then Find."))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.points: list = []
        self.busy = False
        self._job = 0
        self._surface_key = None  # the surface the points belong to
        self.find.clicked.connect(self.start)
        self.cancel.clicked.connect(self.controller.cancel_curvature)
        self.table.itemSelectionChanged.connect(self._on_selection)
        controller.curvature_done.connect(self._on_done)
        controller.structure_changed.connect(self._on_structure)

    def _key(self):
        s = self.controller.session
        return (s.problem, s.formula, s.view_box)

    def start(self) -> None:
        box = tuple(float(v) for v in self.view_box())
        job = self.controller.find_critical_points(box)
        if isinstance(job, str):
            self.note.setText(job)
            return
        self._job, self.busy, self._surface_key = job, True, self._key()
        self.find.setEnabled(False)
        self.cancel.setEnabled(True)
        self.note.setText(translate("CriticalPanel", "Searching x ∈ [{x0}, {x1}], y ∈ [{y0}, {y1}]…").format(
            x0=f"{box[0]:.3g}", x1=f"{box[1]:.3g}", y0=f"{box[2]:.3g}", y1=f"{box[3]:.3g}"))

    def _on_done(self, job: int, points, error: str) -> None:
        if job != self._job or not self.busy:
            return
        self.busy = False
        self.find.setEnabled(True)
        self.cancel.setEnabled(False)
        if error:
            self.note.setText(translate("CriticalPanel", "Could not search: {error}").format(error=error))
            return
        if points is None:
            self.note.setText(translate("CriticalPanel", "Cancelled: the list is as it was."))
            return
        self._set_points(points)
        counts = {k: sum(p.kind == k for p in points) for k in KIND_TEXT}
        summary = ", ".join(f"{translate('CriticalPanel', KIND_TEXT[k])} × {n}" for k, n in counts.items() if n)
        self.note.setText(translate("CriticalPanel", "{n} critical points in the view: {summary}. Degenerate points of a valley are samples along it.").format(
            n=len(points), summary=summary or "—") if points else translate("CriticalPanel", "No critical point in the view."))

    def _set_points(self, points) -> None:
        self.points = list(points)
        self.table.setRowCount(len(points))
        for r, p in enumerate(points):
            cells = [translate("CriticalPanel", KIND_TEXT[p.kind]), f"{p.point[0]:.5g}", f"{p.point[1]:.5g}",
                     f"{p.loss:.5g}", f"{p.eigenvalues[0]:.4g}", f"{p.eigenvalues[1]:.4g}"]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.points_found.emit(self.points)

    def _on_selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.point_selected.emit(rows[0].row() if rows else -1)

    def _on_structure(self) -> None:
        """Another surface: its critical points are not these (a running search is dropped)."""
        if self._key() == self._surface_key:
            return
        if self.busy:
            self.controller.cancel_curvature()
        if self.points or self.busy:
            self.busy = False
            self.find.setEnabled(True)
            self.cancel.setEnabled(False)
            self._set_points([])
            self.note.setText(translate("CriticalPanel", "Another surface: Find again."))
        self._surface_key = self._key()
