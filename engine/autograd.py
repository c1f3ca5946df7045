"""The backward pass and its helpers over a graph of Tensors: sort, backprop, recompute."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import quiet
from engine.ops.base import unbroadcast
from engine.values import as_value, owned

if TYPE_CHECKING:
    from engine.tensor import Tensor


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
