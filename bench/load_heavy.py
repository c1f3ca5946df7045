"""The load benchmark's trainings: students pressing Run on a long training beside the room, and
students who close the page 0.2 s after pressing it, while a probe keeps sending a tiny graph.

Each training student is a client of its own (X-Forwarded-For, which the server trusts from
127.0.0.1), streams POST /api/train as the page does (NDJSON) and presses Run again when its run
ends — after Retry-After when the server said it is busy. The probe's program is new each time
(a numbered comment), so every probe is computed, never answered from the cache.
"""

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx2 as httpx
from load_client import Connection, Sample, send

# a 2→100→100→3 net on the 1,000-point spiral: 5,000 steps take the whole 20 s budget or more
TRAINING = """X, t = dataset("spiral", n=1000, seed=0)
W1 = randn(2, 100, seed={seed}) * 0.1
b1 = zeros(100)
W2 = randn(100, 100, seed=2) * 0.1
b2 = zeros(100)
W3 = randn(100, 3, seed=3) * 0.1
b3 = zeros(3)
h = relu(relu(X @ W1 + b1) @ W2 + b2)
L = cross_entropy(h @ W3 + b3, t)
"""
STEPS = 5000
PROBE = "x = 1.5\ny = 2\nf = x * y\n# probe {n}\n"
NDJSON = "application/x-ndjson"
PROBE_EVERY = 0.25  # seconds between the probe's requests


def body(seed: int, steps: int = STEPS) -> dict[str, object]:
    return {"source": TRAINING.format(seed=seed), "steps": steps,
            "optimizer": {"name": "sgd", "lr": 0.5}}


@dataclass
class Trainings:
    """What the training students got: outcome → count, and how long a busy answer took."""

    outcomes: Counter[str] = field(default_factory=Counter)
    busy_seconds: list[float] = field(default_factory=list)
    retry_after: list[int] = field(default_factory=list)
    run_seconds: list[float] = field(default_factory=list)


async def train(client: httpx.AsyncClient, ip: str, seed: int, record: Trainings,
                abandon: float | None = None) -> float:
    """One press of Run (closed after `abandon` s if given); seconds to wait before the next."""
    start = time.perf_counter()
    headers = {"Accept": NDJSON, "X-Forwarded-For": ip}
    try:
        async with asyncio.timeout(abandon or 60), client.stream(
                "POST", "/api/train", json=body(seed), headers=headers) as response:
            lines = [line async for line in response.aiter_lines() if line]
    except TimeoutError:
        record.outcomes["abandoned" if abandon else "no answer in 60 s"] += 1
        return 0.8  # the student presses again a moment later
    except httpx.HTTPError as e:
        record.outcomes[f"failed: {type(e).__name__}"] += 1
        return 1.0
    seconds = time.perf_counter() - start
    if response.status_code == 503:
        record.outcomes["busy (503)"] += 1
        record.busy_seconds.append(seconds)
        wait = int(response.headers.get("retry-after", "1"))
        record.retry_after.append(wait)
        return float(wait)
    last = lines[-1] if lines else ""
    kind = ("trained" if '"loss":[' in last else "limit" if '"limit"' in last else
            f"other {response.status_code}")
    record.outcomes[kind] += 1
    record.run_seconds.append(seconds)
    return 0.0


async def student(base: str, ip: str, seed: int, stop: float, record: Trainings,
                  abandon: float | None) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.monotonic() < stop:
            pause = await train(client, ip, seed, record, abandon)
            await asyncio.sleep(min(pause, max(0.0, stop - time.monotonic())))


async def probe(connection: Connection, stop: float, samples: list[Sample]) -> None:
    """The tiny graph, new each time, every PROBE_EVERY s until `stop`."""
    n = 0
    while time.monotonic() < stop:
        n += 1
        samples.append(await send(connection, "probe", "/api/graph",
                                  {"source": PROBE.format(n=n)}))
        await asyncio.sleep(PROBE_EVERY)


def trainings(base: str, count: int, stop: float, record: Trainings,
              abandon: float | None = None) -> list["asyncio.Future[None]"]:
    """`count` training students, each its own client (10.9.0.1, 10.9.0.2, …)."""
    return [asyncio.ensure_future(student(base, f"10.9.{i // 250}.{i % 250 + 1}", i + 10, stop,
                                          record, abandon)) for i in range(count)]


def report(record: Trainings) -> None:
    """The trainings' outcomes, and how fast a busy server said so."""
    told = ", ".join(f"{kind} {n}" for kind, n in sorted(record.outcomes.items()))
    print(f"{'trainings':<12}{told}")
    if record.busy_seconds:
        ordered = sorted(record.busy_seconds)
        print(f"{'':<12}busy answered in p50 {ordered[len(ordered) // 2] * 1000:.0f} ms, "
              f"max {ordered[-1] * 1000:.0f} ms; Retry-After {min(record.retry_after)}–"
              f"{max(record.retry_after)} s")
    if record.run_seconds:
        print(f"{'':<12}runs answered in {min(record.run_seconds):.1f}–"
              f"{max(record.run_seconds):.1f} s")
