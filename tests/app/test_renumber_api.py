"""POST /api/renumber (docs/api.md "POST /api/renumber"): practice's new numbers on served pages,
the same graph as /api/graph answers it for a source with other input numbers."""

import json
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainrule.app import create_app
from tests.app.test_api import assert_error, strict_json

SIGMOID = "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
CS231N = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def renumber(client: TestClient, body: dict, lang: str = "en") -> dict:
    response = client.post("/api/renumber", json=body, headers={"accept-language": lang})
    assert response.status_code == 200, response.text
    answer: dict = strict_json(response.text)  # type: ignore[assignment]
    return answer


def structure(document: dict) -> list:
    nodes = [[n["id"], n["kind"], n["op"], n["name"], n["shape"], n["inputs"]]
             for n in document["nodes"]]
    return [nodes, [[e["id"], e["source"], e["target"]] for e in document["edges"]]]


def test_new_numbers_keep_the_graph(client: TestClient) -> None:
    old = client.post("/api/graph", json={"source": SIGMOID}).json()
    answer = renumber(client, {"source": SIGMOID, "seed": 1})
    assert answer["source"] != SIGMOID
    assert answer["source"].endswith("f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))")
    leaves = [int(v) for v in re.findall(r"^\w+ = (-?\d+)$", answer["source"], re.M)]
    assert len(leaves) == 5 and all(1 <= abs(v) <= 4 for v in leaves)
    assert structure(answer) == structure(old)
    values = [n["value"] for n in answer["nodes"][:5]]
    assert values == leaves and values != [2, -1, -3, -2, -3]  # the numbers differ
    grads = [e["grad"] for e in answer["edges"]]
    assert all(g == 0 or 0.01 <= abs(g) <= 1000 for g in grads)  # a fair exercise


def test_the_answer_is_the_graph_answer_of_the_new_source(client: TestClient) -> None:
    answer = renumber(client, {"source": CS231N, "seed": 7})
    source, seed = answer.pop("source"), answer.pop("seed")
    assert seed >= 7
    assert answer == client.post("/api/graph", json={"source": source}).json()
    x, y, z = (answer["nodes"][i]["value"] for i in range(3))
    assert answer["nodes"][-1]["value"] == (x + y) * z  # computed, not copied
    assert answer["edges"][0]["grad"] == z  # ∂f/∂x = z, as on the CS231n slide


def test_the_next_seed_draws_other_numbers(client: TestClient) -> None:
    first = renumber(client, {"source": SIGMOID, "seed": 1})
    again = renumber(client, {"source": SIGMOID, "seed": 1})
    assert again == first  # seeded: the same body gives the same numbers
    later = renumber(client, {"source": SIGMOID, "seed": first["seed"] + 1})
    assert later["seed"] > first["seed"] and later["source"] != first["source"]


# (body, type, English message, Korean message, line, column)
ERRORS = [
    ({"source": "x = 1\ny = x +", "seed": 1}, "syntax", "invalid syntax",
     "문법이 올바르지 않습니다", 2, 8),
    ({"source": "x = 2\nf = x * y", "seed": 1}, "name", None, None, 2, 9),
    ({"source": "f = exp(2)", "seed": 1}, "value", "no input numbers to redraw: new numbers "
     "change inputs written as numbers (x = 2) or drawn with seed= (randn(3, seed=0))",
     "새로 뽑을 입력 숫자가 없습니다. 새 숫자는 숫자로 적은 입력(x = 2)이나 seed=로 뽑은 입력"
     "(randn(3, seed=0))만 바꿉니다", None, None),
    ({"source": "x = 2\nf = max(x, x)", "seed": 1}, "value", None, None, None, None),
    ({"source": SIGMOID, "seed": -1}, "value", "invalid request: seed must be at least 0",
     "잘못된 요청: seed은(는) 0 이상이어야 합니다", None, None),
    ({"source": SIGMOID}, "value", "invalid request: seed is required",
     "잘못된 요청: seed 항목이 필요합니다", None, None),
    ({"source": SIGMOID, "seed": 1, "lang": "ko"}, "value",
     "invalid request: lang is not a field of this request",
     "잘못된 요청: lang은(는) 이 요청에 없는 항목입니다", None, None),
]


@pytest.mark.parametrize(("body", "kind", "english", "korean", "line", "column"), ERRORS)
def test_errors_in_both_languages_with_their_place(
    client: TestClient, body: dict, kind: str, english: str | None, korean: str | None,
    line: int | None, column: int | None,
) -> None:
    places = []
    for lang, expected in (("en", english), ("ko", korean)):
        response = client.post("/api/renumber", json=body, headers={"accept-language": lang})
        error = assert_error(response, kind)
        assert (error["line"], error["column"]) == (line, column)
        assert bool(HANGUL.search(error["message"])) == (lang == "ko"), error
        if expected is not None:
            assert error["message"] == expected
        places.append([error[k] for k in ("line", "column", "end_line", "end_column")])
    assert places[0] == places[1]


JUNK = st.one_of(
    st.text(max_size=60).map(lambda s: {"source": s, "seed": 1}),
    st.tuples(st.sampled_from([SIGMOID, CS231N, "x = [1.5, -0.2]\nf = sum(x * x)"]),
              st.integers(-5, 2**64)).map(lambda t: {"source": t[0], "seed": t[1]}),
    st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text(max_size=8),
                                                    st.floats(allow_nan=False)), max_size=3),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=JUNK)
def test_junk_never_answers_500(client: TestClient, body: dict) -> None:
    response = client.post("/api/renumber", content=json.dumps(body).encode(),
                           headers={"content-type": "application/json", "accept-language": "ko"})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert_error(response)
    else:
        assert strict_json(response.text)["source"]  # type: ignore[index]
