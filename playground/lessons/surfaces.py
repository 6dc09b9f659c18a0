"""Surface lessons: each lesson's build (the sessions), check (from the recorded histories, did
the effect appear?) side by side; their texts are in resources/lessons/ (see texts.py)."""

from __future__ import annotations

import numpy as np

from ..core.surfaces.curvature import analyze
from ..core.surfaces.problem import get_surface
from ..core.surfaces.race import RunConfig
from .base import Lesson, lesson_session

#: a separable 1-D data set for the cross-entropy vs MSE lesson: x and its label
CE_DATA = ((-3, 0), (-2, 0), (-1, 0), (1, 1), (2, 1), (3, 1))


def _ce_formula() -> str:
    # mean over the data of softplus(-(2y-1)(w·x + b)), written in x = w, y = b
    terms = [f"softplus({-1 if label else 1}*({xi}*x + y))" for xi, label in CE_DATA]
    return f"({' + '.join(terms)}) / {len(CE_DATA)}"


def _mse_formula() -> str:
    terms = [f"(sigmoid({xi}*x + y) - {label})^2" for xi, label in CE_DATA]
    return f"({' + '.join(terms)}) / {len(CE_DATA)}"


def _x(h):
    return h["pos"][:, 0]


def _y(h):
    return h["pos"][:, 1]



#: how far off the saddle the second run starts, along the escape direction (1, 1)/√2: the
#: negative eigenvalue −2 makes it grow by 1 + 2·lr = 1.2 a step, so it leaves in about 25 steps
NUDGE = 0.01


def _saddle_build():
    nudged = NUDGE / np.sqrt(2)
    return [lesson_session("saddle-point", "tiny-net",
                     [RunConfig("GD at the saddle", "sgd", {"lr": 0.1}, start=(0.0, 0.0)),
                      RunConfig("GD 0.01 off the saddle", "sgd", {"lr": 0.1}, start=(nudged, nudged))])]


def _saddle_moment(h):
    """The escape: the first step where w1·w2 is half-way to the valley w1·w2 = 1."""
    return _first(_x(h) * _y(h) > 0.5, "escape")


def _first(mask, kind):
    """(the first step where ``mask`` holds, ``kind``), or None."""
    hits = np.flatnonzero(mask)
    return (int(hits[0]), kind) if len(hits) else None


def _saddle_check(histories):
    (h, nudged), = histories
    if np.abs(h["pos"]).max() != 0.0:
        return "gradient descent moved away from (0, 0)"
    x, y = nudged["pos"][-1]
    # 'reached the valley' = within 1% of w1·w2 = 1
    if abs(x * y - 1) > 0.01:
        return f"the run started {NUDGE} off the saddle ended at xy = {x * y:.3g}, not 1"
    c = analyze(get_surface("tiny-net"), 0.0, 0.0)
    # (1 - xy)^2 has Hessian [[0, -2], [-2, 0]] at the origin: eigenvalues exactly -2 and +2
    if c.kind != "saddle" or not np.allclose(c.eigenvalues, [-2, 2]):
        return f"the curvature at (0, 0) is {c.eigenvalues}, not a saddle with ±2"
    from ..core.surfaces.race import run_race

    start = tuple(0.1 * c.escape_direction)
    (esc,), _ = run_race(get_surface("tiny-net"), [RunConfig("escape", "sgd", {"lr": 0.1}, start=start)], 300, "path")
    x, y = esc["pos"][-1]
    # the valley of minima is xy = 1; 1e-3 is 'converged' for 300 steps of lr 0.1
    return "" if abs(x * y - 1) < 1e-3 else f"after the escape step the run ended at xy = {x * y:.3g}, not 1"


SADDLE = Lesson("saddle-point", 50, _saddle_build, _saddle_check,
       parts=('saddle point on the tiny net',), speed=("5 steps/s", 5.0), moment=_saddle_moment)


def _momentum_build():
    start = (1.8, 0.5)
    return [lesson_session("momentum-over-the-bump", "two-minima",
                     [RunConfig("GD", "sgd", {"lr": 0.01}, start=start),
                      RunConfig("Momentum 0.9", "sgd", {"lr": 0.01, "momentum": 0.9}, start=start)]),
            lesson_session("momentum-over-the-bump", "ravine",
                     [RunConfig("Momentum 0.9", "sgd", {"lr": 2.0, "momentum": 0.9}, start=(-10.0, 1.0))])]


