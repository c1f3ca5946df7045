"""Tensor: a node of the computational graph with value, grad and ordered inputs."""

import itertools
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import limits, quiet

if TYPE_CHECKING:
    from engine.ops.base import Op
    from engine.viewer import NotebookView

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
    __slots__ = ("value", "inputs", "op", "name", "requires_grad", "data", "id", "grad",
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
        self.inputs: tuple[Tensor, ...] = tuple(inputs)
        if type(value) is not np.float64:  # a NumPy scalar is immutable: kept as it is
            value = owned(value, self.inputs) if op else as_value(value)
        self.value = value
        if limits.active() is not None:
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
        self.grad: np.ndarray | None = None
        # The gradient through each input slot: None until backward fills in a list (a tuple of
        # None is one object fewer for Python's garbage collector to walk).
        self.edge_grads: Sequence[np.ndarray | None] = (None,) * len(self.inputs)
        self.span: tuple[int, int] | None = None
        self.group: Group | None = None

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

    def show(self, lang: str | None = None, height: int = 560) -> "NotebookView":
        """The steppable graph for Jupyter, in `lang` ("ko" or "en"; default: the locale's)."""
        from engine import i18n
        from engine.trace import trace
        from engine.viewer import NotebookView

        if lang is not None and not i18n.match(lang):
            speaks = ", ".join(i18n.LANGUAGES)
            raise ValueError(f"unknown language {lang!r}; chainrule speaks {speaks}")
        return NotebookView(trace(self), lang=lang, height=height)

    def _repr_html_(self) -> str:
        """Jupyter shows the steppable graph (call backward() first to see the gradients)."""
        return self.show()._repr_html_()

    # Operators delegate to engine.functions, which folds Python numbers into unary gates.
    def __add__(self, other: Any) -> "Tensor":
        return F.add(self, other)

    def __radd__(self, other: Any) -> "Tensor":
        return F.add(other, self)

    def __sub__(self, other: Any) -> "Tensor":
        return F.sub(self, other)

    def __rsub__(self, other: Any) -> "Tensor":
        return F.sub(other, self)

    def __mul__(self, other: Any) -> "Tensor":
        return F.mul(self, other)

    def __rmul__(self, other: Any) -> "Tensor":
        return F.mul(other, self)

    def __truediv__(self, other: Any) -> "Tensor":
        return F.div(self, other)

    def __rtruediv__(self, other: Any) -> "Tensor":
        return F.div(other, self)

    def __pow__(self, other: Any) -> "Tensor":
        return F.power(self, other)

    def __rpow__(self, other: Any) -> "Tensor":
        return F.power(other, self)

    def __matmul__(self, other: Any) -> "Tensor":
        return F.matmul(self, other)

    def __rmatmul__(self, other: Any) -> "Tensor":
        return F.matmul(other, self)

    def __neg__(self) -> "Tensor":
        return F.neg(self)

    @property
    def T(self) -> "Tensor":  # noqa: N802  (NumPy's name)
        return F.transpose(self)


_FLOAT64 = np.dtype(np.float64)


def as_value(value: Any) -> np.ndarray:
    """`value` as a float64 array of its own; 0-d as a NumPy scalar, as NumPy's own 0-d results
    are (immutable, and ten times faster to compute with than a 0-d array)."""
    array = np.array(value, dtype=np.float64)
    return array[()] if array.ndim == 0 else array


def owned(value: Any, inputs: tuple["Tensor", ...]) -> np.ndarray:
    """An op's result as a value (see as_value); a fresh float64 array is kept, not copied."""
    if type(value) is np.ndarray and value.dtype is _FLOAT64 and value.ndim and value.base is None:
        for t in inputs:
            if value is t.value:
                return value.copy()
        return value
    return as_value(value)


def backprop(order: list[Tensor], output: Tensor, seed: Any = None) -> None:
    """backward() over `order`, the output's graph as topological() sorts it (sorted once when
    training runs it many times)."""
    for node in order:
        node.grad = None
        node.edge_grads = (None,) * len(node.inputs)
    output.grad = as_value(np.ones(output.value.shape) if seed is None else seed)
    token = quiet.enter()  # inf and nan are shown to the student, not warned about
    try:
        for node in reversed(order):
            if node.op is not None and node.grad is not None and node.requires_grad:
                _propagate(node)
    finally:
        quiet.leave(token)


def _propagate(node: Tensor) -> None:
    """Push node.grad through its op onto each input edge; edges into one input add up."""
    assert node.op is not None and node.grad is not None
    inputs = node.inputs
    grads = node.op.backward(node.grad, node.value, *map(_value, inputs))
    if len(grads) != len(inputs):
        count = f"{len(grads)} gradients for {len(inputs)} inputs"
        raise RuntimeError(f"{node.op.name}.backward returned {count}")
    edges: list[np.ndarray | None] = [None] * len(inputs)
    node.edge_grads = edges
    for index, source in enumerate(inputs):
        grad = grads[index]
        if grad is None or not source.requires_grad:
            continue
        if type(grad) is not np.float64 or type(source.value) is not np.float64:
            grad = unbroadcast(grad, source.value.shape)
            if type(grad) is np.ndarray:  # the edge and (at first) the node share it: freeze it
                grad.flags.writeable = False
        edges[index] = grad
        source.grad = grad if source.grad is None else source.grad + grad


def topological(output: Tensor) -> list[Tensor]:
    """Every node that `output` depends on, inputs first, without recursion."""
    seen: set[Tensor] = set()
    leaves: list[Tensor] = []
    ops: list[Tensor] = []
    stack = [output]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node.op is None:
            leaves.append(node)
        else:
            ops.append(node)
            stack.extend(node.inputs)
    # Leaves first, as the slides show every input at the start; then creation order, which is
    # topological because inputs are always made before the ops that use them.
    leaves.sort(key=_creation)
    ops.sort(key=_creation)
    return leaves + ops


_creation = operator.attrgetter("id")
_value = operator.attrgetter("value")


def recompute(order: list[Tensor]) -> None:
    """Run the forward pass again over `order` (after a leaf value changed)."""
    with np.errstate(all="ignore"):
        for node in order:
            if node.op is not None:
                node.value = owned(node.op.forward(*map(_value, node.inputs)), node.inputs)


from engine import functions as F  # noqa: E402  (functions needs Tensor defined first)
from engine.ops.base import unbroadcast  # noqa: E402
