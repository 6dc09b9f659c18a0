"""What a lesson is, and the sessions lessons start from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..session.model import Session


@dataclass(frozen=True)
class Lesson:
    """One lesson: its text, how many steps to train, how to build its sessions and how to tell
    from the histories whether its effect appeared."""

    name: str
    title: str
    text: str
    steps: int
    build: Callable[[], list]  # returns [Session, ...] (one per surface shown)
    check: Callable[[list], str]  # histories per session -> "" when the effect appeared, else why not
    #: the name of each session ``build`` returns, in order (menus list them without building)
    parts: tuple[str, ...] = ()
    try_next: str = ""  # what to change next and what will happen
    formula: str = ""  # the formula the lesson is about


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
