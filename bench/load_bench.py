"""A lecture hall against a real server: simulated students on `chainrule serve --workers N`.

`.venv/bin/python bench/load_bench.py [--workers 1 2] [--students 200] [--seconds 30] [--heavy 4]`

For each worker count it starts the server on a free 127.0.0.1 port and runs two phases of
`--seconds` each. "room": every student opens the shared link at once, then keeps sending
requests (a pause of 0–2×`--think` s between them): gallery examples, most of them the shared
link's; 10% edited sources (a changed number: always a new computation); 5% training (POST
/api/train; "n/a" while that route does not exist) — and one near-limit program (about 800,000
numbers) at a time. "room + heavy": the same room while `--heavy` near-limit programs always run.
It prints requests/s, p50/p95/p99 and errors per kind, then the targets: no errors, ordinary p99
under 250 ms in the room and under 500 ms beside the heavy programs.
"""

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
from load_client import TIMEOUT, Client, Connection, Sample, send

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TRAIN_SOURCE = """X, t = dataset("spiral", n=100, seed=0)
W1 = randn(2, 16, seed=1) * 0.5
b1 = zeros(16)
W2 = randn(16, 3, seed=2) * 0.5
b2 = zeros(3)
h = relu(X @ W1 + b1)
L = cross_entropy(h @ W2 + b2, t)
"""
# 316×316 = 99,856 numbers (the per-tensor limit is 100,000); A and its seven products hold
# about 800,000 of the 1,000,000 numbers a graph may hold.
HEAVY = "A = randn(316, 316, seed={seed}) * 0.05\n" + "".join(
    f"{b} = {a} @ A\n" for a, b in zip("ABCDEFG", "BCDEFGH", strict=True)) + "f = sum(H)\n"
STARTUP = 180.0  # seconds for the server to answer /healthz (slow only on a crowded machine)


@dataclass
class Room:
    """What the students send: the gallery, the shared link, whether training exists."""

    examples: list[str]
    train: bool
    samples: list[Sample] = field(default_factory=list)

    def pick(self, rng: random.Random) -> tuple[str, str, dict[str, object]]:
        """(kind, path, body) of a student's next request."""
        r = rng.random()
        if r < 0.05 and self.train:
            lr = rng.choice([0.5, 0.5, 0.5, 0.1, 1.0])  # mostly the slide's settings
            return "training", "/api/train", {"source": TRAIN_SOURCE, "steps": 100,
                                              "optimizer": {"name": "sgd", "lr": lr}}
        if r < 0.15:
            return "ordinary", "/api/graph", {"source": edit(rng.choice(self.examples), rng)}
        shared = rng.random() < 0.6
        source = self.examples[0] if shared else rng.choice(self.examples)
        return "ordinary", "/api/graph", {"source": source, "check": rng.random() < 0.2}


def edit(source: str, rng: random.Random) -> str:
    """A student's edit: one input's number changed (else a comment), so the graph is new."""
    inputs = list(re.finditer(r"^(\w+) = (-?\d+(?:\.\d+)?)$", source, re.MULTILINE))
    if not inputs:
        return f"{source}# edit {rng.random()}\n"
    m = rng.choice(inputs)
    return f"{source[:m.start(2)]}{rng.uniform(-5, 5):.3f}{source[m.end(2):]}"


async def student(client: Client, room: Room, stop: float, think: float,
                  rng: random.Random) -> None:
    lang = "ko" if rng.random() < 0.3 else "en"
    first = True
    while time.monotonic() < stop:
        if first:  # the whole room opens the shared link at once
            kind, path, body = "ordinary", "/api/graph", {"source": room.examples[0]}
            first = False
        else:
            kind, path, body = room.pick(rng)
        room.samples.append(await send(client, kind, path, body, lang))
        await asyncio.sleep(rng.uniform(0, 2 * think))


async def heavy(client: Client, room: Room, stop: float, rng: random.Random) -> None:
    """Near-limit programs one after another, each new (a fresh seed: never cached)."""
    while time.monotonic() < stop:
        source = HEAVY.format(seed=rng.randrange(1 << 30))
        room.samples.append(await send(client, "near-limit", "/api/graph", {"source": source}))


async def phase(base: str, room: Room, args: argparse.Namespace, heavies: int) -> float:
    """Run the room with `heavies` near-limit requests always in flight; returns its seconds."""
    users = args.students + heavies
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=TIMEOUT) as shared:
        host, port = base.removeprefix("http://").split(":")
        clients: list[Client] = [Connection(host, int(port)) if args.client == "raw" else shared
                                 for _ in range(users)]
        start = time.monotonic()
        stop = start + args.seconds
        rng = random.Random(args.seed)
        tasks = [student(c, room, stop, args.think, random.Random(rng.random()))
                 for c in clients[:args.students]]
        tasks += [heavy(c, room, stop, random.Random(rng.random()))
                  for c in clients[args.students:]]
        await asyncio.gather(*tasks)
        for c in clients:
            if isinstance(c, Connection):
                c.close()
        return time.monotonic() - start


