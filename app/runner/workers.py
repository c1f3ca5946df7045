"""A pool of worker processes in two lanes, with a hard deadline per job.

Each job (app/runner/jobs.py: one engine call, answered as finished JSON bytes) runs in a worker
process (app/runner/process.py). Graph-sized jobs and long ones (trainings, boundaries, surfaces)
have lanes of their own (app/runner/lanes.py), so a room's graphs never wait behind trainings and
no client holds every worker of a lane. A worker still busy at its job's deadline, or whose job
was cancelled (`job.reply.cancel()`: its client has gone), is killed — even inside one long NumPy
call — and replaced; the job answers the one `limit` error. A job that finds its lane full is
answered at once: the server is busy (503 with Retry-After). A worker found dead when a job comes
(killed while idle, as the OOM killer does) is replaced and the job runs on another; only a job
whose own worker dies fails. The event loop never waits on a worker: jobs run on threads.

Why not pebble's ProcessPool, which also kills and replaces a worker at a task's timeout: a
training run streams its NDJSON lines while it runs (a pebble task returns one result at its
end), a long job is reniced after NICE_AFTER so short ones go first, jobs wait in fair lanes inside
their own deadline, and a job is stopped when its client goes; those are this module's reason.
"""

import asyncio
import concurrent.futures
import contextlib
import importlib.util
import logging
import math
import queue
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from chainrule.app.errors import error_body
from chainrule.app.runner import jobs
from chainrule.app.runner.jobs import Reply, Target
from chainrule.app.runner.lanes import Client, Lane, Spec, Ticket
from chainrule.app.runner.process import CONTEXT, NICE, Abandoned, Crashed, Deadline, Worker
from chainrule.engine.core.errors import GraphError, LimitError, ValueErr
from chainrule.engine.document import build, training
from chainrule.engine.export.slides import make

log = logging.getLogger("chainrule")
# imported once, by the fork server: the jobs module and the engine functions routes run
PRELOAD = (jobs.__name__, build.__name__, training.__name__, make.__name__)  # make: the slides'
# python-pptx, ReportLab and QuickJS, a second or more to import inside a 6 s deadline
LIGHT, HEAVY = "light", "heavy"  # graph-sized jobs; trainings, boundaries and surfaces
HEAVY_LIMIT = 4  # long jobs at once per server process (reniced: graphs go first; --workers: more)
# seconds a job waits for a worker, at most: a graph is short, so it waits within its own deadline
LIGHT_PATIENCE, HEAVY_PATIENCE = math.inf, 3.0
RETRIES = 3  # workers a job tries when it finds them dead before they took it

Future = concurrent.futures.Future


@dataclass(eq=False)
class Job:
    """One engine call: `reply` its answer (cancel it when the client has gone), `started` True
    once a worker took it, False if it ended without one (busy, late, abandoned)."""

    target: Target
    kwargs: dict[str, Any]
    lang: str
    seconds: float
    lane: str = LIGHT
    client: Client = None
    on_part: Callable[[bytes | None], None] | None = None  # a streamed job's lines, None last
    since: float = field(default_factory=time.monotonic)
    reply: "Future[Reply]" = field(default_factory=Future)
    started: "Future[bool]" = field(default_factory=Future)


