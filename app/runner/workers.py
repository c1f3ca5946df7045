"""A small pool of worker processes with a hard deadline per job.

Each job (app/runner/jobs.py: one engine call, answered as finished JSON bytes) runs in a worker
process. A worker still busy at its job's deadline is killed — even inside one long NumPy call — and
replaced, and the job answers the one `limit` error. The event loop never waits on a worker:
`run` and `stream` hand the blocking part to a thread per job and await it.

Workers come from the "forkserver" context: a clean single-threaded server process that has
imported numpy and the engine once forks each worker, so no worker inherits the locks of
uvicorn's threads (plain fork) and a replacement starts in milliseconds (spawn takes a second).

Why not pebble's ProcessPool, which also kills and replaces a worker at a task's timeout: a
training run streams its NDJSON lines while it runs (a pebble task returns one result at its
end), a long job is reniced after NICE_AFTER so short ones go first, and jobs wait for a free
worker inside their own deadline (`call`'s `since`); those three are this module's reason to be.
"""

import asyncio
import concurrent.futures
import contextlib
import importlib.util
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from chainrule.app.errors import error_body
from chainrule.app.runner import jobs
from chainrule.app.runner.jobs import Target
from chainrule.engine.core.errors import LimitError, ValueErr
from chainrule.engine.document import build, training

CONTEXT = multiprocessing.get_context("forkserver")
# imported once, by the fork server: the jobs module and the engine functions routes run
PRELOAD = (jobs.__name__, build.__name__, training.__name__)
NICE_AFTER = 1.0  # a job still running after this many seconds yields the CPU to short ones
NICE = 10


class Deadline(Exception):
    """The job's worker was still busy at the deadline (it has been killed)."""


class Crashed(Exception):
    """The job's worker died (killed from outside, out of memory, a crash in native code)."""


@dataclass
class Worker:
    """One worker process and our end of its pipe."""

    process: BaseProcess
    conn: Connection
    reniced: bool = field(default=False)

    @classmethod
    def start(cls) -> "Worker":
        ours, theirs = CONTEXT.Pipe()
        process = CONTEXT.Process(target=jobs.serve, args=(theirs,), daemon=True,
                                  name="chainrule-worker")
        process.start()
        theirs.close()
        return cls(process, ours)

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def messages(self, deadline: float) -> Iterator[tuple[str, Any]]:
        """The job's messages as they come; Deadline once `deadline` (monotonic) passes."""
        nice_at = time.monotonic() + NICE_AFTER
        while True:
            until = deadline if self.reniced else min(deadline, nice_at)
            if self.conn.poll(max(until - time.monotonic(), 0.0)):
                try:
                    kind, payload = self.conn.recv()
                except (EOFError, OSError) as e:
                    raise Crashed from e
                yield kind, payload
                if kind == "end":
                    return
            elif time.monotonic() >= deadline:
                raise Deadline
            elif not self.reniced:
                self.renice()

    def renice(self) -> None:
        """Lower a long job's priority, so a room's short requests keep their speed meanwhile."""
        self.reniced = True
        pid = self.process.pid
        if pid is not None:
            with contextlib.suppress(OSError):  # it may just have ended
                os.setpriority(os.PRIO_PROCESS, pid, NICE)


