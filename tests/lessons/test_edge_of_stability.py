"""The edge-of-stability lesson: its criterion on the real run, and that the criterion can fail."""

import numpy as np
import pytest

from playground.core.history import History
from playground.core.networks.race import run_net_race
from playground.lessons.curvature import (ADAM_LRS, EOS_LRS, EOS_STEPS, _eos_build, _eos_check,
                                          edge_report)


@pytest.fixture(scope="module")
def parts():
    return [run_net_race(s.network, s.runs, EOS_STEPS)[0] for s in _eos_build()]


def test_both_runs_reach_their_limit_and_hover_there(parts):
    assert _eos_check(parts) == ""
    histories = parts[0]  # gradient descent
    fast, slow = (edge_report(h) for h in histories)
    # the larger η meets its (lower) line first; both sharpen from the same start well below it
    start = histories[0]["sharpness"][0]
    assert start < 0.5 * fast["limit"] and fast["first"] < slow["first"] < EOS_STEPS
    for r in (fast, slow):
        assert 0.8 <= r["low"] and r["high"] <= 1.2
        assert r["loss_end"] < r["loss_at_first"] and r["largest_rise"] > 0  # falls, not monotonically
    assert slow["end"] > 1.3 * fast["end"]  # the smaller η ends clearly sharper
    assert fast["limit"] == pytest.approx(2 / EOS_LRS[0])


def test_adams_preconditioned_sharpness_meets_38_over_eta(parts):
    for h, lr in zip(parts[1], ADAM_LRS):
        r = edge_report(h)
        assert r["limit"] == pytest.approx((2 + 2 * 0.9) / (0.1 * lr))
        assert r["first"] is not None and 0.8 <= r["low"] and r["high"] <= 1.2
        assert np.isnan(h["sharpness"][0])  # no preconditioner before Adam's first step


def _fake(sharpness, loss, limit):
    n = len(sharpness)
    return History.from_dict({"step": np.arange(n, dtype=float), "train_loss": np.asarray(loss, float),
                              "sharpness": np.asarray(sharpness, float),
                              "sharpness_limit": np.full(n, limit)})


def test_the_criterion_fails_when_the_sharpness_leaves_the_band_or_never_arrives():
    lim = [2 / lr for lr in EOS_LRS]
    loss = np.linspace(1, 0.1, 50)
    loss[30] = 0.5  # a spike: not monotonic
    ok = [_fake(np.r_[np.linspace(5, l, 25), np.full(25, l)], loss, l) for l in lim]
    assert _eos_check([ok, ok]) == ""
    never = [ok[0], _fake(np.linspace(5, 0.7 * lim[1], 50), loss, lim[1])]
    assert "never reached" in _eos_check([never, ok])
    assert "never reached" in _eos_check([ok, never])  # the Adam part counts too
    wild = [_fake(np.r_[np.linspace(5, lim[0], 25), np.full(25, 1.5 * lim[0])], loss, lim[0]), ok[1]]
    assert "not within ±20%" in _eos_check([wild, ok])
    smooth = [_fake(ok[0]["sharpness"], np.linspace(1, 0.1, 50), lim[0]), ok[1]]
    assert "monotonically" in _eos_check([smooth, ok])
