"""GUI fuzz: open many accepted odd sessions in their windows (offscreen) and play each.

    python scripts/fuzz_windows.py              # 300 accepted mutants, 20 steps each
    python scripts/fuzz_windows.py -n 1000 --seed 4

Mutants come from the session fuzzer (playground.session.fuzzing); the refused ones are skipped,
each accepted one is shown in a window of its kind, played, drawn, scrubbed and, on failure,
listed with its mutation (playground.ui.window_fuzz). Exit status 1 when any failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", type=int, default=300, help="accepted sessions to open (default 300)")
    p.add_argument("--seed", type=int, default=1, help="generator seed (the suite uses 0)")
    p.add_argument("--steps", type=int, default=20, help="steps played per session (default 20)")
    args = p.parse_args()

    import torch

    from playground.session import fuzzing
    from playground.ui.app import make_app
    from playground.ui.window_fuzz import fuzz_windows

    torch.set_num_threads(1)
    make_app()
    start = time.perf_counter()
    tally = fuzz_windows(args.n, args.seed, args.steps)
    print(fuzzing.table({"accepted sessions in the window": tally},
                        {"accepted sessions in the window": time.perf_counter() - start}))
    for o in tally.failures:
        print(f"{o.kind}: {o.label} -> {o.detail}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
