"""A seeded fuzzer for session files and CSV imports: mutants of valid inputs, and a checker.

Every mutant must either be refused with the project's own error (:class:`SessionError` for a
session, :class:`ParamError` for a CSV) carrying a one-line message of at most
:data:`~playground.core.limits.MAX_MESSAGE` characters, or be accepted and then work: a session
saves again and trains 5 steps headless. A case that takes more than ``seconds`` of CPU time
(or ten times as long on the clock, see :func:`time_limit`) counts as a hang. The test suite runs a thousand cases per run (tests/session/test_fuzz_sessions.py),
``scripts/fuzz_sessions.py`` as many as asked.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import random
import signal
import tempfile
import types
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Union, get_args, get_origin, get_type_hints

from ..core import limits
from ..core.params import ParamError

REFUSED, ACCEPTED, FAILED, HUNG = "refused clearly", "accepted + ran", "failed", "hung"


class CaseTimeout(BaseException):
    """Raised by the alarm inside a case; a BaseException so that no ``except Exception`` in the
    code under test can swallow it."""


#: a case that waits (a FIFO, a lock) uses no CPU: it is stopped after this many times its CPU limit
WALL_FACTOR = 10


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`CaseTimeout` in the main thread after ``seconds`` of this process's CPU time,
    or :data:`WALL_FACTOR` times as long on the clock (POSIX only).

    CPU time, because the machine running the fuzzer may be busy: on a shared 2-core machine
    with a load of 9, a 0.5 s case takes 3 s on the clock but still 0.5 s of CPU. The clock
    limit catches hangs that wait instead of compute (opening a FIFO blocks).
    """
    def on_alarm(signum, frame):
        raise CaseTimeout()

    old = {sig: signal.signal(sig, on_alarm) for sig in (signal.SIGALRM, signal.SIGPROF)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in old.items():
            signal.signal(sig, handler)


@contextmanager
def one_thread():
    """Run torch on one thread: tiny fuzz cases spend most of their time waking a second thread
    on a busy machine (measured 20x slower), and a case's time limit must measure the case."""
    import torch

    old = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(old)


@dataclass
class Outcome:
    kind: str
    detail: str = ""
    label: str = ""


@dataclass
class Tally:
    """Counts per outcome, and the first few failures (label and detail) to show."""

    counts: dict[str, int] = field(default_factory=lambda: {REFUSED: 0, ACCEPTED: 0, FAILED: 0, HUNG: 0})
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.kind] += 1
        if outcome.kind in (FAILED, HUNG) and len(self.failures) < 50:
            self.failures.append(outcome)

    @property
    def tried(self) -> int:
        return sum(self.counts.values())


# -- the seeds -----------------------------------------------------------------------------


