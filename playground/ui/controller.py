"""The one GUI-thread controller: owns the session, the race and the worker thread.

Widgets call its methods and listen to its signals; they never talk to the worker. Snapshots
from the worker only extend histories and set ``dirty``; the window redraws on a clock.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.history import History
from ..core.params import ParamError
from ..core.surfaces.presets import classic_runs
from ..core.surfaces.race import DIVERGED, Race, RunConfig
from ..session.model import Session
from .worker import THREADS, Job, TrainWorker, start_thread  # noqa: F401 (THREADS: for tests)

#: speed choices: label -> steps per second (None: as fast as possible)
SPEEDS = {"2 steps/s": 2.0, "5 steps/s": 5.0, "20 steps/s": 20.0, "100 steps/s": 100.0,
          "1,000 steps/s": 1000.0, "fastest": None}
#: rows a run's history may hold; beyond it old rows are thinned (History.thin), so hours of
#: training use bounded memory (about 100 bytes a row) while recent steps stay complete
MAX_ROWS = 100_000


class Controller(QObject):
    structure_changed = Signal()  # problem, runs or their configuration changed
    playing_changed = Signal(bool)
    message = Signal(str)  # for the status bar
    modified_changed = Signal(bool)
    run_job = Signal(object)  # to the worker (queued into its thread)

    def __init__(self, session: Session | None = None, parent=None):
        super().__init__(parent)
        self.session = session or Session()
        self.path: str | None = None
        self.modified = False
        self.race: Race | None = None
        self.generation = 0
        self.playing = False
        self.rate: float | None = None
        self.display_step: int | None = None  # None: follow the newest step
        self.selected = 0
        self.dirty = True  # views need a redraw
        self.status: list[str] = []
        self.steps_per_second = 0.0
        self._rate_mark = (time.perf_counter(), 0)
        self._stop = threading.Event()
        self._worker = TrainWorker()
        self.run_job.connect(self._worker.run)
        self._worker.snapshot.connect(self._on_snapshot)
        self._worker.finished.connect(self._on_finished)
        self._thread = start_thread(self._worker, "training-worker")
        self._reset_histories()

    # -- state -----------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.race.step_count if self.race is not None else 0

    @property
    def shown_step(self) -> int:
        return self.step if self.display_step is None else min(self.display_step, self.step)

    def histories(self) -> list[History]:
        return self.session.histories

    def hidden(self) -> set[str]:
        return set(self.session.view.get("hidden", []))

    def _reset_histories(self):
        self.session.histories = [History() for _ in self.session.runs]
        self.status = ["ready"] * len(self.session.runs)
        self.race = None
        self.display_step = None
        self.dirty = True

    def _mark_modified(self, value: bool = True):
        if self.modified != value:
            self.modified = value
            self.modified_changed.emit(value)

    # -- playback --------------------------------------------------------------------------
    def _ensure_race(self) -> bool:
        if self.race is not None:
            return True
        if not self.session.runs:
            self.message.emit("Add a run first (Edit ▸ Add run, or Compare optimizers).")
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
            self.message.emit("Every run has diverged: press Reset.")
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

    def set_speed(self, label: str) -> None:
        self.rate = SPEEDS[label]
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
        self.dirty = True

    @Slot(int, object)
    def _on_snapshot(self, generation: int, snap) -> None:
        assert QThread.currentThread() is self.thread(), "snapshot slot ran off the GUI thread"
        if generation != self.generation:
            return
        for i, chunk in snap.rows.items():
            history = self.session.histories[i]
            history.extend(chunk)
            if len(history) > MAX_ROWS:
                history.thin(keep_recent=MAX_ROWS // 2)
        for i, s in snap.status.items():
            if s == DIVERGED and self.status[i] != DIVERGED:
                name = self.session.runs[i].name
                self.message.emit(f"Run '{name}' diverged at step {snap.diverged_at[i]} "
                                  "(non-finite loss, gradient or position); the others go on.")
            self.status[i] = DIVERGED if s == DIVERGED else ("running" if self.playing else "paused")
        now, (t0, s0) = time.perf_counter(), self._rate_mark
        if now - t0 > 0.5:
            self.steps_per_second = (snap.step - s0) / (now - t0)
            self._rate_mark = (now, snap.step)
        self.dirty = True

    @Slot(int, str)
    def _on_finished(self, generation: int, error: str) -> None:
        assert QThread.currentThread() is self.thread()
        if error:
            self.message.emit(f"Training stopped by an error: {error}")
        if generation != self.generation and not self.playing:
            return
        self.playing = False
        self.status = [s if s == DIVERGED else "paused" for s in self.status]
        self.steps_per_second = 0.0
        self.dirty = True
        self.playing_changed.emit(False)
        if getattr(self, "_restart_after_stop", False):
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
        """Stop training and the thread; safe to call more than once."""
        self._stop.set()
        self.generation += 1
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait(10_000)

    # -- editing (each change restarts the race: runs advance in lockstep) -----------------
    def _changed(self, message: str | None = None):
        was_playing = self.playing
        self.reset()
        self._mark_modified()
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
            self._mark_modified()
            self.dirty = True
            self.structure_changed.emit()
        else:
            self._changed()
        return None

    def set_start(self, i: int | None, x: float, y: float) -> None:
        """Move the start point of run ``i`` (None: every run); restarts the race."""
        targets = range(len(self.session.runs)) if i is None else [i]
        for j in targets:
            self.session.runs[j] = replace(self.session.runs[j], start=(float(x), float(y)))
        self._changed(f"Start point set to ({x:.3g}, {y:.3g}).")

    def add_run(self, run=None) -> None:
        if run is None and self.session.is_network:
            from ..core.networks.race import NetRunConfig

            run = NetRunConfig("Adam", "adam", {"lr": 0.01}, batch_size=32)
        elif run is None:
            run = RunConfig("Adam", "adam", {"lr": 0.05}, start=self.session.surface().start)
        self.session.add_run(run)
        self.selected = len(self.session.runs) - 1
        self._changed()

    def duplicate_run(self, i: int) -> None:
        self.add_run(replace(self.session.runs[i], color=""))

    def remove_run(self, i: int) -> None:
        if 0 <= i < len(self.session.runs):
            del self.session.runs[i]
            self.selected = max(0, min(self.selected, len(self.session.runs) - 1))
            self._changed()

    def set_visible(self, i: int, visible: bool) -> None:
        hidden = self.hidden()
        name = self.session.runs[i].name
        hidden.discard(name) if visible else hidden.add(name)
        self.session.view["hidden"] = sorted(hidden)
        self.dirty = True
        self._mark_modified()

    def compare_optimizers(self) -> None:
        """Replace the runs by the classic set with learning rates that suit this problem."""
        if self.session.is_network:
            from ..core.networks.presets import classic_net_runs

            runs = classic_net_runs()
        else:
            runs = classic_runs(self.session.problem, self.session.surface().start)
        self.session.runs, self.session.histories = [], []
        for run in runs:
            self.session.add_run(run)
        self.selected = 0
        self._changed("Comparing SGD, momentum, Adagrad, RMSProp and Adam.")

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
        self.session.network = problem
        self._changed("Training restarted for the new network problem.")
        return None

    def set_view_option(self, key: str, value) -> None:
        self.session.view[key] = value
        self.dirty = True
        self._mark_modified()

    # -- sessions --------------------------------------------------------------------------
    def load_session(self, session: Session, path: str | None) -> None:
        self._stop.set()
        self.generation += 1
        self.wait_idle()
        self.session, self.path, self.selected = session, path, 0
        self._reset_histories()
        self._mark_modified(False)
        self.structure_changed.emit()

    def saved(self, path: str) -> None:
        self.path = path
        self._mark_modified(False)
