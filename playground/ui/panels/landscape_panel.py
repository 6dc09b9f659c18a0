"""The loss landscape of the selected run's network: a 2-D (or 1-D) slice around its weights,
computed by the controller's landscape worker with a progress bar, Cancel, and partial results
as they arrive, with the training trajectory projected onto it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

translate = QCoreApplication.translate

PATH_RED = "#ff2a2a"


class LandscapePanel(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.mode = QComboBox()
        for text, data in [(translate("LandscapePanel", "2-D random"), ("random", False)), (translate("LandscapePanel", "2-D PCA of the path"), ("pca", False)),
                           (translate("LandscapePanel", "1-D random"), ("random", True))]:
            self.mode.addItem(text, data)  # (directions, one-dimensional)
        self.mode.setToolTip(translate("LandscapePanel", "Filter-normalised random directions (Li et al. 2018), or the top two "
                                 "principal components of the recorded weights"))
        self.grid = QSpinBox()
        self.grid.setRange(5, 201)
        self.grid.setValue(41)
        self.grid.setPrefix(translate("LandscapePanel", "grid "))
        self.compute = QPushButton(translate("LandscapePanel", "Compute"))
        self.cancel = QPushButton(translate("LandscapePanel", "Cancel"))
        self.cancel.setEnabled(False)
        # the buttons share the progress bar's row: the dock fits beside the network and the
        # output at 1280×720 (issue 8, item 6)
        for w in (self.mode, self.grid):
            row.addWidget(w)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMinimumWidth(60)
        progress_row = QHBoxLayout()
        for w in (self.progress, self.compute, self.cancel):
            progress_row.addWidget(w)
        layout.addLayout(progress_row)
        self.plot = pg.PlotWidget(background="#1e1e24")
        self.plot.setMenuEnabled(False)
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.plot.addItem(self.image)
        self.curve = pg.PlotDataItem(pen=pg.mkPen("#ffffff", width=2))
        # red as the note calls it (it was a pale pink), outlined so it shows on any colour
        self.path = pg.PlotDataItem(pen=pg.mkPen(PATH_RED, width=2.5), symbol="o", symbolSize=5,
                                    symbolBrush=PATH_RED, symbolPen=pg.mkPen("#000000", width=0.5))
        # the ends of the path, large enough to see where a random slice projects it short
        self.path_ends = pg.ScatterPlotItem(size=13, pen=pg.mkPen("#000000", width=1.2))
        self.plot.addItem(self.curve)
        self.plot.addItem(self.path)
        self.plot.addItem(self.path_ends)
        self.path.setZValue(10)
        self.path_ends.setZValue(11)
        self.plot.setRange(xRange=(-1, 1), yRange=(-1, 1))
        self.plot.setLabel("bottom", translate("LandscapePanel", "α (direction 1)"))
        self.plot.setLabel("left", translate("LandscapePanel", "β (direction 2)"))
        layout.addWidget(self.plot, 1)
        self.note = QLabel(translate("LandscapePanel", "Pause training, pick a run, then Compute."))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.result = None
        self._job = 0  # id of the job whose results are shown; older results are ignored
        self.busy = False
        controller.landscape_progress.connect(self._on_partial)
        controller.landscape_done.connect(self._on_done)
        self.compute.clicked.connect(self.start)
        self.cancel.clicked.connect(self.stop)

    def start(self) -> None:
        controller = self.controller
        mode = self.mode.currentText()
        directions, one_d = self.mode.currentData()
        job = controller.compute_landscape(directions, self.grid.value(), one_d)
        if isinstance(job, str):
            self.note.setText(job)
            return
        self._job = job
        self.busy = True
        self.compute.setEnabled(False)
        self.cancel.setEnabled(True)
        self.progress.setValue(0)
        name = controller.session.runs[controller.selected].name
        self.note.setText(translate("LandscapePanel", "Computing a {mode} slice around {run} at step {step}…").format(
            mode=mode, run=name, step=controller.step))

    def stop(self) -> None:
        self.controller.cancel_landscape()

    def _on_partial(self, job: int, part: dict, fraction: float) -> None:
        if job != self._job:
            return
        self.progress.setValue(int(1000 * fraction))
        self._show(part["loss"], part.get("alphas"), part.get("betas"), partial=True)

    def _on_done(self, job: int, result, error: str) -> None:
        if job != self._job:
            return
        self.busy = False
        self.compute.setEnabled(True)
        self.cancel.setEnabled(False)
        if error:
            self.note.setText(translate("LandscapePanel", "Could not compute the slice: {error}").format(error=error))
            return
        if result is None:
            self.note.setText(translate("LandscapePanel", "Cancelled; the part computed so far is shown."))
            return
        self.result = result
        self.progress.setValue(1000)
        self._show(result["loss"], result["alphas"], result["betas"], trajectory=result["trajectory"])
        lo, hi = np.nanmin(result["loss"]), np.nanmax(result["loss"])
        note = translate("LandscapePanel", "Slice done: loss from {lo} to {hi}; red: the training path projected "
                         "onto the slice (it ends at the centre, the current weights).").format(
                             lo=f"{lo:.4g}", hi=f"{hi:.4g}")
        if str(result.get("directions")) == "random" and len(result["loss"]) > 1:
            note += " " + translate("LandscapePanel", "Random directions are nearly orthogonal to the path, so its "
                                    "projection is short: the ring marks its start. The PCA slice "
                                    "spans the path itself.")
        self.note.setText(note)

    def _show(self, grid, alphas, betas, partial=False, trajectory=None) -> None:
        grid = np.asarray(grid, dtype=float)
        if grid.shape[0] == 1:  # 1-D
            a = alphas if alphas is not None else np.arange(grid.shape[1])
            self.image.hide()
            self.curve.setData(a, grid[0], connect="finite")
            self.plot.setLabel("left", translate("LandscapePanel", "loss"))
            self.path.setData([], [])
            self.path_ends.setData([])
            if alphas is not None:
                self._frame(alphas, None)
            return
        self.curve.setData([], [])
        self.image.show()
        self.plot.setLabel("left", translate("LandscapePanel", "β (direction 2)"))
        finite = grid[np.isfinite(grid)]
        if not finite.size:
            return
        shown = np.log10(np.where(np.isfinite(grid), grid, np.nan) - finite.min() + 1e-6)
        levels = (float(np.nanmin(shown)), float(np.nanmax(shown)))
        self.image.setImage(np.nan_to_num(shown, nan=levels[0]), levels=levels, autoLevels=False)
        if alphas is not None:
            self.image.setRect(QRectF(alphas[0], betas[0], alphas[-1] - alphas[0], betas[-1] - betas[0]))
            self._frame(alphas, betas)
        if trajectory is not None:
            self.path.setData(trajectory[:, 0], trajectory[:, 1])
            ends = [dict(pos=trajectory[0], brush=pg.mkBrush(0, 0, 0, 0), pen=pg.mkPen(PATH_RED, width=2.5)),
                    dict(pos=trajectory[-1], brush=pg.mkBrush(PATH_RED))]
            self.path_ends.setData(ends if len(trajectory) > 1 else ends[1:])
        elif partial:
            self.path.setData([], [])  # the previous slice's path does not belong on this one
            self.path_ends.setData([])

    def _frame(self, alphas, betas) -> None:
        """Show this slice's own range: after a random slice (±1), a PCA slice spanning ±7 was
        left at ±1, a blocky fragment of it (issue 8, item 5)."""
        key = (float(alphas[0]), float(alphas[-1]), None if betas is None else (float(betas[0]), float(betas[-1])))
        if key == getattr(self, "_framed", None):
            return
        self._framed = key
        if betas is None:
            self.plot.setXRange(alphas[0], alphas[-1], padding=0.02)
            self.plot.enableAutoRange(axis="y")
        else:
            self.plot.setRange(xRange=(alphas[0], alphas[-1]), yRange=(betas[0], betas[-1]), padding=0)
