"""Curvature drawn on the surface view: the critical points found (one mark per verdict) and the
Hessian's eigen-ellipse at the inspected point.

The ellipse's axes lie along the Hessian's eigenvectors with half-lengths ∝ 1/√|λ|: the level
set of the local quadratic model ½·Σ λ_i·s_i² = const, so the long axis is the flat direction
and the short one the steep direction. An axis with λ < 0 (the loss falls along it) is dashed,
and so is the outline when the point is not a minimum (the level set is then not an ellipse).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

#: symbol, size, brush, pen per verdict (filled, unlike the surface's own landmarks, and ringed)
MARKS = {"minimum": ("o", 11, "#5fe08a", "#0b3d1c"),
         "maximum": ("t1", 12, "#ff7070", "#3d0b0b"),
         "saddle": ("s", 10, "#ffb347", "#3d2a0b"),
         "degenerate": ("d", 9, "#c0c0d0", "#2a2a33")}
ELLIPSE_SHARE = 0.12  # the long half-axis, as a share of the smaller side of the view
MAX_AXIS_RATIO = 30.0  # a near-zero eigenvalue would make the axis endless: cap the ratio
OUTLINE_POINTS = 97


def ellipse_axes(eigenvalues, longest: float) -> np.ndarray:
    """Half-lengths ∝ 1/√|λ|, the longer one ``longest``, the ratio capped at MAX_AXIS_RATIO."""
    lam = np.abs(np.asarray(eigenvalues, dtype=float))
    inv = 1.0 / np.sqrt(np.maximum(lam, 1e-300))
    r = inv / inv.max() if np.isfinite(inv.max()) and inv.max() > 0 else np.ones(2)
    return longest * np.maximum(r, 1.0 / MAX_AXIS_RATIO)


class CurvatureMarks:
    """The items, added to ``plot``; the surface view tells them what to show."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        self.points = pg.ScatterPlotItem()
        self.points.setZValue(32)
        self.ring = pg.ScatterPlotItem(symbol="o", size=22, brush=None, pen=pg.mkPen("#ffffff", width=2))
        self.ring.setZValue(33)
        pen = pg.mkPen("#ffffff", width=2)
        self.outline = pg.PlotCurveItem(pen=pen)
        self.axes = [pg.PlotCurveItem(pen=pen), pg.PlotCurveItem(pen=pen)]
        for item in [self.points, self.ring, self.outline] + self.axes:
            item.setZValue(max(item.zValue(), 31))
            plot.addItem(item, ignoreBounds=True)
        self.found: list = []
        self._ellipse = None  # (point, eigenvalues, eigenvectors as columns)

    # -- critical points ------------------------------------------------------------------------
    def set_points(self, points) -> None:
        """Mark each :class:`~playground.core.surfaces.critical.CriticalPoint`."""
        self.found = list(points)
        spots = []
        for p in self.found:
            symbol, size, brush, pen = MARKS[p.kind]
            spots.append(dict(pos=p.point, symbol=symbol, size=size, brush=brush, pen=pg.mkPen(pen)))
        self.points.setData(spots)
        self.select(-1)

    def select(self, index: int) -> None:
        if 0 <= index < len(self.found):
            self.ring.setData([self.found[index].point[0]], [self.found[index].point[1]])
        else:
            self.ring.setData([], [])

    # -- the eigen-ellipse --------------------------------------------------------------------------
    def set_ellipse(self, point, eigenvalues, eigenvectors) -> None:
        """The ellipse at ``point`` for the Hessian's eigenvalues and eigenvectors (columns)."""
        self._ellipse = (np.asarray(point, float), np.asarray(eigenvalues, float),
                         np.asarray(eigenvectors, float))
        self.relayout()

    def clear_ellipse(self) -> None:
        self._ellipse = None
        for item in [self.outline] + self.axes:
            item.setData([], [])

    def relayout(self) -> None:
        """Size the ellipse for the view shown now (call when the view range changes)."""
        if self._ellipse is None:
            return
        c, lam, vecs = self._ellipse
        if not (np.all(np.isfinite(lam)) and np.all(np.isfinite(vecs)) and np.all(np.isfinite(c))):
            self.clear_ellipse()
            return
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        r = ellipse_axes(lam, ELLIPSE_SHARE * min(x1 - x0, y1 - y0))
        t = np.linspace(0, 2 * np.pi, OUTLINE_POINTS)
        outline = c[:, None] + vecs[:, :1] * (r[0] * np.cos(t)) + vecs[:, 1:] * (r[1] * np.sin(t))
        self.outline.setData(outline[0], outline[1])
        self.outline.setPen(self._pen(minimum=bool(np.all(lam > 0))))
        for k, axis in enumerate(self.axes):
            ends = c[:, None] + vecs[:, k:k + 1] * np.array([-r[k], r[k]])
            axis.setData(ends[0], ends[1])
            axis.setPen(self._pen(minimum=lam[k] >= 0))

    @staticmethod
    def _pen(minimum: bool):
        return pg.mkPen("#ffffff", width=2, style=Qt.SolidLine if minimum else Qt.DashLine)
