"""Learning-rate schedules: the real ``torch.optim.lr_scheduler`` classes, plus linear warmup.

Names are the lowercased class names (``steplr``, ``cosineannealinglr`` ...) and ``constant`` for
none. Warmup is torch's ``LinearLR`` from ``warmup_start·lr`` to ``lr`` over ``warmup`` steps,
chained to the chosen scheduler with ``SequentialLR`` (milestone = ``warmup``); the scheduler then
starts from its own first rate. ``onecyclelr`` has a warm-up phase of its own (``pct_start``), so
it refuses extra warmup.

Where PyTorch has no default (``step_size``, ``T_max`` ...) the defaults here suit runs of a few
hundred steps. ``cycle_momentum`` defaults to false (PyTorch: true) so that choosing a schedule
changes only the learning rate; switch it on to cycle momentum / β1 as well.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
from torch.optim import lr_scheduler as L

from .optimizers import build_optimizer
from ..params import Entry, ParamError, ParamSpec, Registry

SCHEDULERS = Registry("scheduler")
CONSTANT = "constant"
PLATEAU = "reducelronplateau"


def _add(name, cls, params, help):
    SCHEDULERS.add(Entry(name, cls, tuple(params), help))


def _gamma(default, help="Multiplicative factor of learning-rate decay."):
    return ParamSpec("gamma", "float", default, help, low=0.0, low_open=True, high=1.0)


def _steps(name, default, help):
    return ParamSpec(name, "int", default, help, low=1)


def _eta_min():
    return ParamSpec("eta_min", "float", 0.0, "Lowest learning rate.", low=0.0, log=True)


def _cycle_momentum():
    return ParamSpec("cycle_momentum", "bool", False,
                     "Also cycle momentum / β1 inversely to the learning rate (PyTorch's default "
                     "is true; here false so only the learning rate changes).")


_add(CONSTANT, None, [], "No schedule: the learning rate stays at lr.")
_add("steplr", L.StepLR, [
    _steps("step_size", 100, "Decay the learning rate every step_size steps."), _gamma(0.1)],
    "Multiply lr by gamma every step_size steps.")
_add("multisteplr", L.MultiStepLR, [
    ParamSpec("milestones", "ints", (100, 200), "Steps at which lr is multiplied by gamma.",
              low=1),
    _gamma(0.1)], "Multiply lr by gamma at each milestone.")
_add("exponentiallr", L.ExponentialLR, [_gamma(0.99)], "Multiply lr by gamma every step.")
_add("cosineannealinglr", L.CosineAnnealingLR, [
    _steps("T_max", 500, "Steps of half a cosine period (to eta_min); the rate then stays at eta_min."), _eta_min()],
    "Cosine decay from lr to eta_min over T_max steps, then eta_min.")
_add("cosineannealingwarmrestarts", L.CosineAnnealingWarmRestarts, [
    _steps("T_0", 100, "Steps until the first restart."),
    _steps("T_mult", 1, "Factor by which each period grows after a restart."), _eta_min()],
    "Cosine decay that restarts at lr (SGDR).")
_add("onecyclelr", L.OneCycleLR, [
    ParamSpec("max_lr", "optional_float", None,
              "Peak learning rate; auto = the optimizer's lr.", low=0.0, low_open=True, log=True),
    _steps("total_steps", 500, "Length of the cycle; the learning rate holds its last value after."),
    ParamSpec("pct_start", "float", 0.3, "Fraction of the cycle spent increasing lr.",
              low=0.0, high=1.0, low_open=True, high_open=True),
    ParamSpec("anneal_strategy", "choice", "cos", "Shape of the ramps.", choices=("cos", "linear")),
    _cycle_momentum(),
    ParamSpec("div_factor", "float", 25.0, "Initial lr = max_lr / div_factor.", low=1.0),
    ParamSpec("final_div_factor", "float", 1e4, "Final lr = initial lr / final_div_factor.",
              low=1.0, log=True),
    ParamSpec("three_phase", "bool", False, "Use a third phase that anneals below the start."),
], "One cycle: up to max_lr and down far below the start (super-convergence).")
_add("cycliclr", L.CyclicLR, [
    ParamSpec("base_lr", "optional_float", None, "Lower bound; auto = the optimizer's lr.",
              low=0.0, log=True),
    ParamSpec("max_lr", "optional_float", None, "Upper bound; auto = 10 × the optimizer's lr.",
              low=0.0, log=True),
    _steps("step_size_up", 100, "Steps in the increasing half of a cycle."),
    ParamSpec("mode", "choice", "triangular", "Cycle shape.",
              choices=("triangular", "triangular2", "exp_range")),
    ParamSpec("gamma", "float", 1.0, "Decay per step in exp_range mode.", low=0.0, low_open=True,
              high=1.0),
    _cycle_momentum(),
], "Cyclical learning rate between base_lr and max_lr.")
_add("linearlr", L.LinearLR, [
    ParamSpec("start_factor", "float", 1.0 / 3.0, "Factor of lr at the start.", low=0.0,
              low_open=True, high=1.0),
    ParamSpec("end_factor", "float", 1.0, "Factor of lr at the end.", low=0.0, high=1.0),
    _steps("total_iters", 5, "Steps over which the factor changes linearly."),
], "Change lr linearly by a factor, then hold.")
_add("polynomiallr", L.PolynomialLR, [
    _steps("total_iters", 5, "Steps until lr reaches 0."),
    ParamSpec("power", "float", 1.0, "Power of the polynomial.", low=0.0),
], "Polynomial decay to 0 over total_iters steps.")
_add(PLATEAU, L.ReduceLROnPlateau, [
    ParamSpec("factor", "float", 0.1, "Multiply lr by this when the loss stalls.", low=0.0,
              high=1.0, low_open=True, high_open=True),
    ParamSpec("patience", "int", 10, "Steps without improvement before reducing.", low=0),
    ParamSpec("threshold", "float", 1e-4, "What counts as an improvement.", low=0.0, log=True),
    ParamSpec("threshold_mode", "choice", "rel", "Relative or absolute threshold.",
              choices=("rel", "abs")),
    ParamSpec("cooldown", "int", 0, "Steps to wait after a reduction.", low=0),
    ParamSpec("min_lr", "float", 0.0, "Lower bound on lr.", low=0.0),
], "Reduce lr when the loss stops improving (depends on the loss, so each run schedules alone).")

WARMUP_START_DEFAULT = 0.01
WARMUP_SPECS = (
    ParamSpec("warmup", "int", 0, "Steps of linear warmup before the schedule (0: none).", low=0),
    ParamSpec("warmup_start", "float", WARMUP_START_DEFAULT,
              "Warmup starts at warmup_start × lr.", low=0.0, high=1.0, low_open=True),
)


class Schedule:
    """Drives the learning rate of one optimizer through warmup and the chosen scheduler.

    Call :meth:`step` once after every ``optimizer.step()``, with the loss for ``reducelronplateau``.
    """

    def __init__(self, optimizer, name: str = CONSTANT, values: dict | None = None,
                 warmup: int = 0, warmup_start: float = WARMUP_START_DEFAULT):
        entry = SCHEDULERS.get(name)
        values = entry.resolve(values)
        warmup = WARMUP_SPECS[0].check(warmup)
        warmup_start = WARMUP_SPECS[1].check(warmup_start)
        self.name, self.warmup, self.steps_taken = name, warmup, 0
        self.hold_after = None  # OneCycleLR cannot step past its end: hold the last lr there
        lr = optimizer.param_groups[0]["lr"]
        if name == "onecyclelr" and warmup:
            raise ParamError("onecyclelr warms up by itself (pct_start); set warmup to 0")
        warm = L.LinearLR(optimizer, warmup_start, 1.0, warmup) if warmup else None
        try:
            main = self._build(entry, optimizer, values, lr)
        except ValueError as exc:
            raise ParamError(f"{name}: {exc}") from None
        self.plateau = main if name == PLATEAU else None
        if self.plateau is not None:
            self.driver = warm  # plateau needs the loss: stepped by hand after warmup
        elif warm is not None and main is not None:
            self.driver = L.SequentialLR(optimizer, [warm, main], milestones=[warmup])
        else:
            self.driver = warm or main
        if name == "onecyclelr":  # its last legal step makes lr(total_steps - 1)
            self.hold_after = values["total_steps"]
        elif name == "cosineannealinglr":
            # PyTorch's closed form is periodic: past T_max the rate climbs back to lr. A decay
            # that rises again after its end surprises a student (a 500-step race on the default
            # T_max = 500 would end on a rising rate), so hold eta_min there, as "anneal to
            # eta_min over T_max steps" says (the T_max-th step itself reaches eta_min)
            self.hold_after = warmup + values["T_max"] + 1

    @staticmethod
    def _build(entry, optimizer, values, lr):
        if entry.factory is None:
            return None
        kwargs = dict(values)
        if entry.name == "onecyclelr" and kwargs["max_lr"] is None:
            kwargs["max_lr"] = lr
        if entry.name == "cycliclr":
            kwargs["base_lr"] = lr if kwargs["base_lr"] is None else kwargs["base_lr"]
            kwargs["max_lr"] = 10 * lr if kwargs["max_lr"] is None else kwargs["max_lr"]
        return entry.factory(optimizer, **kwargs)

    def step(self, loss: float | None = None) -> None:
        self.steps_taken += 1
        if self.hold_after is not None and self.steps_taken >= self.hold_after:
            return
        if self.plateau is not None and self.steps_taken > self.warmup:
            if loss is not None:
                self.plateau.step(loss)
        elif self.driver is not None:
            self.driver.step()


def check_schedule(name: str, values: dict | None, warmup: int = 0,
                   warmup_start: float = WARMUP_START_DEFAULT, optimizer: str = "sgd",
                   opt_values: dict | None = None) -> dict:
    """Validate a schedule (with its optimizer, as some schedulers need momentum); returns values."""
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    Schedule(build_optimizer(optimizer, [p], opt_values), name, values, warmup, warmup_start)
    return SCHEDULERS.get(name).resolve(values)


def lr_sequence(optimizer: str, opt_values: dict | None, scheduler: str = CONSTANT,
                sched_values: dict | None = None, warmup: int = 0,
                warmup_start: float = WARMUP_START_DEFAULT, steps: int = 500) -> np.ndarray:
    """The learning rate used in updates 1..steps, computed before training (for previews).

    Uses the same :class:`Schedule` as training, so the preview and the run cannot disagree.
    ``reducelronplateau`` depends on the loss, so after warmup its preview stays flat.
    """
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = build_optimizer(optimizer, [p], opt_values)
    schedule = Schedule(opt, scheduler, sched_values, warmup, warmup_start)
    out = np.empty(steps)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no gradients: step() is a no-op that only marks the call
        for t in range(steps):
            out[t] = opt.param_groups[0]["lr"]
            opt.step()
            schedule.step()
    return out
