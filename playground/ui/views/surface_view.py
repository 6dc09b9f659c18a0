"""The surface view: heatmap with log-scaled colours and contours, landmarks, every run's path
with its head, draggable start points and the update arrows (−gradient, momentum, update)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsItem

from ...core.surfaces.problem import Surface

GRID = 320
CONTOURS = 14
ARROW_PX = 70  # screen length of the largest arrow
MAX_POINTS = 2000  # points drawn per path: bounds the cost of a frame, however long the run


def sample_rows(n: int, limit: int = MAX_POINTS) -> np.ndarray:
    """Row indices to draw of ``n``: all of them, or an even sample that keeps the first and
    the newest row (a path of 200,000 steps costs the same to draw as one of 2,000)."""
    if n <= limit:
        return np.arange(n)
    idx = np.linspace(0, n - 1, limit).astype(int)
    idx[-1] = n - 1
    return idx
ARROW_STYLES = {  # kind: (label, colour or None for the run's colour, width, dash)
    "gradient": ("−gradient (white)", "#FFFFFF", 2.0, Qt.SolidLine),
    "momentum": ("momentum (dashed)", None, 2.0, Qt.DashLine),
    "update": ("update applied (thick)", None, 3.5, Qt.SolidLine),
}


def log_levels(z: np.ndarray) -> tuple[np.ndarray, float, float]:
    """log10(z − min + ε): a surface whose values span many decades gets visible colours."""
    finite = z[np.isfinite(z)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    eps = max((hi - lo) * 1e-5, 1e-12)
    with np.errstate(invalid="ignore"):
        out = np.log10(np.where(np.isfinite(z), z - lo, hi - lo) + eps)
    return out, lo, eps


class _Arrow:
    """A line with a head in screen pixels (the head stays undistorted when axes differ)."""

    def __init__(self, plot: pg.PlotItem, color: str, width: float, dash):
        pen = pg.mkPen(color, width=width, style=dash)
        self.line = pg.PlotDataItem(pen=pen)
        self.head = pg.ArrowItem(pen=pg.mkPen(color), brush=pg.mkBrush(color), headLen=12,
                                 headWidth=9, tailLen=0, pxMode=True)
        plot.addItem(self.line)
        plot.addItem(self.head)
        self.line.setZValue(20)
        self.head.setZValue(21)

    def set(self, p0, p1, angle: float | None):
        if angle is None:
            self.line.setData([], [])
            self.head.hide()
            return
        self.line.setData([p0[0], p1[0]], [p0[1], p1[1]])
        self.head.setPos(p1[0], p1[1])
        self.head.setStyle(angle=angle)
        self.head.show()

    def remove(self, plot):
        plot.removeItem(self.line)
        plot.removeItem(self.head)


class SurfaceView(pg.GraphicsLayoutWidget):
    """Draws a scene; it never computes training. ``start_moved(run, x, y)`` when a start marker
    is dragged, ``clicked(x, y)`` for a click on the surface."""

    start_moved = Signal(int, float, float)
    clicked = Signal(float, float)
    range_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("#1e1e24")
        self.plot: pg.PlotItem = self.addPlot()
        self.plot.showGrid(x=False, y=False)
        self.plot.setMenuEnabled(False)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.image = pg.ImageItem()
        # the heatmap and contours only change on zoom: paint them from a cached pixmap
        self.image.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(colorMap=pg.colormap.get("viridis"), interactive=False,
                                        width=14, label="log₁₀(loss − min)")
        self.colorbar.setImageItem(self.image, insert_in=self.plot)
        self.contours: list[pg.IsocurveItem] = []
        self.landmarks = pg.ScatterPlotItem()
        self.landmarks.setZValue(30)
        self.plot.addItem(self.landmarks)
        self.legend_text = pg.TextItem(anchor=(0, 0), color="#e8e8e8")
        self.legend_text.setZValue(50)
        self.plot.addItem(self.legend_text, ignoreBounds=True)
        self.runs: list[dict] = []
        self.surface: Surface | None = None
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self.plot.getViewBox().sigRangeChanged.connect(self._on_range)

    # -- surface -----------------------------------------------------------------------------
    def set_surface(self, surface: Surface, view=None) -> None:
        self.surface = surface
        box = tuple(view or surface.view)
        xmin, xmax, ymin, ymax = box
        _, _, z = surface.grid(box, GRID, GRID)
        levels, self.zmin, self.eps = log_levels(z)
        lo, hi = float(np.nanmin(levels)), float(np.nanmax(levels))
        self.image.setImage(levels, levels=(lo, hi), autoLevels=False)
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        self.colorbar.setLevels((lo, hi))
        for c in self.contours:
            self.plot.removeItem(c)
        self.contours = []
        for level in np.linspace(lo, hi, CONTOURS + 2)[1:-1]:
            iso = pg.IsocurveItem(data=levels, level=level, pen=pg.mkPen((255, 255, 255, 70), width=1))
            iso.setParentItem(self.image)
            iso.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
            self.contours.append(iso)
        spots = [dict(pos=p, symbol="star", size=16, brush="#ffffff", pen=pg.mkPen("#222"))
                 for p in surface.minima]
        spots += [dict(pos=p, symbol="x", size=14, brush="#ff6060", pen=pg.mkPen("#ff6060"))
                  for p in surface.saddles]
        spots += [dict(pos=p, symbol="t1", size=13, brush="#ffb0b0", pen=pg.mkPen("#222"))
                  for p in surface.maxima]
        self.landmarks.setData(spots)
        ax, ay = surface.axis_names
        self.plot.setLabel("bottom", ax)
        self.plot.setLabel("left", ay)
        self.plot.setTitle(f"{surface.name}:  f({ax}, {ay}) = {surface.formula}", color="#e8e8e8",
                           size="11pt")
        self.plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        self.legend_text.setPos(xmin, ymax)

    # -- runs --------------------------------------------------------------------------------
    def set_runs(self, runs, movable: bool) -> None:
        """Create one path, head and start marker per run (call when runs change)."""
        for r in self.runs:
            for key in ("path", "head", "start"):
                self.plot.removeItem(r[key])
            for arrow in r["arrows"].values():
                arrow.remove(self.plot)
        self.runs = []
        for i, run in enumerate(runs):
            path = pg.PlotDataItem(pen=pg.mkPen(run.color, width=2.2))
            path.setDownsampling(auto=True, method="peak")
            path.setClipToView(True)
            path.setZValue(10)
            head = pg.ScatterPlotItem(size=13, brush=pg.mkBrush(run.color), pen=pg.mkPen("#111", width=1.5))
            head.setZValue(25)
            start = pg.TargetItem(pos=run.start, size=11, movable=movable, symbol="o",
                                  pen=pg.mkPen(run.color, width=2), brush=pg.mkBrush(0, 0, 0, 0),
                                  hoverPen=pg.mkPen("#ffffff", width=2))
            start.setZValue(24)
            start.sigPositionChangeFinished.connect(lambda item, i=i: self._start_dragged(i, item))
            arrows = {kind: _Arrow(self.plot, color or run.color, width, dash)
                      for kind, (_, color, width, dash) in ARROW_STYLES.items()}
            for item in (path, head, start):
                self.plot.addItem(item)
            self.runs.append(dict(path=path, head=head, start=start, arrows=arrows))

    def _start_dragged(self, i: int, item) -> None:
        pos = item.pos()
        self.start_moved.emit(i, float(pos.x()), float(pos.y()))

    def _on_click(self, event) -> None:
        if event.button() != Qt.LeftButton or event.double():
            return
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        p = vb.mapSceneToView(event.scenePos())
        self.clicked.emit(float(p.x()), float(p.y()))

    def _on_range(self, *args) -> None:
        self.range_changed.emit()

    def update_runs(self, histories, runs, step: int, hidden: set, arrows: dict) -> None:
        """Draw each run up to ``step`` with its arrows for update ``step``."""
        for i, (h, run, items) in enumerate(zip(histories, runs, self.runs)):
            visible = run.name not in hidden
            for key in ("path", "head", "start"):
                items[key].setVisible(visible)
            n = h.row_of_step(step) + 1 if len(h) else 0
            if not visible or n == 0:
                for a in items["arrows"].values():
                    a.set(None, None, None)
                continue
            pos = h["pos"][sample_rows(n)]
            items["path"].setData(pos[:, 0], pos[:, 1])
            items["head"].setData([pos[-1, 0]], [pos[-1, 1]])
            self._draw_arrows(items["arrows"], h, n - 1, arrows)
        self._draw_legend(arrows)

    def _draw_arrows(self, items, h, t, shown) -> None:
        vectors = {}
        steps = h.steps_of_rows()
        if t >= 1 and steps[t - 1] == steps[t] - 1:  # not across rows thinned away
            row = h.row(t)
            origin = h["pos"][t - 1]
            vectors["gradient"] = -row["grad"] if "grad" in row else None
            m = None
            for key in ("state.momentum_buffer", "state.exp_avg"):
                if key in row and np.all(np.isfinite(row[key])):
                    m = -row[key]
                    break
            vectors["momentum"] = m
            vectors["update"] = h["pos"][t] - origin
        vb = self.plot.getViewBox()
        screen = {}
        for kind, v in vectors.items():
            if v is None or not shown.get(kind, True) or not np.all(np.isfinite(v)):
                continue
            a = vb.mapViewToScene(QPointF(*origin))
            # the direction on screen: map a tiny step along v (axes may be scaled differently)
            norm = float(np.hypot(*v))
            if norm == 0:
                continue
            tiny = v / norm * 1e-6 * max(self.plot.viewRect().width(), 1e-12)
            b = vb.mapViewToScene(QPointF(origin[0] + tiny[0], origin[1] + tiny[1]))
            d = np.array([b.x() - a.x(), b.y() - a.y()])
            if not np.all(np.isfinite(d)) or np.hypot(*d) == 0:
                continue
            screen[kind] = (a, d / np.hypot(*d), norm)
        biggest = max((s[2] for s in screen.values()), default=1.0)
        for kind, arrow in items.items():
            if kind not in screen:
                arrow.set(None, None, None)
                continue
            a, unit, norm = screen[kind]
            length = ARROW_PX * max(0.25, math.sqrt(norm / biggest))
            tip = vb.mapSceneToView(QPointF(a.x() + unit[0] * length, a.y() + unit[1] * length))
            angle = 180.0 - math.degrees(math.atan2(-unit[1], unit[0]))
            arrow.set(origin, (tip.x(), tip.y()), angle)

    def _draw_legend(self, shown) -> None:
        parts = [label for kind, (label, *_rest) in ARROW_STYLES.items() if shown.get(kind, True)]
        text = ("arrows: " + " · ".join(parts)) if parts else ""
        self.legend_text.setText(text)
        r = self.plot.viewRect()
        self.legend_text.setPos(r.left(), r.bottom())
