"""Training-mode layers: inverted dropout and batch normalization (batch statistics)."""

import numpy as np

from chainrule.engine.core import limits
from chainrule.engine.core.errors import ShapeError, ValueErr
from chainrule.engine.core.ops.base import Array, Grads, Op, Vars, code_num, fmt_const, register
from chainrule.engine.core.signature import Param, T


@register
class Dropout(Op):
    name, label = "dropout", "dropout"
    signature = (T("x"), Param("p", "float", 0.5), Param("seed", "int", 0))
    formula = r"@z = \frac{m \odot @x}{1 - @c},\quad \frac{\partial @z}{\partial @x} = \frac{m}{1 - @c},\quad m = \mathbf{1}[u \ge @c],\ u \sim U(0, 1)"  # noqa: E501
    generic = {"c": "p"}
    code_note = "code.note.dropout"

    def __init__(self, p: float, seed: int) -> None:
        if not 0.0 <= p < 1.0:
            raise ValueErr("err.dropout.p", p=fmt_const(p))
        self.p, self.seed = float(p), limits.check_seed(seed, "dropout(): seed")

    def params(self) -> dict[str, object]:
        return {"p": self.p, "seed": self.seed}

    def constants(self) -> dict[str, str]:
        return {"c": fmt_const(self.p)}

    def keep(self, shape: tuple[int, ...]) -> Array:
        """The mask as a float array: the same seed and shape always keep the same units."""
        kept = np.random.default_rng(self.seed).random(shape) >= self.p
        return np.asarray(kept, dtype=np.float64)

    def forward(self, *xs: Array) -> Array:
        return xs[0] * self.keep(xs[0].shape) / (1.0 - self.p)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (g * self.keep(xs[0].shape) / (1.0 - self.p),)

    def keep_code(self, v: Vars) -> str:
        return f"(np.random.default_rng({self.seed}).random({v.shapes[0]}) >= {code_num(self.p)})"

    def forward_code(self, v: Vars) -> str:
        return f"{v.xs[0]} * {self.keep_code(v)} / (1 - {code_num(self.p)})"

    def backward_code(self, v: Vars, index: int) -> str:
        return f"{self.keep_code(v)} / (1 - {code_num(self.p)}) * {v.dz}"


@register
class BatchNorm(Op):
    name, label = "batchnorm", "batch norm"
    signature = (T("x"), T("gamma"), T("beta"), Param("eps", "float", 1e-5))
    formula = (
        r"\hat{@x} = \frac{@x - \mu}{\sqrt{\sigma^2 + \epsilon}},\quad "
        r"\frac{\partial @L}{\partial @x} = \frac{@y}{\sqrt{\sigma^2 + \epsilon}}\left("
        r"\frac{\partial @L}{\partial @z} - \overline{\frac{\partial @L}{\partial @z}} - "
        r"\hat{@x}\;\overline{\frac{\partial @L}{\partial @z} \hat{@x}}\right),\quad "
        r"\frac{\partial @L}{\partial @y} = \sum \frac{\partial @L}{\partial @z} \hat{@x},\quad "
        r"\frac{\partial @L}{\partial @b} = \sum \frac{\partial @L}{\partial @z}"
    )
    generic = {"y": r"\gamma", "b": r"\beta", "z": "y"}
    code_note = "code.note.batchnorm"

    def __init__(self, eps: float) -> None:
        if not eps >= 0.0:
            raise ValueErr("err.batchnorm.eps", eps=fmt_const(eps))
        self.eps = float(eps)

    def params(self) -> dict[str, object]:
        return self.changed(eps=self.eps)

    def axes(self, x: Array, gamma: Array, beta: Array) -> tuple[int, ...]:
        """The axes the statistics run over: 0 for (N, D), (0, 2, 3) per channel for (N,C,H,W)."""
        if x.ndim not in (2, 4):
            raise ShapeError("err.batchnorm.shape", shape=x.shape)
        want = (x.shape[1],)
        if gamma.shape != want or beta.shape != want:
            raise ShapeError("err.batchnorm.params", gamma=gamma.shape, beta=beta.shape,
                             want=want)
        return (0,) if x.ndim == 2 else (0, 2, 3)

    def normalize(self, x: Array, axes: tuple[int, ...]) -> tuple[Array, Array]:
        """x̂ and 1/√(σ² + ε), with the batch's mean and biased variance."""
        inv = 1.0 / np.sqrt(x.var(axis=axes, keepdims=True) + self.eps)
        return (x - x.mean(axis=axes, keepdims=True)) * inv, inv

    @staticmethod
    def per_feature(v: Array, x: Array) -> Array:
        return v.reshape((1, -1) + (1,) * (x.ndim - 2))

    def forward(self, *xs: Array) -> Array:
        x, gamma, beta = xs
        xhat, _ = self.normalize(x, self.axes(x, gamma, beta))
        return self.per_feature(gamma, x) * xhat + self.per_feature(beta, x)

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        x, gamma, _ = xs
        axes = (0,) if x.ndim == 2 else (0, 2, 3)
        xhat, inv = self.normalize(x, axes)
        dxhat = g * self.per_feature(gamma, x)
        mean_d = dxhat.mean(axis=axes, keepdims=True)
        mean_dx = (dxhat * xhat).mean(axis=axes, keepdims=True)
        dx = inv * (dxhat - mean_d - xhat * mean_dx)
        return dx, (g * xhat).sum(axis=axes), g.sum(axis=axes)

    def code_layout(self, v: Vars) -> tuple[str, str]:
        """The statistics' axes and how gamma and beta broadcast, as code."""
        if len(v.shapes[0]) == 2:
            return "0", ""
        return "(0, 2, 3)", ".reshape(1, -1, 1, 1)"

    def forward_code(self, v: Vars) -> str:
        (x, gamma, beta), (axes, per) = v.xs, self.code_layout(v)
        return f"{gamma}{per} * normalize({x}, {axes}, {code_num(self.eps)}) + {beta}{per}"

    def backward_code(self, v: Vars, index: int) -> str:
        (x, gamma, _), (axes, per), eps = v.xs, self.code_layout(v), code_num(self.eps)
        if index == 0:
            return f"batchnorm_dx({v.dz}, {x}, {gamma}{per}, {axes}, {eps})"
        if index == 1:
            return f"np.sum({v.dz} * normalize({x}, {axes}, {eps}), axis={axes})"
        return f"np.sum({v.dz}, axis={axes})"
