"""Helpers for tests: gradients of a weighted sum against central differences (op tests), and
a bench script loaded as a module (tests that share its programs)."""

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from chainrule.engine import Tensor
from chainrule.engine.core import functions
from chainrule.engine.document.check import check


def gradcheck(fn: Callable[..., Any], *values: Any, seed: int = 0) -> dict[str, Any]:
    """Build fn(inputs), weight the output randomly, backward, compare with numeric gradients."""
    inputs = [Tensor(v, name=f"x{i}") for i, v in enumerate(values)]
    out = fn(*inputs)
    weights = np.random.default_rng(seed).uniform(0.5, 1.5, np.shape(out.value))
    loss = functions.sum(out * weights) if out.value.ndim else out * float(weights)
    loss.backward()
    report = check(loss)
    assert report["ok"], report
    return report


def rand(*shape: int, seed: int = 0, low: float = -2.0, high: float = 2.0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(low, high, shape)


def bench_module(name: str) -> ModuleType:
    """bench/<name>.py as a module (the benches are scripts, not a package)."""
    path = Path(__file__).resolve().parents[1] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
