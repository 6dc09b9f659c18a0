"""Engine speed, measured side by side in one run.

1. One run: the engine's steps/s against a bare ``torch.optim`` loop doing the same work
   (loss and gradient by the surface's own ``value_and_grad``, optimizer step, schedule step,
   keep the position and loss).
   Target: overhead (bare / engine) within 1.3x.
2. Heatmap grids: a 512x512 evaluation of every surface (target: well under 50 ms).
3. Many runs: aggregate run-steps/s for 10,000 runs advancing together as one batched tensor
   (target: at least 20 million/s here), and the same runs advanced one by one for comparison.

Usage: python benchmarks/engine_speed.py [--steps N] [--runs N]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from playground.core.optim.schedulers import Schedule
from playground.core.surfaces.problem import get_surface
from playground.core.surfaces.race import Race, RunConfig


def bare_loop(surface, start, steps):
    p = torch.tensor([start], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=0.01)
    schedule = Schedule(opt, "cosineannealinglr", {"T_max": steps})
    path, losses = [], []
    for _ in range(steps):
        loss, gx, gy = surface.value_and_grad(p[:, 0], p[:, 1])
        g = torch.stack((gx, gy), dim=1)
        path.append(p.detach().clone())
        losses.append(loss)
        p.grad = g
        opt.step()
        schedule.step()
    return path, losses


def engine(surface, starts, steps, record="full", batch=True):
    runs = [RunConfig(f"r{i}", "adam", {"lr": 0.01}, "cosineannealinglr", {"T_max": steps},
                      start=tuple(s)) for i, s in enumerate(starts)]
    race = Race(surface, runs, record=record, batch=batch)
    t = time.perf_counter()
    for _ in race.play(steps):
        pass
    return time.perf_counter() - t


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--surface", default="rosenbrock")
    args = ap.parse_args()
    surface = get_surface(args.surface)
    start = surface.start
    engine(surface, [start], 50)  # warm up (first optimizer construction imports lazily)

    bare = best_of(lambda: bare_loop(surface, start, args.steps))
    eng = min(engine(surface, [start], args.steps) for _ in range(3))
    print(f"single run, {args.steps} steps of Adam + cosine on {args.surface}:")
    print(f"  bare torch.optim loop  {args.steps / bare:10.0f} steps/s")
    print(f"  engine (record=full)   {args.steps / eng:10.0f} steps/s")
    print(f"  overhead               {eng / bare:10.2f}x   (target <= 1.3x)")

    from playground.core.surfaces.problem import SURFACES

    print("512x512 grid evaluation (best of 5):")
    for entry in SURFACES:
        grid = best_of(lambda: entry.factory.grid(nx=512, ny=512), repeat=5)
        print(f"  {entry.name:12s} {grid * 1e3:6.1f} ms   (target < 50 ms)")

    rng = np.random.default_rng(0)
    lo, hi, ylo, yhi = surface.view
    starts = np.column_stack([rng.uniform(lo, hi, args.runs), rng.uniform(ylo, yhi, args.runs)])
    steps = 1000
    print(f"{args.runs} runs x {steps} steps, batched:")
    for record in ("path", "full"):
        dt = engine(surface, starts, steps, record)
        print(f"  record={record:4s}  {args.runs * steps / dt / 1e6:8.1f} M run-steps/s"
              f"   (target >= 20 M/s)")
    few = 200  # one-by-one is slow: time a few and scale
    dt_alone = engine(surface, starts[:few], 100, "path", batch=False)
    alone_rate = few * 100 / dt_alone
    dt = engine(surface, starts, steps, "path")
    print(f"  one by one            {alone_rate / 1e6:8.3f} M run-steps/s"
          f"   -> batching is {args.runs * steps / dt / alone_rate:.0f}x faster")


if __name__ == "__main__":
    main()
