"""Bounded responses: the worst legal programs answer at most 8 MB, raw and gzip-compressed;
big tensors come compact and POST /api/tensor sends them whole, equal to the engine's numbers."""

import json
import zlib
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app import create_app
from app.jobs import encode
from engine import limits
from engine.build import build, run
from engine.compact import TENSOR
from engine.errors import GraphError
from engine.lang import parse
from engine.trace import Whole

WIRE = 8_000_000  # bytes: the most one answer may take, compressed or not
PRODUCTS = "A = randn(316, 316)\n" + "\n".join(
    "B0 = A @ A" if i == 0 else f"B{i} = B{i - 1} * A" for i in range(8))

# The worst legal programs found: near-limit tensors, thousands of nodes holding tensors,
# tensors just under the compact threshold, the node limit with every option on.
WORST: dict[str, tuple[str, dict[str, Any]]] = {
    "the issue's 316² and eight products": (PRODUCTS, {}),
    "… with the code view and an optimizer": (
        PRODUCTS, {"code": True, "optimizer": {"name": "adam", "lr": 0.1}}),
    "five near-limit inputs": (
        "\n".join(f"W{i} = randn(316, 316, seed={i})" for i in range(5)) + "\nL = sum("
        + " + ".join(f"W{i}" for i in range(5)) + ")", {"code": True, "check": True}),
    "a 4,999-term sum of a 200-vector": (
        "x = randn(200, seed=1)\nL = " + "+".join(["x"] * 4999), {"code": True}),
    "4,999 matrix products of 14×14": (
        "W = randn(14, 14, seed=1)\nL = " + "@".join(["W"] * 4999), {"code": True}),
    "products of two 200-vectors": (
        "x = randn(200, seed=1)\ny = randn(200, seed=2)\nL = " + "+".join(["x*y"] * 2400), {}),
    "99 tensors of 10,000": (
        "x = randn(10000, seed=1)\nL = " + "+".join(["x"] * 99), {"code": True, "check": True}),
    "990 tensors of 1,000": ("x = randn(1000, seed=1)\nL = " + "+".join(["x"] * 990), {}),
    "the node limit in scalars": (
        "a = 0.5\nL = " + "+".join(["a"] * 4990),
        {"code": True, "check": True, "optimizer": {"name": "sgd", "lr": 0.1}}),
}
SLOW = limits.Limits(seconds=120)  # bytes are measured here, not time


@pytest.mark.parametrize("name", WORST)
def test_the_worst_programs_stay_under_8_mb(name: str) -> None:
    source, options = WORST[name]
    reply = encode(200, build(source, limits=SLOW, fetch=True, **options))
    raw = reply.plain()
    sizes = (len(reply.body), len(raw))
    assert reply.gzipped and max(sizes) <= WIRE, sizes
    document = json.loads(raw)
    assert len(document["nodes"]) > 1


def test_names_are_limited_so_no_caption_repeats_a_long_one() -> None:
    with pytest.raises(GraphError) as info:
        parse("a = 0.5\n" + "L" * 9000 + " = " + "+".join(["a"] * 1000))
    e = info.value
    assert (e.type, e.msgid, e.line, e.column, e.end_line, e.end_column) == (
        "limit", "err.limit.name", 2, 1, 2, 9001)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def test_the_issues_example_answers_kilobytes_on_the_wire(client: TestClient) -> None:
    response = client.post("/api/graph", json={"source": PRODUCTS},
                           headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) < 300_000  # 107 MB before
    node = response.json()["nodes"][0]
    assert set(node["value"]) == {"shape", "ref", "summary"} and node["value"]["ref"] == "n0/value"


SOURCE = ("W = randn(120, 100, seed=2) * 0.1\nx = randn(100, 2, seed=3)\nb = zeros(120, 1)\n"
          "h = relu(W @ x + b)\nL = sum(h * h)")
OPTIMIZER = {"name": "sgd", "lr": 0.1}


def whole_document() -> dict[str, Any]:
    """The engine's own numbers for SOURCE: every tensor whole."""
    return run(SOURCE, True, limits.Limits(), OPTIMIZER, None, False, "en", Whole())


@pytest.fixture(scope="module")
def answer(client: TestClient) -> dict[str, Any]:
    body = {"source": SOURCE, "check": True, "optimizer": OPTIMIZER}
    response = client.post("/api/graph", json=body)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def fields(document: dict[str, Any]) -> dict[str, Any]:
    """Every tensor field of a graph document by the ref that names it."""
    out = {f"{item['id']}/{key}": item[key] for item in document["nodes"] + document["edges"]
           for key in ("value", "grad")}
    for name, check in document["check"]["inputs"].items():
        out |= {f"check/{name}/{key}": check[key] for key in ("analytic", "numeric")}
    out |= {f"update/{s['node']}": s["value"] for s in document["steps"] if s["phase"] == "update"}
    return out


