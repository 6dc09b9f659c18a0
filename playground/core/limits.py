"""Every limit of the playground, stated and enforced in one place.

Session loading, CSV import, formula parsing, the CLI and the GUI all read these numbers, so a
file, a flag and a form field are refused for the same reasons with the same words. Each limit
says why it exists; the README's "Robustness and limits" table lists them.

Nothing here imports Qt or torch: the checks are plain Python and numpy so that the loader can run them
before anything expensive happens.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from typing import Any

import numpy as np

# -- networks --------------------------------------------------------------------------------
#: hidden layers of a network: deeper toy networks teach nothing new and draw unreadably
MAX_LAYERS = 128
#: units per hidden layer: 1,024 × 1,024 weights is already ~4 MB per recorded step
MAX_WIDTH = 1024
#: weights and biases of one network (4 × 1,024 or 64 × 256 units: 3–4 M); a run holds ~4 copies (weights, gradients, optimizer state)
MAX_PARAMETERS = 8_000_000
#: parameters × runs of a network race: ~16 bytes each in memory, so 2 GB at most
MAX_RACE_PARAMETERS = 128_000_000
#: samples of a generated dataset and rows of an imported CSV: bounds memory and evaluation time
MAX_SAMPLES = 100_000

# -- runs and training -----------------------------------------------------------------------
#: runs in one session: every run is drawn and listed; a sweep of more belongs in the CLI
MAX_RUNS = 256
#: runs in one network session: each evaluates the whole dataset every step
MAX_NETWORK_RUNS = 32
#: rows of a run's history in the app (~100 bytes each); past it old rows are thinned, the newest half kept whole
MAX_HISTORY_ROWS = 100_000
#: bytes of network weights a race records for the views (all runs together); older steps are thinned
MAX_WEIGHT_BYTES = 64 * 1024 * 1024
#: steps one CLI command trains (the GUI plays until stopped and thins its histories instead)
MAX_STEPS = 10_000_000
#: learning rate: beyond 1e6 every optimizer diverges on the first step on every surface
MAX_LR = 1e6
#: absolute value of a start coordinate or a view-box edge: keeps paths far from float limits
MAX_COORDINATE = 1e6
#: absolute value of any other number a session holds (hyperparameters, noise ...)
MAX_NUMBER = 1e12
#: absolute value of a whole number a session holds (seeds, step counts): torch seeds take < 2⁶³
MAX_INT = 2**31 - 1
#: pixels per side of a screenshot (8,192² RGBA is 256 MB)
MAX_IMAGE_SIDE = 8192
#: points per axis of a loss-landscape grid (201² forward passes of the whole training set)
MAX_GRID = 201

# -- files -----------------------------------------------------------------------------------
#: a session file: histories of a long race are a few hundred MB at most
MAX_SESSION_BYTES = 512 * 1024 * 1024
#: a CSV file to import: read line by line, so this bounds time, not only memory
MAX_CSV_BYTES = 50 * 1024 * 1024
#: columns of an imported CSV (inputs + target): a network input layer, not a spreadsheet
MAX_CSV_COLUMNS = 1000
#: rows × columns of an imported CSV: 10⁷ numbers are 80 MB as float64
MAX_CSV_CELLS = 10_000_000
#: characters in one CSV field (Python's csv default): a number never needs more
MAX_CSV_FIELD = 131_072
#: characters of one CSV line before it is split into fields
MAX_CSV_LINE = 1024 * 1024
#: temporary files of an interrupted save older than this are removed at the next save
STALE_TEMP_SECONDS = 300

# -- text ------------------------------------------------------------------------------------
#: characters of a typed formula
MAX_FORMULA_LENGTH = 500
#: nesting depth of a formula's syntax tree (each level is a call on the evaluation stack)
MAX_FORMULA_DEPTH = 100
#: absolute value of a number written in a formula: larger ones overflow float64 at once
MAX_FORMULA_NUMBER = 1e300
#: nesting of JSON arrays and objects in a session: the format needs 5, json recurses per level
MAX_JSON_DEPTH = 64
#: digits of a whole number in JSON (Python refuses > 4,300; anything > 30 is not a real value)
MAX_JSON_INT_DIGITS = 30
#: characters of a session, run or lesson name (shown in titles, legends and lists)
MAX_NAME = 200
#: characters of an error message shown to a user (long values are cut in the middle)
MAX_MESSAGE = 300
#: characters of a value quoted inside a message
MAX_QUOTED = 60


class LimitError(ValueError):
    """A value beyond one of the limits above; the message names the limit."""


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line and at most ``limit`` characters, cut in the middle with ``…``."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    head = (limit - 1) * 2 // 3
    return text[:head] + "…" + text[len(text) - (limit - 1 - head):]


def quoted(value: Any, limit: int = MAX_QUOTED) -> str:
    """``repr(value)`` cut to ``limit`` characters, for quoting a user's value in a message."""
    if isinstance(value, (str, bytes)) and len(value) > 4 * limit:
        value = value[: 4 * limit]  # repr of a 10 MB string is 10 MB: cut first
    return clip(repr(value), limit)