class Pool:
    """`size` workers started ahead; up to `limit` while all are busy (more jobs wait their turn).

    Jobs run on `limit` threads, one per busy worker, so at most `limit` run at once. A job's
    `seconds` count from its submission: time spent waiting for a worker is part of them."""

    def __init__(self, size: int = 2, limit: int = 6) -> None:
        self.size, self.limit = size, max(limit, size)
        self.calls = 0  # jobs sent to a worker (what the result cache saves)
        self.killed = 0  # workers stopped at a deadline
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()  # the warmest worker first
        self._live = 0
        self._lock = threading.Lock()
        self._threads = concurrent.futures.ThreadPoolExecutor(self.limit, "chainrule-job")
        self._closed = False

    def start(self) -> "Pool":
        """Start the fork server and the first `size` workers (blocks for about a second)."""
        CONTEXT.set_forkserver_preload([m for m in PRELOAD if importlib.util.find_spec(m)])
        while self._live < self.size:
            self._add()
        return self

    def close(self) -> None:
        self._closed = True
        self._threads.shutdown(wait=False, cancel_futures=True)
        while not self._idle.empty():
            self._idle.get_nowait().stop()

    def submit(self, target: Target, kwargs: dict[str, Any], lang: str,
               seconds: float) -> "concurrent.futures.Future[jobs.Reply]":
        """Start the job; the future gets its Reply (a `limit` error past `seconds`)."""
        return self._threads.submit(self.call, target, kwargs, lang, seconds, time.monotonic())

    async def run(self, target: Target, kwargs: dict[str, Any], lang: str,
                  seconds: float) -> jobs.Reply:
        return await asyncio.wrap_future(self.submit(target, kwargs, lang, seconds))

    def call(self, target: Target, kwargs: dict[str, Any], lang: str, seconds: float,
             since: float | None = None) -> jobs.Reply:
        """Blocking: run the job on a worker and return its whole Reply."""
        *_, (_, reply) = self.messages(target, kwargs, lang, seconds, since)
        result: jobs.Reply = reply
        return result

    async def stream(self, target: Target, kwargs: dict[str, Any], lang: str,
                     seconds: float) -> AsyncIterator[bytes]:
        """A streamed job's NDJSON lines as they come; an error ends the stream as its last line."""
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[bytes | None] = asyncio.Queue()
        since = time.monotonic()

        def pump() -> None:
            try:
                for kind, payload in self.messages(target, kwargs, lang, seconds, since):
                    line = payload if kind == "part" else payload.plain()
                    if kind == "end" and line:
                        line += b"\n"  # an error after (or instead of) progress lines
                    loop.call_soon_threadsafe(lines.put_nowait, line)
            finally:
                loop.call_soon_threadsafe(lines.put_nowait, None)

        done = asyncio.wrap_future(self._threads.submit(pump))
        while (line := await lines.get()) is not None:
            if line:
                yield line
        await done

    def messages(self, target: Target, kwargs: dict[str, Any], lang: str, seconds: float,
                 since: float | None = None) -> Iterator[tuple[str, Any]]:
        """Blocking: the job's messages; deadline and crash become a final error Reply."""
        deadline = (time.monotonic() if since is None else since) + seconds
        late = failure(LimitError("err.limit.deadline", seconds=f"{seconds:g}"), lang)
        if time.monotonic() >= deadline:  # its whole time went waiting for a worker
            yield "end", late
            return
        worker = self._take()
        healthy = False
        with self._lock:
            self.calls += 1
        try:
            try:
                worker.conn.send((target, kwargs, lang))
            except OSError as e:  # it died while idle
                raise Crashed from e
            yield from worker.messages(deadline)
            healthy = not worker.reniced
        except Deadline:
            self.killed += 1
            yield "end", late
        except Crashed:
            yield "end", failure(ValueErr("err.internal"), lang)
        finally:
            self._give_back(worker, healthy)

    def _take(self) -> Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:  # every worker busy: this thread's job gets a new one
            return self._add(idle=False)

    def _give_back(self, worker: Worker, healthy: bool) -> None:
        """An idle worker back in line; a killed, crashed or reniced one stopped and replaced."""
        if healthy and not self._closed:
            self._idle.put(worker)
            return
        with self._lock:
            self._live -= 1
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()

    def _replace(self, worker: Worker) -> None:
        worker.stop()
        if not self._closed and self._live < self.size:
            self._add()

    def _add(self, idle: bool = True) -> Worker:
        worker = Worker.start()
        with self._lock:
            self._live += 1
        if idle:
            self._idle.put(worker)
        return worker


def failure(error: LimitError | ValueErr, lang: str) -> jobs.Reply:
    """An error Reply that must not be cached (the same request may well succeed next time)."""
    return jobs.Reply(400, jobs.dumps(error_body(error, lang)), cacheable=False)
