"""Every op checks what it will allocate before allocating: a hostile program is a placed `limit`
error within well under a second, without the big buffer ever being made (traced by tracemalloc,
which sees NumPy's arrays); the legal programs just under each limit still give NumPy's numbers.
The exponent limit holds for constants too, every seed follows one rule, and a time limit met
after evaluation (backward, gradient check) is told at the program's last statement."""

import time
import tracemalloc

import numpy as np
import pytest

from chainrule.engine.catalogs import i18n
from chainrule.engine.core.errors import GraphError
from chainrule.engine.core.limits import SEEDS, Limits
from chainrule.engine.document.build import build
from chainrule.engine.learning.trainer import train

SECONDS = 1.0  # a refusal takes milliseconds; the machine running the tests may be loaded
TRACED = 32 << 20  # bytes: the hostile programs' buffers would take hundreds of MB to GB

# name → (program, message id, the text its place spans); each asks for what the comment says
HOSTILE = {
    "conv1d padding (the issue: 1.5 GB)": (
        "x = ones(1, 1, 1)\nw = ones(1, 1, 1)\nf = sum(conv1d(x, w, stride=10**10, padding=10**8))",
        "err.limit.padded", "conv1d(x, w, stride=10**10, padding=10**8)"),
    "conv2d padding (the issue: 760 MB)": (
        "x = ones(1, 1, 1, 1)\nw = ones(1, 1, 1, 1)\n"
        "f = sum(conv2d(x, w, stride=100000, padding=5000))",
        "err.limit.padded", "conv2d(x, w, stride=100000, padding=5000)"),
    "conv2d full padding of a big kernel (3 MB)": (
        "x = ones(1, 1, 1, 1)\nw = ones(1, 1, 300, 300)\n"
        'f = sum(conv2d(x, w, stride=1000, padding="full"))',
        "err.limit.padded", 'conv2d(x, w, stride=1000, padding="full")'),
    "conv2d window matrix (7 MB)": (
        "x = randn(1, 1, 316, 316)\nw = ones(1, 1, 3, 3)\nf = sum(conv2d(x, w))",
        "err.limit.windows", "conv2d(x, w)"),
    "maxpool2d window matrix in backward (2 × 3.8 GB)": (
        "x = randn(1, 1, 316, 316)\nf = sum(maxpool2d(x, 100, stride=1))",
        "err.limit.windows", "maxpool2d(x, 100, stride=1)"),
    "avgpool2d windows visited (2.4 × 10⁸ numbers)": (
        "x = randn(1, 1, 316, 316)\nf = sum(avgpool2d(x, 60, stride=1))",
        "err.limit.windows", "avgpool2d(x, 60, stride=1)"),
    "convolve's work (4 × 10⁹ products, 39 s)": (
        "x = ones(100000)\nw = ones(30000)\nf = sum(convolve(x, w))",
        "err.limit.windows", "convolve(x, w)"),
    "broadcast product (80 GB)": (
        "x = ones(100000, 1)\ny = ones(1, 100000)\nf = sum(x * y)", "err.limit.tensor", "x * y"),
    "broadcast of two constants": (
        "x = 2\nf = x * sum(zeros(100000, 1) - zeros(1, 100000))", "err.limit.tensor",
        "zeros(100000, 1) - zeros(1, 100000)"),
    "broadcast inside a loss": (
        "y = ones(100000, 1)\nt = ones(1, 100000)\nf = mse(y, t)", "err.limit.tensor", "mse(y, t)"),
    "broadcast inside bce": (
        "p = ones(100000, 1) * 0.5\nt = ones(1, 100000)\nf = bce(p, t)", "err.limit.tensor",
        "bce(p, t)"),
    "outer product by matmul": (
        "a = ones(100000, 1)\nb = ones(1, 100000)\nf = sum(a @ b)", "err.limit.tensor", "a @ b"),
    "repeat": ("x = ones(10)\nf = sum(repeat(x, 10**12))", "err.limit.tensor",
               "repeat(x, 10**12)"),
    "zeros": ("f = sum(zeros(10**6, 10**6))", "err.limit.tensor", "zeros(10**6, 10**6)"),
    "ones": ("x = 1\nf = x * sum(ones(10**9))", "err.limit.tensor", "ones(10**9)"),
    "randn": ("W = randn(10**5, 10**5, seed=1)\nf = sum(W)", "err.limit.tensor",
              "randn(10**5, 10**5, seed=1)"),
    "a constant's exponent (inf before)": (
        "x = 1.5\nf = x * 2 ** 2 ** 2 ** 2 ** 2", "err.limit.exponent", "2 ** 2 ** 2 ** 2 ** 2"),
    "a tensor's exponent": ("x = 1.5\ny = 3000\nf = x ** y", "err.limit.exponent", "x ** y"),
    "a data set's rows": ('X, t = dataset("moons", n=10**9)\nf = sum(X)', "err.dataset.n",
                          "n=10**9"),
}


