"""The app's worker pool as a lecture hall meets it: a full training lane answers 503 with
Retry-After at once (translated, the one error shape), workers the OOM killer took while idle cost
nobody an error, and /standalone is made in a worker under the graph's deadline."""

import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from chainrule.app.main import create_app
from chainrule.app.runner import results
from chainrule.app.runner.lanes import Spec
from chainrule.app.runner.workers import HEAVY, LIGHT, Pool
from chainrule.engine.catalogs import i18n

SIMPLE = "x = 1.5\ny = 2\nf = x * y"
TINY_TRAIN = {"source": "w = 0.5\nf = (w - 3) ** 2", "steps": 3,
              "optimizer": {"name": "sgd", "lr": 0.1}}
# about 4 s on this machine with practice=grad (the offline file draws other numbers: variants)
SLOW_FILE = "x = 2\nf = " + "+".join(["x"] * 4900)


def nap(seconds: float) -> None:
    """A long job that needs no CPU (pickled by name: the worker imports this module)."""
    time.sleep(seconds)


def wait_until(condition, seconds: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


@pytest.fixture
def full_training_lane(client: TestClient) -> Iterator[Pool]:
    """Every training worker busy for 30 s and the line full, each job another student's."""
    pool = results.pool()
    lane = pool.lanes[HEAVY]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lane, "spec", replace(lane.spec, patience=60.0))  # they stay in line
        yield from fill(pool, lane.spec)


def fill(pool: Pool, spec: Spec) -> Iterator[Pool]:
    jobs = [pool.submit(nap, {"seconds": 30.0}, "en", 30.0, lane=HEAVY, client=f"10.3.0.{n}")
            for n in range(spec.limit + spec.line)]
    wait_until(lambda: len(pool.lanes[HEAVY].running) == spec.limit)
    yield pool
    for job in jobs:
        job.cancel()  # their clients leave: the workers are stopped
    wait_until(lambda: not pool.lanes[HEAVY].running)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("accept", ["application/json", "application/x-ndjson"])
def test_a_full_training_lane_says_busy_at_once_and_graphs_still_answer(
    client: TestClient, full_training_lane: Pool, lang: str, accept: str,
) -> None:
    started = time.monotonic()
    busy = client.post("/api/train", json=TINY_TRAIN,
                       headers={"Accept-Language": lang, "Accept": accept})
    assert time.monotonic() - started < 2.0  # at once: not after 3 s in line, not at 21 s
    assert busy.status_code == 503 and busy.headers["content-type"] == "application/json"
    seconds = int(busy.headers["retry-after"])
    assert 20 <= seconds <= 30  # the first running job's deadline, whole seconds
    assert busy.json() == {"error": {
        "type": "limit", "message": i18n.t(lang, "err.busy", seconds=seconds),
        "line": None, "column": None, "end_line": None, "end_column": None}}
    if lang == "ko":
        said = busy.json()["error"]["message"]
        assert said == f"서버가 바쁩니다. {seconds}초 뒤에 다시 시도하세요"
    graph = client.post("/api/graph", json={"source": SIMPLE + f"\n# {lang} {accept}"})
    assert graph.status_code == 200  # graphs have workers of their own


def test_workers_killed_while_idle_cost_nobody_an_error(client: TestClient) -> None:
    """SIGKILL to every idle worker, as the OOM killer would: the next requests run on fresh
    workers; none answers "internal error"."""
    pool = results.pool()
    client.post("/api/train", json=TINY_TRAIN)  # a training worker exists, too
    wait_until(lambda: pool.ready(LIGHT) >= 1 and pool.ready(HEAVY) >= 1)
    idle = [w for lane in (LIGHT, HEAVY) for w in list(pool._idle[lane].queue)]
    for worker in idle:
        os.kill(worker.process.pid, signal.SIGKILL)  # type: ignore[arg-type]
    for worker in idle:
        worker.process.join(timeout=10)
    graphs = [client.post("/api/graph", json={"source": SIMPLE + f"\n# after the kill {n}"})
              for n in range(3)]
    assert [g.status_code for g in graphs] == [200, 200, 200], graphs[0].text
    trained = client.post("/api/train", json=TINY_TRAIN | {"steps": 4})
    assert trained.status_code == 200 and len(trained.json()["loss"]) == 4


def test_the_offline_file_is_made_in_a_worker_under_the_deadline(
    client: TestClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    pool = results.pool()
    calls = pool.calls
    plain = client.get("/standalone", params={"src": SIMPLE, "download": 1})
    assert plain.status_code == 200 and plain.headers["content-type"].startswith("text/html")
    assert "attachment" in plain.headers["content-disposition"]
    assert pool.calls == calls + 1  # computed by a worker, not by the server process
    monkeypatch.setattr(results, "GRAPH_SECONDS", 1.0)
    with ThreadPoolExecutor(1) as thread:
        started = time.monotonic()
        slow = thread.submit(client.get, "/standalone",
                             params={"src": SLOW_FILE, "practice": "grad", "lang": "ko"})
        wait_until(lambda: pool.calls == calls + 2)  # under way in its worker
        health = client.get("/healthz")
        assert health.status_code == 200 and not slow.done()  # the server answers meanwhile
        stopped = slow.result(timeout=60)
    assert stopped.status_code == 400 and time.monotonic() - started < 30
    assert stopped.json()["error"] == {
        "type": "limit", "message": i18n.t("ko", "err.limit.deadline", seconds="1"),
        "line": None, "column": None, "end_line": None, "end_column": None}
