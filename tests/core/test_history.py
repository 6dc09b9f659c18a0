"""Histories: growth, thinning that bounds memory, step lookup."""

import numpy as np
import pytest

from playground.core.optim.explain import Thinned, explain
from playground.core.history import History
from playground.core.surfaces.problem import get_surface
from playground.core.surfaces.race import RunConfig, run_race


def _history(n):
    h = History()
    h.extend({"pos": np.arange(2.0 * n).reshape(n, 2), "loss": np.arange(float(n)),
              "step": np.arange(float(n))})
    return h


def test_thin_keeps_first_and_recent_rows_and_every_second_old_one():
    h = _history(100)
    h.thin(keep_recent=40)
    steps = h["step"]
    assert len(h) == 30 + 40
    assert steps[0] == 0 and steps[-1] == 99
    np.testing.assert_array_equal(steps[:30], np.arange(0, 60, 2))
    np.testing.assert_array_equal(steps[30:], np.arange(60, 100))
    np.testing.assert_array_equal(h["loss"], steps)  # all columns thinned alike
    np.testing.assert_array_equal(h["pos"][:, 0], 2 * steps)


def test_repeated_thinning_bounds_memory():
    h = History()
    limit = 1000
    for start in range(0, 100_000, 500):
        steps = np.arange(start, start + 500, dtype=float)
        h.extend({"loss": steps, "step": steps})
        if len(h) > limit:
            h.thin(keep_recent=limit // 2)
    assert len(h) <= limit
    assert h["step"][0] == 0 and h["step"][-1] == 99_999
    assert np.all(np.diff(h["step"]) > 0)
    np.testing.assert_array_equal(h["step"][-500:], np.arange(99_500, 100_000))


def test_row_of_step_finds_the_latest_kept_row():
    h = _history(100)
    h.thin(keep_recent=40)
    assert h.row_of_step(0) == 0
    assert h["step"][h.row_of_step(7)] == 6  # thinned: the nearest earlier kept row
    assert h["step"][h.row_of_step(75)] == 75
    assert h.row_of_step(10_000) == len(h) - 1


def test_explain_refuses_a_thinned_step_and_keeps_recent_ones():
    (h,), race = run_race(get_surface("bowl"), [RunConfig("r", "adam", {"lr": 0.05}, start=(1, 1))], 200)
    h.thin(keep_recent=50)
    hp = race.runs[0].opt
    with pytest.raises(Thinned):
        explain("adam", hp, h, 10)
    r = len(h) - 1
    ex = explain("adam", hp, h, r)
    np.testing.assert_allclose(ex.predicted, ex.applied, rtol=1e-6)
    assert "m̂_t = m_t / (1 − 0.9^t)" in ex.formula[0]
