"""The network problem: what every run of a network race shares (data, model, loss).

A plain dataclass, without the training engine, so sessions can hold one cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import limits
from ..params import ParamError, require
from .datasets import CLASSIFICATION, Dataset, DataSpec
from .model import NetworkSpec

LOSSES = ("mse", "ce")


def default_loss(task: str) -> str:
    """Cross-entropy for classification, mean squared error for regression (the one place)."""
    return "ce" if task == CLASSIFICATION else "mse"


@dataclass(frozen=True)
class NetProblem:
    """What every run of a network race shares."""

    data: DataSpec = DataSpec()
    network: NetworkSpec = NetworkSpec()
    loss: str = "ce"
    weight_decay: float = 0.0  # L2 penalty λ·Σw² added to the loss (all runs alike)
    early_stopping: int = 0  # stop a run when test loss has not improved for this many steps
    init_seed: int = 0  # initial weights, shared by every run
    #: measure every run's sharpness λ_max every this many steps (0: off). Each measurement is a
    #: warm-started Lanczos on the full training set: 4 to 20 Hessian–vector products, each
    #: about two full-batch gradients, so every N steps costs roughly 10 to 40 gradients.
    sharpness_every: int = 0

    def validated(self, dataset: Dataset | None = None) -> "NetProblem":
        require(self.loss, "str", "loss")
        require(self.weight_decay, "number", "weight_decay")
        require(self.early_stopping, "int", "early_stopping")
        require(self.init_seed, "int", "init_seed")
        if self.loss not in LOSSES:
            raise ParamError(f"unknown loss {self.loss!r}; valid: mse, ce")
        if not 0 <= self.weight_decay <= 10:
            raise ParamError(f"weight_decay: {self.weight_decay} must be in [0, 10]")
        if self.early_stopping < 0:
            raise ParamError("early_stopping must be >= 0 (0: off)")
        if isinstance(self.sharpness_every, bool) or not isinstance(self.sharpness_every, int) \
                or self.sharpness_every < 0:
            raise ParamError("sharpness_every must be a whole number >= 0 (0: off)")
        data = self.data.validated()
        if dataset is not None:
            if dataset.task != CLASSIFICATION and self.loss == "ce":
                raise ParamError(f"{data.name} is a regression problem: use loss mse "
                                 "(cross-entropy needs classes)")
            self.network.validated(dataset.n_inputs, dataset.n_outputs)
        return replace(self, data=data)


def check_race_size(n_parameters: int, n_runs: int) -> None:
    """Refuse a race whose runs together hold more than MAX_RACE_PARAMETERS parameters (each
    run has its own copy of the network, its gradients and its optimizer state)."""
    if n_parameters * n_runs > limits.MAX_RACE_PARAMETERS:
        raise ParamError(f"{n_runs} runs of a network of {n_parameters:,} weights are too much to train at once "
                         f"(runs × weights at most {limits.MAX_RACE_PARAMETERS:,}): fewer runs or a smaller network")
