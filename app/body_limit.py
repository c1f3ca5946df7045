"""Refuse oversized request bodies before anything reads them into memory."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chainrule.app.errors import send_error
from chainrule.engine.core.errors import LimitError

MAX_BODY = 1 << 20  # 1 MiB: far above the 20,000-character source limit, even JSON-escaped


class BodyLimit:
    """ASGI middleware: bodies over `max_bytes` get the 400 `limit` error (docs/api.md "Errors")."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self.refuse(scope, send)
            return
        chunks, size, more = [], 0, True
        while more:  # buffer the body (it may be chunked) and count it as it comes
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)  # client went away: let the app see it
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.max_bytes:
                await self.refuse(scope, send)
                return
        body = b"".join(chunks)

        replayed = False

        async def replay() -> Message:
            """The body once; then the client's own messages (a streamed response waits on them
            for the disconnect, and would spin forever on a body replayed again and again)."""
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def refuse(self, scope: Scope, send: Send) -> None:
        error = LimitError("err.limit.body", limit=f"{self.max_bytes:,}")
        await send_error(scope, send, 400, error)
