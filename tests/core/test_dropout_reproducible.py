"""A network run with dropout gives the same numbers whatever ran before it in the process
(dropout draws from torch's global generator; each run keeps its own state of it)."""

import numpy as np
import torch

from playground.core.networks.datasets import DataSpec
from playground.core.networks.model import NetworkSpec
from playground.core.networks.problem import NetProblem
from playground.core.networks.race import NetRunConfig, run_net_race


def test_dropout_runs_repeat_exactly_after_other_random_draws():
    problem = NetProblem(DataSpec("moons", 120), NetworkSpec.of([16, 16], "relu", dropout=0.5), "ce")
    runs = [NetRunConfig("Adam", "adam", {"lr": 0.01}, batch_size=16)]
    first, _ = run_net_race(problem, runs, 15)
    torch.manual_seed(12345)
    torch.rand(10_000)  # whatever else used the global generator in between
    second, _ = run_net_race(problem, runs, 15)
    np.testing.assert_array_equal(first[0]["train_loss"], second[0]["train_loss"])
    assert np.ptp(first[0]["train_loss"]) > 0  # it trained
