"""The API in Korean and English: error messages, the op catalog's docs and the examples follow
Accept-Language (default English); places, ids and field names stay the same in both."""

import re

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app

HANGUL = re.compile(r"[\uac00-\ud7a3]")
PLACE = ("line", "column", "end_line", "end_column")

# source -> (type, place, a word of the Korean message)
ERRORS = [
    ("x = 1\ny = x +* 2", "syntax", (2, 8, 2, 9), "문법"),
    ("x = (1 +\n", "syntax", (1, 5, 1, 6), "괄호"),
    ("import os", "syntax", (1, 1, 1, 10), "import"),
    ("x = 1\nf = x if x else x", "syntax", (2, 5, 2, 18), "if 식"),
    ("x = 1\nf = x := 2", "syntax", (2, 7, 2, 9), "문법"),
    ("가 = 3\nf = 가 * 나", "name", (2, 9, 2, 10), "정의되지 않은 이름"),
    ("x = 1\nx = 2", "name", (2, 1, 2, 2), "1행"),
    ("x = 1\nf = expp(x)", "name", (2, 5, 2, 12), "exp()"),
    ("A = ones(2, 3)\nB = ones(2, 3)\nC = A @ B", "shape", (3, 5, 3, 10), "행렬곱"),
    ("x = zeros(2, 3)\ny = ones(4)\nz = x + y", "shape", (3, 5, 3, 10), "브로드캐스트"),
    ("x = [[1, 2], [3]]", "shape", (1, 5, 1, 18), "길이"),
    ("x = 1\nf = repeat(x, 2.5)", "value", (2, 5, 2, 19), "정수"),
    ("x = 1\nf = sum(x, axes=0)", "value", (2, 12, 2, 18), "axes"),
    ("", "value", (None, None, None, None), "계산할 것이 없습니다"),
    ("f = zeros(100000, 100000)", "limit", (1, 5, 1, 26), "한도"),
    ("x = 2\nf = x ** 5000", "limit", (2, 5, 2, 14), "지수"),
]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def error_in(client: TestClient, source: str, language: str | None) -> dict:  # type: ignore[type-arg]
    headers = {"Accept-Language": language} if language else {}
    response = client.post("/api/graph", json={"source": source}, headers=headers)
    assert response.status_code == 400, response.text
    error: dict = response.json()["error"]  # type: ignore[type-arg]
    return error


@pytest.mark.parametrize(("source", "kind", "place", "word"), ERRORS)
def test_korean_error_at_the_same_place(client: TestClient, source: str, kind: str,
                                        place: tuple[int | None, ...], word: str) -> None:
    ko, en = error_in(client, source, "ko"), error_in(client, source, "en")
    assert ko["type"] == en["type"] == kind
    assert tuple(ko[k] for k in PLACE) == tuple(en[k] for k in PLACE) == place
    assert HANGUL.search(ko["message"]) and word in ko["message"], ko["message"]
    assert not HANGUL.search(re.sub(r"'[^']*'", "", en["message"])), en["message"]  # names aside


@pytest.mark.parametrize(("header", "korean"), [
    ("ko", True), ("ko-KR,ko;q=0.9,en;q=0.8", True), ("en-US,en;q=0.9,ko;q=0.8", False),
    ("fr", False), ("fr-FR,ko;q=0.5", True), ("ko;q=0", False), (None, False),
])
def test_accept_language_picks_the_language(client: TestClient, header: str | None,
                                            korean: bool) -> None:
    message = error_in(client, "x = 1\nf = x * y", header)["message"]
    korean_text = "'y'은(는) 정의되지 않은 이름입니다"
    assert message == (korean_text if korean else "name 'y' is not defined")


def test_english_messages_stay_as_they_were(client: TestClient) -> None:
    assert error_in(client, "x = 1\nf = x * yy", None)["message"] == "name 'yy' is not defined"
    assert error_in(client, "x = 1\nf = expp(x)", None)["message"] == (
        "unknown function expp(); did you mean exp()?")
    assert error_in(client, "A = ones(2, 3)\nB = ones(2, 3)\nC = A @ B", None)["message"] == (
        "cannot multiply shapes (2, 3) @ (2, 3): inner sizes 3 and 2 differ")


