"""Closed-form references written from the equations (numpy only, never torch).

The surfaces as LESSONS.md writes them, their gradients by hand, every optimizer's update rule
and every scheduler's learning rate as a function of the step. The engine is checked against these.
"""

from __future__ import annotations

import math

import numpy as np

# -- surfaces: f and ∇f -----------------------------------------------------------------------
SURFACES = {
    "bowl": (lambda x, y: x**2 + y**2, lambda x, y: (2 * x, 2 * y)),
    "ravine": (lambda x, y: 0.005 * x**2 + 0.5 * y**2, lambda x, y: (0.01 * x, y)),
    "rosenbrock": (lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
                   lambda x, y: (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2))),
    "beale": (
        lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2,
        lambda x, y: (
            2 * (1.5 - x + x * y) * (y - 1) + 2 * (2.25 - x + x * y**2) * (y**2 - 1)
            + 2 * (2.625 - x + x * y**3) * (y**3 - 1),
            2 * (1.5 - x + x * y) * x + 2 * (2.25 - x + x * y**2) * 2 * x * y
            + 2 * (2.625 - x + x * y**3) * 3 * x * y**2)),
    "himmelblau": (lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
                   lambda x, y: (4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7),
                                 2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7))),
    "saddle": (lambda x, y: x**2 - y**2, lambda x, y: (2 * x, -2 * y)),
    "tiny-net": (lambda x, y: (1 - x * y) ** 2,
                 lambda x, y: (-2 * y * (1 - x * y), -2 * x * (1 - x * y))),
    "two-minima": (lambda x, y: (x**2 - 1) ** 2 + 0.3 * x + y**2,
                   lambda x, y: (4 * x * (x**2 - 1) + 0.3, 2 * y)),
    "rastrigin": (
        lambda x, y: 20 + x**2 - 10 * np.cos(2 * np.pi * x) + y**2 - 10 * np.cos(2 * np.pi * y),
        lambda x, y: (2 * x + 20 * np.pi * np.sin(2 * np.pi * x),
                      2 * y + 20 * np.pi * np.sin(2 * np.pi * y))),
}


# -- optimizers: one update from the equations ------------------------------------------------
class Reference:
    """A closed-form optimizer: ``step(theta, g, lr)`` returns the new theta."""

    def __init__(self, name, **hp):
        self.name, self.hp, self.t, self.s = name, hp, 0, {}

    def step(self, theta, g, lr):
        self.t += 1
        t, hp, s = self.t, self.hp, self.s
        return getattr(self, "_" + self.name.replace("-", "_"))(theta, g, lr, t, hp, s)

    @staticmethod
    def _sgd(theta, g, lr, t, hp, s):
        mu, tau, wd = hp.get("momentum", 0), hp.get("dampening", 0), hp.get("weight_decay", 0)
        g = g + wd * theta
        if mu:
            s["b"] = g.copy() if t == 1 else mu * s["b"] + (1 - tau) * g
            g = g + mu * s["b"] if hp.get("nesterov") else s["b"]
        return theta - lr * g

    @staticmethod
    def _adam(theta, g, lr, t, hp, s, decoupled=False):
        b1, b2 = hp.get("betas", (0.9, 0.999))
        eps, wd = hp.get("eps", 1e-8), hp.get("weight_decay", 0 if not decoupled else 1e-2)
        if decoupled:
            theta = theta * (1 - lr * wd)
        else:
            g = g + wd * theta
        s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0) + (1 - b2) * g * g
        v = s["v"]
        if hp.get("amsgrad"):
            s["vmax"] = np.maximum(s.get("vmax", 0), v)
            v = s["vmax"]
        m_hat = s["m"] / (1 - b1**t)
        sigma = np.sqrt(v) / math.sqrt(1 - b2**t) + eps
        return theta - lr * m_hat / sigma

    @classmethod
    def _adamw(cls, theta, g, lr, t, hp, s):
        return cls._adam(theta, g, lr, t, hp, s, decoupled=True)

    @staticmethod
    def _radam(theta, g, lr, t, hp, s):
        b1, b2 = hp.get("betas", (0.9, 0.999))
        eps = hp.get("eps", 1e-8)
        s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0) + (1 - b2) * g * g
        m_hat = s["m"] / (1 - b1**t)
        rho_inf = 2 / (1 - b2) - 1
        rho_t = rho_inf - 2 * t * b2**t / (1 - b2**t)
        if rho_t > 5:
            r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            return theta - lr * m_hat * r * math.sqrt(1 - b2**t) / (np.sqrt(s["v"]) + eps)
        return theta - lr * m_hat

    @staticmethod
    def _nadam(theta, g, lr, t, hp, s):
        b1, b2 = hp.get("betas", (0.9, 0.999))
        eps, psi = hp.get("eps", 1e-8), hp.get("momentum_decay", 4e-3)
        mu = b1 * (1 - 0.5 * 0.96 ** (t * psi))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
        # PyTorch keeps the product of the mu in a float32 scalar tensor: round as it does
        s["prod"] = float(np.float32(np.float32(s.get("prod", 1.0)) * np.float32(mu)))
        prod_next = float(np.float32(s["prod"]) * np.float32(mu_next))
        s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0) + (1 - b2) * g * g
        denom = np.sqrt(s["v"] / (1 - b2**t)) + eps
        theta = theta - lr * (1 - mu) / (1 - s["prod"]) * g / denom
        return theta - lr * mu_next / (1 - prod_next) * s["m"] / denom

    @staticmethod
    def _rmsprop(theta, g, lr, t, hp, s):
        alpha, eps, mu = hp.get("alpha", 0.99), hp.get("eps", 1e-8), hp.get("momentum", 0)
        s["v"] = alpha * s.get("v", 0) + (1 - alpha) * g * g
        if hp.get("centered"):
            s["ga"] = alpha * s.get("ga", 0) + (1 - alpha) * g
            sigma = np.sqrt(s["v"] - s["ga"] ** 2) + eps
        else:
            sigma = np.sqrt(s["v"]) + eps
        if mu:
            s["b"] = mu * s.get("b", 0) + g / sigma
            return theta - lr * s["b"]
        return theta - lr * g / sigma

    @staticmethod
    def _adagrad(theta, g, lr, t, hp, s):
        clr = lr / (1 + (t - 1) * hp.get("lr_decay", 0))
        s["sum"] = s.get("sum", hp.get("initial_accumulator_value", 0)) + g * g
        return theta - clr * g / (np.sqrt(s["sum"]) + hp.get("eps", 1e-10))

    @staticmethod
    def _adadelta(theta, g, lr, t, hp, s):
        rho, eps = hp.get("rho", 0.9), hp.get("eps", 1e-6)
        s["v"] = rho * s.get("v", 0) + (1 - rho) * g * g
        delta = np.sqrt(s.get("u", 0) + eps) / np.sqrt(s["v"] + eps) * g
        s["u"] = rho * s.get("u", 0) + (1 - rho) * delta * delta
        return theta - lr * delta

    @staticmethod
    def _adagrad_rms(theta, g, lr, t, hp, s):
        # the notes: sigma_t = sqrt(mean of squared gradients so far)
        s["sum"] = s.get("sum", 0) + g * g
        return theta - lr * g / (np.sqrt(s["sum"] / t) + hp.get("eps", 1e-10))


