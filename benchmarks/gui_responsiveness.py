"""The app while training as fast as possible, measured side by side in one run (offscreen):

1. event-loop latency: a 5 ms timer's lateness, 99th percentile (target: under 50 ms);
2. frames drawn per second (the views redraw on a clock, at most 60/s, never per step);
3. the engine's steps/s inside the app against the same race headless (target: at least 80%).

Usage: python benchmarks/gui_responsiveness.py [--seconds S]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402

from playground.core.surfaces.race import run_race  # noqa: E402
from playground.ui.app import make_app  # noqa: E402
from playground.ui.main_window import MainWindow  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()
    app = make_app()
    w = MainWindow(autosave=False)
    w.resize(1600, 1000)
    w.show()
    app.processEvents()
    session = w.c.session

    steps = 4000
    t = time.perf_counter()
    run_race(session.surface(), session.runs, steps)
    headless = steps / (time.perf_counter() - t)

    lateness, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        lateness.append(max(0.0, now - last[0] - 0.005))
        last[0] = now

    probe = QTimer()
    probe.timeout.connect(tick)
    probe.start(5)
    frames0 = w.frames_drawn
    w.c.play()
    started = time.perf_counter()

    def finish():
        w.c.pause()
        QTimer.singleShot(200, app.quit)

    QTimer.singleShot(int(args.seconds * 1000), finish)
    app.exec()
    elapsed = time.perf_counter() - started
    in_app = w.c.step / elapsed
    frames = (w.frames_drawn - frames0) / elapsed
    probe.stop()
    w.c.shutdown()
    p99 = float(np.percentile(lateness, 99)) * 1000
    print(f"classic race (5 runs on rosenbrock), speed 'fastest', {args.seconds:.0f} s, offscreen:")
    print(f"  event-loop latency p99      {p99:8.1f} ms   (target < 50 ms)")
    print(f"  frames drawn                {frames:8.1f} /s   (at most 60/s)")
    print(f"  headless engine             {headless:8.0f} steps/s")
    print(f"  engine inside the app       {in_app:8.0f} steps/s = {in_app / headless:.0%} of headless"
          f"   (target >= 80%)")

    # set paces: smooth animation with spare time for the GUI
    for pace in ("20 steps/s", "1,000 steps/s"):
        w2 = MainWindow(autosave=False)
        w2.show()
        w2.speed.setCurrentText(pace)
        f0 = w2.frames_drawn
        t0 = time.perf_counter()
        w2.c.play()
        QTimer.singleShot(3000, lambda: (w2.c.pause(), QTimer.singleShot(200, app.quit)))
        app.exec()
        dt = time.perf_counter() - t0
        print(f"  speed {pace:14s}        {w2.c.step / dt:8.1f} steps/s, "
              f"{(w2.frames_drawn - f0) / dt:.1f} frames/s")
        w2.c.shutdown()
        w2.close()


if __name__ == "__main__":
    main()
