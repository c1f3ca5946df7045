"""chainrule engine: NumPy autograd that keeps every node, edge and gradient for teaching.

Its folders are its architecture: core (Tensor, the passes, the ops: NumPy only), language,
learning, document (the API's JSON), catalogs (words) and export (offline viewer, notebooks).
Importing the engine joins them: errors read in the catalogs' words, tensors display in notebooks.
"""

from chainrule.engine import catalogs  # noqa: F401  (registers the errors' translator)
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
from chainrule.engine.export import notebook

notebook.register(Tensor)  # tensor.show() and Jupyter's display, from outside the core

__all__ = [
    "CATALOG", "GraphError", "Tensor", "conv2d", "cos", "cross_entropy", "elu", "exp",
    "functions", "leaky_relu", "log", "maximum", "maxpool2d", "mean", "minimum", "mse", "relu",
    "repeat", "reshape", "sigmoid", "sin", "softmax", "sqrt", "tanh", "topological", "transpose",
]