def reference_path(surface, start, optimizer, hp, lrs):
    """Positions after each update, computed from the equations with learning rates ``lrs``."""
    _, grad = SURFACES[surface]
    opt = Reference(optimizer, **hp)
    theta = np.array(start, dtype=np.float64)
    path = [theta]
    for lr in lrs:
        g = np.array(grad(*theta))
        theta = opt.step(theta, g, lr)
        path.append(theta)
    return np.array(path)


# -- schedules: lr of update t+1 (t = 0, 1, ...) ----------------------------------------------
def schedule_lr(name, lr, t, **p):
    if name == "constant":
        return lr
    if name == "steplr":
        return lr * p.get("gamma", 0.1) ** (t // p["step_size"])
    if name == "multisteplr":
        return lr * p.get("gamma", 0.1) ** sum(m <= t for m in p["milestones"])
    if name == "exponentiallr":
        return lr * p["gamma"] ** t
    if name == "cosineannealinglr":
        eta_min = p.get("eta_min", 0.0)
        # held at eta_min after T_max (PyTorch's closed form would climb back)
        return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * min(t, p["T_max"]) / p["T_max"])) / 2
    if name == "cosineannealingwarmrestarts":
        eta_min = p.get("eta_min", 0.0)
        return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * (t % p["T_0"]) / p["T_0"])) / 2
    if name == "linearlr":
        T = p.get("total_iters", 5)
        f0, f1 = p.get("start_factor", 1 / 3), p.get("end_factor", 1.0)
        return lr * (f0 + (f1 - f0) * min(t, T) / T)
    if name == "polynomiallr":
        T = p.get("total_iters", 5)
        return lr * (1 - min(t, T) / T) ** p.get("power", 1.0)
    if name == "cycliclr":
        base, top, half = p["base_lr"], p["max_lr"], p["step_size_up"]
        cycle = math.floor(1 + t / (2 * half))
        x = abs(t / half - 2 * cycle + 1)
        return base + (top - base) * max(0.0, 1 - x)
    if name == "onecyclelr":
        top, total = p["max_lr"], p["total_steps"]
        start = top / p.get("div_factor", 25.0)
        end = start / p.get("final_div_factor", 1e4)
        up_end = p.get("pct_start", 0.3) * total - 1
        t = min(t, total - 1)

        def cos_anneal(a, b, pct):
            return b + (a - b) / 2 * (math.cos(math.pi * pct) + 1)

        if t <= up_end:
            return cos_anneal(start, top, t / up_end)
        return cos_anneal(top, end, (t - up_end) / (total - 1 - up_end))
    raise KeyError(name)


def warmup_lr(name, lr, t, warmup, warmup_start, **p):
    """Linear warmup from warmup_start·lr to lr over ``warmup`` updates, then the schedule."""
    if t < warmup:
        return lr * (warmup_start + (1 - warmup_start) * t / warmup)
    return schedule_lr(name, lr, t - warmup, **p)
