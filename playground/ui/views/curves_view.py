"""Curves against step: loss (log), learning rate, gradient norm and update norm, one line per run,
with a hover read-out of every run's value at the step under the mouse."""

from __future__ import annotations

import html
import math
import weakref

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QGraphicsItem

from .painting import LineLayer, minmax_decimate
from .titles import fit_label, fit_title, wrap_label, wrap_titles

translate = QCoreApplication.translate

MIN_COLUMNS = 100  # screen columns assumed for a pane not laid out yet

PANES = [  # key, title (shown translated, context "CurvesView"), log-y
    ("loss", QT_TRANSLATE_NOOP("CurvesView", "loss"), True),
    ("lr", QT_TRANSLATE_NOOP("CurvesView", "learning rate η_t"), False),
    ("grad", QT_TRANSLATE_NOOP("CurvesView", "gradient norm |g|"), True),
    ("update", QT_TRANSLATE_NOOP("CurvesView", "update norm |Δθ|"), True),
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
    with np.errstate(all="ignore"):  # a diverging run's 1e308 − (−1e308): inf, drawn as a gap
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
    if col is None or not len(rows):
        return np.full(len(rows), np.nan)
    if key == "sharpness":  # measured every N steps: hold each value until the next one
        known = col[: rows[-1] + 1]
        last = np.maximum.accumulate(np.where(np.isfinite(known), np.arange(len(known)), -1))
        held = np.where(last >= 0, known[np.maximum(last, 0)], np.nan)
        return held[rows]
    return col[rows]


NETWORK_PANES = [
    ("train_loss", QT_TRANSLATE_NOOP("CurvesView", "train loss"), True),
    ("test_loss", QT_TRANSLATE_NOOP("CurvesView", "test loss"), True),
    ("test_acc", QT_TRANSLATE_NOOP("CurvesView", "test accuracy (classes)"), False),
    ("lr", QT_TRANSLATE_NOOP("CurvesView", "learning rate η_t"), False),
    ("sharpness", QT_TRANSLATE_NOOP("CurvesView", "sharpness λ_max and its limit 2/η (dashed)"), True),
]
#: a pane's dashed companion curve, drawn on the same axes in the run's colour
NETWORK_DASHED = {"sharpness": "sharpness_limit"}
#: what an empty pane says (the sharpness is measured only when asked for: it costs)
NETWORK_EMPTY = {"sharpness": QT_TRANSLATE_NOOP(
    "CurvesView", "off: set Data and loss ▸ sharpness to measure λ_max every N steps")}


class LogAxis(pg.AxisItem):
    """A log axis whose labels never pile up (issue 8, item 7): whole decades, every k-th when
    they do not fit; 1-2-5 steps only when less than two decades are shown."""

    LABEL_PX = 26  # room one label needs along the axis

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        room = max(2, int(size // self.LABEL_PX))
        lo, hi = math.ceil(minVal), math.floor(maxVal)
        if hi - lo + 1 >= 2:
            stride = math.ceil((hi - lo + 1) / room)
            return [(float(stride), [float(v) for v in range(lo, hi + 1) if v % stride == 0])]
        values = sorted(v + math.log10(m) for v in range(math.floor(minVal), math.ceil(maxVal) + 1)
                        for m in (1, 2, 5))
        values = [v for v in values if minVal <= v <= maxVal]
        if len(values) > room:
            values = values[::math.ceil(len(values) / room)]
        return [(None, values)] if values else stdTicks[:1]

    def logTickStrings(self, values, scale, spacing):
        """As many significant digits as it takes to tell the labels apart: within one decade
        (a loss hovering at 0.69) pyqtgraph's one digit labelled every tick "0.7"."""
        numbers = 10 ** np.asarray(values, dtype=float) * scale
        for digits in range(1, 7):
            strings = [_power_text(f"{v:.{digits}g}") for v in numbers]
            if len(set(strings)) == len(strings):
                break
        return strings


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _power_text(text: str) -> str:
    """"1e-05" as "10⁻⁵", "2e+03" as "2·10³"; plain numbers unchanged."""
    if "e" not in text:
        return text
    mantissa, power = text.split("e")
    power = str(int(power)).translate(_SUPERSCRIPT)
    return f"10{power}" if mantissa == "1" else f"{mantissa}·10{power}"


class DecimatedSeries:
    """A history's curve ``key`` decimated to screen columns, extended incrementally: columns
    already complete are kept, so a frame costs the new rows, not the whole history."""

    def __init__(self, series_fn, key: str, log: bool):
        self.series, self.key, self.log = series_fn, key, log
        self._sig = None
        self._done = 0  # rows decimated into complete columns
        self._x = self._y = np.empty(0)

    def get(self, h, n: int, x_max: float, columns: int):
        steps = h.steps_of_rows()
        first = float(steps[0]) if len(h) else 0.0
        sig = (x_max, columns, first)
        # thinning moves rows: the row before the cached boundary must show the same step
        valid = (sig == self._sig and self._done <= len(h) and
                 (self._done == 0 or steps[self._done - 1] == self._last_step))
        if not valid:
            self._sig, self._done, self._x, self._y = sig, 0, np.empty(0), np.empty(0)
        elif n < self._done:  # scrubbed back: keep the columns before row n's column
            col_start = math.floor(float(steps[max(n - 1, 0)]) / x_max * columns) * x_max / columns
            cut = int(np.searchsorted(self._x, col_start))
            self._x, self._y = self._x[:cut], self._y[:cut]
            self._done = int(np.searchsorted(steps[:n], col_start))
            self._last_step = steps[self._done - 1] if self._done else None
        rows = np.arange(self._done, n)
        y = self.series(h, self.key, rows) if len(rows) else np.empty(0)
        if self.log:
            y = positive_for_log(y)
        x = steps[self._done:n].astype(float)
        nx, ny = minmax_decimate(x, y, 0.0, x_max, columns, always=True)
        if len(x):
            # rows of the last (still growing) column are decimated again next frame
            col = np.clip(((x - 0.0) / x_max * columns).astype(np.int64), 0, columns - 1)
            start = int(np.searchsorted(col, col[-1]))
            keep = nx < x[start]
            self._x = np.concatenate([self._x, nx[keep]])
            self._y = np.concatenate([self._y, ny[keep]])
            self._done += start
            self._last_step = steps[self._done - 1] if self._done else None
        if not len(x):
            return self._x, self._y
        return np.concatenate([self._x, nx[~keep]]), np.concatenate([self._y, ny[~keep]])


class CurvesView(pg.GraphicsLayoutWidget):
    """Curves against step in a 2×2 grid: the surface panes by default, or ``panes`` with
    ``series(history, key, rows)`` (the network panes)."""

    def __init__(self, parent=None, panes=None, series_fn=None, dashed=None, empty=None):
        super().__init__(parent)
        self.setBackground("#1e1e24")
        self.series = series_fn or series
        self.dashed = dict(dashed or {})  # pane key -> key of a dashed curve on its axes
        self.plots: dict[str, pg.PlotItem] = {}
        self.log = {}
        panes = panes or PANES
        for i, (key, title, log) in enumerate(panes):
            axes = {"left": LogAxis("left")} if log else {}
            last_alone = i == len(panes) - 1 and i % 2 == 0  # an odd last pane spans both columns
            p = self.addPlot(row=i // 2, col=i % 2, colspan=2 if last_alone else 1, axisItems=axes)
            # fixed: labels that change width re-lay nothing out; 54 px hold "0.6918", the
            # digits a loss hovering within one decade needs (a wider label is not drawn)
            p.getAxis("left").setWidth(54)
            p.setTitle(QCoreApplication.translate("CurvesView", title), size="9pt", color="#e0e0e0")
            wrap_titles(p)  # a narrow dock wraps the titles rather than cutting off panes
            p.setLogMode(y=log)
            p.setMenuEnabled(False)
            p.setLabel("bottom", translate("CurvesView", "step"))
            for axis in ("left", "bottom"):  # re-rendered only when the range changes
                p.getAxis(axis).setCacheMode(QGraphicsItem.DeviceCoordinateCache)
            self.plots[key] = p
            self.log[key] = log
        # which colour is which run (issue 8, item 7): one line under the panes, set with the runs
        rows = (len(self.plots) + 1) // 2
        self.legend = self.addLabel("", row=rows, col=0, colspan=2, size="8pt", color="#d0d0d8")
        wrap_label(self.legend)
        self.shown = list(self.plots)  # the panes laid out (see show_panes)
        self.first_plot = first = next(iter(self.plots.values()))
        # a pane spanning both columns is not linked: pyqtgraph links views of unequal widths
        # by pixels, so it would show another step range; its range is set with the first's
        self.wide = [self.plots[panes[-1][0]]] if len(panes) % 2 else []
        for p in self.plots.values():
            if p is not first and p not in self.wide:
                p.setXLink(first)
        # ranges are set here, not by pyqtgraph's auto-range: that runs while painting and asks
        # for another paint (four linked plots cascaded to four paints a frame). The step axis
        # grows in steps (1, 2, 5 × 10^k), the value axes only when the data leave them.
        for p in self.plots.values():
            p.disableAutoRange()
        self._x_max = 0.0
        self._y_range: dict[str, tuple[float, float]] = {}
        # one item per pane paints every run's line (pyqtgraph's per-curve items cost more in
        # bounds and data bookkeeping than the drawing itself)
        self.layers: dict[str, LineLayer] = {}
        for key, p in self.plots.items():
            layer = LineLayer()
            p.addItem(layer, ignoreBounds=True)
            p.getViewBox().sigRangeChanged.connect(lambda vb, *_a, layer=layer: layer.set_rect(vb.viewRect()))
            layer.set_rect(p.viewRect())
            self.layers[key] = layer
        self.runs: list = []
        self._decimated = weakref.WeakKeyDictionary()  # history -> {key: DecimatedSeries}
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
        self.empty_note = {}
        for k, text in (empty or {}).items():
            note = pg.TextItem(QCoreApplication.translate("CurvesView", text), anchor=(0.5, 0.5),
                               color="#9a9aa8")
            vb = self.plots[k].getViewBox()
            note.setParentItem(vb)  # placed in the pane's pixels, not in data units
            vb.sigResized.connect(lambda vb, note=note: note.setPos(vb.rect().center()))
            self.empty_note[k] = note

    def resizeEvent(self, ev):
        if getattr(self, "legend", None) is not None:  # None while pyqtgraph builds the widget
            self._fit_labels()
        super().resizeEvent(ev)

    def _fit_labels(self) -> None:
        for p in self.plots.values():
            fit_title(p, self.width() / 2)
        fit_label(self.legend, self.width())

    def show_panes(self, keys) -> None:
        """Lay out only the panes ``keys`` (in their order, two a row): a pane that means
        nothing for the problem (accuracy for a regression) is not shown empty."""
        keys = [k for k in self.plots if k in set(keys)]
        if keys == self.shown:
            return
        for key in self.shown:
            self.ci.layout.removeItem(self.plots[key])
        self.ci.layout.removeItem(self.legend)
        for key, p in self.plots.items():
            p.setVisible(key in keys)
        for i, key in enumerate(keys):
            last_alone = i == len(keys) - 1 and i % 2 == 0  # an odd last pane spans both columns
            self.ci.layout.addItem(self.plots[key], i // 2, i % 2, 1, 2 if last_alone else 1)
        self.ci.layout.addItem(self.legend, (len(keys) + 1) // 2, 0, 1, 2)
        self.shown = keys

    def set_runs(self, runs) -> None:
        """New runs, or the same runs restarted: every axis starts again from the data (a range
        from before — 1e-30 after a long run — must not outlive the state that made it)."""
        self.runs = list(runs)
        self._x_max = 0.0
        self._y_range.clear()
        for key, p in self.plots.items():
            p.setYRange(*((-1.0, 1.0) if self.log[key] else (0.0, 1.0)), padding=0)
        self.legend.setText("&nbsp; ".join(  # a narrow dock wraps between runs, not in a name
            f'<span style="color:{run.color}">━</span>&nbsp;{html.escape(run.name)}' for run in runs))
        self._fit_labels()
        for layer in self.layers.values():
            layer.set_lines([])

    def draw(self, frame) -> None:
        """Draw ``frame`` (a :class:`playground.ui.controller.Frame`)."""
        self.update_runs(frame.histories, frame.runs, frame.step, frame.hidden, frame.playing)
        self.draw_moments(frame.moments, frame.runs, frame.hidden)

    def draw_moments(self, moments, runs, hidden) -> None:
        """A dashed line in the run's colour at each decisive moment, in every pane, named in
        the first (items change only when the moments do; hovering reads its step)."""
        shown = [m for m in moments if m.run < len(runs) and runs[m.run].name not in hidden]
        # a label left of its line in the right half of the pane, so it is never cut off
        key = tuple((m, runs[m.run].color, m.step > self._x_max / 2) for m in shown)
        if key == getattr(self, "_moments_key", None):
            return
        self._moments_key = key
        for line, plot in getattr(self, "_moment_lines", []):
            plot.removeItem(line)
        self._moment_lines = []
        for m, _color, right_half in key:
            color = pg.mkColor(runs[m.run].color)
            side = 1 if right_half else 0
            for plot in self.plots.values():
                label = m.name() if plot is self.first_plot else None  # the line is the step
                line = pg.InfiniteLine(pos=m.step, angle=90, pen=pg.mkPen(color, width=1.5, style=Qt.DashLine),
                                       label=label, labelOpts=dict(position=0.92, color=color,
                                                                   fill=(20, 20, 28, 210),
                                                                   anchors=[(side, 0), (side, 0)]))
                if label:
                    font = line.label.textItem.font()
                    font.setPointSizeF(7.5)
                    line.label.setFont(font)
                plot.addItem(line, ignoreBounds=True)
                self._moment_lines.append((line, plot))

    def update_runs(self, histories, runs, step: int, hidden: set, playing: bool = True) -> None:
        self._data = []
        x_max = nice_ceiling(step * 1.05)
        if x_max != self._x_max:
            self._x_max = x_max
            for p in [self.first_plot] + self.wide:
                p.setXRange(0, x_max, padding=0.02)
            ticks = [[(v, _step_label(v)) for v in (0, x_max / 2, x_max)]]  # narrow panes: 3 labels
            for p in self.plots.values():
                p.getAxis("bottom").setTicks(ticks)
        columns = {key: max(MIN_COLUMNS, int(p.getViewBox().width())) for key, p in self.plots.items()}
        drawn = {key: [] for key in self.plots}
        for h, run in zip(histories, runs):
            n = h.row_of_step(step) + 1 if len(h) else 0
            data, visible = {}, run.name not in hidden
            cache = self._decimated.get(h)
            if cache is None:
                keys = list(self.plots) + list(self.dashed.values())
                cache = self._decimated[h] = {
                    key: DecimatedSeries(self.series, key, self.log[self._pane_of(key)])
                    for key in keys}
            for key in cache:
                # every column's min and max: no more points than pixels, and spikes survive
                pane = self._pane_of(key)
                steps, y = cache[key].get(h, n, self._x_max, columns[pane])
                if visible:
                    with np.errstate(divide="ignore", invalid="ignore"):
                        line = (run.color, steps, np.log10(y) if self.log[pane] else y)
                        drawn[pane].append(line + (True,) if key != pane else line)  # dashed
                data[key] = (steps, y)
            self._data.append((run, data, visible))
        for key, layer in self.layers.items():
            layer.set_lines(drawn[key])
        for key in self.plots:
            keys = [key] + ([self.dashed[key]] if key in self.dashed else [])
            values = [d[k][1] for _, d, visible in self._data if visible
                      for k in keys if len(d[k][1])]
            y = np.concatenate(values) if values else np.empty(0)
            self._fit_y(key, y, exact=not playing)
            if key in self.empty_note:
                has_data = bool(np.isfinite(y).any())
                self.empty_note[key].setVisible(not has_data)
                if not has_data:
                    self.empty_note[key].setPos(self.plots[key].getViewBox().rect().center())

    def _pane_of(self, key: str) -> str:
        """The pane a curve is drawn in: its own, or the pane it is the dashed companion of."""
        for pane, companion in self.dashed.items():
            if key == companion:
                return pane
        return key

    def _fit_y(self, key: str, y: np.ndarray, exact: bool = False) -> None:
        """Keep the value axis around the data. While training plays, change it only when the
        data leave it or fill less than a third of it (in log units for log plots): no jitter.
        At rest (``exact``) fit the data as they are, so the paused picture depends on the
        state alone, not on which frames happened to be drawn on the way."""
        y = y[np.isfinite(y)]
        if self.log[key]:
            y = np.log10(y[y > 0])
        if not len(y):
            return
        lo, hi = float(y.min()), float(y.max())
        if hi - lo < 1e-12:  # a constant: half a decade (log) or half its size around it
            half = 0.5 if self.log[key] else max(abs(hi) * 0.5, 1e-12)
            lo, hi = lo - half, hi + half
        pad = 0.08 * (hi - lo)
        old = self._y_range.get(key)
        if exact:
            if old == (lo - pad, hi + pad):
                return
        elif old is not None and old[0] <= lo and hi <= old[1] and (hi - lo) > (old[1] - old[0]) / 3:
            return
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
            for run, data, visible in self._data:
                steps, y = data.get(key, (np.empty(0), None))
                if not visible or y is None or not len(steps) or not 0 <= step <= steps[-1]:
                    continue
                k = min(int(np.searchsorted(steps, step)), len(steps) - 1)  # nearest drawn row
                if np.isfinite(y[k]):
                    lines.append(f'<span style="color:{run.color}">■</span> {run.name}: {y[k]:.4g}')
            if not lines:
                self.readout[key].hide()
                self.cursor[key].hide()
                continue
            self.readout[key].setHtml(translate("CurvesView", "step {step}<br>").format(step=step) + "<br>".join(lines))
            (x0, x1), (y0, y1) = vb.viewRange()
            self.readout[key].setPos(x1, y1)
            self.cursor[key].setPos(step)
            self.readout[key].show()
            self.cursor[key].show()
