"""Routes' answers computed in the worker pool under a hard deadline, through the result cache.

`answer(request, build.build, kwargs, body, GRAPH_SECONDS)` is all a route does: the key is the
target's name, the language and the whole validated body (and kwargs), so identical requests
share one computation; the answer goes out as the worker's bytes (already gzip-compressed when
the client accepts it).
"""

import asyncio
import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel

from chainrule.app.lang import api_language
from chainrule.app.runner import jobs
from chainrule.app.runner.cache import ResultCache, key
from chainrule.app.runner.workers import Pool, failure
from chainrule.engine.core.errors import ValueErr
from chainrule.engine.core.limits import SLACK, Limits
from chainrule.engine.core.limits import TRAIN_SECONDS as TRAIN_BUDGET

log = logging.getLogger("chainrule")

GRAPH_SECONDS = Limits().seconds + SLACK  # the engine's own evaluation limit, plus tracing & JSON
TRAIN_SECONDS = TRAIN_BUDGET + SLACK  # a training run's budget, plus the final graph's JSON
POOL_ENV = "CHAINRULE_POOL"  # workers kept ready per server process (`chainrule serve --pool`)
EXTRA = 6  # more workers started while all are busy, so slow requests never block a room
GUNZIP_INLINE = 128 << 10  # larger bodies are decompressed (for old clients) off the event loop

CACHE = ResultCache()
_pool: Pool | None = None
_pool_lock = threading.Lock()


def pool() -> Pool:
    """This process's worker pool, started on first use (or at start-up by `lifespan`)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            size = max(1, int(os.environ.get(POOL_ENV) or 2))
            _pool = Pool(size, size + EXTRA).start()
        return _pool


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the workers before the first request; stop them with the server."""
    global _pool
    await asyncio.to_thread(pool)
    yield
    with _pool_lock:
        stopping, _pool = _pool, None  # a later app in this process starts a new pool
    if stopping is not None:
        stopping.close()


async def answer(request: Request, target: jobs.Target, kwargs: dict[str, Any], body: BaseModel,
                 seconds: float) -> Response:
    """`target(**kwargs)` as the response, from the cache or a worker stopped after `seconds`."""
    lang = api_language(request)
    digest = key(jobs.name(target), lang, body, kwargs)
    try:
        reply = await CACHE.fetch(digest, lambda: pool().submit(target, kwargs, lang, seconds))
    except Exception:  # the pool itself failed (not the user's program): still never a 500
        log.exception("worker pool failed on %s", jobs.name(target))
        reply = failure(ValueErr("err.internal"), lang)
    return await respond(reply, request)


async def respond(reply: jobs.Reply, request: Request) -> Response:
    """The reply's bytes, as they are when the client takes gzip, else decompressed."""
    if not reply.gzipped:
        return Response(reply.body, reply.status, media_type="application/json")
    vary = {"vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        return Response(reply.body, reply.status, media_type="application/json",
                        headers=vary | {"content-encoding": "gzip"})
    big = len(reply.body) > GUNZIP_INLINE
    body = await asyncio.to_thread(reply.plain) if big else reply.plain()
    return Response(body, reply.status, media_type="application/json", headers=vary)
