"""Functional API over the op catalog; Python numbers fold into unary gates (x + 1 → "+1")."""

from typing import Any

from chainrule.engine.core.ops import conv, layers, losses, nn, pool, shape, unary
from chainrule.engine.core.ops import conv1d as conv1d_ops
from chainrule.engine.core.tensor import (  # the operators' functions, defined beside Tensor
    Operand,
    add,
    apply,
    div,
    matmul,
    maximum,
    minimum,
    mul,
    neg,
    power,
    scalar_const,
    sub,
    transpose,
)

__all__ = [
    "Operand", "add", "apply", "div", "matmul", "maximum", "minimum", "mul", "neg", "power",
    "scalar_const", "sub", "transpose",
]  # and every function defined below

# A gate without parameters is one object that all its nodes share: one per node would only give
# Python's garbage collector more to walk through in a big scalar graph.
_EXP, _LOG, _SQRT, _ABS, _SIN = unary.Exp(), unary.Log(), unary.Sqrt(), unary.Abs(), unary.Sin()
_COS, _TANH, _SIGMOID, _RELU = unary.Cos(), unary.Tanh(), unary.Sigmoid(), unary.Relu()
_CROSS_ENTROPY, _MSE = nn.CrossEntropy(), nn.Mse()
_BCE, _MAE = losses.Bce(), losses.Mae()


def exp(x: Operand) -> Any:
    return apply(_EXP, x)


def log(x: Operand) -> Any:
    return apply(_LOG, x)


def sqrt(x: Operand) -> Any:
    return apply(_SQRT, x)


def abs(x: Operand) -> Any:  # noqa: A001  (the language's name)
    return apply(_ABS, x)


def sin(x: Operand) -> Any:
    return apply(_SIN, x)


def cos(x: Operand) -> Any:
    return apply(_COS, x)


def tanh(x: Operand) -> Any:
    return apply(_TANH, x)


def sigmoid(x: Operand) -> Any:
    return apply(_SIGMOID, x)


def relu(x: Operand) -> Any:
    return apply(_RELU, x)


def leaky_relu(x: Operand, slope: float = 0.01) -> Any:
    return apply(unary.LeakyRelu(slope), x)


def elu(x: Operand, alpha: float = 1.0) -> Any:
    return apply(unary.Elu(alpha), x)


def sum(x: Operand, axis: shape.Axis = None, keepdims: bool = False) -> Any:  # noqa: A001
    return apply(shape.Sum(axis, keepdims), x)


def mean(x: Operand, axis: shape.Axis = None, keepdims: bool = False) -> Any:
    return apply(shape.Mean(axis, keepdims), x)


def repeat(x: Operand, n: int, axis: int = 0) -> Any:
    return apply(shape.Repeat(n, axis), x)


def reshape(x: Operand, new_shape: tuple[int, ...]) -> Any:
    return apply(shape.Reshape(new_shape), x)


def softmax(x: Operand, axis: int = -1) -> Any:
    return apply(nn.Softmax(axis), x)


def cross_entropy(logits: Operand, target: Operand) -> Any:
    return apply(_CROSS_ENTROPY, logits, target)


def mse(y: Operand, t: Operand) -> Any:
    return apply(_MSE, y, t)


def svm_loss(scores: Operand, target: Operand, margin: float = 1.0) -> Any:
    return apply(losses.SvmLoss(margin), scores, target)


def bce(p: Operand, t: Operand) -> Any:
    return apply(_BCE, p, t)


def mae(y: Operand, t: Operand) -> Any:
    return apply(_MAE, y, t)


def conv2d(
    x: Operand, w: Operand, b: Operand = None, stride: int = 1, padding: int | str = 0
) -> Any:
    """padding: zeros on each side, or "valid" (0), "same" (odd kernels), "full" (F - 1)."""
    args = (x, w) if b is None else (x, w, b)
    return apply(conv.Conv2d(stride, padding), *args)


def conv1d(
    x: Operand, w: Operand, b: Operand = None, stride: int = 1, padding: int | str = 0
) -> Any:
    """x (N,C,L), w (K,C,F): cross-correlation as PyTorch; padding as for conv2d."""
    args = (x, w) if b is None else (x, w, b)
    return apply(conv1d_ops.Conv1d(stride, padding), *args)


def convolve(x: Operand, w: Operand, mode: str = "full") -> Any:
    """np.convolve(x, w, mode) as a node: y[i] = Σ_k x[i−k]·w[k]."""
    return apply(conv1d_ops.Convolve(mode), x, w)


def maxpool2d(x: Operand, size: int, stride: int | None = None) -> Any:
    return apply(conv.MaxPool2d(size, stride), x)


def avgpool2d(x: Operand, size: int, stride: int | None = None) -> Any:
    return apply(pool.AvgPool2d(size, stride), x)


def dropout(x: Operand, p: float = 0.5, seed: int = 0) -> Any:
    return apply(layers.Dropout(p, seed), x)


def batchnorm(x: Operand, gamma: Operand, beta: Operand, eps: float = 1e-5) -> Any:
    return apply(layers.BatchNorm(eps), x, gamma, beta)
