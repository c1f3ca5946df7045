"""The op catalog: importing this package registers every op."""

# Imported for registration.
from chainrule.engine.core.ops import (  # noqa: F401  (registers every op)
    arith,
    consts,
    conv,
    conv1d,
    layers,
    losses,
    nn,
    pool,
    shape,
    unary,
)
from chainrule.engine.core.ops.base import CATALOG, Op, unbroadcast

__all__ = ["CATALOG", "Op", "unbroadcast"]
