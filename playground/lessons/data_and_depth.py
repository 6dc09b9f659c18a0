"""Four more lessons (../shared/LESSONS.md): deeper-is-not-better, overfitting, mismatch and
normalization-flattens, built like those of the other lesson families.

Each lesson's sessions carry the speed it is meant to be watched at (``view["speed"]``, a label
of the controller's speed menu), and each check asserts the claim twice: on the whole headless
run, and within the first ``10 s × speed`` steps (what a student sees within 10 s of pressing
Space).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.networks.datasets import DataSpec, make_dataset
from ..core.networks.model import LayerSpec, NetworkSpec, build_model
from ..core.networks.problem import NetProblem
from ..core.networks.race import NetRunConfig
from ..core.surfaces.curvature import analyze
from ..core.surfaces.problem import get_surface
from ..core.surfaces.race import RunConfig
from ..session.model import Session
from .base import Lesson

#: the speed each lesson is watched at: (label of the speed menu, steps per second)
SPEED = ("20 steps/s", 20)
#: steps a student sees within 10 s of pressing Space at that speed
SHOWN = 10 * SPEED[1]
#: steps of each lesson's headless run (the first criterion; the second looks at the first SHOWN)
STEPS = 250


def _net_session(lesson, problem, runs):
    s = Session(lesson=lesson, network=problem, view={"speed": SPEED[0]})
    for run in runs:
        s.add_run(run)
    return s


def _surface_session(lesson, formula, view_box, runs):
    s = Session(problem="custom", formula=formula, view_box=view_box, lesson=lesson,
                view={"speed": SPEED[0],
                      "arrows": {"gradient": True, "momentum": False, "update": True}})
    for run in runs:
        s.add_run(run)
    return s


def _last(h, key, n=None):
    """The value of column ``key`` at step ``n`` (None: the last recorded step)."""
    values = h[key]
    return float(values[-1] if n is None else values[min(n, len(values) - 1)])


# -- deeper is not better ----------------------------------------------------------------------

DEEP_DATA = DataSpec("spirals", 300, 0.1)
DEEP_RUN = NetRunConfig("Adam, lr 0.01", "adam", {"lr": 0.01}, batch_size=0)


def _deep_build():
    name = "deeper-is-not-better"
    return [_net_session(name, NetProblem(DEEP_DATA, NetworkSpec.of([16] * 2, "relu"), "ce"), [DEEP_RUN]),
            _net_session(name, NetProblem(DEEP_DATA, NetworkSpec.of([16] * 20, "relu"), "ce"), [DEEP_RUN]),
            _net_session(name, NetProblem(DEEP_DATA, NetworkSpec.of([16] * 20, "relu", residual=True),
                                          "ce"), [DEEP_RUN])]


def _deep_at(histories, n=None) -> str:
    (shallow,), (deep,), (res,) = histories
    s, d, r = (_last(h, "train_loss", n) for h in (shallow, deep, res))
    when = "at the end" if n is None else f"by step {n}"
    if not d > 0.5:
        return f"the plain 20-layer net reached train loss {d:.3g} {when} (expected it to stay above 0.5)"
    if not s < 0.2 * d:
        return f"the 2-layer net's train loss {s:.3g} is not well below the 20-layer net's {d:.3g} {when}"
    if not r <= max(s, 0.05):
        return f"the residual 20-layer net's train loss {r:.3g} is above the shallow {s:.3g} {when}"
    return ""


def _deep_check(histories):
    return _deep_at(histories) or _deep_at(histories, SHOWN)


# -- overfitting ---------------------------------------------------------------------------------

FEW = DataSpec("circles", 60, 0.4, test_fraction=0.5)  # 30 noisy training points
WIDE = NetworkSpec.of([128, 128], "relu")
OVER_RUN = NetRunConfig("Adam, lr 0.002", "adam", {"lr": 0.002}, batch_size=0)
OVER_PARTS = {
    "no cure": NetProblem(FEW, WIDE, "ce"),
    "L2 (λ = 0.003)": NetProblem(FEW, WIDE, "ce", weight_decay=0.003),
    "dropout 0.5": NetProblem(FEW, NetworkSpec.of([128, 128], "relu", dropout=0.5), "ce"),
    "early stopping (patience 10)": NetProblem(FEW, WIDE, "ce", early_stopping=10),
    "10× more data": NetProblem(DataSpec("circles", 600, 0.4, test_fraction=0.5), WIDE, "ce"),
}


def _over_build():
    return [_net_session("overfitting", problem, [OVER_RUN]) for problem in OVER_PARTS.values()]


def _gap(h, n=None) -> float:
    return _last(h, "test_loss", n) - _last(h, "train_loss", n)


def _over_at(histories, n=None) -> str:
    plain = histories[0][0]
    when = "at the end" if n is None else f"by step {n}"
    test = plain["test_loss"][: None if n is None else n + 1]
    best = int(np.argmin(test))
    if not (test[-1] > 2 * test[best] and _last(plain, "train_loss", n) < 0.05):
        return (f"without a cure the test loss went {test[best]:.3g} (step {best}) → {test[-1]:.3g} "
                f"{when}, train {_last(plain, 'train_loss', n):.3g}: no clear turn up")
    for name, (h,) in zip(list(OVER_PARTS)[1:], histories[1:]):
        if not _gap(h, n) < 0.6 * _gap(plain, n):
            return f"{name}: test − train gap {_gap(h, n):.3g} {when}, not well below {_gap(plain, n):.3g}"
    return ""


def _over_check(histories):
    return _over_at(histories) or _over_at(histories, SHOWN)


# -- mismatch ------------------------------------------------------------------------------------

SHIFT = 1.5
MIS_RUNS = [NetRunConfig("Adam, lr 0.01", "adam", {"lr": 0.01}, batch_size=32),
            NetRunConfig("SGD + momentum", "sgd", {"lr": 0.1, "momentum": 0.9}, batch_size=32)]
MIS_NET = NetworkSpec.of([32, 32], "relu")
MIS_PARTS = {
    "test set shifted": NetProblem(DataSpec("sine", 200, 0.1, shift=SHIFT), MIS_NET, "mse"),
    "10× more training data": NetProblem(DataSpec("sine", 2000, 0.1, shift=SHIFT), MIS_NET, "mse"),
    "a bigger network": NetProblem(DataSpec("sine", 200, 0.1, shift=SHIFT),
                                   NetworkSpec.of([128, 128, 128], "relu"), "mse"),
    "no shift (for comparison)": NetProblem(DataSpec("sine", 200, 0.1), MIS_NET, "mse"),
}


def _mis_build():
    # both optimizers where the claim is "whatever the model does"; Adam alone elsewhere (time)
    return [_net_session("mismatch", problem, MIS_RUNS if k < 2 else MIS_RUNS[:1])
            for k, problem in enumerate(MIS_PARTS.values())]


def _mis_at(histories, n=None) -> str:
    *shifted, control = histories
    when = "at the end" if n is None else f"at step {n}"
    reference = max(_last(h, "test_loss", n) for h in control)
    if not reference < 0.1:
        return f"without a shift the test loss is {reference:.3g} {when}: the model did not learn"
    for name, hs in zip(MIS_PARTS, shifted):
        for h in hs:
            train, test = _last(h, "train_loss", n), _last(h, "test_loss", n)
            if not (train < 0.1 and test > 5 * reference and test > 5 * train):
                return f"{name}: train {train:.3g}, test {test:.3g} {when} (no shift: {reference:.3g})"
    return ""


def _mis_check(histories):
    return _mis_at(histories) or _mis_at(histories, SHOWN)


# -- normalization flattens ----------------------------------------------------------------------

SCALED = DataSpec("scaled-linear", 200, 0.1, standardize=False)
LINEAR = NetworkSpec(())  # no hidden layer: ŷ = w1·x1 + w2·x2 + b, a linear regression
RAW_LR, TOO_BIG_LR, STD_LR = 9e-5, 1.1e-4, 0.1
START = (-0.5, 0.5)  # the surface runs' start (w1, w2)
#: the loss threshold "converged" means, in steps-to-threshold (the noise floor is 0.01)
CONVERGED = 0.05


@dataclass(frozen=True)
class Quadratic:
    """The MSE of ŷ = w1·x1 + w2·x2 on data (x, y) as a function of the two weights:
    mean((w·x − y)²) = ½(w − w*)ᵀ H (w − w*) + f_min, with H = 2·mean(x xᵀ)."""

    formula: str  # in (x, y) = (w1, w2), for a custom surface
    hessian: np.ndarray
    w_star: np.ndarray
    f_min: float

    @property
    def condition_number(self) -> float:
        eig = np.linalg.eigvalsh(self.hessian)
        return float(eig[-1] / eig[0])

    def gd_steps_to(self, threshold: float, start, lr: float, limit: int = 10**7) -> int | None:
        """Steps gradient descent with rate ``lr`` needs from ``start`` to a loss below
        ``threshold``, exactly: in the Hessian's eigenbasis each error component is multiplied
        by 1 − lr·λ per step, so the excess loss falls monotonically (for lr < 2/λ_max) and a
        bisection finds the step. None if not within ``limit`` steps."""
        eig, vec = np.linalg.eigh(self.hessian)
        e0 = vec.T @ (np.asarray(start, dtype=np.float64) - self.w_star)

        def excess(t: int) -> float:
            return float(0.5 * np.sum(eig * (e0 * (1 - lr * eig) ** t) ** 2))

        target = threshold - self.f_min
        lo, hi = 0, 1
        while excess(hi) >= target:
            if hi >= limit:
                return None
            lo, hi = hi, min(2 * hi, limit)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if excess(mid) >= target else (lo, mid)
        return hi


def _quadratic(x: np.ndarray, y: np.ndarray) -> Quadratic:
    a, b, c = np.mean(x[:, 0] ** 2), np.mean(x[:, 1] ** 2), np.mean(x[:, 0] * x[:, 1])
    d, e, f = np.mean(x[:, 0] * y), np.mean(x[:, 1] * y), np.mean(y**2)
    formula = (f"{a:.10g}*x^2 + {2 * c:.10g}*x*y + {b:.10g}*y^2 - {2 * d:.10g}*x - {2 * e:.10g}*y "
               f"+ {f:.10g}").replace("+ -", "- ").replace("- -", "+ ")
    hessian = 2 * np.array([[a, c], [c, b]])
    w_star = np.linalg.solve(hessian, 2 * np.array([d, e]))
    return Quadratic(formula, hessian, w_star, float(f - w_star @ np.array([d, e])))


def scaled_surfaces() -> dict[str, Quadratic]:
    """The two-weight MSE surfaces of the scaled-linear training data, raw and standardised
    (inputs and target centred, so the bias is at its best value and drops out)."""
    data = make_dataset(SCALED)
    x = data.raw_train - data.raw_train.mean(axis=0)
    y = data.y_train.numpy()[:, 0].astype(np.float64)
    y = y - y.mean()
    return {"raw": _quadratic(x, y), "standardised": _quadratic(x / x.std(axis=0), y)}


def _norm_build():
    name = "normalization-flattens"
    surfaces = scaled_surfaces()
    return [
        _surface_session(name, surfaces["raw"].formula, (-1.0, 5.0, -3.0, 3.0),
                         [RunConfig(f"GD, lr {RAW_LR:g}", "sgd", {"lr": RAW_LR}, start=START)]),
        _surface_session(name, surfaces["standardised"].formula, (-3.0, 3.0, -3.0, 3.0),
                         [RunConfig(f"GD, lr {STD_LR:g}", "sgd", {"lr": STD_LR}, start=START)]),
        _net_session(name, NetProblem(SCALED, LINEAR, "mse"),
                     [NetRunConfig(f"GD, lr {RAW_LR:g}", "sgd", {"lr": RAW_LR}, batch_size=0),
                      NetRunConfig(f"GD, lr {TOO_BIG_LR:g}", "sgd", {"lr": TOO_BIG_LR}, batch_size=0)]),
        _net_session(name, NetProblem(DataSpec("scaled-linear", 200, 0.1), LINEAR, "mse"),
                     [NetRunConfig(f"GD, lr {STD_LR:g}", "sgd", {"lr": STD_LR}, batch_size=0)]),
    ]


def steps_to(h, threshold: float, key: str = "loss") -> int | None:
    """The first step whose ``key`` is below ``threshold`` (None: never)."""
    below = np.nonzero(np.asarray(h[key]) < threshold)[0]
    return int(h["step"][below[0]]) if len(below) else None


def _norm_check(histories):
    (raw_surface,), (std_surface,), (raw, too_big), (std,) = histories
    surfaces = scaled_surfaces()
    for key, low, high in (("raw", 1e3, np.inf), ("standardised", 1.0, 10.0)):
        q = surfaces[key]
        shown = np.sort(analyze(get_surface("custom", q.formula), 0.0, 0.0).eigenvalues)
        if not np.allclose(shown, np.linalg.eigvalsh(q.hessian), rtol=1e-4):
            return f"the {key} surface's Hessian {shown} is not the data's {np.linalg.eigvalsh(q.hessian)}"
        if not low <= q.condition_number <= high:
            return f"the {key} surface's condition number is {q.condition_number:.3g}, outside [{low:g}, {high:g}]"
    if too_big["train_loss"][-1] < too_big["train_loss"][0] and np.isfinite(too_big["train_loss"][-1]):
        return f"GD on the raw data with lr {TOO_BIG_LR:g} did not blow up"
    # the surface runs follow exact GD on the quadratic; standardised GD reaches the threshold
    # within the steps 10 s show and at least 10× sooner than raw GD
    n_raw = surfaces["raw"].gd_steps_to(CONVERGED, START, RAW_LR)
    n_std = surfaces["standardised"].gd_steps_to(CONVERGED, START, STD_LR)
    if steps_to(std_surface, CONVERGED) != n_std or steps_to(raw_surface, CONVERGED) not in (None, n_raw):
        return "the surface runs do not follow exact gradient descent on the quadratic"
    if not (n_std * 10 <= SHOWN and n_raw is not None and n_raw >= 10 * n_std):
        return f"surface: standardised GD needs {n_std} steps to loss {CONVERGED}, raw GD {n_raw}"
    n_net_std = steps_to(std, CONVERGED, "train_loss")
    n_net_raw = steps_to(raw, CONVERGED, "train_loss")
    if n_net_std is None or n_net_std * 10 > SHOWN:
        return f"network: standardised GD took {n_net_std} steps to loss {CONVERGED}"
    if n_net_raw is not None and n_net_raw < 10 * n_net_std:
        return f"network: raw GD reached loss {CONVERGED} in {n_net_raw} steps, standardised in {n_net_std}"
    return _bn_modes_check()


def _bn_modes_check() -> str:
    """BatchNorm normalises with the batch's statistics in training mode and with its running
    averages in evaluation mode: on the raw data (feature scale 100) the two outputs differ at
    first and agree once the running averages have caught up with the (full-batch) statistics."""
    import torch

    data = make_dataset(SCALED)
    model = build_model(NetworkSpec((LayerSpec(8, "linear", batchnorm=True),)), 2, 1)
    x = data.x_train

    def mode_gap() -> float:
        with torch.no_grad():
            train_out = model.train()(x)  # updates the running averages, as a training step does
            eval_out = model.eval()(x)
        return float((train_out - eval_out).abs().max())

    first = mode_gap()
    for _ in range(100):
        last = mode_gap()
    # what remains is running_var's unbiased n/(n − 1) against the batch's biased variance
    return "" if first > 0.1 and last < 0.02 * first else (
        f"BatchNorm's train/eval outputs differ by {first:.3g} at first and {last:.3g} later")


DATA_AND_DEPTH_LESSONS = [
    Lesson(
        "deeper-is-not-better", STEPS, _deep_build, _deep_check,
        parts=("2 layers", "20 plain layers", "20 residual layers")),
    Lesson(
        "overfitting", STEPS, _over_build, _over_check, parts=tuple(OVER_PARTS)),
    Lesson(
        "mismatch", STEPS, _mis_build, _mis_check, parts=tuple(MIS_PARTS)),
    Lesson(
        "normalization-flattens", STEPS, _norm_build, _norm_check,
        parts=("raw features: a ravine", "standardised features: round",
               "raw data, linear model", "standardised data, linear model")),
]
