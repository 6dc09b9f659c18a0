"""Every scheduler's learning-rate sequence against its closed form, warmup, and previews."""

import numpy as np
import pytest
import torch

from playground.core.params import ParamError
from playground.core.optim.schedulers import SCHEDULERS, Schedule, lr_sequence
from playground.core.surfaces.problem import get_surface
from playground.core.surfaces.race import RunConfig, run_race

from .reference import schedule_lr, warmup_lr

LR = 0.1
CASES = [
    ("constant", {}),
    ("steplr", {"step_size": 7, "gamma": 0.5}),
    ("multisteplr", {"milestones": (10, 25), "gamma": 0.3}),
    ("exponentiallr", {"gamma": 0.95}),
    ("cosineannealinglr", {"T_max": 30, "eta_min": 0.001}),
    ("cosineannealingwarmrestarts", {"T_0": 12}),
    ("linearlr", {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 8}),
    ("polynomiallr", {"total_iters": 20, "power": 2.0}),
    ("cycliclr", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 5}),
    ("onecyclelr", {"max_lr": 0.1, "total_steps": 40}),
]


@pytest.mark.parametrize("name,params", CASES, ids=[c[0] for c in CASES])
def test_lr_sequence_matches_closed_form(name, params):
    got = lr_sequence("sgd", {"lr": LR}, name, params, steps=45)
    want = [schedule_lr(name, LR, t, **params) for t in range(45)]
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("name,params", CASES[1:-1], ids=[c[0] for c in CASES[1:-1]])
@pytest.mark.parametrize("warmup,start", [(10, 0.01), (3, 0.5)])
def test_warmup_then_schedule(name, params, warmup, start):
    got = lr_sequence("sgd", {"lr": LR}, name, params, warmup, start, steps=60)
    want = [warmup_lr(name, LR, t, warmup, start, **params) for t in range(60)]
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-15)
    assert got[0] == pytest.approx(LR * start)


def test_onecycle_holds_its_last_rate_past_the_cycle():
    got = lr_sequence("sgd", {"lr": LR}, "onecyclelr", {"total_steps": 20}, steps=50)
    assert np.all(got[19:] == got[19])
    assert got[19] == pytest.approx(LR / 25 / 1e4)


def test_cosine_holds_eta_min_after_t_max_instead_of_rising_again():
    # the default T_max is 500: a 600-step race must not end on a rising rate
    for warmup in (0, 10):
        got = lr_sequence("sgd", {"lr": LR}, "cosineannealinglr", {"eta_min": 0.001}, warmup, steps=600)
        assert np.all(np.diff(got[warmup:]) <= 0)
        assert got[warmup + 500] == pytest.approx(0.001) and np.all(got[warmup + 500:] == got[-1])


def test_plateau_reduces_when_the_loss_stalls():
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=1.0)
    schedule = Schedule(opt, "reducelronplateau", {"patience": 3, "factor": 0.5}, warmup=2)
    lrs = []
    for _ in range(12):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        schedule.step(loss=1.0)  # never improves
    assert lrs[:2] == [0.01, 0.505]  # warmup first
    assert lrs[2] == 1.0
    assert 0.5 in lrs and min(lrs) < 1.0


def test_preview_equals_what_training_uses():
    cases = [("cosineannealinglr", {"T_max": 50}, 10), ("onecyclelr", {"total_steps": 80}, 0),
             ("steplr", {"step_size": 20}, 5)]
    for name, params, warmup in cases:
        run = RunConfig("r", "adam", {"lr": 0.02}, name, params, warmup=warmup, start=(-1, 1))
        (h,), _ = run_race(get_surface("rosenbrock"), [run], 100)
        preview = lr_sequence("adam", {"lr": 0.02}, name, params, warmup, steps=100)
        np.testing.assert_array_equal(h["lr"][1:], preview)


def test_schedulers_are_torch_classes():
    for entry in SCHEDULERS:
        if entry.name != "constant":
            assert entry.factory.__module__ == "torch.optim.lr_scheduler"
            assert entry.name == entry.factory.__name__.lower()


@pytest.mark.parametrize("name,params,message", [
    ("steplr", {"step_size": 0}, "step_size: 0 is out of range"),
    ("exponentiallr", {"gamma": 1.5}, "gamma: 1.5 is out of range"),
    ("multisteplr", {"milestones": ()}, "at least one"),
    ("cosine", {}, "unknown scheduler 'cosine'; valid: constant, steplr"),
    ("cycliclr", {"cycle_momentum": True}, "momentum"),  # Adagrad has none to cycle
    ("onecyclelr", {}, "warms up by itself"),
])
def test_bad_schedules_are_refused_clearly(name, params, message):
    p = torch.zeros(1, requires_grad=True)
    with pytest.raises(ParamError, match=message):
        Schedule(torch.optim.Adagrad([p], lr=0.1), name, params, warmup=3 if name == "onecyclelr" else 0)


def test_warmup_start_must_be_a_positive_fraction():
    p = torch.zeros(1, requires_grad=True)
    with pytest.raises(ParamError, match="warmup_start"):
        Schedule(torch.optim.SGD([p], lr=0.1), "constant", {}, warmup=5, warmup_start=0.0)
