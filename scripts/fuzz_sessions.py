"""Fuzz the session loader and CSV import for many cases and print a summary table.

    python scripts/fuzz_sessions.py                 # 100,000 sessions, 2,000 CSV files
    python scripts/fuzz_sessions.py -n 5000 --seed 3 --csv 200

The same generator as tests/session/test_fuzz_sessions.py (playground.session.fuzzing): each
mutant must be refused with a one-line SessionError/ParamError of at most 300 characters, or
load, save again and train 5 steps headless, within 2 s of CPU time (20 s on the clock).
Failures are listed with the mutation that caused them; the exit status is 1 when there is any.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.session import fuzzing  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", type=int, default=100_000, help="mutated sessions to try (default 100,000)")
    p.add_argument("--csv", type=int, default=2_000, help="CSV files to import (default 2,000)")
    p.add_argument("--seed", type=int, default=1, help="generator seed (the suite uses 0)")
    p.add_argument("--seconds", type=float, default=2.0, help="CPU seconds per case (default 2; 10x that on the clock)")
    args = p.parse_args()

    elapsed = {}
    start = time.perf_counter()

    def progress(i, tally):
        if i % 5000 == 0:
            c = tally.counts
            print(f"  {i:,} sessions, {time.perf_counter() - start:.0f} s: "
                  + ", ".join(f"{k} {v:,}" for k, v in c.items()), file=sys.stderr, flush=True)

    sessions = fuzzing.fuzz_sessions(args.n, args.seed, seconds=args.seconds, progress=progress)
    elapsed["mutated sessions"] = time.perf_counter() - start
    start = time.perf_counter()
    csv = fuzzing.fuzz_csv(args.csv, args.seed, args.seconds)
    elapsed["CSV imports"] = time.perf_counter() - start
    rows = {"mutated sessions": sessions, "CSV imports": csv}
    print(fuzzing.table(rows, elapsed))
    for name, tally in rows.items():
        for o in tally.failures:
            print(f"{name}: {o.kind}: {o.label} -> {o.detail}")
    return 1 if any(t.failures for t in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
