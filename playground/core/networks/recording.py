"""A network run's weights recorded step by step, under a memory budget in bytes.

The views need the weights at any recorded step (the builder's links and the output while the
timeline is scrubbed, the PCA directions of the loss landscape). A row is the whole flat state
(parameters, then BatchNorm's running statistics), so a 3 × 1,024 network costs ~8 MB a step:
a row count cannot bound that, a byte budget can. Past the budget every second row of the older
half is dropped (as the histories are thinned), so old steps get sparser, the first and the
newest rows always stay, and memory stays flat however long the run.

The training thread appends; the GUI thread reads. A reader never touches the live lists: it
takes a :class:`Recorded`, an immutable snapshot (tuples of read-only arrays) made under a lock
held only for the append or the thinning.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass

import numpy as np
import torch

#: bytes a row costs beyond its data: the array object, its list slot and its step number
ROW_OVERHEAD = 128
#: rows always kept, whatever the budget (the start, something between, the newest)
MIN_ROWS = 3


@dataclass(frozen=True)
class Recorded:
    """An immutable snapshot of a :class:`WeightLog`: ascending steps and the state at each."""

    steps: tuple[int, ...]
    states: tuple[np.ndarray, ...]

    def at(self, step: int | None = None) -> np.ndarray | None:
        """The state at the newest recorded step not after ``step`` (None: the newest)."""
        if not self.states:
            return None
        if step is None:
            return self.states[-1]
        return self.states[max(bisect.bisect_right(self.steps, step) - 1, 0)]


class WeightLog:
    """Flat states by step, at most ``budget`` bytes (but never fewer than :data:`MIN_ROWS` rows)."""

    def __init__(self, budget: int):
        self.budget = budget
        self._steps: list[int] = []
        self._states: list[np.ndarray] = []
        self._lock = threading.Lock()
        self.capacity: int | None = None  # rows, fixed by the size of the first row

    def __len__(self) -> int:
        return len(self._states)

    @property
    def nbytes(self) -> int:
        """Memory held, by the same count the budget uses."""
        return sum(s.nbytes + ROW_OVERHEAD for s in self._states)

    def append(self, step: int, state: np.ndarray) -> None:
        state.flags.writeable = False  # snapshots share it: nobody may change it in place
        if self.capacity is None:
            self.capacity = max(MIN_ROWS, self.budget // (state.nbytes + ROW_OVERHEAD))
        with self._lock:
            self._steps.append(step)
            self._states.append(state)
            if len(self._states) > self.capacity:
                self._thin()

    def _thin(self) -> None:
        """Drop every second row of the older half (the first row and the newer half stay)."""
        old = len(self._states) // 2
        keep = list(range(0, old, 2)) + list(range(old, len(self._states)))
        self._steps = [self._steps[k] for k in keep]
        self._states = [self._states[k] for k in keep]

    def pop(self) -> None:
        """Forget the newest row (a step that diverged)."""
        with self._lock:
            self._steps.pop()
            self._states.pop()

    def newest(self) -> np.ndarray | None:
        states = self._states
        return states[-1] if states else None

    def snapshot(self) -> Recorded:
        with self._lock:
            return Recorded(tuple(self._steps), tuple(self._states))


def _float_buffers(model: torch.nn.Module) -> list[torch.Tensor]:
    """BatchNorm's running mean and variance (its integer step counter is not state to show)."""
    return [b for b in model.buffers() if b.is_floating_point()]


def flat_state(model: torch.nn.Module) -> np.ndarray:
    """The model's parameters, then its floating-point buffers, as one new float vector."""
    tensors = [p.detach().reshape(-1) for p in model.parameters()]
    tensors += [b.detach().reshape(-1) for b in _float_buffers(model)]
    return torch.cat(tensors).numpy().copy()


def n_parameters(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def load_state(model: torch.nn.Module, state: np.ndarray) -> None:
    """Set ``model``'s parameters and floating-point buffers from a :func:`flat_state` vector."""
    values = torch.from_numpy(np.array(state))  # a writable copy: torch may not share read-only memory
    n = n_parameters(model)
    with torch.no_grad():
        torch.nn.utils.vector_to_parameters(values[:n], model.parameters())
        at = n
        for b in _float_buffers(model):
            b.copy_(values[at:at + b.numel()].reshape(b.shape))
            at += b.numel()