def seed_documents(folder: Path) -> list[dict]:
    """Valid session documents: a surface race with histories, a custom formula, a network
    race with histories, a CSV network, and a schema-1 file. ``folder`` receives the CSV."""
    from ..core.networks.datasets import DataSpec
    from ..core.networks.problem import NetProblem
    from ..core.networks.race import NetRunConfig, run_net_race
    from ..core.networks.model import NetworkSpec
    from ..core.surfaces.race import RunConfig, run_race
    from .io import session_to_dict
    from .model import Session, classic_race

    race = classic_race("rosenbrock")
    race.histories, _ = run_race(race.surface(), race.runs, 6)
    custom = Session(name="custom", problem="custom", formula="x^2 + 3*sin(y) - log(1 + x^2*y^2)",
                     view_box=(-4.0, 4.0, -2.0, 2.0), view={"arrows": {"gradient": True}})
    custom.add_run(RunConfig("Adam", "adam", {"lr": 0.05}, "steplr", {"step_size": 10},
                             warmup=3, start=(1.0, -1.0)))
    custom.add_run(RunConfig("SGD", "sgd", {"lr": 0.01, "momentum": 0.9}, start=(2.0, 1.0)))
    net = Session(name="net", network=NetProblem(DataSpec("circles", 64), NetworkSpec.of([4, 4], "tanh"),
                                                 "ce"))
    net.add_run(NetRunConfig("Adam", "adam", {"lr": 0.01}, batch_size=16))
    net.add_run(NetRunConfig("SGD", "sgd", {"lr": 0.1}, "cosineannealinglr", {"T_max": 20}, batch_size=0))
    net.histories, _ = run_net_race(net.network, net.runs, 3)
    csv_path = folder / "data.csv"
    rng = random.Random(0)
    csv_path.write_text("a,b,label\n" + "".join(
        f"{rng.uniform(-1, 1):.4f},{rng.uniform(-1, 1):.4f},{rng.randint(0, 1)}\n" for _ in range(40)))
    csv_net = Session(name="csv", network=NetProblem(DataSpec("csv", csv_path=str(csv_path), target="label"),
                                                     NetworkSpec.of([3], "relu"), "ce"))
    csv_net.add_run(NetRunConfig("SGD", "sgd", {"lr": 0.1}, batch_size=8))
    docs = [session_to_dict(race, True), session_to_dict(custom), session_to_dict(net, True),
            session_to_dict(csv_net)]
    v1 = copy.deepcopy(docs[0])
    v1["schema_version"] = 1
    del v1["problem"]["kind"]
    docs.append(v1)
    return docs


# -- mutations -----------------------------------------------------------------------------

