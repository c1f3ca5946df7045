"""Bounded POST /api/train answers: `final` and the trajectories share one budget, so no answer
passes 8 MB (plain JSON or the NDJSON stream's last line, which GZip compresses too); whole
trajectories are the engine's own numbers, compact ones say their shape [steps + 1, *shape]."""

import json
import zlib
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.engine.catalogs import i18n
from chainrule.engine.document.compact import dumps
from chainrule.engine.document.training import train as train_request
from chainrule.engine.learning.trainer import train
from tests.helpers import bench_module

WIRE = 8_000_000  # bytes of JSON: the most one answer may take
sizes = bench_module("answer_sizes")  # the runs measured by bench/answer_sizes.py
NDJSON_GZIP = {"accept": "application/x-ndjson", "accept-encoding": "gzip"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def request(body: dict[str, Any]) -> dict[str, Any]:
    """The answer of /api/train's engine call (no deadline: sizes are measured here)."""
    answer = train_request(**body, seconds=300)
    assert isinstance(answer, dict)
    return answer


def test_a_2_16_3_net_for_5000_steps_keeps_what_fits_whole() -> None:
    body = sizes.RUNS["2→16→3 net (99 numbers), Adam, 5,000 steps"]
    answer = request(body)
    assert 6_000_000 < len(dumps(answer).encode()) <= WIRE  # 9.8 MB of paths: not all fit
    history = train(body["source"], "adam", steps=5000, lr=0.01)
    paths = {name: np.stack(values) for name, values in history.trajectory.items()}
    trajectory = answer["trajectory"]
    for name in ("W1", "b1", "b2"):  # 32, 16 and 3 numbers: whole, the engine's numbers
        assert trajectory[name] == paths[name].tolist()
    w2 = trajectory["W2"]  # 48 numbers × 5,001 steps: 4.8 MB, the largest, compact
    assert (w2["shape"], w2["ref"]) == ([5001, 16, 3], None)
    assert w2["summary"]["head"] == paths["W2"].ravel()[:8].tolist()
    assert (w2["summary"]["min"], w2["summary"]["max"]) == (paths["W2"].min(), paths["W2"].max())
    final = {n["name"]: n["value"] for n in answer["final"]["nodes"] if n["name"]}
    assert final["W2"] == paths["W2"][-1].tolist()  # p_5000, whole in the final graph


def test_short_runs_answer_every_path_whole() -> None:
    body = sizes.RUNS["… 3,000 steps"] | {"steps": 200}
    answer = request(body)
    history = train(body["source"], "adam", steps=200, lr=0.01)
    assert set(answer["trajectory"]) == {"W1", "b1", "W2", "b2"}
    for name, values in history.trajectory.items():
        assert answer["trajectory"][name] == [v.tolist() for v in values]


def test_twenty_vectors_for_2000_steps_stream_within_8_mb_gzipped(client: TestClient) -> None:
    body = sizes.RUNS["20 parameters of 100 numbers, 2,000 steps"]  # 91 MB of paths whole
    with client.stream("POST", "/api/train", json=body, headers=NDJSON_GZIP) as response:
        assert response.status_code == 200
        assert response.headers["content-encoding"] == "gzip"  # GZipMiddleware, chunk by chunk
        wire = b"".join(response.iter_raw())
    *progress, last = zlib.decompress(wire, wbits=31).splitlines()
    assert len(progress) >= 40 and len(wire) < len(last) / 2 and len(last) <= WIRE
    trajectory = json.loads(last)["trajectory"]
    assert list(trajectory) == [f"p{i}" for i in range(20)]
    start = np.random.default_rng(0).standard_normal(100)  # p0 = randn(100, seed=0)
    assert trajectory["p0"][0] == start.tolist() and len(trajectory["p0"]) == 2001
    for i in range(1, 20):  # equal sizes: the first stays whole, the others come compact
        form = trajectory[f"p{i}"]
        assert (form["shape"], form["ref"]) == ([2001, 100], None)
        head = np.random.default_rng(i).standard_normal(100)[:8]
        assert form["summary"]["head"] == head.tolist()


def test_a_final_graph_near_the_limit_shares_the_budget() -> None:
    answer = request(sizes.RUNS["4,050 sums of a 2×3 parameter, 1 step"])
    assert 7_950_000 < len(dumps(answer).encode()) <= WIRE  # 7.95 MB with every tensor compact
    assert answer["trajectory"]["x"] == {"shape": [2, 2, 3], "ref": None}  # 12 numbers: after
    values = [n["value"] for n in answer["final"]["nodes"]]  # the 6-number tensors, smallest first
    whole = [v for v in values if isinstance(v, list)]
    assert len(whole) > 400 and np.shape(whole[0]) == (2, 3)


def test_a_final_graph_past_8_mb_is_the_limit_error_at_its_place(client: TestClient) -> None:
    body = sizes.run(sizes.small_sum(4998), "sgd", 0.1, 1)
    response = client.post("/api/train", json=body)
    error = response.json()["error"]
    assert response.status_code == 400 and (error["type"], error["line"]) == ("limit", 2)
    size = error["message"].split(" MB")[0].rsplit(" ", 1)[-1]
    assert error["message"] == i18n.t("en", "err.limit.answer", size=size, limit="8",
                                      nodes="4,999")
    assert 9.5 <= float(size) <= 10.0  # the graph's 9.5 MB and the run's loss and boundary
