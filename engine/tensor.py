"""Tensor: a node of the computational graph with value, grad and ordered inputs."""

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import limits

if TYPE_CHECKING:
    from engine.ops.base import Op
    from engine.viewer import NotebookView

class _Counter:
    """Thread-safe creation numbers that can be read ahead."""

    def __init__(self) -> None:
        self.next = 0
        self.lock = threading.Lock()

    def take(self) -> int:
        with self.lock:
            self.next += 1
            return self.next - 1


_counter = _Counter()


def peek_id() -> int:
    """The number the next Tensor will get; every Tensor made later has one at least as large."""
    return _counter.next


@dataclass(eq=False)
class Group:
    """A user-defined function call, drawn as a labelled box that can collapse to one gate."""

    id: str
    label: str
    parent: "Group | None" = None


class Tensor:
    """A value in the graph. Leaves are inputs (with gradient) or constants (without)."""

    __array_ufunc__ = None  # NumPy defers to Tensor's reflected operators: array @ Tensor is a node

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
        self.value = np.array(value, dtype=np.float64)
        limits.charge(self.value.size)
        self.inputs: tuple[Tensor, ...] = tuple(inputs)
        self.op = op
        self.name = name
        needs = any(t.requires_grad for t in self.inputs) if op else requires_grad and not data
        self.requires_grad: bool = needs
        self.data = data  # a data-set leaf: a constant that training cuts into mini-batches
        self.id = _counter.take()  # creation order: a valid topological order
        self.grad: np.ndarray | None = None
        self.edge_grads: list[np.ndarray | None] = [None] * len(self.inputs)
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


def backprop(order: list[Tensor], output: Tensor, seed: Any = None) -> None:
    """backward() over `order`, the output's graph as topological() sorts it (sorted once when
    training runs it many times)."""
    for node in order:
        node.grad = None
        node.edge_grads = [None] * len(node.inputs)
    output.grad = np.ones_like(output.value) if seed is None else np.array(seed, dtype=np.float64)
    with np.errstate(all="ignore"):  # inf and nan are shown to the student, not warned about
        for node in reversed(order):
            if node.op is not None and node.grad is not None and node.requires_grad:
                _propagate(node)


def _propagate(node: Tensor) -> None:
    """Push node.grad through its op onto each input edge; edges into one input add up."""
    assert node.op is not None and node.grad is not None
    grads = node.op.backward(node.grad, node.value, *(t.value for t in node.inputs))
    if len(grads) != len(node.inputs):
        count = f"{len(grads)} gradients for {len(node.inputs)} inputs"
        raise RuntimeError(f"{node.op.name}.backward returned {count}")
    for index, (source, grad) in enumerate(zip(node.inputs, grads, strict=True)):
        if grad is None or not source.requires_grad:
            continue
        grad = unbroadcast(grad, source.shape)
        grad.flags.writeable = False  # shared by the edge and (at first) the node: keep it intact
        node.edge_grads[index] = grad
        source.grad = grad if source.grad is None else source.grad + grad


def topological(output: Tensor) -> list[Tensor]:
    """Every node that `output` depends on, inputs first, without recursion."""
    seen: set[int] = set()
    found: list[Tensor] = []
    stack = [output]
    while stack:
        node = stack.pop()
        if node.id in seen:
            continue
        seen.add(node.id)
        found.append(node)
        stack.extend(node.inputs)
    # Leaves first, as the slides show every input at the start; then creation order, which is
    # topological because inputs are always made before the ops that use them.
    return sorted(found, key=lambda t: (t.op is not None, t.id))


def recompute(order: list[Tensor]) -> None:
    """Run the forward pass again over `order` (after a leaf value changed)."""
    with np.errstate(all="ignore"):
        for node in order:
            if node.op is not None:
                node.value = node.op.forward(*(t.value for t in node.inputs))


from engine import functions as F  # noqa: E402  (functions needs Tensor defined first)
from engine.ops.base import unbroadcast  # noqa: E402
