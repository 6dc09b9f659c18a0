"""Every row of issue 9's table, side by side in one run (offscreen, 1600×1000), for both windows:

* one frame of the window (``_draw()`` + the painting it causes), median and p95, after N steps
  and after a long race, against a bare pyqtgraph window drawing the same items with data changed
  every frame (the anchor);
* frames/s at *fastest*, 1,000 and 20 steps/s; the engine inside the app against the same race
  headless; the event loop's p99 lateness;
* start-up: process start → main window shown, → Play works (first step done), against an empty
  pyqtgraph window without / with torch and against ``import torch`` + the first optimizer step.

Only ratios carry over between machines. Usage:
python benchmarks/gui_responsiveness.py [--seconds S] [--steps N] [--long N] [--only surface|network]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1600, 1000)
NETWORK_SESSION = ROOT / "docs" / "sessions" / "network-spirals.json"


# -- frames ------------------------------------------------------------------------------------
def _paint(app) -> None:
    """Deliver the scene updates and the paints they post (two rounds: scene → viewport)."""
    app.processEvents()
    app.processEvents()


def frame_times(app, w, frames: int = 60) -> np.ndarray:
    """Seconds per frame: ``_draw()`` at a step that changes every frame, plus its painting."""
    c = w.controller
    top = c.step
    out = []
    for k in range(frames):
        c.display_step = top - (k % 40)  # other data every frame, as while playing
        c.mark_dirty()
        t = time.perf_counter()
        w._draw()
        _paint(app)
        out.append(time.perf_counter() - t)
    c.display_step = None
    return np.array(out[5:])


def train_to(app, w, steps: int) -> None:
    w.controller.play(until=steps)
    while w.controller.playing or w.controller.step < steps:
        app.processEvents()
        time.sleep(0.002)
        if not w.controller.playing and w.controller.step < steps:
            w.controller.play(until=steps)
    _paint(app)


def bare_anchor(app, frames: int = 60) -> np.ndarray:
    """Plain pyqtgraph, same size and items: heatmap 200², 5 paths × 2,000 points with head
    markers, 4 small plots × 5 curves × 800 points; every item's data changes every frame."""
    import pyqtgraph as pg

    rng = np.random.default_rng(0)
    win = pg.GraphicsLayoutWidget()
    win.resize(*SIZE)
    main = win.addPlot(row=0, col=0, rowspan=2)
    img = pg.ImageItem(rng.random((200, 200)))
    main.addItem(img)
    paths = [main.plot(pen=pg.mkPen(c, width=2)) for c in "rgbcm"]
    heads = [pg.ScatterPlotItem(size=12) for _ in paths]
    for h in heads:
        main.addItem(h)
    small = [win.addPlot(row=i // 2, col=1 + i % 2) for i in range(4)]
    curves = [[p.plot(pen=pg.mkPen(c)) for c in "rgbcm"] for p in small]
    win.show()
    _paint(app)
    walk = np.cumsum(rng.normal(size=(5, 2100, 2)), axis=1)
    ys = np.cumsum(rng.normal(size=(5, 900)), axis=1)
    out = []
    for k in range(frames):
        t = time.perf_counter()
        img.setImage(rng.random((200, 200)) if k % 2 else img.image)
        for i, (p, h) in enumerate(zip(paths, heads)):
            xy = walk[i, k:k + 2000]
            p.setData(xy[:, 0], xy[:, 1])
            h.setData([xy[-1, 0]], [xy[-1, 1]])
        for row in curves:
            for i, cur in enumerate(row):
                cur.setData(np.arange(800) + k, ys[i, k:k + 800])
        _paint(app)
        out.append(time.perf_counter() - t)
    win.close()
    return np.array(out[5:])


# -- playing -----------------------------------------------------------------------------------
def headless_rate(session, steps: int) -> float:
    if session.is_network:
        from playground.core.networks.race import NetRace

        race = NetRace(session.network, session.runs)
    else:
        from playground.core.surfaces.race import Race

        race = Race(session.surface(), session.runs)
    t = time.perf_counter()
    for _ in race.play(steps, interval=0.1):
        pass
    return race.step_count / (time.perf_counter() - t)


def _wait(seconds: float) -> None:
    """Run the event loop for ``seconds`` (a local loop: a second ``app.exec()`` after
    ``app.quit()`` left later jobs unstarted here)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def play_for(app, w, pace: str, seconds: float) -> dict:
    """Play at ``pace`` for ``seconds`` from the start: steps/s, frames/s, p99 lateness."""
    w.controller.pause()
    while w.controller.playing:
        app.processEvents()
        time.sleep(0.002)
    w.controller.reset()
    w.speed.setCurrentText(pace)
    lateness, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        lateness.append(max(0.0, now - last[0] - 0.005))
        last[0] = now

    probe = QTimer()
    probe.timeout.connect(tick)
    probe.start(5)
    f0 = w.frames_drawn
    w.controller.play()
    t0 = time.perf_counter()
    _wait(seconds)
    w.controller.pause()
    dt = time.perf_counter() - t0
    _wait(0.2)
    probe.stop()
    while w.controller.playing:  # the worker's "finished" arrives after the loop quit
        app.processEvents()
        time.sleep(0.002)
    return dict(steps=w.controller.step / dt, frames=(w.frames_drawn - f0) / dt,
                p99=float(np.percentile(lateness, 99)) * 1000 if lateness else float("nan"))


# -- start-up ----------------------------------------------------------------------------------
_SHOWN = """
import os, sys, time
from PySide6.QtWidgets import QMainWindow, QApplication
{pre}
_show = QMainWindow.show
def show(self):
    _show(self)
    QApplication.processEvents()
    print("shown", time.time(), flush=True)
    {after}
QMainWindow.show = show
from playground.cli import main
main({argv!r})
"""

_PLAY = """
    from PySide6.QtCore import QTimer
    c = self.controller
    def poll():
        if c.step >= 1:
            print("played", time.time(), flush=True)
            os._exit(0)
        if not c.playing:
            c.play(until=1)
    t = QTimer(self); t.timeout.connect(poll); t.start(5)
"""

_EMPTY = """
import time
{torch}
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication
app = QApplication([])
w = pg.GraphicsLayoutWidget(); w.addPlot(); w.resize(1600, 1000); w.show(); app.processEvents()
print("shown", time.time(), flush=True)
"""

_TORCH = """
import time
import torch
p = torch.nn.Parameter(torch.zeros(2))
opt = torch.optim.Adam([p], lr=0.1)
(p ** 2).sum().backward()
opt.step()
print("shown", time.time(), flush=True)
"""


def _startup(code: str) -> dict[str, float]:
    """Seconds from process start to each event the child prints (``name time.time()``)."""
    with tempfile.TemporaryDirectory() as home:  # no autosave to recover, no saved layout
        env = dict(os.environ, HOME=home, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home,
                   PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
        t0 = time.time()
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, timeout=120, cwd=ROOT)
    out = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("shown", "played"):
            out.setdefault(parts[0], float(parts[1]) - t0)
    if not out:
        raise RuntimeError(f"start-up child failed:\n{proc.stderr[-2000:]}")
    return out


def startup_rows(repeats: int) -> dict[str, float]:
    rows = {}

    def best(name, code, key="shown"):
        rows[name] = min(_startup(code)[key] for _ in range(repeats))

    for kind, argv in (("surface", []), ("network", [str(NETWORK_SESSION)])):
        runs = [_startup(_SHOWN.format(pre="", after=_PLAY, argv=argv)) for _ in range(repeats)]
        rows[f"{kind}: start → window shown"] = min(r["shown"] for r in runs)
        rows[f"{kind}: start → Play works"] = min(r["played"] for r in runs)
    best("anchor: empty pyqtgraph window, no torch", _EMPTY.format(torch=""))
    best("anchor: empty pyqtgraph window, torch imported", _EMPTY.format(torch="import torch"))
    best("anchor: import torch + first optimizer step", _TORCH)
    return rows


# -- report ------------------------------------------------------------------------------------
def _ms(a: np.ndarray) -> str:
    return f"{np.median(a) * 1000:6.1f} ms (p95 {np.percentile(a, 95) * 1000:6.1f})"


def measure_window(app, kind: str, args, anchor: np.ndarray) -> None:
    from playground.session.io import load_session
    from playground.session.model import classic_race
    from playground.ui.windows import window_for

    session = load_session(NETWORK_SESSION) if kind == "network" else classic_race("rosenbrock")
    steps = args.steps if kind == "surface" else args.net_steps
    w = window_for(session, None, False)
    w.resize(*SIZE)
    w.show()
    _paint(app)
    a = np.median(anchor)
    print(f"\n{kind} window ({session.name}):")
    train_to(app, w, steps)
    ft = frame_times(app, w)
    print(f"  one frame after {steps:>7,} steps   {_ms(ft)}  = {np.median(ft) / a:.2f}× anchor "
          f"(p95 {np.percentile(ft, 95) / a:.2f}×)   target ≤ 0.25× (p95 ≤ 0.5×)")
    long = args.long if kind == "surface" else args.net_long
    if long > steps:
        train_to(app, w, long)
        ft = frame_times(app, w)
        print(f"  one frame after {long:>7,} steps   {_ms(ft)}  = {np.median(ft) / a:.2f}× anchor "
              f"(p95 {np.percentile(ft, 95) / a:.2f}×)")
    headless = headless_rate(session, steps)
    for pace in ("fastest", "1,000 steps/s", "20 steps/s"):
        r = play_for(app, w, pace, args.seconds)
        extra = (f", engine {r['steps']:,.0f} steps/s = {r['steps'] / headless:.0%} of headless "
                 f"({headless:,.0f})" if pace == "fastest" else f", {r['steps']:,.0f} steps/s")
        print(f"  {pace:14s} {r['frames']:5.1f} frames/s, p99 lateness {r['p99']:5.1f} ms{extra}")
    w.controller.shutdown()
    w.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=4.0, help="per playing measurement")
    ap.add_argument("--steps", type=int, default=2000, help="surface race length for frame times")
    ap.add_argument("--long", type=int, default=20_000, help="a longer surface race (0: skip)")
    ap.add_argument("--net-steps", type=int, default=500)
    ap.add_argument("--net-long", type=int, default=0)
    ap.add_argument("--only", choices=("surface", "network", "startup"))
    ap.add_argument("--repeats", type=int, default=2, help="start-up runs (best is reported)")
    args = ap.parse_args()
    from playground.ui.app import make_app

    app = make_app()
    print(f"offscreen {SIZE[0]}×{SIZE[1]}; python {sys.version.split()[0]}")
    anchor = bare_anchor(app)
    print(f"anchor: bare pyqtgraph frame      {_ms(anchor)}")
    for kind in ("surface", "network"):
        if args.only in (None, kind):
            measure_window(app, kind, args, anchor)
    if args.only in (None, "startup"):
        rows = startup_rows(args.repeats)
        print("\nstart-up (best of %d):" % args.repeats)
        for name, v in rows.items():
            print(f"  {name:48s} {v:6.2f} s")
        empty = rows["anchor: empty pyqtgraph window, no torch"]
        warm = rows["anchor: import torch + first optimizer step"]
        for kind in ("surface", "network"):
            print(f"  {kind}: shown = {rows[f'{kind}: start → window shown'] / empty:.2f}× empty window "
                  f"(target ≤ 1.2×), Play works = {rows[f'{kind}: start → Play works'] / warm:.2f}× "
                  f"torch + first step (target ≤ 1.0×)")


if __name__ == "__main__":
    main()
