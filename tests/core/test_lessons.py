"""Every built-in lesson shows its effect (LESSONS.md criteria), run headless."""

import pytest

from playground.core.lessons import LESSONS, check_lesson, lesson_sessions
from playground.core.params import ParamError


@pytest.mark.parametrize("name", list(LESSONS))
def test_lesson_shows_its_effect(name):
    assert check_lesson(name) == ""


def test_lessons_are_sessions_with_text():
    for name, lesson in LESSONS.items():
        sessions = lesson.build()
        assert sessions and all(s.lesson == name and s.runs for s in sessions)
        assert len(lesson.text) > 100
    with pytest.raises(ParamError, match="unknown lesson 'nope'; valid: saddle-point"):
        lesson_sessions("nope")


def test_a_criterion_can_fail():
    # the bursts lesson's criterion, fed the decayed run twice, must report the missing bursts
    from playground.core.lessons import _bursts_build, _bursts_check
    from playground.core.training import run_race

    session = _bursts_build()[0]
    hs, _ = run_race(session.surface(), session.runs[1:], 5000, record="path")
    assert "no late sideways bursts" in _bursts_check([[hs[0], hs[0]]])