_RAW = "\x00raw{}\x00"  # a placeholder string replaced by raw JSON text after dumping


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (keys and indexes) to a value inside ``doc``."""
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:20]):  # histories and long lists: the first entries suffice
            out += _paths(v, prefix + (i,))
    return out


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return doc


def _delete(doc: Any, path: tuple) -> Any:
    if not path:
        return doc
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    return doc


class Mutator:
    """Makes mutants of the seed documents; the same ``seed`` gives the same cases."""

    def __init__(self, seeds: list[dict], special_paths: list[str], seed: int = 0):
        self.seeds, self.special, self.rng = seeds, special_paths, random.Random(seed)
        self.texts = [json.dumps(d, indent=2).encode() for d in seeds]

    def case(self) -> tuple[str, bytes]:
        """One mutant: (label, file bytes)."""
        rng = self.rng
        k = rng.randrange(len(self.seeds))
        if rng.random() < 0.25:
            return self._bytes_case(k)
        doc = copy.deepcopy(self.seeds[k])
        raws: list[str] = []
        labels = []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            paths = _paths(doc)
            path = rng.choice(paths)
            label, doc = self._mutate(doc, path, raws)
            labels.append(f"{label}@{'/'.join(map(str, path))[:60]}")
        text = json.dumps(doc, allow_nan=True)
        for i, raw in enumerate(raws):
            text = text.replace(json.dumps(_RAW.format(i)), raw, 1)
        return f"seed {k}: " + ", ".join(labels), text.encode("utf-8", "surrogatepass")

    def _bytes_case(self, k: int) -> tuple[str, bytes]:
        rng, data = self.rng, bytearray(self.texts[k])
        how = rng.choice(("flip", "truncate", "insert", "splice"))
        if how == "flip":
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == "truncate":
            data = data[: rng.randrange(len(data))]
        elif how == "insert":
            at = rng.randrange(len(data))
            data[at:at] = rng.choice((b"{", b"[", b'"', b"\\", b"\x00", b"\xff\xfe", b"1e999", b"-",
                                      b"NaN", b",", b"}" * 3, bytes(rng.randrange(256) for _ in range(8))))
        else:
            other = self.texts[rng.randrange(len(self.texts))]
            a, b = sorted(rng.randrange(len(other)) for _ in range(2))
            at = rng.randrange(len(data))
            data[at:at + rng.randrange(50)] = other[a:b]
        return f"seed {k}: bytes {how}", bytes(data)

    def _raw(self, raws: list[str], text: str) -> str:
        raws.append(text)
        return _RAW.format(len(raws) - 1)

    def _mutate(self, doc: Any, path: tuple, raws: list[str]) -> tuple[str, Any]:
        rng = self.rng
        what = rng.choice(("type", "huge", "nonfinite", "deep", "long", "name", "schema", "delete",
                           "extra", "number", "special", "empty", "negative"))
        if what == "type":
            value = rng.choice((None, True, False, 0, -1, 1.5, "", "x", [], {}, [1, 2], {"a": 1},
                                [None], "1e5"))
        elif what == "huge":
            value = self._raw(raws, rng.choice(("9" * rng.choice((19, 40, 400, 5000)),
                                                "-" + "9" * 40, "1e308", "1e400", "-1e999",
                                                str(2**63), str(2**64), "1" + "0" * 300,
                                                "0." + "0" * 500 + "1")))
        elif what == "nonfinite":
            value = self._raw(raws, rng.choice(("NaN", "Infinity", "-Infinity")))
        elif what == "deep":
            n = rng.choice((50, 70, 1000, 5000, 100_000))
            opener, closer = rng.choice((("[", "]"), ('{"a":', "}")))
            value = self._raw(raws, opener * n + "1" + closer * n)
        elif what == "long":
            value = rng.choice(("x", "é", "\u202e", "\\", "\n")) * rng.choice((300, 10_000, 1_000_000))
        elif what == "name":
            value = rng.choice(("nosuch", "__class__", "custom", "network", "csv", "rosenbrock",
                                "adam", "../../etc/passwd", "sgd\x00", "ADAM", "constant", "plateau"))
        elif what == "schema" and isinstance(doc, dict):
            doc["schema_version"] = rng.choice((0, -1, 1, 2, 3, 99, "2", 2.0, None, True, 10**40))
            return "schema", doc
        elif what == "delete":
            return "delete", _delete(doc, path)
        elif what == "extra":
            target = doc
            for key in path:
                target = target[key]
            if isinstance(target, dict):
                target[rng.choice(("zzz", "kind", "formula", "surface", "lr", "layers", "__proto__"))] = \
                    rng.choice((1, "x", None, [1e9], {"b": 2}))
            return "extra", doc
        elif what == "number":
            value = rng.choice((0, -0.0, 1e-320, 1e-9, 0.5, 2**31, 2**53 + 1, 1e15, -1e15, 1e300,
                                2.0**63, -5, 7, 10_000, 100_000, 10**7))
        elif what == "special":
            value = rng.choice(self.special)
        elif what == "empty":
            value = rng.choice(([], {}, ""))
        else:
            value = -abs(rng.choice((1, 0.5, 100, 1e9)))
        return what, _set(doc, path, value)


def csv_cases(folder: Path, rng: random.Random, n: int) -> Iterator[tuple[str, str]]:
    """(label, path) of ``n`` CSV files to import: special files (devices, a FIFO, a folder),
    then valid files, random bytes, huge rows, 10⁶ columns, long fields, non-numbers ....
    Each file is written when its case comes and removed after it (they reach 16 MB)."""
    folder.mkdir(parents=True, exist_ok=True)
    fifo = folder / "fifo.csv"
    if not fifo.exists():
        os.mkfifo(fifo)
    specials = [("fifo", str(fifo)), ("/dev/zero", "/dev/zero"), ("/dev/urandom", "/dev/urandom"),
                ("folder", str(folder)), ("missing", str(folder / "missing.csv"))]
    makers: list[tuple[str, Callable[[], bytes]]] = [
        ("valid", lambda: ("a,b,t\n" + "".join(f"{rng.random()},{rng.random()},{rng.randint(0, 2)}\n"
                                               for _ in range(rng.randint(0, 60)))).encode()),
        ("random bytes", lambda: bytes(rng.randrange(256) for _ in range(rng.randint(0, 4000)))),
        ("random text", lambda: "".join(rng.choice('0123456789.,-e"\n\r t')
                                        for _ in range(rng.randint(0, 4000))).encode()),
        ("huge row", lambda: b"a,t\n" + b"1," * rng.choice((10**5, 10**6)) + b"1\n"),
        ("10^6 columns", lambda: (",".join(f"c{i}" for i in range(10**6)) + "\n").encode()
         + (b"1," * (10**6 - 1) + b"1\n") * 8),
        ("1,500 columns", lambda: (",".join(f"c{i}" for i in range(1500)) + ",t\n").encode()
         + (b"1," * 1500 + b"1\n") * 8),
        ("long field", lambda: b"a,t\n" + b"1" * rng.choice((131_073, 500_000)) + b",1\n" * 9),
        ("long quoted field", lambda: b'a,t\n"' + b"1" * 200_000 + b'",1\n'),
        ("unclosed quote", lambda: b'a,t\n"1,1\n' + b"1,1\n" * 500),
        ("many rows", lambda: b"a,t\n" + b"1,0\n" * 100_001),
        ("not numbers", lambda: b"a,t\n" + b"secret,1\n" * 10),
        ("nan", lambda: b"a,t\n" + b"nan,1\n" * 10),
        ("repeat header", lambda: b"a,a\n" + b"1,1\n" * 10),
        ("no target", lambda: b"a,b\n" + b"1,1\n" * 10),
        ("empty", lambda: b""),
    ]
    yield from specials[:n]
    for i in range(n - len(specials)):
        label, make = makers[i] if i < len(makers) else rng.choice(makers)
        path = folder / "case.csv"
        path.write_bytes(make())
        yield label, str(path)
        path.unlink()


# -- the checks ----------------------------------------------------------------------------


def _refusal(exc: BaseException) -> str | None:
    """Why a refusal message is not acceptable, or None when it is."""
    msg = str(exc)
    if "\n" in msg or len(msg) > limits.MAX_MESSAGE:
        return f"message of {len(msg)} characters / {msg.count(chr(10)) + 1} lines"
    if not msg:
        return "empty message"
    return None


def _fits(value: Any, hint: Any) -> bool:
    """Whether ``value`` has the type a dataclass field declares (bool is not a number here)."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return True
    if origin in (Union, types.UnionType):
        return any(_fits(value, a) for a in args)
    if hint is type(None):
        return value is None
    if hint in (int, float):
        return not isinstance(value, bool) and isinstance(value, (int, float) if hint is float else int)
    if origin in (tuple, list):
        if not isinstance(value, origin):
            return False
        if len(args) == 2 and args[1] is Ellipsis or origin is list:
            return all(_fits(v, args[0]) for v in value) if args else True
        return len(value) == len(args) and all(_fits(v, a) for v, a in zip(value, args))
    if origin is dict:
        return isinstance(value, dict)
    if dataclasses.is_dataclass(hint) and dataclasses.is_dataclass(value):
        return True  # its own fields are checked in turn (a network session's runs are NetRunConfig)
    return isinstance(value, origin or hint)


