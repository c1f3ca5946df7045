"""A function's parameters, declared once on the op it makes (`Op.signature`): the language binds
arguments by them, engine.core.functions makes the Python functions from them and the op catalog
its syntax, `conv2d(x, w, b=None, stride=1, padding=0 | "valid" | "same" | "full")`."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Each kind of parameter with its Python annotation: tensors are inputs (Tensors, arrays or
# numbers), the rest fixed arguments of the gate; `int|str` is a number or a string option.
KINDS: dict[str, Any] = {
    "tensor": Any, "tensor?": Any, "int": int, "int?": int | None, "float": float, "bool": bool,
    "axis": int | tuple[int, ...] | None, "shape": tuple[int, ...], "str": str,
    "int|str": int | str,
}


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # a key of KINDS
    default: Any = ...  # ... means required
    options: tuple[str, ...] = ()  # the strings a str or int|str parameter accepts
    shown: str = ""  # how the syntax writes it when not as name=default: "stride=size", "(2, 3)"

    @property
    def tensor(self) -> bool:
        return self.kind.startswith("tensor")

    def text(self) -> str:
        """This parameter in the syntax: `x`, `axis=-1`, `mode="full" | "same" | "valid"`."""
        if self.shown:
            return self.shown
        if self.default is ...:
            return self.name
        others = [o for o in self.options if o != self.default]
        return f"{self.name}={' | '.join(literal(v) for v in (self.default, *others))}"


def T(name: str) -> Param:  # noqa: N802  (shorthand for the declarations)
    """A tensor input."""
    return Param(name, "tensor")


def call_syntax(name: str, params: Sequence[Param]) -> str:
    """The call as the op catalog shows it, e.g. `softmax(x, axis=-1)`."""
    return f"{name}({', '.join(p.text() for p in params)})"


def literal(value: Any) -> str:
    """A default as the syntax writes it: None, False, "full", 0.01, 1.0, 1e-5."""
    if isinstance(value, str):
        return f'"{value}"'
    return re.sub(r"e([+-])0*(\d)", r"e\1\2", repr(value)).replace("e+", "e")
