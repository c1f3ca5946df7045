"""Functional API over the op catalog; Python numbers fold into unary gates (x + 1 → "+1")."""

from typing import Any

import numpy as np

from engine.ops import arith, consts, conv, losses, nn, pool, shape, train, unary
from engine.ops import conv1d as conv1d_ops
from engine.ops.base import Op
from engine.tensor import Tensor

Operand = Any  # Tensor, NumPy array or Python number


def apply(op: Op, *args: Operand) -> Any:
    """Run `op` on its operands: a new graph node, or a plain array when all are constants."""
    with np.errstate(all="ignore"):  # inf and nan are shown to the student, not warned about
        if not any(isinstance(a, Tensor) for a in args):
            return op.forward(*(np.asarray(a, dtype=np.float64) for a in args))
        inputs = [a if isinstance(a, Tensor) else Tensor(a, requires_grad=False) for a in args]
        return Tensor(op.forward(*(t.value for t in inputs)), op=op, inputs=inputs)


def scalar_const(x: Operand) -> float | None:
    """The number a constant scalar operand holds, else None."""
    if isinstance(x, Tensor):
        return None
    arr = np.asarray(x, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else None


def _binary(op: Op, gate_b: Any, gate_a: Any, a: Operand, b: Operand) -> Any:
    """Fold a scalar constant on the right (gate_b) or left (gate_a) into a unary gate."""
    cb, ca = scalar_const(b), scalar_const(a)
    if cb is not None and ca is None:
        return apply(gate_b(cb), a)
    if ca is not None and cb is None:
        return apply(gate_a(ca), b)
    return apply(op, a, b)


def add(a: Operand, b: Operand) -> Any:
    return _binary(arith.Add(), consts.AddConst, consts.AddConst, a, b)


def sub(a: Operand, b: Operand) -> Any:
    return _binary(arith.Sub(), lambda c: consts.AddConst(-c), consts.RSubConst, a, b)


def mul(a: Operand, b: Operand) -> Any:
    return _binary(arith.Mul(), consts.MulConst, consts.MulConst, a, b)


def div(a: Operand, b: Operand) -> Any:
    return _binary(arith.Div(), consts.DivConst, consts.RDivConst, a, b)


def power(a: Operand, b: Operand) -> Any:
    return _binary(arith.Pow(), consts.PowConst, consts.RPowConst, a, b)


def maximum(a: Operand, b: Operand) -> Any:
    return _binary(arith.Maximum(), consts.MaxConst, consts.MaxConst, a, b)


def minimum(a: Operand, b: Operand) -> Any:
    return _binary(arith.Minimum(), consts.MinConst, consts.MinConst, a, b)


def matmul(a: Operand, b: Operand) -> Any:
    return apply(arith.MatMul(), a, b)


def neg(x: Operand) -> Any:
    return apply(consts.MulConst(-1.0), x)


def exp(x: Operand) -> Any:
    return apply(unary.Exp(), x)


def log(x: Operand) -> Any:
    return apply(unary.Log(), x)


def sqrt(x: Operand) -> Any:
    return apply(unary.Sqrt(), x)


def abs(x: Operand) -> Any:  # noqa: A001  (the language's name)
    return apply(unary.Abs(), x)


def sin(x: Operand) -> Any:
    return apply(unary.Sin(), x)


def cos(x: Operand) -> Any:
    return apply(unary.Cos(), x)


def tanh(x: Operand) -> Any:
    return apply(unary.Tanh(), x)


def sigmoid(x: Operand) -> Any:
    return apply(unary.Sigmoid(), x)


def relu(x: Operand) -> Any:
    return apply(unary.Relu(), x)


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
    return apply(shape.Transpose(), x)


def reshape(x: Operand, new_shape: tuple[int, ...]) -> Any:
    return apply(shape.Reshape(new_shape), x)


def softmax(x: Operand, axis: int = -1) -> Any:
    return apply(nn.Softmax(axis), x)


def cross_entropy(logits: Operand, target: Operand) -> Any:
    return apply(nn.CrossEntropy(), logits, target)


def mse(y: Operand, t: Operand) -> Any:
    return apply(nn.Mse(), y, t)


def svm_loss(scores: Operand, target: Operand, margin: float = 1.0) -> Any:
    return apply(losses.SvmLoss(margin), scores, target)


def bce(p: Operand, t: Operand) -> Any:
    return apply(losses.Bce(), p, t)


def mae(y: Operand, t: Operand) -> Any:
    return apply(losses.Mae(), y, t)


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
