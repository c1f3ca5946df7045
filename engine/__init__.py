"""chainrule engine: NumPy autograd that keeps every node, edge and gradient for teaching.

Its folders are its architecture: core (Tensor, the passes, the ops: NumPy only), language,
learning, document (the API's JSON), catalogs (words) and export (offline viewer, notebooks).
Importing the engine joins them: errors read in the catalogs' words, tensors display in notebooks.
"""

import builtins

from chainrule.engine import catalogs  # noqa: F401  (registers the errors' translator)
from chainrule.engine.core import functions
from chainrule.engine.core.errors import GraphError
from chainrule.engine.core.ops import CATALOG
from chainrule.engine.core.tensor import Tensor, topological
from chainrule.engine.export import notebook

notebook.register(Tensor)  # tensor.show() and Jupyter's display, from outside the core

# Every op's function (engine.core.functions, made from the ops' signatures) but those named as
# Python's own (abs, sum), which `from chainrule import *` would hide: chainrule.conv2d, …
OP_FUNCTIONS = {f.__name__: f for f in functions.FUNCTIONS.values()
                if not hasattr(builtins, f.__name__)}
globals().update(OP_FUNCTIONS)

__all__ = ["CATALOG", "GraphError", "Tensor", "functions", "topological", *sorted(OP_FUNCTIONS)]
