"""A worker runs under an address-space limit (engine/core/limits.py's WORKER_MEMORY): a job that
allocates past it, as a case the ops' own checks missed would, answers the one `limit` error
shape in the request's language, at its place, and the same worker answers the next job."""

import json
import multiprocessing
import os
import resource
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from chainrule.app.runner import jobs
from chainrule.engine.catalogs import i18n
from chainrule.engine.core.limits import THREAD_MEMORY, WORKER_MEMORY, Limits
from chainrule.engine.document.build import build

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS: Linux")

# 3.2 GB of zeros, with the tensor limits lifted: the ops' checks no longer stop it, the cap does
HUGE = "x = 1.5\nf = x * sum(zeros(20000, 20000))"
LIFTED = Limits(tensor_elements=10**9, total_elements=10**9)


@pytest.fixture(scope="module")
def worker() -> Iterator[tuple[multiprocessing.Process, Connection]]:
    """jobs.serve in a fresh process, as the pool starts it."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=jobs.serve, args=(child,), daemon=True)
    process.start()
    child.close()
    yield process, parent
    parent.close()
    process.join(10)


def ask(conn: Connection, kwargs: dict[str, Any], lang: str = "en") -> jobs.Reply:
    conn.send((build, kwargs, lang))
    while conn.poll(60):
        kind, message = conn.recv()
        if kind == "end":
            return message  # type: ignore[no-any-return]
    raise TimeoutError


def status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":", 1) for line in lines if ":" in line)


def test_the_worker_maps_at_most_its_memory(worker: tuple[multiprocessing.Process, Connection]
                                             ) -> None:
    process, conn = worker
    assert ask(conn, {"source": "x = 1.5\nf = x * 2"}).status == 200  # started and serving
    limits = Path(f"/proc/{process.pid}/limits").read_text().splitlines()
    soft = int(next(line for line in limits if line.startswith("Max address space")).split()[3])
    most = int(status(process.pid or 0)["VmPeak"].split()[0]) * 1024  # at least its start's
    assert WORKER_MEMORY < soft <= most + WORKER_MEMORY + THREAD_MEMORY * (os.cpu_count() or 1)
    assert resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY  # ours stays


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_allocation_past_it_fails_that_job_alone(
        worker: tuple[multiprocessing.Process, Connection], lang: str) -> None:
    process, conn = worker
    reply = ask(conn, {"source": HUGE, "limits": LIFTED}, lang)
    error = json.loads(reply.plain())["error"]
    assert reply.status == 400 and error["type"] == "limit"
    assert error["message"] == i18n.t(lang, "err.limit.memory")
    line = HUGE.splitlines()[1]
    assert (error["line"], error["end_line"]) == (2, 2)
    assert line[error["column"] - 1:error["end_column"] - 1] == "zeros(20000, 20000)"
    assert int(status(process.pid or 0)["VmHWM"].split()[0]) < 1 << 20  # KB: never 3.2 GB
    answer = ask(conn, {"source": "x = 1.5\nf = x * 2"})
    assert answer.status == 200 and process.is_alive()
    output = json.loads(answer.plain())
    assert next(n["value"] for n in output["nodes"] if n["id"] == output["output"]) == 3.0
