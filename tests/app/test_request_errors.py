"""Malformed request bodies on every POST endpoint: one 400 error shape, in the language of
Accept-Language, naming the field, never pydantic's or NumPy's English inside a Korean sentence,
never a 500 and never a hang."""

import json
import re
import time

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ENGLISH = re.compile(r"Input should|Field required|should have|valid (?:list|integer|number)|"
                     r"error parsing|fractional|surrogates not allowed|NumPy could")
ERROR_KEYS = {"type", "message", "line", "column", "end_line", "end_column"}
GRAPH = "x = 2\nf = x * x"
TRAIN = 'X, t = dataset("xor", n=8)\nw = zeros(2, 2)\nf = cross_entropy(X @ w, t)'
SGD = {"name": "sgd", "lr": 0.1}
BOWL = {"source": "x = 1\ny = 2\nf = x * x + y * y", "bounds": [-1, 1, -1, 1]}
RUN = {"source": TRAIN, "optimizer": SGD, "steps": 3}

# (path, body, English message, Korean message)
MESSAGES = [
    ("/api/graph", {"source": GRAPH, "optimizer": 5}, "invalid request: optimizer must be a "
     "JSON object", "잘못된 요청: optimizer은(는) JSON 객체여야 합니다"),
    ("/api/graph", {"source": GRAPH, "params": "x"}, "invalid request: params must be a list",
     "잘못된 요청: params은(는) 리스트여야 합니다"),
    ("/api/graph", {"source": GRAPH, "entropy": -1}, "invalid request: entropy must be at least 0",
     "잘못된 요청: entropy은(는) 0 이상이어야 합니다"),
    ("/api/graph", {"source": GRAPH, "entropy": 2**63}, "invalid request: entropy must be less "
     "than 9223372036854775808",
     "잘못된 요청: entropy은(는) 9223372036854775808보다 작아야 합니다"),
    ("/api/graph", {"source": GRAPH, "optimizer": {"name": "sgd", "lr": "fast"}},
     "invalid request: optimizer.lr must be a number",
     "잘못된 요청: optimizer.lr은(는) 숫자여야 합니다"),
    ("/api/tensor", {"source": GRAPH, "ref": "n" * 101}, "invalid request: ref takes at most 100 "
     "characters", "잘못된 요청: ref은(는) 100자 이하여야 합니다"),
    ("/api/train", RUN | {"steps": 2.5}, "invalid request: steps must be a whole number",
     "잘못된 요청: steps은(는) 정수여야 합니다"),
    ("/api/train", RUN | {"seed": "a"}, "invalid request: seed must be a whole number",
     "잘못된 요청: seed은(는) 정수여야 합니다"),
    ("/api/train", RUN | {"optimizer": {"name": "sgd", "lr": 0}}, "the learning rate must be a "
     "number with lr > 0, got 0", "학습률은 lr > 0인 수여야 합니다. 받은 값: 0"),
    ("/api/train", RUN | {"steps": 0}, "steps must be a whole number from 1 to 5,000, got 0",
     "steps(학습 단계 수)는 1부터 5,000까지의 정수여야 합니다. 받은 값: 0"),
    ("/api/surface", BOWL | {"bounds": [0, 1]}, "invalid request: bounds needs at least 4 items",
     "잘못된 요청: bounds에는 항목이 4개 이상 있어야 합니다"),
    ("/api/surface", BOWL | {"grid": 1}, "invalid request: grid must be at least 2",
     "잘못된 요청: grid은(는) 2 이상이어야 합니다"),
    ("/api/surface", BOWL | {"points": [[0, "a"]]}, "invalid request: points.0.1 must be a number",
     "잘못된 요청: points.0.1은(는) 숫자여야 합니다"),
    ("/api/boundaries", RUN | {"count": 41}, "invalid request: count must be at most 40",
     "잘못된 요청: count은(는) 40 이하여야 합니다"),
    ("/api/renumber", {"source": GRAPH, "seed": "a"}, "invalid request: seed must be a whole "
     "number", "잘못된 요청: seed은(는) 정수여야 합니다"),
    ("/api/renumber", {"source": GRAPH, "seed": 1, "check": True}, "invalid request: check is "
     "not a field of this request", "잘못된 요청: check은(는) 이 요청에 없는 항목입니다"),
    ("/api/graph", b'{"source": "x = 1", "entropy": 1e999}', "invalid request: entropy must be "
     "a finite number", "잘못된 요청: entropy은(는) 유한한 수여야 합니다"),
    ("/api/graph", b"[" * 5000, "invalid request: the body could not be read as JSON (nested too "
     "deeply, or a number with too many digits)", "잘못된 요청: 본문을 JSON으로 읽을 수 없습니다 "
     "(너무 깊이 중첩되었거나 자릿수가 너무 많은 수가 있습니다)"),
    ("/api/train", b'{"source": "x", "optimizer": {"name": "sgd", "lr": 1}, "steps": '
     + b"9" * 5000 + b"}", "invalid request: the body could not be read as JSON (nested too "
     "deeply, or a number with too many digits)", "잘못된 요청: 본문을 JSON으로 읽을 수 없습니다 "
     "(너무 깊이 중첩되었거나 자릿수가 너무 많은 수가 있습니다)"),
]
MALFORMED: list[bytes | dict] = [  # bodies every endpoint must refuse with a 400
    b"", b"not json", b"[1, 2]", b"null", b'"abc"', b"{bad", b"[" * 100_000, b"\xff\xfe",
    b'{"source": "x = 1"}garbage', b'{"source": "x = 1 # \\ud800"}', {}, {"source": 1},
    {"source": None}, {"source": GRAPH, "optimizer": {"name": "\udfff", "lr": 1}},
    {"source": GRAPH, "params": ["\ud800"]}, {"source": GRAPH, "check": "maybe"},
]
PATHS = ["/api/graph", "/api/tensor", "/api/train", "/api/surface", "/api/boundaries",
         "/api/renumber"]


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def post(client: TestClient, path: str, body: bytes | dict, lang: str) -> dict:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    started = time.monotonic()
    response = client.post(path, content=content, headers={
        "content-type": "application/json", "accept-language": lang})
    assert time.monotonic() - started < 10, (path, body)
    assert response.status_code == 400, (path, body, response.text)
    document = response.json()
    assert set(document) == {"error"} and set(document["error"]) == ERROR_KEYS
    error: dict = document["error"]
    return error


