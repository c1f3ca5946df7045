"""The worker pool: a hard deadline that stops even one long NumPy call while other requests are
answered, a pool that replaces the stopped worker, and `chainrule serve --workers 2`."""

import asyncio
import importlib
import json
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.testclient import TestClient
from pydantic import BaseModel

from chainrule.app.main import create_app
from chainrule.app.runner import results
from chainrule.app.runner.workers import LIGHT, Pool
from chainrule.engine.catalogs import i18n
from chainrule.engine.document import build

SIMPLE = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z"
BENCH = Path(__file__).resolve().parents[2] / "bench"
LONG = 4000


def eigenvalues(n: int) -> dict[str, float]:
    """One LAPACK call (dgeev): about 25 s for n = LONG on this 2-core machine when idle."""
    matrix = np.random.default_rng(0).random((n, n))
    return {"largest": float(np.abs(np.linalg.eigvals(matrix)).max())}


SLOW = eigenvalues  # pickled by its module and name: the worker imports this test module


def count_to(n: int, pause: float = 0.0) -> Iterator[dict[str, int]]:
    """A streamed job: one NDJSON line per step."""
    for step in range(n):
        time.sleep(pause)
        yield {"step": step}


def crash() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def wait_until(condition, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Poll `condition` (bounded; no fixed sleeps)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def pool() -> Iterator[Pool]:
    workers = Pool(size=2, limit=4).start()
    yield workers
    workers.close()


def error(reply_body: bytes) -> dict[str, object]:
    detail: dict[str, object] = json.loads(reply_body)["error"]
    return detail


def test_a_long_numpy_call_is_stopped_at_its_deadline(pool: Pool) -> None:
    killed = pool.killed
    started = time.monotonic()
    slow = pool.submit(SLOW, {"n": LONG}, "ko", 1.0)
    ordinary = pool.call(build.build, {"source": SIMPLE}, "en", 6.0)  # meanwhile
    assert not slow.done()
    assert ordinary.status == 200
    nodes = json.loads(ordinary.plain())["nodes"]
    assert [n["value"] for n in nodes if n["name"] == "f"] == [-12.0]
    reply = slow.result(timeout=30)
    elapsed = time.monotonic() - started
    assert reply.status == 400 and not reply.cacheable
    assert error(reply.plain())["type"] == "limit"
    assert "1초" in str(error(reply.plain())["message"])  # the request's language
    assert elapsed < 12.0  # the call alone runs ~25 s; a generous bound (the bench has timings)
    assert pool.killed == killed + 1
    wait_until(lambda: pool.ready() == pool.size)  # replaced
    assert pool.call(SLOW, {"n": 3}, "en", 6.0).status == 200


def test_a_crashed_worker_answers_an_internal_error_and_is_replaced(pool: Pool) -> None:
    reply = pool.call(crash, {}, "en", 6.0)
    assert reply.status == 400 and error(reply.body)["type"] == "value"
    assert error(reply.body)["message"] == i18n.t("en", "err.worker.died")  # its own worker
    wait_until(lambda: pool.ready() == pool.size)
    assert pool.call(build.build, {"source": SIMPLE}, "en", 6.0).status == 200


def test_workers_killed_while_idle_are_replaced_and_the_next_jobs_run(pool: Pool) -> None:
    """The OOM killer's SIGKILL to every idle worker: the next jobs run on fresh ones."""
    wait_until(lambda: pool.ready() == pool.size)
    idle = [pool._idle[LIGHT].get() for _ in range(pool.size)]
    for worker in idle:
        pool._idle[LIGHT].put(worker)
        os.kill(worker.process.pid, signal.SIGKILL)  # type: ignore[arg-type]
    for worker in idle:
        worker.process.join(timeout=10)
    replies = [pool.call(build.build, {"source": SIMPLE + f"  # {n}"}, "en", 6.0)
               for n in range(pool.size + 1)]
    assert [r.status for r in replies] == [200] * (pool.size + 1)
    wait_until(lambda: pool.ready() >= pool.size)


def test_a_job_whose_client_has_gone_stops_its_worker_within_a_second(pool: Pool) -> None:
    abandoned, calls = pool.abandoned, pool.calls
    job = pool.submit(SLOW, {"n": LONG}, "en", 30.0)
    wait_until(lambda: pool.calls == calls + 1)  # it runs
    started = time.monotonic()
    assert job.cancel()  # the client went away
    wait_until(lambda: pool.abandoned == abandoned + 1)
    assert time.monotonic() - started < 3.0  # polled every 0.2 s; generous for a loaded machine
    assert pool.call(build.build, {"source": SIMPLE}, "en", 6.0).status == 200


def test_busy_workers_do_not_block_the_next_job(pool: Pool) -> None:
    slow = [pool.submit(SLOW, {"n": LONG}, "en", 2.0) for _ in range(pool.size)]
    ordinary = pool.call(build.build, {"source": SIMPLE}, "en", 6.0)  # a third worker
    assert ordinary.status == 200
    assert not any(job.done() for job in slow)
    assert all(job.result(timeout=30).status == 400 for job in slow)


def test_a_job_that_waited_its_whole_time_for_a_worker_answers_limit(pool: Pool) -> None:
    calls = pool.calls
    busy = [pool.submit(SLOW, {"n": LONG}, "en", 2.0) for _ in range(pool.limit)]
    late = pool.submit(build.build, {"source": SIMPLE}, "en", 1.0)  # no thread free
    reply = late.result(timeout=30)
    assert reply.status == 400 and error(reply.body)["type"] == "limit"
    assert all(job.result(timeout=30).status == 400 for job in busy)
    assert pool.calls == calls + pool.limit  # the late job never reached a worker


def test_a_streamed_job_sends_its_lines_and_ends_with_its_error(pool: Pool) -> None:
    async def lines(kwargs: dict[str, float], seconds: float) -> list[dict[str, object]]:
        stream = pool.stream(count_to, kwargs, "en", seconds)
        return [json.loads(line) async for line in stream]

    def run(kwargs: dict[str, float], seconds: float) -> list[dict[str, object]]:
        # A thread of its own: Playwright's sync API may hold this thread's event loop.
        with ThreadPoolExecutor(1) as thread:
            return thread.submit(asyncio.run, lines(kwargs, seconds)).result()

    assert run({"n": 3}, 6.0) == [{"step": 0}, {"step": 1}, {"step": 2}]
    cut = run({"n": 100, "pause": 0.1}, 3.0)
    assert cut[0] == {"step": 0} and 1 < len(cut) < 100
    assert cut[-1]["error"]["type"] == "limit"  # type: ignore[index]


class Slow(BaseModel):
    n: int


def slow_app() -> FastAPI:
    """The real app plus one route whose job runs long inside one NumPy call."""
    app = create_app()

    @app.post("/test/slow")
    async def slow(body: Slow, request: Request) -> Response:
        return await results.answer(request, SLOW, {"n": body.n}, body, 1.0)

    return app


def test_a_slow_request_answers_limit_while_others_are_answered() -> None:
    client = TestClient(slow_app())
    with ThreadPoolExecutor(2) as threads:
        started = time.monotonic()
        slow = threads.submit(client.post, "/test/slow", json={"n": LONG},
                              headers={"Accept-Language": "en"})
        wait_until(lambda: results.CACHE._flying)  # the slow job is under way
        ordinary = client.post("/api/graph", json={"source": SIMPLE + "  # meanwhile"})
        assert ordinary.status_code == 200 and not slow.done()
        answer = slow.result(timeout=30)
        elapsed = time.monotonic() - started
    assert answer.status_code == 400
    assert answer.json()["error"]["type"] == "limit"
    assert answer.json()["error"]["message"] == "the request took longer than 1 s and was stopped"
    assert elapsed < 12.0
    again = client.post("/test/slow", json={"n": 4})  # not cached as a limit: computed anew
    assert again.status_code == 200 and "largest" in again.json(), again.text


def test_serve_with_two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    httpx = pytest.importorskip("httpx2")
    monkeypatch.syspath_prepend(str(BENCH))
    load_bench = importlib.import_module("load_bench")  # starts servers as the benchmark does
    with load_bench.server(workers=2) as base:
        assert httpx.get(f"{base}/healthz", timeout=30).json() == {"status": "ok"}
        answer = httpx.post(f"{base}/api/graph", json={"source": SIMPLE}, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    f = [n for n in answer.json()["nodes"] if n["name"] == "f"]
    assert f[0]["value"] == -12.0 and f[0]["grad"] == 1.0
