"""CNN nodes: conv2d (im2col-style windows) and maxpool2d, with their backward passes."""

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from chainrule.engine.core import limits
from chainrule.engine.core.errors import ShapeError, ValueErr
from chainrule.engine.core.ops.base import Array, Grads, Op, Vars, register
from chainrule.engine.core.signature import Param, T


def windows(x: Array, fh: int, fw: int, stride: int) -> Array:
    """View (N, C, H', W', fh, fw) of every stride-spaced window; no copy."""
    return sliding_window_view(x, (fh, fw), axis=(2, 3))[:, :, ::stride, ::stride]


def out_size(n: int, f: int, stride: int, padding: int, what: str) -> int:
    if f > n + 2 * padding:
        raise ShapeError("err.shape.window", op=what, size=f, input=n + 2 * padding)
    return (n + 2 * padding - f) // stride + 1


PADDINGS = ("valid", "same", "full")
PADDING = Param("padding", "int|str", 0, options=PADDINGS)  # conv2d's and conv1d's


def check_padding(padding: int | str, stride: int, op: str) -> None:
    """A padding is a count of zeros >= 0 or one of PADDINGS; the stride is >= 1."""
    if isinstance(padding, str):
        if padding not in PADDINGS:
            raise ValueErr("err.conv.padding", op=op, padding=padding)
    elif padding < 0:
        raise ValueErr("err.conv.padding_negative", op=op, padding=padding)
    if stride < 1:
        raise ValueErr("err.conv.stride", op=op, stride=stride)


def resolve_padding(padding: int | str, f: int, stride: int, op: str) -> int:
    """Zeros on each side for a kernel of size f: "valid" 0, "same" (f − 1)/2, "full" f − 1."""
    if not isinstance(padding, str):
        return padding
    if padding == "valid":
        return 0
    if padding == "full":
        return f - 1
    if f % 2 == 0 or stride != 1:
        raise ValueErr("err.conv.same", op=op, f=f, stride=stride)
    return (f - 1) // 2


def check_shapes(x: Array, w: Array, b: Array | None, op: str, want: tuple[str, str]) -> None:
    """x (N, C, ...) and w (K, C, ...) with `want`'s rank and one channel count; b (K,)."""
    if x.ndim != len(want[0].split(",")) or w.ndim != x.ndim:
        raise ShapeError("err.conv.shape", op=op, want_x=want[0], want_w=want[1], x=x.shape,
                         w=w.shape)
    if x.shape[1] != w.shape[1]:
        raise ShapeError("err.conv.channels", op=op, x=x.shape, w=w.shape, c=x.shape[1],
                         k=w.shape[1])
    if b is not None and b.shape not in ((w.shape[0],), (w.shape[0],) + (1,) * (x.ndim - 2)):
        raise ShapeError("err.conv.bias", op=op, want=(w.shape[0],), shape=b.shape)


def scatter_windows(dw: Array, shape: tuple[int, ...], stride: int) -> Array:
    """Add window gradients (N, C, H', W', fh, fw) back onto an input of `shape`."""
    dx = np.zeros(shape)
    _, _, oh, ow, fh, fw = dw.shape
    for u in range(fh):
        for v in range(fw):
            dx[:, :, u : u + stride * oh : stride, v : v + stride * ow : stride] += dw[..., u, v]
    return dx


def pad_code(x: str, widths: list[tuple[int, int]]) -> str:
    """np.pad of the spatial axes (after N and C) with these (before, after) zeros, as code."""
    if not any(a or b for a, b in widths):
        return x
    return f"np.pad({x}, {tuple([(0, 0), (0, 0), *widths])})"


