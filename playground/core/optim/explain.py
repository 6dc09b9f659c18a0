"""The step inspector's arithmetic: every term of one update, rebuilt from the recorded history.

Each optimizer is written in the notes' summary form  θ ← θ − (η_t / σ_t) · m_t : a direction m_t
(the gradient, or a momentum / first moment), a per-parameter scale σ_t (1, or a root mean square
of gradients) and the scheduled learning rate η_t. :func:`explain` returns the formula specialised
to the optimizer and the live value of each term per parameter; ``predicted`` is the update those
terms give, which tests compare with the update actually applied.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..history import History


@dataclass
class Term:
    symbol: str
    meaning: str
    value: np.ndarray  # one value per parameter (x, y), or a scalar broadcast to both


@dataclass
class Explanation:
    title: str
    formula: list[str]
    terms: list[Term]
    predicted: np.ndarray  # the update these terms give (θ_t − θ_{t−1})
    applied: np.ndarray  # the update actually applied


class Thinned(LookupError):
    """The step's previous row was dropped to save memory: it cannot be explained any more."""


def explain(optimizer: str, hp: dict, history: History, r: int) -> Explanation:
    """Explain the update recorded in row ``r`` (1 ≤ r < len(history)) of a run with resolved
    hyperparameters ``hp``."""
    if not 1 <= r < len(history):
        raise IndexError(f"row {r} holds no recorded update (1..{len(history) - 1})")
    steps = history.steps_of_rows()
    t = int(steps[r])
    if steps[r - 1] != t - 1:
        raise Thinned(f"step {t} was thinned to save memory; recent steps are kept in full")
    row, prev = history.row(r), history.row(r - 1)
    theta = prev["pos"]
    g = row["grad"]
    lr = float(row["lr"])
    wd = hp.get("weight_decay", 0.0)
    applied = row["pos"] - prev["pos"]
    fn = _RULES[optimizer]
    title, formula, terms, predicted = fn(hp, row, prev, theta, g, lr, wd, t)
    terms = [Term("g_t", "gradient ∇L(θ_{t−1})", g)] + terms
    terms.append(Term("Δθ", "update applied (θ_t − θ_{t−1})", applied))
    return Explanation(title, formula, terms, np.asarray(predicted, dtype=float), applied)


def _state(row, key, default=0.0):
    value = row.get("state." + key)
    if value is None or np.all(np.isnan(value)):
        return np.zeros(2) + default
    return np.asarray(value, dtype=float)


def _sgd(hp, row, prev, theta, g, lr, wd, t):
    mu, tau, nesterov = hp["momentum"], hp["dampening"], hp["nesterov"]
    g_eff = g + wd * theta
    terms = []
    if wd:
        terms.append(Term("g_t + λθ", "gradient with weight decay", g_eff))
    if not mu:
        formula = ["θ_t = θ_{t−1} − η_t · g_t", "σ_t = 1: one step size for every parameter"]
        m = g_eff
    else:
        b = _state(row, "momentum_buffer")
        formula = [f"m_t = {mu:g}·m_{{t−1}} + {1 - tau:g}·g_t   (momentum: a decaying sum of all past gradients)"]
        terms.append(Term("m_t", "momentum buffer", b))
        if nesterov:
            formula.append(f"d_t = g_t + {mu:g}·m_t   (Nesterov look-ahead)")
            m = g_eff + mu * b
            terms.append(Term("d_t", "Nesterov direction", m))
            formula.append("θ_t = θ_{t−1} − η_t · d_t")
        else:
            m = b
            formula.append("θ_t = θ_{t−1} − η_t · m_t")
    terms += [Term("η_t", "learning rate this step", np.full(2, lr)),
              Term("σ_t", "scale (plain SGD: 1)", np.ones(2))]
    return "SGD" + (" with momentum" if mu else ""), formula, terms, -lr * m


