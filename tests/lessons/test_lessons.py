"""Every built-in lesson shows its effect (LESSONS.md criteria), run headless."""

import pytest

from playground.lessons import LESSONS, check_lesson, lesson_sessions, lesson_text
from playground.core.params import ParamError


@pytest.mark.parametrize("name", list(LESSONS))
def test_lesson_shows_its_effect(name):
    assert check_lesson(name) == ""


def test_lessons_are_sessions_with_text():
    for name, lesson in LESSONS.items():
        sessions = lesson_sessions(name)
        assert sessions and all(s.lesson == name and s.runs for s in sessions)
        assert [s.name for s in sessions] == list(lesson.parts)  # the menu's names
        assert len(lesson_text(name).text) > 100
    with pytest.raises(ParamError, match="unknown lesson 'nope'; valid: saddle-point"):
        lesson_sessions("nope")


def test_a_criterion_can_fail():
    # the bursts lesson's criterion, fed the decayed run twice, must report the missing bursts
    from playground.lessons.surfaces import _bursts_build, _bursts_check
    from playground.core.surfaces.race import run_race

    session = _bursts_build()[0]
    hs, _ = run_race(session.surface(), session.runs[1:], 1000, record="path")
    assert "no sideways bursts" in _bursts_check([[hs[0], hs[0]]])


def test_sigmoid_and_relu_contributions_add_up_to_the_output():
    import numpy as np
    import torch

    from playground.core.networks.race import NetRace
    from playground.core.networks.model import contributions

    for session in lesson_sessions("sigmoid-vs-relu"):
        race = NetRace(session.network, session.runs)
        for _ in race.play(200):
            pass
        model = race.model_at(0).eval()
        x = race.dataset.x_train
        parts = contributions(model, x)
        assert parts.shape[1] == session.network.network.layers[0].width
        with torch.no_grad():
            out = model(x)[:, 0].numpy()
        np.testing.assert_allclose(parts.sum(axis=1) + float(model.head.bias.detach()[0]), out, rtol=1e-5, atol=1e-6)
