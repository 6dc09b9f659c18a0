"""Every part of the four newer lessons opens in its window, trains and draws (network sessions
with no hidden layer, custom quadratic surfaces with a tiny learning rate)."""

import pytest

from playground.lessons import lesson_sessions, lesson_text

NAMES = ["deeper-is-not-better", "overfitting", "mismatch", "normalization-flattens"]


@pytest.mark.parametrize("name", NAMES)
def test_each_part_opens_trains_and_draws(qtbot, make_window, name):
    for k, session in enumerate(lesson_sessions(name)):
        w = make_window(session)
        assert w.controller.session.lesson == name and w.docks["lesson"].isVisible()
        assert lesson_text(name).title in w.lesson_dock.text.text()
        w.controller.play(until=5)
        assert w.controller.wait_idle(30), f"part {k + 1} of {name} did not finish 5 steps"
        assert w.controller.step == 5 and all(len(h) == 6 for h in w.controller.histories())
        w.controller.mark_dirty()
        w.redraw()
