"""Mean pooling: each output is its window's average, so each window shares g/size² out."""

import numpy as np

from chainrule.engine.core.ops.base import Array, Grads, Vars, register
from chainrule.engine.core.ops.conv import Pool2d, scatter_windows


@register
class AvgPool2d(Pool2d):
    name, label = "avgpool2d", "avg pool"
    formula = r"\frac{\partial @L}{\partial @x} = \sum_{\operatorname{window} \ni @x} \frac{1}{@c^2} \frac{\partial @L}{\partial @z}"  # noqa: E501
    generic = {"c": "k"}
    code_note = "code.note.avgpool"

    def constants(self) -> dict[str, str]:
        return {"c": str(self.size)}

    def forward(self, *xs: Array) -> Array:
        return np.asarray(self.windows(xs[0]).mean(axis=(4, 5)))

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
