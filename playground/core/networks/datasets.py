"""Toy datasets for networks, seeded and reproducible, and CSV import.

Classification in 2-D: ``circles``, ``xor``, ``gaussians``, ``spirals``, ``moons``; regression in
1-D: ``sine``, ``piecewise`` (a piecewise-linear curve), ``step``; and ``scaled-linear``, a
two-feature linear regression whose features have standard deviations 1 and 100 (the
normalization lesson). ``shift`` draws the test inputs from a shifted distribution (the mismatch
lesson). Networks train in float32, as they usually do.
"""

from __future__ import annotations

import csv
import io
import math
from array import array
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import torch

from .. import limits
from ..params import ParamError, require

CLASSIFICATION, REGRESSION = "classification", "regression"
DATASETS = {
    "circles": CLASSIFICATION, "xor": CLASSIFICATION, "gaussians": CLASSIFICATION,
    "spirals": CLASSIFICATION, "moons": CLASSIFICATION, "sine": REGRESSION,
    "piecewise": REGRESSION, "step": REGRESSION, "scaled-linear": REGRESSION,
}
CSV = "csv"
EXTRA_FEATURES = ("x^2", "x1*x2", "sin")
MAX_SAMPLES = limits.MAX_SAMPLES


@dataclass(frozen=True)
class DataSpec:
    """Everything that defines a dataset; the same spec always gives the same numbers."""

    name: str = "circles"
    samples: int = 400
    noise: float = 0.1
    test_fraction: float = 0.3
    standardize: bool = True
    features: tuple[str, ...] = ()  # extra input features: "x^2", "x1*x2", "sin"
    shift: float = 0.0  # test inputs come from a distribution shifted by this much
    seed: int = 0
    csv_path: str | None = None  # for name == "csv"
    target: str | None = None  # the CSV column to predict

    def validated(self) -> "DataSpec":
        require(self.name, "str", "dataset")
        require(self.samples, "int", "samples")
        require(self.standardize, "bool", "standardize")
        limits.check_int(require(self.seed, "int", "data seed"), "data seed", 0)
        for name in ("csv_path", "target"):
            if getattr(self, name) is not None:
                require(getattr(self, name), "str", name)
        for f in self.features:
            require(f, "str", "feature")
        if self.name != CSV and self.name not in DATASETS:
            raise ParamError(f"unknown dataset {self.name!r}; valid: {', '.join(DATASETS)}, {CSV}")
        if not 8 <= self.samples <= MAX_SAMPLES:
            raise ParamError(f"samples: {self.samples} is out of range, must be in [8, {MAX_SAMPLES}]")
        for name in ("noise", "test_fraction", "shift"):  # a list or a string from a file
            try:
                limits.check_number(require(getattr(self, name), "number", name), name, limits.MAX_COORDINATE)
            except limits.LimitError as exc:
                raise ParamError(str(exc)) from None
        if not 0 <= self.noise <= 10:
            raise ParamError(f"noise: {self.noise} is out of range, must be in [0, 10]")
        if not 0.05 <= self.test_fraction <= 0.9:
            raise ParamError(f"test_fraction: {self.test_fraction} must be in [0.05, 0.9]")
        for f in self.features:
            if f not in EXTRA_FEATURES:
                raise ParamError(f"unknown feature {f!r}; valid: {', '.join(EXTRA_FEATURES)}")
        if self.name == CSV and not (self.csv_path and self.target):
            raise ParamError("a CSV dataset needs a file and the name of its target column")
        return replace(self, features=tuple(self.features))


@dataclass
class Dataset:
    x_train: torch.Tensor  # (n, d) float32
    y_train: torch.Tensor  # (n,) int64 labels, or (n, 1) float32 targets
    x_test: torch.Tensor
    y_test: torch.Tensor
    task: str
    n_classes: int = 0
    feature_names: list[str] = field(default_factory=list)
    raw_train: np.ndarray | None = None  # inputs before extra features / standardising (plots)
    raw_test: np.ndarray | None = None
    transform: object = None  # raw inputs -> network inputs (for decision maps)

    @property
    def n_inputs(self) -> int:
        return self.x_train.shape[1]

    @property
    def n_outputs(self) -> int:
        return self.n_classes if self.task == CLASSIFICATION else 1


