"""What "sharpness every N steps" costs while training, measured side by side in one run.

The edge-of-stability lesson's setup (a 16-16 tanh net on 70 points of ``sine``, full batch,
gradient descent at η = 0.08) trained the same number of steps with the sharpness measured
never, every 10, every 5 and every step; CPU seconds and the ratio to training without it.
Torch single-threaded, as the lesson checks run.

Usage: python benchmarks/sharpness_cost.py [--steps N]
"""

from __future__ import annotations

import argparse
import time

import torch

from playground.core.networks.datasets import DataSpec
from playground.core.networks.model import NetworkSpec
from playground.core.networks.problem import NetProblem
from playground.core.networks.race import NetRunConfig, run_net_race


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=400)
    args = ap.parse_args()
    torch.set_num_threads(1)
    run = NetRunConfig("GD", "sgd", {"lr": 0.08}, batch_size=0)
    base = None
    print(f"{'sharpness every':>16s} {'cpu s':>7s} {'× plain':>8s} {'products':>9s}")
    for every in (0, 0, 10, 5, 1):  # the first plain run warms torch up and is not shown
        problem = NetProblem(DataSpec("sine", 100, 0.1), NetworkSpec.of([16, 16], "tanh"), "mse",
                             sharpness_every=every)
        cpu = time.process_time()
        _, race = run_net_race(problem, [run], args.steps)
        cpu = time.process_time() - cpu
        if base is None:
            base = 0.0
            continue
        base = base or cpu
        print(f"{every or 'never':>16} {cpu:7.2f} {cpu / base:8.2f} {race.runs[0].sharpness.products:9d}")


if __name__ == "__main__":
    main()
