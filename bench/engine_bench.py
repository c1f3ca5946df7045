"""Forward+backward of one small MLP in several autograd implementations, timed side by side.

`.venv/bin/python bench/engine_bench.py [--quick] [--act relu]` (`make bench` installs the
`bench` extra: the micrograd package). Every implementation must match the pure-Python scalar
baseline's loss and weight gradients to TOL before anything is timed. Times are CPU time
(time.process_time), so other programs on a loaded machine slow them less than wall time; the
ratios at the end compare implementations measured in this same run. BLAS and PyTorch run on
one thread: CPU time would otherwise count their worker threads spinning (on a loaded 2-core
machine, ten times the work at 300 × 100), and each implementation then does the same work.
"""

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run, not imported by tests: before NumPy starts its thread pool
    for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_threads, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # engine_mlps, beside this file

from engine_mlps import (  # noqa: E402
    MicroValue,
    Problem,
    Result,
    ReusedGraph,
    count_nodes,
    implementations,
    make_problem,
    numpy_step,
    tensor_step,
    torch,
    torch_step,
)

__all__ = ["implementations", "make_problem", "numpy_step"]  # for tests/bench/test_engine_bench.py

TOL = 1e-9
# repeats: the fewest timed blocks of runs; they go on until they have used budget CPU s.
FULL = {"batch": 32, "hidden": 16, "repeats": 8, "budget": 1.5}
QUICK = {"batch": 8, "hidden": 8, "repeats": 3, "budget": 0.05}
# The tensor path again at growing sizes (batch × hidden): from the table's MLP, where Python's
# cost per gate dominates, to CS231n's spiral net (300 points, 100 hidden units).
SIZES = ((32, 16), (64, 32), (128, 64), (300, 100))


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
            res.nodes, res.graph = count_nodes(res.graph), None
    return results


def measure(step: Callable[[Problem], Any], problem: Problem, sizes: dict[str, Any],
            traced: bool = True) -> tuple[float, float, int | None]:
    """CPU ms per run with the garbage collector on and off; peak traced bytes."""
    gc.collect()
    tracemalloc.start()  # a separate run: tracing slows allocation down
    step(problem)
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    tracemalloc.stop()
    gc.collect()
    # On: each run's graph is dropped inside the timed run; what refcounting cannot free (cycles,
    # as micrograd's closures make) waits for the collector, which runs as Python schedules it,
    # as in a training loop. The mean over all runs is that loop's steady cost.
    blocks = cpu_blocks(step, problem, sizes, collect=False)
    on = sum(t for t, _ in blocks) / sum(n for _, n in blocks)
    # Off: no collection during the runs; each block ends by collecting what its runs left
    # (all still in the youngest generation), timed, so freeing a graph is paid for either way.
    gc.disable()
    try:
        off = statistics.median(t / n for t, n in cpu_blocks(step, problem, sizes, collect=True))
    finally:
        gc.enable()
        gc.collect()
    return 1e3 * on, 1e3 * off, peak


def cpu_blocks(step: Callable[[Problem], Any], problem: Problem, sizes: dict[str, Any],
               collect: bool) -> list[tuple[float, int]]:
    """(CPU seconds, runs) of ≥ repeats blocks, until they have used budget s together;
    `collect`: a full collection before each block, untimed, and the youngest after it, timed."""
    start = time.process_time()
    step(problem)
    once = max(time.process_time() - start, 1e-6)
    per_block = max(1, round(sizes["budget"] / sizes["repeats"] / once))
    blocks: list[tuple[float, int]] = []
    while len(blocks) < sizes["repeats"] or sum(t for t, _ in blocks) < sizes["budget"]:
        if collect:
            gc.collect()
        start = time.process_time()
        for _ in range(per_block):
            step(problem)
        if collect:
            gc.collect(0)
        blocks.append((time.process_time() - start, per_block))
    return blocks


COLUMNS = ("nodes", "ms", "ms gc off", "speed-up", "µs/node", "peak KiB", "mem ×", "rel err")


