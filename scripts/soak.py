"""Soak: a window trains at *fastest* for N minutes (offscreen) while its memory is sampled.

    python scripts/soak.py                       # both windows, 4 minutes each
    python scripts/soak.py --window network --minutes 10 --warmup 90

Each window runs in a process of its own (so the resident set size, RSS, is that window's):
the surface window on the classic race, the network window on docs/sessions/network-spirals.json.
RSS is read from /proc every few seconds. The script prints, per window, the steps trained,
the RSS at the start, after the warm-up and at the end, the peak, and the slope after the
warm-up (least squares over the samples, MB per minute). The goal (issue 12) is a slope under
1 MB/min: every per-step record is bounded (histories thinned past limits.MAX_HISTORY_ROWS,
network weights within limits.MAX_WEIGHT_BYTES), so memory must level off. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SESSIONS = {"surface": None, "network": ROOT / "docs" / "sessions" / "network-spirals.json"}


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def slope_mb_per_min(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) samples, in MB per minute."""
    n = len(samples)
    if n < 2:
        return float("nan")
    mt = sum(t for t, _ in samples) / n
    mm = sum(m for _, m in samples) / n
    var = sum((t - mt) ** 2 for t, _ in samples)
    return 60 * sum((t - mt) * (m - mm) for t, m in samples) / var if var else float("nan")


#: --small-limits: the per-run history rows and the network weight budget, scaled down so that
#: both fill within the first minute; the slope after that shows any growth they do not bound
SMALL_ROWS, SMALL_WEIGHT_BYTES = 4_000, 4 * 1024 * 1024


def soak_one(kind: str, seconds: float, every: float, small: bool = False) -> dict:
    """Run one window at fastest for ``seconds`` in this process; returns the measurements."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    if small:
        from playground.core import limits

        limits.MAX_HISTORY_ROWS, limits.MAX_WEIGHT_BYTES = SMALL_ROWS, SMALL_WEIGHT_BYTES

    from playground.session.io import load_session
    from playground.session.model import classic_race
    from playground.ui.app import make_app
    from playground.ui.windows import window_for

    app = make_app()
    session = load_session(SESSIONS[kind]) if SESSIONS[kind] else classic_race("rosenbrock")
    window = window_for(session, None, autosave=False)
    window.resize(1400, 900)
    window.show()
    controller = window.controller
    controller.set_speed("fastest")
    samples: list[tuple[float, float]] = []
    start = time.perf_counter()

    def sample():
        now = time.perf_counter() - start
        samples.append((now, rss_mb()))
        if not controller.playing and now < seconds:
            controller.play()  # a run may end (early stopping): keep the window busy
        if now >= seconds:
            app.quit()

    timer = QTimer()
    timer.timeout.connect(sample)
    timer.start(int(every * 1000))
    sample()
    controller.play()
    app.exec()
    steps, frames = controller.step, window.frames_drawn
    controller.shutdown()
    window.close()
    return {"samples": samples, "steps": steps, "frames": frames}


def summary(kind: str, result: dict, warmup: float) -> dict:
    samples = result["samples"]
    after = [(t, m) for t, m in samples if t >= warmup]
    return {"window": kind, "minutes": samples[-1][0] / 60, "steps": result["steps"],
            "frames": result["frames"], "start": samples[0][1],
            "after warm-up": after[0][1] if after else float("nan"), "end": samples[-1][1],
            "peak": max(m for _, m in samples), "slope": slope_mb_per_min(after)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--window", choices=["surface", "network", "both"], default="both")
    p.add_argument("--minutes", type=float, default=4.0, help="per window (default 4)")
    p.add_argument("--warmup", type=float, default=60.0, help="seconds left out of the slope (default 60)")
    p.add_argument("--every", type=float, default=2.0, help="seconds between samples (default 2)")
    p.add_argument("--small-limits", action="store_true",
                   help=f"history rows {SMALL_ROWS:,} per run and network weights "
                        f"{SMALL_WEIGHT_BYTES // 2**20} MB, so the bounded buffers fill early")
    p.add_argument("--samples", help="also write every (window, seconds, MB) sample to this CSV file")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:  # one window, in its own process; prints its measurements as JSON
        print(json.dumps(soak_one(args.child, args.minutes * 60, args.every, args.small_limits)))
        return 0
    kinds = ["surface", "network"] if args.window == "both" else [args.window]
    rows = []
    for kind in kinds:
        out = subprocess.run([sys.executable, __file__, "--child", kind, "--minutes", str(args.minutes),
                              "--every", str(args.every)] + (["--small-limits"] if args.small_limits else []),
                             capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(summary(kind, result, args.warmup))
        print(f"  {kind}: done", file=sys.stderr, flush=True)
        if args.samples:
            with open(args.samples, "a") as f:
                f.writelines(f"{kind},{t:.1f},{m:.1f}\n" for t, m in result["samples"])
    print(f"| window (at fastest) | minutes | steps | RSS start | after {args.warmup:.0f} s | end | peak "
          "| slope after warm-up |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['window']} | {r['minutes']:.1f} | {r['steps']:,} | {r['start']:.0f} MB | "
              f"{r['after warm-up']:.0f} MB | {r['end']:.0f} MB | {r['peak']:.0f} MB | "
              f"**{r['slope']:+.2f} MB/min** |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
