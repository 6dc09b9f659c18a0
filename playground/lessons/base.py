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
