"""Reading and writing sessions as versioned JSON.

The format (documented in docs/session-format.md)::

    {"format": "optimization-playground-session", "schema_version": 1, "name": ...,
     "problem": {"surface": "rosenbrock"}                  # or custom: "formula", "view_box"
     "runs": [{"name", "color", "optimizer", "opt", "scheduler", "sched", "warmup",
               "warmup_start", "start": [x, y], "seed"}, ...],
     "view": {...}, "lesson": null,
     "histories": [null | {"column": "<base64 .npy>"}, ...]}   # optional

Loading never unpickles (``np.load(..., allow_pickle=False)``), migrates older versions step by
step (``session/migrations.py``), and turns every problem into one :class:`SessionError` whose
message says what is wrong. Saving is atomic: a temporary file renamed over the target.
"""

from __future__ import annotations

import base64
import io
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from ..core.history import History
from ..core.params import ParamError
from ..core.surfaces.problem import CUSTOM
from ..core.surfaces.race import RunConfig
from .migrations import SCHEMA_VERSION, SessionError, migrate  # noqa: F401 (re-exported)
from .model import Session

FORMAT = "optimization-playground-session"
MAX_BYTES = 512 * 1024 * 1024



# -- writing -------------------------------------------------------------------------------


def session_to_dict(session: Session, with_histories: bool = False) -> dict:
    extra: dict[str, Any] = {}
    if session.is_network:
        net = session.network
        problem = {
            "kind": "network",
            "data": {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(net.data).items()},
            "layers": [asdict(layer) for layer in net.network.layers],
            "loss": net.loss,
            "weight_decay": net.weight_decay,
            "early_stopping": net.early_stopping,
            "init_seed": net.init_seed,
        }
        runs = [dict(_run_to_dict(r), batch_size=r.batch_size) for r in session.runs]
    else:
        problem = {"kind": "surface", "surface": session.problem}
        if session.problem == CUSTOM:
            problem["formula"] = session.formula
            if session.view_box is not None:
                problem["view_box"] = list(session.view_box)
        extra["view_box"] = list(session.view_box) if session.view_box else None
        runs = [_run_to_dict(r) for r in session.runs]
    doc = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "name": session.name,
        "problem": problem,
        **extra,
        "runs": runs,
        "view": session.view,
        "lesson": session.lesson,
    }
    if with_histories:
        doc["histories"] = [None if h is None or not len(h) else _history_to_dict(h)
                            for h in session.histories]
    return doc


def _run_to_dict(run) -> dict:
    return {
        "name": run.name,
        "color": run.color,
        "optimizer": run.optimizer,
        "opt": {k: list(v) if isinstance(v, tuple) else v for k, v in run.opt.items()},
        "scheduler": run.scheduler,
        "sched": {k: list(v) if isinstance(v, tuple) else v for k, v in run.sched.items()},
        "warmup": run.warmup,
        "warmup_start": run.warmup_start,
        "seed": run.seed,
        **({"start": list(run.start)} if hasattr(run, "start") else {}),
    }


def _history_to_dict(history: History) -> dict:
    out = {}
    for name, values in history.as_dict().items():
        buf = io.BytesIO()
        np.save(buf, values, allow_pickle=False)
        out[name] = base64.b64encode(buf.getvalue()).decode("ascii")
    return out


def save_session(session: Session, path: str | os.PathLike, with_histories: bool = False) -> None:
    """Write ``session`` to ``path`` atomically (an interrupted save leaves the old file)."""
    text = json.dumps(session_to_dict(session, with_histories), indent=2, allow_nan=False)
    write_atomic(path, text + "\n")


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, rename it over."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# -- reading -------------------------------------------------------------------------------


