"""A lecture hall against a real server: simulated students on `chainrule serve --workers N`.

`.venv/bin/python bench/load_bench.py [--workers 1 2] [--students 200] [--seconds 30] [--heavy 4]
[--trainings 20] [--abandoned 8] [--phases room heavy trainings abandoned]`

For each worker count it starts the server on a free 127.0.0.1 port and runs up to four phases of
`--seconds` each. "room": every student opens the shared link at once, then keeps sending
requests (a pause of 0–2×`--think` s between them): gallery examples, most of them the shared
link's; 10% edited sources (a changed number: always a new computation); 5% training (POST
/api/train; "n/a" while that route does not exist) — and one near-limit program (about 800,000
numbers) at a time. "room + heavy": the same room while `--heavy` near-limit programs always run.
"room + trainings": the room while `--trainings` students, each its own client, keep pressing Run
on a 5,000-step training of a 2→100→100→3 net on the 1,000-point spiral (bench/load_heavy.py),
and a probe sends a tiny new graph (`x = 1.5`, `y = 2`, `f = x * y`) every 0.25 s. "room +
abandoned": the same with `--abandoned` students who close the connection 0.2 s after each press.
It prints requests/s, p50/p95/p99, errors and busy answers (503) per kind and the trainings'
outcomes, then the targets: no errors, ordinary p99 under 250 ms in the room and under 500 ms
beside the heavy programs, and the probe answered 200 every time with p95 under 1.5 s beside the
trainings.
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
import load_heavy
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
PHASES = ["room", "heavy", "trainings", "abandoned"]
STARTUP = 180.0  # seconds for the server to answer /healthz (slow only on a crowded machine)


@dataclass
class Room:
    """What the students send: the gallery, the shared link, whether training exists."""

    examples: list[str]
    train: bool
    samples: list[Sample] = field(default_factory=list)
    beside: bool = False  # trainings run beside the room (its own may then be told "busy")

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


Beside = Callable[[float], list["asyncio.Future[None]"]]  # (stop) → what runs beside the room


async def phase(base: str, room: Room, args: argparse.Namespace, heavies: int,
                beside: Beside | None = None) -> float:
    """Run the room with `heavies` near-limit requests always in flight (and `beside`'s tasks);
    returns its seconds."""
    users = args.students + heavies
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=TIMEOUT) as shared:
        host, port = base.removeprefix("http://").split(":")
        clients: list[Client] = [
            Connection(host, int(port), f"10.1.{n // 250}.{n % 250 + 1}") if args.client == "raw"
            else shared for n in range(users)]
        start = time.monotonic()
        stop = start + args.seconds
        rng = random.Random(args.seed)
        tasks = [student(c, room, stop, args.think, random.Random(rng.random()))
                 for c in clients[:args.students]]
        tasks += [heavy(c, room, stop, random.Random(rng.random()))
                  for c in clients[args.students:]]
        await asyncio.gather(*tasks, *(beside(stop) if beside else []))
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
          f"{'max ms':>9}{'errors':>8}{'limit':>7}{'busy':>6}")
    summary = {"p99": 0.0, "errors": 0.0, "probe p95": 0.0, "probe errors": 0.0}
    for kind in ("ordinary", "training", "near-limit", "probe"):
        samples = [s for s in room.samples if s.kind == kind]
        if not samples:
            print(f"{kind:<12}{'n/a' if kind == 'training' and not room.train else 0:>9}")
            continue
        ms = [s.seconds * 1000 for s in samples]
        errors = sum(not s.ok for s in samples)
        print(f"{kind:<12}{len(ms):>9}{len(ms) / seconds:>8.1f}{percentile(ms, 50):>9.1f}"
              f"{percentile(ms, 95):>9.1f}{percentile(ms, 99):>9.1f}{max(ms):>9.0f}"
              f"{errors - sum(s.busy for s in samples):>8}{sum(s.limit for s in samples):>7}"
              f"{sum(s.busy for s in samples):>6}")
        if kind == "probe":  # it must answer 200: a limit error counts against it
            summary["probe p95"] = percentile(ms, 95)
            summary["probe errors"] = sum(not s.ok or s.limit for s in samples)
        elif kind != "training" or not room.beside:  # a room's training may be told "busy"
            summary["errors"] += errors
        if kind == "ordinary":
            summary["p99"] = percentile(ms, 99)
    return summary


def run(workers: int, args: argparse.Namespace) -> list[tuple[str, bool]]:
    """The phases on a fresh server; the targets met or missed."""
    with server(workers) as base:
        examples, train = asyncio.run(discover(base))
        results = []
        for heavies, label, target in ((1, "room", 250), (args.heavy, "room + heavy", 500)):
            if label.split()[-1] not in args.phases:
                continue
            room = Room(examples, train)
            seconds = asyncio.run(phase(base, room, args, heavies))
            title = (f"workers={workers}  {label}: {args.students} students, {heavies} near-limit "
                     f"request(s) always in flight")
            summary = report(room, seconds, title)
            results.append((f"workers={workers} {label}: 0 errors", summary["errors"] == 0))
            results.append((f"workers={workers} {label}: ordinary p99 {summary['p99']:.0f} ms "
                            f"< {target} ms", summary["p99"] < target))
        for count, abandon, label in ((args.trainings, None, "trainings"),
                                      (args.abandoned, 0.2, "abandoned")):
            if label in args.phases:
                results += beside_trainings(base, workers, examples, args, count, abandon, label)
        return results


def beside_trainings(base: str, workers: int, examples: list[str], args: argparse.Namespace,
                     count: int, abandon: float | None, label: str) -> list[tuple[str, bool]]:
    """The room (one near-limit program in flight) beside `count` training students and the
    probe; the probe must answer 200 every time, p95 under 1.5 s."""
    room, record = Room(examples, True, beside=True), load_heavy.Trainings()
    host, port = base.removeprefix("http://").split(":")

    def beside(stop: float) -> list["asyncio.Future[None]"]:
        prober = asyncio.ensure_future(load_heavy.probe(Connection(host, int(port)), stop,
                                                        room.samples))
        return [*load_heavy.trainings(base, count, stop, record, abandon), prober]

    seconds = asyncio.run(phase(base, room, args, 1, beside))
    how = "closing each after 0.2 s" if abandon else "each pressing Run again when it ends"
    summary = report(room, seconds, f"workers={workers}  room + {label}: {args.students} students, "
                                    f"{count} students training 5,000 steps, {how}")
    load_heavy.report(record)
    return [(f"workers={workers} room + {label}: probe answered 200 every time",
             summary["probe errors"] == 0),
            (f"workers={workers} room + {label}: probe p95 {summary['probe p95']:.0f} ms "
             f"< 1500 ms", summary["probe p95"] < 1500)]


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
                            build, {"source": source}, "en", 6.0))):
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
    parser.add_argument("--trainings", type=int, default=20,
                        help="students training 5,000 steps in phase three")
    parser.add_argument("--abandoned", type=int, default=8,
                        help="students closing their training after 0.2 s in phase four")
    parser.add_argument("--phases", nargs="+", default=PHASES, choices=PHASES)
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