def ill_typed(obj: Any, where: str = "session") -> str | None:
    """The first field of an accepted session (or of a dataclass inside it) whose value does
    not have its declared type, or None: a list where a flag belongs loads and trains, but is
    still a hole (it is truthy)."""
    if not dataclasses.is_dataclass(obj):
        return None
    hints = get_type_hints(type(obj))
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if not _fits(value, hints[f.name]):
            return f"{where}.{f.name} is {limits.quoted(value, 40)}, declared {hints[f.name]}"
        for k, item in enumerate(value if isinstance(value, (list, tuple)) else [value]):
            found = ill_typed(item, f"{where}.{f.name}" + (f"[{k}]" if isinstance(value, (list, tuple)) else ""))
            if found:
                return found
    return None


def check_session_bytes(data: bytes, label: str = "", steps: int = 5,
                        seconds: float = 2.0) -> Outcome:
    """Load ``data``; if accepted, save it again and train ``steps`` steps headless."""
    from ..core.networks.race import run_net_race
    from ..core.surfaces.race import run_race
    from .io import SessionError, session_from_bytes, session_to_dict

    try:
        with time_limit(seconds), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a warning is not a failure; exceptions are
            try:
                session = session_from_bytes(data)
            except SessionError as exc:
                bad = _refusal(exc)
                return Outcome(FAILED, f"bad refusal: {bad}", label) if bad else Outcome(REFUSED, "", label)
            json.dumps(session_to_dict(session, with_histories=True), allow_nan=False)
            wrong = ill_typed(session)
            if wrong:
                return Outcome(FAILED, f"accepted a wrong type: {wrong}", label)
            if session.is_network:
                run_net_race(session.network, session.runs, steps)
            else:
                run_race(session.surface(), session.runs, steps)
            return Outcome(ACCEPTED, "", label)
    except CaseTimeout:
        return Outcome(HUNG, f"over {seconds} s", label)
    except Exception as exc:
        return Outcome(FAILED, limits.clip(f"{type(exc).__name__}: {exc}", 200), label)