@pytest.mark.parametrize(("path", "body", "english", "korean"), MESSAGES)
def test_request_errors_name_the_field_in_both_languages(
    client: TestClient, path: str, body: bytes | dict, english: str, korean: str
) -> None:
    en, ko = post(client, path, body, "en"), post(client, path, body, "ko")
    assert (en["type"], en["message"], en["line"]) == ("value", english, None)
    assert (ko["type"], ko["message"], ko["line"]) == ("value", korean, None)


@pytest.mark.parametrize("path", PATHS)
def test_malformed_bodies_never_answer_500(client: TestClient, path: str) -> None:
    for body in MALFORMED:
        ko = post(client, path, body, "ko")
        assert HANGUL.search(ko["message"]) and not ENGLISH.search(ko["message"]), (body, ko)
        en = post(client, path, body, "en")
        assert en["type"] == ko["type"] and not HANGUL.search(en["message"]), (body, en)


def test_a_lone_surrogate_is_placed_or_echoed_as_an_escape(client: TestClient) -> None:
    placed = post(client, "/api/graph", {"source": "x = 1\nf = x * \ud800"}, "ko")
    assert (placed["type"], placed["line"], placed["column"]) == ("syntax", 2, 9)
    assert placed["message"] == "소스 코드에 쓸 수 없는 문자(짝 없는 서로게이트)가 들어 있습니다"
    named = post(client, "/api/graph", {"source": GRAPH, "params": ["\ud800"]}, "en")
    assert named["message"] == "params: no node is named \ud800"
