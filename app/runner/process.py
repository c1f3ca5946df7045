"""One worker process and our end of its pipe: start it, hand it a job, read the job's messages
under a deadline, and stop it.

Workers come from the "forkserver" context: a clean single-threaded server process that has
imported numpy and the engine once forks each worker, so no worker inherits the locks of
uvicorn's threads (plain fork) and a replacement starts in milliseconds (spawn takes a second).
A worker answers each job first with ("start", None) (app/runner/jobs.py `serve`): a pipe that
ends before it was a worker already dead while idle, one that ends after it died with the job.
"""

import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from chainrule.app.runner import jobs

CONTEXT = multiprocessing.get_context("forkserver")
NICE_AFTER = 1.0  # a job still running after this many seconds yields the CPU to short ones
NICE = 10
POLL = 0.2  # seconds between looks at whether the job's client is still there


class Deadline(Exception):
    """The job's worker was still busy at the deadline (it has been killed)."""


class Crashed(Exception):
    """The worker died: `started` False if before it took the job (dead while idle)."""

    def __init__(self, started: bool) -> None:
        super().__init__("worker died " + ("during its job" if started else "while idle"))
        self.started = started


class Abandoned(Exception):
    """The job's client has gone; the worker must be stopped."""


@dataclass
class Worker:
    """One worker process and our end of its pipe; `nice` its CPU priority now."""

    process: BaseProcess
    conn: Connection
    nice: int = field(default=0)

    @classmethod
    def start(cls, nice: int = 0) -> "Worker":
        ours, theirs = CONTEXT.Pipe()
        process = CONTEXT.Process(target=jobs.serve, args=(theirs,), daemon=True,
                                  name="chainrule-worker")
        process.start()
        theirs.close()
        worker = cls(process, ours)
        if nice:
            worker.renice(nice)
        return worker

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def messages(self, job: tuple[Any, ...], deadline: float,
                 gone: Callable[[], bool]) -> Iterator[tuple[str, Any]]:
        """Send `job`; its messages as they come. Deadline once `deadline` (monotonic) passes,
        Abandoned once `gone()`, Crashed if the process dies; a job still running after
        NICE_AFTER is reniced so short ones keep their speed."""
        try:
            self.conn.send(job)
        except OSError as e:
            raise Crashed(started=False) from e
        nice_at, started = time.monotonic() + NICE_AFTER, False
        while True:
            now = time.monotonic()
            if now >= deadline:
                raise Deadline
            if gone():
                raise Abandoned
            if self.nice < NICE and now >= nice_at:
                self.renice(NICE)
            if not self.conn.poll(max(min(deadline, now + POLL) - now, 0.0)):
                continue
            try:
                kind, payload = self.conn.recv()
            except (EOFError, OSError) as e:
                raise Crashed(started) from e
            if kind == "start":
                started = True
                continue
            yield kind, payload
            if kind == "end":
                return

    def renice(self, nice: int) -> None:
        """Lower the worker's priority (a process cannot raise it again: it is replaced)."""
        self.nice = nice
        pid = self.process.pid
        if pid is not None:
            with contextlib.suppress(OSError):  # it may just have ended
                os.setpriority(os.PRIO_PROCESS, pid, nice)