def refused(source: str) -> GraphError:
    with pytest.raises(GraphError) as info:
        build(source, check=True)
    return info.value


def spanned(source: str, e: GraphError) -> str:
    """The text of the source at the error's place (one line)."""
    assert e.line is not None and e.line == e.end_line and e.column and e.end_column
    return source.splitlines()[e.line - 1][e.column - 1:e.end_column - 1]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_program_is_refused_at_its_place_at_once(name: str) -> None:
    source, msgid, where = HOSTILE[name]
    start = time.perf_counter()
    e = refused(source)
    assert time.perf_counter() - start < SECONDS
    assert (e.msgid, spanned(source, e)) == (msgid, where)
    assert e.type == ("value" if msgid.startswith("err.dataset") else "limit")


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_program_never_makes_its_big_buffer(name: str) -> None:
    tracemalloc.start()
    try:
        refused(HOSTILE[name][0])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < TRACED, f"{peak / 2**20:.0f} MB"


def value(source: str) -> float:
    document = build(source)
    return float(next(n for n in document["nodes"] if n["id"] == document["output"])["value"])


def test_the_largest_padding_allowed_still_convolves() -> None:
    x, w, pad, stride = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0]), 49_998, 49_999
    source = (f"x = reshape({x.tolist()}, (1, 1, 3))\nw = reshape({w.tolist()}, (1, 1, 3))\n"
              f"f = sum(conv1d(x, w, stride={stride}, padding={pad}))")  # padded: 99,999 numbers
    xp = np.pad(x, pad)
    want = sum(xp[i:i + 3] @ w for i in range(0, len(xp) - 2, stride))
    assert value(source) == want == 2.0 * 0.5 + 3.0 * -1.0


def test_pooling_windows_at_the_limit_are_numpys() -> None:
    x = np.random.default_rng(1).standard_normal((316, 316))
    want = x.reshape(158, 2, 158, 2).max(axis=(1, 3)).sum()  # 99,856 window numbers
    assert value("x = randn(1, 1, 316, 316, seed=1)\nf = sum(maxpool2d(x, 2))") == pytest.approx(
        want, rel=1e-12)


def test_a_broadcast_of_the_tensor_limit_is_allowed() -> None:
    assert value("x = ones(1000, 1) * 2\ny = ones(1, 100)\nf = sum(x * y)") == 200_000.0


def test_small_constant_powers_still_fold() -> None:
    assert value("x = 1.5\nf = x * 2 ** 3 ** 2") == 1.5 * 512


SEED = "{what} must be a whole number from 0 to 9,223,372,036,854,775,807, got {value}"


@pytest.mark.parametrize(("source", "what", "shown", "where"), [
    ("x = randn(2, seed=-1)\nf = sum(x)", "randn(): seed", "-1", "seed=-1"),
    ("x = randn(2, seed=2**63)\nf = sum(x)", "randn(): seed", "9.22337e+18", "seed=2**63"),
    ("x = randn(2, seed=1.5)\nf = sum(x)", "randn(): seed", "1.5", "seed=1.5"),
    ("x = ones(2)\nf = sum(dropout(x, seed=-1))", "dropout(): seed", "-1",
     "dropout(x, seed=-1)"),
    ('X, t = dataset("moons", seed=-1)\nf = sum(X)', "dataset(): seed", "-1", "seed=-1"),
])
def test_every_seed_follows_one_rule(source: str, what: str, shown: str, where: str) -> None:
    e = refused(source)
    assert (e.type, e.msgid, spanned(source, e)) == ("value", "err.value.seed", where)
    assert e.message == SEED.format(what=what, value=shown)
    assert "seed" in e.text("ko") and "0부터" in e.text("ko")


def test_a_seed_below_the_bound_draws_as_before() -> None:
    drawn = np.random.default_rng(2**62).standard_normal(2)
    assert value("x = randn(2, seed=2**62)\nf = sum(x)") == drawn.sum()


@pytest.mark.parametrize("seed", [-1, SEEDS, 0.5])
def test_a_training_seed_follows_the_same_rule(seed: float) -> None:
    with pytest.raises(GraphError) as info:
        train("x = 1\nf = x * x", steps=1, seed=seed)  # type: ignore[arg-type]
    assert (info.value.msgid, info.value.params["what"]) == ("err.value.seed", "seed")


# evaluated in milliseconds; its check recomputes a 150 × 150 product 2,000 times (seconds)
SLOW_CHECK = "W = randn(150, 150, seed=0)\nV = randn(150, 150, seed=1)\nL = sum(tanh(W @ V))"


def test_a_gradient_check_out_of_time_is_told_at_the_last_statement() -> None:
    with pytest.raises(GraphError) as info:
        build(SLOW_CHECK, check=True, limits=Limits(seconds=0.3))
    e = info.value
    assert (e.type, e.msgid) == ("limit", "err.limit.time")
    assert (e.line, e.column, e.end_line, e.end_column) == (3, 1, 3, 21)
    assert e.text("ko") == i18n.t("ko", "err.limit.time", seconds="0.3")
