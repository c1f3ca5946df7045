"""The Python functions, made from the op catalog: each op with a `signature` is a function of its
name, `conv2d(x, w, b=None, stride=1, padding=0)`; the operators' functions are Tensor's."""

import inspect
from collections.abc import Callable
from typing import Any

from chainrule.engine.core.ops import CATALOG
from chainrule.engine.core.ops.base import Op
from chainrule.engine.core.signature import KINDS
from chainrule.engine.core.tensor import (  # the operators' functions, defined beside Tensor
    Operand,
    add,
    apply,
    div,
    matmul,
    maximum,
    minimum,
    mul,
    neg,
    power,
    scalar_const,
    sub,
    transpose,
)

# The functions written beside Tensor, for the ops whose function is more than one gate: a
# constant operand folds into a one-input gate (max(x, 0) is "max c"), and x.T is transpose(x).
# Their parameters are still their op's signature (tests/core/test_signatures.py checks).
WRITTEN: dict[str, Callable[..., Any]] = {"max": maximum, "min": minimum, "transpose": transpose}


def given(t: Operand) -> tuple[Operand, ...]:
    """An optional input's operands: none when it is None (conv2d without b)."""
    return () if t is None else (t,)


def source(cls: type[Op]) -> str:
    """The Python function of an op's signature, as source: `def conv2d(x, w, b=_defaults[2],
    stride=_defaults[3], padding=_defaults[4]): return _apply(_op(stride, padding), x, w,
    *_given(b))`; a gate without static arguments is one `_gate`, as a scalar graph has many."""
    params = cls.signature
    tensors = [p.kind for p in params if p.tensor]
    if tensors != sorted(tensors):
        raise TypeError(f"{cls.name}: optional inputs go after the others")
    statics = [p.name for p in params if not p.tensor]
    inputs = [p.name for p in params if p.kind == "tensor"]
    inputs += [f"*_given({p.name})" for p in params if p.kind == "tensor?"]
    gate = f"_op({', '.join(statics)})" if statics else "_gate"
    names = [p.name if p.default is ... else f"{p.name}=_defaults[{i}]"
             for i, p in enumerate(params)]
    return f"def {cls.name}({', '.join(names)}):\n    return _apply({gate}, {', '.join(inputs)})\n"


def function(cls: type[Op]) -> Callable[..., Any]:
    """The op's Python function, compiled from its source as dataclasses compile __init__: as
    fast as one written by hand, and it takes its arguments as one would."""
    statics = any(not p.tensor for p in cls.signature)
    scope: dict[str, Any] = {"_apply": apply, "_op": cls, "_gate": None if statics else cls(),
                             "_given": given, "_defaults": [p.default for p in cls.signature]}
    exec(compile(source(cls), f"<{cls.__name__}.signature>", "exec"), scope)
    made: Callable[..., Any] = scope[cls.name]
    made.__module__ = __name__
    made.__annotations__ = {p.name: KINDS[p.kind] for p in cls.signature} | {"return": Any}
    own = cls.__dict__.get("__doc__")  # not Unary's, say
    made.__doc__ = cls.catalog_syntax() + (f"\n\n{inspect.cleandoc(own)}" if own else "")
    return made


# The language's name of each function (max, not maximum) → the function.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    name: WRITTEN[name] if name in WRITTEN else function(cls)
    for name, cls in CATALOG.items() if cls.signature
}
globals().update({f.__name__: f for f in FUNCTIONS.values()})  # functions.conv2d, …

__all__ = [
    "Operand", "add", "apply", "div", "matmul", "mul", "neg", "power", "scalar_const", "sub",
    *sorted(f.__name__ for f in FUNCTIONS.values()),
]
