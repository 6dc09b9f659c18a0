"""Curves against step: loss (log), learning rate, gradient norm and update norm, one line per run,
with a hover read-out of every run's value at the step under the mouse."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

from .surface_view import sample_rows

CURVE_POINTS = 800  # per line: about one per pixel of a curves pane

PANES = [  # key, title, log-y
    ("loss", "loss", True),
    ("lr", "learning rate η_t", False),
    ("grad", "gradient norm |g|", True),
    ("update", "update norm |Δθ|", True),
]


def series(history, key: str, rows: np.ndarray) -> np.ndarray:
    """The curve ``key`` at the given rows (computed for those rows only)."""
    if key == "loss":
        return history["loss"][rows]
    if key == "lr":
        return history["lr"][rows]
    if key == "grad":
        g = history.get("grad")
        return np.hypot(g[rows, 0], g[rows, 1]) if g is not None else np.full(len(rows), np.nan)
    pos, steps = history["pos"], history.steps_of_rows()
    prev = np.maximum(rows - 1, 0)
    u = pos[rows] - pos[prev]
    out = np.hypot(u[:, 0], u[:, 1])
    out[(rows == 0) | (steps[rows] - steps[prev] != 1)] = np.nan  # no update across thinned rows
    return out


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k at least ``value`` (x-ranges that grow in steps)."""
    if value <= 10:
        return 10.0
    k = 10 ** np.floor(np.log10(value))
    for m in (1, 2, 5, 10):
        if m * k >= value:
            return float(m * k)
    return float(10 * k)


def _step_label(v: float) -> str:
    return f"{v / 1000:g}k" if v >= 10_000 else f"{v:g}"


def positive_for_log(y: np.ndarray) -> np.ndarray:
    """Log axes cannot show values ≤ 0 (a loss can be negative on `saddle`): leave them out."""
    y = y.astype(float, copy=True)
    y[~(y > 0)] = np.nan
    return y


def network_series(history, key: str, rows: np.ndarray) -> np.ndarray:
    col = history.get(key)
    return col[rows] if col is not None else np.full(len(rows), np.nan)


NETWORK_PANES = [
    ("train_loss", "train loss", True),
    ("test_loss", "test loss", True),
    ("test_acc", "test accuracy (classes)", False),
    ("lr", "learning rate η_t", False),
]


