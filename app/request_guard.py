"""Refuse, before any route reads them, requests whose framing is ambiguous or whose address is
too long (docs/api.md "Errors"), in the one error shape.

- Both `Content-Length` and `Transfer-Encoding` (RFC 9112 §6.3: a request a proxy and this
  server could split differently, the way requests are smuggled) → 400, and the connection is
  closed so nothing sent after it is read as a request.
- A request target (path and query) over MAX_TARGET bytes → 414. Links carry a long program
  compressed (`zsrc`), so every program within the source limit fits.
- Headers over MAX_HEADERS bytes → 431.

A head too long for the server to read at all gets the same answers from the connection guard
(app/connections.py).
"""

from starlette.types import ASGIApp, Receive, Scope, Send

from chainrule.app.errors import send_error
from chainrule.engine.core.errors import LimitError, ValueErr

# 128 KiB: the longest zsrc of any program within the 20,000-character source limit (4 bytes of
# UTF-8 each that do not compress: 106,7xx characters) and the other view parameters beside it.
MAX_TARGET = 128 * 1024
MAX_HEADERS = 16 * 1024  # browsers send 1-2 KiB (cookies included); nginx's default is 8 KiB
CLOSE = (b"connection", b"close")


class RequestGuard:
    """ASGI middleware: ambiguous framing → 400, a target over `max_target` bytes → 414,
    headers over MAX_HEADERS bytes → 431."""

    def __init__(self, app: ASGIApp, max_target: int = MAX_TARGET) -> None:
        self.app, self.max_target = app, max_target

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            names = {name.lower() for name, _ in scope["headers"]}
            if b"content-length" in names and b"transfer-encoding" in names:
                await send_error(scope, send, 400, ValueErr("err.request.framing"), [CLOSE])
                return
            target = len(scope.get("raw_path") or scope["path"].encode()) + 1
            if target + len(scope["query_string"]) > self.max_target:
                error = LimitError("err.limit.url", limit=f"{self.max_target:,}")
                await send_error(scope, send, 414, error, [CLOSE])
                return
            if sum(len(name) + len(value) + 4 for name, value in scope["headers"]) > MAX_HEADERS:
                error = LimitError("err.limit.headers", limit=f"{MAX_HEADERS:,}")
                await send_error(scope, send, 431, error, [CLOSE])
                return
        await self.app(scope, receive, send)
