"""Curvature at a point: the Hessian, its eigenvalues and what they say about the point."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .problem import Surface


@dataclass
class Curvature:
    point: tuple[float, float]
    gradient: np.ndarray  # (2,)
    hessian: np.ndarray  # (2, 2)
    eigenvalues: np.ndarray  # ascending
    eigenvectors: np.ndarray  # columns, matching eigenvalues
    kind: str  # "minimum", "maximum", "saddle", "flat", or "slope" where the gradient is not 0

    @property
    def condition_number(self) -> float:
        lam = np.abs(self.eigenvalues)
        return float(lam.max() / lam.min()) if lam.min() > 0 else float("inf")

    @property
    def escape_direction(self) -> np.ndarray | None:
        """At a saddle: the eigenvector of the most negative eigenvalue (sign: towards +x+y)."""
        if self.eigenvalues[0] >= 0:
            return None
        u = self.eigenvectors[:, 0]
        return -u if u.sum() < 0 else u


def analyze(surface: Surface, x: float, y: float, tol: float = 1e-8) -> Curvature:
    """Hessian by autograd (float64) at (x, y) and the classification of the point."""

    def f(p):
        return surface.fn(p[0:1], p[1:2]).sum()

    p = torch.tensor([x, y], dtype=torch.float64)
    H = torch.autograd.functional.hessian(f, p).numpy()
    H = (H + H.T) / 2
    vals, vecs = np.linalg.eigh(H)
    g = np.array(surface.gradient(x, y))
    scale = max(1.0, float(np.abs(vals).max()))
    if np.hypot(*g) > 1e-6 * scale:
        kind = "slope"
    elif vals[0] > tol * scale:
        kind = "minimum"
    elif vals[1] < -tol * scale:
        kind = "maximum"
    elif vals[0] < -tol * scale and vals[1] > tol * scale:
        kind = "saddle"
    else:
        kind = "flat"
    return Curvature((x, y), g, H, vals, vecs, kind)
