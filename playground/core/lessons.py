"""Built-in lessons: ready-made sessions that show one claim of the course notes each
(../shared/LESSONS.md), with a short explanation and a criterion that says, from the recorded
histories, whether the effect appeared. Tests run every lesson headless and assert it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .curvature import analyze
from .datasets import DataSpec
from .nettrain import NetProblem, NetRunConfig
from .network import NetworkSpec
from .surfaces import get_surface
from .training import RunConfig

#: a separable 1-D data set for the cross-entropy vs MSE lesson: x and its label
CE_DATA = ((-3, 0), (-2, 0), (-1, 0), (1, 1), (2, 1), (3, 1))


def _ce_formula() -> str:
    # mean over the data of softplus(-(2y-1)(w·x + b)), written in x = w, y = b
    terms = [f"softplus({-1 if label else 1}*({xi}*x + y))" for xi, label in CE_DATA]
    return f"({' + '.join(terms)}) / {len(CE_DATA)}"


def _mse_formula() -> str:
    terms = [f"(sigmoid({xi}*x + y) - {label})^2" for xi, label in CE_DATA]
    return f"({' + '.join(terms)}) / {len(CE_DATA)}"


@dataclass(frozen=True)
class Lesson:
    name: str
    title: str
    text: str
    steps: int
    build: Callable[[], list]  # returns [Session, ...] (one per surface shown)
    check: Callable[[list], str]  # histories per session -> "" when the effect appeared, else why not
    #: the name of each session ``build`` returns, in order (menus list them without building)
    parts: tuple[str, ...] = ()
    try_next: str = ""  # what to change next and what will happen
    formula: str = ""  # the formula the lesson is about


def _session(lesson, problem, runs, formula=None, view_box=None):
    from ..session.model import Session

    s = Session(problem=problem, formula=formula, view_box=view_box, lesson=lesson,
                view={"arrows": {"gradient": True, "momentum": True, "update": True}})
    for run in runs:
        s.add_run(run)
    return s


def _x(h):
    return h["pos"][:, 0]


def _y(h):
    return h["pos"][:, 1]


# -- the lessons -----------------------------------------------------------------------------

def _saddle_build():
    return [_session("saddle-point", "tiny-net",
                     [RunConfig("GD at the saddle", "sgd", {"lr": 0.1}, start=(0.0, 0.0))])]


def _saddle_check(histories):
    (h,), = histories
    if np.abs(h["pos"]).max() != 0.0:
        return "gradient descent moved away from (0, 0)"
    c = analyze(get_surface("tiny-net"), 0.0, 0.0)
    if c.kind != "saddle" or not np.allclose(c.eigenvalues, [-2, 2]):
        return f"the curvature at (0, 0) is {c.eigenvalues}, not a saddle with ±2"
    from .training import run_race

    start = tuple(0.1 * c.escape_direction)
    (esc,), _ = run_race(get_surface("tiny-net"), [RunConfig("escape", "sgd", {"lr": 0.1}, start=start)], 300, "path")
    x, y = esc["pos"][-1]
    return "" if abs(x * y - 1) < 1e-3 else f"after the escape step the run ended at xy = {x * y:.3g}, not 1"


def _momentum_build():
    start = (1.8, 0.5)
    return [_session("momentum-over-the-bump", "two-minima",
                     [RunConfig("GD", "sgd", {"lr": 0.01}, start=start),
                      RunConfig("Momentum 0.9", "sgd", {"lr": 0.01, "momentum": 0.9}, start=start)]),
            _session("momentum-over-the-bump", "ravine",
                     [RunConfig("Momentum 0.9", "sgd", {"lr": 1.0, "momentum": 0.9}, start=(-10.0, 1.0))])]


def _momentum_check(histories):
    (gd, mom), (ravine,) = histories
    if not _x(gd)[-1] > 0.5:
        return f"gradient descent ended at x = {_x(gd)[-1]:.3g}, not in the shallow minimum"
    if not _x(mom)[-1] < -0.5:
        return f"momentum ended at x = {_x(mom)[-1]:.3g}, not in the deeper minimum"
    crossings = int((np.diff(np.sign(_x(ravine))) != 0).sum())
    return "" if crossings >= 2 else f"on the ravine momentum crossed x = 0 only {crossings} time(s)"


def _adagrad_build():
    start = (-10.0, 1.0)
    return [_session("adagrad-on-the-ravine", "ravine",
                     [RunConfig("GD, lr 1.9 (oscillates)", "sgd", {"lr": 1.9}, start=start),
                      RunConfig("GD, lr 0.1 (crawls)", "sgd", {"lr": 0.1}, start=start),
                      RunConfig("Adagrad, lr 1", "adagrad", {"lr": 1.0}, start=start)])]


def _adagrad_check(histories):
    (big, small, ada), = histories
    flips = int((np.diff(np.sign(_y(big)[:21])) != 0).sum())
    if flips < 15:
        return f"GD with a large rate flipped y only {flips} times in 20 steps"
    if not _x(small)[-1] < -7:
        return f"GD with a small rate went as far as x = {_x(small)[-1]:.3g} (expected a crawl)"
    if not abs(_x(ada)[-1]) < 0.1:
        return f"Adagrad stopped at x = {_x(ada)[-1]:.3g}, not near the minimum"
    return ""


def _rmsprop_build():
    start = (-1.5, 2.0)
    return [_session("rmsprop-on-the-crescent", "rosenbrock",
                     [RunConfig("Adagrad", "adagrad", {"lr": 0.5}, start=start),
                      RunConfig("RMSProp", "rmsprop", {"lr": 0.01}, start=start)])]


def _late_step(h, n=200):
    return float(np.hypot(*np.diff(h["pos"][-n:], axis=0).T).mean())


def _rmsprop_check(histories):
    (ada, rms), = histories
    ratio = _late_step(rms) / max(_late_step(ada), 1e-300)
    if ratio < 5:
        return f"RMSProp's late steps are only {ratio:.2g}x Adagrad's"
    return "" if rms["loss"][-1] < ada["loss"][-1] else "RMSProp did not get further along the valley"


def _bursts_build():
    start = (-10.0, 1.0)
    return [_session("adaptive-bursts", "ravine",
                     [RunConfig("notes' Adagrad, constant η", "adagrad-rms", {"lr": 0.2}, start=start),
                      RunConfig("notes' Adagrad, cosine decay", "adagrad-rms", {"lr": 0.2},
                                "cosineannealinglr", {"T_max": 5000}, start=start)])]


def _late_bursts(h) -> int:
    dy = np.abs(np.diff(_y(h)))
    return int((dy[len(dy) // 2:] > 0.05).sum())


def _bursts_check(histories):
    (const, decay), = histories
    if _late_bursts(const) == 0:
        return "no late sideways bursts with a constant learning rate"
    return "" if _late_bursts(decay) == 0 else f"{_late_bursts(decay)} late bursts remain with decay"


def _ce_build():
    start = (-6.0, 0.0)  # confidently wrong: a negative weight for positive examples
    view = (-6.0, 6.0, -6.0, 6.0)
    return [_session("cross-entropy-vs-mse", "custom",
                     [RunConfig("GD on MSE", "sgd", {"lr": 0.5}, start=start)], _mse_formula(), view),
            _session("cross-entropy-vs-mse", "custom",
                     [RunConfig("GD on cross-entropy", "sgd", {"lr": 0.5}, start=start)], _ce_formula(), view)]


def _ce_check(histories):
    (mse,), (ce,) = histories
    g_mse = np.hypot(*get_surface("custom", _mse_formula()).gradient(-6.0, 0.0))
    g_ce = np.hypot(*get_surface("custom", _ce_formula()).gradient(-6.0, 0.0))
    if g_ce / g_mse < 50:
        return f"gradient-norm ratio at the start is {g_ce / g_mse:.3g}, below 50"
    if not _x(ce)[-1] > 0:
        return "cross-entropy did not turn the weight positive"
    return "" if _x(mse)[-1] < -5 else "MSE escaped the plateau too (expected a stall)"


def _schedules_build():
    start, lr = (-10.0, 1.0), 0.9
    opt = {"lr": lr, "momentum": 0.5}
    return [_session("schedules-compared", "ravine", [
        RunConfig("constant", "sgd", opt, start=start),
        RunConfig("step", "sgd", opt, "steplr", {"step_size": 100, "gamma": 0.3}, start=start),
        RunConfig("cosine", "sgd", opt, "cosineannealinglr", {"T_max": 400}, start=start),
        RunConfig("warmup + cosine", "sgd", opt, "cosineannealinglr", {"T_max": 360}, warmup=40, start=start),
        RunConfig("one-cycle", "sgd", opt, "onecyclelr", {"total_steps": 400}, start=start)])]


def _schedules_check(histories):
    (const, step, cos, warm, one), = histories
    if not (step["lr"][150] < const["lr"][150] and cos["lr"][-1] < 0.01 * cos["lr"][1]):
        return "step and cosine schedules did not decay"
    if not warm["lr"][1] < 0.05 * warm["lr"][60]:
        return "warmup did not start small"
    if not one["lr"][1] < one["lr"][120] > one["lr"][-1]:
        return "one-cycle did not rise and fall"
    return ""


# -- network lessons ---------------------------------------------------------------------------

def _net_session(lesson, problem, runs):
    from ..session.model import Session

    s = Session(lesson=lesson, network=problem)
    for run in runs:
        s.add_run(run)
    return s


def _batch_build():
    problem = NetProblem(DataSpec("moons", 400, 0.15), NetworkSpec.of([16, 16], "tanh"), "ce")
    return [_net_session("batch-size-noise", problem,
                         [NetRunConfig(f"batch {b or 'full'}", "sgd", {"lr": 0.1}, batch_size=b)
                          for b in (1, 16, 0)])]


def _batch_check(histories):
    (b1, b16, full), = histories
    spread = [float(np.std(np.diff(h["train_loss"][len(h) // 2:]))) for h in (b1, b16, full)]
    ok = spread[0] > spread[1] > spread[2]
    return "" if ok else f"step-to-step spread {spread} does not fall with the batch size"


def _pieces_build():
    data = DataSpec("piecewise", 300, 0.05)
    run = NetRunConfig("Adam", "adam", {"lr": 0.03}, batch_size=0)
    return [_net_session("sigmoid-vs-relu",
                         NetProblem(data, NetworkSpec.of([5], "sigmoid"), "mse"), [run]),
            _net_session("sigmoid-vs-relu",
                         NetProblem(data, NetworkSpec.of([10], "relu"), "mse"), [run])]


def _pieces_check(histories):
    for (h,) in histories:
        if not h["train_loss"][-1] < 0.03:
            return f"a fit ended at train loss {h['train_loss'][-1]:.3g}, not small"
    return ""


def _warmup_build():
    problem = NetProblem(DataSpec("circles", 400, 0.1), NetworkSpec.of([32, 32], "relu"), "ce")
    return [_net_session("warmup", problem, [
        NetRunConfig("Adam, lr 0.1", "adam", {"lr": 0.1}, batch_size=16),
        NetRunConfig("Adam + 50 warmup steps", "adam", {"lr": 0.1}, warmup=50, batch_size=16),
        NetRunConfig("RAdam, lr 0.1", "radam", {"lr": 0.1}, batch_size=16)])]


def _warmup_check(histories):
    (adam, warm, radam), = histories
    start = adam["train_loss"][0]
    if not adam["train_loss"][1:30].max() > 1.3 * start:
        return "no early loss spike without warmup"
    for name, h in (("warmup", warm), ("RAdam", radam)):
        if h["train_loss"][1:30].max() > 1.02 * start:
            return f"the loss still spiked with {name}"
    return ""


LESSONS = {lesson.name: lesson for lesson in [
    Lesson("saddle-point", "A saddle point holds gradient descent still",
           "On the tiny net (1 − w1·w2)², gradient descent started at (0, 0) never moves: the "
           "gradient is zero. The step inspector's curvature shows Hessian eigenvalues −2 and +2: "
           "a saddle, not a minimum. The eigenvector of −2, (1, 1)/√2, points downhill: press "
           "'Restart from a step along the escape direction' and training reaches the valley "
           "w1·w2 = 1.", 100, _saddle_build, _saddle_check,
           parts=('saddle point on the tiny net',)),
    Lesson("momentum-over-the-bump", "Momentum rolls over a bump — and overshoots",
           "With the same learning rate, plain gradient descent from (1.8, 0.5) settles in the "
           "shallow minimum; with momentum 0.9 the ball keeps its speed, rolls over the bump and "
           "settles in the deeper one. On the ravine momentum passes the minimum and swings back. "
           "Watch the dashed momentum arrow lead the white gradient.", 1500, _momentum_build,
           _momentum_check,
           parts=('momentum over the bump', 'momentum overshoots on the ravine')),
    Lesson("adagrad-on-the-ravine", "One learning rate cannot serve both directions",
           "The ravine is 100 times steeper across than along. A rate large enough to move along "
           "it makes the steep direction oscillate; a rate small enough for the steep direction "
           "crawls. Adagrad divides each parameter's step by its own σ (root of the summed squared "
           "gradients): see σ per parameter in the step inspector.", 200, _adagrad_build,
           _adagrad_check,
           parts=('one learning rate cannot serve both directions',)),
    Lesson("rmsprop-on-the-crescent", "RMSProp forgets, Adagrad remembers everything",
           "On Rosenbrock's crescent the gradient changes along the way. Adagrad's σ keeps every "
           "past gradient, so its steps die out; RMSProp forgets old gradients with α and keeps "
           "moving along the valley.", 2000, _rmsprop_build, _rmsprop_check,
           parts=('Adagrad dies out, RMSProp keeps moving',)),
    Lesson("adaptive-bursts", "Why schedules exist: adaptive bursts",
           "The notes' Adagrad divides by the root MEAN square of past gradients. On the ravine "
           "with a constant η, σ in the steep direction shrinks while the path creeps along the "
           "flat valley, until steps burst out sideways — again and again. A decaying learning "
           "rate (cosine here) removes the bursts.", 5000, _bursts_build, _bursts_check,
           parts=('adaptive bursts and how schedules tame them',)),
    Lesson("cross-entropy-vs-mse", "Cross-entropy keeps its slope where MSE is flat",
           "A logistic classifier p = σ(w·x + b) on separable data, from a start where it is "
           "confidently wrong (w = −6). The MSE surface is a flat plateau there: its gradient is "
           "over 50 times smaller than cross-entropy's, and gradient descent stalls. On the "
           "cross-entropy surface it converges. (x is w, y is b.)", 300, _ce_build, _ce_check,
           parts=('MSE on a logistic classifier', 'cross-entropy on a logistic classifier')),
    Lesson("batch-size-noise", "Small batches are noisy, the full batch is smooth",
           "One network, one dataset, one learning rate, three batch sizes: 1, 16 and the full "
           "set. Each step of batch 1 follows one example, so the (full) training loss jumps "
           "from step to step; the full batch follows the true gradient and falls smoothly. "
           "Compare the train-loss curves.", 400, _batch_build, _batch_check,
           parts=('mini-batches are noisy',)),
    Lesson("sigmoid-vs-relu", "A curve built from pieces: sigmoids or ReLUs",
           "One hidden layer fits a piecewise-linear target, once with 5 sigmoid units and once "
           "with 10 ReLUs (part 2). The output view draws each unit's weighted contribution "
           "c_i·a_i(x) under the fit: the network's output is exactly their sum plus a constant.",
           1500, _pieces_build, _pieces_check,
           parts=('a curve from 5 sigmoids', 'a curve from 10 ReLUs')),
    Lesson("warmup", "Warmup tames Adam's first steps",
           "Adam with a high learning rate on mini-batches: its bias-corrected first steps move "
           "every weight by about η at once, and the loss spikes. Linear warmup over 50 steps, or "
           "RAdam (whose rectification is a built-in warmup), starts gently and does not.", 60,
           _warmup_build, _warmup_check,
           parts=("warmup tames Adam's first steps",)),
    Lesson("schedules-compared", "Learning-rate schedules side by side",
           "Constant, step, cosine, warmup + cosine and one-cycle on the same problem: the "
           "optimizer panel draws each learning-rate curve before training starts; compare the "
           "paths and the loss curves.", 400, _schedules_build, _schedules_check,
           parts=('schedules compared',)),
]}


def _register_more() -> None:
    # the four lessons of lessons_more.py (kept in their own module; it uses Lesson from here)
    from .lessons_more import more_lessons

    LESSONS.update((lesson.name, lesson) for lesson in more_lessons())


_register_more()


def lesson_sessions(name: str) -> list:
    """The sessions of lesson ``name`` (a ParamError lists the valid names)."""
    from .params import ParamError

    if name not in LESSONS:
        raise ParamError(f"unknown lesson {name!r}; valid: {', '.join(LESSONS)}")
    lesson = LESSONS[name]
    sessions = lesson.build()
    for session, part in zip(sessions, lesson.parts, strict=True):
        session.name = part
    return sessions


def check_lesson(name: str) -> str:
    """Run lesson ``name`` headless; returns "" when its effect appears, else what went wrong."""
    from .training import run_race

    from .nettrain import run_net_race

    lesson = LESSONS[name]
    histories = []
    for session in lesson.build():
        if session.is_network:
            hs, _ = run_net_race(session.network, session.runs, lesson.steps)
        else:
            hs, _ = run_race(session.surface(), session.runs, lesson.steps, record="path")
        histories.append(hs)
    return lesson.check(histories)
