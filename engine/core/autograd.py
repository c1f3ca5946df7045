"""The backward pass and its helpers over a graph of Tensors: sort, backprop, recompute."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

import numpy as np

from chainrule.engine.core import quiet
from chainrule.engine.core.ops.base import Op, unbroadcast
from chainrule.engine.core.values import as_value, owned


class Node(Protocol):
    """A node as the passes see it. Tensor is one; it imports this module, so the passes name
    what they use of it rather than the class (no import circle)."""

    value: Any
    op: Op | None
    requires_grad: bool
    id: int
    _grad: np.ndarray | None
    edge_grads: Sequence[np.ndarray | None]

    @property
    def inputs(self) -> Sequence[Node]: ...


N = TypeVar("N", bound=Node)


def backprop(order: Sequence[Node], output: Node, seed: Any = None) -> None:
    """backward() over `order`, the output's graph as topological() sorts it (sorted once when
    training runs it many times)."""
    for node in order:
        if node._grad is not None:  # from an earlier backward: its edges were filled too
            node._grad = None
            node.edge_grads = (None,) * len(node.inputs)
    shape = output.value.shape
    output._grad = _ONE if seed is None and not shape else as_value(
        np.ones(shape) if seed is None else seed)
    token = quiet.enter()  # inf and nan are shown to the student, not warned about
    try:
        for node in reversed(order):
            if node.op is not None and node._grad is not None and node.requires_grad:
                node.edge_grads = _propagate(node, node.inputs)
    finally:
        quiet.leave(token)


_ONE = as_value(1.0)  # the seed of a scalar output


def _propagate(node: Node, inputs: Sequence[Node]) -> tuple[np.ndarray | None, ...]:
    """Push node's gradient through its op onto each input; edges into one input add up.
    Returns the gradient on each input edge (None where the input needs none)."""
    op, g, n = node.op, node._grad, len(inputs)
    if TYPE_CHECKING:  # backprop calls this for op nodes with a gradient only
        assert op is not None and g is not None
    if n == 2:  # spelled out: a list comprehension costs a call in Python 3.11
        a, b = inputs
        if op.skips and not (a.requires_grad and b.requires_grad):  # tell it which need one
            grads = op.backward(g, node.value, a.value, b.value,  # type: ignore[call-arg]
                                needs=(a.requires_grad, b.requires_grad))
        else:
            grads = op.backward(g, node.value, a.value, b.value)
    elif op.skips:
        grads = op.backward(g, node.value, *[t.value for t in inputs],  # type: ignore[call-arg]
                            needs=[t.requires_grad for t in inputs])
    elif n == 1:
        grads = op.backward(g, node.value, inputs[0].value)
    else:
        grads = op.backward(g, node.value, *[t.value for t in inputs])
    edges: list[np.ndarray | None] = []
    for source, grad in zip(inputs, grads, strict=True):  # one gradient per input
        if grad is None or not source.requires_grad:
            edges.append(None)
            continue
        value = source.value  # an array, or a NumPy scalar when 0-d: its gradient is alike
        if grad.__class__ is not value.__class__ or grad.__class__ is np.ndarray and (
                grad.shape != value.shape or grad.dtype is not _FLOAT64):
            grad = unbroadcast(grad, value.shape)
        edges.append(grad)
        prior = source._grad
        source._grad = grad if prior is None else prior + grad
    return tuple(edges)  # a tuple of untracked objects: the collector skips it


_FLOAT64 = np.dtype(np.float64)


def topological(output: N) -> list[N]:
    """Every node that `output` depends on, inputs first, without recursion."""
    seen: set[Node] = set()
    leaves: list[Node] = []
    ops: list[Node] = []
    stack: list[Node] = [output]
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
    return cast(list[N], leaves + ops)  # a node's inputs are nodes of its kind


_creation = operator.attrgetter("id")


def recompute(order: Sequence[Node]) -> None:
    """Run the forward pass again over `order` (after a leaf value changed)."""
    with np.errstate(all="ignore"):
        for node in order:
            op = node.op
            if op is None:
                continue
            inputs = node.inputs
            if len(inputs) == 2:  # spelled out, as in _propagate
                value = op.forward(inputs[0].value, inputs[1].value)
            elif len(inputs) == 1:
                value = op.forward(inputs[0].value)
            else:
                value = op.forward(*[t.value for t in inputs])
            node.value = value if value.__class__ is np.float64 else owned(value, inputs)
