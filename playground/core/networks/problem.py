"""The network problem: what every run of a network race shares (data, model, loss).

A plain dataclass, without the training engine, so sessions can hold one cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..params import ParamError
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
            self.network.validated(dataset.n_inputs)
        return replace(self, data=data)
