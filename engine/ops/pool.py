"""Mean pooling: each output is its window's average, so each window shares g/size² out."""

import numpy as np

from engine.errors import ShapeError, ValueErr
from engine.ops.base import Array, Grads, Op, Vars, register
from engine.ops.conv import out_size, scatter_windows, windows


@register
class AvgPool2d(Op):
    name, label = "avgpool2d", "avg pool"
    syntax = "avgpool2d(x, size, stride=size)"
    formula = r"\frac{\partial @L}{\partial @x} = \sum_{\operatorname{window} \ni @x} \frac{1}{@c^2} \frac{\partial @L}{\partial @z}"  # noqa: E501
    generic = {"c": "k"}
    code_note = "code.note.avgpool"

    def __init__(self, size: int, stride: int | None = None) -> None:
        stride = size if stride is None else stride
        if size < 1 or stride < 1:
            raise ValueErr("err.pool.size", op=self.name, size=size, stride=stride)
        self.size, self.stride = int(size), int(stride)

    def params(self) -> dict[str, object]:
        return {"size": self.size, "stride": self.stride}

    def constants(self) -> dict[str, str]:
        return {"c": str(self.size)}

    def forward(self, *xs: Array) -> Array:
        x = xs[0]
        if x.ndim != 4:
            raise ShapeError("err.pool.shape", op=self.name, shape=x.shape)
        for n in x.shape[2:]:
            out_size(n, self.size, self.stride, 0, self.name)
        return np.asarray(windows(x, self.size, self.size, self.stride).mean(axis=(4, 5)))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        share = np.asarray(g)[..., None, None] / self.size**2
        spread = np.broadcast_to(share, (*np.shape(g), self.size, self.size))
        return (scatter_windows(spread, xs[0].shape, self.stride),)

    def forward_code(self, v: Vars) -> str:
        k = self.size
        return f"windows({v.xs[0]}, {(k, k)}, {self.stride}).mean(axis=(4, 5))"

    def backward_code(self, v: Vars, index: int) -> str:
        k, x = self.size, v.xs[0]
        share = f"{v.dz}[..., None, None] / {k * k} * np.ones({(k, k)})"
        return f"unwindows({share}, {x}.shape, {self.stride})"
