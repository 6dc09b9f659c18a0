"""A seeded random walk through the GUI (playground.ui.gui_walk): 500 user actions in all, with
every invariant checked after each (no exception or Qt warning, views inside the window, the
current surface's title and contours, the lesson dock matching the session, the counter at the
controller's step, saved files reopening equal, no thread left by a closed window).
scripts/gui_walk.py walks many more. A failure prints the sequence of calls to replay."""

import pytest

from playground.ui.gui_walk import GuiWalk, WalkFailure

SEEDS = (11, 12)
ACTIONS = 250  # per seed: 500 in all


@pytest.mark.parametrize("seed", SEEDS)
def test_random_walk_keeps_every_invariant(qtbot, tmp_path, seed):
    with GuiWalk(seed, str(tmp_path)) as walk:
        assert walk.walk(ACTIONS) == ACTIONS
        assert len(walk.done) == ACTIONS


def test_a_failing_walk_prints_its_sequence(qtbot, tmp_path):
    """The checker can fail: a surface view showing another surface's title is caught, and the
    message lists the calls that led there, ready to replay."""
    with GuiWalk(0, str(tmp_path)) as walk:
        walk.do("surface", "ravine")
        view = walk.window.surface_view
        view.plot.setTitle("himmelblau: stale")
        with pytest.raises(WalkFailure) as failure:
            walk.check()
        text = str(failure.value)
        assert "title" in text and "walk.do('surface', 'ravine')" in text
        walk.window.set_surface("bowl")  # back to a consistent state for the exit
        walk.replay(["walk.do('surface', 'beale')", "walk.do('step')"])
        assert walk.window.controller.session.problem == "beale" and walk.window.controller.step == 1
