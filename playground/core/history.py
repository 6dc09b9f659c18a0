"""Compact, growable per-run histories: one row per position, columns as numpy arrays.

The row of step ``t`` holds the position after update ``t`` (step 0 is the start) and the loss
there; for ``t >= 1`` also what explains update ``t``: the learning rate used, the gradient it
used (taken at step ``t-1``), and the optimizer state right after it (``state.exp_avg`` ...).
Step 0 has NaN in those columns. The ``step`` column names each row's step: rows are steps
0, 1, 2, ... until :meth:`History.thin` drops some old rows to bound memory.
"""

from __future__ import annotations

import numpy as np


class History:
    """Arrays that grow by doubling, so hours of training cost amortised O(1) per row."""

    def __init__(self):
        self._cols: dict[str, np.ndarray] = {}
        self._n = 0

    def __len__(self) -> int:
        return self._n

    @property
    def steps(self) -> int:
        """Updates recorded (rows minus the start row)."""
        return max(self._n - 1, 0)

    def columns(self) -> list[str]:
        return list(self._cols)

    def extend(self, chunk: dict[str, np.ndarray]) -> None:
        """Append rows; ``chunk`` maps column name to an array whose first axis is the row."""
        if not chunk:
            return
        k = len(next(iter(chunk.values())))
        if k == 0:
            return
        need = self._n + k
        for name, values in chunk.items():
            col = self._cols.get(name)
            if col is None:
                col = np.full((max(need, 64),) + values.shape[1:], np.nan)
                self._cols[name] = col
            elif len(col) < need:
                grown = np.full((max(need, 2 * len(col)),) + col.shape[1:], np.nan)
                grown[: self._n] = col[: self._n]
                self._cols[name] = col = grown
            col[self._n : need] = values
        self._n = need

    def __getitem__(self, name: str) -> np.ndarray:
        """Column ``name`` (a view, rows 0..len-1)."""
        return self._cols[name][: self._n]

    def get(self, name: str, default=None):
        return self[name] if name in self._cols else default

    def updates(self) -> np.ndarray:
        """The update actually applied at each row: position t minus position t-1 (row 0: NaN)."""
        pos = self["pos"]
        out = np.full_like(pos, np.nan)
        out[1:] = pos[1:] - pos[:-1]
        return out

    def steps_of_rows(self) -> np.ndarray:
        """The step of every row (0, 1, 2, ... unless thinned)."""
        col = self.get("step")
        return col if col is not None else np.arange(self._n, dtype=float)

    def row_of_step(self, step: int) -> int:
        """The row showing ``step``: its own, or the latest earlier row kept after thinning."""
        if "step" not in self._cols:
            return min(max(step, 0), self._n - 1)
        return max(int(np.searchsorted(self["step"], step, side="right")) - 1, 0)

    def thin(self, keep_recent: int) -> None:
        """Bound memory: keep the newest ``keep_recent`` rows and the first row in full, and
        every second row of the rest. Repeated whenever a history fills up, old steps become ever
        sparser (memory grows like the logarithm of the run's length) while recent steps stay
        complete for the step inspector."""
        old = self._n - keep_recent
        if old <= 2:
            return
        if "step" not in self._cols:
            self._cols["step"] = np.arange(len(next(iter(self._cols.values()))), dtype=float)
        keep = np.concatenate([np.arange(0, old, 2), np.arange(old, self._n)])
        for name, col in self._cols.items():
            kept = col[keep]
            col[: len(keep)] = kept
        self._n = len(keep)

    def row(self, t: int) -> dict:
        """Every column at row ``t`` (negative indexes count from the end)."""
        if t < 0:
            t += self._n
        if not 0 <= t < self._n:
            raise IndexError(f"row {t} out of range (0..{self._n - 1})")
        return {name: col[t] for name, col in self._cols.items()}

    def as_dict(self) -> dict[str, np.ndarray]:
        return {name: self[name].copy() for name in self._cols}

    @classmethod
    def from_dict(cls, arrays: dict[str, np.ndarray]) -> "History":
        h = cls()
        if arrays:
            lengths = {len(a) for a in arrays.values()}
            if len(lengths) != 1:
                raise ValueError("history columns have different lengths")
            h.extend({k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()})
        return h