class Pool:
    """`size` light workers started ahead, up to `limit` while all are busy; `heavy` trainings at
    once. A job's `seconds` count from its submission: waiting for a worker is part of them."""

    def __init__(self, size: int = 2, limit: int = 6, heavy: int = HEAVY_LIMIT) -> None:
        self.size, self.limit = size, max(limit, size)
        self.lanes = {
            LIGHT: Lane(Spec(size, self.limit, 4 * self.limit, LIGHT_PATIENCE)),
            HEAVY: Lane(Spec(1, heavy, 2 * heavy, HEAVY_PATIENCE, nice=True)),
        }
        self.calls = 0  # jobs sent to a worker (what the result cache saves)
        self.killed = 0  # workers stopped at a deadline
        self.abandoned = 0  # jobs stopped because their client had gone
        self.busy = 0  # jobs answered "busy" without running
        self._idle = {name: queue.LifoQueue[Worker]() for name in self.lanes}  # warmest first
        self._live: Counter[str] = Counter()
        self._lock = threading.Lock()
        threads = sum(lane.spec.limit + lane.spec.line for lane in self.lanes.values())
        self._threads = concurrent.futures.ThreadPoolExecutor(threads, "chainrule-job")
        self._closed = False

    def start(self) -> "Pool":
        """Start the fork server and the workers kept ready (blocks for about a second)."""
        CONTEXT.set_forkserver_preload([m for m in PRELOAD if importlib.util.find_spec(m)])
        for name, lane in self.lanes.items():
            while self._live[name] < lane.spec.ready:
                self._add(name)
        return self

    def close(self) -> None:
        self._closed = True
        self._threads.shutdown(wait=False, cancel_futures=True)
        for idle in self._idle.values():
            while not idle.empty():
                idle.get_nowait().stop()

    def ready(self, lane: str = LIGHT) -> int:
        """Idle workers of `lane` now."""
        return self._idle[lane].qsize()

    def open(self, target: Target, kwargs: dict[str, Any], lang: str, seconds: float, *,
             lane: str = LIGHT, client: Client = None,
             on_part: Callable[[bytes | None], None] | None = None) -> Job:
        """Start the job, or answer it busy at once when its lane has no room for it."""
        job = Job(target, kwargs, lang, seconds, lane, client, on_part)
        ticket = Ticket(client, job.since + seconds)
        road = self.lanes[lane]

        def gone(reply: "Future[Reply]") -> None:
            if reply.cancelled():
                road.abandon(ticket)

        job.reply.add_done_callback(gone)
        if road.admit(ticket):
            self._threads.submit(self._run, job, ticket)
        else:
            self.busy += 1
            self._end(job, busy(road.free_in(), lang), started=False)
        return job

    def submit(self, target: Target, kwargs: dict[str, Any], lang: str, seconds: float, *,
               lane: str = LIGHT, client: Client = None) -> "Future[Reply]":
        """Start the job; the future gets its Reply (a `limit` error past `seconds`)."""
        return self.open(target, kwargs, lang, seconds, lane=lane, client=client).reply

    async def run(self, target: Target, kwargs: dict[str, Any], lang: str,
                  seconds: float) -> Reply:
        return await asyncio.wrap_future(self.submit(target, kwargs, lang, seconds))

    def call(self, target: Target, kwargs: dict[str, Any], lang: str, seconds: float) -> Reply:
        """Blocking: run the job on a worker and return its whole Reply."""
        return self.submit(target, kwargs, lang, seconds).result()

    def open_stream(self, target: Target, kwargs: dict[str, Any], lang: str, seconds: float, *,
                    lane: str = LIGHT, client: Client = None) -> tuple[Job, AsyncIterator[bytes]]:
        """A streamed job and its NDJSON lines as they come; an error ends them as the last line.
        Leaving the lines early cancels the job. Call it inside the event loop."""
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[bytes | None] = asyncio.Queue()

        def put(line: bytes | None) -> None:
            loop.call_soon_threadsafe(lines.put_nowait, line)

        job = self.open(target, kwargs, lang, seconds, lane=lane, client=client, on_part=put)
        job.reply.add_done_callback(lambda _: put(None))  # after every line the worker sent
        return job, _lines(job, lines)

    async def stream(self, target: Target, kwargs: dict[str, Any], lang: str,
                     seconds: float) -> AsyncIterator[bytes]:
        """A streamed job's NDJSON lines as they come; an error ends the stream as its last line."""
        _, lines = self.open_stream(target, kwargs, lang, seconds)
        async for line in lines:
            yield line

    def _run(self, job: Job, ticket: Ticket) -> None:
        """A job's thread: wait for its turn, run it on a worker, answer it."""
        road = self.lanes[job.lane]
        if not road.wait(ticket):  # its patience or deadline ran out in line, or it was left
            late = time.monotonic() >= ticket.deadline
            if not late and not job.reply.cancelled():
                self.busy += 1
            self._end(job, deadline(job) if late else busy(road.free_in(), job.lang), False)
            return
        job.started.set_result(True)
        reply = failure(ValueErr("err.internal"), job.lang)  # unless the job answers
        try:
            reply = self._work(job, ticket.deadline)
        except Exception:  # a bug of ours: still an answer in the one error shape
            log.exception("worker pool failed on %s", jobs.name(job.target))
        finally:
            road.leave(ticket)
            self._end(job, reply)

    def _work(self, job: Job, until: float) -> Reply:
        """Blocking: the job on a worker of its lane; deadline, cancel and crash become a Reply."""
        with self._lock:
            self.calls += 1
        for _ in range(RETRIES):
            worker, keep = self._take(job.lane), False
            try:
                reply = deadline(job)
                for kind, payload in worker.messages((job.target, job.kwargs, job.lang), until,
                                                     job.reply.cancelled):
                    if kind == "part" and job.on_part:
                        job.on_part(payload)
                    elif kind == "end":
                        reply = payload
                keep = worker.nice == (NICE if self.lanes[job.lane].spec.nice else 0)
                return reply
            except Crashed as e:
                if e.started:  # it died with this job (out of memory, killed)
                    return failure(ValueErr("err.worker.died"), job.lang)
            except Deadline:
                self.killed += 1
                return deadline(job)
            except Abandoned:
                self.abandoned += 1
                return deadline(job)  # nobody reads it
            finally:
                self._give_back(job.lane, worker, keep)
        return failure(ValueErr("err.internal"), job.lang)

    def _end(self, job: Job, reply: Reply, started: bool = True) -> None:
        """Answer the job (unless its client has gone and cancelled it)."""
        with contextlib.suppress(concurrent.futures.InvalidStateError):
            job.reply.set_result(reply)
        with contextlib.suppress(concurrent.futures.InvalidStateError):
            job.started.set_result(started)

    def _take(self, lane: str) -> Worker:
        """An idle worker of `lane` that is alive, else a new one."""
        while True:
            try:
                worker = self._idle[lane].get_nowait()
            except queue.Empty:  # every worker busy: this thread's job gets a new one
                return self._add(lane, idle=False)
            if worker.alive():
                return worker
            self._give_back(lane, worker, keep=False)  # died while idle: replaced

    def _give_back(self, lane: str, worker: Worker, keep: bool) -> None:
        """An idle worker back in line; a killed, crashed or reniced one stopped and replaced."""
        if keep and not self._closed:
            self._idle[lane].put(worker)
            return
        with self._lock:
            self._live[lane] -= 1
        threading.Thread(target=self._replace, args=(lane, worker), daemon=True).start()

    def _replace(self, lane: str, worker: Worker) -> None:
        worker.stop()
        if not self._closed and self._live[lane] < self.lanes[lane].spec.ready:
            self._add(lane)

    def _add(self, lane: str, idle: bool = True) -> Worker:
        worker = Worker.start(NICE if self.lanes[lane].spec.nice else 0)
        with self._lock:
            self._live[lane] += 1
        if idle:
            self._idle[lane].put(worker)
        return worker


async def _lines(job: Job, lines: "asyncio.Queue[bytes | None]") -> AsyncIterator[bytes]:
    try:
        while (line := await lines.get()) is not None:
            yield line
        if not job.reply.cancelled() and (last := job.reply.result().plain()):
            yield last + b"\n"  # an error after (or instead of) progress lines
    finally:
        job.reply.cancel()  # left early (the client went): stop the worker


def failure(error: GraphError, lang: str, retry_after: int | None = None) -> Reply:
    """An error Reply that must not be cached (the same request may well succeed next time)."""
    status = 400 if retry_after is None else 503
    return Reply(status, jobs.dumps(error_body(error, lang)), cacheable=False,
                 retry_after=retry_after)


def deadline(job: Job) -> Reply:
    return failure(LimitError("err.limit.deadline", seconds=f"{job.seconds:g}"), job.lang)


def busy(seconds: int, lang: str) -> Reply:
    """503: no worker of the lane is free soon enough; try again after `seconds`."""
    return failure(LimitError("err.busy", seconds=seconds), lang, retry_after=seconds)
