"""Every optimizer against its closed-form update rule, on several surfaces, with and without
schedules and warmup."""

import numpy as np
import pytest
import torch

from playground.core.optim.optimizers import OPTIMIZERS, AdagradRMS, build_optimizer
from playground.core.params import ParamError
from playground.core.surfaces.problem import get_surface
from playground.core.surfaces.race import RunConfig, run_race

from .reference import reference_path, warmup_lr

CASES = [
    ("sgd", {"lr": 1e-3}),
    ("sgd", {"lr": 1e-3, "momentum": 0.9}),
    ("sgd", {"lr": 1e-3, "momentum": 0.9, "nesterov": True}),
    ("sgd", {"lr": 1e-3, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.1}),
    ("adam", {"lr": 0.05}),
    ("adam", {"lr": 0.05, "amsgrad": True, "betas": (0.8, 0.99), "weight_decay": 0.01}),
    ("adamw", {"lr": 0.05}),
    ("radam", {"lr": 5e-4}),  # its first steps are plain momentum steps of size lr·m̂
    ("nadam", {"lr": 0.05}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
    ("adagrad", {"lr": 0.3}),
    ("adagrad", {"lr": 0.3, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
    ("adadelta", {"lr": 1.0}),
    ("adagrad-rms", {"lr": 0.05}),
]
SURFACES = [("rosenbrock", (-1.2, 1.0)), ("beale", (1.0, 1.5)), ("ravine", (-10.0, 1.0)),
            ("tiny-net", (0.5, -0.3))]
STEPS = 60


@pytest.mark.parametrize("surface,start", SURFACES)
@pytest.mark.parametrize("optimizer,hp", CASES, ids=lambda v: str(v))
def test_matches_closed_form(optimizer, hp, surface, start):
    lrs = [hp["lr"]] * STEPS
    expected = reference_path(surface, start, optimizer, hp, lrs)
    (h,), race = run_race(get_surface(surface), [RunConfig("r", optimizer, hp, start=start)], STEPS)
    assert race.status[0] == "done"
    np.testing.assert_allclose(h["pos"], expected, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(h["lr"][1:], lrs)


SCHEDULED = [
    ("cosineannealinglr", {"T_max": 40}, 0),
    ("cosineannealinglr", {"T_max": 40}, 10),
    ("steplr", {"step_size": 15, "gamma": 0.5}, 5),
    ("onecyclelr", {"max_lr": None, "total_steps": 60}, 0),
]


@pytest.mark.parametrize("scheduler,sched,warmup", SCHEDULED, ids=str)
@pytest.mark.parametrize("optimizer,hp", [CASES[1], CASES[4], CASES[9], CASES[14]], ids=str)
def test_matches_closed_form_with_schedule(optimizer, hp, scheduler, sched, warmup):
    surface, start = "rosenbrock", (-1.2, 1.0)
    p = dict(sched)
    if p.get("max_lr", 0) is None:
        p["max_lr"] = hp["lr"]
    lrs = [warmup_lr(scheduler, hp["lr"], t, warmup, 0.01, **p) for t in range(STEPS)]
    expected = reference_path(surface, start, optimizer, hp, lrs)
    run = RunConfig("r", optimizer, hp, scheduler, sched, warmup=warmup, start=start)
    (h,), _ = run_race(get_surface(surface), [run], STEPS)
    np.testing.assert_allclose(h["lr"][1:], lrs, rtol=1e-12)
    np.testing.assert_allclose(h["pos"], expected, rtol=1e-9, atol=1e-9)


def test_registry_uses_pytorch_classes_and_defaults():
    import inspect

    for entry in OPTIMIZERS:
        assert issubclass(entry.factory, torch.optim.Optimizer)
        signature = inspect.signature(entry.factory.__init__).parameters
        for spec in entry.params:
            assert spec.name in signature, (entry.name, spec.name)
            assert spec.default == signature[spec.name].default, (entry.name, spec.name)
    assert OPTIMIZERS.get("sgd").factory is torch.optim.SGD
    assert OPTIMIZERS.get("adagrad-rms").factory is AdagradRMS


def test_adagrad_rms_divides_by_root_mean_square():
    # constant gradient g: the mean of g² is g², so every step is exactly lr·g/|g| = lr
    p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    opt = AdagradRMS([p], lr=0.1, eps=0.0)
    for _ in range(5):
        p.grad = torch.tensor([3.0, -0.01], dtype=torch.float64)
        opt.step()
    np.testing.assert_allclose(p.detach().numpy(), [-0.5, 0.5], rtol=1e-12)
    # torch's Adagrad (root of the sum) shrinks like 1/sqrt(t) instead
    q = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    ada = torch.optim.Adagrad([q], lr=0.1, eps=0.0)
    for _ in range(4):
        q.grad = torch.ones(1, dtype=torch.float64)
        ada.step()
    assert float(q.detach()) == pytest.approx(-0.1 * (1 + 1 / 2**0.5 + 1 / 3**0.5 + 1 / 2))


@pytest.mark.parametrize("name,values,message", [
    ("adam", {"lr": -1.0}, "lr: -1 is out of range"),
    ("adam", {"betas": (0.9, 1.0)}, "betas: 1 is out of range"),
    ("adam", {"betas": (0.9,)}, "exactly 2 values"),
    ("sgd", {"nesterov": True}, "Nesterov momentum requires"),
    ("sgd", {"lr": float("nan")}, "finite"),
    ("sgd", {"momentum": "a lot"}, "expected a number"),
    ("rmsprop", {"alpha": 2.0}, "alpha: 2 is out of range"),
    ("adam", {"learning_rate": 0.1}, "adam has no parameter 'learning_rate'; valid: lr"),
    ("lbfgs", {}, "unknown optimizer 'lbfgs'; valid: sgd"),
])
def test_impossible_hyperparameters_get_clear_messages(name, values, message):
    p = torch.zeros(1, requires_grad=True)
    with pytest.raises(ParamError, match=message.replace("(", r"\(")):
        build_optimizer(name, [p], values)
