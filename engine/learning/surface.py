"""The optimizer race's picture: a program's output f(x, y) over a grid of its two scalar inputs,
and f and ∇f at given points (the gradient arrows along the optimizers' paths).

Both put whole arrays into the two leaves and run the graph once (NumPy broadcasting), then check
one point against a scalar run; a program that mixes points (sum, mean, @ …) is run point by point.
"""

from typing import Any

import numpy as np

from chainrule.engine.core import limits as lim
from chainrule.engine.core.autograd import backprop, recompute, topological
from chainrule.engine.core.errors import GraphError, ValueErr
from chainrule.engine.core.tensor import Tensor
from chainrule.engine.document.trace import to_json
from chainrule.engine.language import Interpreter
from chainrule.engine.language.source import Source

GRID_MOST = 200  # grid points per side
POINTS_MOST = 10_000


class Surface:
    """A built program with its two inputs, evaluated at arrays of (x, y)."""

    def __init__(self, source: str, x: str | None = None, y: str | None = None) -> None:
        limits = lim.Limits()
        with lim.budget(limits):
            self.output = Interpreter(Source(source), limits).run().output
        self.order = topological(self.output)
        named = {t.name: t for t in self.order
                 if t.kind == "input" and t.name and t.value.size == 1}
        wanted = [x, y] if x or y else list(named)
        if x is not None and x == y:
            raise ValueErr("err.surface.same", name=x)
        if len(wanted) != 2 or not set(wanted) <= set(named) or self.output.value.size != 1:
            raise ValueErr("err.surface.inputs", names=", ".join(named) or "—")
        self.x, self.y = named[str(wanted[0])], named[str(wanted[1])]
        self.names = [str(wanted[0]), str(wanted[1])]
        self.most = lim.rows_at_once(sum(t.value.size for t in self.order))  # points in one run

    def run(self, px: np.ndarray, py: np.ndarray, grad: bool) -> tuple[np.ndarray, ...]:
        """f (and ∂f/∂x, ∂f/∂y) at the points (px, py); each array of the shape NumPy gives."""
        self.x.value, self.y.value = px, py
        recompute(self.order)
        f = np.asarray(self.output.value, dtype=np.float64)
        if not grad:
            return (f,)
        backprop(self.order, self.output)
        return f, gradient(self.x), gradient(self.y)

    def same(self, whole: tuple[np.ndarray, ...], px: np.ndarray, py: np.ndarray, i: int,
             grad: bool) -> bool:
        """Whether point i of a vectorized run equals the point run alone."""
        alone = self.run(np.asarray(px.flat[i]), np.asarray(py.flat[i]), grad)
        return all(np.allclose(w.flat[i], a, equal_nan=True) for w, a in zip(whole, alone,
                                                                            strict=True))

    def at(self, px: np.ndarray, py: np.ndarray, grad: bool = False) -> tuple[np.ndarray, ...]:
        """Vectorized when the program treats points independently, else one point at a time."""
        if px.size == 0:
            return tuple(np.zeros(px.shape) for _ in range(3 if grad else 1))
        if px.size > self.most:  # every node holds a number per point: a few points at a time
            cuts = range(self.most, px.size, self.most)
            parts = [self.at(a, b, grad) for a, b in zip(np.split(px.ravel(), cuts),
                                                          np.split(py.ravel(), cuts), strict=True)]
            return tuple(np.concatenate(arrays).reshape(px.shape) for arrays in zip(*parts,
                                                                                  strict=True))
        try:
            whole = self.run(px, py, grad)
            if all(w.shape == px.shape for w in whole) and all(
                    self.same(whole, px, py, i, grad) for i in (0, px.size - 1)):
                return whole
        except (GraphError, ValueError, IndexError):
            pass  # shapes that do not broadcast: the program is not elementwise
        rows = [self.run(np.asarray(a), np.asarray(b), grad) for a, b in zip(px.flat, py.flat,
                                                                             strict=True)]
        return tuple(np.array([r[i] for r in rows]).reshape(px.shape) for i in range(len(rows[0])))


def gradient(leaf: Tensor) -> np.ndarray:
    """The leaf's gradient; zeros when the output does not depend on it."""
    return np.zeros_like(leaf.value) if leaf.grad is None else np.asarray(leaf.grad, np.float64)


def surface(source: str, bounds: list[float], grid: int = 80,
            points: list[list[float]] | None = None, x: str | None = None,
            y: str | None = None) -> dict[str, Any]:
    """{"names": [x, y], "x": columns, "y": rows, "z": z[row][column],
    "points": [{"f", "grad": [∂f/∂x, ∂f/∂y]}]}; x and y default to the program's two scalar
    inputs (its start point), in order."""
    x0, x1, y0, y1 = (float(b) for b in bounds)
    if not (np.isfinite([x0, x1, y0, y1]).all() and x0 < x1 and y0 < y1):
        raise ValueErr("err.surface.bounds")
    if not 2 <= grid <= GRID_MOST or len(points or []) > POINTS_MOST:
        raise ValueErr("err.surface.size", grid=GRID_MOST, points=f"{POINTS_MOST:,}")
    s = Surface(source, x, y)
    xs, ys = np.linspace(x0, x1, grid), np.linspace(y0, y1, grid)
    gx, gy = np.meshgrid(xs, ys)  # row j: y = ys[j]; column i: x = xs[i]
    (z,) = s.at(gx, gy)
    at = np.asarray(points or [], dtype=np.float64).reshape(-1, 2)
    f, dx, dy = s.at(at[:, 0].copy(), at[:, 1].copy(), grad=True)
    return {
        "names": s.names, "x": xs.tolist(), "y": ys.tolist(), "z": to_json(z),
        "points": [{"f": to_json(f[i]), "grad": [to_json(dx[i]), to_json(dy[i])]}
                   for i in range(len(at))],
    }
