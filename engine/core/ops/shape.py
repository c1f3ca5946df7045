"""Shape gates: Sum, mean, Repeat, transpose, reshape."""

import math

import numpy as np

from chainrule.engine.core import limits
from chainrule.engine.core.errors import ShapeError, ValueErr
from chainrule.engine.core.ops.base import Array, Grads, Op, Vars, register
from chainrule.engine.core.signature import Param, T

Axis = int | tuple[int, ...] | None


def normalize_axis(axis: Axis, ndim: int, what: str) -> tuple[int, ...]:
    """Axes as non-negative ints, or a shape error naming the bad one."""
    axes = tuple(range(ndim)) if axis is None else (axis,) if isinstance(axis, int) else axis
    out = []
    for a in axes:
        if not -ndim <= a < ndim:
            raise ShapeError("err.shape.axis", op=what, axis=a, ndim=ndim)
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueErr("err.value.axis_repeated", op=what, axis=axis)
    return tuple(out)


class Reduce(Op):
    """Sum or mean over some axes."""

    signature = (T("x"), Param("axis", "axis", None), Param("keepdims", "bool", False))

    def __init__(self, axis: Axis, keepdims: bool) -> None:
        self.axis, self.keepdims = axis, bool(keepdims)

    def params(self) -> dict[str, object]:
        return self.changed(axis=self.axis, keepdims=self.keepdims)

    def axes(self, x: Array) -> tuple[int, ...]:
        return normalize_axis(self.axis, x.ndim, self.name)

    def spread(self, g: Array, x: Array) -> Array:
        """The upstream gradient copied back over the reduced axes."""
        g = np.asarray(g) if self.keepdims else np.expand_dims(g, self.axes(x))
        return np.broadcast_to(g, x.shape).copy()

    def forward_code(self, v: Vars) -> str:
        options = "".join(f", {k}={value}" for k, value in self.params().items())
        return f"np.{self.name}({v.xs[0]}{options})"

    def spread_code(self, v: Vars) -> str:
        """Code for `spread`: the upstream copied back over the reduced axes."""
        dz = v.dz
        if self.axis is not None and not self.keepdims:
            axes = normalize_axis(self.axis, len(v.shapes[0]), self.name)
            dz = f"np.expand_dims({dz}, {axes[0] if len(axes) == 1 else axes})"
        return f"np.ones_like({v.xs[0]}) * {dz}"


@register
class Sum(Reduce):
    name, label, gate = "sum", "Σ", "distributor"
    formula = r"\frac{\partial @L}{\partial @x} = \operatorname{broadcast}\left(\frac{\partial @L}{\partial @z}\right)"  # noqa: E501

    def forward(self, *xs: Array) -> Array:
        return np.asarray(np.sum(xs[0], axis=self.axes(xs[0]), keepdims=self.keepdims))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (self.spread(g, xs[0]),)

    def backward_code(self, v: Vars, index: int) -> str:
        return self.spread_code(v)


@register
class Mean(Reduce):
    name, label = "mean", "mean"
    formula = r"\frac{\partial @L}{\partial @x} = \frac{1}{n}\operatorname{broadcast}\left(\frac{\partial @L}{\partial @z}\right)"  # noqa: E501

    def forward(self, *xs: Array) -> Array:
        return np.asarray(np.mean(xs[0], axis=self.axes(xs[0]), keepdims=self.keepdims))

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        n = math.prod(xs[0].shape[a] for a in self.axes(xs[0]))
        return (self.spread(g, xs[0]) / max(n, 1),)

    def backward_code(self, v: Vars, index: int) -> str:
        axes = normalize_axis(self.axis, len(v.shapes[0]), self.name)
        return f"{self.spread_code(v)} / {max(math.prod(v.shapes[0][a] for a in axes), 1)}"


