"""What a worker process runs: one call of an engine function, answered as finished JSON bytes.

The parent (app/runner/workers.py) sends `(target, kwargs, lang)`: `target` is the engine
function itself (pickled by its module and name, so a rename fails at import, not in a request);
the worker calls it and sends back the response body already serialized and, when
worth it, gzip-compressed, so evaluation, gradient check, tracing and serialization all happen
inside the worker's deadline and the server process only passes bytes on.
"""

import json
import logging
import signal
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from chainrule.app.errors import error_body
from chainrule.engine.catalogs import i18n
from chainrule.engine.core.errors import GraphError, ValueErr
from chainrule.engine.core.limits import cap_memory

log = logging.getLogger("chainrule")

GZIP_MIN = 1024  # as the GZip middleware: smaller bodies are sent as they are
FAST_GZIP = 2 << 20  # bodies above 2 MB are compressed at level 1 (4× faster, ~10% larger)


@dataclass(frozen=True)
class Reply:
    """A finished HTTP answer: status and body, the body gzip-compressed when `gzipped`.

    Not `cacheable` when it says nothing about the request itself (its worker ran out of time,
    the server was busy); `retry_after` seconds go out as Retry-After (a busy server's 503)."""

    status: int
    body: bytes
    gzipped: bool = False
    cacheable: bool = True
    retry_after: int | None = None

    def plain(self) -> bytes:
        """The body as JSON bytes, whatever its encoding on the wire."""
        return zlib.decompress(self.body, wbits=31) if self.gzipped else self.body


def dumps(document: Any) -> bytes:
    """JSON exactly as FastAPI's JSONResponse writes it; a lone surrogate a request sent (and an
    error message repeats) is written as its \\u escape, the only way UTF-8 can carry it."""
    try:
        return _dumps(document, ascii_only=False).encode("utf-8")
    except UnicodeEncodeError:
        return _dumps(document, ascii_only=True).encode("utf-8")


def _dumps(document: Any, ascii_only: bool) -> str:
    return json.dumps(document, ensure_ascii=ascii_only, allow_nan=False, indent=None,
                      separators=(",", ":"))


def gzip(body: bytes) -> bytes:
    """The gzip format (wbits=31) with a fixed header, so equal bodies compress to equal bytes."""
    level = 6 if len(body) <= FAST_GZIP else 1
    packer = zlib.compressobj(level, zlib.DEFLATED, 31)
    return packer.compress(body) + packer.flush()


def encode(status: int, document: Any) -> Reply:
    body = document if isinstance(document, bytes) else dumps(document)
    if len(body) < GZIP_MIN:
        return Reply(status, body)
    return Reply(status, gzip(body), gzipped=True)


Target = Callable[..., Any]  # an engine function: document.build.build, document.training.train, …


def name(target: Target) -> str:
    """"chainrule.engine.document.build:build": the target in logs and in the cache's key."""
    return f"{target.__module__}:{target.__qualname__}"


def perform(target: Target, kwargs: dict[str, Any], lang: str = i18n.DEFAULT) -> Iterator[Any]:
    """Run one job: yields ("part", bytes) for each line of a streamed answer, then ("end", Reply).

    A function returning an iterator streams: each item becomes one NDJSON line."""
    try:
        result = target(**kwargs)
        if isinstance(result, Iterator):
            for item in result:
                yield ("part", dumps(item) + b"\n")
            yield ("end", Reply(200, b""))
            return
        yield ("end", encode(200, result))
    except GraphError as e:
        yield ("end", encode(400, error_body(e, lang)))
    except Exception:  # a bug of ours must still not answer 500 to a user's source
        log.exception("unexpected failure in %s(%r)", name(target), str(kwargs)[:200])
        yield ("end", encode(400, error_body(ValueErr("err.internal"), lang)))


def serve(conn: Connection) -> None:
    """A worker's life: answer jobs from `conn` until the parent closes it (or kills us)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    cap_memory()  # past it an allocation fails this one job with a `limit` error, not the machine
    while True:
        try:
            target, kwargs, lang = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(("start", None))  # taken: a pipe that ends from here on ends with this job
        for message in perform(target, kwargs, lang):
            conn.send(message)
