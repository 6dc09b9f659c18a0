"""The surface view: heatmap with log-scaled colours and contours, landmarks, every run's path
with its head, draggable start points and the update arrows (−gradient, momentum, update); the
critical points found and the eigen-ellipse at the inspected point (``curvature_marks``)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from ...core.params import number_text
from ...core.surfaces.problem import Surface
from .curvature_marks import CurvatureMarks
from .titles import fit_title, fresh_axes, wrap_titles
from .painting import BakedBackdrop, dedupe_pixels, draw_thick_polyline, polygon, to_device

translate = QCoreApplication.translate

GRID = 320
CONTOURS = 14
ARROW_PX = 70  # screen length of an arrow at its kind's full scale
ARROW_DECADES = 4  # each decade below the full scale draws a quarter shorter
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
    # labels are translated where shown (context "SurfaceView")
    "gradient": (QT_TRANSLATE_NOOP("SurfaceView", "−gradient (white)"), "#FFFFFF", 2.0, Qt.SolidLine),
    "momentum": (QT_TRANSLATE_NOOP("SurfaceView", "momentum (dashed)"), None, 2.0, Qt.DashLine),
    "update": (QT_TRANSLATE_NOOP("SurfaceView", "update (thick)"), None, 3.5, Qt.SolidLine),
}


def log_levels(z: np.ndarray) -> tuple[np.ndarray, float, float]:
    """log10(z − min + ε): a surface whose values span many decades gets visible colours."""
    finite = z[np.isfinite(z)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    eps = max((hi - lo) * 1e-5, 1e-12)
    with np.errstate(invalid="ignore"):
        out = np.log10(np.where(np.isfinite(z), z - lo, hi - lo) + eps)
    return out, lo, eps


class RunLayer(pg.GraphicsObject):
    """Every run's path, head and update arrows in one item, painted from pre-built polygons in
    device pixels: no per-run pyqtgraph items, no bounds or tick work, and a bounded number of
    points however long the runs (see :mod:`.painting`)."""

    def __init__(self):
        super().__init__()
        self.rect = QRectF()  # what the view box shows (paths may leave the surface's box)
        self.runs: list[dict] = []  # per run: color, visible, pos (n, 2) data, arrows {kind: (p0, p1)}
        self.points_painted = 0  # points handed to QPainter in the last paint (for tests)
        self.setZValue(10)

    def boundingRect(self) -> QRectF:
        return QRectF(self.rect)

    def set_rect(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self.rect = QRectF(rect)

    def set_frame(self, runs: list[dict]) -> None:
        self.runs = runs
        self.update()

    def paint(self, p: QPainter, *args) -> None:
        tr = p.worldTransform()  # to the widget's pixels (see BakedBackdrop.paint)
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.Antialiasing, False)  # dense lines: no antialiasing
        painted = 0
        heads = []
        for run in self.runs:
            if not run["visible"] or not len(run["pos"]):
                continue
            px = dedupe_pixels(to_device(tr, run["pos"]))
            painted += len(px)
            color = pg.mkColor(run["color"])
            if len(px) >= 2:
                draw_thick_polyline(p, polygon(px), color)
            if len(px):
                heads.append((px[-1], color, run))
        p.setRenderHint(QPainter.Antialiasing, True)  # a handful of short strokes: smooth them
        for head, color, run in heads:
            for kind, (origin, v, length, alpha) in run["arrows"].items():
                ends = to_device(tr, np.array([origin, np.add(origin, v)]))
                if len(ends) < 2:
                    continue
                d = ends[1] - ends[0]
                norm = float(np.hypot(*d))
                if norm > 0:
                    painted += self._arrow(p, kind, ends[0], ends[0] + d / norm * length, alpha, color)
            p.setPen(QPen(pg.mkColor("#111111"), 1.5))
            p.setBrush(color)
            p.drawEllipse(QPointF(*head), 6.5, 6.5)
        p.restore()
        self.points_painted = painted

    @staticmethod
    def _arrow(p, kind, a, b, alpha, run_color) -> int:
        """A line from screen point ``a`` to ``b`` with a head; returns the points painted."""
        _label, color, width, dash = ARROW_STYLES[kind]
        c = pg.mkColor(color or run_color)
        c.setAlphaF(alpha)
        d = np.subtract(b, a)
        length = float(np.hypot(*d))
        if not np.isfinite(length) or length < 1:
            return 0
        u = d / length
        head = min(12.0, length * 0.6)
        base = np.asarray(b) - u * head
        pen = QPen(c, width, dash)
        p.setPen(pen)
        p.drawLine(QPointF(*a), QPointF(*base))
        n = np.array([-u[1], u[0]]) * head * 0.4
        p.setPen(Qt.NoPen)
        p.setBrush(c)
        p.drawPolygon(polygon(np.array([b, base + n, base - n])))
        return 5


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
        wrap_titles(self.plot)
        self.cmap = pg.colormap.get("viridis")
        self.backdrop = BakedBackdrop()  # heatmap + contours: one cached image
        self.plot.addItem(self.backdrop)
        # the colour bar reads its levels from an image item that is never painted
        self.image = pg.ImageItem()
        self.image.hide()
        self.plot.addItem(self.image, ignoreBounds=True)
        self.colorbar = pg.ColorBarItem(colorMap=self.cmap, interactive=False,
                                        width=14, label=translate("SurfaceView", "log₁₀(loss − min)"))
        self.colorbar.setImageItem(self.image, insert_in=self.plot)
        self.landmarks = pg.ScatterPlotItem()
        self.landmarks.setZValue(30)
        self.plot.addItem(self.landmarks)
        self.curvature = CurvatureMarks(self.plot)  # critical points found, eigen-ellipse
        self.layer = RunLayer()
        self.plot.addItem(self.layer, ignoreBounds=True)
        # the lesson's decisive moments: a ring where the run was, and what happened there
        self.moment_rings = pg.ScatterPlotItem(symbol="o", size=22, brush=pg.mkBrush(0, 0, 0, 0))
        self.moment_rings.setZValue(40)
        self.plot.addItem(self.moment_rings, ignoreBounds=True)
        self.moment_labels: list[pg.TextItem] = []
        self._moments_key = None
        # on a dark box: the heatmap under it may be any colour (pale yellow near maxima)
        self.legend_text = pg.TextItem(anchor=(0, 0), color="#e8e8e8", fill=(20, 20, 28, 200))
        self.legend_text.setZValue(50)
        self.plot.addItem(self.legend_text, ignoreBounds=True)
        self._legend = None
        self.runs: list[dict] = []
        self.surface: Surface | None = None
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self.plot.getViewBox().sigRangeChanged.connect(self._on_range)

    def _fit_title(self) -> None:
        fit_title(self.plot, self.width())

    def resizeEvent(self, ev):
        if not hasattr(self, "plot") or getattr(self, "closed", False):
            return super().resizeEvent(ev)  # while being built, or after close() cleared the scene
        self._fit_title()
        super().resizeEvent(ev)

    # -- surface -----------------------------------------------------------------------------
    def set_surface(self, surface: Surface, view=None) -> None:
        self.surface = surface
        box = tuple(view or surface.view)
        xmin, xmax, ymin, ymax = box
        _, _, z = surface.grid(box, GRID, GRID)
        levels, self.zmin, self.eps = log_levels(z)
        lo, hi = float(np.nanmin(levels)), float(np.nanmax(levels))
        self.levels, self.z_range = levels, (float(np.nanmin(z)), float(np.nanmax(z)))
        self.backdrop.set_picture(levels, (lo, hi), self.cmap, box,
                                  np.linspace(lo, hi, CONTOURS + 2)[1:-1])
        small = levels[::8, ::8]  # the colour bar needs only the levels
        self.image.setImage(small, levels=(lo, hi), autoLevels=False)
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        self.colorbar.setLevels((lo, hi))
        spots = [dict(pos=p, symbol="star", size=16, brush="#ffffff", pen=pg.mkPen("#222"))
                 for p in surface.minima]
        spots += [dict(pos=p, symbol="x", size=14, brush="#ff6060", pen=pg.mkPen("#ff6060"))
                  for p in surface.saddles]
        spots += [dict(pos=p, symbol="t1", size=13, brush="#ffb0b0", pen=pg.mkPen("#222"))
                  for p in surface.maxima]
        self.landmarks.setData(spots)
        self.curvature.clear_ellipse()  # about a point of the previous surface
        ax, ay = surface.axis_names
        self.plot.setLabel("bottom", ax)
        self.plot.setLabel("left", ay)
        self.plot.setTitle(f"{surface.name}:  f({ax}, {ay}) = {surface.formula}", color="#e8e8e8",
                           size="11pt")
        self._fit_title()
        fresh_axes(self.plot)
        self.plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        self.layer.set_rect(self.plot.viewRect())
        self.legend_text.setPos(xmin, ymax)
        self._legend = None

    # -- runs --------------------------------------------------------------------------------
    def set_runs(self, runs, movable: bool) -> None:
        """One start marker per run (call when runs change); paths, heads and arrows are
        painted by one layer."""
        for r in self.runs:
            self.plot.removeItem(r["start"])
        self.runs = []
        for i, run in enumerate(runs):
            start = pg.TargetItem(pos=run.start, size=11, movable=movable, symbol="o",
                                  pen=pg.mkPen(run.color, width=2), brush=pg.mkBrush(0, 0, 0, 0),
                                  hoverPen=pg.mkPen("#ffffff", width=2))
            start.setZValue(24)
            start.sigPositionChangeFinished.connect(lambda item, i=i: self._start_dragged(i, item))
            self.plot.addItem(start)
            self.runs.append(dict(start=start, color=run.color, visible=True, pos=np.empty((0, 2)),
                                  arrows={}))
        self.layer.set_frame([])

    def head_of(self, i: int) -> tuple[float, float] | None:
        """Where run ``i``'s head is drawn (data coordinates), or None."""
        pos = self.runs[i]["pos"]
        return (float(pos[-1, 0]), float(pos[-1, 1])) if len(pos) else None

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
        self.layer.set_rect(self.plot.viewRect())
        self.curvature.relayout()
        self.range_changed.emit()

    def draw(self, frame) -> None:
        """Draw ``frame`` (a :class:`playground.ui.controller.Frame`); arrows are on unless the
        session's view options turn them off."""
        shown = frame.options.get("arrows", {})
        arrows = {kind: shown.get(kind, True) for kind in ARROW_STYLES}
        self.update_runs(frame.histories, frame.runs, frame.step, frame.hidden, arrows)
        self.draw_moments(frame.moments, frame.histories, frame.runs, frame.hidden)

    def draw_moments(self, moments, histories, runs, hidden) -> None:
        """Ring each decisive moment on its run's path and name it (items change only when
        the moments do)."""
        shown = [m for m in moments if m.run < len(runs) and runs[m.run].name not in hidden
                 and "pos" in histories[m.run].columns()]
        key = tuple((m, runs[m.run].color) for m in shown)
        if key == self._moments_key:
            return
        self._moments_key = key
        spots = []
        for k, m in enumerate(shown):
            x, y = (float(v) for v in histories[m.run]["pos"][m.row])
            color = runs[m.run].color
            spots.append(dict(pos=(x, y), pen=pg.mkPen(color, width=2.5)))
            if k == len(self.moment_labels):
                label = pg.TextItem(anchor=(0, 1), fill=(20, 20, 28, 210))
                label.setZValue(41)
                self.plot.addItem(label, ignoreBounds=True)
                self.moment_labels.append(label)
            label = self.moment_labels[k]
            label.setColor(pg.mkColor(color))
            label.setText(m.label())
            label.setPos(x, y)
            label.show()
        for label in self.moment_labels[len(shown):]:
            label.hide()
        self.moment_rings.setData(spots)

    def update_runs(self, histories, runs, step: int, hidden: set, arrows: dict) -> None:
        """Draw each run up to ``step`` with its arrows for update ``step``."""
        for h, run, items in zip(histories, runs, self.runs):
            visible = run.name not in hidden
            items["start"].setVisible(visible)
            n = h.row_of_step(step) + 1 if len(h) else 0
            items["visible"] = visible and n > 0
            items["color"] = run.color
            if not items["visible"]:
                items["pos"], items["arrows"] = np.empty((0, 2)), {}
                continue
            items["pos"] = h["pos"][sample_rows(n)]
            items["arrows"] = self._arrows(h, n - 1, arrows)
        self.layer.set_frame(self.runs)
        self._draw_legend(arrows)

    def _scales(self) -> dict[str, float]:
        """The norm drawn at full length, per arrow kind: a gradient as steep as the surface's
        range over the box's diagonal; an update a tenth of the diagonal."""
        r = self.plot.viewRect() if self.surface is None else QRectF(*self._box_rect())
        diag = max(math.hypot(r.width(), r.height()), 1e-12)
        zlo, zhi = getattr(self, "z_range", (0.0, 1.0))
        slope = max((zhi - zlo) / diag, 1e-12) if math.isfinite(zhi - zlo) else 1.0
        return {"gradient": slope, "momentum": slope, "update": diag / 10}

    def _box_rect(self):
        b = self.backdrop.box
        return b.x(), b.y(), b.width(), b.height()

    def _arrows(self, h, t, shown) -> dict:
        """{kind: (origin, direction in data units, length in pixels, opacity)}: the length is
        ``ARROW_PX`` at the kind's scale and a quarter less per decade below it, so a vanishing
        gradient draws a vanishing arrow (issue 8, item 9); the last decade fades out."""
        steps = h.steps_of_rows()
        if not (t >= 1 and steps[t - 1] == steps[t] - 1):  # not across rows thinned away
            return {}
        row = h.row(t)
        origin = h["pos"][t - 1]
        vectors = {"gradient": -row["grad"] if "grad" in row else None, "momentum": None,
                   "update": h["pos"][t] - origin}
        for key in ("state.momentum_buffer", "state.exp_avg"):
            if key in row and np.all(np.isfinite(row[key])):
                vectors["momentum"] = -row[key]
                break
        scales = self._scales()
        out = {}
        for kind, v in vectors.items():
            if v is None or not shown.get(kind, True) or not np.all(np.isfinite(v)):
                continue
            norm = float(np.hypot(*v))
            if norm == 0:
                continue
            decades = math.log10(norm / scales[kind])
            length = ARROW_PX * min(1.0, 1.0 + decades / ARROW_DECADES)
            if length < ARROW_PX / ARROW_DECADES * 0.1:
                continue
            alpha = min(1.0, length / (ARROW_PX / ARROW_DECADES))
            out[kind] = (tuple(origin), tuple(v), length, alpha)
        return out

    def _draw_legend(self, shown) -> None:
        """Which arrow is which, and the scale their lengths are drawn at (issue 8, item 9)."""
        parts = [translate("SurfaceView", label) for kind, (label, *_rest) in ARROW_STYLES.items() if shown.get(kind, True)]
        text = ""
        if parts:
            scales = self._scales()
            text = "\n".join((
                translate("SurfaceView", "arrows: {arrows}").format(arrows=" · ".join(parts)),
                translate("SurfaceView", "length ∝ log₁₀|v|: full at |∇f| = {g}, |Δθ| = {u}").format(
                    g=number_text(float(f"{scales['gradient']:.2g}")),
                    u=number_text(float(f"{scales['update']:.2g}"))),
                translate("SurfaceView", "¼ shorter per decade below, none below 10⁻⁴ of it")))
        r = self.plot.viewRect()
        key = (text, r.left(), r.bottom())
        if key == self._legend:  # text set only when it changes
            return
        self._legend = key
        self.legend_text.setText(text)
        self.legend_text.setPos(r.left(), r.bottom())
