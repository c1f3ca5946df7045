"""Elementwise unary gates: exp, log, sqrt, abs, sin, cos, tanh, sigmoid and the ReLU family."""

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from chainrule.engine.core.errors import ValueErr
from chainrule.engine.core.ops.base import Array, Grads, Op, Vars, code_num, register
from chainrule.engine.core.signature import Param, T


class Unary(Op):
    """Elementwise gate whose local gradient is `local(x, out)`."""

    signature: ClassVar[tuple[Param, ...]] = (T("x"),)

    def forward(self, *xs: Array) -> Array:
        out = self.compute(xs[0])
        ok = out.__class__ is np.float64 or out.__class__ is np.ndarray and out.dtype == np.float64
        return out if ok else np.asarray(out, dtype=np.float64)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (g * self.local(xs[0], out),)

    compute: Callable[..., Any]  # a ufunc (no Python call per node) or a method

    def local(self, x: Array, out: Array) -> Array:
        raise NotImplementedError


@register
class Exp(Unary):
    name, label = "exp", "exp"
    formula, tex_template = r"@z = e^{@x},\quad \frac{\partial @z}{\partial @x} = e^{@x} = @z", "e^{{{0}}}"  # noqa: E501
    code, local_code = "np.exp({0})", ("{z}",)

    compute = staticmethod(np.exp)  # a ufunc: no Python call per node

    def local(self, x: Array, out: Array) -> Array:
        return out


@register
class Log(Unary):
    name, label = "log", "log"
    formula, tex_template = r"@z = \ln @x,\quad \frac{\partial @z}{\partial @x} = \frac{1}{@x}", r"\ln {0}"  # noqa: E501
    code, local_code = "np.log({0})", ("(1 / {0})",)

    compute = staticmethod(np.log)  # a ufunc: no Python call per node

    def local(self, x: Array, out: Array) -> Array:
        return 1.0 / x


@register
class Sqrt(Unary):
    name, label = "sqrt", "√"
    formula, tex_template = r"@z = \sqrt{@x},\quad \frac{\partial @z}{\partial @x} = \frac{1}{2\sqrt{@x}}", r"\sqrt{{{0}}}"  # noqa: E501
    code, local_code = "np.sqrt({0})", ("(0.5 / {z})",)

    compute = staticmethod(np.sqrt)  # a ufunc: no Python call per node

    def local(self, x: Array, out: Array) -> Array:
        return 0.5 / out


@register
class Abs(Unary):
    name, label = "abs", "|x|"
    formula, tex_template = r"@z = |@x|,\quad \frac{\partial @z}{\partial @x} = \operatorname{sign}(@x)", r"\left|{0}\right|"  # noqa: E501
    code, local_code = "np.abs({0})", ("np.sign({0})",)

    compute = staticmethod(np.abs)  # a ufunc: no Python call per node

    def local(self, x: Array, out: Array) -> Array:
        return np.sign(x)


@register
class Sin(Unary):
    name, label = "sin", "sin"
    formula, tex_template = r"@z = \sin @x,\quad \frac{\partial @z}{\partial @x} = \cos @x", r"\sin {0}"  # noqa: E501
    code, local_code = "np.sin({0})", ("np.cos({0})",)

    compute = staticmethod(np.sin)  # a ufunc: no Python call per node

    def local(self, x: Array, out: Array) -> Array:
        return np.cos(x)


@register
class Cos(Unary):
    name, label = "cos", "cos"
    formula, tex_template = r"@z = \cos @x,\quad \frac{\partial @z}{\partial @x} = -\sin @x", r"\cos {0}"  # noqa: E501
    code, local_code = "np.cos({0})", ("-np.sin({0})",)

    compute = staticmethod(np.cos)  # a ufunc: no Python call per node

    def local(self, x: Array, out: Array) -> Array:
        return -np.sin(x)


@register
class Tanh(Unary):
    name, label = "tanh", "tanh"
    formula, tex_template = r"@z = \tanh @x,\quad \frac{\partial @z}{\partial @x} = 1 - @z^2", r"\tanh {0}"  # noqa: E501
    code, local_code = "np.tanh({0})", ("(1 - {z}**2)",)

    compute = staticmethod(np.tanh)  # a ufunc: no Python call per node

    def local(self, x: Array, out: Array) -> Array:
        return 1.0 - out * out


@register
class Sigmoid(Unary):
    name, label = "sigmoid", "σ"
    formula = r"@z = \sigma(@x),\quad \frac{\partial @z}{\partial @x} = (1 - @z)\,@z"
    code, local_code = "1 / (1 + np.exp(-{0}))", ("(1 - {z}) * {z}",)
    tex_template = r"\sigma({0})"

    def compute(self, x: Array) -> Array:
        # Split by sign so exp never overflows.
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    def local(self, x: Array, out: Array) -> Array:
        return out * (1.0 - out)


@register
class Relu(Unary):
    name, label, gate = "relu", "ReLU", "router"
    formula = r"@z = \max(0, @x),\quad \frac{\partial @z}{\partial @x} = \mathbb{1}[@x > 0]"
    code, local_code = "np.maximum(0, {0})", ("({0} > 0)",)
    tex_template = r"\operatorname{{ReLU}}({0})"

    def compute(self, x: Array) -> Array:
        return np.maximum(x, 0.0)

    def local(self, x: Array, out: Array) -> Array:
        return x > 0  # g times a boolean mask: no float mask to build


class Parametric(Unary):
    """A unary gate with one float parameter, the second of its signature."""

    def __init__(self, value: float) -> None:
        if not np.isfinite(value):
            raise ValueErr("err.value.finite", op=self.name, param=self.signature[1].name)
        self.value = float(value)

    def params(self) -> dict[str, object]:
        return {self.signature[1].name: self.value}

    def constants(self) -> dict[str, str]:
        return {"a": f"{self.value:g}"}

    def code_constants(self, v: Vars) -> dict[str, str]:
        return {"a": code_num(self.value)}


@register
class LeakyRelu(Parametric):
    name, label = "leaky_relu", "LReLU"
    signature = (T("x"), Param("slope", "float", 0.01))
    formula = r"\frac{\partial @z}{\partial @x} = \begin{cases} 1 & @x > 0 \\ @a & @x \le 0 \end{cases}"  # noqa: E501
    code, local_code = "np.where({0} > 0, {0}, {a} * {0})", ("np.where({0} > 0, 1.0, {a})",)

    def compute(self, x: Array) -> Array:
        return np.where(x > 0, x, self.value * x)

    def local(self, x: Array, out: Array) -> Array:
        return np.where(x > 0, 1.0, self.value)


@register
class Elu(Parametric):
    name, label = "elu", "ELU"
    signature = (T("x"), Param("alpha", "float", 1.0))
    formula = r"\frac{\partial @z}{\partial @x} = \begin{cases} 1 & @x > 0 \\ @a\,e^{@x} & @x \le 0 \end{cases}"  # noqa: E501
    code = "np.where({0} > 0, {0}, {a} * np.expm1({0}))"
    local_code = ("np.where({0} > 0, 1.0, {a} * np.exp({0}))",)

    def compute(self, x: Array) -> Array:
        return np.where(x > 0, x, self.value * np.expm1(np.minimum(x, 0.0)))

    def local(self, x: Array, out: Array) -> Array:
        return np.where(x > 0, 1.0, self.value * np.exp(np.minimum(x, 0.0)))
