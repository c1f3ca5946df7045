"""Numbers, tensors and names written for people: step captions in plain text and TeX."""

import math
import re
from typing import Any

import numpy as np

INLINE_ELEMENTS = 6


def num(v: Any) -> str:
    """Like the slides: integers whole, 2 decimals in the usual range, else 3 significant digits."""
    v = float(v)
    if not math.isfinite(v):
        return str(v)
    if v.is_integer() and abs(v) < 1e6:
        return str(int(v))
    if 0.01 <= abs(v) < 1000:
        return f"{v:.2f}"
    return f"{v:.3g}"


def dims(shape: tuple[int, ...]) -> str:
    """2×3; a scalar's empty shape as ()."""
    return "×".join(str(n) for n in shape) if shape else "()"


def value(arr: np.ndarray) -> str:
    """A scalar as a number; a small tensor in full; a larger one as its shape and a preview."""
    if arr.ndim == 0:
        return num(arr)
    if arr.size <= INLINE_ELEMENTS:
        return nested(arr.tolist())
    head = ", ".join(num(x) for x in arr.ravel()[:3])
    return f"[{head}, …] ({dims(arr.shape)})"


def nested(items: Any) -> str:
    if isinstance(items, list):
        return "[" + ", ".join(nested(i) for i in items) + "]"
    return num(items)


def value_tex(arr: np.ndarray) -> str:
    if arr.ndim == 0:
        return num(arr)
    if arr.ndim <= 2 and arr.size <= INLINE_ELEMENTS:
        rows = arr.reshape(1, -1) if arr.ndim == 1 else arr
        body = r" \\ ".join(" & ".join(num(x) for x in row) for row in rows)
        return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"
    return rf"[\,\text{{{dims(arr.shape)}}}\,]"


def name_tex(name: str) -> str:
    """w0 → w_{0}, x_1 → x_{1}, loss → \\mathit{loss}; other scripts as text."""
    m = re.fullmatch(r"([A-Za-z])_?(\d+|[A-Za-z])?", name)
    if m:
        return m.group(1) + (f"_{{{m.group(2)}}}" if m.group(2) else "")
    if re.fullmatch(r"[A-Za-z]\w*", name):
        escaped = name.replace("_", r"\_")
        return rf"\mathit{{{escaped}}}"
    return rf"\text{{{name}}}"


def partial(top: str, bottom: str) -> str:
    return f"∂{top}/∂{bottom}"


def partial_tex(top: str, bottom: str) -> str:
    return rf"\frac{{\partial {name_tex(top)}}}{{\partial {name_tex(bottom)}}}"
