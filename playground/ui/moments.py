"""The decisive moments of a lesson (the escape from a saddle, Adam's spike, a burst ...), found
in the recorded histories by the lesson's own ``moment`` function and marked on the views.

The lesson layer names a moment by a kind (``lessons.MOMENTS``); the label a student reads is
translated here (context "Moments"). Found moments are cached per history: the first step of an
event never changes while a history grows, so a frame costs only the histories still waiting.
"""

from __future__ import annotations

import weakref
from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

translate = QCoreApplication.translate

LABELS = {
    "escape": QT_TRANSLATE_NOOP("Moments", "escape"),
    "spike": QT_TRANSLATE_NOOP("Moments", "spike"),
    "burst": QT_TRANSLATE_NOOP("Moments", "burst"),
    "leaves the plateau": QT_TRANSLATE_NOOP("Moments", "leaves the plateau"),
    "over the bump": QT_TRANSLATE_NOOP("Moments", "over the bump"),
    "overshoot": QT_TRANSLATE_NOOP("Moments", "overshoot"),
}


class Moment(NamedTuple):
    run: int  # index of the run
    row: int  # the history row of the moment
    step: int
    kind: str

    def name(self) -> str:
        """What happened, in the student's language (where a line already shows the step)."""
        return translate("Moments", LABELS.get(self.kind, self.kind))

    def label(self) -> str:
        """What happened and at which step."""
        return translate("Moments", "{moment} (step {step})").format(moment=self.name(), step=f"{self.step:,}")


class MomentFinder:
    """Finds each run's decisive moment with the function of the session's lesson."""

    def __init__(self):
        self._cache = weakref.WeakKeyDictionary()  # history -> (rows looked at, (row, kind) or None)

    def find(self, lesson_name: str | None, histories, up_to_step: int) -> tuple[Moment, ...]:
        """The moments at or before ``up_to_step`` (the step shown), one per run at most."""
        from ..lessons import LESSONS

        lesson = LESSONS.get(lesson_name or "")
        if lesson is None or lesson.moment is None:
            return ()
        out = []
        for i, h in enumerate(histories):
            if not len(h):
                continue
            seen, found = self._cache.get(h, (-1, None))
            if found is None and seen != len(h):
                try:
                    found = lesson.moment(h)
                except (KeyError, IndexError, ValueError):  # a run the lesson does not describe
                    found = None
                self._cache[h] = (len(h), found)
            if found is None or found[0] >= len(h):
                continue
            row, kind = found
            step = int(h.steps_of_rows()[row])
            if step <= up_to_step:
                out.append(Moment(i, row, step, kind))
        return tuple(out)