def _momentum_moment(h):
    """Where the ball first crosses x = 0: over the bump from (1.8, ·), past the ravine's
    minimum from (−10, ·)."""
    x = _x(h)
    return _first(np.sign(x) != np.sign(x[0]), "over the bump" if x[0] > 0 else "overshoot")


def _momentum_check(histories):
    (gd, mom), (ravine,) = histories
    # the two minima of two-minima lie near x = +1 (shallow) and x = -1 (deep): ±0.5 tells them apart
    if not _x(gd)[-1] > 0.5:
        return f"gradient descent ended at x = {_x(gd)[-1]:.3g}, not in the shallow minimum"
    if not _x(mom)[-1] < -0.5:
        return f"momentum ended at x = {_x(mom)[-1]:.3g}, not in the deeper minimum"
    crossings = int((np.diff(np.sign(_x(ravine))) != 0).sum())
    # overshoot means passing the minimum (x = 0) and swinging back: two sign changes at least
    return "" if crossings >= 2 else f"on the ravine momentum crossed x = 0 only {crossings} time(s)"


MOMENTUM = Lesson("momentum-over-the-bump", 50, _momentum_build,
       _momentum_check,
       parts=('momentum over the bump', 'momentum overshoots on the ravine'),
       speed=("5 steps/s", 5.0), moment=_momentum_moment)


def _adagrad_build():
    start = (-10.0, 1.0)
    return [lesson_session("adagrad-on-the-ravine", "ravine",
                     [RunConfig("GD, lr 1.9 (oscillates)", "sgd", {"lr": 1.9}, start=start),
                      RunConfig("GD, lr 0.1 (crawls)", "sgd", {"lr": 0.1}, start=start),
                      RunConfig("Adagrad, lr 1", "adagrad", {"lr": 1.0}, start=start)])]


def _adagrad_check(histories):
    (big, small, ada), = histories
    flips = int((np.diff(np.sign(_y(big)[:21])) != 0).sum())
    # lr 1.9 is just under the steep direction's stability limit 2/L: y flips sign nearly every step
    if flips < 15:
        return f"GD with a large rate flipped y only {flips} times in 20 steps"
    # lr 0.1 along the flat direction moves a few percent of the 10 units per 100 steps: a crawl
    if not _x(small)[-1] < -7:
        return f"GD with a small rate went as far as x = {_x(small)[-1]:.3g} (expected a crawl)"
    # 'at the minimum' = within 1% of the 10-unit start distance
    if not abs(_x(ada)[-1]) < 0.1:
        return f"Adagrad stopped at x = {_x(ada)[-1]:.3g}, not near the minimum"
    return ""


ADAGRAD = Lesson("adagrad-on-the-ravine", 200, _adagrad_build,
       _adagrad_check,
       parts=('one learning rate cannot serve both directions',))


def _rmsprop_build():
    start = (-1.5, 2.0)
    return [lesson_session("rmsprop-on-the-crescent", "rosenbrock",
                     [RunConfig("Adagrad", "adagrad", {"lr": 0.5}, start=start),
                      RunConfig("RMSProp", "rmsprop", {"lr": 0.01}, start=start)])]


def _late_step(h, n=200):
    return float(np.hypot(*np.diff(h["pos"][-n:], axis=0).T).mean())


def _rmsprop_check(histories):
    (ada, rms), = histories
    ratio = _late_step(rms) / max(_late_step(ada), 1e-300)
    # Adagrad's steps decay like 1/sqrt(t); 5x is a clear 'still moving' margin, not a tuned value
    if ratio < 5:
        return f"RMSProp's late steps are only {ratio:.2g}x Adagrad's"
    return "" if rms["loss"][-1] < ada["loss"][-1] else "RMSProp did not get further along the valley"


RMSPROP = Lesson("rmsprop-on-the-crescent", 1000, _rmsprop_build, _rmsprop_check,
       parts=('Adagrad dies out, RMSProp keeps moving',), speed=("100 steps/s", 100.0))


def _bursts_build():
    start = (-10.0, 1.0)
    return [lesson_session("adaptive-bursts", "ravine",
                     [RunConfig("notes' Adagrad, constant η", "adagrad-rms", {"lr": 0.2}, start=start),
                      RunConfig("notes' Adagrad, exponential decay", "adagrad-rms", {"lr": 0.2},
                                "exponentiallr", {"gamma": 0.995}, start=start)])]


