"""NumPy's floating-point warnings off around one op: inf and nan are shown, not warned about.

`np.errstate(all="ignore")` costs about a microsecond to enter, more than an op on small arrays;
NumPy 2 keeps the error state in a context variable, and setting that to one prepared value costs
a tenth of it. Use: `token = enter()`, then `try: ... finally: leave(token)`.

That context variable is NumPy's private one; it pays: with the public np.errstate instead, a
forward and backward pass took 1.19× the CPU time with one node per number (32 × 16 MLP) and
1.14× with one node per matrix at 32 × 16, 1.02× at 300 × 100 (`bench/quiet_bench.py`, which
measures both in one run). Should NumPy move it, the import below fails and the public way runs.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

enter: Callable[[], Any]
leave: Callable[[Any], Any]

try:  # NumPy ≥ 2.0
    from numpy._core._ufunc_config import (  # type: ignore[attr-defined]
        _extobj_contextvar,
        _make_extobj,
    )

    enter = partial(_extobj_contextvar.set, _make_extobj(all="ignore"))
    leave = _extobj_contextvar.reset
except ImportError:  # pragma: no cover  (older NumPy: the public, slower way)

    def enter() -> Any:
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    def leave(token: Any) -> None:
        token.__exit__(None, None, None)
