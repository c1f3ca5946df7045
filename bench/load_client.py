"""The load benchmark's HTTP side: one timed request, and what counts as a proper answer."""

import asyncio
import json
import time
import zlib
from dataclasses import dataclass

import httpx2 as httpx

DECODE_BELOW = 256 << 10  # smaller answers are decompressed and checked as JSON
TIMEOUT = 60.0


@dataclass
class Sample:
    kind: str
    seconds: float
    ok: bool
    limit: bool = False
    busy: bool = False  # 503: the server said it is busy (Retry-After)


class Connection:
    """One student's keep-alive HTTP/1.1 connection, as a phone keeps one.

    A minimal client on purpose: the load generator shares this machine's two cores with the
    server, and httpx's AsyncClient spends ~2 ms of CPU per request (this one ~0.1 ms), which
    would show up as the server's latency. (`--client httpx` measures with httpx instead.)
    `address` is the phone's (sent as X-Forwarded-For, which the server trusts from 127.0.0.1):
    each student is a client of its own, as on a campus network."""

    def __init__(self, host: str, port: int, address: str = "") -> None:
        self.host, self.port = host, port
        self.forwarded = f"X-Forwarded-For: {address}\r\n" if address else ""
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, body: bytes, lang: str) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body as sent: gzip stays gzip)."""
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        try:
            writer.write(f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept-Encoding: gzip\r\n"
                         f"Accept-Language: {lang}\r\nContent-Type: application/json\r\n"
                         f"{self.forwarded}"
                         f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            headers = dict(line.lower().split(": ", 1) for line in head[1:] if ": " in line)
            raw = await reader.readexactly(int(headers["content-length"]))
        except BaseException:
            self.close()
            raise
        return int(head[0].split()[1]), headers, raw

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


Client = Connection | httpx.AsyncClient


async def send(client: Client, kind: str, path: str, body: object,
               lang: str = "en") -> Sample:
    """One request, timed until its last byte; bytes are taken as they come over the wire."""
    start = time.perf_counter()
    try:
        if isinstance(client, Connection):
            status, headers, raw = await asyncio.wait_for(
                client.post(path, json.dumps(body).encode(), lang), TIMEOUT)
        else:
            async with client.stream("POST", path, json=body,
                                     headers={"Accept-Language": lang}) as response:
                raw = b"".join([chunk async for chunk in response.aiter_raw()])
            status, headers = response.status_code, dict(response.headers)
        seconds = time.perf_counter() - start
        if status == 503:
            return Sample(kind, seconds, ok=False, busy=True)
        ok, limit = judge(status, headers, raw)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, httpx.HTTPError, ValueError,
            KeyError):
        return Sample(kind, time.perf_counter() - start, ok=False)
    return Sample(kind, seconds, ok, limit)


def judge(status: int, headers: dict[str, str], raw: bytes) -> tuple[bool, bool]:
    """(a proper answer: a graph or the one 400 error, the answer is a `limit` error)."""
    if status not in (200, 400):
        return False, False
    if len(raw) >= DECODE_BELOW:
        return True, False
    if headers.get("content-encoding") == "gzip":
        raw = zlib.decompress(raw, wbits=31)
    document = json.loads(raw)
    if status == 400:
        return "error" in document, document.get("error", {}).get("type") == "limit"
    return "output" in document or "loss" in document, False
