"""Every worker thread of the app, all started and owned by the controller.

- :class:`TrainWorker` drives :meth:`Race.play` and emits snapshots;
- :class:`LandscapeWorker` slices a network's loss landscape, with partial results;
- :class:`CurvatureWorker` computes a network's Hessian spectrum (top-k, trace, density) and
  the loss along the top eigenvector, with progress and Cancel, or a surface's critical points.

A worker never touches a widget or the session: it gets a job and emits results. Its signals
are connected only to the GUI-thread controller, so they arrive queued on the GUI thread.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.networks.hessian import curvature_summary, network_hessian
from ..core.networks.landscape import slice_along, slice_around
from ..core.surfaces.critical import find_critical_points

#: every worker thread ever started (tests check that none is left running)
THREADS: set = set()


def start_thread(worker: QObject, name: str) -> QThread:
    """Move ``worker`` to a new, started QThread called ``name``. Connect the worker's signals
    only to methods of GUI-thread objects, so that they arrive queued on the GUI thread."""
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.start()
    THREADS.add(thread)
    return thread


@dataclass
class Job:
    generation: int  # the controller's reset counter: snapshots of an older generation are dropped
    race: object  # playground.core.surfaces.race.Race
    rate: float | None  # steps per second, None: as fast as possible
    until: int | None  # stop at this step count (Step button, step limit), None: until stopped
    stop: threading.Event


class TrainWorker(QObject):
    snapshot = Signal(int, object)  # generation, Snapshot
    finished = Signal(int, str)  # generation, error message ("" when none)

    @Slot(object)
    def run(self, job: Job) -> None:
        error = ""
        try:
            if job.rate is None:
                for snap in job.race.play(job.until, job.stop.is_set, interval=0.1):
                    self.snapshot.emit(job.generation, snap)
            else:
                self._run_paced(job)
        except Exception as exc:  # a bug must not kill the thread silently: report it
            error = f"{type(exc).__name__}: {exc}"
        self.finished.emit(job.generation, error)

    def _run_paced(self, job: Job) -> None:
        """A set pace: the steps due by now, in ticks of at most 1/30 s (one snapshot a tick),
        so that 2 steps/s shows every step and 1,000 steps/s does not flood the GUI."""
        race = job.race
        tick = max(1.0 / job.rate, 1.0 / 30)
        start, first = time.perf_counter(), race.step_count
        while not job.stop.is_set() and not race.finished:
            if job.until is not None and race.step_count >= job.until:
                break
            due = first + 1 + int((time.perf_counter() - start) * job.rate)
            if job.until is not None:
                due = min(due, job.until)
            if due > race.step_count:
                for snap in race.play(due, job.stop.is_set, interval=1e9):
                    self.snapshot.emit(job.generation, snap)
            wake = time.perf_counter() + tick
            while not job.stop.is_set():  # sleep in slices so a stop is honoured quickly
                left = wake - time.perf_counter()
                if left <= 0:
                    break
                time.sleep(min(left, 0.02))


@dataclass
class LandscapeJob:
    id: int  # the controller's landscape counter: results of an older job are ignored
    model: object  # a copy of the run's network at the current step
    x: object  # training inputs and targets
    y: object
    loss: object  # the loss function
    trajectory: object  # the recorded weights, oldest first
    grid: int  # points per axis
    directions: str  # "random" or "pca"
    one_d: bool
    seed: int
    stop: threading.Event


class LandscapeWorker(QObject):
    partial = Signal(int, object, float)  # job id, {"loss": grid so far, "alphas", "betas"}, fraction done
    done = Signal(int, object, str)  # job id, result dict (None: cancelled), error

    @Slot(object)
    def run(self, job: LandscapeJob) -> None:
        last = [0.0]
        coordinates = {}

        def progress(fraction, grid):
            now = time.perf_counter()
            if now - last[0] > 0.1 or fraction >= 1:  # at most ten partial pictures a second
                last[0] = now
                self.partial.emit(job.id, dict(coordinates, loss=grid.copy()), fraction)

        try:
            result = slice_around(job.model, job.x, job.y, job.loss, job.trajectory, job.grid,
                                  job.directions, seed=job.seed, one_d=job.one_d,
                                  progress=progress, should_stop=job.stop.is_set,
                                  axes=lambda a, b: coordinates.update(alphas=a, betas=b))
            self.done.emit(job.id, None if job.stop.is_set() else result, "")
        except Exception as exc:  # reported in the panel; the thread lives on
            self.done.emit(job.id, None, f"{type(exc).__name__}: {exc}")


@dataclass
class CurvatureJob:
    id: int  # the controller's curvature counter: results of an older job are ignored
    model: object  # a copy of the run's network at the shown step
    x: object  # training inputs and targets (the full training set)
    y: object
    loss: object
    weight_decay: float
    k: int  # top eigenvalues wanted
    probes: int  # Hutchinson probes
    seed: int
    stop: threading.Event

@dataclass
class CriticalPointsJob:
    id: int  # from the same counter as CurvatureJob: each asker knows its own job
    surface: object  # playground.core.surfaces.problem.Surface
    box: tuple  # x0, x1, y0, y1
    stop: threading.Event


#: share of the progress bar the spectrum takes; the slice along the top eigenvector the rest
SPECTRUM_SHARE = 0.9


class CurvatureWorker(QObject):
    progress = Signal(int, float)  # job id, fraction done
    done = Signal(int, object, str)  # job id, result dict (None: cancelled), error

    @Slot(object)
    def run(self, job) -> None:
        if isinstance(job, CriticalPointsJob):
            self._critical_points(job)
            return
        last = [0.0]

        def progress(fraction):
            now = time.perf_counter()
            if now - last[0] > 0.05 or fraction >= 1:  # at most twenty updates a second
                last[0] = now
                self.progress.emit(job.id, fraction)

        try:
            op = network_hessian(job.model, job.loss, job.x, job.y, job.weight_decay)
            summary = curvature_summary(op, job.k, probes=job.probes, seed=job.seed,
                                        should_stop=job.stop.is_set,
                                        progress=lambda f: progress(SPECTRUM_SHARE * f))
            if summary.cancelled or job.stop.is_set():
                self.done.emit(job.id, None, "")
                return
            result = {**summary.as_dict(), "parameters": op.dim, "loss": op.loss_value,
                      "samples": len(job.x)}
            lam = summary.lambda_max
            if lam > 0:
                # the quadratic model L + λα²/2 doubles the loss gap at α = √(2·L/λ): twice that
                span = 2 * (2 * max(op.loss_value, 1e-3) / lam) ** 0.5
                cut = slice_along(job.model, job.x, job.y, job.loss,
                                  summary.top.vectors[0].float().numpy(), span,
                                  should_stop=job.stop.is_set)
                result["slice"] = {"alphas": cut["alphas"], "loss": cut["loss"]}
            progress(1.0)
            self.done.emit(job.id, None if job.stop.is_set() else result, "")
        except Exception as exc:  # reported in the dock; the thread lives on
            self.done.emit(job.id, None, f"{type(exc).__name__}: {exc}")

    def _critical_points(self, job: CriticalPointsJob) -> None:
        try:
            points = find_critical_points(job.surface, job.box, should_stop=job.stop.is_set)
            self.done.emit(job.id, None if job.stop.is_set() else points, "")
        except Exception as exc:  # e.g. a box the surface cannot be evaluated in
            self.done.emit(job.id, None, f"{type(exc).__name__}: {exc}")
