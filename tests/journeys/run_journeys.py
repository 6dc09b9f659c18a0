"""Drive the real app in a real X display and save screenshots of the main journeys.

    python tests/journeys/run_journeys.py [--out DIR] [--quick] [--only NAME ...]

Starts its own Xvfb (1920×1080), launches ``python main.py ...`` as a separate process and drives
it only with real input events sent by ``xdotool`` (XTEST: the app cannot tell them from a user's
keyboard and mouse), then grabs the whole screen with ImageMagick's ``import -window root``. Every
wait polls the window titles (``xdotool search``) with a timeout, and Xvfb and every app process
are killed however the run ends. Needs Xvfb, xdotool and ImageMagick (``apt-get install xvfb
xdotool imagemagick``); exits with status 2 and a reason when one is missing.

Why a separate script and not pytest-qt: the offscreen platform has no window manager, no real
focus and no real event queue; bugs such as "Space does nothing because the spin box has focus" or
"the wheel zooms the wrong widget" only appear with real events in a real display.

Journeys (each writes ``NN-name.png`` into the output folder and a line to ``journeys.txt``):

launch    launch, press Space, screenshots at 2 s and 10 s; resize to 1280×720
lessons   every part of every lesson, opened from the Lessons menu, at 2 s and 10 s after Space
network   open the spirals network session, click ⊕ on the first hidden layer, play
landscape the network window's landscape panel: compute a random slice, then a PCA slice
save      File ▸ Save As… through the real file dialog, quit, reopen the saved file
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_TITLE = "Optimization Playground"
#: a session window is titled "NAME — Optimization Playground"; the start-up splash only APP_TITLE
WINDOW_TITLE = " — " + re.escape(APP_TITLE) + "$"
SCREEN = (1920, 1080)
TOOLS = ("Xvfb", "xdotool", "import")


def missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


class JourneyError(RuntimeError):
    pass


class Display:
    """An Xvfb server of its own, a log of the journeys, and helpers for real input events."""

    def __init__(self, out: Path, python: str):
        self.out, self.python = out, python
        self.apps: list[subprocess.Popen] = []
        self.log_lines: list[str] = []
        self.home = Path(tempfile.mkdtemp(prefix="journey-home-"))  # fresh settings, no autosave
        self.xvfb = None
        self.env = None

    # -- set-up and tear-down ------------------------------------------------------------------
    def start(self) -> None:
        for n in range(90, 140):
            if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
                break
        else:
            raise JourneyError("no free X display number in :90..:139")
        self.xvfb = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
                                      "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        self.env = {**os.environ, "DISPLAY": f":{n}", "QT_QPA_PLATFORM": "xcb",
                    "HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home / ".config"),
                    "XDG_DATA_HOME": str(self.home / ".local/share"), "PYTHONPATH": str(ROOT)}
        self.env.pop("QT_SCALE_FACTOR", None)
        self._until(lambda: Path(f"/tmp/.X11-unix/X{n}").exists(), 10, "Xvfb to start")
        self._until(lambda: self._run(["xdotool", "getmouselocation"], check=False).returncode == 0,
                    10, "Xvfb to accept clients")
        self.note(f"Xvfb :{n} {SCREEN[0]}x{SCREEN[1]}")

    def stop(self) -> None:
        for app in self.apps:
            self._kill(app)
        if self.xvfb is not None:
            self._kill(self.xvfb)
        shutil.rmtree(self.home, ignore_errors=True)
        (self.out / "journeys.txt").write_text("\n".join(self.log_lines) + "\n")

    @staticmethod
    def _kill(proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(5)

    # -- primitives -----------------------------------------------------------------------------
    def note(self, text: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {text}"
        self.log_lines.append(line)
        print(line, flush=True)

    def _run(self, cmd: list[str], check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=30)
        if check and proc.returncode != 0:
            raise JourneyError(f"{' '.join(cmd)} failed: {proc.stderr.strip()}")
        return proc

    @staticmethod
    def _until(predicate, timeout: float, what: str, every: float = 0.2):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = predicate()
            if value:
                return value
            time.sleep(every)
        raise JourneyError(f"timed out after {timeout:g} s waiting for {what}")

    def windows(self, pattern: str = ".") -> list[str]:
        """Visible top-level windows whose title matches ``pattern`` (a regular expression)."""
        proc = self._run(["xdotool", "search", "--onlyvisible", "--name", pattern], check=False)
        return proc.stdout.split()

    def title(self, wid: str) -> str:
        return self._run(["xdotool", "getwindowname", wid], check=False).stdout.strip()

    def geometry(self, wid: str) -> tuple[int, int, int, int]:
        out = self._run(["xdotool", "getwindowgeometry", "--shell", wid]).stdout
        g = dict(line.split("=", 1) for line in out.split())
        return int(g["X"]), int(g["Y"]), int(g["WIDTH"]), int(g["HEIGHT"])

    def wait_window(self, pattern: str, timeout: float = 60, exclude=()) -> str:
        def found():
            for wid in self.windows(pattern):
                if wid not in exclude and self.geometry(wid)[2] > 50:
                    return wid
            return None
        wid = self._until(found, timeout, f"a window titled /{pattern}/")
        time.sleep(0.5)  # let it paint
        return wid

    def focus(self, wid: str) -> None:
        x, y, w, h = self.geometry(wid)
        self._run(["xdotool", "mousemove", str(x + w // 2), str(y + 8)])  # no WM: focus by hand
        self._run(["xdotool", "windowfocus", "--sync", wid], check=False)
        self._run(["xdotool", "windowraise", wid], check=False)

    def key(self, *keys: str, delay: float = 0.25) -> None:
        for k in keys:
            self._run(["xdotool", "key", "--clearmodifiers", k])
            time.sleep(delay)

    def type(self, text: str) -> None:
        self._run(["xdotool", "type", "--delay", "20", text])

    def click(self, x: int, y: int, button: int = 1) -> None:
        self._run(["xdotool", "mousemove", "--sync", str(x), str(y)])
        time.sleep(0.1)
        self._run(["xdotool", "click", str(button)])
        time.sleep(0.3)

    def wheel(self, x: int, y: int, down: bool = True, clicks: int = 3) -> None:
        self._run(["xdotool", "mousemove", "--sync", str(x), str(y)])
        self._run(["xdotool", "click", "--repeat", str(clicks), "--delay", "60", "5" if down else "4"])
        time.sleep(0.4)

    def resize(self, wid: str, w: int, h: int) -> None:
        self._run(["xdotool", "windowmove", wid, "0", "0"])
        self._run(["xdotool", "windowsize", "--sync", wid, str(w), str(h)], check=False)
        time.sleep(1.0)

    def shot(self, name: str, what: str) -> Path:
        path = self.out / f"{name}.png"
        self._run(["import", "-window", "root", str(path)])
        self.note(f"shot {path.name}: {what}")
        return path

    def launch(self, *args: str, timeout: float = 90, retry: bool = True) -> str:
        """Start ``python main.py ARGS`` and return its main window once it is shown."""
        before = set(self.windows(WINDOW_TITLE))
        log = open(self.out / f"app-{len(self.apps) + 1}.log", "w")
        # a fresh home per launch: a killed app leaves its autosave behind, and the next launch
        # would open on a "Recover session?" question instead of the window
        home = self.home / f"app-{len(self.apps) + 1}"
        env = {**self.env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "XDG_DATA_HOME": str(home / ".local/share")}
        proc = subprocess.Popen([self.python, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.apps.append(proc)
        self.note(f"launch main.py {' '.join(args)} (pid {proc.pid})")

        def shown():
            if proc.poll() is not None:
                return "exited"
            for w in self.windows(WINDOW_TITLE):
                if w not in before and self.geometry(w)[2] > 50:
                    return w
            return None
        wid = self._until(shown, timeout, "the app's window")
        if wid == "exited":  # e.g. the X server refused one connection: try once more
            if retry:
                self.note(f"the app exited at start (status {proc.returncode}); retrying")
                return self.launch(*args, timeout=timeout, retry=False)
            raise JourneyError(f"the app exited at start, status {proc.returncode}")
        time.sleep(1.5)  # first paint of heatmaps and docks
        self.focus(wid)
        return wid

    def quit_app(self) -> None:
        """End the newest app process (closing its windows would ask about unsaved work)."""
        if self.apps:
            self._kill(self.apps[-1])

    def dismiss(self, pattern: str, keys: tuple[str, ...]) -> bool:
        """If a dialog titled /pattern/ is up, focus it and press ``keys``; True when it was."""
        for wid in self.windows(pattern):
            if self.geometry(wid)[2] < 700:  # a dialog, not a main window
                self.focus(wid)
                self.key(*keys)
                return True
        return False


# -- journeys -----------------------------------------------------------------------------------
def journey_launch(d: Display, quick: bool) -> None:
    wid = d.launch()
    d.shot("01-launch", f"first window, {d.geometry(wid)[2]}x{d.geometry(wid)[3]}, nothing pressed")
    d.key("space")
    time.sleep(2)
    d.shot("02-play-2s", "Space pressed, 2 s later")
    if not quick:
        time.sleep(8)
        d.shot("03-play-10s", "10 s after Space")
    d.key("space")  # pause
    x, y, w, h = d.geometry(wid)
    # the mouse wheel over the optimizer dock's LR preview (issue 8 #11): scrolls the dock?
    d.wheel(x + 150, y + h - 150, down=True, clicks=4)
    d.shot("04-wheel-over-left-dock", "mouse wheel (4 clicks down) over the lower left dock")
    d.resize(wid, 1280, 720)
    d.shot("05-1280x720", "the same window resized to 1280x720")
    d.quit_app()


def _lesson_menu_items():
    sys.path.insert(0, str(ROOT))
    from playground.lessons import LESSONS, lesson_text  # no Qt: lessons > session > core

    return [(i, name, lesson_text(name).title, list(lesson.parts)) for i, (name, lesson) in enumerate(LESSONS.items())]


def journey_lessons(d: Display, quick: bool) -> None:
    items = _lesson_menu_items()
    if quick:
        items = items[:1]
    for i, name, title, parts in items:
        for k, part in enumerate(parts):
            if quick and k:
                break
            wid = d.launch()  # a fresh app per lesson: what a student sees on opening it
            main_windows = set(d.windows(WINDOW_TITLE))
            d.key("alt+l")
            d.key(*(["Down"] * i))  # the first item is already highlighted
            if len(parts) > 1:
                d.key("Right", delay=0.8)  # the submenu opens after a short delay
                d.key(*(["Down"] * k))
            d.key("Return", delay=1.0)
            d.dismiss("^" + re.escape(APP_TITLE) + "$", ("alt+d",))  # "Save changes?": Discard
            new = [w for w in d.windows(WINDOW_TITLE) if w not in main_windows]
            target = new[0] if new else wid
            time.sleep(1.5)
            d.focus(target)
            d.note(f"lesson {name} part {k + 1}: window {d.title(target)!r}"
                   + (" (opened a new window)" if new else ""))
            d.shot(f"10-lesson-{name}-{k + 1}-0s", f"lesson {title} / {part}, opened, before Space")
            d.key("space")
            time.sleep(2)
            d.shot(f"10-lesson-{name}-{k + 1}-2s", f"lesson {title} / {part}, 2 s after Space")
            if not quick:
                time.sleep(8)
                d.shot(f"10-lesson-{name}-{k + 1}-10s", f"lesson {title} / {part}, 10 s after Space")
            d.quit_app()


def _find_plus_buttons(png: Path) -> list[tuple[int, int]]:
    """Screen centres of the network diagram's ⊕/⊖ buttons, left to right.

    Each is a 16-px disc filled #33333d on the diagram's #1e1e24 background: a pixel is a centre
    when the disc colour is 4 px away diagonally (clear of the +/− glyph) and the background
    11 px away left, right and below.
    """
    import numpy as np
    from PySide6.QtGui import QImage

    img = QImage(str(png)).convertToFormat(QImage.Format_RGB32)
    w, h = img.width(), img.height()
    rgb = np.frombuffer(img.constBits(), np.uint8).reshape(h, img.bytesPerLine() // 4, 4)[:, :w, :3]
    key = rgb[..., 2].astype(np.int32) << 16 | rgb[..., 1].astype(np.int32) << 8 | rgb[..., 0]
    disc, ground = key == 0x33333D, key == 0x1E1E24
    m = 12
    c = np.s_[m:h - m, m:w - m]

    def at(a, dy, dx):
        return a[m + dy:h - m + dy, m + dx:w - m + dx]

    hit = (at(disc, 4, 4) & at(disc, -4, -4) & at(disc, 4, -4) & at(disc, -4, 4)
           & at(ground, 0, 11) & at(ground, 0, -11) & at(ground, 11, 0))
    del c
    ys, xs = np.nonzero(hit)
    centres: list[list[int]] = []
    for y, x in zip(ys + m, xs + m):
        for cl in centres:
            if abs(cl[0] - x) <= 4 and abs(cl[1] - y) <= 4:
                break
        else:
            centres.append([int(x), int(y)])
    return sorted((x, y) for x, y in centres)


def journey_network(d: Display, quick: bool) -> None:
    wid = d.launch(str(ROOT / "docs/sessions/network-spirals.json"))
    shot = d.shot("20-network-open", "network-spirals.json opened")
    discs = _find_plus_buttons(shot)
    d.note(f"⊕/⊖ buttons found at {discs}")
    if discs:
        x, y = discs[0]  # each hidden layer draws ⊕ (left) then ⊖ (right)
        d.click(x, y)
        d.click(x, y)
        d.shot("21-network-plus-clicked", f"⊕ of the first hidden layer clicked twice at ({x}, {y})")
    d.key("space")
    time.sleep(2)
    d.shot("22-network-play-2s", "Space pressed in the network window (focus as it comes), 2 s later")
    if not quick:
        # click a non-text place (the window title row of the diagram) then Space again
        x0, y0, w, h = d.geometry(wid)
        time.sleep(8)
        d.shot("23-network-play-10s", "10 s after Space")
        d.resize(wid, 1280, 720)
        d.shot("24-network-1280x720", "network window at 1280x720")
    d.quit_app()


def journey_landscape(d: Display, quick: bool) -> None:
    wid = d.launch(str(ROOT / "docs/sessions/network-spirals.json"))
    # Training ▸ Play from the menu: Space is taken by the layer-width box that has the focus
    d.key("alt+t", "Return")
    time.sleep(6)
    d.key("alt+t", "Return")
    d.shot("30-landscape-before", "network trained 6 s (Training ▸ Play), paused, no landscape yet")
    # The landscape dock's row (mode, grid, Compute, Cancel) sits at the top of the lower right
    # dock at the default 1500x950 layout; positions are relative to the window's right edge.
    x0, y0, w, h = d.geometry(wid)
    row_y = y0 + 538
    d.click(x0 + w - 142, row_y)  # Compute (2-D random, the default mode)
    time.sleep(8 if not quick else 5)
    d.shot("31-landscape-random", "Compute on a 2-D random slice, 8 s later")
    d.click(x0 + w - 379, row_y)  # the mode box: pick "2-D PCA of the path"
    d.key("Down", "Return")
    d.click(x0 + w - 142, row_y)
    time.sleep(8 if not quick else 5)
    d.shot("32-landscape-pca", "then Compute on the PCA slice of the path, 8 s later")
    d.quit_app()


def journey_save(d: Display, quick: bool) -> None:
    wid = d.launch()
    d.key("space")
    time.sleep(2)
    d.key("space")
    target = d.out / "journey-saved.json"
    target.unlink(missing_ok=True)
    d.key("ctrl+shift+s", delay=1.0)
    dialog = d.wait_window("^Save session$", 20)
    d.focus(dialog)
    d.shot("40-save-dialog", "File ▸ Save As… dialog")
    d.key("ctrl+a")
    d.type(str(target))
    d.key("Return", delay=1.5)
    if not target.exists():
        raise JourneyError(f"Save As did not write {target}")
    d.note(f"saved {target} ({target.stat().st_size} bytes); window title now {d.title(wid)!r}")
    d.shot("41-saved", "after saving (title should name the file, no *)")
    d.quit_app()
    wid = d.launch(str(target))
    d.shot("42-reopened", f"main.py {target.name}: the saved session reopened")
    d.quit_app()


JOURNEYS = {"launch": journey_launch, "lessons": journey_lessons, "network": journey_network,
            "landscape": journey_landscape, "save": journey_save}


@contextmanager
def display(out: Path, python: str):
    d = Display(out, python)
    try:
        d.start()
        yield d
    finally:
        d.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="journey-shots", help="folder for the screenshots")
    parser.add_argument("--quick", action="store_true", help="a short subset (for the test suite)")
    parser.add_argument("--only", nargs="*", choices=sorted(JOURNEYS), help="run only these journeys")
    parser.add_argument("--python", default=sys.executable, help="the Python that runs the app")
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(f"journeys skipped: {', '.join(missing)} not installed "
              "(apt-get install xvfb xdotool imagemagick)", file=sys.stderr)
        return 2
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    failures = []
    with display(out, args.python) as d:
        for name in args.only or JOURNEYS:
            try:
                JOURNEYS[name](d, args.quick)
            except (JourneyError, subprocess.TimeoutExpired) as exc:
                failures.append(f"{name}: {exc}")
                d.note(f"JOURNEY FAILED {name}: {exc}")
                d.shot(f"99-failed-{name}", "the screen when the journey failed")
                d.quit_app()
    print(f"screenshots in {out}")
    for f in failures:
        print("FAILED", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