@register
class Repeat(Op):
    name, label, gate = "repeat", "repeat", "adder"
    signature = (T("x"), Param("n", "int"), Param("axis", "int", 0))
    formula = r"\frac{\partial @L}{\partial @x} = \sum_{k=1}^{N} \left(\frac{\partial @L}{\partial @z}\right)_{k}"  # noqa: E501

    def __init__(self, n: int, axis: int) -> None:
        if n < 1:
            raise ValueErr("err.value.repeat_n", n=n)
        self.n, self.axis = int(n), int(axis)

    def params(self) -> dict[str, object]:
        return {"n": self.n, "axis": self.axis}

    def expr(self, args: list[str]) -> str:  # type: ignore[override]
        return f"repeat({args[0]}, {self.n}, axis={self.axis})"

    def forward(self, *xs: Array) -> Array:
        x = xs[0] if xs[0].ndim else xs[0].reshape(1)
        (axis,) = normalize_axis(self.axis, x.ndim, self.name)
        limits.reserve(x.shape[:axis] + (x.shape[axis] * self.n,) + x.shape[axis + 1 :])
        return np.repeat(x, self.n, axis=axis)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        x = xs[0] if xs[0].ndim else xs[0].reshape(1)
        (axis,) = normalize_axis(self.axis, x.ndim, self.name)
        split = x.shape[: axis + 1] + (self.n,) + x.shape[axis + 1 :]
        return (np.asarray(g).reshape(split).sum(axis=axis + 1).reshape(xs[0].shape),)

    def forward_code(self, v: Vars) -> str:
        return f"np.repeat({v.xs[0]}, {self.n}, axis={self.axis})"

    def backward_code(self, v: Vars, index: int) -> str:
        shape = v.shapes[0]
        if not shape:
            return f"np.sum({v.dz})"
        (axis,) = normalize_axis(self.axis, len(shape), self.name)
        if shape[axis] == 1:  # one row repeated N times: its gradient sums the N rows
            return f"np.sum({v.dz}, axis={axis}, keepdims=True)"
        split = shape[: axis + 1] + (self.n,) + shape[axis + 1 :]
        return f"{v.dz}.reshape({split}).sum(axis={axis + 1})"


@register
class Transpose(Op):
    name, label, signature = "transpose", "T", (T("x"),)
    formula = r"\frac{\partial @L}{\partial @x} = \left(\frac{\partial @L}{\partial @z}\right)^{\top}"  # noqa: E501
    template, tex_template = "{0}.T", "{0}^{{\\top}}"
    code_view = True

    def forward(self, *xs: Array) -> Array:
        return xs[0].T.copy()  # ascontiguousarray would turn a scalar into shape (1,)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (np.asarray(g).T,)

    @classmethod
    def catalog_syntax(cls) -> str:
        return f"{super().catalog_syntax()}, x.T"  # the attribute, as NumPy's

    def forward_code(self, v: Vars) -> str:
        return f"{v.xs[0]}.T" if v.shapes[0] else f"np.transpose({v.xs[0]})"

    def backward_code(self, v: Vars, index: int) -> str:
        return f"{v.dz}.T" if v.shape else f"np.transpose({v.dz})"


@register
class Reshape(Op):
    name, label = "reshape", "reshape"
    signature = (T("x"), Param("shape", "shape", shown="(2, 3)"))
    formula = r"\frac{\partial @L}{\partial @x} = \operatorname{reshape}\left(\frac{\partial @L}{\partial @z}, \operatorname{shape}(@x)\right)"  # noqa: E501
    code_view = True

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = tuple(int(n) for n in shape)

    def params(self) -> dict[str, object]:
        return {"shape": self.shape}

    def forward(self, *xs: Array) -> Array:
        try:
            return xs[0].reshape(self.shape)
        except ValueError:
            raise ShapeError("err.shape.reshape", shape=str(xs[0].shape),
                             target=str(self.shape)) from None

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (np.asarray(g).reshape(xs[0].shape),)

    def forward_code(self, v: Vars) -> str:
        x = v.xs[0]
        return f"{x}.reshape({v.shape})" if v.shapes[0] else f"np.reshape({x}, {v.shape})"

    def backward_code(self, v: Vars, index: int) -> str:
        shape = v.shapes[0]
        return f"{v.dz}.reshape({shape})" if v.shape else f"np.reshape({v.dz}, {shape})"
