"""Two-parameter loss surfaces: the named surfaces of LESSONS.md and custom formulas.

Every surface is evaluated with torch in float64 and works element by element, so one call
evaluates any number of points (all runs of a race, or a whole heatmap grid) at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from .formula import parse_formula
from .. import limits
from ..params import Entry, ParamError, Registry

Point = tuple[float, float]


@dataclass(frozen=True)
class Surface:
    """A loss surface f(x, y) with its landmarks.

    Parameters
    ----------
    fn : element-wise torch function of two float64 tensors.
    view : default view box ``(xmin, xmax, ymin, ymax)``.
    start : a start point that shows something interesting.
    minima, saddles, maxima : known critical points, drawn as markers.
    """

    name: str
    formula: str
    fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    view: tuple[float, float, float, float]
    start: Point
    minima: tuple[Point, ...] = ()
    saddles: tuple[Point, ...] = ()
    maxima: tuple[Point, ...] = ()
    help: str = ""
    axis_names: tuple[str, str] = ("x", "y")
    #: closed-form gradient (gx, gy), twice as fast as autograd for many runs; None: autograd
    grad: Callable | None = None

    def __call__(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return self.fn(x, y)

    def value_and_grad(self, x: torch.Tensor, y: torch.Tensor):
        """Loss, ∂f/∂x and ∂f/∂y at the points (x[i], y[i]); no autograd graph is kept."""
        if self.grad is not None:
            with torch.no_grad():
                return (self.fn(x, y), *self.grad(x, y))
        with torch.enable_grad():
            x, y = x.detach().requires_grad_(True), y.detach().requires_grad_(True)
            loss = self.fn(x, y)
            # a formula in x alone, y alone or neither is a legitimate surface: the missing
            # partial derivatives are zero
            gx = gy = None
            if loss.requires_grad:
                gx, gy = torch.autograd.grad(loss.sum(), (x, y), allow_unused=True)
        loss = loss.detach().expand_as(x) if loss.dim() == 0 else loss.detach()
        return (loss, torch.zeros_like(x) if gx is None else gx,
                torch.zeros_like(y) if gy is None else gy)

    def value(self, x: float, y: float) -> float:
        """f at one point, as a Python float."""
        t = torch.tensor([x, y], dtype=torch.float64)
        return float(self.fn(t[:1], t[1:])[0])

    def gradient(self, x: float, y: float) -> tuple[float, float]:
        """∇f at one point."""
        t = torch.tensor([x, y], dtype=torch.float64)
        _, gx, gy = self.value_and_grad(t[:1], t[1:])
        return float(gx[0]), float(gy[0])

    def grid(self, view=None, nx: int = 256, ny: int = 256):
        """Evaluate on a regular grid for heatmaps.

        Returns
        -------
        xs : (nx,) array, ys : (ny,) array, z : (ny, nx) float64 array with ``z[j, i] = f(xs[i], ys[j])``.
        """
        xmin, xmax, ymin, ymax = view or self.view
        xs = torch.linspace(xmin, xmax, nx, dtype=torch.float64)
        ys = torch.linspace(ymin, ymax, ny, dtype=torch.float64)
        with torch.no_grad():
            z = self.fn(xs[None, :].expand(ny, nx), ys[:, None].expand(ny, nx))
        return xs.numpy(), ys.numpy(), z.numpy()


SURFACES = Registry("surface")


def _add(name, formula, fn, view, start, help="", **landmarks):
    SURFACES.add(
        Entry(name, Surface(name, formula, fn, view, start, help=help, **landmarks), help=help)
    )


def _rosenbrock_grad(x, y):
    r = y - x**2
    return -2 * (1 - x) - 400 * x * r, 200 * r


def _beale_grad(x, y):
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    gx = 2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1)
    gy = 2 * a * x + 4 * b * x * y + 6 * c * x * y**2
    return gx, gy


def _himmelblau_grad(x, y):
    u, v = x**2 + y - 11, x + y**2 - 7
    return 4 * x * u + 2 * v, 2 * u + 4 * y * v


def _rastrigin_grad(x, y):
    two_pi = 2 * math.pi
    return (2 * x + 10 * two_pi * torch.sin(two_pi * x),
            2 * y + 10 * two_pi * torch.sin(two_pi * y))


def _two_minima_critical_x() -> list[float]:
    # d/dx [(x²−1)² + 0.3x] = 4x³ − 4x + 0.3 = 0
    return sorted(float(r.real) for r in np.roots([4.0, 0.0, -4.0, 0.3]))


def _rastrigin(x, y):
    two_pi = 2 * math.pi
    return 20 + x**2 - 10 * torch.cos(two_pi * x) + y**2 - 10 * torch.cos(two_pi * y)


_add("bowl", "x² + y²", lambda x, y: x**2 + y**2, (-2, 2, -2, 2), (-1.5, 1.2),
     "Isotropic bowl: every direction has the same curvature.", grad=lambda x, y: (2 * x, 2 * y), minima=((0.0, 0.0),))
_add("ravine", "0.005·x² + 0.5·y²", lambda x, y: 0.005 * x**2 + 0.5 * y**2,
     (-12, 12, -3, 3), (-10.0, 1.0),
     "Curvature ratio 100: one direction flat, one steep.", grad=lambda x, y: (0.01 * x, 1.0 * y), minima=((0.0, 0.0),))
_add("rosenbrock", "(1 − x)² + 100·(y − x²)²", lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
     (-2, 2, -1, 3), (-1.5, 2.0),
     "The crescent (banana) valley: the gradient keeps changing along the way.",
     grad=_rosenbrock_grad, minima=((1.0, 1.0),))
_add("beale", "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
     lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2,
     (-4.5, 4.5, -4.5, 4.5), (1.0, 1.5),
     "Flat plateaus and sharp ridges; minimum at (3, 0.5).", grad=_beale_grad, minima=((3.0, 0.5),))
_add("himmelblau", "(x² + y − 11)² + (x + y² − 7)²",
     lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
     (-5, 5, -5, 5), (0.0, 0.0), "Four minima of equal depth and a local maximum.",
     grad=_himmelblau_grad, minima=((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
     maxima=((-0.270845, -0.923039),))
_add("saddle", "x² − y²", lambda x, y: x**2 - y**2, (-2, 2, -2, 2), (1.5, 0.01),
     "A saddle at the origin; unbounded below, so runs eventually diverge.",
     grad=lambda x, y: (2 * x, -2 * y), saddles=((0.0, 0.0),))
_add("tiny-net", "(1 − w1·w2)²", lambda x, y: (1 - x * y) ** 2, (-2, 2, -2, 2), (0.5, -0.3),
     "The net y = w1·w2·x trained on (1, 1): a saddle at (0, 0), a valley of minima on xy = 1.",
     grad=lambda x, y: (-2 * y * (1 - x * y), -2 * x * (1 - x * y)), minima=((1.0, 1.0), (-1.0, -1.0)), saddles=((0.0, 0.0),), axis_names=("w1", "w2"))
_crit = _two_minima_critical_x()
_add("two-minima", "(x² − 1)² + 0.3·x + y²", lambda x, y: (x**2 - 1) ** 2 + 0.3 * x + y**2,
     (-2, 2, -1.5, 1.5), (1.8, 0.5),
     "A shallow local minimum near x ≈ +0.96 and a deeper one near x ≈ −1.04.",
     grad=lambda x, y: (4 * x * (x**2 - 1) + 0.3, 2 * y), minima=((_crit[0], 0.0), (_crit[2], 0.0)), saddles=((_crit[1], 0.0),))
_add("rastrigin", "20 + x² − 10·cos(2πx) + y² − 10·cos(2πy)", _rastrigin,
     (-5.12, 5.12, -5.12, 5.12), (3.3, -2.6), "Many local minima; the global one at (0, 0).",
     grad=_rastrigin_grad, minima=((0.0, 0.0),))


CUSTOM = "custom"
DEFAULT_CUSTOM_VIEW = (-3.0, 3.0, -3.0, 3.0)


def get_surface(name: str, formula: str | None = None, view=None) -> Surface:
    """The named surface, or ``custom`` built from ``formula`` (and an optional view box)."""
    if name == CUSTOM:
        if formula is None:
            raise ParamError("surface custom needs a formula in x and y")
        try:
            view = tuple(limits.check_number(v, "view", limits.MAX_COORDINATE)
                         for v in (view or DEFAULT_CUSTOM_VIEW))
        except limits.LimitError as exc:
            raise ParamError(f"custom surface {exc}") from None
        if len(view) != 4 or not (view[0] < view[1] and view[2] < view[3]):
            raise ParamError("custom surface view must be xmin,xmax,ymin,ymax with min < max")
        start = ((view[0] + view[1]) / 2 + (view[1] - view[0]) / 4,
                 (view[2] + view[3]) / 2 + (view[3] - view[2]) / 4)
        return Surface(CUSTOM, formula, parse_formula(formula), view, start,
                       help=f"Custom surface f(x, y) = {formula}")
    if name not in SURFACES:
        raise ParamError(
            f"unknown surface {name!r}; valid: {', '.join(SURFACES.names())}, {CUSTOM}"
        )
    return SURFACES.get(name).factory


def surface_names() -> list[str]:
    return SURFACES.names()
