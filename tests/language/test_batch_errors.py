"""A program written for the whole data set (reshape to n rows, a constant of n rows) fails on a
mini-batch: the error names the node's place and the batch, in both languages, through the engine,
the Python helper and POST /api/train (whole and streamed)."""

import json

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.engine import Tensor, mse, reshape
from chainrule.engine.core.errors import GraphError
from chainrule.engine.document.training import train as train_request
from chainrule.engine.learning.datasets import generate
from chainrule.engine.learning.trainer import train

RESHAPE = """X, t = dataset("line", n=60, seed=0)
w = 0.5
b = 0.0
y = reshape(X * w + b, (60, 1))
L = mse(y, t)"""
CONSTANT = """X, t = dataset("spiral", n=60, seed=0)
W = randn(2, 3, seed=0) * 0.1
b = zeros(60, 3)
L = cross_entropy(X @ W + b, t)"""
SGD = {"name": "sgd", "lr": 0.1}
RUN = {"source": RESHAPE, "optimizer": SGD, "steps": 5, "batch_size": 16}

KO_HINT = (". 프로그램이 데이터셋 전체를 가정하는 것 같습니다. reshape(x, (-1, 1))처럼 크기가 "
           "데이터를 따르게 하고 60행짜리 상수를 쓰지 않거나, 전체 데이터로 학습하세요")
KO_BATCH = "16행짜리 미니배치에서 계산하지 못했습니다 (데이터셋은 60행): "
# source -> (type, place of the failing node, English words, the whole Korean message)
CASES = [
    (RESHAPE, "shape", (4, 5, 4, 32),
     "on a mini-batch of 16 rows (the data set has 60): cannot reshape shape (16, 1) into (60, 1)",
     KO_BATCH + "형상 (16, 1)을(를) (60, 1)(으)로 바꿀 수 없습니다" + KO_HINT),
    (CONSTANT, "shape", (4, 19, 4, 28),
     "on a mini-batch of 16 rows (the data set has 60): cannot broadcast shapes (16, 3) and "
     "(60, 3) for '+'",
     KO_BATCH + "'+' 연산에서 두 형상 (16, 3), (60, 3)을(를) 브로드캐스트할 수 없습니다" + KO_HINT),
]
PLACE = ("line", "column", "end_line", "end_column")


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize(("source", "kind", "place", "english", "korean"), CASES)
def test_the_engine_names_the_node_and_the_batch(
    source: str, kind: str, place: tuple[int, ...], english: str, korean: str
) -> None:
    with pytest.raises(GraphError) as info:
        train_request(source, SGD, steps=5, batch_size=16)
    error = info.value
    assert error.type == kind and (error.line, error.column, error.end_line,
                                   error.end_column) == place
    assert error.message.startswith(english) and "whole data set" in error.message
    assert error.text("ko") == korean


@pytest.mark.parametrize(("source", "kind", "place", "english", "korean"), CASES)
def test_train_answers_the_place_in_both_languages(
    client: TestClient, source: str, kind: str, place: tuple[int, ...], english: str,
    korean: str
) -> None:
    body = RUN | {"source": source}
    for lang, words in (("en", english), ("ko", korean)):
        response = client.post("/api/train", json=body, headers={"accept-language": lang})
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert error["type"] == kind and tuple(error[k] for k in PLACE) == place
        assert error["message"].startswith(words)
    streamed = client.post("/api/train", json=body, headers={"accept": "application/x-ndjson"})
    last = json.loads(streamed.text.splitlines()[-1])
    assert last["error"]["type"] == kind and tuple(last["error"][k] for k in PLACE) == place


def test_the_same_program_trains_on_the_whole_data_set(client: TestClient) -> None:
    response = client.post("/api/train", json=RUN | {"batch_size": None})
    assert response.status_code == 200, response.text
    loss = response.json()["loss"]
    assert len(loss) == 5 and loss[-1] < loss[0]
    assert client.post("/api/train", json=RUN | {"batch_size": 60}).status_code == 200


def test_the_python_helper_places_source_errors_too() -> None:
    with pytest.raises(GraphError) as info:
        train(RESHAPE, "sgd", lr=0.1, steps=3, batch_size=16)
    assert (info.value.line, info.value.column) == (4, 5)
    assert str(info.value).startswith("shape error: line 4, column 5: on a mini-batch of 16 rows")


def test_a_python_graph_has_no_place_but_names_the_batch() -> None:
    X, t = generate("line", n=12, seed=0)
    w = Tensor(0.5, name="w")
    y = reshape(Tensor(X, name="X", data=True) * w, (12, 1))
    loss = mse(y, Tensor(t, name="t", data=True))
    with pytest.raises(GraphError) as info:
        train(loss, "sgd", lr=0.1, steps=3, batch_size=5)
    assert info.value.line is None
    assert info.value.message.startswith(
        "on a mini-batch of 5 rows (the data set has 12): cannot reshape shape (5, 1) into (12, 1)")
