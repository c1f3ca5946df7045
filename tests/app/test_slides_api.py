"""GET /slides through the app: a download named after the program, read back with python-pptx;
errors in the one shape and the page's language; the result cache; never a 500."""

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.app.runner import results
from tests.export.slides_helpers import preset, slides_of, texts

SIMPLE = "x = -2\ny = 5\nq = x * y\nf = q + x"  # no preset: 7 steps


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def error(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"error"}
    return dict(body["error"])


def test_a_preset_downloads_as_its_name(client: TestClient) -> None:
    response = client.get("/slides", params={"src": preset("cs231n-simple"), "lang": "ko"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.presentationml")
    assert response.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''cs231n-simple.pptx")
    deck = slides_of(response.content)
    assert len(deck) == 1 + 8 + 1
    assert texts(deck[-1])["grad e0"] == ("-4", "#c62828")
    assert texts(deck[-1])["progress"][0] == "역전파 3/3"


def test_pdf_and_the_cache(client: TestClient) -> None:
    params = {"src": SIMPLE, "format": "pdf", "steps": "0,7", "theme": "dark"}
    first = client.get("/slides", params=params)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert first.headers["content-disposition"].endswith("chainrule-slides.pdf")
    hits = results.CACHE.hits
    again = client.get("/slides", params=params)
    assert again.content == first.content and results.CACHE.hits == hits + 1


def test_the_update_phase_from_a_link(client: TestClient) -> None:
    params = {"src": preset("sgd-step-sigmoid"), "opt": "sgd", "lr": "0.1", "params": "w0,w1,w2",
              "steps": "16-19"}
    response = client.get("/slides", params=params)
    assert response.status_code == 200, response.text
    last = texts(slides_of(response.content)[-1])
    assert last["progress"][0] == "update 3/3" and last["new-value n4"][0] == "→ -3.02"


@pytest.mark.parametrize(("params", "lang", "start"), [
    ({"src": "x = (1"}, "ko", None),
    ({"src": SIMPLE, "steps": "0-99"}, "ko", "steps=0-99: 이 그래프의 단계는 0부터 7까지입니다"),
    ({"src": SIMPLE, "steps": "1;2"}, "en", "steps=1;2: write counts"),
    ({"src": SIMPLE, "format": "doc"}, "en", None),
    ({"src": SIMPLE, "theme": "pink"}, "ko", None),
    ({"src": SIMPLE, "collapsed": "x"}, "en", None),
    ({"src": SIMPLE, "opt": "sgd", "lr": "-1"}, "en", None),
    ({"src": SIMPLE, "opt": "nadam"}, "en", None),
    ({"src": SIMPLE, "lr": "nan"}, "en", None),
])
def test_bad_input_is_the_one_error(client: TestClient, params: dict[str, str], lang: str,
                                    start: str | None) -> None:
    found = error(client.get("/slides", params=params | {"lang": lang}))
    assert found["type"] in {"syntax", "value"}
    if start:
        assert found["message"].startswith(start)
    if lang == "ko":
        assert any("\uac00" <= ch <= "\ud7a3" for ch in found["message"])  # in Korean


def test_the_language_of_errors_follows_accept_language_without_lang(client: TestClient) -> None:
    found = error(client.get("/slides", params={"src": SIMPLE, "steps": "x"},
                             headers={"accept-language": "ko"}))
    assert found["message"].startswith("steps=x:") and "예:" in found["message"]


def test_the_command_line_writes_the_same_decks(tmp_path: Path, capsys: Any) -> None:
    from chainrule.app.cli import main

    out = tmp_path / "lecture.pptx"
    assert main(["export", SIMPLE, "-o", str(out), "--steps", "0,7", "--lang", "en",
                 "--practice", "grad"]) == 0
    deck = slides_of(out.read_bytes())
    assert len(deck) == 1 + 2 + 1 and texts(deck[2])["grad e0"][0] == "?"
    assert main(["export", SIMPLE, "-o", str(tmp_path / "l.pdf"), "--steps", "8",
                 "--lang", "ko"]) == 2
    assert "steps=8: 이 그래프의 단계는 0부터 7까지입니다" in capsys.readouterr().err


@pytest.mark.parametrize("params", [
    {"src": SIMPLE, "steps": "9999999"}, {"src": SIMPLE, "steps": "1" * 300},
    {"src": SIMPLE, "ask": "e999", "practice": "value"}, {"src": SIMPLE, "collapsed": "g7"},
    {"src": SIMPLE, "lang": "xx", "palette": "cb"}, {"src": "x = 1\n" * 5000},
    {"src": SIMPLE, "opt": "adam", "eps": "1e400"}, {"src": SIMPLE, "params": "nope", "opt": "sgd"},
    {"src": "", "format": "pdf"}, {"zsrc": "!!!"},
])
def test_junk_is_never_a_500(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/slides", params=params)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        error(response)