def check_number(value: float, what: str, bound: float = MAX_NUMBER) -> float:
    """``value`` as a float if it is finite and ``|value| <= bound``; else :class:`LimitError`."""
    try:
        value = float(value)
    except OverflowError:
        raise LimitError(f"{what}: the number is too large (|value| must be <= {bound:g})") from None
    if not math.isfinite(value):
        raise LimitError(f"{what}: must be a finite number, got {value}")
    if abs(value) > bound:
        raise LimitError(f"{what}: {value:g} is too large (|value| must be <= {bound:g})")
    return value


def check_int(value: int, what: str, low: int = -MAX_INT, high: int = MAX_INT) -> int:
    """``value`` if ``low <= value <= high``; else :class:`LimitError`."""
    if not low <= value <= high:
        shown = f"{value}" if abs(value) < 10**20 else f"a {len(str(abs(value)))}-digit number"
        raise LimitError(f"{what}: {shown} is out of range, must be in [{low}, {high}]")
    return value


def check_count(n: int, limit: int, what: str) -> None:
    """Refuse ``n`` things when more than ``limit`` are allowed."""
    if n > limit:
        raise LimitError(f"{what}: {n} is too many (at most {limit:,})")


def open_regular(path: str | os.PathLike, max_bytes: int, what: str):
    """``path`` opened for binary reading if it is a regular file of at most ``max_bytes``.

    Devices (``/dev/zero``), FIFOs, sockets and folders are refused before they are opened
    (opening a FIFO blocks; reading a device never ends), and the type and size are checked
    again on the open file, in case the path was swapped in between. Raises
    :class:`LimitError`, ``IsADirectoryError`` or another ``OSError``.
    """
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "is a folder", str(path))
    if not stat.S_ISREG(st.st_mode):
        raise LimitError(f"not a regular file (a device, pipe or socket), cannot be {what}")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    f = os.fdopen(fd, "rb")
    try:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise LimitError(f"not a regular file (a device, pipe or socket), cannot be {what}")
        if st.st_size > max_bytes:
            raise LimitError(f"{st.st_size:,} bytes is too large for {what} (at most {max_bytes:,})")
    except BaseException:
        f.close()
        raise
    return f


# -- JSON ------------------------------------------------------------------------------------

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def json_depth(data: bytes) -> int:
    """Deepest nesting of arrays and objects in JSON text (strings ignored), without recursion."""
    stripped = np.frombuffer(_STRING.sub(b'""', data), dtype=np.uint8)
    where = np.flatnonzero((stripped == ord("[")) | (stripped == ord("{")) |
                           (stripped == ord("]")) | (stripped == ord("}")))
    if not len(where):
        return 0
    opens = (stripped[where] == ord("[")) | (stripped[where] == ord("{"))
    return int(np.cumsum(np.where(opens, 1, -1), dtype=np.int64).max())


def _parse_int(text: str) -> int | float:
    digits = len(text.lstrip("-"))
    if digits > MAX_JSON_INT_DIGITS:
        raise LimitError(f"a whole number with {digits} digits (at most {MAX_JSON_INT_DIGITS})")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > 400:  # digits beyond double precision are noise and cost time
        raise LimitError(f"a number written with {len(text)} characters")
    value = float(text)
    if not math.isfinite(value):
        raise LimitError(f"the number {clip(text, 40)} is too large for a float")
    return value


def _parse_constant(name: str):
    raise LimitError(f"{name} is not a JSON number (a session holds finite numbers only)")


def loads_bounded(data: bytes | str) -> Any:
    """``json.loads`` that refuses deep nesting, huge numbers and NaN/Infinity up front.

    Raises :class:`LimitError` for a limit and :class:`json.JSONDecodeError` for bad syntax.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    depth = json_depth(raw)
    if depth > MAX_JSON_DEPTH:
        raise LimitError(f"arrays and objects nested more than {MAX_JSON_DEPTH} deep")
    text = data if isinstance(data, str) else data.decode("utf-8")
    return json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                      parse_constant=_parse_constant)


def json_safe(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` that ``json.dumps(allow_nan=False)`` accepts: non-finite floats become
    None, tuples lists, and anything else that is not JSON (or nested too deep) is dropped."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if abs(value) <= 10**MAX_JSON_INT_DIGITS else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if depth >= MAX_JSON_DEPTH - 8:  # leave room for the envelope around it
        return None
    if isinstance(value, dict):
        return {str(k): json_safe(v, depth + 1) for k, v in value.items()
                if isinstance(k, (str, int, float, bool))}
    if isinstance(value, (list, tuple)):
        return [json_safe(v, depth + 1) for v in value]
    return None


def described() -> list[tuple[str, Any, str]]:
    """(name, value, why) of every limit above, read from this module's ``#:`` comments, so
    the README table (``python -m playground.core.limits``) never drifts from the code."""
    import inspect
    import sys

    module = sys.modules[__name__]
    found = re.findall(r"^#: (.+)\n([A-Z_]+) = ", inspect.getsource(module), flags=re.M)
    return [(name, getattr(module, name), why) for why, name in found]


def markdown_table() -> str:
    rows = ["| limit | value | why |", "|---|---:|---|"]
    for name, value, why in described():
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        if name.endswith("_BYTES"):
            shown = f"{value / 2**20:g} MB"
        rows.append(f"| `{name}` | {shown} | {why} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
