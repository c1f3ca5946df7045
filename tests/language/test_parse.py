"""The expression language: what it accepts, and every error with its type and place."""

import time

import numpy as np
import pytest

from chainrule.engine.core.errors import GraphError
from chainrule.engine.core.limits import Limits
from chainrule.engine.language import parse

# source -> (type, line, column, end_line, end_column); columns 1-based, end exclusive
ERRORS = [
    ("x = 1\ny = x +* 2", "syntax", 2, 8, 2, 9),
    ("x = (1 +\n", "syntax", 1, 5, 1, 6),
    ("x = 1\nx = 2", "name", 2, 1, 2, 2),
    ("x = 1\nx += 1", "name", 2, 1, 2, 7),
    ("x = 1\nf = x * y", "name", 2, 9, 2, 10),
    ("x = 1\nf = foo(x)", "name", 2, 5, 2, 11),
    ("가 = 3\nf = 가 * 나", "name", 2, 9, 2, 10),
    ("x = 1  # 한국어 주석\nf = x * yy", "name", 2, 9, 2, 11),
    ("import os", "syntax", 1, 1, 1, 10),
    ("from os import path", "syntax", 1, 1, 1, 20),
    ("x = 1\nf = x.__class__", "syntax", 2, 5, 2, 16),
    ("x = 1\nf = x.shape", "syntax", 2, 5, 2, 12),
    ("f = (lambda: 1)()", "syntax", 1, 5, 1, 18),
    ("x = 1\nf = [x for x in [1]]", "syntax", 2, 5, 2, 21),
    ("x = 1\nf = x if x else x", "syntax", 2, 5, 2, 18),
    ("x = [1, 2]\nf = x[0]", "syntax", 2, 5, 2, 9),
    ("x = 1\nf = x // 2", "syntax", 2, 5, 2, 11),
    ("x = 'a'", "syntax", 1, 5, 1, 8),
    ("exp = 3", "name", 1, 1, 1, 4),
    ("__x = 3", "syntax", 1, 1, 1, 4),
    ("a = b = 3", "syntax", 1, 1, 1, 10),
    ("x = [[1, 2], [3]]", "shape", 1, 5, 1, 18),
    ("x = zeros(2, 3)\ny = ones(4)\nz = x + y", "shape", 3, 5, 3, 10),
    ("A = ones(2, 3)\nB = ones(2, 3)\nC = A @ B", "shape", 3, 5, 3, 10),
    ("x = ones(3)\nf = sum(x, axis=2)", "shape", 2, 5, 2, 19),
    ("x = 1\nf = leaky_relu(x, slope=x)", "value", 2, 5, 2, 27),
    ("x = 1\nf = sum(x, axes=0)", "value", 2, 12, 2, 18),
    ("x = 1\nf = repeat(x, 2.5)", "value", 2, 5, 2, 19),
    ("x = 1\n3\nf = x", "value", 2, 1, 2, 2),
    ("def g(t): return t\n", "value", 1, 1, 1, 19),
    ("def g(t=1): return t\nf = g(1)", "syntax", 1, 1, 1, 21),
    ("def g(t): return g(t)\nx = 1\nf = g(x)", "value", 1, 18, 1, 22),
    ("def g(t):\n    a = b = t\n    return a\nf = 1", "syntax", 2, 5, 2, 14),
    ("x = 1\ny = [x, 2]", "value", 2, 5, 2, 11),
    ("t = [0, 5]\ns = ones(2, 3)\nL = cross_entropy(s, t)", "value", 3, 5, 3, 24),
    ("x = ones(2, 3)\nf = conv2d(x, x)", "shape", 2, 5, 2, 17),
    ("", "value", None, None, None, None),
    ("f = zeros(100000, 100000)", "limit", 1, 5, 1, 26),
    ("x = 2\nf = x ** 5000", "limit", 2, 5, 2, 14),
    ("x = ones(300)\nf = repeat(x, 1000)", "limit", 2, 5, 2, 20),
    ("x = 1\nf = " + "exp(" * 150 + "x" + ")" * 150, "limit", 2, 401, 2, 657),
    ("x = 1\nf = " + "(" * 250 + "x" + ")" * 250, "limit", 2, 205, 2, 206),
    ("x = 1\nf = " + "-" * 150 + "x", "limit", 2, 104, 2, 156),
    ("x = 1\n" + "# comment\n" * 3000, "limit", 2001, 5, 3001, 10),
]


@pytest.mark.parametrize(("source", "kind", "line", "col", "end_line", "end_col"), ERRORS)
def test_error_type_and_place(source: str, kind: str, line: int | None, col: int | None,
                              end_line: int | None, end_col: int | None) -> None:
    with pytest.raises(GraphError) as info:
        parse(source)
    e = info.value
    assert e.type == kind, e.message
    expected = (line, col, end_line, end_col)
    actual = (e.line, e.column, e.end_line, e.end_column)
    assert all(x is None or x == a for x, a in zip(expected, actual, strict=True)), (actual, e)
    assert e.message


def test_a_long_chain_of_defs_is_a_limit_error_at_its_call() -> None:
    chain = "".join(f"def f{i}(t): return f{i - 1}(t) + 1\n" for i in range(1, 400))
    source = "def f0(t): return t + 1\n" + chain + "x = 1\ny = f399(x)\n"
    with pytest.raises(GraphError) as info:
        parse(source)
    assert (info.value.type, info.value.line, info.value.column) == ("limit", 402, 1)


def test_place_is_null_only_without_a_place() -> None:
    with pytest.raises(GraphError) as info:
        parse("# only a comment")
    assert info.value.line is None


def test_leaves_constants_and_names() -> None:
    p = parse("x = -2\nW = randn(3, 4, seed=0) * 0.1\nc = exp(1)\nf = sum(W) * x + c")
    assert p.names["x"].kind == "input" and p.names["W"].kind == "input"
    assert p.names["W"].shape == (3, 4)
    assert p.names["c"].value == pytest.approx(np.e)
    expected = np.random.default_rng(0).standard_normal((3, 4)) * 0.1
    np.testing.assert_allclose(p.names["W"].value, expected)


def test_semicolons_comments_and_a_bare_output_expression() -> None:
    p = parse("x = 2; y = 3  # inputs\n(x + y) * x")
    assert p.output.value == 10 and p.output.name is None


def test_randn_is_seeded_and_reproducible() -> None:
    a = parse("W = randn(2, 2, seed=7)").output.value
    b = parse("W = randn(2, 2, seed=7)").output.value
    np.testing.assert_array_equal(a, b)


def test_spans_point_into_the_source() -> None:
    source = "x = 1\nf = exp(x) + 2"
    p = parse(source)
    start, end = p.output.span
    assert source[start:end] == "exp(x) + 2"


def test_tiny_limits_give_limit_errors_fast() -> None:
    started = time.monotonic()
    with pytest.raises(GraphError) as info:
        parse("x = ones(10)\n" + "\n".join(f"y{i} = x * {i}" for i in range(50)), Limits(nodes=10))
    assert info.value.type == "limit" and info.value.line is not None
    assert time.monotonic() - started < 1.0


def test_evaluation_time_limit() -> None:
    source = "x = randn(50, 50, seed=0)\n" + "\n".join(
        f"y{i} = exp(x @ x * 0.001)" for i in range(2000)
    )
    with pytest.raises(GraphError) as info:
        parse(source, Limits(seconds=0.05, nodes=10**5, total_elements=10**9, source_chars=10**6))
    assert info.value.type == "limit" and "longer than" in info.value.message
