"""The optimizers: real ``torch.optim`` classes by stable names, with PyTorch's keywords and defaults.

``adagrad-rms`` is the course notes' Adagrad, which divides by the root *mean* square of past
gradients; PyTorch lacks it, so it is a proper :class:`torch.optim.Optimizer` subclass here.
"""

from __future__ import annotations

import inspect

import torch

from .. import limits
from ..params import Entry, ParamError, ParamSpec, Registry


class AdagradRMS(torch.optim.Optimizer):
    r"""Adagrad as the course notes write it: divide by the root mean square of past gradients.

    .. math::
        \sigma_t = \sqrt{\tfrac{1}{t}\textstyle\sum_{i=1}^{t} g_i^2} + \epsilon, \qquad
        \theta_t = \theta_{t-1} - \frac{\eta}{\sigma_t}\, g_t

    Unlike :class:`torch.optim.Adagrad` (root of the *sum*, whose steps shrink like 1/√t), the
    mean keeps σ at the scale of recent gradients, so a constant η does not decay by itself. Where
    gradients have been tiny for a long time σ becomes tiny too and the step η·g/σ bursts: the
    notes' motivation for learning-rate schedules.

    State per parameter: ``step`` (a float tensor, as in torch's optimizers) and ``sum`` (Σ g²).
    """

    def __init__(self, params, lr: float = 1e-2, eps: float = 1e-10, weight_decay: float = 0.0):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, dict(lr=lr, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad if weight_decay == 0 else p.grad.add(p, alpha=weight_decay)
                state = self.state[p]
                if not state:
                    state["step"] = torch.tensor(0.0, dtype=torch.float32)
                    state["sum"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                state["step"] += 1
                state["sum"].addcmul_(grad, grad, value=1)
                sigma = state["sum"].div(state["step"].item()).sqrt_().add_(eps)
                p.addcdiv_(grad, sigma, value=-lr)
        return loss


OPTIMIZERS = Registry("optimizer")


def _default(cls, name):
    """PyTorch's own default for keyword ``name`` of ``cls`` (so the two can never drift)."""
    return inspect.signature(cls.__init__).parameters[name].default


def _lr(cls, help="Learning rate η."):
    return ParamSpec("lr", "float", _default(cls, "lr"), help, low=0.0, high=limits.MAX_LR,
                     log=True, slider=(1e-5, 10.0))


def _eps(cls):
    return ParamSpec("eps", "float", _default(cls, "eps"),
                     "Added to the denominator for numerical stability.", low=0.0, log=True,
                     slider=(1e-12, 1e-1))


def _weight_decay(cls):
    return ParamSpec("weight_decay", "float", _default(cls, "weight_decay"),
                     "L2 penalty (decoupled for AdamW).", low=0.0, slider=(0.0, 1.0))


def _betas(cls):
    return ParamSpec("betas", "floats", _default(cls, "betas"),
                     "Decay rates (β1, β2) of the first and second moment averages.",
                     low=0.0, high=1.0, high_open=True, length=2)


def _amsgrad(cls):
    return ParamSpec("amsgrad", "bool", _default(cls, "amsgrad"),
                     "Use the running maximum of the second moment (AMSGrad).")


def _add(name, cls, params, help):
    OPTIMIZERS.add(Entry(name, cls, tuple(params), help))


O = torch.optim
_add("sgd", O.SGD, [
    _lr(O.SGD),
    ParamSpec("momentum", "float", _default(O.SGD, "momentum"), "Momentum factor λ.",
              low=0.0, high=1.0, slider=(0.0, 0.999)),
    ParamSpec("dampening", "float", _default(O.SGD, "dampening"),
              "Dampening of the current gradient in the momentum buffer.", low=0.0, high=1.0),
    _weight_decay(O.SGD),
    ParamSpec("nesterov", "bool", _default(O.SGD, "nesterov"),
              "Nesterov momentum (needs momentum > 0 and dampening 0)."),
], "Stochastic gradient descent, optionally with momentum.")
_add("adam", O.Adam, [_lr(O.Adam), _betas(O.Adam), _eps(O.Adam), _weight_decay(O.Adam),
                      _amsgrad(O.Adam)], "Adam: RMSProp + momentum with bias correction.")
_add("adamw", O.AdamW, [_lr(O.AdamW), _betas(O.AdamW), _eps(O.AdamW), _weight_decay(O.AdamW),
                        _amsgrad(O.AdamW)], "Adam with decoupled weight decay.")
_add("radam", O.RAdam, [_lr(O.RAdam), _betas(O.RAdam), _eps(O.RAdam), _weight_decay(O.RAdam),
                        ParamSpec("decoupled_weight_decay", "bool",
                                  _default(O.RAdam, "decoupled_weight_decay"),
                                  "Apply weight decay as in AdamW.")],
     "Rectified Adam: warmup built in, through the variance of the adaptive rate.")
_add("nadam", O.NAdam, [_lr(O.NAdam), _betas(O.NAdam), _eps(O.NAdam), _weight_decay(O.NAdam),
                        ParamSpec("momentum_decay", "float", _default(O.NAdam, "momentum_decay"),
                                  "ψ, the momentum decay of the μ schedule.", low=0.0, log=True),
                        ParamSpec("decoupled_weight_decay", "bool",
                                  _default(O.NAdam, "decoupled_weight_decay"),
                                  "Apply weight decay as in AdamW.")],
     "Adam with Nesterov momentum.")
_add("rmsprop", O.RMSprop, [
    _lr(O.RMSprop),
    ParamSpec("alpha", "float", _default(O.RMSprop, "alpha"),
              "Smoothing constant α of the squared-gradient average.", low=0.0, high=1.0),
    _eps(O.RMSprop), _weight_decay(O.RMSprop),
    ParamSpec("momentum", "float", _default(O.RMSprop, "momentum"), "Momentum factor.",
              low=0.0, high=1.0, slider=(0.0, 0.999)),
    ParamSpec("centered", "bool", _default(O.RMSprop, "centered"),
              "Normalise by the estimated variance instead of the raw second moment."),
], "RMSProp: Adagrad that forgets old gradients with α.")
_add("adagrad", O.Adagrad, [
    _lr(O.Adagrad),
    ParamSpec("lr_decay", "float", _default(O.Adagrad, "lr_decay"), "Learning-rate decay.",
              low=0.0),
    _weight_decay(O.Adagrad),
    ParamSpec("initial_accumulator_value", "float",
              _default(O.Adagrad, "initial_accumulator_value"), "Start value of Σg².", low=0.0),
    _eps(O.Adagrad),
], "PyTorch's Adagrad: divides by the root of the *sum* of squared gradients.")
_add("adadelta", O.Adadelta, [
    _lr(O.Adadelta),
    ParamSpec("rho", "float", _default(O.Adadelta, "rho"),
              "Decay of the running averages.", low=0.0, high=1.0),
    _eps(O.Adadelta), _weight_decay(O.Adadelta),
], "Adadelta: step sizes from the ratio of running RMS of updates and gradients.")
_add("adagrad-rms", AdagradRMS, [_lr(AdagradRMS), _eps(AdagradRMS), _weight_decay(AdagradRMS)],
     "The notes' Adagrad: divides by the root *mean* square of past gradients (σ = √mean g²).")


def build_optimizer(name: str, params, values: dict | None = None) -> torch.optim.Optimizer:
    """Construct optimizer ``name`` over ``params`` with checked hyperparameters.

    PyTorch's own consistency checks (e.g. Nesterov needs momentum) surface as :class:`ParamError`.
    """
    entry = OPTIMIZERS.get(name)
    kwargs = entry.resolve(values)
    try:
        return entry.factory(params, **kwargs)
    except ValueError as exc:
        raise ParamError(f"{name}: {exc}") from None


def check_optimizer(name: str, values: dict | None = None) -> dict:
    """Resolve and validate hyperparameters without training; returns the full set."""
    build_optimizer(name, [torch.zeros(1, dtype=torch.float64, requires_grad=True)], values)
    return OPTIMIZERS.get(name).resolve(values)
