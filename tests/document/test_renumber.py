"""New input numbers for practice (engine/document/renumber.py): POST /api/renumber's `fresh`, the
offline file's `variants`, and the file that carries them."""

import json
import re
import time

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.engine.core.errors import GraphError
from chainrule.engine.core.limits import Limits
from chainrule.engine.document.build import build
from chainrule.engine.document.renumber import ATTEMPTS, fresh, rewrite, slots, usable, variants

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


def test_the_second_half_of_the_attempts_keeps_the_signs() -> None:
    nodes = build(SIGMOID)["nodes"]
    for seed in range(20):
        kept = rewrite(SIGMOID, nodes, seed, keep_signs=True)
        signs = [v.startswith("-") for v in re.findall(r"^\w+ = (-?\d+)$", kept, re.M)]
        assert signs == [False, True, True, True, True]  # w0 = 2, x0 = -1, w1 = -3, …
    assert rewrite(SIGMOID, nodes, 3, keep_signs=False) == rewrite(SIGMOID, nodes, 3)


def test_fresh_is_the_graph_answer_for_a_new_source() -> None:
    answer = fresh(SIGMOID, seed=1)
    source, seed = answer.pop("source"), answer.pop("seed")
    assert answer == build(source, fetch=True)  # POST /api/graph's document for that source
    assert source != SIGMOID and 1 <= seed < 1 + ATTEMPTS
    assert usable(build(SIGMOID), answer)
    assert rewrite(SIGMOID, build(SIGMOID)["nodes"], seed, keep_signs=seed - 1 >= ATTEMPTS // 2) \
        == source  # drawn by the seed it names
    later = fresh(SIGMOID, seed=seed + 1)
    assert later["seed"] > seed and later["source"] != source
    assert fresh(SIGMOID, seed=1) == answer | {"source": source, "seed": seed}  # seeded


def test_fresh_redraws_seeds_and_decimals() -> None:
    answer = fresh(RANDN, seed=5)
    assert re.fullmatch(r"X = randn\(2, 3, seed=\d+\)\nW = randn\(3, 4, seed=\d+\) \* 0\.1\n"
                        r"Y = X @ W\nL = sum\(Y\)", answer["source"])
    assert answer["nodes"][0]["value"] != build(RANDN)["nodes"][0]["value"]
    decimals = fresh(NORM, seed=5)["source"].split("\n")[1]
    assert re.fullmatch(r"x = \[-?0\.\d, -?0\.\d\]", decimals)


@pytest.mark.parametrize(("source", "msgid"), [
    ("f = exp(2)", "err.renumber.nothing"),  # no input leaf: nothing to redraw
    ("x = 2\nf = max(x, x)", "err.renumber.none"),  # always a tie at the max gate
])
def test_fresh_without_a_usable_draw_is_an_error(source: str, msgid: str) -> None:
    with pytest.raises(GraphError) as caught:
        fresh(source, seed=1)
    assert (caught.value.type, caught.value.msgid, caught.value.line) == ("value", msgid, None)


def test_fresh_passes_the_programs_own_error_on() -> None:
    with pytest.raises(GraphError) as caught:
        fresh("x = 1\ny = x +", seed=1)
    assert (caught.value.type, caught.value.line) == ("syntax", 2)


def test_fresh_draws_share_one_budget() -> None:
    big = "x = 2\nW = randn(300, 300, seed=0) * x\nf = sum(W @ W @ W @ W)"  # ~0.15 s a build
    started = time.monotonic()
    with pytest.raises(GraphError) as caught:  # compact forms are never fair: every draw fails
        fresh(big, seed=1, attempts=1000, limits=Limits(seconds=0.5))
    assert caught.value.msgid == "err.renumber.none"
    assert time.monotonic() - started < 1.5  # not 1,000 builds


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
    assert not usable(build(SIGMOID), build(SIGMOID.replace("w0 = 2", "w0 = 2.0")))  # same numbers
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
