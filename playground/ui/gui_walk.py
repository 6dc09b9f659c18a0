"""A seeded random walk through the GUI, with invariants checked after every action (issue 8:
stateful GUI testing).

Each action is what a user does, through the same entry points the window's menus, toolbar and
panels use: change the surface, a run's optimizer, learning rate or schedule; add, duplicate,
remove or select runs; play, pause, step, scrub, Reset; resize; open a lesson; edit the network;
save and reopen; close a window and open a new one. After each action the walk checks:

* no Python exception and no Qt warning;
* every window's central view and visible docks lie inside the window, the surface plot inside
  its view (a long title once pushed the colour bar off-screen);
* the surface view shows the current problem: its title, its contours' box, the surface menu;
* the lesson dock matches the session (its lesson in full, a left lesson greyed, or hidden);
* the step counter and the timeline show the controller's step;
* a saved file reopens to an equal session;
* a closed window leaves no worker thread running.

The walk is recorded as calls (``walk.surface('ravine')``); a failure raises
:class:`WalkFailure` with the whole sequence, printed so it can be pasted into a regression test
(:meth:`GuiWalk.replay`). ``tests/ui/test_gui_walk.py`` walks 500+ actions; ``scripts/gui_walk.py``
as many as asked.
"""

from __future__ import annotations

import html

import os
import random
import sys
import tempfile
import time
import traceback

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler

from ..core.networks.model import LayerSpec, NetworkSpec
from ..core.optim.optimizers import OPTIMIZERS
from ..core.optim.schedulers import SCHEDULERS
from ..core.surfaces.problem import surface_names
from ..lessons import LESSONS
from ..session.io import load_session, save_session, session_to_dict

#: Qt messages that say nothing about the app (the offscreen platform's own limits)
HARMLESS = ("propagateSizeHints",)
#: window sizes a walk resizes to: the smallest supported, the default, a large one
SIZES = ((1280, 720), (1500, 950), (1920, 1080))
#: learning rates a walk tries: sensible, tiny, and large enough to diverge
RATES = (1e-4, 0.001, 0.01, 0.05, 0.3, 2.0, 50.0)


class WalkFailure(AssertionError):
    """An invariant failed or an action raised; the message holds the sequence to replay."""


