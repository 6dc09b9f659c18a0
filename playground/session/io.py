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
import glob
import io
import json
import os
import stat
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..core import limits
from ..core.history import History
from ..core.params import ParamError
from ..core.surfaces.problem import CUSTOM
from ..core.surfaces.race import RunConfig
from .migrations import SCHEMA_VERSION, SessionError, migrate  # noqa: F401 (re-exported)
from .model import Session, run_limit

FORMAT = "optimization-playground-session"
MAX_BYTES = limits.MAX_SESSION_BYTES



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
        if net.sharpness_every:  # written only when on: older files stay byte-identical
            problem["sharpness_every"] = net.sharpness_every
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
        # free-form display settings: a NaN or a non-JSON value there must never stop a save
        "view": limits.json_safe(session.view),
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
        **({"objective": run.objective} if getattr(run, "objective", None) is not None else {}),
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
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, rename it over.

    A symlink is followed (its target is replaced, the link stays); an existing file keeps its
    permissions, a new one gets the usual ``0666 & ~umask``. Temporary files of earlier saves
    that were killed half-way (``.NAME.*.tmp``, older than
    :data:`~playground.core.limits.STALE_TEMP_SECONDS`) are removed.
    """
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = path.parent or Path(".")
    _remove_stale_temps(folder, path.name)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            os.fchmod(f.fileno(), mode)
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


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it; set back at once
    os.umask(mask)
    return mask


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Remove our own temporary files for ``name`` left by saves that were killed."""
    cutoff = time.time() - limits.STALE_TEMP_SECONDS
    try:
        candidates = list(folder.glob(f".{glob.escape(name)}.*.tmp"))
    except OSError:
        return
    for tmp in candidates:
        try:
            st = tmp.lstat()
            if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                tmp.unlink()
        except OSError:
            pass  # another save may have taken it: not ours to worry about


# -- reading -------------------------------------------------------------------------------


def load_session(path: str | os.PathLike) -> Session:
    """Read a session file; raises :class:`SessionError` with a clear reason on any problem."""
    path = Path(path)
    try:
        with limits.open_regular(path, MAX_BYTES, "a session file") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:  # it grew since it was opened
            raise limits.LimitError(f"too large for a session file (at most {MAX_BYTES:,} bytes)")
    except limits.LimitError as exc:
        raise SessionError(f"{path}: {exc}") from None
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
    """The session in ``data``; every problem is one :class:`SessionError` (nothing else escapes)."""
    try:
        return _session_from_bytes(data)
    except SessionError:
        raise
    except RecursionError:
        raise SessionError("nested too deeply") from None
    except MemoryError:
        raise SessionError("too large to load into memory") from None
    except Exception as exc:  # a hole the checks missed must still not crash the caller
        raise SessionError(f"malformed session: {type(exc).__name__}: {exc}") from None


def _session_from_bytes(data: bytes) -> Session:
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
        doc = limits.loads_bounded(text)
    except limits.LimitError as exc:
        raise SessionError(f"refused: {exc}") from None
    except json.JSONDecodeError as exc:
        hint = " (truncated?)" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise SessionError(f"not valid JSON{hint}: {exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno}") from None
    return session_from_dict(doc)


def session_from_dict(doc: Any) -> Session:
    """The session described by a parsed document; raises :class:`SessionError` only."""
    try:
        return _session_from_dict(doc)
    except SessionError:
        raise
    except RecursionError:
        raise SessionError("nested too deeply") from None
    except Exception as exc:  # a hole the checks missed must still not crash the caller
        raise SessionError(f"malformed session: {type(exc).__name__}: {exc}") from None


def _session_from_dict(doc: Any) -> Session:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SessionError("not an Optimization Playground session (no "
                           f"\"format\": \"{FORMAT}\" field)")
    doc = migrate(doc)
    try:
        return _build(doc)
    except (ParamError, limits.LimitError) as exc:
        raise SessionError(str(exc)) from None
    except (TypeError, KeyError, ValueError, AttributeError, OverflowError) as exc:
        raise SessionError(f"malformed session: {_describe(exc)}") from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {limits.quoted(exc.args[0])}"
    return str(exc)


def _number(value, what: str, bound: float = limits.MAX_NUMBER) -> float:
    """A JSON number within ``bound`` as a float (booleans and strings are refused)."""
    return limits.check_number(_expect(value, (int, float), what), what, bound)


def _coordinates(value, what: str) -> tuple[float, ...]:
    return tuple(_number(v, what, limits.MAX_COORDINATE) for v in _expect(value, list, what))


