"""The benchmark's MLP in each implementation: a pure-Python scalar baseline, the micrograd
package, chainrule's scalars and tensors, NumPy by hand and PyTorch (bench/engine_bench.py times
them)."""

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version
from typing import Any

import numpy as np

import chainrule
from chainrule.engine import Tensor, mse, topological
from chainrule.engine.core.autograd import backprop, recompute

try:
    import torch
except ImportError:
    torch = None
try:
    from micrograd.engine import Value as MicroValue
except ImportError:
    MicroValue = None


LAYERS = 3  # 2 → hidden → hidden → 1


@dataclass(frozen=True)
class Problem:
    """Inputs X (N, 2), targets T (N, 1), weights W1, b1, W2, ... and the hidden activation."""

    X: np.ndarray
    T: np.ndarray
    params: dict[str, np.ndarray]
    act: str


def make_problem(batch: int, hidden: int, act: str = "tanh", seed: int = 0) -> Problem:
    """A seeded 2 → hidden → hidden → 1 regression; weights scaled by 1/√fan-in."""
    rng = np.random.default_rng(seed)
    params = {}
    for k, (n_in, n_out) in enumerate(itertools.pairwise((2, hidden, hidden, 1)), start=1):
        params[f"W{k}"] = rng.standard_normal((n_in, n_out)) / math.sqrt(n_in)
        params[f"b{k}"] = 0.1 * rng.standard_normal(n_out)
    X = rng.standard_normal((batch, 2))
    return Problem(X, np.sin(X[:, :1]) * X[:, 1:], params, act)


@dataclass
class Result:
    """One run: loss and gradients (NumPy), the output node, error vs baseline, measurements."""

    loss: float
    grads: dict[str, np.ndarray]
    graph: Any = None  # dropped once its nodes are counted
    nodes: int | None = None
    error: float = 0.0
    ms: float = 0.0  # CPU ms per run, the garbage collector on
    ms_gc_off: float = 0.0  # and off during the runs (see engine_bench.measure)
    peak: int | None = None


class Value:
    """Baseline scalar node: data, grad, and (parent, local derivative) edges set by forward."""

    __slots__ = ("data", "grad", "edges")

    def __init__(self, data: float, edges: tuple[tuple["Value", float], ...] = ()) -> None:
        self.data, self.grad, self.edges = data, 0.0, edges

    def __add__(self, other: "Value | float") -> "Value":
        if isinstance(other, Value):
            return Value(self.data + other.data, ((self, 1.0), (other, 1.0)))
        return Value(self.data + other, ((self, 1.0),))

    def __mul__(self, other: "Value | float") -> "Value":
        if isinstance(other, Value):
            return Value(self.data * other.data, ((self, other.data), (other, self.data)))
        return Value(self.data * other, ((self, other),))

    def tanh(self) -> "Value":
        t = math.tanh(self.data)
        return Value(t, ((self, 1.0 - t * t),))

    def relu(self) -> "Value":
        return Value(max(self.data, 0.0), ((self, float(self.data > 0)),))

    def backward(self) -> None:
        self.grad = 1.0
        for node in reversed(value_order(self)):
            for parent, local in node.edges:
                parent.grad += local * node.grad


def value_order(root: Value) -> list[Value]:
    """Every node `root` depends on, parents first, by an iterative depth-first walk."""
    order: list[Value] = []
    seen: set[Value] = set()
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent, _ in node.edges)
    return order


def micrograd_tanh(self: Any) -> Any:
    """tanh for the micrograd package's Value (0.1.0 has relu only), in micrograd's own style."""
    t = math.tanh(self.data)
    out = MicroValue(t, (self,), "tanh")

    def _backward() -> None:
        self.grad += (1 - t**2) * out.grad

    out._backward = _backward
    return out


if MicroValue is not None and not hasattr(MicroValue, "tanh"):
    MicroValue.tanh = micrograd_tanh


def count_nodes(graph: Any) -> int:
    """The nodes of one implementation's graph (micrograd's keeps its parents in `_prev`)."""
    if isinstance(graph, Tensor):
        return len(topological(graph))
    if isinstance(graph, Value):
        return len(value_order(graph))
    seen, stack = {graph}, [graph]
    while stack:
        fresh = [parent for parent in stack.pop()._prev if parent not in seen]
        seen.update(fresh)
        stack.extend(fresh)
    return len(seen)


def scalar_mlp(problem: Problem, leaf: Callable[[float], Any], act: Callable) -> tuple[Any, dict]:
    """The MLP with one scalar node per weight and operation; returns the loss and leaf arrays."""
    leaves = {k: np.vectorize(lambda v: leaf(float(v)), otypes=[object])(p)
              for k, p in problem.params.items()}
    layers = [(leaves[f"W{k}"].T.tolist(), leaves[f"b{k}"].tolist())
              for k in range(1, LAYERS + 1)]
    total = None
    for x, t in zip(problem.X.tolist(), problem.T[:, 0].tolist(), strict=True):
        h = x
        for k, (columns, biases) in enumerate(layers, start=1):
            h = [dense(h, col, b) for col, b in zip(columns, biases, strict=True)]
            h = h if k == len(layers) else [act(v) for v in h]
        d = h[0] + -t
        total = d * d if total is None else total + d * d
    return total * (1.0 / len(problem.X)), leaves


