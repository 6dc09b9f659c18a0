"""Parameter specs: one description of a hyperparameter shared by GUI forms, the CLI and sessions.

A spec knows its type, default, range and help text, parses what a user types and checks a
value, raising :class:`ParamError` with a message that names the parameter and the reason.
"""

from __future__ import annotations

import math

from dataclasses import dataclass
from typing import Any

from . import limits


class ParamError(ValueError):
    """A hyperparameter value that cannot be used, with a message fit to show a user (one line,
    cut to :data:`~playground.core.limits.MAX_MESSAGE` characters)."""

    def __init__(self, message: str):
        super().__init__(limits.clip(message))


#: what :func:`require` accepts for each kind (a JSON ``true`` is not the number 1 here)
_REQUIRED = {"bool": ((bool,), "true or false"), "int": ((int,), "a whole number"),
             "number": ((int, float), "a number"), "str": ((str,), "a text")}


def require(value: Any, kind: str, what: str) -> Any:
    """``value`` if it is of ``kind`` (``bool``, ``int``, ``number``, ``str``), else a
    :class:`ParamError` naming ``what``. Fields of a file can hold anything JSON can: a list
    where a flag belongs is truthy, and would silently switch the flag on."""
    types, described = _REQUIRED[kind]
    if (isinstance(value, bool) and kind != "bool") or not isinstance(value, types):
        raise ParamError(f"{what} must be {described}, got {limits.quoted(value)}")
    return value


#: kinds a spec can have
KINDS = ("float", "int", "bool", "choice", "floats", "ints", "optional_float")