def print_table(problem: Problem, results: dict[str, Result]) -> None:
    def row(name: str, cells: Sequence[str]) -> None:
        print(f"{name:<24}{''.join(cell.rjust(10) for cell in cells)}")

    n, h = problem.X.shape[0], problem.params["W1"].shape[1]
    print(f"MLP 2→{h}→{h}→1, {problem.act}, MSE, batch {n}, float64; ms: CPU time per fwd+bwd "
          f"(Python {sys.version.split()[0]}, NumPy {np.__version__})")
    row("implementation", list(COLUMNS))
    base = next(iter(results.values()))
    for name, res in results.items():
        row(name, [
            f"{res.nodes:,}" if res.nodes else "—",
            f"{res.ms:.3f}",
            f"{res.ms_gc_off:.3f}",
            f"{base.ms / res.ms:.2f}",
            f"{1e3 * res.ms / res.nodes:.2f}" if res.nodes else "—",
            f"{res.peak / 1024:,.0f}" if res.peak else "n/a",
            f"{base.peak / res.peak:.2f}" if res.peak and base.peak else "n/a",
            f"{res.error:.1e}",
        ])
    for package, module in (("micrograd", MicroValue), ("pytorch", torch)):
        if module is None:
            print(f"{package}: skipped (not importable here)")
    print("ms: the mean over a loop of runs, garbage collector on (a graph with reference\n"
          "cycles, as micrograd's closures make, is freed only by the collector, in later runs);\n"
          "ms gc off: the median with the collector off during the runs, their garbage collected\n"
          "after them (timed)\n"
          "speed-up, mem ×: baseline / implementation (above 1: faster, smaller)\n"
          "rel err: largest relative error of the loss and every weight gradient vs baseline")


def print_ratios(results: dict[str, Result]) -> None:
    """The scalar target, as ratios of the times above (collector on; off in brackets)."""
    scalar = results["chainrule scalar"]
    print("\nratios in this run (collector off in brackets):")
    for name, res in results.items():
        if name.startswith("micrograd"):
            value = res.ms / scalar.ms
            text = f"{value:.2f}× ({res.ms_gc_off / scalar.ms_gc_off:.2f}×)"
            print(f"  {mark(value >= 2)} chainrule scalar {text} as fast as {name}; target ≥ 2×")


def mark(met: bool) -> str:
    return "met   " if met else "MISSED"


def sweep(sizes: Sequence[tuple[int, int]], act: str, budget: float) -> None:
    """The tensor path's targets at each size: within 2× of NumPy by hand, ahead of PyTorch."""
    steps: dict[str, Callable[[Problem], Any]] = {
        "chainrule": tensor_step, "reused": ReusedGraph(), "numpy": numpy_step}
    if torch is not None:
        steps["pytorch"] = torch_step
    print("\ntensor path by size: CPU µs per forward+backward (collector on); 'reused' is the "
          "graph built once,\nas chainrule's trainer runs it (recompute + backprop)")
    print(f"{'batch × hidden':<16}" + "".join(f"{name:>11}" for name in steps)
          + f"{'chainrule/numpy':>17}{'reused/numpy':>14}{'pytorch/chainrule':>19}")
    lines = []
    for batch, hidden in sizes:
        problem = make_problem(batch, hidden, act)
        check_agreement(problem, steps)
        sizes_ = {"repeats": 5, "budget": budget}
        us = {name: 1e6 * sum(t for t, _ in blocks) / sum(n for _, n in blocks)
              for name, step in steps.items()
              for blocks in [cpu_blocks(step, problem, sizes_, collect=False)]}
        ratios = [us["chainrule"] / us["numpy"], us["reused"] / us["numpy"]]
        torch_ratio = us["pytorch"] / us["chainrule"] if "pytorch" in us else None
        print(f"{f'{batch} × {hidden}':<16}" + "".join(f"{us[n]:>11.1f}" for n in steps)
              + f"{ratios[0]:>16.2f}×{ratios[1]:>13.2f}×"
              + (f"{torch_ratio:>18.2f}×" if torch_ratio else f"{'—':>19}"))
        lines.append((f"{batch} × {hidden}", ratios, torch_ratio))
    for size, (new, reused), ahead in lines:
        print(f"  {mark(new <= 2)} {size}: chainrule tensor takes {new:.2f}× the time of numpy "
              f"(by hand), {reused:.2f}× with its graph reused; target ≤ 2×")
        if ahead is not None:
            print(f"  {mark(ahead > 1)} {size}: chainrule tensor {ahead:.2f}× as fast as pytorch; "
                  "target > 1×")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller net and fewer repeats")
    parser.add_argument("--act", choices=("tanh", "relu"), default="tanh")
    parser.add_argument("--repeats", type=int, help="fewest timed blocks per implementation")
    args = parser.parse_args(argv)
    sizes = dict(QUICK if args.quick else FULL)
    problem = make_problem(sizes["batch"], sizes["hidden"], args.act)
    steps = implementations()
    results = check_agreement(problem, steps)
    sizes["repeats"] = args.repeats or sizes["repeats"]
    if torch is not None:
        torch.set_num_threads(1)
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; BLAS "
          f"threads {os.environ.get('OPENBLAS_NUM_THREADS', 'all')}, PyTorch threads 1")
    for name, step in steps.items():  # tracemalloc cannot see PyTorch's allocator
        res = results[name]
        res.ms, res.ms_gc_off, res.peak = measure(step, problem, sizes, step is not torch_step)
    print_table(problem, results)
    print_ratios(results)
    sweep(SIZES[:2] if args.quick else SIZES, args.act, sizes["budget"])
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
