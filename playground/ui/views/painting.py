"""Cheap painting for live views: what a frame hands to ``QPainter`` is bounded by the screen,
never by the length of a run.

* :func:`to_device` maps data points to device pixels with numpy and clips them to a sane range
  (QPainter crashed on coordinates near 1e19 — issue 12) and drops non-finite points;
* :func:`dedupe_pixels` drops consecutive points that land on the same pixel;
* :func:`minmax_decimate` keeps the minimum and the maximum of every screen column, so a
  one-step spike survives however long the curve;
* :class:`BakedBackdrop` paints a heatmap and its contours from one cached image, re-rendered only
  when the picture, the view box, the zoom or the size change.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPainterPath, QPen, QPolygonF, QTransform

#: device coordinates are clipped to ±this many pixels: far outside any screen, far inside the
#: range where QPainter's fixed-point rasteriser overflows
PIXEL_LIMIT = 1e5


def to_device(tr: QTransform, xy: np.ndarray) -> np.ndarray:
    """Data points (n, 2) → device pixels (m, 2) through an axis-aligned transform (the view box
    has no rotation), without non-finite points and clipped to ±``PIXEL_LIMIT``."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    with np.errstate(over="ignore", invalid="ignore"):
        px = xy[:, 0] * tr.m11() + xy[:, 1] * tr.m21() + tr.m31()
        py = xy[:, 0] * tr.m12() + xy[:, 1] * tr.m22() + tr.m32()
    out = np.column_stack([px, py])
    out = out[np.all(np.isfinite(out), axis=1)]
    return np.clip(out, -PIXEL_LIMIT, PIXEL_LIMIT)


def dedupe_pixels(px: np.ndarray) -> np.ndarray:
    """Drop points on the same whole pixel as the point before them (the newest is kept)."""
    if len(px) < 3:
        return px
    cell = np.floor(px).astype(np.int64)
    keep = np.ones(len(px), bool)
    keep[1:] = np.any(cell[1:] != cell[:-1], axis=1)
    keep[-1] = True
    return px[keep]


def polygon(px: np.ndarray) -> QPolygonF:
    px = np.asarray(px, float).reshape(-1, 2)
    return pg.functions.arrayToQPolygonF(np.ascontiguousarray(px[:, 0]), np.ascontiguousarray(px[:, 1]))


#: a 2-pixel line as three 1-pixel (cosmetic) strokes: the raster engine draws those ~8× faster
#: than one wide stroke, which goes through the path stroker
THICK_OFFSETS = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0))


def draw_thick_polyline(p: QPainter, poly: QPolygonF, color) -> None:
    """A ~2 px line without antialiasing, fast (see ``THICK_OFFSETS``)."""
    pen = QPen(color, 0)
    p.setPen(pen)
    for dx, dy in THICK_OFFSETS:
        p.drawPolyline(poly.translated(dx, dy))


def _changes(a: np.ndarray) -> np.ndarray:
    """True where ``a`` differs from the element before (always at 0); np.r_ costs more here."""
    out = np.empty(len(a), bool)
    if len(a):
        out[0] = True
        np.not_equal(a[1:], a[:-1], out=out[1:])
    return out


