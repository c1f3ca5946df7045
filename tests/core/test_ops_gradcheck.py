"""Every op in the catalog: analytic gradients against central differences."""

import numpy as np
import pytest

import chainrule.engine.core.functions as F
from chainrule.engine import CATALOG
from tests.helpers import gradcheck, rand

POS = {"low": 0.5, "high": 2.0}
# op name -> (function of the inputs, scalar inputs, tensor inputs)
CASES = {
    "add": (lambda a, b: a + b, (1.5, -2.0), (rand(3, 4), rand(4, seed=1))),
    "sub": (lambda a, b: a - b, (1.5, -2.0), (rand(3, 1), rand(1, 4, seed=1))),
    "mul": (lambda a, b: a * b, (1.5, -2.0), (rand(2, 3), rand(3, seed=1))),
    "div": (lambda a, b: a / b, (1.5, -2.0), (rand(2, 3), rand(2, 3, seed=1, **POS))),
    "pow": (lambda a, b: a**b, (1.5, 0.7), (rand(2, 3, **POS), rand(2, 3, seed=1))),
    "matmul": (lambda a, b: a @ b, None, (rand(2, 3), rand(3, 4, seed=1))),
    "max": (F.maximum, (1.5, -2.0), (rand(3, 3), rand(3, 3, seed=1))),
    "min": (F.minimum, (1.5, -2.0), (rand(3, 3), rand(3, 3, seed=1))),
    "add_const": (lambda a: a + 1, (0.3,), (rand(2, 2),)),
    "mul_const": (lambda a: -a, (0.3,), (rand(2, 2),)),
    "div_const": (lambda a: a / 4, (0.3,), (rand(2, 2),)),
    "rdiv_const": (lambda a: 1 / a, (1.37,), (rand(2, 2, **POS),)),
    "pow_const": (lambda a: a**2, (0.3,), (rand(2, 2),)),
    "rpow_const": (lambda a: 2**a, (0.3,), (rand(2, 2),)),
    "rsub_const": (lambda a: 1 - a, (0.3,), (rand(2, 2),)),
    "max_const": (lambda a: F.maximum(a, 0), (0.3,), (rand(3, 3),)),
    "min_const": (lambda a: F.minimum(a, 1), (0.3,), (rand(3, 3),)),
    "exp": (F.exp, (-1.0,), (rand(2, 3),)),
    "log": (F.log, (0.5,), (rand(2, 3, **POS),)),
    "sqrt": (F.sqrt, (2.0,), (rand(2, 3, **POS),)),
    "abs": (F.abs, (-0.7,), (rand(2, 3),)),
    "sin": (F.sin, (0.4,), (rand(2, 3),)),
    "cos": (F.cos, (0.4,), (rand(2, 3),)),
    "tanh": (F.tanh, (0.4,), (rand(2, 3),)),
    "sigmoid": (F.sigmoid, (1.0,), (rand(2, 3, low=-40, high=40),)),
    "relu": (F.relu, (0.4,), (rand(2, 3),)),
    "leaky_relu": (lambda a: F.leaky_relu(a, 0.1), (-0.4,), (rand(2, 3),)),
    "elu": (lambda a: F.elu(a, 0.5), (-0.4,), (rand(2, 3),)),
    "sum": (lambda a: F.sum(a, axis=0, keepdims=True), None, (rand(3, 4),)),
    "mean": (lambda a: F.mean(a, axis=(0, 2)), None, (rand(2, 3, 4),)),
    "repeat": (lambda a: F.repeat(a, 3, axis=0), (0.5,), (rand(1, 4),)),
    "transpose": (lambda a: a.T, None, (rand(2, 3),)),
    "reshape": (lambda a: F.reshape(a, (3, -1)), None, (rand(2, 3),)),
    "softmax": (F.softmax, None, (rand(2, 4),)),
    "cross_entropy": (lambda s: F.cross_entropy(s, np.array([0.0, 2.0])), None, (rand(2, 3),)),
    "mse": (F.mse, (0.5, -1.0), (rand(2, 3), rand(2, 3, seed=1))),
    "conv2d": (
        lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1),
        None, (rand(2, 2, 5, 5), rand(3, 2, 3, 3, seed=1), rand(3, seed=2)),
    ),
    "maxpool2d": (lambda x: F.maxpool2d(x, 2), None, (rand(1, 2, 4, 6),)),
    "svm_loss": (lambda s: F.svm_loss(s, np.array([0.0, 2.0, 3.0])), None, (rand(3, 4),)),
    "bce": (F.bce, (0.3, 0.8), (rand(2, 3, low=0.1, high=0.9), rand(2, 3, seed=1, low=0, high=1))),
    "mae": (F.mae, (0.3, 0.8), (rand(2, 3), rand(2, 3, seed=1))),
    "avgpool2d": (lambda x: F.avgpool2d(x, 2), None, (rand(1, 2, 4, 6),)),
    "dropout": (lambda x: F.dropout(x, 0.3, seed=4), (0.7,), (rand(3, 4),)),
    "batchnorm": (F.batchnorm, None, (rand(4, 3), rand(3, seed=1), rand(3, seed=2))),
    "conv1d": (
        lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1),
        None, (rand(2, 2, 7), rand(3, 2, 3, seed=1), rand(3, seed=2)),
    ),
    "convolve": (lambda x, w: F.convolve(x, w, "same"), None, (rand(5), rand(3, seed=1))),
}


def test_every_op_has_a_gradient_case() -> None:
    assert set(CASES) == set(CATALOG)


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c[1] is not None))
def test_scalar_gradient(name: str) -> None:
    fn, scalars, _ = CASES[name]
    gradcheck(fn, *scalars)


@pytest.mark.parametrize("name", sorted(CASES))
def test_tensor_gradient(name: str) -> None:
    fn, _, tensors = CASES[name]
    gradcheck(fn, *tensors)


def test_cross_entropy_one_hot_matches_indices() -> None:
    s = rand(3, 4)
    one_hot = np.eye(4)[[1, 0, 3]]
    a = F.cross_entropy(s, np.array([1.0, 0.0, 3.0]))
    b = F.cross_entropy(s, one_hot)
    assert a == pytest.approx(b)
    gradcheck(lambda x: F.cross_entropy(x, one_hot), s)


def test_conv2d_without_bias_and_overlapping_pool() -> None:
    gradcheck(lambda x, w: F.conv2d(x, w), rand(1, 1, 4, 4), rand(2, 1, 2, 2, seed=3))
    gradcheck(lambda x: F.maxpool2d(x, 3, stride=1), rand(1, 1, 5, 5))


def test_conv2d_matches_direct_sum() -> None:
    x, w = rand(1, 2, 4, 4), rand(1, 2, 3, 3, seed=1)
    y = F.conv2d(x, w)  # all constants: folded to an array
    direct = [[np.sum(x[0, :, i : i + 3, j : j + 3] * w[0]) for j in range(2)] for i in range(2)]
    np.testing.assert_allclose(y[0, 0], direct)
