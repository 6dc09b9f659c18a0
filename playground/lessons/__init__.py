"""Built-in lessons: ready-made sessions that show one claim of the course notes each
(../shared/LESSONS.md), with a short explanation and a criterion that says, from the recorded
histories, whether the effect appeared. Tests run every lesson headless and assert it.

This module is the registry; each family module (``surfaces``, ``networks``, ``curvature``,
``data_and_depth``) holds its lessons' build and check side by side. What a lesson says, in each
language, is in resources/lessons/<name>.json, read by :func:`lesson_text`. Adding a lesson: write
it in its family module, add it to that module's list and its name to :data:`ORDER`, and write its
JSON.
"""

from __future__ import annotations

from .base import MOMENTS, Lesson  # noqa: F401 (the lesson type and moment kinds, for callers)
from .curvature import CURVATURE_LESSONS
from .data_and_depth import DATA_AND_DEPTH_LESSONS
from .networks import NETWORK_LESSONS
from .surfaces import SURFACE_LESSONS
from .texts import LessonText, lesson_text  # noqa: F401 (what a lesson says, per language)

#: the order of the lessons menu and of ``python main.py lessons``
ORDER = ('saddle-point',
         'momentum-over-the-bump',
         'adagrad-on-the-ravine',
         'rmsprop-on-the-crescent',
         'adaptive-bursts',
         'cross-entropy-vs-mse',
         'batch-size-noise',
         'sigmoid-vs-relu',
         'warmup',
         'schedules-compared',
         'deeper-is-not-better',
         'overfitting',
         'mismatch',
         'normalization-flattens',
         'edge-of-stability')
LESSONS = {lesson.name: lesson
           for lesson in sorted(SURFACE_LESSONS + NETWORK_LESSONS + DATA_AND_DEPTH_LESSONS
                                  + CURVATURE_LESSONS, key=lambda l: ORDER.index(l.name))}


def lesson_sessions(name: str) -> list:
    """The sessions of lesson ``name`` (a ParamError lists the valid names)."""
    from ..core.params import ParamError

    if name not in LESSONS:
        raise ParamError(f"unknown lesson {name!r}; valid: {', '.join(LESSONS)}")
    lesson = LESSONS[name]
    sessions = lesson.build()
    for session, part in zip(sessions, lesson.parts, strict=True):
        session.name = part
        session.view.setdefault("speed", lesson.speed[0])
    return sessions


def check_lesson(name: str, steps: int | None = None) -> str:
    """Run lesson ``name`` headless for ``steps`` (default: the lesson's own) and return "" when
    its effect appears, else what went wrong. ``steps=LESSONS[name].shown`` asks whether the
    effect shows within the first 10 s at the lesson's speed."""
    from ..core.surfaces.race import run_race

    from ..core.networks.race import run_net_race

    lesson = LESSONS[name]
    steps = lesson.steps if steps is None else steps
    histories = []
    for session in lesson.build():
        if session.is_network:
            hs, _ = run_net_race(session.network, session.runs, steps)
        else:
            hs, _ = run_race(session.surface(), session.runs, steps, record="path")
        histories.append(hs)
    return lesson.check(histories)
