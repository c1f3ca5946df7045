"""POST /api/train and the update phase of POST /api/graph over HTTP: docs/api.md's fields, the one
error shape (in the request's language), the time budget, and NDJSON streaming."""

import json

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.app.routes import train as train_api

SPIRAL = """X, t = dataset("spiral", n=90, seed=0)
W1 = randn(2, 16, seed=1) * 0.1
b1 = zeros(16)
W2 = randn(16, 3, seed=2) * 0.1
b2 = zeros(3)
s = relu(X @ W1 + b1) @ W2 + b2
L = cross_entropy(s, t)"""
RUN = {"source": SPIRAL, "optimizer": {"name": "adam", "lr": 0.05}, "steps": 300,
       "batch_size": 16, "seed": 0}
NEURON = "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
ERROR_KEYS = {"type", "message", "line", "column", "end_line", "end_column"}
NDJSON = {"accept": "application/x-ndjson"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def error_of(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS
    return body["error"]


def test_train_answers_designs_fields(client: TestClient) -> None:
    response = client.post("/api/train", json=RUN)
    assert response.status_code == 200, response.text
    run = response.json()
    assert set(run) == {"loss", "accuracy", "trajectory", "final", "boundary"}
    assert len(run["loss"]) == len(run["accuracy"]) == 300
    assert sum(run["loss"][-30:]) / 30 < run["loss"][0] / 3  # mini-batch losses are noisy
    assert set(run["trajectory"]) == {"W1", "b1", "W2", "b2"}
    assert len(run["trajectory"]["b2"]) == 301 and len(run["trajectory"]["W1"][0]) == 2
    assert {"output", "nodes", "edges", "steps", "check"} <= set(run["final"])
    phases = [s["phase"] for s in run["final"]["steps"]]
    assert phases[-4:] == ["update"] * 4 and phases.count("backward") > 0
    assert len(run["boundary"]["classes"]) >= 60 and len(run["boundary"]["x"]) >= 60


def test_same_request_same_numbers_streamed_or_not(client: TestClient) -> None:
    whole = client.post("/api/train", json=RUN | {"seed": 5}).json()
    lines = [json.loads(line) for line in
             client.post("/api/train", json=RUN | {"seed": 5}, headers=NDJSON).iter_lines()]
    assert lines[-1] == whole


def test_streaming_progress_lines(client: TestClient) -> None:
    response = client.post("/api/train", json=RUN | {"steps": 420}, headers=NDJSON)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.iter_lines()]
    progress, last = lines[:-1], lines[-1]
    steps = [p["step"] for p in progress]
    assert steps == sorted(steps) and steps[-1] >= 400
    assert all(b - a <= 50 for a, b in zip([0, *steps], steps, strict=False))
    assert all(set(p) == {"step", "loss", "accuracy"} for p in progress)
    for p in progress:
        assert p["loss"] == last["loss"][p["step"] - 1]
        assert p["accuracy"] == last["accuracy"][p["step"] - 1]


# body changes -> (error type, words of the message)
ERRORS = [
    ({"optimizer": {"name": "adma", "lr": 0.1}}, "value", 'did you mean "adam"'),
    ({"optimizer": {"name": "lbfgs", "lr": 0.1}}, "value", "unknown optimizer"),
    ({"optimizer": {"name": "sgd", "lr": 0}}, "value", "lr > 0"),
    ({"optimizer": {"name": "sgd", "lr": -0.1}}, "value", "lr > 0"),
    ({"optimizer": {"name": "momentum", "lr": 0.1, "momentum": 1.5}}, "value", "momentum < 1"),
    ({"optimizer": {"name": "adam", "lr": 0.1, "beta2": 1.0}}, "value", "beta2 < 1"),
    ({"optimizer": {"name": "sgd"}}, "value", "lr"),
    ({"steps": 0}, "value", "from 1 to 5,000"),
    ({"steps": 5001}, "value", "from 1 to 5,000"),
    ({"steps": 2.5}, "value", "steps"),
    ({"batch_size": 0}, "value", "batch_size"),
    ({"seed": -1}, "value", "seed"),
    ({"params": ["W3"]}, "name", "no node is named W3"),
    ({"params": ["X"]}, "value", "X is a node of kind data"),
    ({"params": ["s"]}, "value", "s is a node of kind op"),
    ({"source": "x = 1\nf = x * [1, 2]"}, "value", "single number"),
    ({"source": 'X, t = dataset("spirl")\nL = X'}, "name", 'did you mean "spiral"'),
]


@pytest.mark.parametrize(("change", "kind", "words"), ERRORS)
def test_bad_runs_share_the_error_shape(
    client: TestClient, change: dict, kind: str, words: str
) -> None:
    error = error_of(client.post("/api/train", json=RUN | change))
    assert error["type"] == kind and words in error["message"], error


def test_errors_follow_accept_language(client: TestClient) -> None:
    body = RUN | {"optimizer": {"name": "sgd", "lr": -1}}
    error = error_of(client.post("/api/train", json=body, headers={"accept-language": "ko"}))
    assert error["message"] == "학습률은 lr > 0인 수여야 합니다. 받은 값: -1"


def test_source_errors_keep_their_place(client: TestClient) -> None:
    error = error_of(client.post("/api/train", json=RUN | {"source": "x = 1\nf = x +"}))
    assert (error["type"], error["line"]) == ("syntax", 2)


def test_the_budget_gives_a_limit_error(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(train_api, "BUDGET", 0.2)
    body = RUN | {"steps": 5000, "batch_size": None}
    error = error_of(client.post("/api/train", json=body))
    assert error["type"] == "limit" and "0.2 s" in error["message"]
    lines = [json.loads(line) for line in
             client.post("/api/train", json=body, headers=NDJSON).iter_lines()]
    assert set(lines[-1]) == {"error"} and set(lines[-1]["error"]) == ERROR_KEYS
    assert lines[-1]["error"]["type"] == "limit"
    assert all(set(line) == {"step", "loss", "accuracy"} for line in lines[:-1])


def test_graph_ends_with_the_update_phase(client: TestClient) -> None:
    body = {"source": NEURON, "optimizer": {"name": "sgd", "lr": 0.1},
            "params": ["w0", "w1", "w2"]}
    document = client.post("/api/graph", json=body).json()
    updates = [s for s in document["steps"] if s["phase"] == "update"]
    assert [s["node"] for s in updates] == ["n0", "n2", "n4"]
    assert set(updates[0]) == {"phase", "node", "edges", "text", "tex", "value"}
    assert updates[0]["text"] == "w0 ← w0 − η·∂f/∂w0 = 2 − 0.1·(-0.20) = 2.02"
    assert updates[0]["value"] == pytest.approx(2.0196611933241484, rel=1e-15)
    plain = client.post("/api/graph", json={"source": NEURON}).json()
    assert document["steps"][:len(plain["steps"])] == plain["steps"]
    assert {k: v for k, v in document.items() if k != "steps"} == {
        k: v for k, v in plain.items() if k != "steps"}


@pytest.mark.parametrize(("change", "kind"), [
    ({"params": ["x9"]}, "name"),
    ({"params": ["f"]}, "value"),
    ({"optimizer": {"name": "nadam", "lr": 0.1}}, "value"),
    ({"optimizer": {"name": "sgd", "lr": 0}}, "value"),
])
def test_graph_update_errors(client: TestClient, change: dict, kind: str) -> None:
    body = {"source": NEURON, "optimizer": {"name": "sgd", "lr": 0.1}} | change
    assert error_of(client.post("/api/graph", json=body))["type"] == kind


def test_catalogs_for_the_train_panel(client: TestClient) -> None:
    optimizers = client.get("/api/optimizers").json()
    assert [o["name"] for o in optimizers] == ["sgd", "momentum", "adagrad", "rmsprop", "adam"]
    assert optimizers[4]["defaults"] == {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    datasets = client.get("/api/datasets").json()
    assert [d["name"] for d in datasets] == ["spiral", "moons", "circles", "xor", "blobs",
                                             "line", "sine"]
