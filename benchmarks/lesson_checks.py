"""Seconds each lesson's headless check takes (``lessons --check``, and the lesson tests), wall
and CPU, side by side with the lesson's simulated steps: which lessons dominate a CI run.

The CPU column is what counts on a shared machine (wall time there measures the neighbours).
Torch runs single-threaded here, as it should for these tiny networks: with several intra-op
threads on a loaded 2-core box each step waits for the others (measured: 12 s → 230 s).

Usage: python benchmarks/lesson_checks.py [NAME ...]   (default: every lesson)
"""

from __future__ import annotations

import argparse
import time

import torch

from playground.lessons import LESSONS, check_lesson


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="lessons to time (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    check_lesson("saddle-point")  # warm-up: first-call costs of torch are not any lesson's
    print(f"{'lesson':26s} {'parts':>5s} {'steps':>6s} {'wall s':>7s} {'cpu s':>6s}  result")
    total = 0.0
    for name in args.names or list(LESSONS):
        lesson = LESSONS[name]
        wall, cpu = time.perf_counter(), time.process_time()
        problem = check_lesson(name)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        total += cpu
        print(f"{name:26s} {len(lesson.parts):5d} {lesson.steps:6d} {wall:7.2f} {cpu:6.2f}  "
              f"{'ok' if not problem else problem}")
    print(f"{'total':26s} {'':5s} {'':6s} {'':7s} {total:6.2f}")


if __name__ == "__main__":
    main()
