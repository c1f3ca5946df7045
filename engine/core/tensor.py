"""Tensor: a node of the computational graph with value, grad and ordered inputs."""

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.engine.core import limits, quiet
from chainrule.engine.core.autograd import backprop, topological
from chainrule.engine.core.ops import arith, consts, shape
from chainrule.engine.core.ops.base import Op
from chainrule.engine.core.values import as_value, owned

_ids = itertools.count()  # next() on it is atomic: no lock needed between threads


def peek_id() -> int:
    """A number no Tensor made so far has; every Tensor made later has a larger one."""
    return next(_ids)


@dataclass(eq=False)
class Group:
    """A user-defined function call, drawn as a labelled box that can collapse to one gate."""

    id: str
    label: str
    parent: "Group | None" = None


class Tensor:
    """A value in the graph. Leaves are inputs (with gradient) or constants (without).

    `value` and `grad` are float64 arrays, 0-d ones NumPy scalars (see `as_value`)."""

    __array_ufunc__ = None  # NumPy defers to Tensor's reflected operators: array @ Tensor is a node
    __slots__ = ("value", "inputs", "op", "name", "requires_grad", "data", "id", "_grad",
                 "edge_grads", "span", "group")

    def __init__(
        self,
        value: Any,
        name: str | None = None,
        *,
        requires_grad: bool = True,
        op: "Op | None" = None,
        inputs: Iterable["Tensor"] = (),
        data: bool = False,
    ) -> None:
        self.inputs: tuple[Tensor, ...] = tuple(inputs) if inputs else ()
        if value.__class__ is not np.float64:  # a NumPy scalar is immutable: kept as it is
            value = owned(value, self.inputs) if op else as_value(value)
        self.value = value
        if _active() is not None:
            limits.charge(value.size)
        self.op = op
        self.name = name
        if op:  # a loop, not any(...): this runs once per node
            requires_grad = False
            for t in self.inputs:
                if t.requires_grad:
                    requires_grad = True
                    break
        self.requires_grad: bool = requires_grad and not data
        self.data = data  # a data-set leaf: a constant that training cuts into mini-batches
        self.id = next(_ids)  # creation order: a valid topological order
        self._grad: np.ndarray | None = None  # see the grad property
        # The gradient through each input slot: None until backward fills them in (a tuple of
        # None is one object fewer for Python's garbage collector to walk).
        self.edge_grads: Sequence[np.ndarray | None] = (None,) * len(self.inputs)
        self.span: tuple[int, int] | None = None
        self.group: Group | None = None

    @property
    def grad(self) -> np.ndarray | None:
        """∂output/∂self after backward(), read-only: backward shares one array between a node,
        its edges and (at an add gate) other nodes, so an in-place change would corrupt them."""
        grad = self._grad
        if grad.__class__ is np.ndarray:
            grad.setflags(write=False)  # here, once read, rather than on every edge in backward
        return grad

    @grad.setter
    def grad(self, grad: np.ndarray | None) -> None:
        self._grad = grad

    @property
    def kind(self) -> str:
        if self.op is not None:
            return "op"
        if self.data:
            return "data"
        return "input" if self.requires_grad else "const"

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape

    def __repr__(self) -> str:
        what = self.name or (self.op.name if self.op else self.kind)
        return f"Tensor({what}, value={self.value!r}, grad={self.grad!r})"

    def backward(self, seed: Any = None) -> None:
        """Fill `grad` of every node and `edge_grads` of every op; seed defaults to ones."""
        backprop(topological(self), self, seed)

    # Notebook display: `show(lang=…)` and Jupyter's `_repr_html_` are attached from outside the
    # core (engine/export/notebook.py, when the engine is imported), so the core draws nothing.

    # Operators fold a Python number into a unary gate (x + 1 → "+1"); see _binary below.
    def __add__(self, other: Any) -> "Tensor":
        if other.__class__ is Tensor:  # the common case, straight to the gate
            return apply(_ADD, self, other)
        return add(self, other)

    def __radd__(self, other: Any) -> "Tensor":
        return add(other, self)

    def __sub__(self, other: Any) -> "Tensor":
        if other.__class__ is Tensor:  # the common case, straight to the gate
            return apply(_SUB, self, other)
        return sub(self, other)

    def __rsub__(self, other: Any) -> "Tensor":
        return sub(other, self)

    def __mul__(self, other: Any) -> "Tensor":
        if other.__class__ is Tensor:  # the common case, straight to the gate
            return apply(_MUL, self, other)
        return mul(self, other)

    def __rmul__(self, other: Any) -> "Tensor":
        return mul(other, self)

    def __truediv__(self, other: Any) -> "Tensor":
        if other.__class__ is Tensor:  # the common case, straight to the gate
            return apply(_DIV, self, other)
        return div(self, other)

    def __rtruediv__(self, other: Any) -> "Tensor":
        return div(other, self)

    def __pow__(self, other: Any) -> "Tensor":
        if other.__class__ is Tensor:  # the common case, straight to the gate
            return apply(_POW, self, other)
        return power(self, other)

    def __rpow__(self, other: Any) -> "Tensor":
        return power(other, self)

    def __matmul__(self, other: Any) -> "Tensor":
        return apply(_MATMUL, self, other)

    def __rmatmul__(self, other: Any) -> "Tensor":
        return matmul(other, self)

    def __neg__(self) -> "Tensor":
        return neg(self)

    @property
    def T(self) -> "Tensor":  # noqa: N802  (NumPy's name)
        return transpose(self)