def _generate(name: str, n: int, noise: float, rng: np.random.Generator):
    """Raw inputs (n, d) and targets (labels or values) of a built-in dataset."""
    if name == "circles":
        y = rng.integers(0, 2, n)
        r = np.where(y == 0, rng.uniform(0, 0.5, n), rng.uniform(0.75, 1.0, n))
        a = rng.uniform(0, 2 * math.pi, n)
        x = np.column_stack([r * np.cos(a), r * np.sin(a)]) + rng.normal(0, noise * 0.5, (n, 2))
        return x, y
    if name == "xor":
        x = rng.uniform(-1, 1, (n, 2))
        x += np.sign(x) * 0.05  # a small margin around the axes
        y = ((x[:, 0] > 0) ^ (x[:, 1] > 0)).astype(int)
        return x + rng.normal(0, noise * 0.5, (n, 2)), y
    if name == "gaussians":
        y = rng.integers(0, 2, n)
        centres = np.where(y[:, None] == 0, -0.8, 0.8)
        return centres + rng.normal(0, 0.35 + noise, (n, 2)), y
    if name == "spirals":
        y = rng.integers(0, 2, n)
        t = rng.uniform(0.05, 1, n) * 3 * math.pi
        a = t + y * math.pi
        r = t / (3 * math.pi)
        x = np.column_stack([r * np.cos(a), r * np.sin(a)]) + rng.normal(0, noise * 0.2, (n, 2))
        return x, y
    if name == "moons":
        y = rng.integers(0, 2, n)
        a = rng.uniform(0, math.pi, n)
        x = np.where(y[:, None] == 0, np.column_stack([np.cos(a), np.sin(a)]),
                     np.column_stack([1 - np.cos(a), 0.5 - np.sin(a)]))
        return x - [0.5, 0.25] + rng.normal(0, noise * 0.5, (n, 2)), y
    x = rng.uniform(-math.pi, math.pi, (n, 1))
    if name == "sine":
        return x, np.sin(x[:, 0]) + rng.normal(0, noise, n)
    if name == "piecewise":  # kinks at -2, -0.5, 1 and 2: a sum of a few ReLUs or sigmoids
        knots_x = [-math.pi, -2.0, -0.5, 1.0, 2.0, math.pi]
        knots_y = [0.2, 1.0, -0.6, 0.8, 0.1, 0.6]
        return x, np.interp(x[:, 0], knots_x, knots_y) + rng.normal(0, noise, n)
    if name == "step":
        return x, np.where(x[:, 0] > 0, 1.0, -1.0) + rng.normal(0, noise, n)
    if name == "scaled-linear":
        x = np.column_stack([rng.normal(0, 1, n), rng.normal(0, 100, n)])
        return x, 2.0 * x[:, 0] + 0.01 * x[:, 1] + rng.normal(0, noise, n)
    raise ParamError(f"unknown dataset {name!r}")


def _with_features(x: np.ndarray, features) -> tuple[np.ndarray, list[str]]:
    names = [f"x{i + 1}" for i in range(x.shape[1])]
    cols = [x]
    for f in features:
        if f == "x^2":
            cols.append(x**2)
            names += [f"x{i + 1}²" for i in range(x.shape[1])]
        elif f == "x1*x2" and x.shape[1] >= 2:
            cols.append((x[:, 0] * x[:, 1])[:, None])
            names.append("x1·x2")
        elif f == "sin":
            cols.append(np.sin(x))
            names += [f"sin x{i + 1}" for i in range(x.shape[1])]
    return np.concatenate(cols, axis=1), names


def make_dataset(spec: DataSpec) -> Dataset:
    """Build the dataset ``spec`` describes (seeded: the same spec gives the same numbers)."""
    spec = spec.validated()
    rng = np.random.default_rng(spec.seed)
    if spec.name == CSV:
        x, y, task = load_csv(spec.csv_path, spec.target)
        order = rng.permutation(len(x))
        x, y = x[order], y[order]
    else:
        x, y = _generate(spec.name, spec.samples, spec.noise, rng)
        task = DATASETS[spec.name]
    n_test = max(1, int(round(len(x) * spec.test_fraction)))
    x_train, y_train, x_test, y_test = x[n_test:], y[n_test:], x[:n_test].copy(), y[:n_test]
    if spec.shift:
        x_test = x_test + spec.shift  # the mismatch lesson: the test world moved
    raw_train, raw_test = x_train.copy(), x_test.copy()
    f_train, names = _with_features(x_train, spec.features)
    mean, std = f_train.mean(axis=0), f_train.std(axis=0)
    std[std == 0] = 1.0
    if not spec.standardize:
        mean, std = np.zeros_like(mean), np.ones_like(std)

    def transform(raw: np.ndarray) -> torch.Tensor:
        feats, _ = _with_features(np.asarray(raw, dtype=np.float64), spec.features)
        return torch.tensor((feats - mean) / std, dtype=torch.float32)

    if task == CLASSIFICATION:
        labels, y_all = np.unique(np.concatenate([y_train, y_test]), return_inverse=True)
        yt = torch.tensor(y_all[: len(y_train)], dtype=torch.long)
        ye = torch.tensor(y_all[len(y_train):], dtype=torch.long)
        n_classes = max(len(labels), 2)
    else:
        yt = torch.tensor(y_train, dtype=torch.float32)[:, None]
        ye = torch.tensor(y_test, dtype=torch.float32)[:, None]
        n_classes = 0
    return Dataset(transform(x_train), yt, transform(x_test), ye, task, n_classes, names,
                   raw_train, raw_test, transform)