class CurvesView(pg.GraphicsLayoutWidget):
    """Curves against step in a 2×2 grid: the surface panes by default, or ``panes`` with
    ``series(history, key, rows)`` (the network panes)."""

    def __init__(self, parent=None, panes=None, series_fn=None):
        super().__init__(parent)
        self.setBackground("#1e1e24")
        self.series = series_fn or series
        self.plots: dict[str, pg.PlotItem] = {}
        self.log = {}
        for i, (key, title, log) in enumerate(panes or PANES):
            p = self.addPlot(row=i // 2, col=i % 2)
            p.setTitle(title, size="9pt", color="#e0e0e0")
            p.setLogMode(y=log)
            p.setMenuEnabled(False)
            p.setLabel("bottom", "step")
            for axis in ("left", "bottom"):  # re-rendered only when the range changes
                p.getAxis(axis).setCacheMode(QGraphicsItem.DeviceCoordinateCache)
            self.plots[key] = p
            self.log[key] = log
        self.first_plot = first = next(iter(self.plots.values()))
        for p in self.plots.values():
            if p is not first:
                p.setXLink(first)
        # ranges are set here, not by pyqtgraph's auto-range: that runs while painting and asks
        # for another paint (four linked plots cascaded to four paints a frame). The step axis
        # grows in steps (1, 2, 5 × 10^k), the value axes only when the data leave them.
        for p in self.plots.values():
            p.disableAutoRange()
        self._x_max = 0.0
        self._y_range: dict[str, tuple[float, float]] = {}
        self.lines: list[dict] = []
        self.readout = {k: pg.TextItem(anchor=(1, 0), color="#f0f0f0", fill=(20, 20, 28, 200))
                        for k in self.plots}
        self.cursor = {k: pg.InfiniteLine(angle=90, pen=pg.mkPen((255, 255, 255, 80)))
                       for k in self.plots}
        for k, p in self.plots.items():
            p.addItem(self.cursor[k], ignoreBounds=True)
            p.addItem(self.readout[k], ignoreBounds=True)
            self.readout[k].hide()
            self.cursor[k].hide()
        self.scene().sigMouseMoved.connect(self._on_hover)
        self._data: list = []

    def set_runs(self, runs) -> None:
        for lines in self.lines:
            for key, item in lines.items():
                self.plots[key].removeItem(item)
        self.lines = []
        for run in runs:
            lines = {}
            for key, p in self.plots.items():
                item = pg.PlotDataItem(pen=pg.mkPen(run.color, width=1.6), name=run.name)
                item.setDownsampling(auto=True, method="peak")
                item.setClipToView(True)
                p.addItem(item)
                lines[key] = item
            self.lines.append(lines)

    def draw(self, frame) -> None:
        """Draw ``frame`` (a :class:`playground.ui.controller.Frame`)."""
        self.update_runs(frame.histories, frame.runs, frame.step, frame.hidden)

    def update_runs(self, histories, runs, step: int, hidden: set) -> None:
        self._data = []
        x_max = nice_ceiling(step * 1.05)
        if x_max != self._x_max:
            self._x_max = x_max
            self.first_plot.setXRange(0, x_max, padding=0.02)
            ticks = [[(v, _step_label(v)) for v in (0, x_max / 2, x_max)]]  # narrow panes: 3 labels
            for p in self.plots.values():
                p.getAxis("bottom").setTicks(ticks)
        for h, run, lines in zip(histories, runs, self.lines):
            n = h.row_of_step(step) + 1 if len(h) else 0
            rows = sample_rows(n, CURVE_POINTS)
            steps = h.steps_of_rows()[rows] if n else np.empty(0)
            data = {}
            for key, item in lines.items():
                y = self.series(h, key, rows) if n else np.empty(0)
                if self.log[key]:
                    y = positive_for_log(y)
                item.setData(steps, y, connect="finite")
                item.setVisible(run.name not in hidden)
                data[key] = y
            self._data.append((run, steps, data, run.name not in hidden))
        for key in self.plots:
            values = [d[key] for _, _, d, visible in self._data if visible and len(d[key])]
            self._fit_y(key, np.concatenate(values) if values else np.empty(0))

    def _fit_y(self, key: str, y: np.ndarray) -> None:
        """Keep the value axis around the data; change it only when the data leave it or fill
        less than a third of it (in log units for log plots)."""
        y = y[np.isfinite(y)]
        if self.log[key]:
            y = np.log10(y[y > 0])
        if not len(y):
            return
        lo, hi = float(y.min()), float(y.max())
        if hi - lo < 1e-12:  # a constant: half a decade (log) or half its size around it
            half = 0.5 if self.log[key] else max(abs(hi) * 0.5, 1e-12)
            lo, hi = lo - half, hi + half
        old = self._y_range.get(key)
        if old is not None and old[0] <= lo and hi <= old[1] and (hi - lo) > (old[1] - old[0]) / 3:
            return
        pad = 0.08 * (hi - lo)
        self._y_range[key] = (lo - pad, hi + pad)
        self.plots[key].setYRange(lo - pad, hi + pad, padding=0)

    def _on_hover(self, scene_pos) -> None:
        for key, p in self.plots.items():
            vb = p.getViewBox()
            if not vb.sceneBoundingRect().contains(scene_pos):
                self.readout[key].hide()
                self.cursor[key].hide()
                continue
            step = int(round(vb.mapSceneToView(scene_pos).x()))
            lines = []
            for run, steps, data, visible in self._data:
                y = data.get(key)
                if not visible or y is None or not len(steps) or not 0 <= step <= steps[-1]:
                    continue
                k = min(int(np.searchsorted(steps, step)), len(steps) - 1)  # nearest drawn row
                if np.isfinite(y[k]):
                    lines.append(f'<span style="color:{run.color}">■</span> {run.name}: {y[k]:.4g}')
            if not lines:
                self.readout[key].hide()
                self.cursor[key].hide()
                continue
            self.readout[key].setHtml(f"step {step}<br>" + "<br>".join(lines))
            (x0, x1), (y0, y1) = vb.viewRange()
            self.readout[key].setPos(x1, y1)
            self.cursor[key].setPos(step)
            self.readout[key].show()
            self.cursor[key].show()
