"""Binary arithmetic gates and the unary gates a constant operand folds into (+1, *-1, 1/x, x²)."""

import functools
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import numpy as np

from chainrule.engine.core import limits
from chainrule.engine.core.errors import ShapeError
from chainrule.engine.core.ops.base import Array, Grads, Op, Vars, code_num, fmt_const, register
from chainrule.engine.core.signature import T

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def broadcast_shape(a: Array, b: Array, symbol: str) -> tuple[int, ...]:
    """The broadcast result shape, or a shape error naming both shapes."""
    if a.shape == b.shape:  # the common case, and already within the limits
        return a.shape
    try:
        shape = np.broadcast(a, b).shape  # allocates nothing; np.broadcast_shapes is 5× slower
    except ValueError:
        raise ShapeError("err.shape.broadcast", a=str(a.shape), b=str(b.shape), op=symbol) from None
    if shape != a.shape and shape != b.shape:  # larger than both: check it against the limits
        limits.reserve(shape)
    return shape


class Binary(Op):
    arity = 2
    symbol = ""

    def forward(self, *xs: Array) -> Array:
        a, b = xs
        if a.shape != b.shape and b.shape != a.shape[a.ndim - b.ndim:]:  # not a bias's
            broadcast_shape(a, b, self.symbol)
        return self.compute(a, b)

    compute: Callable[..., Any]  # a ufunc (no Python call per node) or a method


@register
class Add(Binary):
    name, label, symbol, gate = "add", "+", "+", "distributor"
    formula = r"@z = @x + @y,\quad \frac{\partial @z}{\partial @x} = 1,\quad \frac{\partial @z}{\partial @y} = 1"  # noqa: E501
    template, tex_template, syntax = "{0} + {1}", "{0} + {1}", "x + y"
    code, local_code = "{0} + {1}", ("1.0", "1.0")

    compute = staticmethod(np.add)  # a ufunc: no Python call per node

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return g, g


@register
class Sub(Binary):
    name, label, symbol, gate = "sub", "-", "-", "distributor"
    formula = r"@z = @x - @y,\quad \frac{\partial @z}{\partial @x} = 1,\quad \frac{\partial @z}{\partial @y} = -1"  # noqa: E501
    template, tex_template, syntax = "{0} - {1}", "{0} - {1}", "x - y"
    code, local_code = "{0} - {1}", ("1.0", "-1.0")

    compute = staticmethod(np.subtract)  # a ufunc: no Python call per node

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return g, -g


@register
class Mul(Binary):
    name, label, symbol, gate = "mul", "×", "*", "swap"
    formula = r"@z = @x\,@y,\quad \frac{\partial @z}{\partial @x} = @y,\quad \frac{\partial @z}{\partial @y} = @x"  # noqa: E501
    template, tex_template, syntax = "{0} * {1}", r"{0} \cdot {1}", "x * y"
    code, local_code = "{0} * {1}", ("{1}", "{0}")

    compute = staticmethod(np.multiply)  # a ufunc: no Python call per node

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        a, b = xs
        return g * b, g * a


@register
class Div(Binary):
    name, label, symbol = "div", "÷", "/"
    formula = r"\frac{\partial @z}{\partial @x} = \frac{1}{@y},\quad \frac{\partial @z}{\partial @y} = -\frac{@x}{@y^2}"  # noqa: E501
    template, tex_template, syntax = "{0} / {1}", r"\frac{{{0}}}{{{1}}}", "x / y"
    code, local_code = "{0} / {1}", ("(1 / {1})", "(-{0} / {1}**2)")

    compute = staticmethod(np.true_divide)  # a ufunc: no Python call per node

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        a, b = xs
        return g / b, -g * a / (b * b)


@register
class Pow(Binary):
    name, label, symbol = "pow", "pow", "**"
    formula = r"\frac{\partial @z}{\partial @x} = @y\,@x^{@y-1},\quad \frac{\partial @z}{\partial @y} = @x^{@y}\ln @x"  # noqa: E501
    template, tex_template, syntax = "{0} ** {1}", "{{{0}}}^{{{1}}}", "x ** y"
    code = "{0} ** {1}"
    local_code = ("({1} * {0} ** ({1} - 1))", "({z} * np.log(np.where({0} > 0, {0}, 1.0)))")

    compute = staticmethod(np.power)  # a ufunc: no Python call per node

    def forward(self, *xs: Array) -> Array:
        if limits.active() is not None:  # the exponent limit, for constants (2 ** 2 ** …) too
            limits.check_exponent(float(np.max(np.abs(xs[1]), initial=0.0)))
        return super().forward(*xs)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        a, b = xs
        log_a = np.where(a > 0, np.log(np.where(a > 0, a, 1.0)), 0.0)
        return g * b * np.power(a, b - 1), g * out * log_a