def load_csv(path: str, target: str) -> tuple[np.ndarray, np.ndarray, str]:
    """Numeric columns of a CSV file with a header row; ``target`` is the column to predict.

    The task is classification when the target holds at most 10 distinct whole numbers.
    Only regular files are read (never a device or a pipe a shared session names), line by
    line, stopping at the first limit of :mod:`playground.core.limits` that is passed (size,
    line length, field length, columns, rows, cells). Raises :class:`ParamError` naming the
    problem by file, row and column; it never quotes the file's content.
    """
    try:
        f = limits.open_regular(path, limits.MAX_CSV_BYTES, "a CSV dataset")
    except FileNotFoundError:
        raise ParamError(f"{limits.quoted(path)}: no such file") from None
    except limits.LimitError as exc:
        raise ParamError(f"{limits.quoted(path)}: {exc}") from None
    except IsADirectoryError:
        raise ParamError(f"{limits.quoted(path)}: is a folder, not a CSV file") from None
    except (OSError, TypeError, ValueError) as exc:
        raise ParamError(f"{limits.quoted(path)}: cannot read ({type(exc).__name__})") from None
    with io.TextIOWrapper(f, encoding="utf-8", newline="") as text:
        try:
            header, data = _read_csv(text, target)
        except UnicodeDecodeError:
            raise ParamError(f"{limits.quoted(path)}: not a UTF-8 text file") from None
        except (ParamError, limits.LimitError) as exc:
            raise ParamError(f"{limits.quoted(path)}: {exc}") from None
        except csv.Error as exc:
            what = (f"a field longer than {limits.MAX_CSV_FIELD:,} characters"
                    if "field limit" in str(exc) else "not valid CSV")
            raise ParamError(f"{limits.quoted(path)}: {what}") from None
        except (OSError, MemoryError) as exc:
            raise ParamError(f"{limits.quoted(path)}: cannot read as CSV ({type(exc).__name__})") from None
    arr = np.frombuffer(data, dtype=np.float64).reshape(-1, len(header))
    t = header.index(target)
    y = arr[:, t].copy()
    x = np.delete(arr, t, axis=1)
    classes = np.unique(y)
    task = CLASSIFICATION if len(classes) <= 10 and np.all(classes == np.round(classes)) else REGRESSION
    return x, y, task


def _bounded_lines(text, state: dict):
    """The lines of ``text``, refusing one longer than MAX_CSV_LINE or a row over 100 lines."""
    while True:
        line = text.readline(limits.MAX_CSV_LINE + 1)
        if not line:
            return
        if len(line) > limits.MAX_CSV_LINE:
            raise ParamError(f"line {state['lines'] + 1} is longer than {limits.MAX_CSV_LINE:,} characters")
        state["lines"] += 1
        state["in_row"] += 1
        if state["in_row"] > 100:  # a quoted field left open swallows the rest of the file
            raise ParamError(f"a row spans more than 100 lines (line {state['lines']}): an unclosed quote?")
        yield line


def _read_csv(text, target: str) -> tuple[list[str], array]:
    state = {"lines": 0, "in_row": 0}
    rows = csv.reader(_bounded_lines(text, state))
    header = None
    data = array("d")
    n_rows = 0
    for row in rows:
        state["in_row"] = 0
        if not any(c.strip() for c in row):
            continue
        if header is None:
            header = [h.strip() for h in row]
            if len(header) < 2:
                raise ParamError("needs at least two columns (inputs and a target)")
            limits.check_count(len(header), limits.MAX_CSV_COLUMNS, "columns")
            if len(set(header)) != len(header):
                raise ParamError("column names repeat in the header")
            if target not in header:
                raise ParamError(f"no column {limits.quoted(target)} in the header ({len(header)} columns)")
            continue
        n_rows += 1
        line = state["lines"]
        if len(row) != len(header):
            raise ParamError(f"line {line} has {len(row)} values, the header has {len(header)}")
        if max(map(len, row)) > limits.MAX_CSV_FIELD:  # csv's own limit is global and settable
            raise ParamError(f"line {line}: a field longer than {limits.MAX_CSV_FIELD:,} characters")
        try:
            values = [float(c) for c in row]
        except ValueError:
            col = next(j for j, c in enumerate(row) if not _is_number(c))
            raise ParamError(f"line {line}, column {col + 1}: not a number") from None
        if not all(math.isfinite(v) for v in values):
            raise ParamError(f"line {line} holds a non-finite number")
        if n_rows > limits.MAX_SAMPLES:
            raise ParamError(f"more than {limits.MAX_SAMPLES:,} rows")
        if n_rows * len(header) > limits.MAX_CSV_CELLS:
            raise ParamError(f"more than {limits.MAX_CSV_CELLS:,} numbers (rows × columns)")
        data.extend(values)
    if header is None or n_rows == 0:
        raise ParamError("needs a header row and at least one data row")
    if n_rows < 8:
        raise ParamError(f"needs at least 8 data rows, has {n_rows}")
    return header, data


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
