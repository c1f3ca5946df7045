"""CNN nodes: conv2d (im2col-style windows) and maxpool2d, with their backward passes."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from engine import limits
from engine.errors import ShapeError, ValueErr
from engine.ops.base import Array, Grads, Op, register


def windows(x: Array, fh: int, fw: int, stride: int) -> Array:
    """View (N, C, H', W', fh, fw) of every stride-spaced window; no copy."""
    return sliding_window_view(x, (fh, fw), axis=(2, 3))[:, :, ::stride, ::stride]


def out_size(n: int, f: int, stride: int, padding: int, what: str) -> int:
    if f > n + 2 * padding:
        raise ShapeError(f"{what}: window {f} is larger than the padded input {n + 2 * padding}")
    return (n + 2 * padding - f) // stride + 1


def scatter_windows(dw: Array, shape: tuple[int, ...], stride: int) -> Array:
    """Add window gradients (N, C, H', W', fh, fw) back onto an input of `shape`."""
    dx = np.zeros(shape)
    _, _, oh, ow, fh, fw = dw.shape
    for u in range(fh):
        for v in range(fw):
            dx[:, :, u : u + stride * oh : stride, v : v + stride * ow : stride] += dw[..., u, v]
    return dx


@register
class Conv2d(Op):
    name, label, arity = "conv2d", "conv", 3
    syntax = "conv2d(x, w, b=None, stride=1, padding=0)"
    formula = r"\frac{\partial @L}{\partial @y} = \sum_{n,i,j} \operatorname{window}_{n,i,j}(@x)\left(\frac{\partial @L}{\partial @z}\right)_{n,:,i,j},\quad \frac{\partial @L}{\partial @x} = \operatorname{col2im}\!\left(@y^{\top} \frac{\partial @L}{\partial @z}\right),\quad \frac{\partial @L}{\partial @b} = \sum_{n,i,j}\frac{\partial @L}{\partial @z}"  # noqa: E501
    generic = {"x": "X", "y": "W", "z": "Y"}
    doc = "Convolution of x (N,C,H,W) with filters w (K,C,F,F), optional bias b (K,)."

    def __init__(self, stride: int = 1, padding: int = 0) -> None:
        if stride < 1 or padding < 0:
            raise ValueErr(f"conv2d: need stride >= 1 and padding >= 0, got {stride}, {padding}")
        self.stride, self.padding = int(stride), int(padding)

    def params(self) -> dict[str, object]:
        return {"stride": self.stride, "padding": self.padding}

    def pad(self, x: Array) -> Array:
        p = self.padding
        return np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x

    def check(self, x: Array, w: Array, b: Array | None) -> None:
        if x.ndim != 4 or w.ndim != 4:
            raise ShapeError(
                f"conv2d: x must be (N,C,H,W) and w (K,C,F,F), got {x.shape}, {w.shape}"
            )
        if x.shape[1] != w.shape[1]:
            raise ShapeError(
                f"conv2d: x {x.shape} has {x.shape[1]} channels but w {w.shape} has {w.shape[1]}"
            )
        if b is not None and b.shape not in ((w.shape[0],), (w.shape[0], 1, 1)):
            raise ShapeError(f"conv2d: bias must have shape ({w.shape[0]},), got {b.shape}")
        n, c, h, wd = x.shape
        k, _, fh, fw = w.shape
        oh = out_size(h, fh, self.stride, self.padding, "conv2d")
        ow = out_size(wd, fw, self.stride, self.padding, "conv2d")
        limits.reserve((n, c, oh, ow, fh, fw), "conv2d window matrix")
        limits.reserve((n, k, oh, ow))

    def forward(self, *xs: Array) -> Array:
        x, w, b = xs[0], xs[1], (xs[2] if len(xs) > 2 else None)
        self.check(x, w, b)
        cols = windows(self.pad(x), w.shape[2], w.shape[3], self.stride)
        y = np.einsum("ncijuv,kcuv->nkij", cols, w, optimize=True)
        return y + b.reshape(1, -1, 1, 1) if b is not None else y

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        x, w = xs[0], xs[1]
        xp = self.pad(x)
        cols = windows(xp, w.shape[2], w.shape[3], self.stride)
        dw = np.einsum("ncijuv,nkij->kcuv", cols, g, optimize=True)
        dcols = np.einsum("nkij,kcuv->ncijuv", g, w, optimize=True)
        dxp = scatter_windows(dcols, xp.shape, self.stride)
        p = self.padding
        dx = dxp[:, :, p : p + x.shape[2], p : p + x.shape[3]]
        if len(xs) == 2:
            return dx, dw
        return dx, dw, g.sum(axis=(0, 2, 3)).reshape(xs[2].shape)


@register
class MaxPool2d(Op):
    name, label, gate = "maxpool2d", "max pool", "router"
    syntax = "maxpool2d(x, size, stride=size)"
    formula = r"\frac{\partial @L}{\partial @x} = \frac{\partial @L}{\partial @z} \text{ at each window's max, } 0 \text{ elsewhere}"  # noqa: E501
    doc = "Max pooling over size×size windows: routes each gradient to its window's maximum."

    def __init__(self, size: int, stride: int | None = None) -> None:
        stride = size if stride is None else stride
        if size < 1 or stride < 1:
            raise ValueErr(f"maxpool2d: size and stride must be >= 1, got {size}, {stride}")
        self.size, self.stride = int(size), int(stride)

    def params(self) -> dict[str, object]:
        return {"size": self.size, "stride": self.stride}

    def forward(self, *xs: Array) -> Array:
        x = xs[0]
        if x.ndim != 4:
            raise ShapeError(f"maxpool2d: x must be (N,C,H,W), got {x.shape}")
        for n in x.shape[2:]:
            out_size(n, self.size, self.stride, 0, "maxpool2d")
        return np.asarray(windows(x, self.size, self.size, self.stride).max(axis=(4, 5)))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        win = windows(xs[0], self.size, self.size, self.stride)
        flat = win.reshape(win.shape[:4] + (-1,))
        first = np.argmax(flat, axis=-1)  # the first maximum of each window takes the gradient
        onehot = np.zeros_like(flat)
        np.put_along_axis(onehot, first[..., None], 1.0, axis=-1)
        routed = (onehot * np.asarray(g)[..., None]).reshape(win.shape)
        return (scatter_windows(routed, xs[0].shape, self.stride),)
