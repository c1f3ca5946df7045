"""Toy data sets (CS231n's spiral, TF Playground's pictures), deterministic from a seed.

Classification sets give X (n, 2) and t (n,) class indices 0..K-1, classes in consecutive blocks;
regression sets give X (n, 1) and t (n, 1). Every set draws from `np.random.default_rng(seed)`.
"""

import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from chainrule.engine.core.errors import NameErr, ValueErr
from chainrule.engine.core.limits import DATASET_ROWS, check_seed

MAX_N = DATASET_ROWS
MAX_CLASSES = 10
Arrays = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class DataSet:
    make: Callable[..., Arrays]  # (rng, n, **options) -> X, t
    options: dict[str, float]  # option -> default (besides n and seed)
    classification: bool = True


def counts(n: int, classes: int) -> list[int]:
    """Rows per class: as equal as possible, the first classes one more."""
    return [n // classes + (j < n % classes) for j in range(classes)]


def labels(n: int, classes: int) -> np.ndarray:
    return np.repeat(np.arange(classes, dtype=np.float64), counts(n, classes))


def spiral(rng: np.random.Generator, n: int, classes: float, noise: float) -> Arrays:
    """CS231n's spiral: class j runs along radius 0..1 and angle 4j..4(j+1) plus noise."""
    X = np.zeros((n, 2))
    start = 0
    for j, m in enumerate(counts(n, int(classes))):
        r = np.linspace(0.0, 1, m)
        theta = np.linspace(j * 4, (j + 1) * 4, m) + rng.standard_normal(m) * noise
        X[start:start + m] = np.c_[r * np.sin(theta), r * np.cos(theta)]
        start += m
    return X, labels(n, int(classes))


def moons(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """Two interleaving half circles (class 0 the upper one)."""
    outer, inner = counts(n, 2)
    a, b = np.linspace(0, math.pi, outer), np.linspace(0, math.pi, inner)
    X = np.r_[np.c_[np.cos(a), np.sin(a)], np.c_[1 - np.cos(b), 0.5 - np.sin(b)]]
    return X + noise * rng.standard_normal(X.shape), labels(n, 2)


def circles(rng: np.random.Generator, n: int, noise: float, factor: float) -> Arrays:
    """A ring (class 0) around a smaller one `factor` times its radius (class 1)."""
    outer, inner = counts(n, 2)
    a = np.linspace(0, 2 * math.pi, outer, endpoint=False)
    b = np.linspace(0, 2 * math.pi, inner, endpoint=False)
    X = np.r_[np.c_[np.cos(a), np.sin(a)], factor * np.c_[np.cos(b), np.sin(b)]]
    return X + noise * rng.standard_normal(X.shape), labels(n, 2)


def xor(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """Points in the four quadrants, kept 0.1 off the axes; class 1 where the signs differ."""
    u = rng.uniform(-1, 1, (n, 2))
    X = u + 0.1 * np.sign(u)
    t = (X[:, 0] * X[:, 1] < 0).astype(np.float64)
    return X + noise * rng.standard_normal(X.shape), t


def blobs(rng: np.random.Generator, n: int, classes: float, noise: float) -> Arrays:
    """Gaussian blobs of spread `noise` around centres evenly spaced on the unit circle."""
    t = labels(n, int(classes))
    angle = 2 * math.pi * t / classes + math.pi / 2
    centres = np.c_[np.cos(angle), np.sin(angle)]
    return centres + noise * rng.standard_normal((n, 2)), t


def line(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """t = 2x + 1 plus noise, x uniform in [-1, 1]."""
    X = rng.uniform(-1, 1, (n, 1))
    return X, 2 * X + 1 + noise * rng.standard_normal((n, 1))


def sine(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """t = sin(x) plus noise, x uniform in [-3, 3]."""
    X = rng.uniform(-3, 3, (n, 1))
    return X, np.sin(X) + noise * rng.standard_normal((n, 1))


DATASETS: dict[str, DataSet] = {
    "spiral": DataSet(spiral, {"classes": 3, "noise": 0.2}),
    "moons": DataSet(moons, {"noise": 0.1}),
    "circles": DataSet(circles, {"noise": 0.05, "factor": 0.5}),
    "xor": DataSet(xor, {"noise": 0.0}),
    "blobs": DataSet(blobs, {"classes": 3, "noise": 0.3}),
    "line": DataSet(line, {"noise": 0.1}, classification=False),
    "sine": DataSet(sine, {"noise": 0.1}, classification=False),
}


def lookup(name: str) -> DataSet:
    if name not in DATASETS:
        names = ", ".join(DATASETS)
        hint = difflib.get_close_matches(name, DATASETS, n=1)
        if hint:
            raise NameErr("err.dataset.unknown_hint", name=name, hint=hint[0], names=names)
        raise NameErr("err.dataset.unknown", name=name, names=names)
    return DATASETS[name]


def generate(name: str, n: float = 200, seed: float = 0, **options: float) -> Arrays:
    """X and t of data set `name` with `n` rows, drawn from default_rng(seed)."""
    spec = lookup(name)
    rows, seed = int(option(name, "n", n)), int(option(name, "seed", seed))
    values = spec.options | {key: option(name, key, value) for key, value in options.items()}
    if values.get("classes", 0) > rows:
        raise ValueErr("err.dataset.few", n=rows, classes=values["classes"])
    return spec.make(np.random.default_rng(seed), rows, **values)


# option -> (whole number, lowest, highest, both ends allowed)
RULES: dict[str, tuple[str, bool, float, float, bool]] = {
    "n": ("err.dataset.n", True, 1, MAX_N, True),
    "classes": ("err.dataset.classes", True, 2, MAX_CLASSES, True),
    "noise": ("err.dataset.noise", False, 0, 10, True),
    "factor": ("err.dataset.factor", False, 0, 1, False),
}


def option(name: str, key: str, value: float) -> float:
    """One argument of data set `name`, checked against RULES (a seed as every seed is)."""
    spec = lookup(name)
    if key not in ("n", "seed", *spec.options):
        raise ValueErr("err.dataset.option", name=name, option=key,
                       options=", ".join(["n", "seed", *spec.options]))
    if key == "seed":
        return check_seed(value, "dataset(): seed")
    msgid, whole, low, high, closed = RULES[key]
    v = float(value)
    ok = math.isfinite(v) and (low <= v <= high if closed else low < v < high)
    if not ok or (whole and not v.is_integer()):
        raise ValueErr(msgid, value=f"{v:g}", max=f"{high:,}")
    return int(v) if whole else v
