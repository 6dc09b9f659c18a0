"""Critical points of a two-parameter surface, and the point report behind ``analyze``.

:func:`find_critical_points` runs Newton's method on the gradient (p ← p − H⁻¹∇f) from a grid of
starts inside a box, all starts at once (surfaces are element-wise), keeps the starts that
converge inside the box, merges duplicates and gives each its verdict from
:func:`playground.core.curvature.analyze`. Newton on the gradient is attracted to every kind of
critical point alike (minima, maxima and saddles), which is what we want here and what gradient
descent cannot do. A valley of degenerate minima (``tiny-net``'s xy = 1) is not a finite set: it
shows up as points spread along the valley, merged only when closer than ``merge_degenerate``
of the box's diagonal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from .curvature import Curvature, analyze
from ..params import ParamError
from .problem import Surface

#: analyze's verdicts as the command line and the critical-point table name them
KIND_NAMES = {"minimum": "minimum", "maximum": "maximum", "saddle": "saddle",
              "flat": "degenerate", "slope": "not-critical"}


def kind_name(c: Curvature) -> str:
    return KIND_NAMES[c.kind]


def _check_point(surface: Surface, x: float, y: float) -> float:
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ParamError(f"the point ({x}, {y}) is not finite")
    loss = surface.value(x, y)
    if not math.isfinite(loss):
        raise ParamError(f"({x:g}, {y:g}) is outside the domain of {surface.name}: "
                         f"the loss there is {loss}")
    return loss


def point_report(surface: Surface, x: float, y: float) -> dict:
    """Everything about one point as a JSON-ready dict (``analyze --at X,Y``).

    Keys: point, loss, gradient, hessian, eigenvalues (ascending), eigenvectors (unit rows, same
    order), condition_number (|λ|max/|λ|min; null when an eigenvalue is 0), kind
    ("minimum" | "maximum" | "saddle" | "degenerate" | "not-critical") and escape_direction: at a
    critical point with negative curvature the eigenvector of the most negative eigenvalue (along
    it the loss falls on both sides), else null. Raises ParamError for a non-finite point or loss.
    """
    loss = _check_point(surface, x, y)
    c = analyze(surface, x, y)
    if not np.all(np.isfinite(c.hessian)) or not np.all(np.isfinite(c.gradient)):
        raise ParamError(f"the curvature of {surface.name} at ({x:g}, {y:g}) is not finite")
    kind = kind_name(c)
    escape = c.escape_direction if kind != "not-critical" else None
    k = c.condition_number
    return {
        "point": [float(x), float(y)],
        "loss": loss,
        "gradient": [float(v) for v in c.gradient],
        "hessian": [[float(v) for v in row] for row in c.hessian],
        "eigenvalues": [float(v) for v in c.eigenvalues],
        "eigenvectors": [[float(v) for v in c.eigenvectors[:, i]] for i in range(2)],
        "condition_number": float(k) if math.isfinite(k) else None,
        "kind": kind,
        "escape_direction": None if escape is None else [float(v) for v in escape],
    }


def _grad_and_hessian(surface: Surface, x: torch.Tensor, y: torch.Tensor):
    """∇f and the 2×2 Hessians at many points at once (f is element-wise, so the derivative of
    the sum is each point's own derivative)."""
    with torch.enable_grad():
        x, y = x.detach().requires_grad_(True), y.detach().requires_grad_(True)
        f = surface.fn(x, y)
        gx, gy = torch.autograd.grad(f.sum(), (x, y), create_graph=True)
        hxx, hxy = torch.autograd.grad(gx.sum(), (x, y), retain_graph=True, allow_unused=True)
        hyx, hyy = torch.autograd.grad(gy.sum(), (x, y), allow_unused=True)
    zero = torch.zeros_like(x)
    h = [t.detach() if t is not None else zero for t in (hxx, hxy, hyx, hyy)]
    return gx.detach(), gy.detach(), h[0], (h[1] + h[2]) / 2, h[3]


def newton(surface: Surface, x, y, iterations: int = 60, tol: float = 1e-12, should_stop=None):
    """Newton's method on ∇f = 0 from the points (x[i], y[i]) (arrays or floats).

    A singular Hessian (a valley of minima) gets the pseudo-inverse step: the least-norm step
    that zeroes the linearised gradient. Returns the final points and whether each converged
    (‖∇f‖ ≤ tol·max(1, ‖H‖)). ``should_stop()`` is checked every iteration (a stop returns the
    points as they are).
    """
    x = torch.as_tensor(np.atleast_1d(x), dtype=torch.float64).clone()
    y = torch.as_tensor(np.atleast_1d(y), dtype=torch.float64).clone()
    ok = torch.zeros_like(x, dtype=torch.bool)
    for _ in range(iterations):
        if should_stop is not None and should_stop():
            break
        gx, gy, a, b, c = _grad_and_hessian(surface, x, y)
        H = torch.stack([torch.stack([a, b], -1), torch.stack([b, c], -1)], -2)
        g = torch.stack([gx, gy], -1)
        scale = torch.clamp(torch.linalg.matrix_norm(H), min=1.0)
        ok = torch.linalg.vector_norm(g, dim=-1) <= tol * scale
        if bool(ok.all()):
            break
        step = (torch.linalg.pinv(H, rtol=1e-10, hermitian=True) @ g[..., None])[..., 0]
        step = torch.where(torch.isfinite(step), step, torch.zeros_like(step))
        x, y = x - step[:, 0] * (~ok), y - step[:, 1] * (~ok)
    return x.numpy(), y.numpy(), ok.numpy()


@dataclass
class CriticalPoint:
    point: tuple[float, float]
    kind: str  # as :data:`KIND_NAMES` names it
    loss: float
    eigenvalues: tuple[float, float]


def find_critical_points(surface: Surface, box=None, grid: int = 21, merge: float = 1e-6,
                         merge_degenerate: float = 0.05, should_stop=None) -> list[CriticalPoint]:
    """The critical points inside ``box`` = (x0, x1, y0, y1) (default: the surface's view),
    found by Newton from a ``grid``×``grid`` lattice of starts. Points closer than
    ``merge``·diagonal are one point (``merge_degenerate``·diagonal for degenerate ones).
    Sorted by loss. ``should_stop()`` makes it return early with what it has (a caller that
    stopped it should not trust the list)."""
    x0, x1, y0, y1 = (float(v) for v in (box or surface.view))
    if not (x0 < x1 and y0 < y1) or not all(map(math.isfinite, (x0, x1, y0, y1))):
        raise ParamError("the box must be x0,x1,y0,y1 with x0 < x1 and y0 < y1, all finite")
    xs, ys = np.meshgrid(np.linspace(x0, x1, grid), np.linspace(y0, y1, grid))
    px, py, ok = newton(surface, xs.ravel(), ys.ravel(), should_stop=should_stop)
    diag = math.hypot(x1 - x0, y1 - y0)
    inside = ok & (px >= x0) & (px <= x1) & (py >= y0) & (py <= y1) & np.isfinite(px) & np.isfinite(py)
    found: list[CriticalPoint] = []
    for x, y in zip(px[inside], py[inside]):
        if should_stop is not None and should_stop():
            break
        c = analyze(surface, float(x), float(y))
        kind = kind_name(c)
        if kind == "not-critical":  # converged by Newton's test but not by analyze's (rare)
            continue
        radius = (merge_degenerate if kind == "degenerate" else merge) * diag
        if any(math.hypot(x - p.point[0], y - p.point[1]) <= radius for p in found):
            continue
        found.append(CriticalPoint((float(x), float(y)), kind, surface.value(float(x), float(y)),
                                   tuple(float(v) for v in c.eigenvalues)))
    return sorted(found, key=lambda p: (p.loss, p.point))
