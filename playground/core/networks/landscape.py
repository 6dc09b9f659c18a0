"""Loss-landscape slices of a network around its weights (Li et al., 2018, "Visualizing the Loss
Landscape of Neural Nets").

The slice is L(θ* + α·d1 + β·d2) on a grid of (α, β). Directions are filter-normalised random
vectors (each output unit's row of a weight matrix scaled to that row's norm in θ*; biases and
BatchNorm parameters not moved) or the top two principal components of the recorded weight
trajectory, onto which the trajectory is then projected. The grid is evaluated in chunks of
weight sets at once with ``torch.func.vmap`` over ``functional_call``: batched matrix products
instead of one forward pass per point.
"""

from __future__ import annotations

from typing import Callable, Iterator

import numpy as np
import torch
from torch.func import functional_call, vmap

#: activations of one chunk of grid points; small enough to stay in cache (measured best here:
#: about 10 points of a 64-wide layer on 1,000 samples; 4x larger chunks ran 2x slower)
CHUNK_BYTES = 8 * 1024 * 1024


def _params(model):
    return {n: p.detach() for n, p in model.named_parameters()}


def flatten(tensors: dict) -> torch.Tensor:
    return torch.cat([t.reshape(-1) for t in tensors.values()])


def random_directions(model, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two filter-normalised random directions (flat, float32)."""
    gen = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(2):
        parts = []
        for name, p in _params(model).items():
            if p.dim() >= 2:
                d = torch.randn(p.shape, generator=gen, dtype=p.dtype)
                d *= p.norm(dim=tuple(range(1, p.dim())), keepdim=True) / (
                    d.norm(dim=tuple(range(1, p.dim())), keepdim=True) + 1e-10)
            else:  # biases and BatchNorm: not moved (Li et al.)
                d = torch.zeros_like(p)
            parts.append(d.reshape(-1))
        out.append(torch.cat(parts).numpy())
    return out[0], out[1]


def pca_directions(trajectory: np.ndarray, center: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top two principal directions of the trajectory's offsets from ``center`` (unit vectors),
    and the fraction of the variance each explains."""
    offsets = np.asarray(trajectory, dtype=np.float64) - center
    _, s, vt = np.linalg.svd(offsets, full_matrices=False)
    var = s**2 / max((s**2).sum(), 1e-30)
    if len(vt) < 2:
        raise ValueError("PCA directions need a trajectory of at least 2 steps")
    return vt[0].astype(np.float32), vt[1].astype(np.float32), var[:2]


def project(trajectory: np.ndarray, center: np.ndarray, d1: np.ndarray, d2: np.ndarray) -> np.ndarray:
    """(α, β) of each trajectory point: least squares in the plane spanned by d1, d2."""
    basis = np.column_stack([d1, d2]).astype(np.float64)
    coords, *_ = np.linalg.lstsq(basis, (np.asarray(trajectory, dtype=np.float64) - center).T, rcond=None)
    return coords.T


def loss_chunks(model, x: torch.Tensor, y: torch.Tensor, loss: Callable, center: np.ndarray,
                d1: np.ndarray, d2: np.ndarray, alphas: np.ndarray, betas: np.ndarray,
                should_stop: Callable[[], bool] | None = None) -> Iterator[tuple[int, np.ndarray]]:
    """Yield (first flat index, losses) chunk by chunk over the grid, rows = betas, cols = alphas,
    so that a caller can show partial results and cancel between chunks."""
    model = model.eval()
    params = _params(model)
    buffers = {n: b for n, b in model.named_buffers()}
    shapes = [(n, p.shape, p.numel()) for n, p in params.items()]
    c = torch.as_tensor(center, dtype=torch.float32)
    u, v = torch.as_tensor(d1, dtype=torch.float32), torch.as_tensor(d2, dtype=torch.float32)
    aa, bb = np.meshgrid(np.asarray(alphas, np.float32), np.asarray(betas, np.float32))
    a_flat, b_flat = torch.from_numpy(aa.ravel()), torch.from_numpy(bb.ravel())
    widest = max([x.shape[1]] + [s[0] for _, s, _ in shapes if len(s) == 2])
    chunk = max(1, int(CHUNK_BYTES // (4 * len(x) * widest * 3)))

    def one(flat):
        tensors, at = {}, 0
        for name, shape, n in shapes:
            tensors[name] = flat[at:at + n].reshape(shape)
            at += n
        return loss(functional_call(model, (tensors, buffers), (x,)), y)

    from .model import Net

    batched = vmap(one)
    if isinstance(model, Net):  # our own networks: a direct batched forward, ~2x faster
        def batched(weights):
            return _net_losses(model, x, y, loss, weights, shapes)
    with torch.no_grad():
        for start in range(0, len(a_flat), chunk):
            if should_stop is not None and should_stop():
                return
            a, b = a_flat[start:start + chunk], b_flat[start:start + chunk]
            weights = c + a[:, None] * u + b[:, None] * v
            yield start, batched(weights).numpy()


def _activate_(act, z: torch.Tensor) -> torch.Tensor:
    """The activation in place where torch has an in-place form (halves memory traffic)."""
    from torch import nn

    if isinstance(act, nn.ReLU):
        return z.relu_()
    if isinstance(act, nn.Tanh):
        return z.tanh_()
    if isinstance(act, nn.Sigmoid):
        return z.sigmoid_()
    if isinstance(act, nn.LeakyReLU):
        return torch.nn.functional.leaky_relu_(z, act.negative_slope)
    return act(z)


def _net_losses(net, x, y, loss, weights, shapes) -> torch.Tensor:
    """Losses of a :class:`Net` at B weight vectors (B, P) at once: each linear layer is one
    batched matrix product (``baddbmm``) over the B weight sets; BatchNorm in eval mode."""
    B, at, p = len(weights), 0, {}
    for name, shape, n in shapes:
        p[name] = weights[:, at:at + n].reshape((B,) + tuple(shape))
        at += n
    h = x.expand(B, *x.shape)
    for k, block in enumerate(net.blocks):
        pre = f"blocks.{k}."
        z = torch.baddbmm(p[pre + "linear.bias"][:, None, :], h, p[pre + "linear.weight"].transpose(1, 2))
        if block.norm is not None:
            norm = block.norm
            z = (z - norm.running_mean) * torch.rsqrt(norm.running_var + norm.eps)
            z = z * p[pre + "norm.weight"][:, None, :] + p[pre + "norm.bias"][:, None, :]
        z = _activate_(block.act, z)  # dropout is off in evaluation
        h = h + z if block.residual else z
    out = torch.baddbmm(p["head.bias"][:, None, :], h, p["head.weight"].transpose(1, 2))
    return vmap(loss, in_dims=(0, None))(out, y)


def loss_grid(model, x, y, loss, center, d1, d2, alphas, betas, progress=None, should_stop=None) -> np.ndarray:
    """The whole grid (len(betas), len(alphas)); NaN where a cancelled computation did not reach."""
    out = np.full(len(alphas) * len(betas), np.nan, dtype=np.float64)
    for start, values in loss_chunks(model, x, y, loss, center, d1, d2, alphas, betas, should_stop):
        out[start:start + len(values)] = values
        if progress is not None:
            progress((start + len(values)) / len(out), out.reshape(len(betas), len(alphas)))
    return out.reshape(len(betas), len(alphas))


def loss_grid_pointwise(model, x, y, loss, center, d1, d2, alphas, betas) -> np.ndarray:
    """The same grid, one forward pass per point (the slow reference for tests and benchmarks)."""
    model = model.eval()
    names = [n for n, _ in model.named_parameters()]
    base = {n: p.detach().clone() for n, p in model.named_parameters()}
    c, u, v = (torch.as_tensor(t, dtype=torch.float32) for t in (center, d1, d2))
    out = np.empty((len(betas), len(alphas)))
    with torch.no_grad():
        for j, b in enumerate(betas):
            for i, a in enumerate(alphas):
                torch.nn.utils.vector_to_parameters(c + float(a) * u + float(b) * v,
                                                    [dict(model.named_parameters())[n] for n in names])
                out[j, i] = float(loss(model(x), y))
        torch.nn.utils.vector_to_parameters(flatten(base), [dict(model.named_parameters())[n] for n in names])
    return out


def slice_around(model, x, y, loss, trajectory: np.ndarray, grid: int, directions: str = "random",
                 span: float | None = None, seed: int = 0, one_d: bool = False,
                 progress=None, should_stop=None, axes=None) -> dict:
    """The slice around ``model``'s weights along random or PCA directions, with the recorded
    ``trajectory`` (steps, n_weights) projected onto it. ``span`` defaults to 1 for random
    directions and to the trajectory's extent for PCA. ``one_d``: along the first direction only.
    ``axes(alphas, betas)`` is told the grid's coordinates before the first loss is computed,
    so partial results can be drawn where they belong."""
    center = flatten(_params(model)).numpy()
    trajectory = np.asarray(trajectory) if len(trajectory) else center[None]
    if directions == "pca":
        d1, d2, _ = pca_directions(trajectory, center)
    else:
        d1, d2 = random_directions(model, seed)
    coords = project(trajectory, center, d1, d2)
    if span is None:
        extent = float(np.abs(coords).max()) if len(coords) > 1 else 0.0
        span = 1.0 if directions == "random" else max(1.3 * extent, 1e-3)
    alphas = np.linspace(-span, span, grid)
    betas = np.zeros(1) if one_d else np.linspace(-span, span, grid)
    if axes is not None:
        axes(alphas, betas)
    values = loss_grid(model, x, y, loss, center, d1, d2, alphas, betas, progress, should_stop)
    model.train()
    return {"alphas": alphas, "betas": betas, "loss": values, "trajectory": coords,
            "directions": np.array(directions)}


def slice_along(model, x, y, loss, direction, span: float, points: int = 61,
                should_stop=None) -> dict:
    """The loss along one direction through ``model``'s weights, θ + α·d for α in [−span, span]
    (e.g. the Hessian's top eigenvector: the sharpest way out). NaN where cancelled."""
    center = flatten(_params(model)).numpy()
    d = np.asarray(direction, dtype=np.float32)
    alphas = np.linspace(-span, span, points)
    values = loss_grid(model, x, y, loss, center, d, np.zeros_like(d), alphas, np.zeros(1),
                       should_stop=should_stop)
    model.train()
    return {"alphas": alphas, "loss": values[0]}