#: the first steps bring y from 1 down to the valley floor: large sideways steps that are no burst
SETTLE = 100


def _bursts(h) -> np.ndarray:
    """The steps after SETTLE that jump sideways by more than 0.05 in y (the notes' bursts)."""
    dy = np.abs(np.diff(_y(h)))
    return np.flatnonzero(dy[SETTLE:] > 0.05) + SETTLE + 1


def _bursts_moment(h):
    hits = _bursts(h)
    return (int(hits[0]), "burst") if len(hits) else None


def _bursts_check(histories):
    (const, decay), = histories
    if len(_bursts(const)) == 0:
        return "no sideways bursts after the valley floor was reached with a constant learning rate"
    return "" if len(_bursts(decay)) == 0 else f"{len(_bursts(decay))} bursts remain with decay"


BURSTS = Lesson("adaptive-bursts", 1000, _bursts_build, _bursts_check,
       parts=('adaptive bursts and how schedules tame them',), speed=("100 steps/s", 100.0),
       moment=_bursts_moment)


def _ce_build():
    start = (-6.0, 0.0)  # confidently wrong: a negative weight for positive examples
    view = (-6.0, 6.0, -6.0, 6.0)
    # one view: the surface drawn is the MSE loss; the second run descends cross-entropy (its
    # own objective) over the same parameters (w, b), so the two paths are side by side
    return [lesson_session("cross-entropy-vs-mse", "custom",
                     [RunConfig("GD on MSE", "sgd", {"lr": 0.5}, start=start),
                      RunConfig("GD on cross-entropy", "sgd", {"lr": 0.5}, start=start,
                                objective=_ce_formula())], _mse_formula(), view)]


def _ce_moment(h):
    """Leaving the plateau: the weight has moved 1 of its 6 units towards the right sign."""
    return _first(_x(h) > -5, "leaves the plateau")


def _ce_check(histories):
    (mse, ce), = histories
    g_mse = np.hypot(*get_surface("custom", _mse_formula()).gradient(-6.0, 0.0))
    g_ce = np.hypot(*get_surface("custom", _ce_formula()).gradient(-6.0, 0.0))
    # the lesson text claims 'over 50 times smaller': checked here at the start point
    if g_ce / g_mse < 50:
        return f"gradient-norm ratio at the start is {g_ce / g_mse:.3g}, below 50"
    if not _x(ce)[-1] > 0:
        return "cross-entropy did not turn the weight positive"
    # a stall: MSE moved less than 1 of the 6 units from w = -6
    return "" if _x(mse)[-1] < -5 else "MSE escaped the plateau too (expected a stall)"


CE = Lesson("cross-entropy-vs-mse", 200, _ce_build,
       _ce_check, parts=('MSE and cross-entropy on a logistic classifier',), moment=_ce_moment)


def _schedules_build():
    start, lr = (-10.0, 1.0), 0.9
    opt = {"lr": lr, "momentum": 0.5}
    return [lesson_session("schedules-compared", "ravine", [
        RunConfig("constant", "sgd", opt, start=start),
        RunConfig("step", "sgd", opt, "steplr", {"step_size": 50, "gamma": 0.3}, start=start),
        RunConfig("cosine", "sgd", opt, "cosineannealinglr", {"T_max": 200}, start=start),
        RunConfig("warmup + cosine", "sgd", opt, "cosineannealinglr", {"T_max": 180}, warmup=20, start=start),
        RunConfig("one-cycle", "sgd", opt, "onecyclelr", {"total_steps": 200}, start=start)])]


def _schedules_check(histories):
    (const, step, cos, warm, one), = histories
    # cosine to T_max ends near 0: below 1% of its first rate; step decays once by step 75
    if not (step["lr"][75] < const["lr"][75] and cos["lr"][200] < 0.01 * cos["lr"][1]):
        return "step and cosine schedules did not decay"
    # warmup starts at warmup_start (1% of lr by default): 5% leaves room for the first increment
    if not warm["lr"][1] < 0.05 * warm["lr"][30]:
        return "warmup did not start small"
    if not one["lr"][1] < one["lr"][60] > one["lr"][200]:
        return "one-cycle did not rise and fall"
    return ""


SCHEDULES = Lesson("schedules-compared", 200, _schedules_build, _schedules_check,
       parts=('schedules compared',))


SURFACE_LESSONS = [SADDLE, MOMENTUM, ADAGRAD, RMSPROP, BURSTS, CE, SCHEDULES]
