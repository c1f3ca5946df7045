"""Connections of `chainrule serve` (app/connections.py, app/request_guard.py) with real sockets:
idle connections, slowloris heads and byte-by-byte bodies are closed within the documented
times while normal requests are answered; too long heads, ambiguous framing and surplus
connections get their status in the one error shape."""

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from chainrule.app.cli import build_parser
from chainrule.app.connections import ENV, HEAD_BYTES, ConnectionLimits, GuardedH11Protocol
from chainrule.app.request_guard import MAX_HEADERS, MAX_TARGET

DEFAULT = ConnectionLimits()
ERROR_KEYS = {"type", "message", "line", "column", "end_line", "end_column"}
GRAPH = b'{"source": "x = 2\\nf = x * x"}'
SLOW_BODY = GRAPH + b" " * 40  # 70 bytes: 21 s at a byte every 0.3 s


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int]]:
    """The app on a free port behind GuardedH11Protocol, as `chainrule serve` runs it."""
    import uvicorn

    from chainrule.app.main import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="critical",
                            http=GuardedH11Protocol, timeout_keep_alive=DEFAULT.idle)
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not runner.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield "127.0.0.1", port
    runner.should_exit = True
    thread.join(timeout=10)


def connect(address: tuple[str, int]) -> socket.socket:
    sock = socket.create_connection(address, timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def answer(sock: socket.socket, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send `request` whole and read the answer to the end of the connection."""
    sock.sendall(request)
    return parse(until_closed(sock))


def parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def error_of(body: bytes) -> dict[str, object]:
    error = json.loads(body)["error"]
    assert set(error) == ERROR_KEYS
    return error


def drip(sock: socket.socket, data: bytes, every: float = 0.3) -> None:
    """Send `data` one byte every `every` seconds, until the server closes the connection."""
    for byte in data:
        try:
            sock.send(bytes([byte]))
        except OSError:
            return
        time.sleep(every)


def timed(work, *args):  # type: ignore[no-untyped-def]
    start = time.monotonic()
    result = work(*args)
    return time.monotonic() - start, result


def idle(address: tuple[str, int]) -> tuple[float, bytes]:
    with connect(address) as sock:
        return timed(until_closed, sock)


def one_answer(sock: socket.socket) -> bytes:
    """One answer of a kept-alive connection (its head and Content-Length bytes)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    while len(data.partition(b"\r\n\r\n")[2]) < int(parse(data)[1]["content-length"]):
        data += sock.recv(65536)
    return data


def idle_after_answer(address: tuple[str, int]) -> tuple[float, int]:
    with connect(address) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        first = one_answer(sock)
        seconds, rest = timed(until_closed, sock)
        return seconds, parse(first)[0] if not rest else -1


def slowloris(address: tuple[str, int]) -> tuple[float, bytes]:
    with connect(address) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        dripping = threading.Thread(target=drip, args=(sock, b"X-Slow: " + b"a" * 200))
        dripping.start()
        seconds, raw = timed(until_closed, sock)
        dripping.join()
        return seconds, raw


def slow_body(address: tuple[str, int]) -> tuple[float, bytes]:
    with connect(address) as sock:
        sock.sendall(b"POST /api/graph HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                     b"\r\nContent-Length: %d\r\n\r\n" % len(SLOW_BODY))
        dripping = threading.Thread(target=drip, args=(sock, SLOW_BODY))
        dripping.start()
        seconds, raw = timed(until_closed, sock)
        dripping.join()
        return seconds, raw


def normal(address: tuple[str, int]) -> list[int]:
    """Requests sent meanwhile, each whole: answered at once."""
    statuses = []
    for _ in range(3):
        with connect(address) as sock:
            statuses.append(answer(sock, b"POST /api/graph HTTP/1.1\r\nHost: x\r\nConnection: "
                                   b"close\r\nContent-Type: application/json\r\nContent-Length: "
                                   b"%d\r\n\r\n%s" % (len(GRAPH), GRAPH))[0])
        time.sleep(1)
    return statuses


def test_idle_slow_and_normal_connections_at_once(server: tuple[str, int]) -> None:
    """The documented defaults: idle 5 s, head 10 s, body 10 s."""
    with ThreadPoolExecutor(8) as pool:
        idles = [pool.submit(idle, server) for _ in range(3)]
        kept = pool.submit(idle_after_answer, server)
        loris = pool.submit(slowloris, server)
        body = pool.submit(slow_body, server)
        fine = pool.submit(normal, server)
        for future in idles:
            seconds, raw = future.result()
            assert raw == b"" and DEFAULT.idle - 0.5 < seconds < DEFAULT.idle + 1.5
        seconds, status = kept.result()
        assert status == 200 and DEFAULT.idle - 0.5 < seconds < DEFAULT.idle + 1.5
        for future, limit, words in [(loris, DEFAULT.head, "headers did not arrive within 10 s"),
                                     (body, DEFAULT.body, "body did not arrive within 10 s")]:
            seconds, raw = future.result()
            status, headers, content = parse(raw)
            assert status == 408 and headers["connection"] == "close"
            assert error_of(content)["type"] == "limit" and words in str(error_of(content))
            assert limit - 0.5 < seconds < limit + 1.5
        assert fine.result() == [200, 200, 200]


def test_a_long_request_line_is_414(server: tuple[str, int]) -> None:
    for length in (MAX_TARGET + 10, 3 * MAX_TARGET):  # a head h11 reads, one too long to read
        with connect(server) as sock:
            status, headers, body = answer(
                sock, b"GET /embed?src=" + b"a" * length + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status == 414 and headers["content-type"] == "application/json"
        assert headers["x-content-type-options"] == "nosniff"
        assert error_of(body)["type"] == "limit" and "131,072 bytes" in str(error_of(body))
    with connect(server) as sock:  # just under: read and answered
        line = b"/embed?src=" + b"a" * (MAX_TARGET - 200)
        sock.sendall(b"GET " + line + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert parse(until_closed(sock))[0] == 200


def test_huge_headers_are_431_and_garbage_400(server: tuple[str, int]) -> None:
    for length in (MAX_HEADERS + 10, HEAD_BYTES + 10):  # a head h11 reads, one too long to read
        with connect(server) as sock:
            status, _, body = answer(sock, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: "
                                     + b"a" * length + b"\r\n\r\n")
        assert status == 431 and error_of(body)["type"] == "limit"
        assert "16,384 bytes" in str(error_of(body))
    with connect(server) as sock:
        status, _, body = answer(sock, b"HELLO THERE\r\n\r\n")
    assert status == 400 and error_of(body)["type"] == "value"


def test_content_length_with_transfer_encoding_is_refused(server: tuple[str, int]) -> None:
    """A smuggling attempt: the chunked body ends at once and a second request follows it."""
    smuggled = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    with connect(server) as sock:
        status, headers, body = answer(
            sock, b"POST /api/graph HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Accept-Language: ko\r\nContent-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"0\r\n\r\n%s" % (5 + len(smuggled), smuggled))
    assert status == 400 and headers["connection"] == "close"
    error = error_of(body.split(b"HTTP/1.1")[0])  # one answer: the follower was never read
    assert error["type"] == "value" and "Transfer-Encoding" in str(error["message"])
    assert b"HTTP/1.1" not in body


def test_surplus_connections_are_told_to_come_back(
    server: tuple[str, int], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV, ConnectionLimits(connections=3).to_env())
    held = [connect(server) for _ in range(3)]
    time.sleep(0.2)
    with connect(server) as sock:
        status, headers, body = answer(sock, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 503 and headers["retry-after"] == "1"
    assert error_of(body)["type"] == "limit" and "3 connections" in str(error_of(body))
    for sock in held:
        sock.close()
    time.sleep(0.2)
    with connect(server) as sock:
        status, _, _ = answer(sock, b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                              b"Connection: close\r\n\r\n")
    assert status == 200


def test_serve_flags_default_to_the_documented_limits() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.timeout_idle, args.timeout_head, args.timeout_body, args.max_connections) == (
        5, 10, 10, 2_000) == (DEFAULT.idle, DEFAULT.head, DEFAULT.body, DEFAULT.connections)
    assert os.environ.get(ENV) is None  # set only by `chainrule serve` itself
