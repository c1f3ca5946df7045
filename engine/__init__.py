"""chainrule engine: NumPy autograd that keeps every node, edge and gradient for teaching."""

from chainrule.engine.core import functions
from chainrule.engine.core.errors import GraphError
from chainrule.engine.core.functions import (
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
from chainrule.engine.core.ops import CATALOG
from chainrule.engine.core.tensor import Tensor, topological

__all__ = [
    "CATALOG", "GraphError", "Tensor", "conv2d", "cos", "cross_entropy", "elu", "exp",
    "functions", "leaky_relu", "log", "maximum", "maxpool2d", "mean", "minimum", "mse", "relu",
    "repeat", "reshape", "sigmoid", "sin", "softmax", "sqrt", "tanh", "topological", "transpose",
]
