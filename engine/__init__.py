"""chainrule engine: NumPy autograd that keeps every node, edge and gradient for teaching."""

from engine import functions
from engine.errors import GraphError
from engine.functions import (
    conv2d,
    cos,
    cross_entropy,
    elu,
    exp,
    leaky_relu,
    log,
    maximum,
    maxpool2d,
    mean,
    minimum,
    mse,
    relu,
    repeat,
    reshape,
    sigmoid,
    sin,
    softmax,
    sqrt,
    tanh,
    transpose,
)
from engine.ops import CATALOG
from engine.tensor import Tensor, topological

__all__ = [
    "CATALOG", "GraphError", "Tensor", "conv2d", "cos", "cross_entropy", "elu", "exp",
    "functions", "leaky_relu", "log", "maximum", "maxpool2d", "mean", "minimum", "mse", "relu",
    "repeat", "reshape", "sigmoid", "sin", "softmax", "sqrt", "tanh", "topological", "transpose",
]
