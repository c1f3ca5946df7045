"""bench/engine_bench.py: each implementation does the baseline's work; the baseline is right."""

import dataclasses
import importlib.util
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "engine_bench.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("engine_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def numeric_grad(problem, key: str, eps: float = 1e-6) -> np.ndarray:
    """d loss / d params[key] by central differences through the hand-written NumPy forward."""
    grad = np.zeros_like(problem.params[key])
    for index in np.ndindex(grad.shape):
        losses = []
        for step in (eps, -eps):
            params = {k: v.copy() for k, v in problem.params.items()}
            params[key][index] += step
            losses.append(bench.numpy_step(dataclasses.replace(problem, params=params)).loss)
        grad[index] = (losses[0] - losses[1]) / (2 * eps)
    return grad


def loss_off_by_a_millionth(problem):
    result = bench.numpy_step(problem)
    return dataclasses.replace(result, loss=result.loss * (1 + 1e-6))


@pytest.mark.parametrize("act", ["tanh", "relu"])
def test_quick_agreement_with_baseline_and_central_differences(act):
    problem = bench.make_problem(bench.QUICK["batch"], bench.QUICK["hidden"], act)
    results = bench.check_agreement(problem, bench.implementations())
    names = ["baseline (pure Python)", "chainrule scalar", "chainrule tensor", "numpy (by hand)"]
    micrograd = [name for name in results if name.startswith("micrograd")]  # the bench extra
    assert [name for name in results if name not in micrograd][:4] == names
    assert all(res.error <= 1e-9 for res in results.values())
    # One graph in both scalar engines: 8 samples × 195 gates, one fewer sum gate, one mean
    # gate, and 2·8 + 8 + 8·8 + 8 + 8 + 1 = 105 weights.
    assert results[names[0]].nodes == results[names[1]].nodes == 1665
    assert results[names[2]].nodes == 17  # 6 weights, X, T, 3 @, 3 +, 2 activations, mse
    # micrograd wraps each number it meets in a node too: an input per first-layer product
    # (8 samples · 8 units · 2), the 8 targets and the mean's 1/8.
    assert [results[name].nodes for name in micrograd] in ([], [1665 + 128 + 8 + 1])
    for key in ("W1", "b2", "W3"):
        expected = numeric_grad(problem, key)
        np.testing.assert_allclose(results[names[0]].grads[key], expected, atol=1e-7)
    broken = {**bench.implementations(), "loss off by 1e-6": loss_off_by_a_millionth}
    with pytest.raises(AssertionError, match="loss off by 1e-6 differs from the baseline"):
        bench.check_agreement(problem, broken)
