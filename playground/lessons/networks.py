"""Network lessons: each lesson's build (the sessions), check (from the recorded histories, did
the effect appear?) side by side; their texts are in resources/lessons/ (see texts.py)."""

from __future__ import annotations

import numpy as np

from ..core.networks.datasets import DataSpec
from ..core.networks.model import NetworkSpec
from ..core.networks.problem import NetProblem
from ..core.networks.race import NetRunConfig
from .base import Lesson, network_lesson_session

def _batch_build():
    problem = NetProblem(DataSpec("moons", 400, 0.15), NetworkSpec.of([16, 16], "tanh"), "ce")
    return [network_lesson_session("batch-size-noise", problem,
                         [NetRunConfig(f"batch {b or 'full'}", "sgd", {"lr": 0.1}, batch_size=b)
                          for b in (1, 16, 0)])]


def _batch_check(histories):
    (b1, b16, full), = histories
    spread = [float(np.std(np.diff(h["train_loss"][len(h) // 2:]))) for h in (b1, b16, full)]
    # the notes' claim is an ordering (noise falls with the batch size), so no number is tuned
    ok = spread[0] > spread[1] > spread[2]
    return "" if ok else f"step-to-step spread {spread} does not fall with the batch size"


BATCH = Lesson("batch-size-noise", 200, _batch_build, _batch_check,
       parts=('mini-batches are noisy',))


def _pieces_build():
    data = DataSpec("piecewise", 300, 0.05)
    run = NetRunConfig("Adam", "adam", {"lr": 0.03}, batch_size=0)
    return [network_lesson_session("sigmoid-vs-relu",
                         NetProblem(data, NetworkSpec.of([5], "sigmoid"), "mse"), [run]),
            network_lesson_session("sigmoid-vs-relu",
                         NetProblem(data, NetworkSpec.of([10], "relu"), "mse"), [run])]


def _pieces_check(histories):
    for (h,) in histories:
        # noise 0.05 on the target: a good fit's MSE is about 0.05^2; 0.03 means 'the shape is fitted'
        if not h["train_loss"][-1] < 0.03:
            return f"a fit ended at train loss {h['train_loss'][-1]:.3g}, not small"
    return ""


PIECES = Lesson("sigmoid-vs-relu", 1000, _pieces_build, _pieces_check,
       parts=('a curve from 5 sigmoids', 'a curve from 10 ReLUs'), speed=("100 steps/s", 100.0))


def _warmup_build():
    problem = NetProblem(DataSpec("circles", 400, 0.1), NetworkSpec.of([32, 32], "relu"), "ce")
    return [network_lesson_session("warmup", problem, [
        NetRunConfig("Adam, lr 0.1", "adam", {"lr": 0.1}, batch_size=BATCH_SIZE),
        NetRunConfig("Adam + 50 warmup steps", "adam", {"lr": 0.1}, warmup=50, batch_size=BATCH_SIZE),
        NetRunConfig("RAdam, lr 0.1", "radam", {"lr": 0.1}, batch_size=BATCH_SIZE)])]


#: mini-batches of 100: small enough to be mini-batches, large enough that after warmup lr 0.1
#: trains smoothly (with 16 the warmed-up run spiked at steps 35–50 from batch noise alone)
BATCH_SIZE = 100


def _spike(h):
    """The first step whose training loss is 30% above the initial loss."""
    loss = h["train_loss"]
    hits = np.flatnonzero(loss[1:] > 1.3 * loss[0])
    return (int(hits[0]) + 1, "spike") if len(hits) else None


def _warmup_check(histories):
    (adam, warm, radam), = histories
    start = adam["train_loss"][0]
    # a spike = 30% above the initial loss within the first 5 steps
    if _spike(adam) is None or _spike(adam)[0] > 5:
        return "no early loss spike without warmup"
    # the warmed-up runs never rise above 2% over the initial loss in the whole run
    for name, h in (("warmup", warm), ("RAdam", radam)):
        if h["train_loss"][1:].max() > 1.02 * start:
            return f"the loss still spiked with {name}"
    return ""


WARMUP = Lesson("warmup", 50,
       _warmup_build, _warmup_check,
       parts=("warmup tames Adam's first steps",), speed=("5 steps/s", 5.0), moment=_spike)


NETWORK_LESSONS = [BATCH, PIECES, WARMUP]
