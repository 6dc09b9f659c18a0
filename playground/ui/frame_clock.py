"""The redraw clock: frames are drawn on a timer, never once per training step, and paced so
that drawing leaves the training thread most of the CPU."""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QObject, QTimer

FRAME_MS = 16  # at most ~60 frames per second
#: while training runs flat out, drawing may take at most this share of the time: painting holds
#: Python's GIL, so every millisecond spent drawing is one the training thread cannot use
DRAW_BUDGET = 0.15


class FrameClock(QObject):
    """Calls ``draw`` on each tick at which the controller says a redraw is due.

    Parameters
    ----------
    controller : Controller
        Says whether a redraw is due (:meth:`Controller.take_dirty`) and whether training runs
        flat out (then the clock slows down to keep drawing within :data:`DRAW_BUDGET`).
    draw : callable
        Draws one frame.
    """

    def __init__(self, controller, draw: Callable[[], None], parent=None):
        super().__init__(parent)
        self.controller = controller
        self.draw = draw
        self.frames_drawn = 0
        self._last_cpu = time.thread_time()
        self._last_wall = time.perf_counter()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(FRAME_MS)

    def tick(self) -> None:
        """Draw if something changed, then pace the next tick."""
        controller = self.controller
        if not controller.take_dirty():
            return
        # CPU time of this (GUI) thread since the last frame: drawing, painting, layout, events
        now_cpu, now_wall = time.thread_time(), time.perf_counter()
        cpu, wall = now_cpu - self._last_cpu, now_wall - self._last_wall
        self._last_cpu, self._last_wall = now_cpu, now_wall
        self.frames_drawn += 1
        self.draw()
        fast = controller.playing and controller.rate is None
        if fast and wall > 0:
            # a frame costs about the GUI thread's CPU time since the last one; keep the GUI's
            # share of the time within DRAW_BUDGET
            interval = max(FRAME_MS, min(1000, int(1000 * cpu / DRAW_BUDGET)))
        else:
            interval = FRAME_MS
        if interval != self.timer.interval():
            self.timer.setInterval(interval)

    def full_rate(self) -> None:
        """Back to the full frame rate (training stopped)."""
        self.timer.setInterval(FRAME_MS)

    def stop(self) -> None:
        self.timer.stop()
