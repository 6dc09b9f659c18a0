"""The core writes formulas in a compact TeX-like plain text (``m_{t−1}``, ``0.9^t``); people read
them with real subscripts. Two renderings of the same text:

- :func:`unicode_math` for plain-text places (table cells, tooltips): Unicode sub/superscript
  letters where every character of the script has one (``m_{t−1}`` → ``mₜ₋₁``);
- :func:`formula_html` for the step inspector's formula: ``<sub>``/``<sup>`` and no line break
  inside an equation, only between the equations and prose of a line.
"""

from __future__ import annotations

import html
import re

_SUB = dict(zip("0123456789+-−=()aehijklmnoprstuvx",
                "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_SUP = dict(zip("0123456789+-−=()intk", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁱⁿᵗᵏ"))
# a script is _{...} / ^{...} or a single character after _ / ^ (digits: a whole number)
_SCRIPT = re.compile(r"([_^])(?:\{([^{}]*)\}|(\d+|[^\s{}()\[\]]))")
#: equations in one line of the core's formulas are separated by runs of 2+ spaces
_CHUNKS = re.compile(r"\s{2,}")


def unicode_math(text: str) -> str:
    """``text`` with its scripts written as Unicode sub/superscript characters.

    A script with a character that has no Unicode form (e.g. ``Σ_{i≤t}``) keeps its characters
    on the line, in parentheses when longer than one: readable, never a raw brace.
    """
    def one(match):
        kind, inner = match.group(1), match.group(2) if match.group(2) is not None else match.group(3)
        table = _SUB if kind == "_" else _SUP
        if all(ch in table for ch in inner):
            return "".join(table[ch] for ch in inner)
        return inner if len(inner) == 1 else f"({inner})"

    return _SCRIPT.sub(one, text)


def _scripts_html(escaped: str) -> str:
    return _SCRIPT.sub(lambda m: ("<sub>" if m.group(1) == "_" else "<sup>")
                       + (m.group(2) if m.group(2) is not None else m.group(3))
                       + ("</sub>" if m.group(1) == "_" else "</sup>"), escaped)


def formula_chunks(line: str) -> list[str]:
    """The equations and remarks of one formula line, in order."""
    return [c for c in _CHUNKS.split(line.strip()) if c]


def formula_html(lines: list[str]) -> str:
    """Rich text for formula lines: real sub/superscripts; an equation is never broken across
    lines (its spaces are non-breaking); a line wraps only between its equations, or inside a
    remark in parentheses, which is prose."""
    out = []
    for line in lines:
        indent = "&nbsp;" * 4 if line.startswith(" ") else ""  # continuation lines
        parts = []
        for chunk in formula_chunks(line):
            body = _scripts_html(html.escape(chunk, quote=False))
            if chunk.startswith("("):  # a remark: prose may wrap
                parts.append(f'<span style="color:#a8a8b8">{body}</span>')
            else:
                parts.append('<span style="white-space:nowrap">'
                             + body.replace(" ", "&nbsp;") + "</span>")
        out.append(f"<div>{indent}" + "&nbsp;&nbsp; ".join(parts) + "</div>")
    return "".join(out)
