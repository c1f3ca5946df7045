"""The op catalog: importing this package registers every op."""

# Imported for registration.
from engine.ops import arith, consts, conv, conv1d, losses, nn, pool, shape, train, unary  # noqa: F401
from engine.ops.base import CATALOG, Op, unbroadcast

__all__ = ["CATALOG", "Op", "unbroadcast"]