def check_csv(path: str, label: str = "", seconds: float = 2.0) -> Outcome:
    """Import ``path`` as a CSV dataset (target column ``t`` where there is one)."""
    from ..core.networks.datasets import load_csv

    try:
        with time_limit(seconds):
            try:
                load_csv(path, "t")
            except ParamError as exc:
                bad = _refusal(exc)
                return Outcome(FAILED, f"bad refusal: {bad}", label) if bad else Outcome(REFUSED, "", label)
            return Outcome(ACCEPTED, "", label)
    except CaseTimeout:
        return Outcome(HUNG, f"over {seconds} s", label)
    except Exception as exc:
        return Outcome(FAILED, limits.clip(f"{type(exc).__name__}: {exc}", 200), label)


def fuzz_sessions(n: int, seed: int = 0, folder: Path | None = None, seconds: float = 2.0,
                  progress: Callable[[int, Tally], None] | None = None) -> Tally:
    """Try ``n`` mutated sessions; returns the tally."""
    with tempfile.TemporaryDirectory() as tmp, one_thread():
        work = Path(folder or tmp)
        fifo = work / "fifo"
        if not fifo.exists():
            os.mkfifo(fifo)
        specials = [str(fifo), "/dev/zero", "/dev/urandom", str(work), "/etc/passwd",
                    str(work / "missing.csv"), "", "x" * 5000]
        mutator = Mutator(seed_documents(work), specials, seed)
        tally = Tally()
        for i in range(n):
            label, data = mutator.case()
            tally.add(check_session_bytes(data, label, seconds=seconds))
            if progress is not None:
                progress(i + 1, tally)
        return tally


def fuzz_csv(n: int, seed: int = 0, seconds: float = 2.0) -> Tally:
    """Try ``n`` CSV imports (special files included); returns the tally."""
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp, one_thread():
        for label, path in csv_cases(Path(tmp), random.Random(seed), n):
            tally.add(check_csv(path, label, seconds))
    return tally


def table(rows: dict[str, Tally], elapsed: dict[str, float] | None = None) -> str:
    """A Markdown summary table: tried / refused clearly / accepted + ran / failures."""
    lines = ["| input | tried | refused clearly | accepted + ran | failed | hung | time |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, t in rows.items():
        c = t.counts
        secs = f"{elapsed[name]:.0f} s" if elapsed and name in elapsed else ""
        lines.append(f"| {name} | {t.tried:,} | {c[REFUSED]:,} | {c[ACCEPTED]:,} | {c[FAILED]:,} | "
                     f"{c[HUNG]:,} | {secs} |")
    return "\n".join(lines)