def _adam(hp, row, prev, theta, g, lr, wd, t, decoupled=False):
    b1, b2 = hp["betas"]
    eps = hp["eps"]
    m = _state(row, "exp_avg")
    v = _state(row, "max_exp_avg_sq") if hp.get("amsgrad") else _state(row, "exp_avg_sq")
    bc1, bc2 = 1 - b1**t, 1 - b2**t
    m_hat = m / bc1
    sigma = np.sqrt(v) / math.sqrt(bc2) + eps
    formula = [
        f"m_t = {b1:g}·m_{{t−1}} + {1 - b1:.3g}·g_t        m̂_t = m_t / (1 − {b1:g}^t)",
        f"v_t = {b2:g}·v_{{t−1}} + {1 - b2:.3g}·g_t²       σ_t = √(v_t / (1 − {b2:g}^t)) + ε",
        "θ_t = θ_{t−1} − (η_t / σ_t) · m̂_t",
    ]
    predicted = -lr * m_hat / sigma
    if decoupled and wd:
        formula.append(f"   − η_t·{wd:g}·θ_{{t−1}}   (decoupled weight decay)")
        predicted = predicted - lr * wd * theta
    terms = [Term("m_t", "first moment (momentum)", m), Term("m̂_t", "bias-corrected m_t", m_hat),
             Term("v_t", "second moment" + (" (running max, AMSGrad)" if hp.get("amsgrad") else ""), v),
             Term("σ_t", "√v̂_t + ε", sigma), Term("η_t", "learning rate this step", np.full(2, lr)),
             Term("η_t/σ_t", "effective learning rate", lr / sigma)]
    return "AdamW" if decoupled else "Adam", formula, terms, predicted


def _adamw(*args):
    return _adam(*args, decoupled=True)


def _radam(hp, row, prev, theta, g, lr, wd, t):
    b1, b2 = hp["betas"]
    eps = hp["eps"]
    m, v = _state(row, "exp_avg"), _state(row, "exp_avg_sq")
    m_hat = m / (1 - b1**t)
    rho_inf = 2 / (1 - b2) - 1
    rho_t = rho_inf - 2 * t * b2**t / (1 - b2**t)
    formula = [f"m̂_t = m_t / (1 − {b1:g}^t)      ρ_t = {rho_inf:.4g} − 2t·β2^t/(1 − β2^t) = {rho_t:.4g}"]
    terms = [Term("m_t", "first moment", m), Term("m̂_t", "bias-corrected m_t", m_hat),
             Term("v_t", "second moment", v), Term("η_t", "learning rate this step", np.full(2, lr))]
    if rho_t > 5:
        r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        sigma = (np.sqrt(v) + eps) / math.sqrt(1 - b2**t)
        formula += ["ρ_t > 5: the variance is trustworthy, rectify:",
                    f"r_t = {r:.4g}      θ_t = θ_{{t−1}} − (η_t·r_t / σ_t) · m̂_t"]
        terms += [Term("r_t", "rectification", np.full(2, r)), Term("σ_t", "(√v_t + ε)/√(1 − β2^t)", sigma),
                  Term("η_t·r_t/σ_t", "effective learning rate", lr * r / sigma)]
        predicted = -lr * r * m_hat / sigma
    else:
        formula += ["ρ_t ≤ 5: too few steps to trust v_t — plain momentum step (built-in warmup):",
                    "θ_t = θ_{t−1} − η_t · m̂_t"]
        terms.append(Term("σ_t", "not used yet", np.ones(2)))
        predicted = -lr * m_hat
    return "RAdam", formula, terms, predicted


def _nadam(hp, row, prev, theta, g, lr, wd, t):
    b1, b2 = hp["betas"]
    eps, psi = hp["eps"], hp["momentum_decay"]
    m, v = _state(row, "exp_avg"), _state(row, "exp_avg_sq")
    mu = b1 * (1 - 0.5 * 0.96 ** (t * psi))
    mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
    prod = float(np.atleast_1d(_state(row, "mu_product", 1.0))[0])
    prod_next = float(np.float32(prod) * np.float32(mu_next))
    sigma = np.sqrt(v / (1 - b2**t)) + eps
    g_eff = g + wd * theta
    predicted = -lr * (1 - mu) / (1 - prod) * g_eff / sigma - lr * mu_next / (1 - prod_next) * m / sigma
    formula = [f"μ_t = {mu:.4g}, μ_{{t+1}} = {mu_next:.4g}   (momentum schedule)",
               "θ_t = θ_{t−1} − η_t/σ_t · [ (1−μ_t)/(1−Πμ)·g_t + μ_{t+1}/(1−Πμ·μ_{t+1})·m_t ]"]
    terms = [Term("m_t", "first moment", m), Term("v_t", "second moment", v),
             Term("σ_t", "√v̂_t + ε", sigma), Term("η_t", "learning rate this step", np.full(2, lr)),
             Term("η_t/σ_t", "effective learning rate", lr / sigma)]
    return "NAdam", formula, terms, predicted