@dataclass(frozen=True)
class ParamSpec:
    """One hyperparameter.

    Parameters
    ----------
    name : PyTorch's keyword name (``lr``, ``betas``, ``momentum`` ...).
    kind : one of :data:`KINDS`. ``floats``/``ints`` are tuples or lists (``betas``, ``milestones``);
        ``optional_float`` may be ``None`` (meaning "derived", explained in ``help``).
    default : the value used when none is given.
    low, high : inclusive bounds unless ``low_open``/``high_open``; checked per element for tuples.
    log : a log-scaled slider suits it (learning rates, eps).
    slider : the range a GUI slider spans; typed values may go beyond it within low/high.
    choices : allowed values for ``choice``.
    length : required element count for ``floats``/``ints`` (None: any non-empty length).
    """

    name: str
    kind: str
    default: Any
    help: str = ""
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    log: bool = False
    choices: tuple = ()
    length: int | None = None
    #: the range a GUI slider covers (values outside it can still be typed)
    slider: tuple[float, float] | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown parameter kind {self.kind!r}")

    # -- parsing -------------------------------------------------------------------------
    def parse(self, text: str) -> Any:
        """Turn what a user typed into a value of this spec's type, then check it."""
        text = text.strip()
        try:
            if self.kind == "float":
                value = float(text)
            elif self.kind == "optional_float":
                value = None if text.lower() in ("", "none", "auto") else float(text)
            elif self.kind == "int":
                value = int(text)
            elif self.kind == "bool":
                low = text.lower()
                if low in ("true", "1", "yes", "on"):
                    value = True
                elif low in ("false", "0", "no", "off"):
                    value = False
                else:
                    raise ParamError(f"{self.name}: expected true or false, got {limits.quoted(text)}")
            elif self.kind == "choice":
                value = text
            else:
                item = float if self.kind == "floats" else int
                parts = [p for p in text.replace(" ", "").split(",") if p != ""]
                value = tuple(item(p) for p in parts)
        except ValueError as exc:
            if isinstance(exc, ParamError):
                raise
            raise ParamError(f"{self.name}: {limits.quoted(text)} is not a valid {self._kind_word()}") from None
        return self.check(value)

    def _kind_word(self) -> str:
        return {
            "float": "number",
            "optional_float": "number (or 'auto')",
            "int": "whole number",
            "floats": "comma-separated list of numbers",
            "ints": "comma-separated list of whole numbers",
        }.get(self.kind, self.kind)

    # -- checking ------------------------------------------------------------------------
    def check(self, value: Any) -> Any:
        """Return ``value`` normalised to this spec's type, or raise :class:`ParamError`."""
        kind = self.kind
        if kind == "optional_float" and value is None:
            return None
        if kind in ("float", "optional_float"):
            return self._check_number(self._as_float(value))
        if kind == "int":
            return int(self._check_number(self._as_int(value)))
        if kind == "bool":
            if not isinstance(value, bool):
                raise ParamError(f"{self.name}: expected true or false, got {limits.quoted(value)}")
            return value
        if kind == "choice":
            if value not in self.choices:
                raise ParamError(
                    f"{self.name}: {limits.quoted(value)} is not one of {', '.join(map(str, self.choices))}"
                )
            return value
        # floats / ints
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise ParamError(f"{self.name}: expected a {self._kind_word()}, got {limits.quoted(value)}")
        convert = self._as_float if kind == "floats" else self._as_int
        items = tuple(self._check_number(convert(v)) for v in value)
        if not items:
            raise ParamError(f"{self.name}: needs at least one value")
        if self.length is not None and len(items) != self.length:
            raise ParamError(f"{self.name}: needs exactly {self.length} values, got {len(items)}")
        if kind == "ints":
            items = tuple(int(v) for v in items)
        return items

    def _as_float(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParamError(f"{self.name}: expected a number, got {limits.quoted(value)}")
        try:
            return limits.check_number(value, self.name)
        except limits.LimitError as exc:
            raise ParamError(str(exc)) from None

    def _as_int(self, value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParamError(f"{self.name}: expected a whole number, got {limits.quoted(value)}")
        try:
            return limits.check_int(value, self.name)
        except limits.LimitError as exc:
            raise ParamError(str(exc)) from None

    def _check_number(self, value: float) -> float:
        low, high = self.low, self.high
        if low is not None and (value < low or (self.low_open and value == low)):
            raise ParamError(f"{self.name}: {value:g} is out of range, {self.range_text()}")
        if high is not None and (value > high or (self.high_open and value == high)):
            raise ParamError(f"{self.name}: {value:g} is out of range, {self.range_text()}")
        return value

    def range_text(self) -> str:
        """The allowed range in words, e.g. ``must be > 0`` or ``must be in [0, 1)``."""
        low, high = self.low, self.high
        if low is not None and high is not None:
            left = "(" if self.low_open else "["
            right = ")" if self.high_open else "]"
            return f"must be in {left}{low:g}, {high:g}{right}"
        if low is not None:
            return f"must be {'>' if self.low_open else '>='} {low:g}"
        if high is not None:
            return f"must be {'<' if self.high_open else '<='} {high:g}"
        return "any value"

    def format(self, value: Any) -> str:
        """The text a user would type for ``value`` (inverse of :meth:`parse`)."""
        if value is None:
            return "auto"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (tuple, list)):
            return ",".join(number_text(v) if isinstance(v, float) else str(v) for v in value)
        if isinstance(value, float):
            return number_text(value)
        return str(value)


def number_text(value: float) -> str:
    """The shortest text that reads back as exactly ``value``, the way people write numbers:
    ``1e6`` not ``1000000.0`` (a narrow field showed "000000.0"), ``2.5e-05`` as ``2.5e-5``,
    ``0`` and ``3`` for whole numbers, ``0.001`` as is."""
    if not math.isfinite(value):
        return repr(value)
    if value == int(value) and abs(value) < 1e5:
        return str(int(value))
    if 1e-4 <= abs(value) < 1e5:
        return repr(value)
    for digits in range(17):
        text = f"{value:.{digits}e}"
        if float(text) == value:
            break
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"


@dataclass(frozen=True)
class Entry:
    """A registry entry: a stable name, a factory and the parameter specs it accepts."""

    name: str
    factory: Any
    params: tuple[ParamSpec, ...] = ()
    help: str = ""

    def spec(self, key: str) -> ParamSpec:
        for p in self.params:
            if p.name == key:
                return p
        raise ParamError(
            f"{self.name} has no parameter {limits.quoted(key)}; valid: {', '.join(p.name for p in self.params)}"
        )

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}

    def resolve(self, given: dict | None) -> dict:
        """Defaults overlaid with ``given``, every value checked; unknown keys are errors."""
        values = self.defaults()
        for key, value in (given or {}).items():
            values[key] = self.spec(key).check(value)
        return values


class Registry:
    """Stable names mapped to :class:`Entry`; unknown names get the list of valid ones."""

    def __init__(self, kind: str):
        self.kind = kind
        self._entries: dict[str, Entry] = {}

    def add(self, entry: Entry) -> Entry:
        if entry.name in self._entries:
            raise ValueError(f"duplicate {self.kind} {entry.name!r}")
        self._entries[entry.name] = entry
        return entry

    def get(self, name: str) -> Entry:
        try:
            return self._entries[name]
        except (KeyError, TypeError):  # TypeError: a list or dict from a file is unhashable
            raise ParamError(
                f"unknown {self.kind} {limits.quoted(name)}; valid: {', '.join(self._entries)}"
            ) from None

    def names(self) -> list[str]:
        return list(self._entries)

    def __contains__(self, name: str) -> bool:
        return name in self._entries

    def __iter__(self):
        return iter(self._entries.values())
