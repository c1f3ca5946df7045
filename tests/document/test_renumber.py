"""New input numbers for practice (engine/document/renumber.py) and the offline file that carries
them."""

import json
import re

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.engine.document.build import build
from chainrule.engine.document.renumber import rewrite, slots, usable, variants

SIGMOID = "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
NORM = "W = [[0.1, 0.5], [-0.3, 0.8]]\nx = [0.2, 0.4]\nq = W @ x\nf = sum(q ** 2)"
RANDN = "X = randn(2, 3, seed=0)\nW = randn(3, 4, seed=1) * 0.1\nY = X @ W\nL = sum(Y)"


@pytest.mark.parametrize(("source", "changed"), [
    (SIGMOID, ["2", "-1", "-3", "-2", "-3"]),  # the leaves' literals, not the 1s of the formula
    (NORM, ["0.1", "0.5", "-0.3", "0.8", "0.2", "0.4"]),
    (RANDN, ["0", "1"]),  # the seeds; neither the shape (3, 4) nor the scale 0.1
    ("x = 2\nf = x ** 2", ["2"]),  # the exponent is part of the formula
])
def test_slots_are_the_input_leaves_numbers(source: str, changed: list[str]) -> None:
    assert [text for _, _, text, _ in slots(source, build(source)["nodes"])] == changed


def test_rewrite_keeps_the_program_and_draws_small_numbers() -> None:
    fresh = rewrite(SIGMOID, build(SIGMOID)["nodes"], seed=3)
    assert fresh.endswith("f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))")
    numbers = [int(v) for v in re.findall(r"^\w+ = (-?\d+)$", fresh, re.M)]
    assert len(numbers) == 5 and all(1 <= abs(v) <= 4 for v in numbers)
    assert rewrite(SIGMOID, build(SIGMOID)["nodes"], seed=3) == fresh  # seeded
    decimals = rewrite(NORM, build(NORM)["nodes"], seed=3).split("\n")[0]
    assert re.fullmatch(r"W = \[\[-?0\.\d, -?0\.\d\], \[-?0\.\d, -?0\.\d\]\]", decimals)


def test_variants_are_the_same_graph_with_fair_numbers() -> None:
    document = build(SIGMOID)
    found = variants(SIGMOID, document, build)
    assert 1 <= len(found) <= 4
    for other in found:
        assert usable(document, other)
        assert [n["op"] for n in other["nodes"]] == [n["op"] for n in document["nodes"]]
        grads = [e["grad"] for e in other["edges"]]
        assert all(g == 0 or 0.01 <= abs(g) <= 1000 for g in grads)
        assert [n["value"] for n in other["nodes"][:5]] != [2, -1, -3, -2, -3]


def test_unfair_numbers_are_refused() -> None:
    document = build("x = 3\ny = 1\nf = max(x, y)")
    assert not usable(document, build("x = 2\ny = 2\nf = max(x, y)"))  # a tie at the router
    assert not usable(document, build("x = 3\ny = 1\nf = min(x, y)"))  # another graph
    assert not usable(build(SIGMOID), build(SIGMOID.replace("w0 = 2", "w0 = 20")))  # saturated
    assert variants("f = exp(2)", build("f = exp(2)"), build) == []  # nothing to redraw


def test_the_offline_file_carries_practice_and_variants() -> None:
    client = TestClient(create_app())
    page = client.get("/standalone", params={
        "src": SIGMOID, "practice": "grad", "ask": "e0,e1", "lang": "ko"}).text
    assert 'data-practice="grad" data-ask="e0,e1"' in page
    match = re.search(r'id="chainrule-variants">(.*?)</script>', page, re.S)
    carried = json.loads(match.group(1).replace("<\\/", "</")) if match else []
    assert len(carried) >= 1
    for document in carried:  # each set's own code view (its comments in the page's language)
        assert document["code"] == build(source_of(document), code=True, lang="ko")["code"]
    plain = client.get("/standalone", params={"src": SIGMOID}).text
    assert 'data-practice=""' in plain and 'id="chainrule-variants">[]</script>' in plain
    assert client.get("/standalone", params={"src": SIGMOID, "practice": "all"}).status_code == 400


def source_of(document: dict) -> str:
    """SIGMOID with `document`'s input numbers, as its code writes them."""
    values = {n["name"]: n["value"] for n in document["nodes"] if n["kind"] == "input"}
    lines = [f"{name} = {values[name]:g}" for name in ("w0", "x0", "w1", "x1", "w2")]
    return "\n".join([*lines, SIGMOID.split("\n")[-1]])