def _rmsprop(hp, row, prev, theta, g, lr, wd, t):
    alpha, eps, mu = hp["alpha"], hp["eps"], hp["momentum"]
    g_eff = g + wd * theta
    v = _state(row, "square_avg")
    formula = [f"v_t = {alpha:g}·v_{{t−1}} + {1 - alpha:.3g}·g_t²   (recent gradients weigh more)"]
    terms = [Term("v_t", "mean square of recent gradients", v)]
    if hp["centered"]:
        ga = _state(row, "grad_avg")
        sigma = np.sqrt(v - ga * ga) + eps
        formula.append("σ_t = √(v_t − ḡ_t²) + ε   (centered)")
        terms.append(Term("ḡ_t", "mean of recent gradients", ga))
    else:
        sigma = np.sqrt(v) + eps
        formula.append("σ_t = √v_t + ε")
    terms.append(Term("σ_t", "root mean square", sigma))
    if mu:
        b = _state(row, "momentum_buffer")
        formula.append(f"b_t = {mu:g}·b_{{t−1}} + g_t/σ_t      θ_t = θ_{{t−1}} − η_t · b_t")
        terms.append(Term("b_t", "momentum of scaled gradients", b))
        predicted = -lr * b
    else:
        formula.append("θ_t = θ_{t−1} − (η_t / σ_t) · g_t")
        predicted = -lr * g_eff / sigma
    terms += [Term("η_t", "learning rate this step", np.full(2, lr)),
              Term("η_t/σ_t", "effective learning rate", lr / sigma)]
    return "RMSProp", formula, terms, predicted


def _adagrad(hp, row, prev, theta, g, lr, wd, t):
    eps, decay = hp["eps"], hp["lr_decay"]
    g_eff = g + wd * theta
    s = _state(row, "sum")
    clr = lr / (1 + (t - 1) * decay)
    sigma = np.sqrt(s) + eps
    formula = ["s_t = s_{t−1} + g_t²   (sum of ALL past squared gradients)",
               "σ_t = √s_t + ε   (grows without bound: steps shrink like 1/√t)",
               "θ_t = θ_{t−1} − (η_t / σ_t) · g_t"]
    terms = [Term("s_t", "sum of squared gradients", s), Term("σ_t", "√s_t + ε", sigma),
             Term("η_t", "learning rate this step", np.full(2, clr)),
             Term("η_t/σ_t", "effective learning rate", clr / sigma)]
    return "Adagrad (PyTorch)", formula, terms, -clr * g_eff / sigma


def _adadelta(hp, row, prev, theta, g, lr, wd, t):
    rho, eps = hp["rho"], hp["eps"]
    g_eff = g + wd * theta
    v = _state(row, "square_avg")
    u_prev = _state(prev, "acc_delta")
    delta = np.sqrt(u_prev + eps) / np.sqrt(v + eps) * g_eff
    formula = [f"v_t = {rho:g}·v_{{t−1}} + {1 - rho:.3g}·g_t²",
               "Δ_t = √(u_{t−1} + ε) / √(v_t + ε) · g_t      θ_t = θ_{t−1} − η_t · Δ_t",
               f"u_t = {rho:g}·u_{{t−1}} + {1 - rho:.3g}·Δ_t²"]
    sigma = np.sqrt(v + eps) / np.sqrt(u_prev + eps)
    terms = [Term("v_t", "mean square of gradients", v), Term("u_{t−1}", "mean square of past updates", u_prev),
             Term("σ_t", "√(v_t+ε)/√(u_{t−1}+ε)", sigma), Term("η_t", "learning rate this step", np.full(2, lr)),
             Term("η_t/σ_t", "effective learning rate", lr / sigma)]
    return "Adadelta", formula, terms, -lr * delta


def _adagrad_rms(hp, row, prev, theta, g, lr, wd, t):
    eps = hp["eps"]
    g_eff = g + wd * theta
    s = _state(row, "sum")
    sigma = np.sqrt(s / t) + eps
    formula = ["σ_t = √( (1/t)·Σ_{i≤t} g_i² ) + ε   (root MEAN square of all past gradients)",
               "θ_t = θ_{t−1} − (η_t / σ_t) · g_t"]
    terms = [Term("Σg²", "sum of squared gradients", s), Term("σ_t", "root mean square", sigma),
             Term("η_t", "learning rate this step", np.full(2, lr)),
             Term("η_t/σ_t", "effective learning rate", lr / sigma)]
    return "Adagrad (course notes, RMS)", formula, terms, -lr * g_eff / sigma


_RULES = {"sgd": _sgd, "adam": _adam, "adamw": _adamw, "radam": _radam, "nadam": _nadam,
          "rmsprop": _rmsprop, "adagrad": _adagrad, "adadelta": _adadelta,
          "adagrad-rms": _adagrad_rms}
