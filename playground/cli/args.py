"""Argument helpers shared by every command: the one error type and the one set of parsers.

Every number, list and KEY=VALUE flag of every command goes through these functions, so a bad
value always reads the same: one line on stderr, exit status 2.
"""

from __future__ import annotations

import argparse
import math
import re

from ..core import limits

#: options whose value may start with "-" (negative numbers): "--start -1.5,2" works
VALUE_OPTIONS = {"--start", "--opt", "--sched", "--warmup-start", "--problem", "--optimizer",
                 "--scheduler", "--steps", "--out", "--save", "--warmup", "--formula",
                 "--view", "--size", "--name", "--run", "--shift", "--noise", "--seed",
                 "--at", "--box"}
_NEGATIVE = re.compile(r"^-[\d.]")


class CliError(Exception):
    """Bad input: printed as one line on stderr, exit status 2 (cut to a readable length)."""

    def __init__(self, message: str):
        super().__init__(limits.clip(message))


def join_negative_values(argv: list[str]) -> list[str]:
    """argparse takes "-1.5,2" for an option; glue such values to their option with '='."""
    out, i = [], 0
    while i < len(argv):
        tok = argv[i]
        if tok in VALUE_OPTIONS and i + 1 < len(argv) and _NEGATIVE.match(argv[i + 1]):
            out.append(f"{tok}={argv[i + 1]}")
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one clear line (a :class:`CliError`)."""

    def error(self, message):  # one clear line instead of usage + message
        raise CliError(message)


def parse_int(text, what, low=0, high=limits.MAX_INT) -> int:
    """A whole number in [``low``, ``high``]; ``what`` names the flag in the error."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise CliError(f"{what}: {limits.quoted(text)} is not a whole number") from None
    try:
        return limits.check_int(value, what, low, high)
    except limits.LimitError as exc:
        raise CliError(str(exc)) from None


def parse_float(text, what) -> float:
    """One number (range checks belong to the spec that uses it)."""
    try:
        return float(text)
    except (TypeError, ValueError):
        raise CliError(f"{what}: {text!r} is not a number") from None


def parse_floats(text, what, n) -> tuple[float, ...]:
    """Exactly ``n`` comma-separated finite numbers."""
    parts = [p for p in str(text).replace(" ", "").split(",") if p]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise CliError(f"{what}: {text!r} is not {n} comma-separated numbers") from None
    if len(values) != n or not all(math.isfinite(v) for v in values):
        raise CliError(f"{what}: {text!r} is not {n} comma-separated finite numbers")
    return values


def parse_int_list(text, what) -> list[int]:
    """Comma-separated whole numbers; empty items are skipped ("" is the empty list)."""
    try:
        return [int(w) for w in str(text).split(",") if w]
    except ValueError:
        raise CliError(f"{what}: {text!r} is not a list of whole numbers") from None


def parse_key_values(items, entry, what) -> dict:
    """Parse repeated KEY=VALUE flags with the entry's parameter specs."""
    from ..core.params import ParamError

    out = {}
    for item in items:
        if "=" not in item:
            raise CliError(f"{what}: expected KEY=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        try:
            out[key.strip()] = entry.spec(key.strip()).parse(value)
        except ParamError as exc:
            raise CliError(f"{what} for {entry.name}: {exc}") from None
    return out
