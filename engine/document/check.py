"""Numerical gradient check by central differences, in float64."""

from typing import Any

import numpy as np

from chainrule.engine.core import limits
from chainrule.engine.core.autograd import recompute, topological
from chainrule.engine.core.tensor import Tensor
from chainrule.engine.document.trace import Encoder, Whole, to_json

TOLERANCE = 1e-4


def numeric_grad(
    output: Tensor, leaf: Tensor, eps: float = 1e-6, most: int | None = None,
    order: list[Tensor] | None = None,
) -> np.ndarray:
    """d(sum of output)/d(leaf) by central differences; NaN past the first `most` entries."""
    order = topological(output) if order is None else order
    original = leaf.value
    moved = np.array(original, dtype=np.float64)  # the leaf's value while it is moved
    flat = moved.reshape(-1)  # a view: writing it moves `moved`
    numeric = np.full(flat.shape, np.nan)
    leaf.value = moved
    try:
        for i in range(flat.size if most is None else min(most, flat.size)):
            limits.tick()
            saved = flat[i]
            flat[i] = saved + eps
            recompute(order)
            up = float(np.sum(output.value))
            flat[i] = saved - eps
            recompute(order)
            down = float(np.sum(output.value))
            flat[i] = saved
            numeric[i] = (up - down) / (2 * eps)
    finally:
        leaf.value = original
    recompute(order)
    return numeric.reshape(leaf.shape)


def rel_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """max |a - n| over max (|a| + |n|), on the entries that were checked."""
    mask = ~np.isnan(numeric)
    if not mask.any():
        return 0.0
    a, n = analytic[mask], numeric[mask]
    scale = max(float(np.max(np.abs(a) + np.abs(n))), 1e-12)
    return float(np.max(np.abs(a - n))) / scale


@np.errstate(all="ignore")
def check(output: Tensor, most: int = 2_000, encoder: Encoder | None = None) -> dict[str, Any]:
    """Compare every input's analytic gradient (after backward) with central differences;
    the arrays written by `encoder` (default: whole) as "check/<name>/analytic" and "…/numeric"."""
    enc = encoder or Whole()
    inputs: dict[str, Any] = {}
    errors: list[float] = []
    budget = most
    order = topological(output)
    leaves = [t for t in order if t.kind == "input" and t.grad is not None]
    for index, leaf in enumerate(leaves):
        assert leaf.grad is not None
        numeric = numeric_grad(output, leaf, most=max(budget, 0), order=order)
        budget -= leaf.value.size
        err = rel_error(leaf.grad, numeric)
        errors.append(err)
        name = leaf.name or f"input{index}"
        inputs[name] = {
            "analytic": enc.encode(leaf.grad, f"check/{name}/analytic"),
            "numeric": enc.encode(numeric, f"check/{name}/numeric"),
            "rel_error": to_json(np.asarray(err)),
        }
    worst = max(errors, key=lambda e: np.inf if np.isnan(e) else e, default=0.0)
    return {"ok": bool(worst < TOLERANCE), "max_rel_error": to_json(np.asarray(worst)),
            "inputs": inputs}
