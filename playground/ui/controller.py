"""The one GUI-thread controller: owns the session, the race and the worker thread.

Widgets call its intent methods (:meth:`select`, :meth:`mark_dirty`, :meth:`play`, …) and listen
to its signals; they never assign its attributes and never talk to a worker. Every worker thread
(training, loss landscapes) is started and owned here (see :mod:`playground.ui.jobs`). Snapshots
from the training worker only extend histories and mark the views dirty; the window redraws on a
clock and hands the views an immutable :class:`Frame` (:meth:`frame`).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QThread, Signal, Slot

from ..core import limits
from ..core.history import History
from ..core.params import ParamError
from ..core.surfaces.presets import classic_runs
from ..core.race import DIVERGED, PAUSED, READY, RUNNING
from ..core.surfaces.race import Race, RunConfig
from ..session.model import Session
from .moments import MomentFinder
from .jobs import (THREADS, CriticalPointsJob, CurvatureJob, CurvatureWorker, Job,  # noqa: F401 (THREADS: for tests)
                   LandscapeJob, LandscapeWorker, TrainWorker, start_thread)

translate = QCoreApplication.translate

#: speed choices: label -> steps per second (None: as fast as possible); sessions store the
#: English label, the toolbar shows its translation (context "Speeds")
SPEEDS = {QT_TRANSLATE_NOOP("Speeds", "2 steps/s"): 2.0, QT_TRANSLATE_NOOP("Speeds", "5 steps/s"): 5.0,
          QT_TRANSLATE_NOOP("Speeds", "20 steps/s"): 20.0, QT_TRANSLATE_NOOP("Speeds", "100 steps/s"): 100.0,
          QT_TRANSLATE_NOOP("Speeds", "1,000 steps/s"): 1000.0, QT_TRANSLATE_NOOP("Speeds", "fastest"): None}
#: the speed of a session that names none (lessons name the speed their effect is seen at): slow
#: enough to watch the first launch's race (at "fastest" Rosenbrock's race is at step 360 after
#: 2 s and the overshoots are never seen), fast enough that 10 s show 200 steps
DEFAULT_SPEED = "20 steps/s"


@dataclass(frozen=True)
class Frame:
    """What the views draw in one frame: an immutable snapshot of the controller's state.

    The histories are the GUI thread's own copies (the worker only sends rows), so a view may
    read them freely during the frame; it must not keep them past it.
    """

    step: int  # the step shown (the newest, or where the timeline was scrubbed to)
    newest: int  # the newest step trained
    runs: tuple  # run configurations
    histories: tuple  # one History per run
    status: tuple  # one status per run (core.race's READY, RUNNING, PAUSED, DIVERGED)
    selected: int  # index of the selected run
    hidden: frozenset  # names of the hidden runs
    playing: bool
    options: Mapping  # the session's view options (arrows, …), read-only
    #: the lesson's decisive moments up to the step shown (ui.moments.Moment), to mark
    moments: tuple = ()


class Controller(QObject):
    structure_changed = Signal()  # problem, runs or their configuration changed
    selection_changed = Signal(int)  # the selected run's index
    playing_changed = Signal(bool)
    message = Signal(str)  # for the status bar
    modified_changed = Signal(bool)
    session_loaded = Signal()  # another session replaced this one (views start afresh)
    landscape_progress = Signal(int, object, float)  # job id, grid so far, fraction done
    landscape_done = Signal(int, object, str)  # job id, result dict (None: cancelled), error
    curvature_progress = Signal(int, float)  # job id, fraction done
    curvature_done = Signal(int, object, str)  # job id, result dict (None: cancelled), error
    run_job = Signal(object)  # to the training worker (queued into its thread)
    _landscape_job = Signal(object)  # to the landscape worker
    _curvature_job = Signal(object)  # to the curvature worker

    def __init__(self, session: Session | None = None, parent=None):
        super().__init__(parent)
        self.session = session or Session()
        self.path: str | None = None
        self.modified = False
        #: the lesson this session was until its setup changed (its text no longer describes it)
        self.left_lesson: str | None = None
        self.race: Race | None = None
        self.generation = 0
        self.playing = False
        self.display_step: int | None = None  # None: follow the newest step
        self._selected = 0
        self._moments = MomentFinder()
        self._dirty = True  # views need a redraw
        self.status: list[str] = []
        self.steps_per_second = 0.0
        self._rate_mark = (time.perf_counter(), 0)
        self._restart_after_stop = False
        self._stop = threading.Event()
        self._worker = TrainWorker()
        self.run_job.connect(self._worker.run)
        self._worker.snapshot.connect(self._on_snapshot)
        self._worker.finished.connect(self._on_finished)
        self._thread = start_thread(self._worker, "training-worker")
        self._landscape_id = 0
        self._landscape_stop = threading.Event()
        self._landscape_worker = LandscapeWorker()
        self._landscape_job.connect(self._landscape_worker.run)
        self._landscape_worker.partial.connect(self.landscape_progress)
        self._landscape_worker.done.connect(self.landscape_done)
        self._landscape_thread = start_thread(self._landscape_worker, "landscape-worker")
        self._curvature_id = 0
        self._curvature_stop = threading.Event()
        self._curvature_worker = CurvatureWorker()
        self._curvature_job.connect(self._curvature_worker.run)
        self._curvature_worker.progress.connect(self.curvature_progress)
        self._curvature_worker.done.connect(self.curvature_done)
        self._curvature_thread = start_thread(self._curvature_worker, "curvature-worker")
        self._reset_histories()

    # -- state -----------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.race.step_count if self.race is not None else 0

    @property
    def shown_step(self) -> int:
        return self.step if self.display_step is None else min(self.display_step, self.step)

    @property
    def selected(self) -> int:
        """Index of the selected run (change it with :meth:`select`)."""
        return self._selected

    @property
    def dirty(self) -> bool:
        """True while the views need a redraw (set it with :meth:`mark_dirty`)."""
        return self._dirty

    def select(self, i: int) -> None:
        """Select run ``i``: the panels and views that follow the selection are rebuilt."""
        self._dirty = True
        if i != self._selected:
            self._selected = i
            self.selection_changed.emit(i)
            self.structure_changed.emit()

    def mark_dirty(self) -> None:
        """Something the views show changed (a view range, a dock shown): redraw soon."""
        self._dirty = True

    def take_dirty(self) -> bool:
        """Whether a redraw is due; clears the flag (the frame clock calls it once a tick)."""
        dirty, self._dirty = self._dirty, False
        return dirty

    def frame(self) -> Frame:
        """The immutable snapshot the views draw this frame."""
        runs = self.session.runs
        return Frame(step=self.shown_step, newest=self.step, runs=tuple(runs),
                     histories=tuple(self.histories()), status=tuple(self.status),
                     selected=self._selected, hidden=frozenset(self.hidden()),
                     playing=self.playing, options=MappingProxyType(dict(self.session.view)),
                     moments=self._moments.find(self.session.lesson, self.histories(), self.shown_step))

    def histories(self) -> list[History]:
        return self.session.histories

    def hidden(self) -> set[str]:
        return set(self.session.view.get("hidden", []))

    def _reset_histories(self):
        self.session.histories = [History() for _ in self.session.runs]
        self.status = [READY] * len(self.session.runs)
        self.race = None
        self.display_step = None
        self._dirty = True

    def mark_modified(self, value: bool = True):
        if self.modified != value:
            self.modified = value
            self.modified_changed.emit(value)

    # -- playback --------------------------------------------------------------------------
    def _ensure_race(self) -> bool:
        if self.race is not None:
            return True
        if not self.session.runs:
            self.message.emit(translate("Controller", "Add a run first (Edit ▸ Add run, or Compare optimizers)."))
            return False
        try:
            if self.session.is_network:
                from ..core.networks.race import NetRace

                self.race = NetRace(self.session.network, self.session.runs)
            else:
                self.race = Race(self.session.surface(), self.session.runs)
        except ParamError as exc:
            self.message.emit(str(exc))
            return False
        # the first snapshot of a new race carries row 0 (the start) of every run
        return True

    def play(self, until: int | None = None) -> None:
        if self.playing or not self._ensure_race():
            return
        if self.race.finished:
            self.message.emit(translate("Controller", "Every run has diverged: press Reset."))
            return
        limit = until
        self._stop = threading.Event()
        self.playing = True
        self.display_step = None
        self._rate_mark = (time.perf_counter(), self.step)
        self.playing_changed.emit(True)
        self.run_job.emit(Job(self.generation, self.race, self.rate if until is None else None,
                              limit, self._stop))

    def pause(self) -> None:
        self._stop.set()

    def toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def step_once(self) -> None:
        if self.playing:
            self.pause()
            return
        if self._ensure_race():
            self.play(until=self.step + 1)

    @property
    def speed(self) -> str:
        """The session's speed label (one of SPEEDS); it travels with the session file."""
        label = self.session.view.get("speed")
        return label if label in SPEEDS else DEFAULT_SPEED

    @property
    def rate(self) -> float | None:
        """Steps per second to train at (None: as fast as possible)."""
        return SPEEDS[self.speed]

    def set_speed(self, label: str) -> None:
        if label not in SPEEDS or label == self.speed:
            return
        self.session.view["speed"] = label
        if self.playing:  # restart the job at the new pace
            self._restart_after_stop = True
            self.pause()

    def reset(self) -> None:
        """Stop training, drop the histories, start again from the start points."""
        self._stop.set()
        self.generation += 1  # snapshots still in flight from the old race are ignored
        self._reset_histories()
        self.structure_changed.emit()

    def scrub(self, step: int | None) -> None:
        """Show the race as it was at ``step`` (None: the newest); nothing is recomputed."""
        self.display_step = None if step is None or step >= self.step else max(step, 0)
        self._dirty = True

    @Slot(int, object)
    def _on_snapshot(self, generation: int, snap) -> None:
        assert QThread.currentThread() is self.thread(), "snapshot slot ran off the GUI thread"
        if generation != self.generation:
            return
        for i, chunk in snap.rows.items():
            history = self.session.histories[i]
            history.extend(chunk)
            if len(history) > limits.MAX_HISTORY_ROWS:  # old rows thinned, recent ones complete
                history.thin(keep_recent=limits.MAX_HISTORY_ROWS // 2)
        for i, s in snap.status.items():
            if s == DIVERGED and self.status[i] != DIVERGED:
                name = self.session.runs[i].name
                self.message.emit(translate("Controller", "Run '{name}' diverged at step {step} (non-finite loss, "
                                      "gradient or position); the others go on.").format(
                                          name=name, step=snap.diverged_at[i]))
            self.status[i] = DIVERGED if s == DIVERGED else (RUNNING if self.playing else PAUSED)
        now, (t0, s0) = time.perf_counter(), self._rate_mark
        if now - t0 > 0.5:
            self.steps_per_second = (snap.step - s0) / (now - t0)
            self._rate_mark = (now, snap.step)
        self._dirty = True

    @Slot(int, str)
    def _on_finished(self, generation: int, error: str) -> None:
        assert QThread.currentThread() is self.thread()
        if error:
            self.message.emit(translate("Controller", "Training stopped by an error: {error}").format(error=error))
        if generation != self.generation and not self.playing:
            return
        self.playing = False
        self.status = [s if s == DIVERGED else PAUSED for s in self.status]
        self.steps_per_second = 0.0
        self._dirty = True
        self.playing_changed.emit(False)
        if self._restart_after_stop:
            self._restart_after_stop = False
            self.play()

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until the worker is idle (tests and shutdown); processes queued signals."""
        from PySide6.QtCore import QCoreApplication

        end = time.perf_counter() + timeout
        while self.playing and time.perf_counter() < end:
            QCoreApplication.processEvents()
            time.sleep(0.002)
        return not self.playing

    def shutdown(self) -> None:
        """Stop training, any landscape or curvature job and their threads; safe to call more
        than once."""
        self._stop.set()
        self._landscape_stop.set()
        self._curvature_stop.set()
        self.generation += 1
        for thread in (self._thread, self._landscape_thread, self._curvature_thread):
            if thread.isRunning():
                thread.quit()
                thread.wait(10_000)

    def model_at(self, i: int, step: int):
        """Run ``i``'s network as it was at ``step`` (network sessions), or None before training.

        The one place the UI reads network weights: built from an immutable snapshot of the
        recorded states (``NetRace.recorded``), never from the lists the worker extends and thins.
        """
        return None if self.race is None else self.race.model_at(i, step)

    # -- loss landscapes and curvature (network sessions) -----------------------------------
    def _ready_for_analysis(self) -> str | None:
        """Pause training and check that the selected run has finite weights to analyse;
        returns why not, or None."""
        if self.playing:
            self.pause()
            self.wait_idle()
        if not self.session.runs:
            return translate("Controller", "Add a run first.")
        if not self._ensure_race():
            return translate("Controller", "The race could not be built.")
        if self.status[self._selected] == DIVERGED:
            return translate("Controller", "This run diverged: its weights are not finite.")
        return None

    def compute_landscape(self, directions: str, grid: int, one_d: bool) -> int | str:
        """Start slicing the selected run's loss landscape in the landscape worker.

        Training is paused first. Returns the job id (results arrive by
        :attr:`landscape_progress` and :attr:`landscape_done`), or a message saying why nothing
        was started.
        """
        refusal = self._ready_for_analysis()
        if refusal:
            return refusal
        race, i = self.race, self._selected
        trajectory = race.weights(i)
        if directions == "pca" and len(trajectory) < 3:
            return translate("Controller", "PCA directions need a path: train a few steps first.")
        self._landscape_stop = threading.Event()
        self._landscape_id += 1
        dataset = race.dataset
        self._landscape_job.emit(LandscapeJob(
            self._landscape_id, race.model_at(i), dataset.x_train, dataset.y_train, race.loss,
            trajectory, grid, directions, one_d, self.session.network.init_seed,
            self._landscape_stop))
        return self._landscape_id

    def cancel_landscape(self) -> None:
        self._landscape_stop.set()

    def compute_curvature(self, k: int, probes: int) -> int | str:
        """Start the Hessian spectrum of the selected run at the shown step in the curvature
        worker (training is paused first). Returns the job id (results arrive by
        :attr:`curvature_progress` and :attr:`curvature_done`), or why nothing was started."""
        refusal = self._ready_for_analysis()
        if refusal:
            return refusal
        race, i = self.race, self._selected
        self._curvature_stop.set()  # a job still running is superseded
        self._curvature_stop = threading.Event()
        self._curvature_id += 1
        dataset = race.dataset
        self._curvature_job.emit(CurvatureJob(
            self._curvature_id, race.model_at(i, self.shown_step), dataset.x_train,
            dataset.y_train, race.loss, self.session.network.weight_decay, k, probes,
            self.session.network.init_seed, self._curvature_stop))
        return self._curvature_id

    def cancel_curvature(self) -> None:
        self._curvature_stop.set()

    def find_critical_points(self, box) -> int | str:
        """Start locating the critical points of the surface inside ``box`` (x0, x1, y0, y1) in
        the curvature worker; returns the job id (the list arrives by :attr:`curvature_done`)
        or why nothing was started. Training goes on: the surface does not change."""
        try:
            surface = self.session.surface()
        except ParamError as exc:
            return str(exc)
        self._curvature_stop.set()  # a job still running is superseded
        self._curvature_stop = threading.Event()
        self._curvature_id += 1
        self._curvature_job.emit(CriticalPointsJob(self._curvature_id, surface, tuple(box),
                                                   self._curvature_stop))
        return self._curvature_id

    # -- editing (each change restarts the race: runs advance in lockstep) -----------------
    def _leave_lesson(self) -> None:
        """The problem itself changed: the session is no longer its lesson, and its file must
        not claim it (issue 8, item 13); the dock keeps the text, greyed."""
        if self.session.lesson:
            self.left_lesson, self.session.lesson = self.session.lesson, None

    def _changed(self, message: str | None = None, modifies: bool = True):
        was_playing = self.playing
        self.reset()
        if modifies:
            self.mark_modified()
        if message:
            self.message.emit(message)
        if was_playing:
            self.wait_idle()
            self.play()

    def set_problem(self, name: str, formula: str | None = None) -> str | None:
        """Switch surface; returns an error message or None. Runs keep their settings but start
        from the new surface's start point."""
        from ..core.surfaces.problem import get_surface

        try:
            surface = get_surface(name, formula)
        except ParamError as exc:
            return str(exc)
        self._leave_lesson()
        self.session.problem, self.session.formula = name, formula
        self.session.view_box = None
        self.session.runs = [replace(r, start=surface.start) for r in self.session.runs]
        self._changed()
        return None

    def update_run(self, i: int, **changes) -> str | None:
        """Change run ``i``; returns an error message (nothing changed) or None."""
        try:
            run = replace(self.session.runs[i], **changes).validated()
        except (ParamError, TypeError, ValueError) as exc:
            return str(exc)
        if run == self.session.runs[i]:
            return None
        cosmetic = set(changes) <= {"name", "color"}
        self.session.runs[i] = run
        if cosmetic:  # names and colours do not change the numbers
            self.mark_modified()
            self._dirty = True
            self.structure_changed.emit()
        else:
            self._changed()
        return None

    def set_start(self, i: int | None, x: float, y: float, modifies: bool = True) -> None:
        """Move the start point of run ``i`` (None: every run); restarts the race. A step the
        open lesson itself offers (its escape button) passes ``modifies=False``: moving on from
        the lesson then asks nothing."""
        targets = range(len(self.session.runs)) if i is None else [i]
        for j in targets:
            self.session.runs[j] = replace(self.session.runs[j], start=(float(x), float(y)))
        self._changed(translate("Controller", "Start point set to ({x}, {y}).").format(x=f"{x:.3g}", y=f"{y:.3g}"),
                      modifies)

    def add_run(self, run=None) -> None:
        if run is None and self.session.is_network:
            from ..core.networks.race import NetRunConfig

            run = NetRunConfig("Adam", "adam", {"lr": 0.01}, batch_size=32)
        elif run is None:
            run = RunConfig("Adam", "adam", {"lr": 0.05}, start=self.session.surface().start)
        try:
            self.session.add_run(run)
        except ParamError as exc:  # too many runs: say so, change nothing
            self.message.emit(str(exc))
            return
        self._selected = len(self.session.runs) - 1  # _changed() rebuilds the views
        self._changed()

    def duplicate_run(self, i: int) -> None:
        self.add_run(replace(self.session.runs[i], color=""))

    def remove_run(self, i: int) -> None:
        if 0 <= i < len(self.session.runs):
            del self.session.runs[i]
            self._selected = max(0, min(self._selected, len(self.session.runs) - 1))
            self._changed()

    def set_visible(self, i: int, visible: bool) -> None:
        hidden = self.hidden()
        name = self.session.runs[i].name
        hidden.discard(name) if visible else hidden.add(name)
        self.session.view["hidden"] = sorted(hidden)
        self._dirty = True
        self.mark_modified()

    def compare_optimizers(self) -> None:
        """Replace the runs by the classic set with learning rates that suit this problem."""
        if self.session.is_network:
            from ..core.networks.presets import classic_net_runs

            runs = classic_net_runs()
        else:
            runs = classic_runs(self.session.problem, self.session.surface().start)
        self._leave_lesson()
        self.session.runs, self.session.histories = [], []
        for run in runs:
            self.session.add_run(run)
        self._selected = 0
        self._changed(translate("Controller", "Comparing SGD, momentum, Adagrad, RMSProp and Adam."))

    def set_network(self, problem) -> str | None:
        """Replace the network problem (data, architecture, loss); returns an error or None.
        Training restarts: the runs keep their optimizers."""
        from ..core.networks.datasets import make_dataset

        try:
            problem = problem.validated(make_dataset(problem.data))
        except (ParamError, TypeError, ValueError) as exc:
            return str(exc)
        if problem == self.session.network:
            return None
        self._leave_lesson()
        self.session.network = problem
        self._changed(translate("Controller", "Training restarted for the new network problem."))
        return None

    def set_view_option(self, key: str, value) -> None:
        self.session.view[key] = value
        self._dirty = True
        self.mark_modified()

    # -- sessions --------------------------------------------------------------------------
    def load_session(self, session: Session, path: str | None) -> None:
        self._stop.set()
        self.generation += 1
        self.wait_idle()
        self.session, self.path, self._selected = session, path, 0
        self.left_lesson = None
        self._reset_histories()
        self.mark_modified(False)
        self.session_loaded.emit()
        self.structure_changed.emit()

    def saved(self, path: str) -> None:
        self.path = path
        self.mark_modified(False)
