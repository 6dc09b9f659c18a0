"""Training on two-parameter surfaces: runs, races and the one training loop everyone uses.

A :class:`Race` advances several runs on one surface in lockstep. These optimizers act element
by element, so runs that share a configuration (optimizer, hyperparameters, schedule) but start
from different points advance as one ``(n, 2)`` tensor: one optimizer, one forward and backward
pass for all of them, bit for bit the same numbers as running each alone (a test checks this).

:meth:`Race.play` is a generator that the GUI worker, the CLI and the tests all drive. It checks
the stop flag before every step and yields a :class:`Snapshot` of only the new rows at most every
``interval`` seconds, and always when it ends.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

import numpy as np
import torch

from .. import limits
from ..history import History
from ..optim.optimizers import build_optimizer
from ..params import ParamError
from ..optim.schedulers import PLATEAU, Schedule
from ..race import (DIVERGED, DONE, PAUSED, READY, RUNNING, RunConfigBase,  # noqa: F401 (re-used names)
                    resume, settle)
from .problem import Surface



@dataclass(frozen=True)
class RunConfig(RunConfigBase):
    """One run on a surface: the shared fields plus its start point.

    ``objective`` is a formula in x and y that this run descends instead of the session's
    surface (None: the surface). It lets one view compare two losses of the same parameters
    (MSE and cross-entropy of one classifier) as two runs side by side.
    """

    start: tuple[float, float] = (0.0, 0.0)
    objective: str | None = None

    def check_own(self) -> dict:
        if self.objective is not None:
            try:
                self.own_surface()
            except (ParamError, TypeError) as exc:
                raise ParamError(f"run {limits.quoted(self.name)}: objective: {exc}") from None
        return {"start": self.checked_start()}

    def own_surface(self) -> Surface | None:
        """The surface this run descends when it has its own objective, else None."""
        from .problem import CUSTOM, get_surface

        return None if self.objective is None else get_surface(CUSTOM, self.objective)

    def checked_start(self) -> tuple[float, float]:
        try:
            start = tuple(limits.check_number(v, "start", limits.MAX_COORDINATE) for v in self.start)
        except (limits.LimitError, TypeError, ValueError) as exc:
            raise ParamError(f"run {limits.quoted(self.name)}: {exc}") from None
        if len(start) != 2:
            raise ParamError(f"run {limits.quoted(self.name)}: start must be two finite numbers, "
                             f"got {limits.quoted(self.start)}")
        return start

    def batch_key(self) -> str | None:
        """Runs with equal keys can share one batched optimizer; None means it must run alone."""
        if self.scheduler == PLATEAU:  # its schedule depends on this run's own loss
            return None
        return json.dumps([self.optimizer, self.opt, self.scheduler, self.sched, self.warmup,
                           self.warmup_start, self.objective], sort_keys=True, default=list)


@dataclass
class Chunk:
    """New rows of one group of runs, as arrays over (row, run, ...).

    ``cols`` maps a column name to an array of shape ``(k, n, ...)``, or ``(k,)`` for values the
    runs share (the learning rate, scalar optimizer state). ``lengths[j]`` says how many of the
    ``k`` rows are valid for run ``runs[j]`` (fewer when it diverged in this chunk).
    """

    runs: np.ndarray
    cols: dict[str, np.ndarray]
    lengths: np.ndarray

    def run_rows(self, j: int) -> dict[str, np.ndarray]:
        """The rows of the ``j``-th run of this chunk as a :class:`History` chunk."""
        n = int(self.lengths[j])
        return {key: (arr[:n, j] if arr.ndim > 1 else arr[:n]) for key, arr in self.cols.items()}


@dataclass
class Snapshot:
    """What is new since the previous snapshot: one :class:`Chunk` per group that advanced,
    every run's status, the race's step count and the row at which diverged runs ended."""

    chunks: list[Chunk]
    status: dict[int, str]
    step: int
    diverged_at: dict[int, int] = field(default_factory=dict)

    @property
    def rows(self) -> dict[int, dict[str, np.ndarray]]:
        """New rows per run index (splits the group arrays; meant for a handful of runs)."""
        out = {}
        for chunk in self.chunks:
            for j, run in enumerate(chunk.runs):
                if chunk.lengths[j] > 0:
                    out[int(run)] = chunk.run_rows(j)
        return out


class _Rows:
    """Rows of one column, copied once into preallocated blocks (cheaper than clone + stack)."""

    BLOCK = 64

    def __init__(self):
        self.blocks: list[torch.Tensor] = []
        self.n = 0  # rows used in the last block

    def append(self, value: torch.Tensor) -> None:
        if not self.blocks or self.n == self.BLOCK:
            self.blocks.append(torch.empty((self.BLOCK,) + value.shape, dtype=value.dtype))
            self.n = 0
        self.blocks[-1][self.n].copy_(value)
        self.n += 1

    def take(self) -> np.ndarray | None:
        """All rows appended since the last take, as one array; starts afresh."""
        if not self.blocks:
            return None
        last = self.blocks[-1][: self.n]
        arr = torch.cat(self.blocks[:-1] + [last]) if len(self.blocks) > 1 else last
        self.blocks, self.n = [], 0
        return arr.numpy()


class _Group:
    """Runs sharing one configuration, advanced as one tensor.

    The tensor is laid out (2, n), coordinates contiguous, so that gradients assemble with a
    plain copy; snapshots present it as (rows, n, 2).

    Every row is complete when recorded: :meth:`advance` makes update t and then evaluates the
    new position, so row t gets (lr, gradient, state) of update t together with position t and
    its loss. Only row 0, recorded by the constructor, has no update.
    """

    def __init__(self, surface: Surface, config: RunConfig, indexes: list[int], record: str,
                 starts: list[tuple[float, float]]):
        self.surface, self.indexes, self.record = surface, indexes, record
        self.p = torch.tensor(starts, dtype=torch.float64).T.contiguous().requires_grad_(True)
        self.optimizer = build_optimizer(config.optimizer, [self.p], config.opt)
        self.schedule = Schedule(self.optimizer, config.scheduler, config.sched, config.warmup,
                                 config.warmup_start)
        self.alive_mask = np.ones(len(indexes), dtype=bool)  # runs not yet diverged
        self.rows_seen = 0  # rows flushed so far (the same for every run of the group)
        self._clear()
        self.has_start_row = True  # the next flush holds row 0, which has no update
        self._evaluate()

    def _clear(self):
        self.lr: list[float] = []
        self.buf: dict[str, _Rows] = {"pos": _Rows(), "loss": _Rows()}
        if self.record == "full":
            self.buf["grad"] = _Rows()

    def _evaluate(self) -> None:
        p = self.p.detach()
        self.loss, gx, gy = self.surface.value_and_grad(p[0], p[1])
        self.grad = torch.stack((gx, gy))
        self.buf["pos"].append(p)
        self.buf["loss"].append(self.loss)

    def advance(self) -> None:
        """Update t with the gradient at position t-1, then record row t."""
        opt = self.optimizer
        self.lr.append(float(opt.param_groups[0]["lr"]))
        if self.record == "full":
            self.buf["grad"].append(self.grad)
        self.p.grad = self.grad
        opt.step()
        # ReduceLROnPlateau watches the loss of the position the update started from
        self.schedule.step(float(self.loss[0]) if self.schedule.plateau is not None else None)
        if self.record == "full":
            for key, value in opt.state[self.p].items():
                if torch.is_tensor(value) and key != "step" and (
                        value.shape == self.p.shape or value.dim() == 0):
                    self.buf.setdefault("state." + key, _Rows()).append(value.detach())
        self._evaluate()

    def flush(self) -> dict[str, np.ndarray]:
        """The rows recorded since the last flush, as ``(k, n, ...)`` arrays."""
        cols = {"lr": np.array(self.lr, dtype=np.float64)}
        for key, rows in self.buf.items():
            arr = rows.take()
            if arr is None:
                arr = np.empty((0, len(self.indexes), 2))
            elif arr.ndim == 3:  # (k, 2, n) -> (k, n, 2)
                arr = arr.transpose(0, 2, 1)
            cols[key] = arr
        if not len(cols["pos"]):
            return {}
        if self.has_start_row:  # row 0 has no update: pad the update columns with NaN
            self.has_start_row = False
            for key, arr in cols.items():
                if key not in ("pos", "loss"):
                    cols[key] = np.concatenate([np.full((1,) + arr.shape[1:], np.nan), arr])
        self._clear()
        return cols


class Race:
    """Several runs on one surface advancing in lockstep.

    Parameters
    ----------
    surface : the loss surface.
    runs : run configurations; each is validated (a :class:`ParamError` names the bad one).
    record : ``"full"`` keeps gradients and optimizer state for the step inspector;
        ``"path"`` keeps only positions, losses and learning rates (for large sweeps).
    batch : advance runs that share a configuration as one tensor (False: each run alone).
    """

    def __init__(self, surface: Surface, runs: list[RunConfig], record: str = "full",
                 batch: bool = True):
        if record not in ("full", "path"):
            raise ValueError("record must be 'full' or 'path'")
        self.surface = surface
        self.runs = _validate_all(runs)
        self.step_count = 0
        self.status = {i: READY for i in range(len(self.runs))}
        self.diverged_at: dict[int, int] = {}
        keyed: dict[object, list[int]] = {}
        for i, run in enumerate(self.runs):
            key = run.batch_key() if batch else None
            keyed.setdefault(("alone", i) if key is None else key, []).append(i)
        self.groups = [
            _Group(self.runs[idx[0]].own_surface() or surface, self.runs[idx[0]], idx, record,
                   [self.runs[i].start for i in idx])
            for idx in keyed.values()
        ]

    @property
    def finished(self) -> bool:
        """True when no run can advance any more (all diverged)."""
        return not self.groups

    def play(self, steps: int | None = None, should_stop: Callable[[], bool] | None = None,
             interval: float = 0.03) -> Iterator[Snapshot]:
        """Advance until the race has made ``steps`` updates in all (None: until stopped).

        Yields a :class:`Snapshot` at most every ``interval`` seconds and always at the end.
        A run whose position, loss or gradient becomes non-finite ends as ``diverged`` at that
        step, keeping all its finite rows; the other runs go on.
        """
        resume(self.status)
        last = time.perf_counter()
        while not self.finished and (steps is None or self.step_count < steps):
            if should_stop is not None and should_stop():
                break
            for group in self.groups:
                group.advance()
            self.step_count += 1
            now = time.perf_counter()
            if now - last >= interval:
                last = now
                yield self._snapshot()
        snap = self._snapshot()
        done = steps is not None and self.step_count >= steps
        settle(self.status, done)
        snap.status = dict(self.status)
        yield snap

    def _snapshot(self) -> Snapshot:
        chunks = []
        for group in self.groups:
            cols = group.flush()
            if not cols:
                continue
            k = len(cols["pos"])
            cols["step"] = np.arange(group.rows_seen, group.rows_seen + k, dtype=np.float64)
            bad = _non_finite_rows(cols)  # (k, n)
            first_bad = np.where(bad.any(axis=0), bad.argmax(axis=0), k)
            lengths = np.where(group.alive_mask, first_bad, 0)
            for j in np.flatnonzero(group.alive_mask & (first_bad < k)):
                run = group.indexes[j]
                self.status[run] = DIVERGED
                self.diverged_at[run] = group.rows_seen + int(first_bad[j])
            group.rows_seen += k
            group.alive_mask = group.alive_mask & (first_bad == k)
            chunks.append(Chunk(np.asarray(group.indexes), cols, lengths))
        self.groups = [g for g in self.groups if g.alive_mask.any()]
        return Snapshot(chunks, dict(self.status), self.step_count, dict(self.diverged_at))


def _validate_all(runs: list[RunConfig]) -> list[RunConfig]:
    """Validate each distinct configuration once (a sweep has thousands of runs, few configs)."""
    checked: dict[str, RunConfig] = {}
    out = []
    for run in runs:
        key = run.batch_key() or json.dumps([run.optimizer, run.opt, run.scheduler, run.sched,
                                             run.warmup, run.warmup_start], default=list)
        if key not in checked:
            checked[key] = run.validated()
        ok = checked[key]
        out.append(replace(run, opt=ok.opt, sched=ok.sched, start=run.checked_start()))
    return out


def _non_finite_rows(cols: dict[str, np.ndarray]) -> np.ndarray:
    """(k, n) mask of rows that end their run: a non-finite position or loss, or a non-finite
    gradient in the row's update (row 0's update columns are NaN by design and don't count)."""
    pos, grad = cols["pos"], cols.get("grad")
    # per coordinate: numpy reduces a length-2 last axis slowly
    ok = np.isfinite(pos[..., 0]) & np.isfinite(pos[..., 1]) & np.isfinite(cols["loss"])
    if grad is not None:
        start_row = np.isnan(cols["lr"])[:, None]
        ok &= (np.isfinite(grad[..., 0]) & np.isfinite(grad[..., 1])) | start_row
    return ~ok


def run_race(surface: Surface, runs: list[RunConfig], steps: int, record: str = "full",
             batch: bool = True, should_stop: Callable[[], bool] | None = None,
             ) -> tuple[list[History], Race]:
    """Run a race to ``steps`` updates headless; returns each run's history and the race."""
    race = Race(surface, runs, record=record, batch=batch)
    histories = [History() for _ in runs]
    for snap in race.play(steps, should_stop):
        for i, chunk in snap.rows.items():
            histories[i].extend(chunk)
    return histories, race
