"""The Curvature dock of the network window: the Hessian spectrum of the selected run's training
loss at the shown step (top-k eigenvalues, trace ± its standard error, λ_min and the condition
estimate, the eigenvalue density on a log scale) and the loss along the top eigenvector, the
sharpest direction through the weights. Computed by the controller's curvature worker with a
progress bar and Cancel; the dock only asks and displays."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QProgressBar, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from ...core.networks.hessian import stability_threshold

translate = QCoreApplication.translate

#: the density is drawn on a log axis down to this fraction of its peak (its tails are Gaussians)
DENSITY_FLOOR = 1e-6


def _number(value) -> str:
    return "—" if value is None else f"{value:.4g}"


class CurvatureDock(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.k = QSpinBox()
        self.k.setRange(1, 20)
        self.k.setValue(5)
        self.k.setPrefix(translate("CurvatureDock", "top "))
        self.k.setToolTip(translate("CurvatureDock", "How many of the largest eigenvalues to find (Lanczos)"))
        self.probes = QSpinBox()
        self.probes.setRange(2, 1000)
        self.probes.setValue(30)
        self.probes.setSuffix(translate("CurvatureDock", " probes"))
        self.probes.setToolTip(translate("CurvatureDock", "Random ±1 vectors of the Hutchinson trace estimate: more probes, a smaller standard error"))
        self.compute = QPushButton(translate("CurvatureDock", "Compute"))
        self.cancel = QPushButton(translate("CurvatureDock", "Cancel"))
        self.cancel.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        # the settings on one row, the buttons beside the progress on the next: one row of all
        # of them made the dock (and the network window) wider than 1280 px
        for w in (self.k, self.probes):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        actions = QHBoxLayout()
        for w in (self.compute, self.cancel, self.progress):
            actions.addWidget(w)
        layout.addLayout(actions)
        self.numbers = QLabel()
        self.numbers.setWordWrap(True)
        self.numbers.setTextFormat(pg.QtCore.Qt.RichText)
        layout.addWidget(self.numbers)
        # one above the other: side by side they made the dock, and so the network window, wider
        # than 1280 px (the dock scrolls up and down instead)
        plots = QVBoxLayout()
        self.density_plot = pg.PlotWidget(background="#1e1e24")
        self.density_plot.setMenuEnabled(False)
        self.density_plot.setLogMode(y=True)
        self.density_plot.setTitle(translate("CurvatureDock", "eigenvalue density (log)"), size="9pt")
        self.density_plot.setLabel("bottom", translate("CurvatureDock", "eigenvalue λ"))
        self.density = pg.PlotDataItem(pen=pg.mkPen("#7fc8ff", width=2))
        self.density_plot.addItem(self.density)
        self.top_marks = pg.ScatterPlotItem(symbol="t", size=9, brush="#ffb347", pen=None)
        self.density_plot.addItem(self.top_marks)
        self.slice_plot = pg.PlotWidget(background="#1e1e24")
        self.slice_plot.setMenuEnabled(False)
        self.slice_plot.setTitle(translate("CurvatureDock", "loss along the top eigenvector"), size="9pt")
        self.slice_plot.setLabel("bottom", translate("CurvatureDock", "α (weights + α·v₁)"))
        self.slice = pg.PlotDataItem(pen=pg.mkPen("#ffffff", width=2))
        self.quadratic = pg.PlotDataItem(pen=pg.mkPen("#ffb347", width=1, style=pg.QtCore.Qt.DashLine))
        self.slice_plot.addItem(self.quadratic)
        self.slice_plot.addItem(self.slice)
        self.density_plot.setToolTip(translate("CurvatureDock", "Stochastic Lanczos quadrature, Gaussian-smoothed; ▼ marks the top eigenvalues"))
        self.slice_plot.setToolTip(translate("CurvatureDock", "White: the loss along the top eigenvector v₁ through the weights; dashed: the quadratic model L + λ_max·α²/2"))
        for plot in (self.density_plot, self.slice_plot):
            plot.setMinimumSize(200, 170)  # the dock scrolls rather than squash the plots
            plots.addWidget(plot)
        layout.addLayout(plots, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.result = None
        self._job = 0  # id of the job whose results are shown; older results are ignored
        self._asked = None  # (run index, step) the shown or running job is about
        self._asked_config = None  # (network problem, run config) it was computed for
        self.busy = False
        controller.curvature_progress.connect(self._on_progress)
        controller.curvature_done.connect(self._on_done)
        controller.structure_changed.connect(self._on_structure)
        self.compute.clicked.connect(self.start)
        self.cancel.clicked.connect(self.stop)
        self._clear(translate("CurvatureDock", "Pick a run and a step (the timeline), then Compute: the Hessian of the full training loss there (BatchNorm in evaluation mode, dropout off)."))

    def start(self) -> None:
        controller = self.controller
        job = controller.compute_curvature(self.k.value(), self.probes.value())
        if isinstance(job, str):
            self.note.setText(job)
            return
        self._job, self.busy = job, True
        self._asked = (controller.selected, controller.shown_step)
        self._asked_config = self._config(controller.selected)
        self.compute.setEnabled(False)
        self.cancel.setEnabled(True)
        self.progress.setValue(0)
        name = controller.session.runs[controller.selected].name
        self.note.setText(translate("CurvatureDock", "Computing the spectrum of {run} at step {step}…").format(
            run=name, step=f"{controller.shown_step:,}"))

    def stop(self) -> None:
        self.controller.cancel_curvature()

    def _config(self, i: int):
        runs = self.controller.session.runs
        return (self.controller.session.network, runs[i] if i < len(runs) else None)

    def _on_structure(self) -> None:
        """The network or the run asked about changed: the result is about weights that are
        gone, so it is cleared (a running job is cancelled). Selecting another run keeps it:
        its first line names the run it is about."""
        if self._asked is None or self._config(self._asked[0]) == self._asked_config:
            return
        if self.busy:
            self.stop()
        if self.result is not None:
            self._clear(translate("CurvatureDock", "The network or the run changed: Compute again."))

    def _clear(self, note: str) -> None:
        self.result = None
        self.numbers.setText("")
        self.density.setData([], [])
        self.top_marks.setData([], [])
        self.slice.setData([], [])
        self.quadratic.setData([], [])
        self.progress.setValue(0)
        self.note.setText(note)

    def _on_progress(self, job: int, fraction: float) -> None:
        if job == self._job:
            self.progress.setValue(int(1000 * fraction))

    def _on_done(self, job: int, result, error: str) -> None:
        if job != self._job:
            return
        self.busy = False
        self.compute.setEnabled(True)
        self.cancel.setEnabled(False)
        if error:
            self._clear(translate("CurvatureDock", "Could not compute the spectrum: {error}").format(error=error))
            return
        if result is None:
            self._clear(translate("CurvatureDock", "Cancelled: nothing is shown. Compute starts again."))
            return
        self.result = result
        self.progress.setValue(1000)
        self._show(result)

    def _show(self, r: dict) -> None:
        runs = self.controller.session.runs
        i, step = self._asked
        run = runs[i] if i < len(runs) else None
        top = r["top_eigenvalues"]
        lines = [
            translate("CurvatureDock", "<b>{run}</b> at step {step}: {n} parameters, {samples} samples, loss {loss}").format(
                run=html.escape(run.name if run else "?"), step=f"{step:,}", n=f"{r['parameters']:,}",
                samples=f"{r['samples']:,}", loss=_number(r["loss"])),
            translate("CurvatureDock", "top eigenvalues: {values}").format(values=", ".join(f"{v:.4g}" for v in top)),
            translate("CurvatureDock", "trace {trace} ± {stderr} (Hutchinson, standard error)").format(
                trace=_number(r["trace"]), stderr=_number(r["trace_stderr"])),
            translate("CurvatureDock", "λ_min ≈ {low}; condition estimate λ_max/|λ_min| ≈ {kappa}").format(
                low=_number(r["lambda_min"]), kappa=_number(r["condition_estimate"])),
        ]
        if run is not None and top:
            lr = self._lr_at(i, step)
            limit = stability_threshold(lr, run.optimizer, run.opt) if lr is not None else float("nan")
            if np.isfinite(limit):
                lines.append(translate("CurvatureDock", "gradient descent is stable while λ_max stays below {limit} (2/η at η = {lr}); here λ_max is {ratio} of it").format(
                    limit=f"{limit:.4g}", lr=f"{lr:.4g}", ratio=f"{top[0] / limit:.3g}"))
        self.numbers.setText("<br>".join(lines))
        grid = np.asarray(r["density"]["grid"], float)
        values = np.asarray(r["density"]["values"], float)
        if len(values):
            values = np.maximum(values, DENSITY_FLOOR * values.max())  # a log axis needs > 0
            self.density.setData(grid, values)
            # a scatter item is not log-transformed by the plot: place it in log10 units,
            # a little above the density's peak
            self.top_marks.setData(top, np.full(len(top), float(np.log10(values.max())) + 0.4))
        cut = r.get("slice")
        if cut is not None:
            a, loss = np.asarray(cut["alphas"]), np.asarray(cut["loss"])
            self.slice.setData(a, loss, connect="finite")
            self.quadratic.setData(a, r["loss"] + 0.5 * top[0] * a**2)
            self.slice_plot.setYRange(float(np.nanmin(loss)), float(np.nanmax(loss)), padding=0.08)
        self.note.setText(translate("CurvatureDock", "▼: the top eigenvalues. Dashed: the quadratic model L + λ_max·α²/2."))

    def _lr_at(self, i: int, step: int) -> float | None:
        """The learning rate run ``i`` used for the update after ``step`` (its next step)."""
        histories = self.controller.histories()
        if i >= len(histories) or not len(histories[i]):
            return None
        h = histories[i]
        lr = h["lr"]
        row = min(h.row_of_step(step) + 1, len(h) - 1)
        value = lr[row] if np.isfinite(lr[row]) else self.controller.session.runs[i].opt.get("lr")
        return float(value) if value is not None and np.isfinite(value) else None