def _text(value, what: str) -> str:
    """A string of at most :data:`~playground.core.limits.MAX_NAME` characters."""
    _expect(value, str, what)
    if len(value) > limits.MAX_NAME:
        raise ValueError(f"{what} is longer than {limits.MAX_NAME} characters")
    return value


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
        view_box = _coordinates(view_box, "view_box")
        if len(view_box) != 4 or not (view_box[0] < view_box[1] and view_box[2] < view_box[3]):
            raise ValueError("view_box must be [xmin, xmax, ymin, ymax] with min < max")
    session = Session(
        name=_text(doc.get("name", "untitled"), "name"),
        problem=surface,
        formula=formula if formula is None else _expect(formula, str, "problem.formula"),
        view_box=view_box,
        view=_view(doc),
        lesson=_lesson(doc),
    )
    session.surface()  # checks the surface name / formula now
    _add_runs(session, doc, lambda r, i, common: RunConfig(
        start=_coordinates(r["start"], f"runs[{i}].start"),
        objective=None if r.get("objective") is None else _expect(r["objective"], str, f"runs[{i}].objective"),
        **common))
    return session


def _view(doc: dict) -> dict:
    """The display settings: free-form JSON, but the options the app reads have their types
    (a list where a flag belongs would be truthy; a number where a list belongs, a crash)."""
    view = limits.json_safe(_expect(doc.get("view") or {}, dict, "view"))
    for kind, shown in _expect(view.get("arrows", {}), dict, "view.arrows").items():
        _expect(shown, bool, f"view.arrows.{limits.clip(kind, 40)}")
    for name in _expect(view.get("hidden", []), list, "view.hidden"):
        _expect(name, str, "view.hidden[]")
    if "speed" in view:
        _expect(view["speed"], str, "view.speed")
    return view


def _lesson(doc: dict) -> str | None:
    lesson = doc.get("lesson")
    return None if lesson is None else _text(lesson, "lesson")


def _run_fields(r: dict, i: int) -> dict:
    """The fields surface and network runs share, each checked for its type."""
    _expect(r, dict, f"runs[{i}]")
    return dict(
        name=_text(r.get("name", f"run {i + 1}"), f"runs[{i}].name"),
        optimizer=_expect(r["optimizer"], str, f"runs[{i}].optimizer"),
        opt=_expect(r.get("opt") or {}, dict, f"runs[{i}].opt"),
        scheduler=_expect(r.get("scheduler", "constant"), str, f"runs[{i}].scheduler"),
        sched=_expect(r.get("sched") or {}, dict, f"runs[{i}].sched"),
        warmup=limits.check_int(_expect(r.get("warmup", 0), int, f"runs[{i}].warmup"),
                                f"runs[{i}].warmup", 0),
        warmup_start=_number(r.get("warmup_start", 0.01), f"runs[{i}].warmup_start"),
        seed=limits.check_int(_expect(r.get("seed", 0), int, f"runs[{i}].seed"), f"runs[{i}].seed", 0),
        color=_text(r.get("color", ""), f"runs[{i}].color"),
    )


def _add_runs(session: Session, doc: dict, make) -> None:
    """Build the runs (``make(raw, index, shared fields)``) and the optional histories."""
    raw_runs = _expect(doc["runs"], list, "runs")
    limits.check_count(len(raw_runs), run_limit(session), "runs")
    for i, r in enumerate(raw_runs):
        run = make(r, i, _run_fields(r, i)).validated()
        if not run.color:  # a hand-written file may leave colours out: each view needs one
            run = replace(run, color=session.next_color())
        session.runs.append(run)
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
                     _number(problem.get("weight_decay", 0.0), "problem.weight_decay"),
                     limits.check_int(_expect(problem.get("early_stopping", 0), int,
                                              "problem.early_stopping"), "problem.early_stopping", 0),
                     limits.check_int(_expect(problem.get("init_seed", 0), int, "problem.init_seed"),
                                      "problem.init_seed", 0),
                     limits.check_int(_expect(problem.get("sharpness_every", 0), int,
                                              "problem.sharpness_every"), "problem.sharpness_every", 0))
    from ..core.networks.datasets import make_dataset
    from ..core.networks.problem import check_race_size

    dataset = make_dataset(net.data)
    net = net.validated(dataset)
    session = Session(name=_text(doc.get("name", "untitled"), "name"),
                      view=_view(doc),
                      lesson=_lesson(doc), network=net)
    _add_runs(session, doc, lambda r, i, common: NetRunConfig(
        batch_size=limits.check_int(_expect(r.get("batch_size", 32), int, f"runs[{i}].batch_size"),
                                    f"runs[{i}].batch_size", 0), **common))
    check_race_size(net.network.parameter_count(dataset.n_inputs, dataset.n_outputs), len(session.runs))
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