@register
class Conv2d(Op):
    """x (N,C,H,W), w (K,C,F,F), b (K,): cross-correlation as PyTorch; padding: zeros on each
    side, or "valid" (0), "same" (odd kernels), "full" (F - 1)."""

    name, label = "conv2d", "conv"
    signature = (T("x"), T("w"), Param("b", "tensor?", None), Param("stride", "int", 1), PADDING)
    formula = r"\frac{\partial @L}{\partial @y} = \sum_{n,i,j} \operatorname{window}_{n,i,j}(@x)\left(\frac{\partial @L}{\partial @z}\right)_{n,:,i,j},\quad \frac{\partial @L}{\partial @x} = \operatorname{col2im}\!\left(@y^{\top} \frac{\partial @L}{\partial @z}\right),\quad \frac{\partial @L}{\partial @b} = \sum_{n,i,j}\frac{\partial @L}{\partial @z}"  # noqa: E501
    generic = {"x": "X", "y": "W", "z": "Y"}
    code_note = "code.note.conv"

    def __init__(self, stride: int, padding: int | str) -> None:
        check_padding(padding, stride, self.name)
        self.stride = int(stride)
        self.padding = padding if isinstance(padding, str) else int(padding)

    def params(self) -> dict[str, object]:
        return {"stride": self.stride, "padding": self.padding}

    def pads(self, w: Array) -> tuple[int, int]:
        """Zeros above/below and left/right of the input for the kernel `w`."""
        return (resolve_padding(self.padding, w.shape[2], self.stride, self.name),
                resolve_padding(self.padding, w.shape[3], self.stride, self.name))

    @staticmethod
    def pad(x: Array, pads: tuple[int, int]) -> Array:
        (ph, pw) = pads
        return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw))) if ph or pw else x

    def check(self, x: Array, w: Array, b: Array | None) -> None:
        check_shapes(x, w, b, self.name, ("(N,C,H,W)", "(K,C,F,F)"))
        n, c, h, wd = x.shape
        k, _, fh, fw = w.shape
        ph, pw = self.pads(w)
        oh = out_size(h, fh, self.stride, ph, self.name)
        ow = out_size(wd, fw, self.stride, pw, self.name)
        limits.reserve((n, c, h + 2 * ph, wd + 2 * pw), "padded", self.name)
        limits.reserve((n, c, oh, ow, fh, fw), "windows", self.name)
        limits.reserve((n, k, oh, ow))

    def forward(self, *xs: Array) -> Array:
        x, w, b = xs[0], xs[1], (xs[2] if len(xs) > 2 else None)
        self.check(x, w, b)
        cols = windows(self.pad(x, self.pads(w)), w.shape[2], w.shape[3], self.stride)
        y = np.einsum("ncijuv,kcuv->nkij", cols, w, optimize=True)
        return y + b.reshape(1, -1, 1, 1) if b is not None else y

    skips = True

    def backward(self, g: Array, out: Array, *xs: Array,
                 needs: Sequence[bool] = (True, True, True)) -> Grads:
        x, w = xs[0], xs[1]
        ph, pw = self.pads(w)
        xp = self.pad(x, (ph, pw))
        dw = dx = None
        if needs[1]:
            cols = windows(xp, w.shape[2], w.shape[3], self.stride)
            dw = np.einsum("ncijuv,nkij->kcuv", cols, g, optimize=True)
        if needs[0]:  # not for a data set's images: their gradient is a whole convolution
            dcols = np.einsum("nkij,kcuv->ncijuv", g, w, optimize=True)
            dxp = scatter_windows(dcols, xp.shape, self.stride)
            dx = dxp[:, :, ph : ph + x.shape[2], pw : pw + x.shape[3]]
        if len(xs) == 2:
            return dx, dw
        return dx, dw, g.sum(axis=(0, 2, 3)).reshape(xs[2].shape)

    # The code view, for conv1d too: d spatial axes (letters i j for output cells, u v for the
    # kernel), pads resolved from the kernel's shape.
    def code_layout(self, v: Vars) -> tuple[str, str, tuple[int, ...], tuple[int, ...]]:
        size = tuple(v.shapes[1][2:])
        pads = tuple(resolve_padding(self.padding, f, self.stride, self.name) for f in size)
        return "ij"[: len(size)], "uv"[: len(size)], size, pads

    def forward_code(self, v: Vars) -> str:
        (x, w, *_), s = v.xs, self.stride
        ij, uv, size, pads = self.code_layout(v)
        xp = pad_code(x, [(p, p) for p in pads])
        y = f'np.einsum("nc{ij}{uv},kc{uv}->nk{ij}", windows({xp}, {size}, {s}), {w})'
        if len(v.xs) < 3:
            return y
        b = v.xs[2] if len(v.shapes[2]) > 1 else f"{v.xs[2]}.reshape(1, -1{', 1' * len(size)})"
        return f"{y} + {b}"

    def backward_code(self, v: Vars, index: int) -> str:
        (x, w, *_), dz, s = v.xs, v.dz, self.stride
        ij, uv, size, pads = self.code_layout(v)
        if index == 2:
            db = f"{dz}.sum(axis={(0, *range(2, 2 + len(size)))})"
            return db if len(v.shapes[2]) == 1 else f"{db}.reshape({v.shapes[2]})"
        if index == 1:  # dW: the padded input correlated with dY
            xp = pad_code(x, [(p, p) for p in pads])
            return f'np.einsum("nc{ij}{uv},nk{ij}->kc{uv}", windows({xp}, {size}, {s}), {dz})'
        # dX: dY spread back to stride 1, fully convolved with the kernel rotated by 180°
        spans = [n + 2 * p for n, p in zip(v.shapes[0][2:], pads, strict=True)]
        widths = [(f - 1, f - 1 + (n - f) % s) for f, n in zip(size, spans, strict=True)]
        g = pad_code(dz if s == 1 else f"dilate({dz}, {s})", widths)
        rot = f"{w}[:, :{', ::-1' * len(size)}]"
        dx = f'np.einsum("nk{ij}{uv},kc{uv}->nc{ij}", windows({g}, {size}, 1), {rot})'
        if not any(pads):
            return dx
        crop = ", ".join(f"{p}:{p + n}" for p, n in zip(pads, v.shapes[0][2:], strict=True))
        return f"{dx}[:, :, {crop}]"