def test_python_syntax_details_stay_out_of_korean(client: TestClient) -> None:
    for source in ("x = (1 +\n", "f = x)", "  x = 1", "x = 'abc", "x = 1a", "1 = x", "x = 01",
                   "x = 1 →", "def f(t)\n  return t", "x = (1 2)"):
        message = error_in(client, source, "ko")["message"]
        assert HANGUL.search(message) and not re.search(r"[a-z]{4,}", message), message


def test_request_and_routing_errors_in_korean(client: TestClient) -> None:
    headers = {"Accept-Language": "ko"}
    missing = client.post("/api/graph", json={}, headers=headers).json()["error"]
    assert missing["message"] == "잘못된 요청: source 항목이 필요합니다"
    wrong = client.post("/api/graph", json={"source": 1}, headers=headers).json()["error"]
    assert wrong["message"] == "잘못된 요청: source은(는) 문자열이어야 합니다"
    nowhere = client.get("/api/nope", headers=headers)
    assert nowhere.status_code == 404 and nowhere.json()["error"]["message"] == "찾을 수 없습니다"
    huge = client.post("/api/graph", content=b"x" * (2 << 20), headers=headers)
    assert huge.status_code == 400 and "요청 본문" in huge.json()["error"]["message"]


def test_ops_docs_follow_accept_language(client: TestClient) -> None:
    en = client.get("/api/ops").json()
    ko = client.get("/api/ops", headers={"Accept-Language": "ko-KR"}).json()
    assert [set(op) for op in ko] == [set(op) for op in en]
    assert [op["name"] for op in ko] == [op["name"] for op in en]
    assert all(HANGUL.search(op["doc"]) for op in ko)
    assert not any(op["doc"].startswith("op.") for op in en)  # an id means a missing text
    assert not any(HANGUL.search(op["doc"]) for op in en)
    docs = {op["name"]: op["doc"] for op in ko}
    assert docs["add"] == "덧셈 노드: 상류 기울기를 두 입력에 그대로 분배합니다."
    assert [op["formula"] for op in ko] == [op["formula"] for op in en]


def test_examples_follow_accept_language(client: TestClient) -> None:
    en = client.get("/api/examples").json()
    ko = client.get("/api/examples", headers={"Accept-Language": "ko"}).json()
    assert [set(e) for e in ko] == [set(e) for e in en] == [
        {"id", "title", "description", "source", "group", "group_title", "mode", "check",
         "optimizer", "settings"}] * len(en)
    same = ("id", "source", "group", "mode", "check", "optimizer", "settings")
    assert [[e[k] for k in same] for e in ko] == [[e[k] for k in same] for e in en]
    assert all(HANGUL.search(e["title"]) and HANGUL.search(e["description"])
               and HANGUL.search(e["group_title"]) for e in ko)
    assert not any(HANGUL.search(e["title"] + e["description"] + e["group_title"]) for e in en)
    assert not any(e["title"].startswith("example.") for e in en)


def test_step_texts_are_the_same_in_both_languages(client: TestClient) -> None:
    """Steps are formulas: no words to translate, and "—" where no gradient flows (data)."""
    source = "X, t = dataset(\"xor\", n=4)\nw = 2\nm = mean(X)\nf = m * w"
    en = client.post("/api/graph", json={"source": source}).json()
    ko = client.post("/api/graph", json={"source": source},
                     headers={"Accept-Language": "ko"}).json()
    assert en["steps"] == ko["steps"]
    mean = next(n["id"] for n in en["nodes"] if n["op"] == "mean")
    dead = next(s for s in en["steps"] if s["phase"] == "backward" and s["node"] == mean)
    assert (dead["text"], dead["tex"]) == ("∂f/∂X = —", r"\frac{\partial f}{\partial X} = \text{—}")
    calls = re.compile(r"[A-Za-z_]+\(")  # mean(X) names a function, not a word to translate
    words = [s["text"] for s in en["steps"] if re.search(r"[A-Za-z]{3,}", calls.sub("", s["text"]))]
    assert words == []


def test_formulas_hold_no_words(client: TestClient) -> None:
    """Local-gradient formulas are maths, the same in both languages: no prose in \\text{}."""
    formulas = [op["formula"] for op in client.get("/api/ops").json()]
    prose = [f for f in formulas if re.search(r"\\text\{[^}]*[A-Za-z]{2,}", f)]
    assert prose == []
