"""The op catalog: importing this package registers every op."""

from engine.ops import arith, consts, conv, nn, shape, unary  # noqa: F401  (registration)
from engine.ops.base import CATALOG, Op, unbroadcast

__all__ = ["CATALOG", "Op", "unbroadcast"]
