"""Unary gates with a folded constant: +c, *c, /c, c/x, x^p, c^x, c-x, max/min with c."""

from collections.abc import Callable
from typing import ClassVar

import numpy as np

from chainrule.engine.core import limits
from chainrule.engine.core.ops.arith import SUPERSCRIPT, ConstGate
from chainrule.engine.core.ops.base import Array, Grads, Vars, code_num, fmt_const, register


@register
class AddConst(ConstGate):
    name, label, gate, syntax = "add_const", "+c", "distributor", "x + 1"
    formula = r"@z = @x + @c,\quad \frac{\partial @z}{\partial @x} = 1"
    local_code = ("1.0",)

    def node_label(self) -> str:
        return f"+{self.cs}" if self.c >= 0 else self.cs

    def expr(self, args: list[str]) -> str:  # type: ignore[override]
        sign = "+" if self.c >= 0 else "-"
        return f"{args[0]} {sign} {fmt_const(abs(self.c))}"

    def expr_tex(self, args: list[str]) -> str:  # type: ignore[override]
        return self.expr(args)

    def compute(self, x: Array) -> Array:
        return x + self.c

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (g,)

    def forward_code(self, v: Vars) -> str:
        sign = "+" if self.c >= 0 else "-"
        return f"{v.xs[0]} {sign} {code_num(abs(self.c))}"


@register
class MulConst(ConstGate):
    name, label, syntax = "mul_const", "*c", "-x, 2 * x"
    formula = r"@z = @c \cdot @x,\quad \frac{\partial @z}{\partial @x} = @c"
    code, local_code = "{c} * {0}", ("{c}",)
    template, tex_template = "{0} * {c}", r"{c} \cdot {0}"

    def node_label(self) -> str:
        return f"*{self.cs}"

    def constants(self) -> dict[str, str]:
        return {"c": self.cs}  # -1 \cdot d needs no parentheses

    def compute(self, x: Array) -> Array:
        return x * self.c

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (g * self.c,)

    def forward_code(self, v: Vars) -> str:
        return f"-{v.xs[0]}" if self.c == -1 else super().forward_code(v)


@register
class DivConst(ConstGate):
    name, label, syntax = "div_const", "/c", "x / 2"
    formula = r"@z = \frac{@x}{@c},\quad \frac{\partial @z}{\partial @x} = \frac{1}{@c}"
    code = "{0} / {c}"
    template, tex_template = "{0} / {c}", r"\frac{{{0}}}{{{c}}}"

    def node_label(self) -> str:
        return f"/{self.cs}"

    def compute(self, x: Array) -> Array:
        return x / self.c

    def backward_code(self, v: Vars, index: int) -> str:
        return f"{v.dz} / {code_num(self.c)}"  # (1 / 0.0) * dz would raise in Python

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (g / self.c,)


@register
class RDivConst(ConstGate):
    name, label, syntax = "rdiv_const", "1/x", "1 / x"
    formula = r"@z = \frac{@c}{@x},\quad \frac{\partial @z}{\partial @x} = -\frac{@c}{@x^2}"
    code, local_code = "{c} / {0}", ("({minus_c} / {0}**2)",)
    template, tex_template = "{c} / {0}", r"\frac{{{c}}}{{{0}}}"

    def node_label(self) -> str:
        return f"{self.cs}/x"

    def compute(self, x: Array) -> Array:
        return self.c / x

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (-g * self.c / (xs[0] * xs[0]),)

    def code_constants(self, v: Vars) -> dict[str, str]:
        return {"c": code_num(self.c), "minus_c": code_num(-self.c)}


@register
class PowConst(ConstGate):
    name, label, syntax = "pow_const", "x²", "x ** 2"
    formula = r"@z = @x^{@c},\quad \frac{\partial @z}{\partial @x} = @c\,@x^{@c - 1}"
    code = "{0} ** {c}"
    template, tex_template = "{0} ** {c}", "{{{0}}}^{{{c}}}"

    def __init__(self, c: float) -> None:
        limits.check_exponent(c)
        super().__init__(c)

    def node_label(self) -> str:
        if self.c.is_integer():
            return "x" + self.cs.translate(SUPERSCRIPT)
        return f"x^{self.cs}"

    def compute(self, x: Array) -> Array:
        return np.power(x, self.c)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (g * self.c * np.power(xs[0], self.c - 1),)

    def backward_code(self, v: Vars, index: int) -> str:
        x, c = v.xs[0], code_num(self.c)
        power = x if self.c == 2 else f"{x} ** {code_num(self.c - 1)}"
        return f"({c} * {power}) * {v.dz}"


@register
class RPowConst(ConstGate):
    name, label, syntax = "rpow_const", "c^x", "2 ** x"
    formula = r"@z = @c^{@x},\quad \frac{\partial @z}{\partial @x} = @c^{@x} \ln @c"
    code = "{c} ** {0}"
    template, tex_template = "{c} ** {0}", "{c}^{{{0}}}"

    def node_label(self) -> str:
        return f"{self.cs}^x"

    def compute(self, x: Array) -> Array:
        limits.check_exponent(float(np.max(np.abs(x), initial=0.0)))
        return np.power(self.c, x)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (g * out * np.log(self.c) if self.c > 0 else g * 0.0,)

    def code_constants(self, v: Vars) -> dict[str, str]:
        c = code_num(self.c)
        return {"c": c if self.c >= 0 else f"({c})"}  # -2.0 ** x would be -(2.0 ** x)

    def backward_code(self, v: Vars, index: int) -> str:
        local = f"({v.z} * np.log({code_num(self.c)}))" if self.c > 0 else "0.0"
        return f"{local} * {v.dz}"


@register
class RSubConst(ConstGate):
    name, label, syntax = "rsub_const", "c-x", "1 - x"
    formula = r"@z = @c - @x,\quad \frac{\partial @z}{\partial @x} = -1"
    code, local_code = "{c} - {0}", ("-1.0",)
    template, tex_template = "{c} - {0}", "{c} - {0}"

    def node_label(self) -> str:
        return f"{self.cs}-x"

    def compute(self, x: Array) -> Array:
        return self.c - x

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (-g,)


class ConstRouter(ConstGate):
    """max/min with a constant: the gradient passes only where x wins."""

    gate = "router"
    pick: ClassVar[Callable[..., Array]] = np.maximum  # ufuncs do not bind as methods
    wins: ClassVar[Callable[..., Array]] = np.greater

    def node_label(self) -> str:
        return f"{self.name[:3]} {self.cs}"

    def compute(self, x: Array) -> Array:
        return self.pick(x, self.c)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (g * self.wins(xs[0], self.c),)


@register
class MaxConst(ConstRouter):
    name, label, syntax = "max_const", "max c", "max(x, 0)"
    formula = r"@z = \max(@x, @c),\quad \frac{\partial @z}{\partial @x} = \mathbb{1}[@x > @c]"
    code, local_code = "np.maximum({0}, {c})", ("({0} > {c})",)
    template, tex_template = "max({0}, {c})", r"\max({0}, {c})"


@register
class MinConst(ConstRouter):
    name, label, syntax = "min_const", "min c", "min(x, 1)"
    pick, wins = np.minimum, np.less
    formula = r"@z = \min(@x, @c),\quad \frac{\partial @z}{\partial @x} = \mathbb{1}[@x < @c]"
    code, local_code = "np.minimum({0}, {c})", ("({0} < {c})",)
    template, tex_template = "min({0}, {c})", r"\min({0}, {c})"