class GuiWalk:
    """Walk ``seed``'s random sequence of user actions over the playground's windows.

    Parameters
    ----------
    seed : int
        The random sequence (the same seed walks the same actions).
    folder : str, optional
        Where saved sessions go (a temporary folder by default).
    """

    def __init__(self, seed: int = 0, folder: str | None = None):
        self.rng = random.Random(seed)
        self.seed = seed
        self.folder = folder or tempfile.mkdtemp(prefix="gui-walk-")
        self.windows: list = []  # open windows, the current one last
        self.done: list[str] = []  # the actions so far, as calls
        self.problems: list[str] = []  # Qt warnings and exceptions since the last check
        self._saved = 0

    # -- set-up ----------------------------------------------------------------------------
    def __enter__(self) -> "GuiWalk":
        from PySide6.QtWidgets import QMessageBox

        from .app import make_app

        make_app()
        self._previous_handler = qInstallMessageHandler(self._qt_message)
        self._previous_hook = sys.excepthook
        sys.excepthook = self._exception
        # dialogs would block a walk: unsaved work is discarded, warnings are only recorded
        self._dialogs = (QMessageBox.question, QMessageBox.warning)
        QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.Discard)
        QMessageBox.warning = staticmethod(lambda *a, **k: QMessageBox.Ok)
        self._open_first()
        return self

    def __exit__(self, *exc) -> None:
        from PySide6.QtWidgets import QMessageBox

        for w in list(self._all_windows()):
            w.close()
            w.controller.shutdown()
        from .windows import OPEN_WINDOWS

        OPEN_WINDOWS.clear()
        QMessageBox.question, QMessageBox.warning = self._dialogs
        sys.excepthook = self._previous_hook
        qInstallMessageHandler(self._previous_handler)

    def _qt_message(self, kind, context, text) -> None:
        if kind != QtMsgType.QtDebugMsg and not any(h in text for h in HARMLESS):
            self.problems.append(f"Qt: {text}")

    def _exception(self, kind, value, tb) -> None:
        self.problems.append("".join(traceback.format_exception(kind, value, tb)).strip())

    def _open_first(self) -> None:
        from ..session.model import classic_race

        self._adopt(self._new_window(classic_race("rosenbrock")))

    def _new_window(self, session):
        from .windows import window_for

        w = window_for(session, None, autosave=False)
        w.resize(*SIZES[0])
        w.show()
        return w

    def _adopt(self, w) -> None:
        if w not in self.windows:
            self.windows.append(w)

    def _all_windows(self):
        from .windows import OPEN_WINDOWS

        seen = []
        for w in self.windows + list(OPEN_WINDOWS):
            if w not in seen and w.isVisible():
                seen.append(w)
        return seen

    @property
    def window(self):
        """The window the next action is done in (the last opened that is still open)."""
        self.windows = [w for w in self._all_windows()]
        if not self.windows:
            self._open_first()
        return self.windows[-1]

    # -- walking ---------------------------------------------------------------------------
    ACTIONS = ("surface", "optimizer", "lr", "scheduler", "add_run", "duplicate_run",
               "remove_run", "select", "play", "step", "scrub", "reset", "resize", "lesson",
               "network", "save_and_reopen", "close_and_new", "toggle_dock")
    #: how often each action is drawn (playing and editing most, closing least)
    WEIGHTS = (3, 3, 3, 2, 2, 1, 2, 2, 4, 3, 2, 2, 2, 2, 3, 2, 1, 1)

    def walk(self, n: int, deadline: float | None = None) -> int:
        """Do ``n`` random actions (fewer when ``deadline``, a ``time.monotonic()``, passes);
        returns how many were done."""
        for k in range(n):
            if deadline is not None and time.monotonic() > deadline:
                return k
            name = self.rng.choices(self.ACTIONS, self.WEIGHTS)[0]
            args = getattr(self, f"_draw_{name}", lambda: ())()
            self.do(name, *args)
        return n

    def do(self, name: str, *args) -> None:
        """Do action ``name`` with ``args`` and check every invariant."""
        self.done.append(f"walk.do({name!r}{''.join(', ' + repr(a) for a in args)})")
        try:
            getattr(self, name)(*args)
            self._settle()
        except Exception:  # noqa: BLE001 (any error of an action is a finding)
            self.problems.append(traceback.format_exc().strip())
        self.check()

    def replay(self, calls: list[str]) -> None:
        """Do recorded calls again (``walk.do('surface', 'ravine')`` …)."""
        for call in calls:
            eval(call, {"walk": self})  # noqa: S307 (our own recorded calls)

    def _settle(self) -> None:
        QCoreApplication.processEvents()
        for w in self._all_windows():
            w.controller.mark_dirty()
            w.redraw()
        QCoreApplication.processEvents()

    def fail(self, message: str) -> None:
        steps = "\n".join(f"    {c}" for c in self.done)
        raise WalkFailure(f"{message}\nafter {len(self.done)} actions (seed {self.seed}):\n{steps}")

    # -- the actions and how their arguments are drawn ---------------------------------------
    def _surface_window(self):
        return getattr(self.window, "surface_view", None) is not None

    def _draw_surface(self):
        return (self.rng.choice(surface_names()),)

    def surface(self, name: str) -> None:
        if self._surface_window():
            self.window.set_surface(name)

    def _run_index(self) -> int:
        runs = self.window.controller.session.runs
        return self.rng.randrange(len(runs)) if runs else 0

    def _draw_optimizer(self):
        return self._run_index(), self.rng.choice(OPTIMIZERS.names())

    def optimizer(self, i: int, name: str) -> None:
        c = self.window.controller
        if i < len(c.session.runs):
            c.update_run(i, optimizer=name, opt={})

    def _draw_lr(self):
        return self._run_index(), self.rng.choice(RATES)

    def lr(self, i: int, value: float) -> None:
        c = self.window.controller
        if i < len(c.session.runs):
            c.update_run(i, opt={**c.session.runs[i].opt, "lr": value})

    def _draw_scheduler(self):
        return self._run_index(), self.rng.choice(SCHEDULERS.names())

    def scheduler(self, i: int, name: str) -> None:
        c = self.window.controller
        if i < len(c.session.runs):
            c.update_run(i, scheduler=name, sched={})

    def add_run(self) -> None:
        if len(self.window.controller.session.runs) < 8:
            self.window.act["add"].trigger()

    def duplicate_run(self) -> None:
        if self.window.controller.session.runs and len(self.window.controller.session.runs) < 8:
            self.window.act["duplicate"].trigger()

    def _draw_remove_run(self):
        return (self._run_index(),)

    def remove_run(self, i: int) -> None:
        self.window.controller.remove_run(i)

    def _draw_select(self):
        return (self._run_index(),)

    def select(self, i: int) -> None:
        if i < len(self.window.controller.session.runs):
            self.window.controller.select(i)

    def _draw_play(self):
        return (self.rng.choice((1, 5, 20, 60)),)

    def play(self, steps: int) -> None:
        """Play until ``steps`` more steps are done, as fast as the machine allows."""
        c = self.window.controller
        c.play(until=c.step + steps)
        c.wait_idle(30)

    def step(self) -> None:
        self.window.act["step"].trigger()
        self.window.controller.wait_idle(30)

    def _draw_scrub(self):
        return (self.rng.random(),)

    def scrub(self, fraction: float) -> None:
        w = self.window
        w.timeline.setValue(int(round(fraction * w.timeline.maximum())))

    def reset(self) -> None:
        self.window.act["reset"].trigger()

    def _draw_resize(self):
        return self.rng.choice(SIZES)

    def resize(self, width: int, height: int) -> None:
        self.window.resize(width, height)

    def _draw_lesson(self):
        name = self.rng.choice(list(LESSONS))
        return name, self.rng.randrange(len(LESSONS[name].parts))

    def lesson(self, name: str, part: int) -> None:
        from .windows import OPEN_WINDOWS

        before = set(map(id, OPEN_WINDOWS))
        self.window.open_lesson(name, part)
        for w in OPEN_WINDOWS:  # a lesson of the other kind opens its own window
            if id(w) not in before:
                self._adopt(w)
        while len(self._all_windows()) > 2:  # a user keeps a few windows, not dozens
            self.windows[0].close()
            self.windows = self._all_windows()

    def _draw_network(self):
        return (self.rng.choice(("add", "remove", "wider", "activation", "residual")),)

    def network(self, edit: str) -> None:
        """Edit the network of a network window as the builder proposes it."""
        w = self.window
        if not hasattr(w, "builder"):
            return
        layers = list(w.controller.session.network.network.layers)
        if edit == "add" and len(layers) < 6:
            layers.append(layers[-1] if layers else LayerSpec(8, "relu"))
        elif edit == "remove" and layers:
            layers.pop()
        elif edit == "wider" and layers:
            layers[0] = LayerSpec(min(layers[0].width * 2, 64), layers[0].activation)
        elif edit == "activation" and layers:
            layers[-1] = LayerSpec(layers[-1].width, "sigmoid" if layers[-1].activation != "sigmoid" else "relu")
        elif edit == "residual" and len(layers) > 1:
            layers[-1] = LayerSpec(layers[-1].width, layers[-1].activation, residual=not layers[-1].residual)
        w._architecture_proposed(NetworkSpec(tuple(layers)))

    def save_and_reopen(self) -> None:
        """Save to a new file, then open it: the session read back equals the one saved."""
        w = self.window
        self._saved += 1
        path = os.path.join(self.folder, f"walk-{self._saved}.json")
        if not w.session_files.save_to(path):
            self.fail(f"saving {path} failed")
        expected = session_to_dict(w.controller.session)
        if session_to_dict(load_session(path)) != expected:
            self.fail(f"{path} does not read back as the session saved")
        if not w.open_path(path):
            self.fail(f"{path} did not open")
        if session_to_dict(w.controller.session) != expected:
            self.fail(f"{path} reopened as another session")
        if w.controller.modified:
            self.fail("a session just opened counts as modified")

    def close_and_new(self) -> None:
        """Close the current window (its threads must stop); a new one opens if none is left."""
        w = self.window
        controller = w.controller
        w.close()
        QCoreApplication.processEvents()
        for thread in (controller._thread, controller._landscape_thread):
            if thread.isRunning():
                self.fail(f"a closed window left its thread {thread.objectName()!r} running")
        if w in self.windows:
            self.windows.remove(w)
        if not self._all_windows():
            self._open_first()

    def _draw_toggle_dock(self):
        return (self.rng.choice(sorted(k for k in self.window.docks if k != "lesson")),)

    def toggle_dock(self, key: str) -> None:
        dock = self.window.docks.get(key)
        if dock is not None:
            dock.setVisible(not dock.isVisible())

    # -- invariants ------------------------------------------------------------------------
    def check(self) -> None:
        """Every invariant, for every open window; raises :class:`WalkFailure`."""
        if self.problems:
            problems, self.problems = self.problems, []
            self.fail("\n".join(problems))
        for w in self._all_windows():
            self._check_window(w)

    def _check_window(self, w) -> None:
        c = w.controller
        name = type(w).__name__
        inside = w.rect().adjusted(-1, -1, 1, 1)
        central = w.centralWidget()
        if not inside.contains(central.geometry()):
            self.fail(f"{name}: the central view {central.geometry()} leaves the window {w.rect()}")
        for key, dock in w.docks.items():
            shown = dock.isVisible() and not dock.visibleRegion().isEmpty()  # not tabbed away
            if shown and not dock.isFloating() and not inside.contains(dock.geometry()):
                self.fail(f"{name}: dock {key} {dock.geometry()} leaves the window {w.rect()}")
        if hasattr(w, "surface_view"):
            self._check_surface(w)
        self._check_lesson(w)
        if not c.playing:
            if w.timeline.maximum() != c.step or w.timeline.value() != c.shown_step:
                self.fail(f"{name}: timeline {w.timeline.value()}/{w.timeline.maximum()} "
                          f"for step {c.shown_step}/{c.step}")
            if f"{c.shown_step:,}" not in w.status_step.text():
                self.fail(f"{name}: the counter says {w.status_step.text()!r} at step {c.shown_step}")

    def _check_surface(self, w) -> None:
        session, view = w.controller.session, w.surface_view
        surface = session.surface()
        title = view.plot.titleLabel.text
        if not title.startswith(f"{surface.name}:"):
            self.fail(f"the surface view's title {title!r} is not {surface.name!r}'s")
        xmin, xmax, ymin, ymax = session.view_box or surface.view
        box = view.backdrop.box
        if (round(box.left(), 6), round(box.right(), 6)) != (round(xmin, 6), round(xmax, 6)):
            self.fail(f"the contours are drawn on x {box.left()}…{box.right()}, the surface is {xmin}…{xmax}")
        if session.problem != "custom" and w.surface_combo.currentText() != session.problem:
            self.fail(f"the surface menu shows {w.surface_combo.currentText()!r} on {session.problem!r}")
        plot = view.plot.sceneBoundingRect()
        if plot.right() > view.width() + 1 or plot.bottom() > view.height() + 1:
            self.fail(f"the surface plot {plot} is cut off by its view {view.width()}×{view.height()}")

    def _check_lesson(self, w) -> None:
        session, dock, c = w.controller.session, w.lesson_dock, w.controller
        if session.lesson:
            if not (dock.isVisible() and dock.text.isEnabled()):
                self.fail(f"lesson {session.lesson!r} open but its dock is hidden or greyed")
            from ..lessons import lesson_text
            from .language import current

            title = html.escape(lesson_text(session.lesson, current()).title, quote=False)
            if title not in dock.text.text():
                self.fail(f"the lesson dock does not show lesson {session.lesson!r}")
        elif c.left_lesson:
            if not dock.isVisible() or dock.text.isEnabled():
                self.fail(f"lesson {c.left_lesson!r} left, but its dock is not greyed")
        elif dock.isVisible():
            self.fail("no lesson, but the lesson dock is shown")
