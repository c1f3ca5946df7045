"""Op protocol and the one catalog every op registers in."""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeVar

import numpy as np

from chainrule.engine.core.signature import Param, call_syntax

Array = np.ndarray
Grads = Sequence[Array | None]


class NoCode(NotImplementedError):
    """An op whose forward or backward has no line in the code view yet."""


@dataclass(frozen=True)
class Vars:
    """A gate's variables in the code view: inputs `xs`, output `z`, its gradient `dz`."""

    xs: Sequence[str]
    z: str
    dz: str
    shapes: Sequence[tuple[int, ...]]  # the inputs'
    shape: tuple[int, ...]  # the output's


class Op:
    """One gate: forward and backward side by side; backward returns one gradient per input."""

    name: ClassVar[str]
    label: ClassVar[str]
    # TeX of the local gradient: @z is this gate's output, @x @y @b its inputs, @L the graph's
    # output; a node fills in its own symbols, the catalog the `generic` letters.
    formula: ClassVar[str]
    generic: ClassVar[dict[str, str]] = {}
    gate: ClassVar[str | None] = None
    arity: ClassVar[int] = 1  # inputs; an op made by a function has its signature's tensors
    # The function that makes this gate, called by the op's name, declared once: the language's
    # builtins, the Python functions (engine.core.functions) and the catalog's syntax come from it.
    signature: ClassVar[tuple[Param, ...]] = ()
    syntax: ClassVar[str] = ""  # an example, for gates that no function makes (x + 1)
    template: ClassVar[str] = ""  # step text, e.g. "{0} + {1}"; default is a call
    tex_template: ClassVar[str] = ""

    def forward(self, *xs: Array) -> Array:
        raise NotImplementedError

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        raise NotImplementedError

    # An op whose gradients are costly (a product, a convolution) sets `skips`: its backward
    # then also takes `needs`, one bool per input, and returns None for inputs that need none
    # (a data set, a target), as PyTorch's needs_input_grad.
    skips: ClassVar[bool] = False

    # The code view (engine.document.codegen): `code` is the forward as NumPy, `local_code` each
    # input's local gradient (backward = local * upstream); {0} {1} are the inputs, {z} the output,
    # other fields come from code_constants. Ops that need more override forward_code/backward_code.
    code: ClassVar[str] = ""
    local_code: ClassVar[tuple[str, ...]] = ()
    code_note: ClassVar[str] = ""  # catalog id of a comment above this gate's backward lines
    code_view: ClassVar[bool] = False  # backward_code may return a view of the upstream

    def forward_code(self, v: Vars) -> str:
        """The forward as one NumPy expression of the input variables, e.g. `q * z`."""
        if not self.code:
            raise NoCode(self.name)
        return self.code.format(*v.xs, z=v.z, **self.code_constants(v))

    def backward_code(self, v: Vars, index: int) -> str:
        """The gradient to input `index` before broadcast axes are summed, e.g. `z * df`."""
        if not self.local_code:
            raise NoCode(self.name)
        local = self.local_code[index].format(*v.xs, z=v.z, **self.code_constants(v))
        return f"{local} * {v.dz}"

    def code_constants(self, v: Vars) -> dict[str, str]:
        return {}

    def node_label(self) -> str:
        return self.label

    @classmethod
    def catalog_syntax(cls) -> str:
        return call_syntax(cls.name, cls.signature) if cls.signature else cls.syntax

    @classmethod
    def catalog_formula(cls) -> str:
        return fill(cls.formula, GENERIC | cls.generic)

    def node_formula(self, out: str, inputs: Sequence[str], final: str) -> str:
        """The formula in this node's own TeX symbols, e.g. ∂f/∂q = z for f = q * z."""
        names = {"z": out, "L": final} | dict(zip("xyb", inputs, strict=False))
        return fill(self.formula, GENERIC | self.generic | self.constants() | names)

    def constants(self) -> dict[str, str]:
        """This node's fixed numbers for the formula: @c (a folded constant), @a (a slope)."""
        return {}

    def params(self) -> dict[str, object]:
        """Static arguments shown after the inputs in step text, e.g. axis=0."""
        return {}

    def changed(self, **values: object) -> dict[str, object]:
        """Those of `values` that differ from their defaults in the signature."""
        defaults = {p.name: p.default for p in self.signature}
        return {k: v for k, v in values.items() if v != defaults[k]}

    def expr(self, args: Sequence[str]) -> str:
        if self.template:
            return self.template.format(*args)
        params = self.params().items()
        extra = [f'{k}="{v}"' if isinstance(v, str) else f"{k}={v}" for k, v in params]
        return f"{self.name}({', '.join([*args, *extra])})"

    def expr_tex(self, args: Sequence[str]) -> str:
        if self.tex_template:
            return self.tex_template.format(*args)
        name = self.name.replace("_", r"\_")
        return rf"\operatorname{{{name}}}({', '.join(args)})"


GENERIC = {"z": "z", "x": "x", "y": "y", "b": "b", "L": "L", "c": "c", "a": r"\alpha"}
_TOKEN = re.compile(r"@([zxybLca])")


def fill(formula: str, names: dict[str, str]) -> str:
    return _TOKEN.sub(lambda m: names[m.group(1)], formula)


CATALOG: dict[str, type[Op]] = {}
OpClass = TypeVar("OpClass", bound=type[Op])


def register(cls: OpClass) -> OpClass:
    """Add an op class to the catalog under its `name`."""
    if cls.name in CATALOG:
        raise RuntimeError(f"op {cls.name!r} registered twice")
    if cls.signature:
        cls.arity = sum(p.tensor for p in cls.signature)
    CATALOG[cls.name] = cls
    return cls


def unbroadcast(grad: Array, shape: tuple[int, ...]) -> Array:
    """Sum a broadcast gradient back down to `shape`; 0-d as a NumPy scalar, as values are."""
    if type(grad) is np.float64 and not shape:  # the scalar engine's every edge
        return grad
    grad = np.asarray(grad, dtype=np.float64)
    if grad.shape != shape:
        lead = grad.ndim - len(shape)  # axes broadcasting put in front
        ones = tuple(lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1)
        if lead:  # (32, 16) → (16,): a bias's gradient
            grad = np.add.reduce(grad, axis=tuple(range(lead)))
        if ones:
            grad = np.add.reduce(grad, axis=tuple(i - lead for i in ones), keepdims=True)
        if grad.shape != shape:  # fewer axes than the value (a size-1 value's gradient)
            grad = grad.reshape(shape)
    return grad[()] if grad.ndim == 0 else grad


def code_num(c: float) -> str:
    """A number as Python that reads back exactly: 0.1, -2.0, np.inf."""
    c = float(c)
    if math.isfinite(c):
        return repr(c)
    return "np.nan" if math.isnan(c) else "np.inf" if c > 0 else "-np.inf"


def fmt_const(c: float) -> str:
    """A constant as the slides write it: 1, -1, 0.5."""
    c = float(c)
    return str(int(c)) if c.is_integer() and abs(c) < 1e15 else f"{c:g}"
