"""The language's functions: which arguments are tensors, which are fixed numbers."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.engine.core import functions as F
from chainrule.engine.core import limits
from chainrule.engine.core.errors import ValueErr
from chainrule.engine.language import draws


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # tensor | tensor? | int | int? | float | bool | axis | shape, or int|str (a number
    default: Any = ...  # or a string option); ... means required


# String options: the only keyword arguments that may be a string literal, with the strings each
# accepts. A function takes one by giving its parameter the kind "int|str" (or "str").
STRING_OPTIONS: dict[str, tuple[str, ...]] = {
    "padding": ("valid", "same", "full"),
    "mode": ("full", "same", "valid"),
}


def option(key: str, value: str) -> str:
    """A string option's value, checked against STRING_OPTIONS."""
    allowed = STRING_OPTIONS[key]
    if value not in allowed:
        raise ValueErr("err.option.value", option=key, value=value,
                       allowed=", ".join(f'"{a}"' for a in allowed))
    return value


def T(name: str) -> Param:  # noqa: N802  (table shorthand)
    return Param(name, "tensor")


UNARY = {name: (getattr(F, name), [T("x")]) for name in (
    "exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "relu", "transpose"
)}

FUNCTIONS: dict[str, tuple[Callable[..., Any], list[Param]]] = UNARY | {
    "leaky_relu": (F.leaky_relu, [T("x"), Param("slope", "float", 0.01)]),
    "elu": (F.elu, [T("x"), Param("alpha", "float", 1.0)]),
    "max": (F.maximum, [T("a"), T("b")]),
    "min": (F.minimum, [T("a"), T("b")]),
    "sum": (F.sum, [T("x"), Param("axis", "axis", None), Param("keepdims", "bool", False)]),
    "mean": (F.mean, [T("x"), Param("axis", "axis", None), Param("keepdims", "bool", False)]),
    "repeat": (F.repeat, [T("x"), Param("n", "int"), Param("axis", "int", 0)]),
    "reshape": (F.reshape, [T("x"), Param("shape", "shape")]),
    "softmax": (F.softmax, [T("x"), Param("axis", "int", -1)]),
    "cross_entropy": (F.cross_entropy, [T("logits"), T("target")]),
    "mse": (F.mse, [T("y"), T("t")]),
    "svm_loss": (F.svm_loss, [T("scores"), T("target"), Param("margin", "float", 1.0)]),
    "bce": (F.bce, [T("p"), T("t")]),
    "mae": (F.mae, [T("y"), T("t")]),
    "conv2d": (F.conv2d, [
        T("x"), T("w"), Param("b", "tensor?", None),
        Param("stride", "int", 1), Param("padding", "int|str", 0),
    ]),
    "conv1d": (F.conv1d, [
        T("x"), T("w"), Param("b", "tensor?", None),
        Param("stride", "int", 1), Param("padding", "int|str", 0),
    ]),
    "convolve": (F.convolve, [T("x"), T("w"), Param("mode", "str", "full")]),
    "maxpool2d": (F.maxpool2d, [T("x"), Param("size", "int"), Param("stride", "int?", None)]),
    "avgpool2d": (F.avgpool2d, [T("x"), Param("size", "int"), Param("stride", "int?", None)]),
    "dropout": (F.dropout, [T("x"), Param("p", "float", 0.5), Param("seed", "int", 0)]),
    "batchnorm": (F.batchnorm, [T("x"), T("gamma"), T("beta"), Param("eps", "float", 1e-5)]),
}

# Constructors take only numbers and make constant arrays (input leaves when assigned alone).
CONSTRUCTORS = ("randn", "zeros", "ones")


def construct(name: str, dims: list[Any], seed: Any) -> np.ndarray:
    """randn/zeros/ones (dims: numbers, or one list of them), checked against the limits first."""
    shape = to_static(dims[0] if len(dims) == 1 else dims, "shape", f"{name}(): shape")
    if any(n < 0 for n in shape):
        raise ValueErr("err.value.dims_negative", name=name, shape=str(shape))
    limits.reserve(shape)
    if name == "zeros":
        return np.zeros(shape)
    if name == "ones":
        return np.ones(shape)
    rng = draws.generator(None if seed is None else to_int(seed, "seed"))
    return rng.standard_normal(shape)


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
