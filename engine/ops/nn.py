"""Loss and normalisation nodes: softmax, Softmax-with-Loss (cross_entropy), mse."""

import numpy as np

from engine.errors import ShapeError, ValueErr
from engine.ops.arith import broadcast_shape
from engine.ops.base import Array, Grads, Op, register
from engine.ops.shape import normalize_axis


def softmax(x: Array, axis: int = -1) -> Array:
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return np.asarray(e / np.sum(e, axis=axis, keepdims=True))


@register
class Softmax(Op):
    name, label, syntax = "softmax", "softmax", "softmax(x, axis=-1)"
    formula = r"\frac{\partial @L}{\partial @x} = @z \odot \left(\frac{\partial @L}{\partial @z} - \sum_j \left(\frac{\partial @L}{\partial @z} \odot @z\right)_j\right)"  # noqa: E501
    doc = "Softmax along an axis."

    def __init__(self, axis: int = -1) -> None:
        self.axis = int(axis)

    def params(self) -> dict[str, object]:
        return {} if self.axis == -1 else {"axis": self.axis}

    def forward(self, *xs: Array) -> Array:
        if xs[0].ndim == 0:
            raise ShapeError("softmax needs at least one axis, got a scalar")
        normalize_axis(self.axis, xs[0].ndim, self.name)
        return softmax(xs[0], self.axis)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        inner = np.sum(g * out, axis=self.axis, keepdims=True)
        return (out * (g - inner),)


@register
class CrossEntropy(Op):
    name, label, arity = "cross_entropy", "Softmax-with-Loss", 2
    syntax = "cross_entropy(logits, target)"
    formula = r"\frac{\partial @z}{\partial @x} = \frac{\operatorname{softmax}(@x) - @y}{N}"
    generic = {"x": "s", "y": "t", "z": "L"}
    doc = "Softmax-with-Loss node: mean cross-entropy over the batch; backward (y - t)/N."

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
            raise ShapeError(f"cross_entropy: logits must be (C,) or (N, C), got {logits.shape}")
        if target.shape == logits.shape:
            return target
        if target.shape != logits.shape[:-1]:
            raise ShapeError(
                f"cross_entropy: target shape {target.shape} fits neither class indices "
                f"{logits.shape[:-1]} nor one-hot {logits.shape} for logits {logits.shape}"
            )
        classes = logits.shape[-1]
        if not np.all((target == np.round(target)) & (target >= 0) & (target < classes)):
            raise ValueErr(f"cross_entropy: class indices must be integers from 0 to {classes - 1}")
        return np.asarray(np.eye(classes)[target.astype(int)])


@register
class Mse(Op):
    name, label, arity, syntax = "mse", "MSE", 2, "mse(y, t)"
    formula = r"\frac{\partial @z}{\partial @x} = \frac{2\,(@x - @y)}{n},\quad \frac{\partial @z}{\partial @y} = -\frac{2\,(@x - @y)}{n}"  # noqa: E501
    generic = {"x": "y", "y": "t", "z": "L"}
    doc = "Mean squared error: mean of (y - t)²."

    def forward(self, *xs: Array) -> Array:
        broadcast_shape(xs[0], xs[1], "mse")
        return np.asarray(np.mean((xs[0] - xs[1]) ** 2))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        diff = xs[0] - xs[1]
        local = 2.0 * diff / max(diff.size, 1)
        return g * local, -g * local
