"""Training real networks on toy datasets: races of runs that share the architecture, the data and
the initial weights, each with its own optimizer, schedule and batch size.

:meth:`NetRace.play` is a generator like :meth:`playground.core.surfaces.race.Race.play`: it checks a
stop flag every step and yields snapshots of new rows (one row per step: step, epoch, the
mini-batch loss, the full train and test losses, the learning rate, and accuracies for
classification) at most every ``interval`` seconds.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

import numpy as np
import torch
import torch.nn.functional as F

from .datasets import CLASSIFICATION, Dataset, make_dataset
from .hessian import (PRECONDITIONED, NetworkHessian, ScaledOperator, SharpnessTracker,
                      adam_preconditioner, network_hessian, stability_threshold)
from .problem import LOSSES, NetProblem, check_race_size  # noqa: F401 (NetProblem: re-used name)
from .model import Net, NetworkSpec, build_model
from .recording import Recorded, WeightLog, flat_state, load_state, n_parameters
from .. import limits
from ..optim.optimizers import build_optimizer
from ..params import ParamError
from ..optim.schedulers import Schedule
from ..race import (DIVERGED, DONE, PAUSED, READY, RUNNING, STOPPED_EARLY,  # noqa: F401 (re-used names)
                    ENDED, RunConfigBase, resume, settle)

@dataclass(frozen=True)
class NetRunConfig(RunConfigBase):
    """One run on a network: the shared fields plus its mini-batch size (``seed``: the order of
    the mini-batches)."""

    opt: dict = field(default_factory=lambda: {"lr": 0.1})
    batch_size: int = 32  # 0: the full training set

    def check_own(self) -> dict:
        if isinstance(self.batch_size, bool) or not isinstance(self.batch_size, int) or self.batch_size < 0:
            raise ParamError(f"run {self.name!r}: batch_size must be a whole number >= 0 (0: full set)")
        return {}


def loss_fn(problem: NetProblem, dataset: Dataset):
    """The training loss (without the L2 penalty): cross-entropy on logits, or MSE (on the
    softmax probabilities against one-hot targets, for classification)."""
    if problem.loss == "ce":
        return F.cross_entropy
    if dataset.task == CLASSIFICATION:
        def mse_on_probabilities(logits, labels):
            target = F.one_hot(labels, logits.shape[1]).to(logits.dtype)
            return F.mse_loss(torch.softmax(logits, dim=1), target)

        return mse_on_probabilities
    return F.mse_loss


@dataclass
class NetSnapshot:
    rows: dict[int, dict[str, np.ndarray]]
    status: dict[int, str]
    step: int
    diverged_at: dict[int, int] = field(default_factory=dict)


class _Run:
    def __init__(self, config: NetRunConfig, model: Net, dataset: Dataset):
        self.config = config
        self.model = model
        self.optimizer = build_optimizer(config.optimizer, model.parameters(), config.opt)
        self.schedule = Schedule(self.optimizer, config.scheduler, config.sched, config.warmup,
                                 config.warmup_start)
        n = len(dataset.x_train)
        self.batch = n if config.batch_size in (0, None) or config.batch_size > n else config.batch_size
        self.gen = torch.Generator().manual_seed(config.seed)
        # dropout draws from torch's global generator: each run keeps its own state of it, so
        # its numbers do not depend on what trained before it in the process (issue 8)
        self.noise = torch.Generator().manual_seed(config.seed).get_state()
        self.order = torch.randperm(n, generator=self.gen)
        self.cursor = 0
        self.best, self.since_best = float("inf"), 0
        self.rows: list[tuple] = []
        self.log: WeightLog | None = None  # set by the race when it records weights
        self.sharpness = SharpnessTracker(seed=config.seed)

    def next_batch(self, n: int) -> torch.Tensor:
        if self.cursor + self.batch > n:  # a new epoch: reshuffle (the last partial batch is dropped)
            self.order = torch.randperm(n, generator=self.gen)
            self.cursor = 0
        idx = self.order[self.cursor : self.cursor + self.batch]
        self.cursor += self.batch
        return idx


class NetRace:
    """Several runs of one network problem, advancing in lockstep from the same initial weights.

    ``record_weights`` keeps every run's flattened weights at every step (for the PCA directions
    and projected trajectories of the loss landscape, and the views at any step), all runs
    together within :data:`~playground.core.limits.MAX_WEIGHT_BYTES` (older steps are thinned:
    see :mod:`.recording`). Other threads read them only through :meth:`recorded`,
    :meth:`model_at` and :meth:`weights`, which use immutable snapshots.
    """

    def __init__(self, problem: NetProblem, runs: list[NetRunConfig], record_weights: bool = True):
        self.dataset = make_dataset(problem.data)
        self.problem = problem.validated(self.dataset)
        self.loss = loss_fn(self.problem, self.dataset)
        check_race_size(problem.network.parameter_count(self.dataset.n_inputs, self.dataset.n_outputs), len(runs))
        self.initial = build_model(problem.network, self.dataset.n_inputs, self.dataset.n_outputs,
                                   problem.init_seed)
        self.runs = [_Run(r.validated(), copy.deepcopy(self.initial), self.dataset) for r in runs]
        self.record_weights = record_weights
        if record_weights:
            for run in self.runs:
                run.log = WeightLog(limits.MAX_WEIGHT_BYTES // max(len(self.runs), 1))
        self.n_params = n_parameters(self.initial)
        self.step_count = 0
        self.status = {i: READY for i in range(len(runs))}
        self.diverged_at: dict[int, int] = {}
        for run in self.runs:
            self._record(run, 0, batch_loss=float("nan"), lr=float("nan"))

    @property
    def finished(self) -> bool:
        return all(s in ENDED for s in self.status.values())

    def evaluate(self, model: Net) -> tuple[float, float, float, float]:
        """Full train and test loss (with the L2 penalty on train) and accuracies, in eval mode."""
        ds = self.dataset
        model.eval()
        with torch.no_grad():
            out_train, out_test = model(ds.x_train), model(ds.x_test)
            train = float(self.loss(out_train, ds.y_train)) + self._penalty(model)
            test = float(self.loss(out_test, ds.y_test))
            if ds.task == CLASSIFICATION:
                acc_train = float((out_train.argmax(1) == ds.y_train).float().mean())
                acc_test = float((out_test.argmax(1) == ds.y_test).float().mean())
            else:
                acc_train = acc_test = float("nan")
        model.train()
        return train, test, acc_train, acc_test

    def _penalty(self, model) -> float | torch.Tensor:
        if not self.problem.weight_decay:
            return 0.0
        return self.problem.weight_decay * sum((p**2).sum() for n, p in model.named_parameters()
                                               if n.endswith("weight") and p.dim() > 1)

    def _record(self, run: _Run, step: int, batch_loss: float, lr: float) -> tuple:
        train, test, acc_train, acc_test = self.evaluate(run.model)
        epoch = step * run.batch / len(self.dataset.x_train)
        limit = stability_threshold(lr, run.config.optimizer, run.config.opt)
        row = (step, epoch, batch_loss, train, test, lr, acc_train, acc_test,
               self._sharpness(run, step, train), limit)
        run.rows.append(row)
        if run.log is not None:
            run.log.append(step, flat_state(run.model))
        return row

    def _sharpness(self, run: _Run, step: int, train_loss: float) -> float:
        """λ_max of the full training loss (with the L2 penalty) every ``sharpness_every`` steps
        (step 0 included), warm-started from the run's previous top eigenvector; NaN between.
        For Adam and AdamW the preconditioned sharpness λ_max(P⁻¹H) (none at step 0)."""
        every = self.problem.sharpness_every
        if not every or step % every or not np.isfinite(float(train_loss)):
            return float("nan")
        ds = self.dataset
        op = NetworkHessian(run.model, self.loss, ds.x_train, ds.y_train, self.problem.weight_decay)
        if run.config.optimizer in PRECONDITIONED and not run.config.opt.get("amsgrad"):
            d = adam_preconditioner(run.optimizer)  # Adam's stability is of P⁻¹H, not H
            if d is None:
                return float("nan")
            op = ScaledOperator(op, d)
        return run.sharpness.update(op)

    def hessian(self, i: int, step: int | None = None, float64: bool = True) -> NetworkHessian:
        """The Hessian operator of run ``i``'s full training loss (with the L2 penalty) at
        ``step`` (None: the newest), on a copy of its network (float64 by default: the
        eigenvalues then carry no float32 rounding), safe beside a training thread."""
        ds = self.dataset
        return network_hessian(self.model_at(i, step), self.loss, ds.x_train, ds.y_train,
                               self.problem.weight_decay, float64)

    def _advance(self, i: int, run: _Run, step: int) -> None:
        """Update ``step`` of run ``i`` on its next mini-batch, then record the row."""
        ds = self.dataset
        idx = run.next_batch(len(ds.x_train))
        lr = float(run.optimizer.param_groups[0]["lr"])
        run.optimizer.zero_grad(set_to_none=True)
        outside = torch.get_rng_state()
        torch.set_rng_state(run.noise)
        try:
            out = run.model(ds.x_train[idx])
        finally:
            run.noise = torch.get_rng_state()
            torch.set_rng_state(outside)
        loss = self.loss(out, ds.y_train[idx])
        total = loss + self._penalty(run.model)
        if not torch.isfinite(total):
            self._diverge(i, step)
            return
        total.backward()
        run.optimizer.step()
        row = self._record(run, step, float(loss.detach()), lr)
        run.schedule.step(row[3] if run.schedule.plateau is not None else None)
        if not all(np.isfinite(row[3:5])) or (run.log is not None and not np.isfinite(run.log.newest()).all()):
            run.rows.pop()
            if run.log is not None:
                run.log.pop()
            self._diverge(i, step)
            return
        patience = self.problem.early_stopping
        if patience:
            if row[4] < run.best - 1e-12:
                run.best, run.since_best = row[4], 0
            else:
                run.since_best += 1
                if run.since_best >= patience:
                    self.status[i] = STOPPED_EARLY

    def _diverge(self, i: int, step: int) -> None:
        self.status[i] = DIVERGED
        self.diverged_at[i] = step

    def play(self, steps: int | None = None, should_stop: Callable[[], bool] | None = None,
             interval: float = 0.03) -> Iterator[NetSnapshot]:
        resume(self.status)
        last = time.perf_counter()
        while not self.finished and (steps is None or self.step_count < steps):
            if should_stop is not None and should_stop():
                break
            for i, run in enumerate(self.runs):
                if self.status[i] == RUNNING:
                    self._advance(i, run, self.step_count + 1)
            self.step_count += 1
            now = time.perf_counter()
            if now - last >= interval:
                last = now
                yield self._snapshot()
        done = steps is not None and self.step_count >= steps
        settle(self.status, done)
        yield self._snapshot()

    def _snapshot(self) -> NetSnapshot:
        rows = {}
        for i, run in enumerate(self.runs):
            if run.rows:
                arr = np.array(run.rows, dtype=np.float64)
                chunk = {name: arr[:, k] for k, name in enumerate(ROW_COLUMNS)}
                if self.dataset.task != CLASSIFICATION:
                    chunk.pop("train_acc")
                    chunk.pop("test_acc")
                if not self.problem.sharpness_every:
                    chunk.pop("sharpness")
                    chunk.pop("sharpness_limit")
                rows[i] = chunk
                run.rows = []
        return NetSnapshot(rows, dict(self.status), self.step_count, dict(self.diverged_at))

    def recorded(self, i: int) -> Recorded:
        """An immutable snapshot of run ``i``'s recorded states (empty when not recording)."""
        log = self.runs[i].log
        return log.snapshot() if log is not None else Recorded((), ())

    def model_at(self, i: int, step: int | None = None) -> Net:
        """A copy of run ``i``'s network at ``step`` (the newest recorded step not after it;
        None: the newest), safe to use while the training thread trains the live one. A race
        that does not record weights has only the live network: its copy, whatever ``step``."""
        state = self.recorded(i).at(step)
        if state is None:
            model = copy.deepcopy(self.runs[i].model)
            model.train()
            return model
        model = copy.deepcopy(self.initial)
        load_state(model, state)
        return model

    def weights(self, i: int) -> np.ndarray:
        """Run ``i``'s weights at every recorded step, (rows, n_weights) (parameters only)."""
        states = self.recorded(i).states
        return np.array([s[: self.n_params] for s in states]).reshape(len(states), self.n_params)


#: ``sharpness``: λ_max where measured (NaN between; for Adam and AdamW that of P⁻¹H);
#: ``sharpness_limit``: the stability threshold of the learning rate used (2/η_t for plain SGD,
#: see :func:`stability_threshold`; NaN for other adaptive optimizers); both only when the
#: problem measures sharpness
ROW_COLUMNS = ("step", "epoch", "batch_loss", "train_loss", "test_loss", "lr", "train_acc", "test_acc",
               "sharpness", "sharpness_limit")


def run_net_race(problem: NetProblem, runs: list[NetRunConfig], steps: int,
                 record_weights: bool = False):
    """Train headless; returns each run's History and the race."""
    from ..history import History

    race = NetRace(problem, runs, record_weights)
    histories = [History() for _ in runs]
    for snap in race.play(steps):
        for i, chunk in snap.rows.items():
            histories[i].extend(chunk)
    return histories, race
