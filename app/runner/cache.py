"""A bounded cache of recent results, shared by identical requests in flight.

A lecture hall opens the same link at once: the first request computes, the others wait for that
same computation (single flight) and later ones are answered from memory. Entries are the
finished response bodies (app/runner/jobs.py's Reply), least recently used dropped first once
their bytes pass the bound: cachetools' LRUCache does the bounding, measuring each entry by its
body. Single flight is ours: cachetools has no shared computation in flight across threads.
The key holds everything that changes the answer.
"""

import asyncio
import concurrent.futures
import hashlib
import json
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import cachetools
from pydantic import BaseModel

from chainrule.app.runner.jobs import Reply

MAX_BYTES = 64 << 20
ENTRY_OVERHEAD = 200  # bytes of bookkeeping counted per entry besides its body

Computation = concurrent.futures.Future[Reply]


def key(*parts: Any) -> bytes:
    """A digest of `parts` (strings, JSON-able values, pydantic models) in canonical JSON."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()  # any text a body holds


def _plain(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot key a {type(value).__name__}")


class ResultCache:
    """An LRU of Replies holding at most `max_bytes`; an entry above a quarter of that is not kept
    (one huge graph must not push out the whole room's lecture examples)."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.hits = self.misses = 0
        self._entries: cachetools.LRUCache[bytes, Reply] = cachetools.LRUCache(
            max_bytes, getsizeof=_cost)
        self._flying: dict[bytes, Computation] = {}
        self._waiting: Counter[bytes] = Counter()  # requests waiting for each computation
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """The bytes held: the bodies, plus ENTRY_OVERHEAD each."""
        return int(self._entries.currsize)

    def get(self, digest: bytes) -> Reply | None:
        with self._lock:
            return self._entries.get(digest)  # a hit is the most recently used

    def put(self, digest: bytes, reply: Reply) -> None:
        with self._lock:
            self._store(digest, reply)

    def _store(self, digest: bytes, reply: Reply) -> None:
        if reply.cacheable and _cost(reply) <= self.max_bytes // 4:
            self._entries[digest] = reply  # the least recently used go until it fits

    async def fetch(self, digest: bytes, compute: Callable[[], Computation]) -> Reply:
        """The cached Reply, else the one computation in flight for `digest`, else a new one.

        Cancelled (its client has gone), it leaves the computation, which stops once no request
        waits for it any more."""
        future = self.flight(digest, compute)
        if future.done():
            return future.result()
        try:  # shielded: one client going away must not cancel the others' shared computation
            return await asyncio.shield(asyncio.wrap_future(future))
        except asyncio.CancelledError:
            self.leave(digest, future)
            raise

    def flight(self, digest: bytes, compute: Callable[[], Computation]) -> Computation:
        """A future of the Reply: done at once on a hit, shared by concurrent misses (each one
        counted as waiting for it until it lands or `leave`s)."""
        with self._lock:
            reply = self._entries.get(digest)
            if reply is not None:
                self.hits += 1
                done: Computation = concurrent.futures.Future()
                done.set_result(reply)
                return done
            flying = self._flying.get(digest)
            if flying is not None:
                self.hits += 1
                self._waiting[digest] += 1
                return flying
            self.misses += 1
            flying = self._flying[digest] = compute()
            self._waiting[digest] = 1
        flying.add_done_callback(lambda future: self._landed(digest, future))
        return flying

    def leave(self, digest: bytes, future: Computation) -> None:
        """One request no longer waits for `future`; the last one to go cancels it."""
        with self._lock:
            if self._flying.get(digest) is not future:
                return  # landed already
            self._waiting[digest] -= 1
            last = self._waiting[digest] <= 0
        if last:
            future.cancel()  # outside the lock: its callbacks take it

    def _landed(self, digest: bytes, future: Computation) -> None:
        with self._lock:  # stored before it stops flying: no gap for a second computation
            if not future.cancelled() and future.exception() is None:
                self._store(digest, future.result())
            if self._flying.get(digest) is future:
                del self._flying[digest]
                self._waiting.pop(digest, None)


def _cost(reply: Reply) -> int:
    return len(reply.body) + ENTRY_OVERHEAD