@register
class MatMul(Op):
    name, label, arity = "matmul", "@", 2
    formula = r"\frac{\partial @L}{\partial @x} = \frac{\partial @L}{\partial @z}\,@y^{\top},\quad \frac{\partial @L}{\partial @y} = @x^{\top}\frac{\partial @L}{\partial @z}"  # noqa: E501
    generic = {"x": "X", "y": "W", "z": "Z"}
    template, tex_template, syntax = "{0} @ {1}", "{0} {1}", "X @ W"
    code = "{0} @ {1}"

    def forward(self, *xs: Array) -> Array:
        a, b = xs
        if a.ndim == 2 == b.ndim and a.shape[1] == b.shape[0] and limits.active() is None:
            return _dot(a, b)  # matrices, no budget: the common case, its checks in one line
        if not (1 <= a.ndim <= 2 and 1 <= b.ndim <= 2):
            raise ShapeError("err.shape.matmul_ndim", a=str(a.shape), b=str(b.shape))
        if a.shape[-1] != b.shape[0]:
            raise ShapeError("err.shape.matmul", a=str(a.shape), b=str(b.shape),
                             m=a.shape[-1], n=b.shape[0])
        if limits.active() is not None:
            limits.reserve(a.shape[:-1] + b.shape[1:])
        return a @ b  # vector @ vector: a NumPy scalar, as every 0-d value is

    skips = True

    def backward(self, g: Array, out: Array, *xs: Array,
                 needs: Sequence[bool] = (True, True)) -> Grads:
        a, b = xs
        if a.ndim == 2 and b.ndim == 2:  # matrices: no reshapes needed
            return _dot(g, b.T) if needs[0] else None, _dot(a.T, g) if needs[1] else None
        a2 = a.reshape(1, -1) if a.ndim == 1 else a
        b2 = b.reshape(-1, 1) if b.ndim == 1 else b
        g2 = g.reshape(a2.shape[0], b2.shape[1])
        return ((g2 @ b2.T).reshape(a.shape) if needs[0] else None,
                (a2.T @ g2).reshape(b.shape) if needs[1] else None)

    def backward_code(self, v: Vars, index: int) -> str:
        (a, b), (da, db), dz = v.xs, (len(s) for s in v.shapes), v.dz
        if da == db == 1:  # a dot product: the other vector times the scalar upstream
            return f"{b} * {dz}" if index == 0 else f"{a} * {dz}"
        if index == 0:
            return f"np.outer({dz}, {b})" if db == 1 else f"{dz} @ {b}.T"
        return f"np.outer({a}, {dz})" if da == 1 else f"{a}.T @ {dz}"


# np.dot is np.matmul for arrays of at most two axes (all MatMul takes), and calls BLAS with less
# overhead: 0.5 µs instead of 1.0 µs for (32, 16) @ (16, 16), more for an outer product.
_dot = np.dot


class Router(Binary):
    """max/min gate: the whole gradient goes to the input that won (x on a tie)."""

    gate = "router"
    signature = (T("a"), T("b"))  # Python's names: maximum, minimum (max(x, 0) folds the 0)
    pick: ClassVar[Callable[..., Array]] = np.maximum  # ufuncs do not bind as methods
    wins: ClassVar[Callable[..., Array]] = np.greater_equal  # does x win against y?

    def compute(self, a: Array, b: Array) -> Array:
        return self.pick(a, b)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        first = self.wins(xs[0], xs[1])
        return g * first, g * ~first


@register
class Maximum(Router):
    name, label, symbol = "max", "max", "max"
    formula = r"\frac{\partial @z}{\partial @x} = \mathbb{1}[@x \ge @y],\quad \frac{\partial @z}{\partial @y} = \mathbb{1}[@x < @y]"  # noqa: E501
    tex_template = r"\max({0}, {1})"
    code, local_code = "np.maximum({0}, {1})", ("({0} >= {1})", "(1 - ({0} >= {1}))")


@register
class Minimum(Router):
    name, label, symbol = "min", "min", "min"
    pick, wins = np.minimum, np.less_equal
    formula = r"\frac{\partial @z}{\partial @x} = \mathbb{1}[@x \le @y],\quad \frac{\partial @z}{\partial @y} = \mathbb{1}[@x > @y]"  # noqa: E501
    tex_template = r"\min({0}, {1})"
    code, local_code = "np.minimum({0}, {1})", ("({0} <= {1})", "(1 - ({0} <= {1}))")


class ConstGate(Op):
    """A unary gate holding one constant operand, labelled like the slides."""

    def __init__(self, c: float) -> None:
        self.c = float(c)

    @functools.cached_property
    def cs(self) -> str:
        """The constant as the slides write it (made when a label first needs it: a scalar
        graph has a gate like this per input number)."""
        return fmt_const(self.c)

    def forward(self, *xs: Array) -> Array:
        out = self.compute(xs[0])
        return out if out.__class__ is np.float64 else np.asarray(out, dtype=np.float64)

    def compute(self, x: Array) -> Array:
        raise NotImplementedError

    def constants(self) -> dict[str, str]:
        return {"c": self.cs if self.c >= 0 else f"({self.cs})"}  # h + (-3), not h + -3

    def params(self) -> dict[str, object]:
        return {"c": self.c}  # the node's "params" (the inspector plots f with it)

    def code_constants(self, v: Vars) -> dict[str, str]:
        return {"c": code_num(self.c)}

    def expr(self, args: list[str]) -> str:  # type: ignore[override]
        return self.template.format(*args, c=self.cs)

    def expr_tex(self, args: list[str]) -> str:  # type: ignore[override]
        return self.tex_template.format(*args, c=self.cs)
