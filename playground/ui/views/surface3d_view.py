"""The same scene in 3-D: the surface as a height field (height and colour: log₁₀(loss − min), as
in the heatmap) with every run's path lying on it. Needs OpenGL (pyqtgraph.opengl + PyOpenGL);
where there is none, the view says why and the 2-D view carries on alone."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .surface_view import log_levels, sample_rows

translate = QCoreApplication.translate

GRID = 140
HEIGHT = 0.9  # height of the surface relative to its half-width of 1
LIFT = 0.01  # paths float this much above the surface


def on_top_state() -> dict:
    """GL state for paths: blended, without the depth test, so the surface never hides them."""
    from OpenGL import GL

    return {GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True, GL.GL_CULL_FACE: False,
            "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)}


def opengl_problem() -> str | None:
    """Why a 3-D view cannot be shown here, or None when OpenGL works."""
    from PySide6.QtGui import QGuiApplication, QOpenGLContext

    platform = QGuiApplication.platformName()
    if platform in ("offscreen", "minimal", "vnc"):
        return translate("Surface3DView", "the '{platform}' Qt platform has no OpenGL").format(platform=platform)
    try:
        import OpenGL.GL  # noqa: F401
        import pyqtgraph.opengl  # noqa: F401
    except Exception as exc:  # ImportError, or PyOpenGL failing to find a GL library
        return translate("Surface3DView", "PyOpenGL is not usable ({error})").format(error=exc)
    if not QOpenGLContext().create():
        return translate("Surface3DView", "no OpenGL context could be created")
    return None


class Surface3DView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.problem = opengl_problem()
        self.gl = None
        self.surface_item = None
        self.runs: list[dict] = []
        if self.problem:
            label = QLabel(translate("Surface3DView", "The 3-D view needs OpenGL: {problem}.\n"
                               "The 2-D view shows the same scene.").format(problem=self.problem))
            label.setAlignment(Qt.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
            return
        import pyqtgraph.opengl as gl

        self._gl = gl
        self.gl = gl.GLViewWidget()
        self.gl.setBackgroundColor("#1e1e24")
        from PySide6.QtGui import QVector3D

        self.gl.setCameraPosition(pos=QVector3D(0, 0, HEIGHT / 3), distance=3.3, elevation=42,
                                  azimuth=-65)
        self.gl.setMinimumSize(280, 240)
        layout.addWidget(self.gl)

    @property
    def available(self) -> bool:
        return self.gl is not None

    def _to_scene(self, x, y):
        xmin, xmax, ymin, ymax = self.box
        return (2 * (np.asarray(x) - xmin) / (xmax - xmin) - 1,
                2 * (np.asarray(y) - ymin) / (ymax - ymin) - 1)

    def _height(self, levels):
        return HEIGHT * (np.asarray(levels) - self.lo) / max(self.hi - self.lo, 1e-12)

    def set_surface(self, surface, view=None) -> None:
        if not self.available:
            return
        self.surface = surface
        self.box = tuple(view or surface.view)
        xs, ys, z = surface.grid(self.box, GRID, GRID)
        levels, self.zmin, self.eps = log_levels(z)
        self.lo, self.hi = float(np.nanmin(levels)), float(np.nanmax(levels))
        sx, sy = self._to_scene(xs, ys)
        heights = self._height(levels).T  # GLSurfacePlotItem wants z[ix, iy]
        shade = (levels.T - self.lo) / max(self.hi - self.lo, 1e-12)
        colors = pg.colormap.get("viridis").map(shade.ravel(), mode="float").reshape(GRID, GRID, 4)
        if self.surface_item is not None:
            self.gl.removeItem(self.surface_item)
        self.surface_item = self._gl.GLSurfacePlotItem(x=sx, y=sy, z=heights, colors=colors,
                                                       smooth=True, computeNormals=False)
        self.gl.addItem(self.surface_item)

    def set_runs(self, runs) -> None:
        if not self.available:
            return
        for r in self.runs:
            self.gl.removeItem(r["path"])
            self.gl.removeItem(r["head"])
        self.runs = []
        for run in runs:
            color = pg.mkColor(run.color).getRgbF()
            path = self._gl.GLLinePlotItem(color=color, width=3.0, antialias=True)
            head = self._gl.GLScatterPlotItem(color=color, size=12)
            for item in (path, head):  # paths lie on the surface: draw them over it, always
                item.setGLOptions(on_top_state())
            self.gl.addItem(path)
            self.gl.addItem(head)
            self.runs.append({"path": path, "head": head})

    def _lift(self, pos: np.ndarray) -> np.ndarray:
        """Scene coordinates of positions on the surface (height from the loss there)."""
        with torch.no_grad():
            loss = self.surface.fn(torch.from_numpy(pos[:, 0].copy()),
                                   torch.from_numpy(pos[:, 1].copy())).numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            levels = np.log10(np.maximum(loss - self.zmin, 0) + self.eps)
        sx, sy = self._to_scene(pos[:, 0], pos[:, 1])
        z = np.clip(self._height(levels), 0, HEIGHT) + LIFT
        inside = (np.abs(sx) <= 1) & (np.abs(sy) <= 1)
        pts = np.column_stack([sx, sy, z])
        pts[~inside] = np.nan  # outside the drawn patch: leave a gap rather than float in space
        return pts

    def draw(self, frame) -> None:
        """Draw ``frame`` (a :class:`playground.ui.controller.Frame`)."""
        self.update_runs(frame.histories, frame.runs, frame.step, frame.hidden)

    def update_runs(self, histories, runs, step: int, hidden: set) -> None:
        if not self.available:
            return
        for h, run, items in zip(histories, runs, self.runs):
            n = h.row_of_step(step) + 1 if len(h) else 0
            visible = n > 0 and run.name not in hidden
            items["path"].setVisible(visible)
            items["head"].setVisible(visible)
            if not visible:
                continue
            pts = self._lift(h["pos"][sample_rows(n, 1500)])
            finite = np.isfinite(pts).all(axis=1)
            if finite.sum() >= 2:
                items["path"].setData(pos=pts[finite])
            items["head"].setData(pos=pts[-1:] if finite[-1] else np.empty((0, 3)))
