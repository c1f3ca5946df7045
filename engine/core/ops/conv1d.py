"""1-D convolutions: conv1d (cross-correlation over channels, as PyTorch) and convolve
(np.convolve, the kernel flipped), whose input gradient correlates the upstream with the kernel."""

from collections.abc import Sequence
from typing import Literal, cast

import numpy as np

from chainrule.engine.core import limits
from chainrule.engine.core.errors import ShapeError, ValueErr
from chainrule.engine.core.ops.base import Array, Grads, Op, Vars, register
from chainrule.engine.core.ops.conv import Conv2d, check_shapes, resolve_padding
from chainrule.engine.core.signature import Param, T

MODES = ("full", "same", "valid")  # np.convolve's, in its order


@register
class Conv1d(Conv2d):
    """x (N,C,L), w (K,C,F), b (K,): cross-correlation as PyTorch, padding as for conv2d; conv2d
    on a height of 1: the same windows, backward and padding rules along L only."""

    name, label = "conv1d", "conv1d"  # and conv2d's signature
    formula = r"\frac{\partial @L}{\partial @y} = \sum_{n,i} \operatorname{window}_{n,i}(@x)\left(\frac{\partial @L}{\partial @z}\right)_{n,:,i},\quad \frac{\partial @L}{\partial @x} = \operatorname{col2im}\!\left(@y^{\top} \frac{\partial @L}{\partial @z}\right),\quad \frac{\partial @L}{\partial @b} = \sum_{n,i}\frac{\partial @L}{\partial @z}"  # noqa: E501

    def pads(self, w: Array) -> tuple[int, int]:
        return 0, resolve_padding(self.padding, w.shape[3], self.stride, self.name)

    def forward(self, *xs: Array) -> Array:
        x, w = xs[0], xs[1]
        check_shapes(x, w, xs[2] if len(xs) > 2 else None, self.name, ("(N,C,L)", "(K,C,F)"))
        return super().forward(x[:, :, None], w[:, :, None], *xs[2:])[:, :, 0]

    def backward(self, g: Array, out: Array, *xs: Array,
                 needs: Sequence[bool] = (True, True, True)) -> Grads:
        x, w = xs[0], xs[1]
        dx, dw, *db = super().backward(g[:, :, None], out[:, :, None], x[:, :, None],
                                       w[:, :, None], *xs[2:], needs=needs)
        return (None if dx is None else dx[:, :, 0], None if dw is None else dw[:, :, 0], *db)


@register
class Convolve(Op):
    """np.convolve(x, w, mode) as a node: y[i] = Σ_k x[i−k]·w[k]."""

    name, label = "convolve", "∗"
    signature = (T("x"), T("w"), Param("mode", "str", "full", options=MODES))
    formula = r"{@z}_{i} = \sum_{k} {@x}_{i-k}\,{@y}_{k},\quad \frac{\partial @L}{\partial {@x}_{j}} = \sum_{i} \frac{\partial @L}{\partial {@z}_{i}}\,{@y}_{i-j},\quad \frac{\partial @L}{\partial {@y}_{k}} = \sum_{i} \frac{\partial @L}{\partial {@z}_{i}}\,{@x}_{i-k}"  # noqa: E501
    generic = {"x": "x", "y": "w", "z": "y"}
    code_note = "code.note.convolve"

    def __init__(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueErr("err.convolve.mode", mode=mode)
        self.mode = mode

    def params(self) -> dict[str, object]:
        return {"mode": self.mode}

    def offset(self, n: int, m: int) -> int:
        """Where np.convolve's `mode` output starts inside the full convolution."""
        return {"full": 0, "same": (min(n, m) - 1) // 2, "valid": min(n, m) - 1}[self.mode]

    def forward(self, *xs: Array) -> Array:
        x, w = xs
        if x.ndim != 1 or w.ndim != 1 or not x.size or not w.size:
            raise ShapeError("err.convolve.shape", x=x.shape, w=w.shape)
        # np.convolve visits a window of the shorter input for each number of the full output
        limits.reserve((x.size + w.size - 1, min(x.size, w.size)), "windows", self.name)
        return np.convolve(x, w, cast(Literal["full", "same", "valid"], self.mode))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        x, w = xs
        full = np.zeros(x.size + w.size - 1)  # the upstream gradient placed in the full output
        start = self.offset(x.size, w.size)
        full[start : start + out.size] = g
        return np.correlate(full, w, "valid"), np.correlate(full, x, "valid")

    def forward_code(self, v: Vars) -> str:
        mode = "" if self.mode == "full" else f', mode="{self.mode}"'
        return f"np.convolve({v.xs[0]}, {v.xs[1]}{mode})"

    def backward_code(self, v: Vars, index: int) -> str:
        """The upstream placed in the full output, correlated with the other input."""
        (n,), (m,) = v.shapes
        start = self.offset(n, m)
        after = n + m - 1 - start - v.shape[0]
        g = v.dz if not (start or after) else f"np.pad({v.dz}, {(start, after)})"
        return f'np.correlate({g}, {v.xs[1 - index]}, "valid")'
