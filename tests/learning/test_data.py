"""Data sets: shapes, classes, determinism from the seed, CS231n's spiral, and the language's
`X, t = dataset(...)` with every wrong form an error at its place."""

import numpy as np
import pytest

from chainrule.engine.core.errors import GraphError
from chainrule.engine.language import parse
from chainrule.engine.learning.datasets import DATASETS, generate

# name -> (X columns, t shape after n, classes or None for regression)
SHAPES = [
    ("spiral", 2, (), 3), ("moons", 2, (), 2), ("circles", 2, (), 2), ("xor", 2, (), 2),
    ("blobs", 2, (), 3), ("line", 1, (1,), None), ("sine", 1, (1,), None),
]


def test_the_table_lists_the_seven_sets() -> None:
    assert sorted(DATASETS) == sorted(name for name, *_ in SHAPES)


@pytest.mark.parametrize(("name", "features", "t_tail", "classes"), SHAPES)
@pytest.mark.parametrize("n", [1, 7, 200])
def test_shapes_and_classes(
    name: str, features: int, t_tail: tuple[int, ...], classes: int | None, n: int
) -> None:
    if classes and n < classes:
        pytest.skip("fewer rows than classes is an error, tested below")
    X, t = generate(name, n=n, seed=3)
    assert X.shape == (n, features) and t.shape == (n, *t_tail)
    assert X.dtype == t.dtype == np.float64 and np.isfinite(X).all() and np.isfinite(t).all()
    if classes:
        assert set(np.unique(t)) <= set(range(classes))
        if name != "xor":  # classes in blocks, as equal in size as possible
            sizes = np.bincount(t.astype(int), minlength=classes)
            assert sizes.max() - sizes.min() <= 1 and sizes.sum() == n


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_the_seed_decides_everything(name: str) -> None:
    X1, t1 = generate(name, n=50, seed=11)
    X2, t2 = generate(name, n=50, seed=11)
    X3, _ = generate(name, n=50, seed=12)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(t1, t2)
    assert not np.array_equal(X1, X3)


def cs231n_spiral(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """CS231n's code (cs231n.github.io/neural-networks-case-study), its np.random.randn drawn
    from `rng` instead."""
    N, D, K = 100, 2, 3  # noqa: N806
    X = np.zeros((N * K, D))
    y = np.zeros(N * K, dtype="uint8")
    for j in range(K):
        ix = range(N * j, N * (j + 1))
        r = np.linspace(0.0, 1, N)  # radius
        t = np.linspace(j * 4, (j + 1) * 4, N) + rng.standard_normal(N) * 0.2  # theta
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[ix] = j
    return X, y


def test_spiral_is_cs231ns() -> None:
    X, t = generate("spiral", n=300, seed=5)
    X_ref, y_ref = cs231n_spiral(np.random.default_rng(5))
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(t, y_ref)


def test_options_change_the_data() -> None:
    X, t = generate("blobs", n=40, classes=4, noise=0.0)
    assert set(np.unique(t)) == {0, 1, 2, 3}
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0)  # centres on the unit circle
    X, t = generate("line", n=20, noise=0)
    np.testing.assert_allclose(t, 2 * X + 1)
    X, t = generate("circles", n=20, noise=0, factor=0.25)
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), np.where(t == 0, 1.0, 0.25))


def test_the_language_makes_two_data_leaves() -> None:
    program = parse('X, t = dataset("spiral", n=90, seed=2)\nW = zeros(2, 3)\n'
                    "L = cross_entropy(X @ W, t)")
    X, t = program.names["X"], program.names["t"]
    assert (X.kind, t.kind) == ("data", "data")
    assert not X.requires_grad and not t.requires_grad
    np.testing.assert_array_equal(X.value, generate("spiral", n=90, seed=2)[0])
    program.output.backward()
    assert X.grad is None and t.grad is None and program.names["W"].grad is not None
    np.testing.assert_allclose(program.output.value, np.log(3))


# source -> (type, line, column, end_line, end_column); columns 1-based, end exclusive
ERRORS = [
    ('X, t = dataset("spirl")', "name", 1, 16, 1, 23),
    ('X, t = dataset("nothing")', "name", 1, 16, 1, 25),
    ("X, t = dataset(3)", "value", 1, 16, 1, 17),
    ("X, t = dataset()", "value", 1, 8, 1, 17),
    ('X, t = dataset("moons", 5)', "value", 1, 25, 1, 26),
    ('X, t = dataset("moons", n=0)', "value", 1, 25, 1, 28),
    ('X, t = dataset("moons", n=2.5)', "value", 1, 25, 1, 30),
    ('X, t = dataset("moons", n=20000)', "value", 1, 25, 1, 32),
    ('X, t = dataset("moons", seed=-1)', "value", 1, 25, 1, 32),
    ('X, t = dataset("moons", classes=3)', "value", 1, 25, 1, 34),
    ('X, t = dataset("spiral", classes=1)', "value", 1, 26, 1, 35),
    ('X, t = dataset("moons", noise=-1)', "value", 1, 25, 1, 33),
    ('X, t = dataset("circles", factor=1)', "value", 1, 27, 1, 35),
    ('X, t = dataset("spiral", n=2, classes=3)', "value", 1, 8, 1, 41),
    ('x = 1\nX, t = dataset("moons", n=x)', "value", 2, 25, 2, 28),
    ('X, t = dataset("moons", n=[1, 2])', "value", 1, 25, 1, 33),
    ('X, t = dataset("moons", **{})', "syntax", 1, 25, 1, 29),
    ('X = dataset("moons")', "syntax", 1, 1, 1, 2),
    ('X, t, u = dataset("moons")', "syntax", 1, 1, 1, 8),
    ('[X, t] = dataset(name="moons")', "value", 1, 10, 1, 31),
    ("a, b = 1, 2", "syntax", 1, 8, 1, 12),
    ('x = 1\nf = dataset("moons") + x', "syntax", 2, 5, 2, 21),
    ('X, t = dataset("moons")\nX2, t2 = dataset("moons", seed="a")', "syntax", 2, 32, 2, 35),
]


@pytest.mark.parametrize(("source", "kind", "line", "column", "end_line", "end_column"), ERRORS)
def test_dataset_errors_have_their_place(
    source: str, kind: str, line: int, column: int, end_line: int, end_column: int
) -> None:
    with pytest.raises(GraphError) as info:
        parse(source)
    e = info.value
    assert (e.type, e.line, e.column, e.end_line, e.end_column) == (
        kind, line, column, end_line, end_column), e.message


def test_unknown_names_suggest_the_nearest() -> None:
    with pytest.raises(GraphError) as info:
        parse('X, t = dataset("spirl")')
    assert 'did you mean "spiral"' in info.value.message
    assert '"spiral"' in info.value.text("ko") and "데이터셋" in info.value.text("ko")
