"""Flat chains of thousands of terms work up to the node limit; real nesting past the depth
limit is a `limit` error with its whole place; every error's place is whole or absent."""

import functools
import operator
from collections import Counter

import numpy as np
import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.engine.core.errors import GraphError
from chainrule.engine.document.build import build
from chainrule.engine.language import parse

LEAVES = {"a": 1.001, "b": 0.999, "c": -1.0005}
HEAD = "".join(f"{k} = {v}\n" for k, v in LEAVES.items())
NAMES = list(LEAVES)
OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def chain(symbols: str, terms: int = 3000) -> tuple[str, list[tuple[str, str]]]:
    """`L = a <op> b <op> c …` cycling through `symbols`, and its (operator, name) pairs."""
    pairs = [(symbols[i % len(symbols)], NAMES[i % 3]) for i in range(1, terms)]
    return HEAD + "L = a" + "".join(f" {op} {name}" for op, name in pairs), pairs


def node_named(document: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(n for n in document["nodes"] if n["name"] == name)


@pytest.mark.parametrize("symbols", ["+", "*", "+-", "**/"])
def test_a_flat_chain_of_3000_terms_has_numpy_values_and_gradients(symbols: str) -> None:
    source, pairs = chain(symbols)
    document = build(source, check=True, code=True)
    assert len(document["nodes"]) == 3 + len(pairs) and len(document["edges"]) == 2 * len(pairs)
    values = {k: np.float64(v) for k, v in LEAVES.items()}
    folded = functools.reduce(lambda acc, p: OPS[p[0]](acc, values[p[1]]), pairs, values["a"])
    output = next(n for n in document["nodes"] if n["id"] == document["output"])
    assert output["value"] == folded  # the same operations in the same order: bit for bit
    counts = Counter(["a", *(name for _, name in pairs)])  # each leaf's uses
    if symbols == "+":
        grads = {k: float(counts[k]) for k in LEAVES}
    elif symbols == "*":
        grads = {k: counts[k] * folded / values[k] for k in LEAVES}
    else:  # central differences of the same fold
        grads = {k: numeric(pairs, values, k) for k in LEAVES}
    for k, expected in grads.items():
        assert node_named(document, k)["grad"] == pytest.approx(expected, rel=1e-6, abs=1e-6)
    assert document["check"]["ok"], document["check"]["max_rel_error"]
    assert len(document["steps"]) == 2 * len(document["nodes"]) - 3 + 1
    assert document["code"]["forward"].count("\n") > len(pairs)


def numeric(pairs: list[tuple[str, str]], values: dict[str, np.float64], leaf: str) -> float:
    def fold(delta: float) -> float:
        moved = values | {leaf: values[leaf] + delta}
        return functools.reduce(lambda acc, p: OPS[p[0]](acc, moved[p[1]]), pairs, moved["a"])
    return (fold(1e-6) - fold(-1e-6)) / 2e-6


def test_the_code_view_of_a_long_chain_runs_to_the_same_numbers() -> None:
    document = build(chain("+*")[0], code=True)
    space: dict[str, object] = {}
    exec(document["code"]["forward"] + document["code"]["backward"], space)  # noqa: S102
    assert space["L"] == node_named(document, "L")["value"]
    assert space["da"] == pytest.approx(node_named(document, "a")["grad"], rel=1e-12)


@pytest.mark.parametrize("source", [
    "x = 0.0001\nL = exp(" + " + ".join(["x"] * 3000) + ")",  # inside a call
    "x = 0.5\nL = (" + " + ".join(["x"] * 3000) + ") * 2",  # inside brackets
    "x = 0.5\ndef g(t):\n    return " + " + ".join(["t"] * 3000) + "\nL = g(x)",  # in a def
    "x = 0.5\nL = " + "+".join(["x"] * 4990),  # to the node limit: 4,991 nodes
    "L = " + "+".join(["1"] * 9990),  # constants fold: no node at all, 9,989 operators
])
def test_long_chains_anywhere(source: str) -> None:
    program = parse(source)
    assert np.isfinite(program.output.value).all()
    program.output.backward()


def test_a_chain_past_the_node_limit_is_the_node_limit() -> None:
    with pytest.raises(GraphError) as info:
        parse("x = 0.5\nL = " + "+".join(["x"] * 5001))
    assert (info.value.type, info.value.msgid) == ("limit", "err.limit.nodes")
    assert info.value.line == 2 and info.value.end_column is not None


def test_errors_inside_a_long_chain_keep_their_own_place() -> None:
    source = "x = ones(2)\ny = ones(3)\nL = " + " + ".join(["x"] * 2000) + " + y + x"
    with pytest.raises(GraphError) as info:
        parse(source)
    e = info.value
    assert (e.type, e.line, e.column, e.end_line) == ("shape", 3, 5, 3)
    assert e.end_column is not None and source.splitlines()[2][4:e.end_column - 1].endswith("x + y")


# source -> (line, column, end_line, end_column) of the depth error
DEEP = [
    ("x = 1\nf = " + "exp(" * 150 + "x" + ")" * 150, (2, 401, 2, 657)),  # calls
    ("x = 1\nf = " + "(" * 250 + "x" + ")" * 250, (2, 205, 2, 206)),  # past Python's 200
    ("x = 1\nf = [" + "[" * 150 + "1" + "]" * 151, (2, 103, 2, 210)),
    ("x = 1\nf = x" + " + (x" * 120 + ")" * 120, (2, 500, 2, 627)),  # brackets in a chain
    ("x = 1\nf = " + "-" * 150 + "x", (2, 104, 2, 156)),
    ("x = 1\nf = x" + " ** x" * 150, (2, 500, 2, 756)),
    ("x = 1\nf = " + "-" * 9000 + "x", (2, 1, 2, 9006)),  # past Python's own parser
    ("x = 1\ny = 2; f = x" + "**x" * 6000 + "; z = 3", (2, 8, 2, 18013)),
    ("x = 1\ndef g(t):\n    return t" + "**t" * 6000 + "\nf = g(x)", (3, 5, 3, 18013)),
]


@pytest.mark.parametrize(("source", "place"), DEEP)
def test_real_nesting_past_the_limit_is_a_limit_error_with_its_whole_place(
        source: str, place: tuple[int, int, int, int]) -> None:
    with pytest.raises(GraphError) as info:
        parse(source)
    e = info.value
    assert (e.type, e.msgid) == ("limit", "err.limit.depth"), e.message
    assert (e.line, e.column, e.end_line, e.end_column) == place


def test_the_nesting_limit_counts_brackets_not_terms() -> None:
    parse("x = 0.001\nf = " + "exp(" * 95 + " + ".join(["x"] * 500) + ")" * 95)


# Sources whose errors have a place; the API must send it whole.
PLACED = [
    "x = 1\n" + "# comment\n" * 3000,  # longer than the source limit
    "x = " + "1" * 5000,  # an integer longer than Python converts
    "x = 1\nf = " + "(" * 250 + "x" + ")" * 250,
    "x = 1\nf = " + "-" * 9000 + "x",
    "x = 0.5\nL = " + "+".join(["x"] * 5001),
    "x = ones(2)\ny = ones(3)\nL = " + " + ".join(["x"] * 2000) + " + y",
    "x = 1\ny = (x := 2)",
    "f = 1 +",
]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


@pytest.mark.parametrize("source", PLACED)
def test_the_api_sends_every_place_whole_and_never_500(client: TestClient, source: str) -> None:
    response = client.post("/api/graph", json={"source": source})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    place = [error[k] for k in ("line", "column", "end_line", "end_column")]
    assert all(isinstance(v, int) and v >= 1 for v in place), error
    assert (place[2], place[3]) > (place[0], place[1]), error
    assert "sys." not in error["message"] and "Python" not in error["message"]


def test_the_api_answers_a_3000_term_chain(client: TestClient) -> None:
    source, pairs = chain("+")
    response = client.post("/api/graph", json={"source": source, "check": True})
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    assert len(body["nodes"]) == 3 + len(pairs) and body["check"]["ok"]


def test_a_partial_place_is_completed() -> None:
    e = GraphError("err.value.empty", 3, None, None, None)
    assert (e.line, e.column, e.end_line, e.end_column) == (3, 1, 3, 2)
    e = GraphError("err.value.empty").place(2, 4, 5, None)  # type: ignore[arg-type]
    assert (e.line, e.column, e.end_line, e.end_column) == (2, 4, 5, 1)
