"""Connection limits of `chainrule serve` (README "Serving a lecture hall"): uvicorn's h11
protocol with the bounds it lacks, so idle, slow and surplus connections are closed.

uvicorn times only the wait between an answer and the next request (keep-alive); a connection
that never sends, or sends its headers or body a byte at a time (slowloris), stays open for
ever, and a head too long for h11's buffer is reset with a text/plain 400. Here, per
connection:

- idle: a connection with no request under way is closed after `idle` seconds — a new one too;
- head: a request line and headers must arrive within `head` seconds of their first byte;
- body: a body must arrive within `body` seconds of the end of the headers;
- a head that does not end within HEAD_BYTES is refused (a longer line: 414; longer headers:
  431; app/request_guard.py checks the heads that do end), and a server process holds at most
  `connections` connections (more: 503).

Timeouts answer 408 when no answer has begun, in the one error shape (docs/api.md "Errors"), and
close the connection; a refusal stops reading but drains what the client still sends for
LINGER seconds, so that the client reads the answer rather than a reset. `chainrule serve`
passes the limits to each server process in ENV.
"""

import asyncio
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

import h11
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import STATUS_PHRASES, H11Protocol
from uvicorn.server import ServerState

from chainrule.app.errors import error_bytes
from chainrule.app.request_guard import MAX_HEADERS, MAX_TARGET
from chainrule.engine.core.errors import GraphError, LimitError, ValueErr

ENV = "CHAINRULE_CONNECTIONS"  # the limits as JSON, read by each server process
HEAD_BYTES = MAX_TARGET + MAX_HEADERS  # h11's buffer for a head that has not ended yet
LINGER = 2.0  # s a refused connection drains the client's bytes before it closes


@dataclass(frozen=True)
class ConnectionLimits:
    idle: int = 5  # s with no request under way (uvicorn's keep-alive, a new connection too)
    head: int = 10  # s from a request's first byte to the end of its headers
    body: int = 10  # s from the end of the headers to the end of the body
    connections: int = 2_000  # open connections per server process

    def to_env(self) -> str:
        return json.dumps(asdict(self))


@cache
def configured(text: str) -> ConnectionLimits:
    """The limits ENV holds ("": the defaults)."""
    return ConnectionLimits(**json.loads(text)) if text else ConnectionLimits()


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the limits above (`http=` of uvicorn's Config)."""

    def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any],
                 _loop: asyncio.AbstractEventLoop | None = None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = configured(os.environ.get(ENV, ""))
        self.conn = h11.Connection(h11.SERVER, max_incomplete_event_size=HEAD_BYTES)
        self.phase: str | None = None  # "head" or "body" while one is being timed
        self.deadline: asyncio.TimerHandle | None = None
        self.surplus = False  # over the connection cap: answered 503 at its first byte
        self.refused = False  # answered and draining: what comes is dropped

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.surplus = len(self.connections) > self.limits.connections
        self.timeout_keep_alive_task = self.loop.call_later(
            self.limits.idle, self.timeout_keep_alive_handler)

    def connection_lost(self, exc: Exception | None) -> None:
        self.time(None)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.refused or self.transport.is_closing():
            return
        if self.surplus:
            busy = LimitError("err.limit.connections", limit=f"{self.limits.connections:,}")
            self.refuse(503, busy, [("retry-after", "1")])
            return
        super().data_received(data)  # stops the idle timer, reads what it can
        state = self.conn.their_state
        self.time("head" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None)

    def time(self, phase: str | None) -> None:
        """Start timing `phase` (None: nothing) unless it is the one already timed."""
        if phase == self.phase:
            return
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None
        self.phase = phase
        if phase is not None and not self.transport.is_closing():
            seconds = self.limits.head if phase == "head" else self.limits.body
            self.deadline = self.loop.call_later(seconds, self.expired, phase, seconds)

    def expired(self, phase: str, seconds: int) -> None:
        self.deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and self.cycle.response_started:
            self.transport.close()
            return
        msgid = "err.limit.head_time" if phase == "head" else "err.limit.body_time"
        self.refuse(408, LimitError(msgid, seconds=seconds))

    def send_400_response(self, msg: str) -> None:
        """A head h11 could not read: too long (414 or 431) or not HTTP (400)."""
        pending = self.conn.trailing_data[0]
        if len(pending) <= HEAD_BYTES:
            self.refuse(400, ValueErr("err.request.http"))
        elif b"\n" not in pending:  # the request line alone is longer than the whole head
            self.refuse(414, LimitError("err.limit.url", limit=f"{MAX_TARGET:,}"))
        else:
            self.refuse(431, LimitError("err.limit.headers", limit=f"{MAX_HEADERS:,}"))

    def refuse(self, status: int, error: GraphError, extra: Sequence[tuple[str, str]] = ()) -> None:
        """Answer `error` (in English: the request's language is unknown), then close once the
        client stops sending or after LINGER seconds."""
        body = error_bytes(error)
        head = [f"HTTP/1.1 {status} {STATUS_PHRASES[status].decode()}",
                "content-type: application/json", f"content-length: {len(body)}",
                "x-content-type-options: nosniff", "connection: close",
                *(f"{name}: {value}" for name, value in extra)]
        self.time(None)
        self._unset_keepalive_if_required()
        self.refused = True
        self.transport.write("\r\n".join(head).encode() + b"\r\n\r\n" + body)
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER, self.transport.close)
        else:
            self.transport.close()

    def eof_received(self) -> None:
        if self.refused:  # the client has read the answer and closed its side
            self.transport.close()
