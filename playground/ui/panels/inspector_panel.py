"""The step inspector: the selected run's update at the shown step, written as its formula with
the live value of every term, and the curvature (Hessian) at that point."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (QGroupBox, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...core.optim.explain import Thinned, explain
from ...core.surfaces.curvature import analyze
from .math_text import formula_html, unicode_math
from .param_form import title_label

translate = QCoreApplication.translate

ESCAPE_NUDGE = 0.1


#: families that draw a combining hat over a letter: DejaVu Sans (often the default) drops the
#: hat of m̂ and v̂, so "m̂ₜ" read "mₜ" and two rows looked the same (issue 8, item 12)
MARK_FAMILIES = ["DejaVu Sans Mono", "Liberation Sans", "monospace"]


def fmt(v: float) -> str:
    """A term's value: 5 significant digits; −0.0 is shown as 0 (a sign with no magnitude
    is noise to a reader)."""
    return f"{float(v) + 0.0: .5g}" if np.isfinite(v) else "—"


class InspectorPanel(QWidget):
    #: (point, Curvature) whenever the curvature shown changes (the surface draws its ellipse)
    curvature_shown = Signal(object, object)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        self.title = title_label()
        layout.addWidget(self.title)
        self.formula = QLabel()
        self.formula.setTextFormat(Qt.RichText)  # real subscripts; see math_text.formula_html
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.formula.setMinimumHeight(90)
        self.formula.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.formula.setStyleSheet("font-family: 'DejaVu Sans Mono', monospace; font-size: 10pt;"
                                   "background: #26262e; padding: 6px; border-radius: 4px;")
        layout.addWidget(self.formula)
        self.table = QTableWidget(0, 4)
        # the whole table in one family that draws m̂, set by style sheet (the app's style sheet
        # would override setFont), not per-cell fonts
        self.table.setStyleSheet("QTableWidget { font-family: %s; }"
                                 % ", ".join(f"'{f}'" for f in MARK_FAMILIES))
        self.table.setHorizontalHeaderLabels([translate("InspectorPanel", "term"), translate("InspectorPanel", "meaning"), "x", "y"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        # Columns and rows are fitted to their contents by _fit, once per change and after the
        # event that caused it, not by QHeaderView.ResizeToContents: that mode re-enters the
        # header's own layout from inside a resize (QTableView::sizeHintForColumn ->
        # QHeaderView::visualIndexAt -> sectionSizeHint), and in long sessions Qt crashed there,
        # in the text layout of a header label (the GUI random walk's segfault)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        # the meaning wraps onto more lines rather than being cut with "…"
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.ElideNone)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # as tall as its rows
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit)
        header.sectionResized.connect(lambda i, _old, _new: i == 1 and self._refit.start())
        layout.addWidget(self.table, 1)
        self._refit.start()

        box = QGroupBox(translate("InspectorPanel", "Curvature at this point (Hessian)"))
        box_layout = QVBoxLayout(box)
        self.curvature = QLabel()
        self.curvature.setWordWrap(True)
        self.curvature.setTextInteractionFlags(Qt.TextSelectableByMouse)
        box_layout.addWidget(self.curvature)
        self.escape = QPushButton(translate("InspectorPanel", "Restart from a step along the escape direction"))
        self.escape.setToolTip(translate("InspectorPanel", "At a saddle, the eigenvector of the negative eigenvalue points "
                                   "downhill: restart this run a little way along it."))
        self.escape.clicked.connect(self._escape)
        box_layout.addWidget(self.escape)
        layout.addWidget(box)
        self._escape_point = None
        self._key = None

    def refresh(self, step: int | None = None) -> None:
        """Redraw for the selected run at ``step`` (default: the shown step); cheap when nothing
        changed."""
        runs = self.controller.session.runs
        if not runs:
            self.title.setText(translate("InspectorPanel", "No run selected"))
            return
        i = self.controller.selected
        run, h = runs[i], self.controller.histories()[i]
        step = self.controller.shown_step if step is None else step
        t = h.row_of_step(step) if len(h) else 0  # a row of the history
        key = (i, t, len(h), run)
        if key == self._key:
            return
        self._key = key
        point = h["pos"][t] if len(h) else np.array(run.start)
        self._show_curvature(point)
        if t < 1 or not len(h):
            self.title.setText(f'<span style="color:{run.color}">●</span> ' + translate("InspectorPanel", 
                "{run}: at the start — press Step (→) to see the first update").format(run=run.name))
            self.formula.setText("")
            self.table.setRowCount(0)
            self._refit.start()
            return
        step = int(h.steps_of_rows()[t])
        try:
            ex = explain(run.optimizer, run.opt, h, t)
        except (KeyError, IndexError, Thinned) as exc:  # thinned, or recorded without gradients
            self.title.setText(f'<span style="color:{run.color}">●</span> '
                               + translate("InspectorPanel", "{run}, update {step}").format(run=run.name, step=step))
            self.formula.setText(translate("InspectorPanel", "cannot explain this step: {error}").format(error=exc))
            self.table.setRowCount(0)
            self._refit.start()
            return
        what = (translate("InspectorPanel", "{run}, update {step}").format(run=run.name, step=step) if ex.title == run.name
                else translate("InspectorPanel", "{run} — {title}, update {step}").format(run=run.name, title=ex.title, step=step))
        self.title.setText(f'<span style="color:{run.color}">●</span> {what}')
        self.formula.setText(formula_html(ex.formula))
        self.table.setRowCount(len(ex.terms))
        for r, term in enumerate(ex.terms):
            value = np.broadcast_to(np.asarray(term.value, dtype=float), (2,))
            symbol, meaning = unicode_math(term.symbol), unicode_math(term.meaning)
            for col, text in enumerate([symbol, meaning, fmt(value[0]), fmt(value[1])]):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{symbol}: {meaning}")
                if col >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(r, col, item)
        self._refit.start()

    def _fit(self) -> None:
        """The term and number columns as wide as their contents, the rows as tall as the
        wrapped meanings, and the table as tall as its rows (not Qt's default 192 px: the
        curvature box below stays in view)."""
        for col in (0, 2, 3):
            self.table.resizeColumnToContents(col)
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(self.table.horizontalHeader().height() + rows + 2 * self.table.frameWidth())

    def _show_curvature(self, point) -> None:
        c = analyze(self.controller.session.surface(), float(point[0]), float(point[1]))
        self.curvature_shown.emit(point, c)
        lam = c.eigenvalues
        words = {"minimum": translate("InspectorPanel", "a local minimum (both eigenvalues > 0)"),
                 "maximum": translate("InspectorPanel", "a local maximum (both eigenvalues < 0)"),
                 "saddle": translate("InspectorPanel", "a SADDLE POINT: gradient 0, eigenvalues of both signs"),
                 "flat": translate("InspectorPanel", "flat in some direction (an eigenvalue is 0)"),
                 "slope": translate("InspectorPanel", "not a critical point (the gradient is not 0)")}
        lines = [translate("InspectorPanel", "at ({x}, {y}):  λ = {l1}, {l2}").format(
                     x=f"{point[0]:.4g}", y=f"{point[1]:.4g}", l1=f"{lam[0]:.4g}", l2=f"{lam[1]:.4g}"),
                 translate("InspectorPanel", "condition number |λmax/λmin| = {k}").format(k=f"{c.condition_number:.3g}"),
                 translate("InspectorPanel", "this is {kind}").format(kind=words[c.kind])]
        u = c.escape_direction
        self._escape_point = None
        if u is not None and c.kind in ("saddle", "maximum", "flat"):
            lines.append(translate("InspectorPanel", "escape direction u = ({ux}, {uy}) (eigenvector of λ = {l})").format(
                ux=f"{u[0]:.3f}", uy=f"{u[1]:.3f}", l=f"{lam[0]:.3g}"))
            self._escape_point = np.asarray(point) + ESCAPE_NUDGE * u
        self.escape.setEnabled(self._escape_point is not None)
        self.curvature.setText("\n".join(lines))

    def _escape(self) -> None:
        if self._escape_point is not None:
            x, y = self._escape_point
            # the lesson's own step is part of the lesson, not an edit to save
            lesson = bool(self.controller.session.lesson)
            self.controller.set_start(self.controller.selected, float(x), float(y), modifies=not lesson)