Operand = Any  # Tensor, NumPy array or Python number


def apply(op: Op, *args: Operand) -> Any:
    """Run `op` on its operands: a new graph node, or a plain array when all are constants."""
    for a in args:
        if a.__class__ is not Tensor and not isinstance(a, Tensor):  # a constant operand
            nodes = _with_constants(args)
            if not nodes:  # no node at all: plain arrays
                with np.errstate(all="ignore"):
                    return op.forward(*[np.asarray(x, dtype=np.float64) for x in args])
            args = nodes
            break
    token = _enter()  # inf and nan are shown to the student, not warned about
    try:
        if len(args) == 2:  # spelled out: a list comprehension costs a call in Python 3.11
            a, b = args
            value = op.forward(a.value, b.value)
            requires_grad = a.requires_grad or b.requires_grad
        elif len(args) == 1:
            a = args[0]
            value = op.forward(a.value)
            requires_grad = a.requires_grad
        else:
            value = op.forward(*[a.value for a in args])
            requires_grad = any(a.requires_grad for a in args)
    finally:
        _leave(token)
    if value.__class__ is not np.float64:
        value = owned(value, args)
    if _active() is not None:
        limits.charge(value.size)
    # The node, as Tensor(value, op=op, inputs=args) makes it without the checks a leaf needs.
    node = _new(Tensor)
    node.value = value
    node.inputs = args
    node.op = op
    node.name = None
    node.requires_grad = requires_grad
    node.data = False
    node.id = next(_ids)
    node._grad = None
    node.edge_grads = _NO_EDGES[len(args)]
    node.span = None
    node.group = None
    return node


def _with_constants(args: tuple[Operand, ...]) -> tuple[Tensor, ...]:
    """The operands with constants as constant leaves; () when none of them is a Tensor."""
    tensors = [x if isinstance(x, Tensor) else None for x in args]
    if not any(tensors):
        return ()
    return tuple(t if t is not None else Tensor(x, requires_grad=False)
                 for t, x in zip(tensors, args, strict=True))


_new = object.__new__
_enter, _leave, _active = quiet.enter, quiet.leave, limits.active
_NO_EDGES = tuple((None,) * n for n in range(16))  # shared: edge_grads before backward fills them


def scalar_const(x: Operand) -> float | None:
    """The number a constant scalar operand holds, else None."""
    if x.__class__ is float or x.__class__ is int:  # the common constant: no array
        return float(x)
    if isinstance(x, Tensor):
        return None
    arr = np.asarray(x, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else None


# A gate without parameters is one object that all its nodes share: one per node would only give
# Python's garbage collector more to walk through in a big scalar graph.
_ADD, _SUB, _MUL, _DIV, _POW = arith.Add(), arith.Sub(), arith.Mul(), arith.Div(), arith.Pow()
_MAX, _MIN, _MATMUL, _NEG = arith.Maximum(), arith.Minimum(), arith.MatMul(), consts.MulConst(-1)
_TRANSPOSE = shape.Transpose()


def _binary(op: Op, gate_b: Any, gate_a: Any, a: Operand, b: Operand) -> Any:
    """Fold a scalar constant on the right (gate_b) or left (gate_a) into a unary gate."""
    if not (isinstance(a, Tensor) and isinstance(b, Tensor)):
        cb, ca = scalar_const(b), scalar_const(a)
        if cb is not None and ca is None:
            return apply(gate_b(cb), a)
        if ca is not None and cb is None:
            return apply(gate_a(ca), b)
    return apply(op, a, b)


def _add_negated(c: float) -> Op:
    return consts.AddConst(-c)


def add(a: Operand, b: Operand) -> Any:
    return _binary(_ADD, consts.AddConst, consts.AddConst, a, b)


def sub(a: Operand, b: Operand) -> Any:
    return _binary(_SUB, _add_negated, consts.RSubConst, a, b)


def mul(a: Operand, b: Operand) -> Any:
    return _binary(_MUL, consts.MulConst, consts.MulConst, a, b)


def div(a: Operand, b: Operand) -> Any:
    return _binary(_DIV, consts.DivConst, consts.RDivConst, a, b)


def power(a: Operand, b: Operand) -> Any:
    return _binary(_POW, consts.PowConst, consts.RPowConst, a, b)


def maximum(a: Operand, b: Operand) -> Any:
    return _binary(_MAX, consts.MaxConst, consts.MaxConst, a, b)


def minimum(a: Operand, b: Operand) -> Any:
    return _binary(_MIN, consts.MinConst, consts.MinConst, a, b)


def matmul(a: Operand, b: Operand) -> Any:
    return apply(_MATMUL, a, b)


def neg(x: Operand) -> Any:
    return apply(_NEG, x)


def transpose(x: Operand) -> Any:
    return apply(_TRANSPOSE, x)
