"""Lanes of workers and a fair line in each, so a room's small requests never wait behind
trainings and no client takes every worker.

A lane runs at most `limit` jobs at once (one worker each) and one client holds all but one of
them at most, so someone else always finds one (a lane of two: one each). Up to `line` more jobs
wait, one client's in all but one place of it, each at most `patience` seconds and never past its
own deadline. When a worker frees, the next job is the oldest of the client holding the fewest
workers. A job that finds the line full or waits out its patience is told the server is busy,
with the seconds after which a worker of the lane is free at the latest (the first running job's
deadline). A client is an address: a class behind one NAT address is one client, which still
gets all but one worker. The lane counts; app/runner/workers.py runs.
"""

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

Client = str | None  # who sent the job (an address); None: no share to keep (tests, benchmarks)


@dataclass(frozen=True)
class Spec:
    ready: int  # workers started ahead
    limit: int  # jobs running at once, at most
    line: int  # jobs waiting for a worker, at most
    patience: float  # seconds a job waits for a worker, at most (inf: until its deadline)
    nice: bool = False  # its workers run at a lower CPU priority from the start (long jobs)


@dataclass(eq=False)
class Ticket:
    """A job's place: waiting, then `chosen` to run; `abandoned` once its client has gone."""

    client: Client
    deadline: float  # monotonic
    since: float = field(default_factory=time.monotonic)
    chosen: bool = False
    abandoned: bool = False


class Lane:
    """The counting of one lane: who runs, who waits, who is next."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.share = max(1, spec.limit - 1)
        self.waits = max(1, spec.line - 1)
        self.running: list[Ticket] = []
        self.waiting: list[Ticket] = []
        self.changed = threading.Condition()

    def admit(self, ticket: Ticket) -> bool:
        """Run `ticket` now or put it in line; False: the lane is full for it (busy)."""
        with self.changed:
            self.waiting.append(ticket)
            self._dispatch()
            if ticket.chosen:
                return True
            mine = sum(t.client == ticket.client for t in self.waiting)
            if len(self.waiting) > self.spec.line or (ticket.client and mine > self.waits):
                self.waiting.remove(ticket)
                return False
            return True

    def wait(self, ticket: Ticket) -> bool:
        """Block until `ticket` runs (True), or its patience or deadline ends or it is abandoned
        (False: it has left the line)."""
        until = min(ticket.since + self.spec.patience, ticket.deadline)
        with self.changed:
            while not ticket.chosen and not ticket.abandoned:
                left = until - time.monotonic()
                if left <= 0:
                    break
                self.changed.wait(left)
            if ticket.chosen:
                return True
            self.waiting.remove(ticket)
            self._dispatch()  # its client may have been the one holding others back
            return False

    def leave(self, ticket: Ticket) -> None:
        """A running job is over: its worker goes to the next in line."""
        with self.changed:
            self.running.remove(ticket)
            self._dispatch()

    def abandon(self, ticket: Ticket) -> None:
        with self.changed:
            ticket.abandoned = True
            self.changed.notify_all()

    def free_in(self) -> int:
        """Whole seconds until a worker of this lane is free at the latest (at least 1)."""
        with self.changed:
            soonest = min((t.deadline for t in self.running), default=time.monotonic())
        return max(1, math.ceil(soonest - time.monotonic()))

    def _dispatch(self) -> None:
        """Give free workers to the waiting jobs, fairest first (the lock is held)."""
        holding = Counter(t.client for t in self.running)
        while len(self.running) < self.spec.limit:
            able = [t for t in self.waiting if not t.abandoned
                    and (t.client is None or holding[t.client] < self.share)]
            if not able:
                break
            nxt = min(able, key=lambda t: (holding[t.client] if t.client else 0, t.since))
            self.waiting.remove(nxt)
            self.running.append(nxt)
            holding[nxt.client] += 1
            nxt.chosen = True
        self.changed.notify_all()
