"""Forward+backward of one small MLP in several autograd implementations, timed side by side.

`.venv/bin/python bench/engine_bench.py [--quick] [--act relu]`. Every implementation must match
the pure-Python scalar baseline's loss and weight gradients to TOL before anything is timed.
"""

import argparse
import gc
import itertools
import math
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

import engine
from engine import Tensor, mse, topological

try:
    import torch
except ImportError:
    torch = None

TOL = 1e-9
LAYERS = 3  # 2 → hidden → hidden → 1
# repeats: the fewest timed runs; fast implementations repeat until they have used budget s.
FULL = {"batch": 32, "hidden": 16, "repeats": 5, "budget": 0.5}
QUICK = {"batch": 8, "hidden": 8, "repeats": 3, "budget": 0.05}


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
    ms: float = 0.0
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
    """Baseline (leaf=Value) or chainrule scalars (leaf=Tensor); `ops` holds tanh and relu."""
    loss, leaves = scalar_mlp(problem, leaf, getattr(ops, problem.act))
    loss.backward()
    read = np.vectorize(lambda node: node.grad, otypes=[float])
    value = loss.data if isinstance(loss, Value) else loss.value
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
    loss = mse(matrix_mlp(X, params, getattr(engine, problem.act)), problem.T)
    loss.backward()
    return Result(float(loss.value), {k: np.asarray(p.grad) for k, p in params.items()}, loss)


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
    """The baseline first (the reference), then the rest; PyTorch only when it imports."""
    steps = {"baseline (pure Python)": partial(scalar_step, Value, Value),
             "chainrule scalar": partial(scalar_step, Tensor, engine),
             "chainrule tensor": tensor_step, "numpy (by hand)": numpy_step}
    if torch is not None:
        steps[f"pytorch {torch.__version__}"] = torch_step
    return steps


def rel_error(a: Any, b: Any) -> float:
    """Largest |a − b| over the largest |b|: relative to the array's scale, so zeros are fine."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(float(np.max(np.abs(b))), 1e-300))


def check_agreement(problem: Problem, steps: dict[str, Callable]) -> dict[str, Result]:
    """Run each once; raise AssertionError when the loss or a gradient differs from the first's."""
    results = {name: step(problem) for name, step in steps.items()}
    ref = next(iter(results.values()))
    for name, res in results.items():
        errors = [rel_error(res.grads[k], g) for k, g in ref.grads.items()]
        res.error = max([rel_error(res.loss, ref.loss), *errors])
        if not res.error <= TOL:  # `not <=` also catches NaN
            raise AssertionError(f"{name} differs from the baseline by {res.error:.2e}")
        if res.graph is not None:
            order = value_order if isinstance(res.graph, Value) else topological
            res.nodes, res.graph = len(order(res.graph)), None
    return results


def measure(step: Callable[[Problem], Any], problem: Problem, sizes: dict[str, Any],
            traced: bool = True) -> tuple[float, int | None]:
    """Median ms of `step` over ≥ repeats runs (more while under budget s); peak traced bytes."""
    gc.collect()
    tracemalloc.start()  # a separate run: tracing slows allocation down
    step(problem)
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    tracemalloc.stop()
    times: list[float] = []
    while len(times) < sizes["repeats"] or (sum(times) < sizes["budget"] and len(times) < 1000):
        start = time.perf_counter()
        result = step(problem)
        times.append(time.perf_counter() - start)
        del result  # graphs hold no cycles: freed here, outside the timed region
    return 1e3 * statistics.median(times), peak


COLUMNS = ("nodes", "ms", "speed-up", "µs/node", "peak KiB", "mem ×", "rel err")


def print_table(problem: Problem, results: dict[str, Result]) -> None:
    def row(name: str, cells: Sequence[str]) -> None:
        print(f"{name:<24}{''.join(cell.rjust(10) for cell in cells)}")

    n, h = problem.X.shape[0], problem.params["W1"].shape[1]
    print(f"MLP 2→{h}→{h}→1, {problem.act}, MSE, batch {n}, float64; ms: median per fwd+bwd "
          f"(Python {sys.version.split()[0]}, NumPy {np.__version__})")
    row("implementation", list(COLUMNS))
    base = next(iter(results.values()))
    for name, res in results.items():
        row(name, [
            f"{res.nodes:,}" if res.nodes else "—",
            f"{res.ms:.3f}",
            f"{base.ms / res.ms:.2f}",
            f"{1e3 * res.ms / res.nodes:.2f}" if res.nodes else "—",
            f"{res.peak / 1024:,.0f}" if res.peak else "n/a",
            f"{base.peak / res.peak:.2f}" if res.peak and base.peak else "n/a",
            f"{res.error:.1e}",
        ])
    if torch is None:
        print("pytorch: skipped (`import torch` failed)")
    print("speed-up, mem ×: baseline / implementation (above 1: faster, smaller)\n"
          "rel err: largest relative error of the loss and every weight gradient vs baseline")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller net and fewer repeats")
    parser.add_argument("--act", choices=("tanh", "relu"), default="tanh")
    parser.add_argument("--repeats", type=int, help="fewest timed runs per implementation")
    args = parser.parse_args(argv)
    sizes = dict(QUICK if args.quick else FULL)
    problem = make_problem(sizes["batch"], sizes["hidden"], args.act)
    steps = implementations()
    results = check_agreement(problem, steps)
    sizes["repeats"] = args.repeats or sizes["repeats"]
    for name, step in steps.items():  # tracemalloc cannot see PyTorch's allocator
        results[name].ms, results[name].peak = measure(step, problem, sizes, step is not torch_step)
    print_table(problem, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
