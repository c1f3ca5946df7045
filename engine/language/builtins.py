"""The language's functions: every op's, with its declared parameters (which arguments are
tensors, which fixed numbers), and the constructors, which make no gate."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.engine.core import functions as F
from chainrule.engine.core import limits
from chainrule.engine.core.errors import ValueErr
from chainrule.engine.core.ops import CATALOG
from chainrule.engine.core.signature import Param, T
from chainrule.engine.language import draws

__all__ = ["CONSTRUCTORS", "FUNCTIONS", "STRING_OPTIONS", "Param", "T", "construct", "option",
           "seed_of"]

# name → (function, parameters), both from the op's one declaration (Op.signature).
FUNCTIONS: dict[str, tuple[Callable[..., Any], list[Param]]] = {
    name: (function, list(CATALOG[name].signature)) for name, function in F.FUNCTIONS.items()
}

# String options: the only keyword arguments that may be a string literal, with the strings each
# accepts, as the parameters declare them (a kind "int|str" or "str" with options).
STRING_OPTIONS: dict[str, tuple[str, ...]] = {
    p.name: p.options for _, params in FUNCTIONS.values() for p in params if p.options
}


def option(key: str, value: str) -> str:
    """A string option's value, checked against STRING_OPTIONS."""
    allowed = STRING_OPTIONS[key]
    if value not in allowed:
        raise ValueErr("err.option.value", option=key, value=value,
                       allowed=", ".join(f'"{a}"' for a in allowed))
    return value


@dataclass(frozen=True)
class Constructor:
    """A function that makes a constant array from its dims (an input leaf when assigned alone)."""

    make: Callable[[tuple[int, ...], Any], np.ndarray]  # (shape, seed)
    keywords: tuple[str, ...] = ()  # what it takes besides the dims


def normal(shape: tuple[int, ...], seed: int | None) -> np.ndarray:
    return draws.generator(seed).standard_normal(shape)


def seed_of(name: str, value: Any) -> int | None:
    """A constructor's seed= (None: none) as an int, by the one rule of seeds (core.limits)."""
    what = f"{name}(): seed"
    if value is None:
        return None
    if np.ndim(value) == 0:
        return limits.check_seed(float(value), what)
    return to_int(value, what)  # not one number: the error of fixed whole numbers


# The language's functions that are no op, declared here alone: randn(3, 4, seed=0), zeros(3).
CONSTRUCTORS: dict[str, Constructor] = {
    "randn": Constructor(normal, ("seed",)),
    "zeros": Constructor(lambda shape, seed: np.zeros(shape)),
    "ones": Constructor(lambda shape, seed: np.ones(shape)),
}


def construct(name: str, dims: list[Any], seed: Any) -> np.ndarray:
    """randn/zeros/ones (dims: numbers, or one list of them), checked against the limits first."""
    shape = to_static(dims[0] if len(dims) == 1 else dims, "shape", f"{name}(): shape")
    if any(n < 0 for n in shape):
        raise ValueErr("err.value.dims_negative", name=name, shape=str(shape))
    limits.reserve(shape)
    return CONSTRUCTORS[name].make(shape, seed)


def to_int(value: Any, what: str) -> int:
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim != 0 or not np.isfinite(arr) or float(arr) != int(arr):
        raise ValueErr("err.value.whole", what=what, value=fmt(value))
    return int(arr)


def to_static(value: Any, kind: str, what: str) -> Any:
    """Convert a constant argument to the kind a parameter wants, or explain why not."""
    if isinstance(value, str):  # a string option, checked by the evaluator and bind()
        return value
    kind = kind.split("|")[0]
    if kind in ("int?", "tensor?") and value is None:
        return None
    if kind == "axis" and value is None:
        return None
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueErr("err.value.bool", what=what)
        return value
    if kind in ("int", "int?"):
        return to_int(value, what)
    if kind == "float":
        arr = np.asarray(value, dtype=np.float64)
        if arr.ndim != 0:
            raise ValueErr("err.value.single", what=what)
        return float(arr)
    if kind == "axis":
        return to_int(value, what) if np.ndim(value) == 0 else tuple(to_int(v, what) for v in value)
    if kind == "shape":
        try:
            dims = np.asarray(value, dtype=np.float64).ravel()
        except ValueError:
            raise ValueErr("err.value.whole_numbers", what=what) from None
        return tuple(to_int(v, what) for v in dims)
    raise AssertionError(kind)


def fmt(value: Any) -> str:
    return str(value.tolist() if isinstance(value, np.ndarray) else value)
