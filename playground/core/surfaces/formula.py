"""Safe parsing of a surface typed as a formula in ``x`` and ``y``.

The text is parsed with :mod:`ast` and turned into a tree of torch operations; only numbers, the
names ``x``, ``y``, ``pi``, ``e``, arithmetic and a fixed list of functions are accepted, so no
user text is ever evaluated as Python code. Gradients come from autograd.
"""

from __future__ import annotations

import ast
import math
from typing import Callable

import torch

from .. import limits
from ..params import ParamError

FUNCTIONS: dict[str, Callable] = {
    "sin": torch.sin,
    "cos": torch.cos,
    "tan": torch.tan,
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "abs": torch.abs,
    "tanh": torch.tanh,
    "sinh": torch.sinh,
    "cosh": torch.cosh,
    "atan": torch.atan,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "softplus": torch.nn.functional.softplus,
}
CONSTANTS = {"pi": math.pi, "e": math.e}
_BINARY = {
    ast.Add: torch.add,
    ast.Sub: torch.sub,
    ast.Mult: torch.mul,
    ast.Div: torch.div,
    ast.Pow: torch.pow,
}
MAX_LENGTH = limits.MAX_FORMULA_LENGTH


def parse_formula(text: str) -> Callable[[torch.Tensor, torch.Tensor], torch.Tensor]:
    """Compile ``text`` (e.g. ``"x^2 + 3*sin(y)"``) into ``f(x, y) -> tensor``.

    Raises
    ------
    ParamError
        With a message saying what is wrong and what is allowed.
    """
    if not isinstance(text, str) or not text.strip():
        raise ParamError("formula: empty; type an expression in x and y, e.g. x^2 + 10*y^2")
    if len(text) > MAX_LENGTH:
        raise ParamError(f"formula: longer than {MAX_LENGTH} characters")
    source = text.replace("^", "**")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        where = f" at column {_text_column(text, exc.offset)}" if exc.offset else ""
        raise ParamError(f"formula: not a valid expression ({exc.msg}{where})") from None
    except (ValueError, RecursionError, MemoryError):  # huge literals, absurd nesting
        raise ParamError("formula: not a valid expression (a number or nesting too large)") from None
    if _depth(tree.body) > limits.MAX_FORMULA_DEPTH:
        raise ParamError(f"formula: nested more than {limits.MAX_FORMULA_DEPTH} levels deep")
    build = _compile(tree.body)
    uses = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} & {"x", "y"}

    def surface(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        out = build(x, y)
        if not isinstance(out, torch.Tensor):
            out = torch.as_tensor(out, dtype=x.dtype)
        return out + torch.zeros_like(x)  # constants and y-only formulas still broadcast

    probe = torch.tensor([0.3, -0.7], dtype=torch.float64)
    with torch.no_grad():
        values = surface(probe, probe.flip(0))  # catches type errors now rather than mid-training
    if not uses and not torch.isfinite(values).all():
        # a flat surface is fine (runs stand still), one that is infinite everywhere is not
        raise ParamError(f"formula: a constant that is not a finite number ({float(values[0])}); "
                         "use x and y, e.g. x^2 + 10*y^2")
    return surface


def _text_column(text: str, source_offset: int) -> int:
    """The 1-based column in the typed ``text`` of the parser's 1-based ``source_offset``.

    The parser saw ``^`` as ``**``: every ``^`` before the error shifted it one column right.
    """
    column = source_offset
    for i, ch in enumerate(text):
        if i + 1 >= column:
            break
        if ch == "^":
            column -= 1
    return max(1, min(column, len(text) + 1))


def _depth(node: ast.AST) -> int:
    """Depth of the syntax tree, without recursion (its nesting is what we bound)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((child, d + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _compile(node: ast.AST) -> Callable:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ParamError(f"formula: {node.value!r} is not a number")
        if isinstance(node.value, int) and node.value.bit_length() > 1100:  # > 1e300 either way
            raise ParamError(f"formula: a number is too large (at most {limits.MAX_FORMULA_NUMBER:g})")
        value = float(node.value)
        if abs(value) > limits.MAX_FORMULA_NUMBER or not math.isfinite(value):
            raise ParamError(f"formula: {value:g} is too large (at most {limits.MAX_FORMULA_NUMBER:g})")
        return lambda x, y: value
    if isinstance(node, ast.Name):
        if node.id == "x":
            return lambda x, y: x
        if node.id == "y":
            return lambda x, y: y
        if node.id in CONSTANTS:
            value = CONSTANTS[node.id]
            return lambda x, y: value
        raise ParamError(f"formula: unknown name {node.id!r}; use x, y, pi, e")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _compile(node.operand)
        if isinstance(node.op, ast.UAdd):
            return inner
        return lambda x, y: -inner(x, y)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        op = _BINARY[type(node.op)]
        left, right = _compile(node.left), _compile(node.right)

        def binary(x, y):
            a, b = left(x, y), right(x, y)
            if not isinstance(a, torch.Tensor) and not isinstance(b, torch.Tensor):
                a = torch.tensor(a, dtype=torch.float64)
            return op(a, b)

        return binary
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = getattr(node.func, "id", ast.unparse(node.func))
            raise ParamError(
                f"formula: unknown function {limits.quoted(name)}; allowed: {', '.join(sorted(FUNCTIONS))}"
            )
        if len(node.args) != 1 or node.keywords:
            raise ParamError(f"formula: {node.func.id}() takes exactly one argument")
        fn, arg = FUNCTIONS[node.func.id], _compile(node.args[0])

        def call(x, y):
            value = arg(x, y)
            if not isinstance(value, torch.Tensor):
                value = torch.tensor(value, dtype=torch.float64)
            return fn(value)

        return call
    raise ParamError(f"formula: {limits.quoted(ast.unparse(node))} is not allowed; use numbers, x, y, "
                     "+ - * / ^ and functions")