async def discover(base: str) -> tuple[list[str], bool]:
    """The gallery's sources, and whether POST /api/train exists (404/405 say it does not)."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        examples = [e["source"] for e in (await client.get("/api/examples")).json()]
        probe = await client.post("/api/train", json={})
    return examples, probe.status_code not in (404, 405)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(workers: int) -> Iterator[str]:
    """`chainrule serve --workers N` on a free loopback port until the block ends."""
    port = free_port()
    chainrule = Path(sys.executable).parent / "chainrule"
    command = ([str(chainrule)] if chainrule.exists()
               else [sys.executable, "-m", "chainrule.app.cli"])
    command += ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
        try:
            wait_healthy(f"http://127.0.0.1:{port}", process, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def wait_healthy(base: str, process: subprocess.Popen[bytes], log: object) -> None:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)  # type: ignore[attr-defined]
            raise SystemExit(f"server exited: {log.read().decode()[-2000:]}")  # type: ignore[attr-defined]
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"server did not answer /healthz within {STARTUP:g} s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def report(room: Room, seconds: float, title: str) -> dict[str, float]:
    """Print one table; returns the ordinary requests' p99 (ms) and the errors of every kind."""
    print(f"\n{title}  ({seconds:.1f} s)")
    print(f"{'kind':<12}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'max ms':>9}{'errors':>8}{'limit':>7}")
    summary = {"p99": 0.0, "errors": 0.0}
    for kind in ("ordinary", "training", "near-limit"):
        samples = [s for s in room.samples if s.kind == kind]
        if not samples:
            print(f"{kind:<12}{'n/a' if kind == 'training' and not room.train else 0:>9}")
            continue
        ms = [s.seconds * 1000 for s in samples]
        errors = sum(not s.ok for s in samples)
        print(f"{kind:<12}{len(ms):>9}{len(ms) / seconds:>8.1f}{percentile(ms, 50):>9.1f}"
              f"{percentile(ms, 95):>9.1f}{percentile(ms, 99):>9.1f}{max(ms):>9.0f}"
              f"{errors:>8}{sum(s.limit for s in samples):>7}")
        summary["errors"] += errors
        if kind == "ordinary":
            summary["p99"] = percentile(ms, 99)
    return summary


def run(workers: int, args: argparse.Namespace) -> list[tuple[str, bool]]:
    """Both phases on a fresh server; the targets met or missed."""
    with server(workers) as base:
        examples, train = asyncio.run(discover(base))
        results = []
        for heavies, label, target in ((1, "room", 250), (args.heavy, "room + heavy", 500)):
            room = Room(examples, train)
            seconds = asyncio.run(phase(base, room, args, heavies))
            title = (f"workers={workers}  {label}: {args.students} students, {heavies} near-limit "
                     f"request(s) always in flight")
            summary = report(room, seconds, title)
            results.append((f"workers={workers} {label}: 0 errors", summary["errors"] == 0))
            results.append((f"workers={workers} {label}: ordinary p99 {summary['p99']:.0f} ms "
                            f"< {target} ms", summary["p99"] < target))
        return results


def fast_path(repeats: int = 300) -> None:
    """p50 of the CS231n sigmoid example: built in this process vs through the worker pool."""
    from chainrule.app.examples import EXAMPLES
    from chainrule.app.runner.jobs import encode
    from chainrule.app.runner.workers import Pool
    from chainrule.engine.document.build import build

    source = next(e.source for e in EXAMPLES if e.id == "cs231n-sigmoid-gates")
    pool = Pool(1, 1).start()
    timings = {}
    for label, call in (("direct (build + JSON + gzip)", lambda: encode(200, build(source))),
                        ("through the pool", lambda: pool.call(
                            build.build, {"source": source}, "en", 6.0))):
        laps = []
        for _ in range(repeats):
            start = time.perf_counter()
            call()
            laps.append(time.perf_counter() - start)
        timings[label] = statistics.median(laps) * 1000
    pool.close()
    print("fast path, CS231n sigmoid example, p50: " +
          ", ".join(f"{label} {ms:.2f} ms" for label, ms in timings.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--heavy", type=int, default=4, help="near-limit requests in phase two")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause (s) between a student's requests")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw",
                        help="one keep-alive connection per student, or one shared httpx client")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other programs on this machine slow every number below)")
    fast_path()
    outcomes = [outcome for n in args.workers for outcome in run(n, args)]
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    print("\ntargets:")
    for text, met in outcomes:
        print(f"  {'met   ' if met else 'MISSED'} {text}")
    return 0 if all(met for _, met in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
