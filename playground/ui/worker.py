"""The training worker: lives in a QThread, drives :meth:`Race.play`, emits snapshots.

It never touches a widget or the session; it gets a job (a race and how fast to run it) and
emits what the generator yields. Its signals are connected only to methods of the GUI-thread
controller, so they arrive queued on the GUI thread.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal, Slot

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
