"""The step inspector's terms rebuild the update actually applied, for every optimizer."""

import numpy as np
import pytest

from playground.core.optim.explain import explain
from playground.core.optim.optimizers import OPTIMIZERS
from playground.core.surfaces.problem import get_surface
from playground.core.surfaces.race import RunConfig, run_race

from .test_optimizers import CASES


@pytest.mark.parametrize("optimizer,hp", CASES, ids=str)
def test_terms_reproduce_the_applied_update(optimizer, hp):
    run = RunConfig("r", optimizer, hp, "cosineannealinglr", {"T_max": 40}, warmup=3, start=(-1.2, 1.0))
    (h,), race = run_race(get_surface("rosenbrock"), [run], 40)
    full = race.runs[0].opt
    for t in range(1, 41):
        ex = explain(optimizer, full, h, t)
        np.testing.assert_allclose(ex.predicted, ex.applied, rtol=1e-6, atol=1e-12)
        symbols = [term.symbol for term in ex.terms]
        assert symbols[0] == "g_t" and symbols[-1] == "Δθ" and ex.formula


def test_every_optimizer_has_an_explanation():
    from playground.core.optim.explain import _RULES

    assert set(_RULES) == set(OPTIMIZERS.names())


def test_adam_first_step_moves_each_coordinate_by_about_lr():
    (h,), race = run_race(get_surface("ravine"), [RunConfig("a", "adam", {"lr": 0.1}, start=(-10, 1))], 1)
    ex = explain("adam", race.runs[0].opt, h, 1)
    np.testing.assert_allclose(np.abs(ex.applied), [0.1, 0.1], rtol=1e-6)
    assert "(η_t / σ_t) · m̂_t" in ex.formula[-1]


def test_row_zero_has_no_update():
    (h,), race = run_race(get_surface("bowl"), [RunConfig(start=(1, 1))], 2)
    with pytest.raises(IndexError):
        explain("sgd", race.runs[0].opt, h, 0)