def dense(h: Sequence[Any], column: Sequence[Any], acc: Any) -> Any:
    """acc + Σ w·x, summed left to right."""
    for w, x in zip(column, h, strict=True):
        acc = acc + w * x
    return acc


def scalar_step(leaf: Callable[[float], Any], ops: Any, problem: Problem) -> Result:
    """Baseline (leaf=Value), micrograd's Value or chainrule scalars (leaf=Tensor); `ops` holds
    tanh and relu."""
    loss, leaves = scalar_mlp(problem, leaf, getattr(ops, problem.act))
    loss.backward()
    read = np.vectorize(lambda node: node.grad, otypes=[float])
    value = loss.value if isinstance(loss, Tensor) else loss.data
    return Result(float(value), {k: read(v) for k, v in leaves.items()}, loss)


def matrix_mlp(h: Any, params: dict[str, Any], act: Callable) -> Any:
    """X @ W1 + b1 → act → … → the output, for any array type with @ and +."""
    for k in range(1, LAYERS + 1):
        h = h @ params[f"W{k}"] + params[f"b{k}"]
        h = h if k == LAYERS else act(h)
    return h


def tensor_step(problem: Problem) -> Result:
    params = {k: Tensor(v, name=k) for k, v in problem.params.items()}
    X = Tensor(problem.X, name="X", requires_grad=False)
    loss = mse(matrix_mlp(X, params, getattr(chainrule, problem.act)), problem.T)
    loss.backward()
    return Result(float(loss.value), {k: np.asarray(p.grad) for k, p in params.items()}, loss)


class ReusedGraph:
    """chainrule's training loop (engine.learning.trainer.Trainer): the graph is built once; each
    step gives the parameters their values, runs the forward pass again over the sorted nodes
    (recompute) and backward (backprop)."""

    def __init__(self) -> None:
        self.problem: Problem | None = None

    def __call__(self, problem: Problem) -> Result:
        if problem is not self.problem:
            self.problem = problem
            self.params = {k: Tensor(v, name=k) for k, v in problem.params.items()}
            X = Tensor(problem.X, name="X", requires_grad=False)
            self.loss = mse(matrix_mlp(X, self.params, getattr(chainrule, problem.act)), problem.T)
            self.order = topological(self.loss)
        for k, p in self.params.items():
            p.value = problem.params[k]  # as the optimizer does: a new array, never changed
        recompute(self.order)
        backprop(self.order, self.loss)
        return Result(float(self.loss.value), {k: np.asarray(p.grad) for k, p in
                                               self.params.items()}, self.loss)


def torch_step(problem: Problem) -> Result:
    params = {k: torch.tensor(v, requires_grad=True) for k, v in problem.params.items()}
    X, T = torch.from_numpy(problem.X), torch.from_numpy(problem.T)
    loss = torch.nn.functional.mse_loss(matrix_mlp(X, params, getattr(torch, problem.act)), T)
    loss.backward()
    return Result(loss.item(), {k: p.grad.numpy() for k, p in params.items()})


# Each activation with its derivative written in terms of its own output a.
NUMPY_ACTS = {"tanh": (np.tanh, lambda a: 1.0 - a * a),
              "relu": (lambda z: np.maximum(z, 0.0), lambda a: (a > 0) * 1.0)}


def numpy_step(problem: Problem) -> Result:
    """Hand-written forward and backward over whole matrices: the floor."""
    act, local = NUMPY_ACTS[problem.act]
    p, hs = problem.params, [problem.X]
    for k in range(1, LAYERS + 1):
        z = hs[-1] @ p[f"W{k}"] + p[f"b{k}"]
        hs.append(z if k == LAYERS else act(z))
    diff = hs[-1] - problem.T
    g, grads = 2.0 * diff / diff.size, {}
    for k in range(LAYERS, 0, -1):
        grads[f"W{k}"], grads[f"b{k}"] = hs[k - 1].T @ g, g.sum(axis=0)
        g = (g @ p[f"W{k}"].T) * local(hs[k - 1]) if k > 1 else g
    return Result(float(np.mean(diff * diff)), grads)


def implementations() -> dict[str, Callable[[Problem], Result]]:
    """The baseline first (the reference), then the rest; micrograd and PyTorch when they import."""
    steps = {"baseline (pure Python)": partial(scalar_step, Value, Value),
             "chainrule scalar": partial(scalar_step, Tensor, chainrule)}
    if MicroValue is not None:
        steps[f"micrograd {version('micrograd')}"] = partial(scalar_step, MicroValue, MicroValue)
    steps |= {"chainrule tensor": tensor_step, "numpy (by hand)": numpy_step,
              "chainrule tensor, reused": ReusedGraph()}
    if torch is not None:
        steps[f"pytorch {torch.__version__}"] = torch_step
    return steps
