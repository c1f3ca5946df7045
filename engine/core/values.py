"""Node values: float64 arrays a node owns, 0-d ones as NumPy scalars."""

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np


class Valued(Protocol):
    """A node, as far as its value goes (Tensor; named so, since tensor.py imports this)."""

    @property
    def value(self) -> Any: ...

_FLOAT64 = np.dtype(np.float64)


def as_value(value: Any) -> np.ndarray:
    """`value` as a float64 array of its own; 0-d as a NumPy scalar, as NumPy's own 0-d results
    are (immutable, and ten times faster to compute with than a 0-d array)."""
    if value.__class__ is np.ndarray and value.dtype is _FLOAT64 and value.ndim:
        return value.copy()  # the common leaf: a float64 array, copied so the caller keeps theirs
    array = np.array(value, dtype=np.float64)
    return array[()] if array.ndim == 0 else array


def owned(value: Any, inputs: Sequence[Valued]) -> np.ndarray:
    """An op's result as a value (see as_value); a fresh float64 array is kept, not copied."""
    if value.__class__ is np.ndarray and value.base is None and value.dtype is _FLOAT64 \
            and value.ndim:
        for t in inputs:
            if value is t.value:
                return value.copy()
        return value
    return as_value(value)