class Pool2d(Op):
    """What max and mean pooling share: size and stride, and the (N,C,H,W) input's windows."""

    signature = (T("x"), Param("size", "int"), Param("stride", "int?", None, shown="stride=size"))

    def __init__(self, size: int, stride: int | None) -> None:
        stride = size if stride is None else stride
        if size < 1 or stride < 1:
            raise ValueErr("err.pool.size", op=self.name, size=size, stride=stride)
        self.size, self.stride = int(size), int(stride)

    def params(self) -> dict[str, object]:
        return {"size": self.size, "stride": self.stride}

    def windows(self, x: Array) -> Array:
        """x's windows, shape (N, C, H', W', size, size), after checking that they fit."""
        if x.ndim != 4:
            raise ShapeError("err.pool.shape", op=self.name, shape=str(x.shape))
        oh, ow = (out_size(n, self.size, self.stride, 0, self.name) for n in x.shape[2:])
        # max pooling's backward makes this matrix; the mean's and the forward pass visit it
        limits.reserve((*x.shape[:2], oh, ow, self.size, self.size), "windows", self.name)
        return windows(x, self.size, self.size, self.stride)


@register
class MaxPool2d(Pool2d):
    name, label, gate = "maxpool2d", "max pool", "router"
    formula = r"\frac{\partial @L}{\partial @x} = \sum_{\operatorname{window} \ni @x} \mathbb{1}\left[@x = \max \operatorname{window}\right] \frac{\partial @L}{\partial @z}"  # noqa: E501

    def forward(self, *xs: Array) -> Array:
        return np.asarray(self.windows(xs[0]).max(axis=(4, 5)))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        win = windows(xs[0], self.size, self.size, self.stride)
        flat = win.reshape(win.shape[:4] + (-1,))
        first = np.argmax(flat, axis=-1)  # the first maximum of each window takes the gradient
        onehot = np.zeros_like(flat)
        np.put_along_axis(onehot, first[..., None], 1.0, axis=-1)
        routed = (onehot * np.asarray(g)[..., None]).reshape(win.shape)
        return (scatter_windows(routed, xs[0].shape, self.stride),)

    def forward_code(self, v: Vars) -> str:
        k = self.size
        return f"windows({v.xs[0]}, {(k, k)}, {self.stride}).max(axis=(4, 5))"

    def backward_code(self, v: Vars, index: int) -> str:
        x, k = v.xs[0], self.size
        mask = f"max_mask(windows({x}, {(k, k)}, {self.stride}))"
        return f"unwindows({mask} * {v.dz}[..., None, None], {x}.shape, {self.stride})"
