"""Loss and normalisation nodes: softmax, Softmax-with-Loss (cross_entropy), mse."""

import math

import numpy as np

from engine.errors import ShapeError, ValueErr
from engine.ops.arith import broadcast_shape
from engine.ops.base import Array, Grads, Op, Vars, register
from engine.ops.shape import normalize_axis


def softmax(x: Array, axis: int = -1) -> Array:
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return np.asarray(e / np.sum(e, axis=axis, keepdims=True))


def mean_count(v: Vars) -> dict[str, str]:
    """{n} for the code of a loss that averages its broadcast inputs elementwise."""
    return {"n": str(max(math.prod(np.broadcast_shapes(*v.shapes)), 1))}


@register
class Softmax(Op):
    name, label, syntax = "softmax", "softmax", "softmax(x, axis=-1)"
    formula = r"\frac{\partial @L}{\partial @x} = @z \odot \left(\frac{\partial @L}{\partial @z} - \sum_j \left(\frac{\partial @L}{\partial @z} \odot @z\right)_j\right)"  # noqa: E501

    def __init__(self, axis: int = -1) -> None:
        self.axis = int(axis)

    def params(self) -> dict[str, object]:
        return {} if self.axis == -1 else {"axis": self.axis}

    def forward(self, *xs: Array) -> Array:
        if xs[0].ndim == 0:
            raise ShapeError("err.shape.softmax_scalar")
        normalize_axis(self.axis, xs[0].ndim, self.name)
        return softmax(xs[0], self.axis)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        inner = np.sum(g * out, axis=self.axis, keepdims=True)
        return (out * (g - inner),)

    def forward_code(self, v: Vars) -> str:
        axis = "" if self.axis == -1 else f", axis={self.axis}"
        return f"softmax({v.xs[0]}{axis})"

    def backward_code(self, v: Vars, index: int) -> str:
        z, dz = v.z, v.dz
        return f"{z} * ({dz} - np.sum({dz} * {z}, axis={self.axis}, keepdims=True))"


@register
class CrossEntropy(Op):
    name, label, arity = "cross_entropy", "Softmax-with-Loss", 2
    syntax = "cross_entropy(logits, target)"
    formula = r"\frac{\partial @z}{\partial @x} = \frac{\operatorname{softmax}(@x) - @y}{N}"
    generic = {"x": "s", "y": "t", "z": "L"}
    code_note = "code.note.cross_entropy"

    def forward(self, *xs: Array) -> Array:
        logits, target = xs
        t = self.one_hot(logits, target)
        shifted = logits - np.max(logits, axis=-1, keepdims=True)
        log_y = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
        return np.asarray(-np.sum(t * log_y) / self.batch(logits))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        logits, target = xs
        y = softmax(logits)
        return g * (y - self.one_hot(logits, target)) / self.batch(logits), None

    @staticmethod
    def batch(logits: Array) -> int:
        return logits.shape[0] if logits.ndim == 2 else 1

    @staticmethod
    def one_hot(logits: Array, target: Array) -> Array:
        """Targets as one-hot rows: given so, or made from class indices."""
        if logits.ndim not in (1, 2):
            raise ShapeError("err.shape.logits", shape=str(logits.shape))
        if target.shape == logits.shape:
            return target
        if target.shape != logits.shape[:-1]:
            raise ShapeError("err.shape.target", target=str(target.shape),
                             indices=str(logits.shape[:-1]), logits=str(logits.shape))
        classes = logits.shape[-1]
        if not np.all((target == np.round(target)) & (target >= 0) & (target < classes)):
            raise ValueErr("err.value.class_index", last=classes - 1)
        return np.asarray(np.eye(classes)[target.astype(int)])

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
    name, label, arity, syntax = "mse", "MSE", 2, "mse(y, t)"
    formula = r"\frac{\partial @z}{\partial @x} = \frac{2\,(@x - @y)}{n},\quad \frac{\partial @z}{\partial @y} = -\frac{2\,(@x - @y)}{n}"  # noqa: E501
    generic = {"x": "y", "y": "t", "z": "L"}
    code = "np.mean(({0} - {1}) ** 2)"
    local_code = ("(2 * ({0} - {1}) / {n})", "(-2 * ({0} - {1}) / {n})")

    def forward(self, *xs: Array) -> Array:
        broadcast_shape(xs[0], xs[1], "mse")
        return np.asarray(np.mean((xs[0] - xs[1]) ** 2))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        diff = xs[0] - xs[1]
        local = 2.0 * diff / max(diff.size, 1)
        return g * local, -g * local

    def code_constants(self, v: Vars) -> dict[str, str]:
        return mean_count(v)
