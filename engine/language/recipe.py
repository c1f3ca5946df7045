"""A big input leaf as short NumPy code that makes exactly its numbers, for the code view, which
would otherwise write every number out: `W = randn(316, 316) * 0.1` becomes
`W = np.random.default_rng([entropy, 0]).standard_normal((316, 316)) * 0.1`.

Covered: randn/zeros/ones with number arguments, numbers, unary minus and + - * / between them.
The code is checked by making its numbers here; anything else, or a mismatch, gives None.
"""

import ast
from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule.engine.language import draws

OPS: dict[type[ast.operator], tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Add: ("+", np.add), ast.Sub: ("-", np.subtract),
    ast.Mult: ("*", np.multiply), ast.Div: ("/", np.divide),
}


class Unsupported(Exception):
    """The expression is not one the code view can write as a recipe."""


def recipe(node: ast.expr, value: np.ndarray, first_draw: int) -> str | None:
    """Code for `value`, made by `node` whose first unseeded randn was draw `first_draw`."""
    state = draws.current()
    try:
        code, made = Recipe(state.entropy if state else None, first_draw).make(node)
        code = code[1:-1] if code.startswith("(") and code.endswith(")") else code
    except (Unsupported, RecursionError, ValueError, TypeError, OverflowError):
        return None
    with np.errstate(all="ignore"):
        same = np.shape(made) == value.shape and np.array_equal(made, value, equal_nan=True)
    return code if same else None


class Recipe:
    """Code and numbers side by side, in the evaluator's order (so draws are numbered alike)."""

    def __init__(self, entropy: int | None, first_draw: int) -> None:
        self.entropy, self.draw = entropy, first_draw

    def make(self, node: ast.expr) -> tuple[str, Any]:
        value = node.value if isinstance(node, ast.Constant) else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
            return repr(number), np.float64(number)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            code, made = self.make(node.operand)
            return (f"(-{code})", -made) if isinstance(node.op, ast.USub) else (code, made)
        if isinstance(node, ast.BinOp) and type(node.op) in OPS:
            (left, a), (right, b) = self.make(node.left), self.make(node.right)
            symbol, apply = OPS[type(node.op)]
            with np.errstate(all="ignore"):
                return f"({left} {symbol} {right})", apply(a, b)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self.call(node.func.id, node)
        raise Unsupported

    def call(self, name: str, node: ast.Call) -> tuple[str, Any]:
        dims = tuple(int(number(a)) for a in node.args)
        if any(n < 0 for n in dims) or name not in ("randn", "zeros", "ones"):
            raise Unsupported
        seeds = [number(k.value) for k in node.keywords if k.arg == "seed"]
        if len(seeds) != len(node.keywords) or (seeds and name != "randn"):
            raise Unsupported
        if name != "randn":
            return f"np.{name}({dims})", (np.zeros if name == "zeros" else np.ones)(dims)
        if seeds:
            seed: Any = int(seeds[0])
        elif self.entropy is not None:
            seed, self.draw = [self.entropy, self.draw], self.draw + 1
        else:
            raise Unsupported
        return (f"np.random.default_rng({seed}).standard_normal({dims})",
                np.random.default_rng(seed).standard_normal(dims))


def number(node: ast.expr) -> float:
    """A whole number literal, or Unsupported."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return float(node.value)
    raise Unsupported

