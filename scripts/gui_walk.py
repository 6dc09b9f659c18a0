"""Walk the GUI at random for many actions, checking its invariants after each
(playground.ui.gui_walk; the test suite walks 500+ actions in tests/ui/test_gui_walk.py).

    python scripts/gui_walk.py                     # seeds 1..10, 500 actions each
    python scripts/gui_walk.py --seeds 1-100 -n 2000

Runs offscreen unless QT_QPA_PLATFORM says otherwise. A failure prints the sequence of calls
that led to it, to paste into a regression test (GuiWalk.replay); the exit status is 1 when any
seed failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="gui-walk-home-")  # no settings or autosave of the user's
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")


def seeds(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def main() -> int:
    import torch

    from playground.ui.gui_walk import GuiWalk, WalkFailure

    torch.set_num_threads(1)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=seeds, default=seeds("1-10"), help="e.g. 1-10 or 3,7 (default 1-10)")
    p.add_argument("-n", type=int, default=500, help="actions per seed (default 500)")
    args = p.parse_args()
    failed = 0
    for seed in args.seeds:
        start = time.perf_counter()
        try:
            with GuiWalk(seed) as walk:
                walk.walk(args.n)
        except WalkFailure as exc:
            failed += 1
            print(f"seed {seed}: FAILED\n{exc}\n", flush=True)
            continue
        print(f"seed {seed}: {args.n} actions, {time.perf_counter() - start:.1f} s", flush=True)
    print(f"{len(args.seeds) - failed} of {len(args.seeds)} seeds passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
