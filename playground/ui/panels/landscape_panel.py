"""The loss landscape of the selected run's network: a 2-D (or 1-D) slice around its weights,
computed in a worker thread with a progress bar, Cancel, and partial results as they arrive,
with the training trajectory projected onto it."""

from __future__ import annotations

import threading
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Signal, Slot
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from ...core.networks.landscape import slice_around
from ..worker import start_thread


class LandscapeWorker(QObject):
    partial = Signal(int, object, float)  # job id, grid so far, fraction done
    done = Signal(int, object, str)  # job id, result dict (or None), error

    @Slot(object)
    def run(self, job: dict) -> None:
        last = [0.0]

        def progress(fraction, grid):
            now = time.perf_counter()
            if now - last[0] > 0.1 or fraction >= 1:
                last[0] = now
                self.partial.emit(job["id"], grid.copy(), fraction)

        try:
            result = slice_around(job["model"], job["x"], job["y"], job["loss"], job["trajectory"],
                                  job["grid"], job["directions"], seed=job["seed"], one_d=job["one_d"],
                                  progress=progress, should_stop=job["stop"].is_set)
            self.done.emit(job["id"], None if job["stop"].is_set() else result, "")
        except Exception as exc:  # reported in the panel; the thread lives on
            self.done.emit(job["id"], None, f"{type(exc).__name__}: {exc}")


class LandscapePanel(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.c = controller
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.mode = QComboBox()
        self.mode.addItems(["2-D random", "2-D PCA of the path", "1-D random"])
        self.mode.setToolTip("Filter-normalised random directions (Li et al. 2018), or the top two "
                             "principal components of the recorded weights")
        self.grid = QSpinBox()
        self.grid.setRange(5, 201)
        self.grid.setValue(41)
        self.grid.setPrefix("grid ")
        self.compute = QPushButton("Compute")
        self.cancel = QPushButton("Cancel")
        self.cancel.setEnabled(False)
        for w in (self.mode, self.grid, self.compute, self.cancel):
            row.addWidget(w)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        layout.addWidget(self.progress)
        self.plot = pg.PlotWidget(background="#1e1e24")
        self.plot.setMenuEnabled(False)
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.plot.addItem(self.image)
        self.curve = pg.PlotDataItem(pen=pg.mkPen("#ffffff", width=2))
        self.path = pg.PlotDataItem(pen=pg.mkPen("#ff6060", width=2), symbol="o", symbolSize=4,
                                    symbolBrush="#ff6060")
        self.plot.addItem(self.curve)
        self.plot.addItem(self.path)
        self.path.setZValue(10)
        self.plot.setRange(xRange=(-1, 1), yRange=(-1, 1))
        self.plot.setLabel("bottom", "α (direction 1)")
        self.plot.setLabel("left", "β (direction 2)")
        layout.addWidget(self.plot, 1)
        self.note = QLabel("Pause training, pick a run, then Compute.")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.result = None
        self._job = 0
        self._stop = threading.Event()
        self._worker = LandscapeWorker()
        self.start_job.connect(self._worker.run)
        self._worker.partial.connect(self._on_partial)
        self._worker.done.connect(self._on_done)
        self._thread = start_thread(self._worker, "landscape-worker")
        self.compute.clicked.connect(self.start)
        self.cancel.clicked.connect(self.stop)
        self.busy = False

    start_job = Signal(object)

    def start(self) -> None:
        c = self.c
        if c.playing:
            c.pause()
            c.wait_idle()
        if not c._ensure_race() or not c.session.runs:
            return
        race, i = c.race, c.selected
        if c.status[i] == "diverged":
            self.note.setText("This run diverged: its weights are not finite.")
            return
        mode = self.mode.currentText()
        directions = "pca" if "PCA" in mode else "random"
        trajectory = race.weights(i)
        if directions == "pca" and len(trajectory) < 3:
            self.note.setText("PCA directions need a path: train a few steps first.")
            return
        self._stop = threading.Event()
        self._job += 1
        ds = race.dataset
        job = {"id": self._job, "model": race.model_at(i), "x": ds.x_train, "y": ds.y_train,
               "loss": race.loss, "trajectory": trajectory, "grid": self.grid.value(),
               "directions": directions, "one_d": mode.startswith("1-D"),
               "seed": c.session.network.init_seed, "stop": self._stop}
        self.busy = True
        self.compute.setEnabled(False)
        self.cancel.setEnabled(True)
        self.progress.setValue(0)
        self.note.setText(f"Computing a {mode} slice around {c.session.runs[i].name} at step {c.step}…")
        self.start_job.emit(job)

    def stop(self) -> None:
        self._stop.set()

    def _on_partial(self, job: int, grid: np.ndarray, fraction: float) -> None:
        if job != self._job:
            return
        self.progress.setValue(int(1000 * fraction))
        self._show(grid, None, None, partial=True)

    def _on_done(self, job: int, result, error: str) -> None:
        if job != self._job:
            return
        self.busy = False
        self.compute.setEnabled(True)
        self.cancel.setEnabled(False)
        if error:
            self.note.setText(f"Could not compute the slice: {error}")
            return
        if result is None:
            self.note.setText("Cancelled; the part computed so far is shown.")
            return
        self.result = result
        self.progress.setValue(1000)
        self._show(result["loss"], result["alphas"], result["betas"], trajectory=result["trajectory"])
        lo, hi = np.nanmin(result["loss"]), np.nanmax(result["loss"])
        self.note.setText(f"Slice done: loss from {lo:.4g} to {hi:.4g}; red: the training path "
                          "projected onto the slice (it ends at the centre, the current weights).")

    def _show(self, grid, alphas, betas, partial=False, trajectory=None) -> None:
        grid = np.asarray(grid, dtype=float)
        if grid.shape[0] == 1:  # 1-D
            a = alphas if alphas is not None else np.arange(grid.shape[1])
            self.image.hide()
            self.curve.setData(a, grid[0], connect="finite")
            self.plot.setLabel("left", "loss")
            self.path.setData([], [])
            return
        self.curve.setData([], [])
        self.image.show()
        self.plot.setLabel("left", "β (direction 2)")
        finite = grid[np.isfinite(grid)]
        if not finite.size:
            return
        shown = np.log10(np.where(np.isfinite(grid), grid, np.nan) - finite.min() + 1e-6)
        levels = (float(np.nanmin(shown)), float(np.nanmax(shown)))
        self.image.setImage(np.nan_to_num(shown, nan=levels[0]), levels=levels, autoLevels=False)
        if alphas is not None:
            self.image.setRect(QRectF(alphas[0], betas[0], alphas[-1] - alphas[0], betas[-1] - betas[0]))
        if trajectory is not None:
            self.path.setData(trajectory[:, 0], trajectory[:, 1])

    def shutdown(self) -> None:
        self._stop.set()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait(10_000)
