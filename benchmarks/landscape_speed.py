"""Loss-landscape slice speed, measured side by side in one run.

A 2-64-64-1 MLP on 1,000 samples, a 101x101 slice along filter-normalised random directions:
- the machine's matrix-multiply throughput (float32 GEMM 2048^3), and the time the slice's
  arithmetic needs at that rate (the bound);
- the slice as the app computes it (batched forward, chunks of weight sets), and its ratio to
  the bound (target: at most 4x);
- the generic torch.func.vmap path (any module), and point by point (one forward per point), and
  how much faster the app's way is (target: 10x).

Usage: python benchmarks/landscape_speed.py [--grid G]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.networks import landscape as L
from playground.core.networks.datasets import DataSpec, make_dataset
from playground.core.networks.model import NetworkSpec, build_model


def timed(fn, repeat=1):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", type=int, default=101)
    args = ap.parse_args()
    g = np.linspace(-1, 1, args.grid)
    ds = make_dataset(DataSpec("circles", 1430, 0.1, test_fraction=0.3))
    x, y = ds.x_train[:1000], ds.y_train[:1000].float()[:, None]
    model = build_model(NetworkSpec.of([64, 64], "relu"), 2, 1)
    center = L.flatten(L._params(model)).numpy()
    d1, d2 = L.random_directions(model, 0)

    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    torch.mm(a, b)
    t_mm, _ = timed(lambda: [torch.mm(a, b) for _ in range(5)], 3)
    gflops = 5 * 2 * 2048**3 / t_mm / 1e9
    flops = args.grid**2 * len(x) * 2 * (2 * 64 + 64 * 64 + 64 * 1)
    bound = flops / (gflops * 1e9)

    L.loss_grid(model, x, y, F.mse_loss, center, d1, d2, g[:10], g[:10])  # warm up
    t_fast, grid = timed(lambda: L.loss_grid(model, x, y, F.mse_loss, center, d1, d2, g, g), 3)

    generic = torch.nn.Sequential(model)  # not a Net: takes the generic vmap path
    t_vmap, grid_v = timed(lambda: L.loss_grid(generic, x, y, F.mse_loss,
                                               L.flatten(L._params(generic)).numpy(), d1, d2, g, g))
    t_point, grid_p = timed(lambda: L.loss_grid_pointwise(model, x, y, F.mse_loss, center, d1, d2, g, g))
    assert np.allclose(grid, grid_p, rtol=1e-4, atol=1e-6) and np.allclose(grid_v, grid_p, rtol=1e-4, atol=1e-6)

    print(f"{args.grid}x{args.grid} slice of a 2-64-64-1 MLP on {len(x)} samples ({torch.get_num_threads()} threads):")
    print(f"  matrix multiply throughput   {gflops:8.1f} GFLOP/s")
    print(f"  arithmetic bound             {bound:8.2f} s   ({flops / 1e9:.1f} GFLOP)")
    print(f"  app (batched forward)        {t_fast:8.2f} s   = {t_fast / bound:.1f}x the bound (target <= 4x)")
    print(f"  generic vmap path            {t_vmap:8.2f} s   = {t_vmap / bound:.1f}x the bound")
    print(f"  point by point               {t_point:8.2f} s   -> the app is {t_point / t_fast:.1f}x faster (target 10x)")


if __name__ == "__main__":
    main()
