"""What a lesson is, and the sessions lessons start from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..session.model import Session


@dataclass(frozen=True)
class Lesson:
    """One lesson: how many steps to train, how to build its sessions and how to tell from the
    histories whether its effect appeared. What it says (title, explanation, try-next, formula)
    is in resources/lessons/<name>.json: :func:`.texts.lesson_text`."""

    name: str
    steps: int
    build: Callable[[], list]  # returns [Session, ...] (one per surface shown)
    check: Callable[[list], str]  # histories per session -> "" when the effect appeared, else why not
    #: the name of each session ``build`` returns, in order (menus list them without building)
    parts: tuple[str, ...] = ()
    #: the speed the lesson is watched at: (label of the window's speed menu, steps per second);
    #: its effect must show within the first :attr:`shown` steps (10 s after pressing Space)
    speed: tuple[str, float] = ("20 steps/s", 20.0)
    #: the decisive moment of one run, to mark on the views: (step, kind) or None, where kind is
    #: one of :data:`MOMENTS`; from the run's history only, so a marker never guesses
    moment: Callable[[object], "tuple[int, str] | None"] | None = None

    @property
    def shown(self) -> int:
        """The steps a student sees within 10 s of pressing Space at the lesson's speed."""
        return int(10 * self.speed[1])


#: the kinds of decisive moment a lesson may mark (the UI names them in the student's language)
MOMENTS = ("escape", "spike", "burst", "leaves the plateau", "over the bump", "overshoot")


def lesson_session(lesson, problem, runs, formula=None, view_box=None):
    s = Session(problem=problem, formula=formula, view_box=view_box, lesson=lesson,
                view={"arrows": {"gradient": True, "momentum": True, "update": True}})
    for run in runs:
        s.add_run(run)
    return s


def network_lesson_session(lesson, problem, runs):
    s = Session(lesson=lesson, network=problem)
    for run in runs:
        s.add_run(run)
    return s
