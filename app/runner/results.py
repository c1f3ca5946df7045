"""Routes' answers computed in the worker pool under a hard deadline, through the result cache.

`answer(request, build.build, kwargs, body, GRAPH_SECONDS)` is all a route does (trainings add
`lane=HEAVY`): the key is the target's name, the language and the whole validated body (and
kwargs), so identical requests share one computation; the answer goes out as the worker's bytes
(already gzip-compressed when the client accepts it). A request whose client closes the connection
stops waiting, and its computation stops once no one else waits for it; a busy server's 503
carries Retry-After. The client is the request's address (behind a proxy, the X-Forwarded-For
uvicorn trusts from 127.0.0.1).
"""

import asyncio
import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel
from starlette.background import BackgroundTask

from chainrule.app.lang import api_language
from chainrule.app.runner import jobs
from chainrule.app.runner.cache import ResultCache, key
from chainrule.app.runner.workers import LIGHT, Pool, failure
from chainrule.engine.core.errors import ValueErr
from chainrule.engine.core.limits import SLACK, Limits
from chainrule.engine.core.limits import TRAIN_SECONDS as TRAIN_BUDGET

log = logging.getLogger("chainrule")

GRAPH_SECONDS = Limits().seconds + SLACK  # the engine's own evaluation limit, plus tracing & JSON
TRAIN_SECONDS = TRAIN_BUDGET + SLACK  # a training run's budget, plus the final graph's JSON
POOL_ENV = "CHAINRULE_POOL"  # workers kept ready per server process (`chainrule serve --pool`)
EXTRA = 6  # more workers started while all are busy, so slow requests never block a room
GUNZIP_INLINE = 128 << 10  # larger bodies are decompressed (for old clients) off the event loop
NDJSON = "application/x-ndjson"
GONE = 499  # what a request whose client has gone "answers" (no one reads it)

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
                 seconds: float, lane: str = LIGHT, lang: str | None = None) -> Response:
    """`target(**kwargs)` as the response, from the cache or a worker stopped after `seconds`."""
    reply = await compute(request, target, kwargs, body, seconds, lane, lang)
    return Response(status_code=GONE) if reply is None else await respond(reply, request)


async def compute(request: Request, target: jobs.Target, kwargs: dict[str, Any], body: Any,
                  seconds: float, lane: str = LIGHT, lang: str | None = None) -> jobs.Reply | None:
    """The Reply of `target(**kwargs)` in `lang` (default: the API's); None if the client left."""
    lang = lang or api_language(request)
    digest = key(jobs.name(target), lang, body, kwargs)
    client = request.client.host if request.client else None
    fetching = asyncio.ensure_future(CACHE.fetch(digest, lambda: pool().submit(
        target, kwargs, lang, seconds, lane=lane, client=client)))
    if not await _unless_gone(request, fetching):
        fetching.cancel()  # the computation stops unless others wait for it
        return None
    try:
        return fetching.result()
    except Exception:  # the pool itself failed (not the user's program): still never a 500
        log.exception("worker pool failed on %s", jobs.name(target))
        return failure(ValueErr("err.internal"), lang)


async def stream(request: Request, target: jobs.Target, kwargs: dict[str, Any],
                 seconds: float, lane: str = LIGHT) -> Response:
    """NDJSON lines of a streamed job once a worker has taken it; a busy server's 503 (or the
    deadline's error) as a plain answer before that; the job stops when its client goes."""
    job, lines = pool().open_stream(target, kwargs, api_language(request), seconds, lane=lane,
                                    client=request.client.host if request.client else None)
    if not await _unless_gone(request, asyncio.wrap_future(job.started)):
        job.reply.cancel()
        return Response(status_code=GONE)
    if not job.started.result():
        return await respond(job.reply.result(), request)
    # run after the response, also when Starlette ended it because the client went away
    return StreamingResponse(lines, media_type=NDJSON, background=BackgroundTask(job.reply.cancel))


async def _unless_gone(request: Request, waiting: "asyncio.Future[Any]") -> bool:
    """Wait for `waiting`; False if the client closes the connection first."""
    gone = asyncio.ensure_future(_disconnect(request))
    try:
        await asyncio.wait({waiting, gone}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        gone.cancel()
    return waiting.done()


async def _disconnect(request: Request) -> None:
    """Return once the client has closed the connection (the body is read already)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def respond(reply: jobs.Reply, request: Request, media_type: str = "application/json",
                  headers: dict[str, str] | None = None) -> Response:
    """The reply's bytes, as they are when the client takes gzip, else decompressed."""
    headers = dict(headers or {})
    if reply.retry_after is not None:
        headers["retry-after"] = str(reply.retry_after)
    if not reply.gzipped:
        return Response(reply.body, reply.status, media_type=media_type, headers=headers)
    headers["vary"] = "Accept-Encoding"
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        return Response(reply.body, reply.status, media_type=media_type,
                        headers=headers | {"content-encoding": "gzip"})
    big = len(reply.body) > GUNZIP_INLINE
    body = await asyncio.to_thread(reply.plain) if big else reply.plain()
    return Response(body, reply.status, media_type=media_type, headers=headers)
