"""Loss and normalisation nodes: softmax, Softmax-with-Loss (cross_entropy), mse."""

import math
from collections.abc import Sequence

import numpy as np

from chainrule.engine.core.errors import ShapeError, ValueErr
from chainrule.engine.core.ops.arith import broadcast_shape
from chainrule.engine.core.ops.base import Array, Grads, Op, Vars, register
from chainrule.engine.core.ops.shape import normalize_axis
from chainrule.engine.core.signature import Param, T


def softmax(x: Array, axis: int = -1) -> Array:
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return np.asarray(e / np.sum(e, axis=axis, keepdims=True))


def mean_count(v: Vars) -> dict[str, str]:
    """{n} for the code of a loss that averages its broadcast inputs elementwise."""
    return {"n": str(max(math.prod(np.broadcast_shapes(*v.shapes)), 1))}


@register
class Softmax(Op):
    name, label, signature = "softmax", "softmax", (T("x"), Param("axis", "int", -1))
    formula = r"\frac{\partial @L}{\partial @x} = @z \odot \left(\frac{\partial @L}{\partial @z} - \sum_j \left(\frac{\partial @L}{\partial @z} \odot @z\right)_j\right)"  # noqa: E501

    def __init__(self, axis: int) -> None:
        self.axis = int(axis)

    def params(self) -> dict[str, object]:
        return self.changed(axis=self.axis)

    def forward(self, *xs: Array) -> Array:
        if xs[0].ndim == 0:
            raise ShapeError("err.shape.softmax_scalar")
        normalize_axis(self.axis, xs[0].ndim, self.name)
        return softmax(xs[0], self.axis)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        inner = np.sum(g * out, axis=self.axis, keepdims=True)
        return (out * (g - inner),)

    def forward_code(self, v: Vars) -> str:
        axis = f", axis={self.axis}" if self.params() else ""
        return f"softmax({v.xs[0]}{axis})"

    def backward_code(self, v: Vars, index: int) -> str:
        z, dz = v.z, v.dz
        return f"{z} * ({dz} - np.sum({dz} * {z}, axis={self.axis}, keepdims=True))"


@register
class CrossEntropy(Op):
    name, label, signature = "cross_entropy", "Softmax-with-Loss", (T("logits"), T("target"))
    formula = r"\frac{\partial @z}{\partial @x} = \frac{\operatorname{softmax}(@x) - @y}{N}"
    generic = {"x": "s", "y": "t", "z": "L"}
    code_note = "code.note.cross_entropy"

    def forward(self, *xs: Array) -> Array:
        logits, target = xs
        index = self.indices(logits, target)
        shifted = logits - np.max(logits, axis=-1, keepdims=True)
        log_y = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
        # one-hot rows weigh every log-probability; class indices pick one per row
        picked = target * log_y if index is None else log_y[self.at(index)]
        return np.asarray(-np.sum(picked) / self.batch(logits))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        logits, target = xs
        index = self.indices(logits, target)
        y = softmax(logits)  # a new array: y - t in place
        if index is None:
            y -= target
        else:
            y[self.at(index)] -= 1.0
        return g * y / self.batch(logits), None

    @staticmethod
    def batch(logits: Array) -> int:
        return logits.shape[0] if logits.ndim == 2 else 1

    @staticmethod
    def at(index: Array) -> tuple[Array, ...]:
        """The subscript of each row's class: (rows, index) for (N, C), (index,) for (C,)."""
        return (np.arange(index.shape[0]), index) if index.ndim else (index,)

    @staticmethod
    def indices(logits: Array, target: Array) -> Array | None:
        """The class index of each row, or None when the targets are one-hot rows."""
        if logits.ndim not in (1, 2):
            raise ShapeError("err.shape.logits", shape=str(logits.shape))
        if target.shape == logits.shape:
            return None
        if target.shape != logits.shape[:-1]:
            raise ShapeError("err.shape.target", target=str(target.shape),
                             indices=str(logits.shape[:-1]), logits=str(logits.shape))
        classes = logits.shape[-1]
        with np.errstate(invalid="ignore"):  # nan and inf fail the comparison below
            index = target.astype(np.intp)
        if index.size and ((index != target).any() or index.min() < 0 or index.max() >= classes):
            raise ValueErr("err.value.class_index", last=classes - 1)
        return index

    def forward_code(self, v: Vars) -> str:
        return f"-np.sum({self.one_hot_code(v)} * log_softmax({v.xs[0]})){self.per_row(v)}"

    def backward_code(self, v: Vars, index: int) -> str:
        return f"(softmax({v.xs[0]}) - {self.one_hot_code(v)}){self.per_row(v)} * {v.dz}"

    @staticmethod
    def per_row(v: Vars) -> str:
        return f" / {v.shapes[0][0]}" if len(v.shapes[0]) == 2 else ""

    @staticmethod
    def one_hot_code(v: Vars) -> str:
        (logits, target), t = v.shapes, v.xs[1]
        if target == logits:
            return t
        eye = f"np.eye({logits[-1]})"
        return f"{eye}[int({t})]" if not target else f"{eye}[{t}.astype(int)]"


@register
class Mse(Op):
    name, label, signature = "mse", "MSE", (T("y"), T("t"))
    formula = r"\frac{\partial @z}{\partial @x} = \frac{2\,(@x - @y)}{n},\quad \frac{\partial @z}{\partial @y} = -\frac{2\,(@x - @y)}{n}"  # noqa: E501
    generic = {"x": "y", "y": "t", "z": "L"}
    code = "np.mean(({0} - {1}) ** 2)"
    local_code = ("(2 * ({0} - {1}) / {n})", "(-2 * ({0} - {1}) / {n})")

    def forward(self, *xs: Array) -> Array:
        broadcast_shape(xs[0], xs[1], "mse")
        diff = xs[0] - xs[1]
        return np.add.reduce(diff * diff, axis=None) / diff.size  # np.mean, without its wrapper

    skips = True

    def backward(self, g: Array, out: Array, *xs: Array,
                 needs: Sequence[bool] = (True, True)) -> Grads:
        diff = xs[0] - xs[1]
        dy = g * (2.0 * diff / max(diff.size, 1))
        return dy, -dy if needs[1] else None

    def code_constants(self, v: Vars) -> dict[str, str]:
        return mean_count(v)
