r"""Numbers, tensors and names written for people: step captions in plain text and TeX.

One number format, everywhere a number is shown (captions, edges, inspector, exports, notes);
static/js/graph/format.js writes the same text and tests/catalogs/test_number_format.py runs both:
- below display precision, |v| < 1e-15 (float64's rounding residue of numbers near 1,
  ε ≈ 2.2e-16: 0.1 + 0.2 - 0.3, a converged race's -2.87e-42), and ±0 read "0";
- an integer below a million is written whole: 3, -4, 65536;
- 0.01 ≤ |v| < 1000: two decimals, as the slides: 0.73, -0.20, 12.50;
- else three significant digits in scientific form, the exponent without "+" or leading
  zeros: 5.52e-6, 1.23e4; in TeX 5.52 \times 10^{-6} (KaTeX would read e-06 as a subtraction);
- NaN, ∞, -∞ (TeX \mathrm{NaN}, \infty, -\infty).
Rounding is half away from zero on the float's exact value, as JavaScript's toFixed and
toExponential round, so both sides agree digit for digit."""

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import numpy as np

INLINE_ELEMENTS = 6
FLOOR = 1e-15  # smaller magnitudes read 0
NON_FINITE = {"nan": ("NaN", r"\mathrm{NaN}"), "inf": ("∞", r"\infty"), "-inf": ("-∞", r"-\infty")}


def num(v: Any) -> str:
    """A number under the format above, plain: 3, -0.20, 5.52e-6."""
    return written(v, tex=False)


def num_tex(v: Any) -> str:
    """The same number in TeX: 5.52 \\times 10^{-6}."""
    return written(v, tex=True)


def written(v: Any, tex: bool) -> str:
    v = float(v)
    if not math.isfinite(v):
        return NON_FINITE[str(v)][tex]
    mantissa, exponent = digits(v)
    if not exponent:
        return mantissa
    return rf"{mantissa} \times 10^{{{exponent}}}" if tex else f"{mantissa}e{exponent}"


def digits(v: float) -> tuple[str, str]:
    """A finite number's written digits and its power of ten ("" when written without one)."""
    a = abs(v)
    if a < FLOOR:
        return "0", ""
    if v.is_integer() and a < 1e6:
        return str(int(v)), ""
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        if 0.01 <= a < 1000:
            return format(Decimal(v), ".2f"), ""
        mantissa, _, exponent = format(Decimal(v), ".2e").partition("e")
    return mantissa, exponent.lstrip("+")


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
        return num_tex(arr)
    if arr.ndim <= 2 and arr.size <= INLINE_ELEMENTS:
        rows = arr.reshape(1, -1) if arr.ndim == 1 else arr
        body = r" \\ ".join(" & ".join(num_tex(x) for x in row) for row in rows)
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
