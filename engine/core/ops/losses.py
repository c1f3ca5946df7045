"""More loss nodes: the multiclass SVM (hinge) loss of CS231n, binary cross-entropy and MAE."""

import numpy as np

from chainrule.engine.core.errors import ShapeError, ValueErr
from chainrule.engine.core.ops.arith import broadcast_shape
from chainrule.engine.core.ops.base import Array, Grads, Op, Vars, code_num, fmt_const, register
from chainrule.engine.core.ops.nn import mean_count
from chainrule.engine.core.signature import Param, T


def class_indices(scores: Array, target: Array, op: str) -> Array:
    """`target` as integer class indices, one per row of `scores` (C,) or (N, C)."""
    if scores.ndim not in (1, 2):
        raise ShapeError("err.loss.scores", op=op, shape=scores.shape)
    if target.shape != scores.shape[:-1]:
        raise ShapeError("err.loss.indices", op=op, target=target.shape, scores=scores.shape,
                         want=scores.shape[:-1])
    classes = scores.shape[-1]
    bad = ~((target == np.round(target)) & (target >= 0) & (target < classes))
    if np.any(bad):
        raise ValueErr("err.loss.index", op=op, value=fmt_const(target[bad].flat[0]),
                       last=classes - 1)
    return target.astype(int)


@register
class SvmLoss(Op):
    name, label = "svm_loss", "SVM loss"
    signature = (T("scores"), T("target"), Param("margin", "float", 1.0))
    formula = (
        r"\frac{\partial @z}{\partial {@x}_{j}} = \frac{1}{N}\,\mathbf{1}\!\left[{@x}_{j} - "
        r"{@x}_{@y} + @c > 0\right]\ (j \ne @y),\quad \frac{\partial @z}{\partial {@x}_{@y}} = "
        r"-\frac{1}{N}\sum_{j \ne @y} \mathbf{1}\!\left[{@x}_{j} - {@x}_{@y} + @c > 0\right]"
    )
    generic = {"x": "s", "y": "y", "z": "L", "c": r"\Delta"}
    code_note = "code.note.svm"

    def __init__(self, margin: float) -> None:
        self.margin = float(margin)

    def params(self) -> dict[str, object]:
        return self.changed(margin=self.margin)

    def constants(self) -> dict[str, str]:
        return {"c": fmt_const(self.margin)}

    def hinge(self, scores: Array, target: Array) -> Array:
        """max(0, s_j − s_y + Δ) per row, 0 at the correct class; rows (N, C)."""
        s = scores.reshape(-1, scores.shape[-1])
        y = class_indices(scores, target, self.name).reshape(-1)
        correct = s[np.arange(len(y)), y][:, None]
        margins = np.maximum(0.0, s - correct + self.margin)
        margins[np.arange(len(y)), y] = 0.0
        return margins

    def forward(self, *xs: Array) -> Array:
        margins = self.hinge(*xs)
        return np.asarray(margins.sum() / len(margins))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        scores, target = xs
        margins = self.hinge(scores, target)
        y = target.astype(int).reshape(-1)
        d = (margins > 0).astype(np.float64)  # the subgradient at a margin of exactly 0 is 0
        d[np.arange(len(y)), y] = -d.sum(axis=1)
        return g * d.reshape(scores.shape) / len(margins), None

    def forward_code(self, v: Vars) -> str:
        return f"np.sum(hinge({v.xs[0]}, {v.xs[1]}, {code_num(self.margin)})){self.per_row(v)}"

    def backward_code(self, v: Vars, index: int) -> str:
        d = f"hinge_grad({v.xs[0]}, {v.xs[1]}, {code_num(self.margin)})"
        return f"{d}{self.per_row(v)} * {v.dz}"

    @staticmethod
    def per_row(v: Vars) -> str:
        return f" / {v.shapes[0][0]}" if len(v.shapes[0]) == 2 else ""


@register
class Bce(Op):
    name, label, signature = "bce", "BCE", (T("p"), T("t"))
    formula = (
        r"\frac{\partial @z}{\partial @x} = \frac{@x - @y}{n\,@x\,(1 - @x)},\quad "
        r"\frac{\partial @z}{\partial @y} = \frac{\ln(1 - @x) - \ln @x}{n}"
    )
    generic = {"x": "p", "y": "t", "z": "L"}
    code = "-np.mean({1} * np.log({0}) + (1 - {1}) * np.log(1 - {0}))"
    local_code = ("(({0} - {1}) / ({0} * (1 - {0})) / {n})",
                  "((np.log(1 - {0}) - np.log({0})) / {n} + np.zeros_like({1}))")

    def forward(self, *xs: Array) -> Array:
        p, t = xs
        broadcast_shape(p, t, self.name)
        return np.asarray(-np.mean(t * np.log(p) + (1.0 - t) * np.log(1.0 - p)))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        p, t = xs
        both = np.broadcast(p, t)
        n = max(both.size, 1)
        dt = np.broadcast_to(g * (np.log(1.0 - p) - np.log(p)) / n, both.shape)  # t may be larger
        return g * (p - t) / (p * (1.0 - p)) / n, dt

    def code_constants(self, v: Vars) -> dict[str, str]:
        return mean_count(v)


@register
class Mae(Op):
    name, label, signature = "mae", "MAE", (T("y"), T("t"))
    formula = (
        r"\frac{\partial @z}{\partial @x} = \frac{\operatorname{sign}(@x - @y)}{n},\quad "
        r"\frac{\partial @z}{\partial @y} = -\frac{\operatorname{sign}(@x - @y)}{n}"
    )
    generic = {"x": "y", "y": "t", "z": "L"}
    code = "np.mean(np.abs({0} - {1}))"
    local_code = ("(np.sign({0} - {1}) / {n})", "(-np.sign({0} - {1}) / {n})")

    def forward(self, *xs: Array) -> Array:
        broadcast_shape(xs[0], xs[1], self.name)
        return np.asarray(np.mean(np.abs(xs[0] - xs[1])))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        diff = xs[0] - xs[1]
        local = np.sign(diff) / max(diff.size, 1)  # sign(0) = 0, as torch's l1_loss
        return g * local, -g * local

    def code_constants(self, v: Vars) -> dict[str, str]:
        return mean_count(v)