def load_session(path: str | os.PathLike) -> Session:
    """Read a session file; raises :class:`SessionError` with a clear reason on any problem."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SessionError(f"{path}: {size} bytes is too large for a session file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SessionError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SessionError(f"{path}: is a folder, not a session file") from None
    except OSError as exc:
        raise SessionError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return session_from_bytes(data)
    except SessionError as exc:
        raise SessionError(f"{path}: {exc}") from None


def session_from_bytes(data: bytes) -> Session:
    if not data.strip():
        raise SessionError("the file is empty")
    if data[:1] == b"\x80" or data[:2] in (b"PK", b"\x93N"):
        raise SessionError("this is a binary (pickle, zip or .npy) file, not a JSON session; "
                           "sessions are JSON and are never unpickled")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError("not a text file: sessions are UTF-8 JSON") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = " (truncated?)" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise SessionError(f"not valid JSON{hint}: {exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno}") from None
    return session_from_dict(doc)


def session_from_dict(doc: Any) -> Session:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SessionError("not an Optimization Playground session (no "
                           f"\"format\": \"{FORMAT}\" field)")
    doc = migrate(doc)
    try:
        return _build(doc)
    except ParamError as exc:
        raise SessionError(str(exc)) from None
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise SessionError(f"malformed session: {_describe(exc)}") from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc)


def _expect(value, types, what):
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise TypeError(f"{what} has the wrong type ({type(value).__name__})")
    if not isinstance(value, types):
        raise TypeError(f"{what} has the wrong type ({type(value).__name__})")
    return value


def _build(doc: dict) -> Session:
    problem = _expect(doc["problem"], dict, "problem")
    kind = problem.get("kind", "surface")
    if kind == "network":
        return _build_network(doc, problem)
    if kind != "surface":
        raise ValueError(f"problem.kind must be 'surface' or 'network', got {kind!r}")
    surface = _expect(problem["surface"], str, "problem.surface")
    formula = problem.get("formula")
    view_box = problem.get("view_box") or doc.get("view_box")
    if view_box is not None:
        view_box = tuple(float(_expect(v, (int, float), "view_box")) for v in view_box)
        if len(view_box) != 4 or not (view_box[0] < view_box[1] and view_box[2] < view_box[3]):
            raise ValueError("view_box must be [xmin, xmax, ymin, ymax] with min < max")
    session = Session(
        name=_expect(doc.get("name", "untitled"), str, "name"),
        problem=surface,
        formula=formula if formula is None else _expect(formula, str, "problem.formula"),
        view_box=view_box,
        view=_expect(doc.get("view") or {}, dict, "view"),
        lesson=doc.get("lesson"),
    )
    session.surface()  # checks the surface name / formula now
    _add_runs(session, doc, lambda r, i, common: RunConfig(
        start=tuple(float(_expect(v, (int, float), f"runs[{i}].start"))
                    for v in _expect(r["start"], list, f"runs[{i}].start")), **common))
    return session


def _run_fields(r: dict, i: int) -> dict:
    """The fields surface and network runs share, each checked for its type."""
    _expect(r, dict, f"runs[{i}]")
    return dict(
        name=_expect(r.get("name", f"run {i + 1}"), str, f"runs[{i}].name"),
        optimizer=_expect(r["optimizer"], str, f"runs[{i}].optimizer"),
        opt=_expect(r.get("opt") or {}, dict, f"runs[{i}].opt"),
        scheduler=_expect(r.get("scheduler", "constant"), str, f"runs[{i}].scheduler"),
        sched=_expect(r.get("sched") or {}, dict, f"runs[{i}].sched"),
        warmup=_expect(r.get("warmup", 0), int, f"runs[{i}].warmup"),
        warmup_start=float(_expect(r.get("warmup_start", 0.01), (int, float), f"runs[{i}].warmup_start")),
        seed=_expect(r.get("seed", 0), int, f"runs[{i}].seed"),
        color=_expect(r.get("color", ""), str, f"runs[{i}].color"),
    )


def _add_runs(session: Session, doc: dict, make) -> None:
    """Build the runs (``make(raw, index, shared fields)``) and the optional histories."""
    for i, r in enumerate(_expect(doc["runs"], list, "runs")):
        session.runs.append(make(r, i, _run_fields(r, i)).validated())
        session.histories.append(None)
    histories = doc.get("histories")
    if histories is not None:
        _expect(histories, list, "histories")
        if len(histories) != len(session.runs):
            raise ValueError("histories must have one entry per run")
        session.histories = [None if h is None else _history_from_dict(_expect(h, dict, "history"))
                             for h in histories]


def _build_network(doc: dict, problem: dict) -> Session:
    from ..core.networks.datasets import DataSpec
    from ..core.networks.problem import NetProblem
    from ..core.networks.race import NetRunConfig
    from ..core.networks.model import LayerSpec, NetworkSpec

    data = dict(_expect(problem["data"], dict, "problem.data"))
    if "features" in data:
        data["features"] = tuple(_expect(data["features"], list, "problem.data.features"))
    layers = tuple(LayerSpec(**_expect(layer, dict, "problem.layers[]"))
                   for layer in _expect(problem["layers"], list, "problem.layers"))
    net = NetProblem(DataSpec(**data), NetworkSpec(layers),
                     _expect(problem.get("loss", "ce"), str, "problem.loss"),
                     float(_expect(problem.get("weight_decay", 0.0), (int, float), "problem.weight_decay")),
                     _expect(problem.get("early_stopping", 0), int, "problem.early_stopping"),
                     _expect(problem.get("init_seed", 0), int, "problem.init_seed"))
    from ..core.networks.datasets import make_dataset

    net = net.validated(make_dataset(net.data))
    session = Session(name=_expect(doc.get("name", "untitled"), str, "name"),
                      view=_expect(doc.get("view") or {}, dict, "view"),
                      lesson=doc.get("lesson"), network=net)
    _add_runs(session, doc, lambda r, i, common: NetRunConfig(
        batch_size=_expect(r.get("batch_size", 32), int, f"runs[{i}].batch_size"), **common))
    return session


def _history_from_dict(d: dict) -> History:
    arrays = {}
    for name, text in d.items():
        raw = base64.b64decode(_expect(text, str, f"history column {name}"), validate=True)
        arr = np.load(io.BytesIO(raw), allow_pickle=False)
        if arr.dtype.kind != "f":
            raise ValueError(f"history column {name} is not floating point")
        arrays[name] = arr
    return History.from_dict(arrays)
