"""Functional API over the op catalog; Python numbers fold into unary gates (x + 1 → "+1")."""

import operator
from typing import Any

import numpy as np

from engine import quiet
from engine.ops import arith, consts, conv, losses, nn, pool, shape, train, unary
from engine.ops import conv1d as conv1d_ops
from engine.ops.base import Op
from engine.tensor import Tensor

Operand = Any  # Tensor, NumPy array or Python number
_value = operator.attrgetter("value")


def apply(op: Op, *args: Operand) -> Any:
    """Run `op` on its operands: a new graph node, or a plain array when all are constants."""
    token = quiet.enter()  # inf and nan are shown to the student, not warned about
    try:
        inputs = args
        for a in args:
            if not isinstance(a, Tensor):  # a constant operand
                if not any(isinstance(x, Tensor) for x in args):  # no node at all: plain arrays
                    return op.forward(*[np.asarray(x, dtype=np.float64) for x in args])
                inputs = tuple(x if isinstance(x, Tensor) else Tensor(x, requires_grad=False)
                               for x in args)
                break
        return Tensor(op.forward(*map(_value, inputs)), op=op, inputs=inputs)
    finally:
        quiet.leave(token)


def scalar_const(x: Operand) -> float | None:
    """The number a constant scalar operand holds, else None."""
    if isinstance(x, Tensor):
        return None
    arr = np.asarray(x, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else None


# A gate without parameters is one object that all its nodes share: one per node would only give
# Python's garbage collector more to walk through in a big scalar graph.
_ADD, _SUB, _MUL, _DIV, _POW = arith.Add(), arith.Sub(), arith.Mul(), arith.Div(), arith.Pow()
_MAX, _MIN, _MATMUL, _NEG = arith.Maximum(), arith.Minimum(), arith.MatMul(), consts.MulConst(-1)
_EXP, _LOG, _SQRT, _ABS, _SIN = unary.Exp(), unary.Log(), unary.Sqrt(), unary.Abs(), unary.Sin()
_COS, _TANH, _SIGMOID, _RELU = unary.Cos(), unary.Tanh(), unary.Sigmoid(), unary.Relu()
_TRANSPOSE, _CROSS_ENTROPY, _MSE = shape.Transpose(), nn.CrossEntropy(), nn.Mse()
_BCE, _MAE = losses.Bce(), losses.Mae()


def _binary(op: Op, gate_b: Any, gate_a: Any, a: Operand, b: Operand) -> Any:
    """Fold a scalar constant on the right (gate_b) or left (gate_a) into a unary gate."""
    if not (isinstance(a, Tensor) and isinstance(b, Tensor)):
        cb, ca = scalar_const(b), scalar_const(a)
        if cb is not None and ca is None:
            return apply(gate_b(cb), a)
        if ca is not None and cb is None:
            return apply(gate_a(ca), b)
    return apply(op, a, b)


def _add_negated(c: float) -> Op:
    return consts.AddConst(-c)


def add(a: Operand, b: Operand) -> Any:
    return _binary(_ADD, consts.AddConst, consts.AddConst, a, b)


def sub(a: Operand, b: Operand) -> Any:
    return _binary(_SUB, _add_negated, consts.RSubConst, a, b)


def mul(a: Operand, b: Operand) -> Any:
    return _binary(_MUL, consts.MulConst, consts.MulConst, a, b)


def div(a: Operand, b: Operand) -> Any:
    return _binary(_DIV, consts.DivConst, consts.RDivConst, a, b)


def power(a: Operand, b: Operand) -> Any:
    return _binary(_POW, consts.PowConst, consts.RPowConst, a, b)


def maximum(a: Operand, b: Operand) -> Any:
    return _binary(_MAX, consts.MaxConst, consts.MaxConst, a, b)


def minimum(a: Operand, b: Operand) -> Any:
    return _binary(_MIN, consts.MinConst, consts.MinConst, a, b)


def matmul(a: Operand, b: Operand) -> Any:
    return apply(_MATMUL, a, b)


def neg(x: Operand) -> Any:
    return apply(_NEG, x)


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


def transpose(x: Operand) -> Any:
    return apply(_TRANSPOSE, x)


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
    return apply(train.Dropout(p, seed), x)


def batchnorm(x: Operand, gamma: Operand, beta: Operand, eps: float = 1e-5) -> Any:
    return apply(train.BatchNorm(eps), x, gamma, beta)