def minmax_decimate(x: np.ndarray, y: np.ndarray, x0: float, x1: float, columns: int,
                    always: bool = False):
    """At most two points per screen column of ``[x0, x1]``: each column's minimum and maximum in
    the order they occur (so a single-step spike survives, and a line through them looks like the
    full curve). NaNs split the line and are kept as single separators. ``x`` is increasing.

    Returns ``(x, y)`` of at most ``2 * columns`` points plus the NaN separators (a short
    curve comes back as it is unless ``always``).
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    if (len(x) <= 2 * columns and not always) or x1 <= x0:
        return x, y
    col = np.clip(((x - x0) / (x1 - x0) * columns).astype(np.int64), 0, columns - 1)
    finite = np.isfinite(y)
    # a gap (NaN) ends a segment: number the runs of finite values, decimate within each
    seg = np.cumsum(~finite)
    key = col * (len(x) + 1) + seg  # one bucket per (column, segment), in order of x
    keep = np.zeros(len(x), bool)
    fk, fi = key[finite], np.flatnonzero(finite)
    if len(fi):
        starts = np.flatnonzero(_changes(fk))
        yf = y[fi]
        mins = np.minimum.reduceat(yf, starts)
        maxs = np.maximum.reduceat(yf, starts)
        bucket = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(fi))))
        # first occurrence of each bucket's min and max
        is_min = yf == mins[bucket]
        is_max = yf == maxs[bucket]
        for mask in (is_min, is_max):
            idx = np.flatnonzero(mask)
            first = idx[_changes(bucket[idx])]
            keep[fi[first]] = True
        keep[fi[starts]] = True  # each bucket's first point keeps the line continuous
        keep[fi[np.append(starts[1:] - 1, len(fi) - 1)]] = True  # and its last
    gaps = np.flatnonzero(~finite)
    if len(gaps):  # one NaN per gap is enough to split the line
        keep[gaps[np.concatenate([[True], np.diff(gaps) > 1])]] = True
    return x[keep], y[keep]


class BakedBackdrop(pg.GraphicsObject):
    """A heatmap with contour lines, painted 1:1 from one cached device-resolution image.

    The image is re-rendered only when the picture (:meth:`set_picture`), the view box, the zoom
    or the widget size change; moving runs over it repaints a blit. ``renders`` counts them.
    """

    def __init__(self):
        super().__init__()
        self.rgba: QImage | None = None
        self.box = QRectF()
        self.contours: list[QPainterPath] = []
        self.contour_pen = QPen(pg.mkColor(255, 255, 255, 80), 1)
        self.contour_pen.setCosmetic(True)
        self._cache: QImage | None = None
        self._cache_key = None
        self._cache_at = QRect()
        self.renders = 0
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)

    def set_picture(self, values: np.ndarray, levels: tuple[float, float], cmap: pg.ColorMap,
                    box: tuple[float, float, float, float], contour_levels) -> None:
        """``values`` (ny, nx), row 0 at ``ymin``; ``box`` = (xmin, xmax, ymin, ymax)."""
        lo, hi = levels
        lut = cmap.getLookupTable(0.0, 1.0, 256, alpha=True)
        with np.errstate(invalid="ignore"):
            idx = np.clip((values - lo) / max(hi - lo, 1e-300) * 255, 0, 255)
        rgba = lut[np.nan_to_num(idx, nan=0).astype(np.uint8)].copy()
        rgba[~np.isfinite(values), 3] = 0
        rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
        h, w = values.shape
        self._rgba_bytes = rgba  # QImage does not own the buffer
        self.rgba = QImage(rgba.data, w, h, 4 * w, QImage.Format_RGBA8888).copy()
        xmin, xmax, ymin, ymax = box
        self.prepareGeometryChange()
        self.box = QRectF(xmin, ymin, xmax - xmin, ymax - ymin)
        # contours in data coordinates, traced once per picture on every second sample:
        # pyqtgraph's marching squares is pure Python (1.1 s for 14 levels at 320², a quarter
        # of it at 160²); the lines are interpolated within cells and drawn antialiased
        step = 2 if min(h, w) >= 200 else 1
        data = values[::step, ::step].T  # isocurve wants [x, y] indexing
        sx = step * (xmax - xmin) / max(w - 1, 1)  # data units per traced sample
        sy = step * (ymax - ymin) / max(h - 1, 1)
        self.contours = []
        for level in contour_levels:
            path = QPainterPath()
            for line in pg.functions.isocurve(data, level, connected=True, extendToEdge=True):
                pts = np.asarray(line, float)
                if len(pts) < 2:
                    continue
                pts = pts * [sx, sy] + [xmin, ymin]
                path.addPolygon(polygon(pts))
            self.contours.append(path)
        self._cache_key = None
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self.box)

    def paint(self, p: QPainter, option=None, widget=None) -> None:
        if self.rgba is None or self.box.isEmpty():
            return
        # the world transform maps to the widget's logical pixels (the device transform would
        # add the backing store's offset, which resetTransform does not undo)
        tr = p.worldTransform()
        screen = widget.rect() if widget is not None else tr.mapRect(self.box).toAlignedRect()
        target = tr.mapRect(self.box).toAlignedRect().intersected(screen)
        if target.isEmpty():
            return
        dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        key = (tr.m11(), tr.m22(), tr.m31(), tr.m32(), target.x(), target.y(), target.width(),
               target.height(), dpr)
        if key != self._cache_key:
            self._render(tr, target, dpr)
            self._cache_key = key
        p.save()
        p.resetTransform()
        p.drawImage(target.topLeft(), self._cache)
        p.restore()

    def _render(self, tr: QTransform, target: QRect, dpr: float) -> None:
        self.renders += 1
        img = QImage(target.size() * dpr, QImage.Format_ARGB32_Premultiplied)
        img.setDevicePixelRatio(dpr)  # sharp on high-DPI screens
        img.fill(Qt.transparent)
        q = QPainter(img)
        q.setTransform(tr * QTransform.fromTranslate(-target.x(), -target.y()))
        q.setRenderHint(QPainter.SmoothPixmapTransform, True)
        q.drawImage(self.box, self.rgba)
        q.setRenderHint(QPainter.Antialiasing, True)  # once per zoom: smooth contours are cheap
        q.setPen(self.contour_pen)
        q.setBrush(Qt.NoBrush)
        for path in self.contours:
            q.drawPath(path)
        q.end()
        self._cache = img


class LineLayer(pg.GraphicsObject):
    """Several polylines (one per run) in one item: ``set_lines([(color, x, y), ...])`` in view
    coordinates, NaN splitting a line; ``(color, x, y, True)`` draws a dashed line. Painted 1 px without antialiasing, through
    :func:`to_device`; no per-line pyqtgraph items, bounds or data-set machinery."""

    def __init__(self):
        super().__init__()
        self.rect = QRectF()
        self.lines: list = []
        self.points_painted = 0

    def boundingRect(self) -> QRectF:
        return QRectF(self.rect)

    def set_rect(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self.rect = QRectF(rect)

    def set_lines(self, lines: list) -> None:
        self.lines = lines
        self.update()

    def paint(self, p: QPainter, *args) -> None:
        tr = p.worldTransform()  # to the widget's pixels (see BakedBackdrop.paint)
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.Antialiasing, False)
        painted = 0
        for color, x, y, *dashed in self.lines:
            if not len(x):
                continue
            pen = QPen(pg.mkColor(color), 0)
            if dashed and dashed[0]:
                pen.setStyle(Qt.DashLine)
            p.setPen(pen)
            finite = np.isfinite(x) & np.isfinite(y)
            # split at the gaps: each finite run of points is one polyline
            edges = np.flatnonzero(np.diff(np.concatenate([[0], finite.astype(np.int8), [0]])))
            for a, b in zip(edges[::2], edges[1::2]):
                px = to_device(tr, np.column_stack([x[a:b], y[a:b]]))
                painted += len(px)
                if len(px) == 1:
                    p.drawPoint(*px[0])
                elif len(px):
                    p.drawPolyline(polygon(px))
        p.restore()
        self.points_painted = painted