def test_compact_tensors_round_trip_whole(client: TestClient, answer: dict[str, Any]) -> None:
    engine = fields(whole_document())
    compact = {ref: v for ref, v in fields(answer).items() if isinstance(v, dict)}
    kinds = {ref.split("/")[0] if ref.startswith(("check", "update")) else ref.split("/")[1]
             for ref in compact}
    assert kinds == {"value", "grad", "check", "update"}
    for ref, form in compact.items():
        want = np.array(engine[ref], dtype=float)
        assert form["shape"] == list(want.shape) and want.size > TENSOR
        body = {"source": SOURCE, "check": True, "optimizer": OPTIMIZER, "ref": form["ref"]}
        got = client.post("/api/tensor", json=body).json()
        assert got["shape"] == form["shape"]
        np.testing.assert_array_equal(np.array(got["value"], dtype=float), want)  # bit for bit
        summary = form.get("summary", {})
        if "head" in summary:
            assert summary["head"] == np.ravel(want)[:8].tolist()
        if "max" in summary:  # an edge's value carries only the head of its node's
            assert summary["max"] == np.nanmax(want) and summary["min"] == np.nanmin(want)


def test_small_tensors_stay_whole(answer: dict[str, Any]) -> None:
    engine = fields(whole_document())
    for ref, value in fields(answer).items():
        if np.size(engine[ref]) <= TENSOR:
            assert value == engine[ref], ref


def test_an_edge_repeats_its_source_nodes_value(answer: dict[str, Any]) -> None:
    nodes = {n["id"]: n for n in answer["nodes"]}
    for edge in answer["edges"]:
        source = nodes[edge["source"]]["value"]
        if isinstance(source, dict):
            assert edge["value"]["ref"] == source["ref"]
            assert edge["value"]["summary"] == {"head": source["summary"]["head"]}
        else:
            assert edge["value"] == source


def test_randn_without_a_seed_is_drawn_again_from_the_answers_entropy(client: TestClient) -> None:
    source = "A = randn(200, 200)\nL = sum(A * A)"
    first = client.post("/api/graph", json={"source": source}).json()
    assert isinstance(first["entropy"], int)
    again = client.post("/api/graph", json={"source": source, "entropy": first["entropy"]}).json()
    assert again["nodes"][0]["value"] == first["nodes"][0]["value"]
    body = {"source": source, "entropy": first["entropy"], "ref": "n0/value"}
    whole = client.post("/api/tensor", json=body).json()["value"]
    assert np.ravel(whole)[:8].tolist() == first["nodes"][0]["value"]["summary"]["head"]
    seeded = client.post("/api/graph", json={"source": "A = randn(200, 200, seed=1)"}).json()
    assert seeded["entropy"] is None  # nothing to draw again


def test_an_unknown_ref_is_a_value_error(client: TestClient) -> None:
    response = client.post("/api/tensor", json={"source": SOURCE, "ref": "n99/value"})
    assert response.status_code == 400 and response.json()["error"]["type"] == "value"


def test_the_code_view_writes_big_inputs_by_the_call_that_made_them() -> None:
    document = build("A = randn(316, 316) * 0.5 - 1\nL = sum(A @ A)", code=True, fetch=True)
    forward = document["code"]["forward"]
    entropy = document["entropy"]
    made = f"np.random.default_rng([{entropy}, 0]).standard_normal((316, 316))"
    assert f"A = ({made} * 0.5) - 1.0\n" in forward
    space: dict[str, Any] = {}
    exec(forward + document["code"]["backward"], space)  # noqa: S102
    whole = build_whole("A = randn(316, 316) * 0.5 - 1\nL = sum(A @ A)", entropy)
    np.testing.assert_array_equal(space["A"], np.array(whole["nodes"][0]["value"]))
    assert len(json.dumps(document["code"])) < 10_000


def build_whole(source: str, entropy: int) -> dict[str, Any]:
    from engine import draws

    with draws.drawing(entropy):
        return run(source, False, limits.Limits(), None, None, False, "en", Whole())


def test_the_code_view_is_null_past_its_literals() -> None:
    source = "x = exp(randn(150, 150, seed=0))\nL = sum(x)"  # no recipe: 22,500 literals
    assert build(source, code=True)["code"] is None
    assert build(source.replace("150, 150", "100, 100"), code=True)["code"] is not None


def test_a_gzip_reply_inflates_to_its_json() -> None:
    reply = encode(200, build(PRODUCTS))
    assert json.loads(zlib.decompress(reply.body, wbits=31))["output"] == "n8"
