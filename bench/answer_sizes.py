"""Answer sizes: the worst legal programs found for POST /api/graph and POST /api/train, and the
bytes of each answer raw and gzip-compressed (no answer may pass 8,000,000 bytes of JSON).

`.venv/bin/python bench/answer_sizes.py [--graph] [--train] [--match WORDS]`
- graph: each program of GRAPHS built as a worker builds it (evaluation time unlimited: bytes
  are measured here, not time), its JSON raw and as the worker gzips it (level 6 up to 2 MB,
  else 1); a program past 8 MB even with every tensor compact prints its limit error.
- train: each request of RUNS through POST /api/train in the app (FastAPI's TestClient, the
  worker pool): the plain answer raw and gzip-compressed by the worker, and the NDJSON stream with
  Accept-Encoding: gzip (GZipMiddleware, level 6) — its last line raw and every byte on the wire.
tests/document/test_bounded.py and tests/document/test_bounded_train.py assert the bound on these
programs.
"""

import argparse
import json
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WIRE = 8_000_000
SMALL = "[[0.123, -1.5, 2.25], [3.5, -0.75, 1.125]]"  # six numbers: captions write them out
PRODUCTS = "A = randn(316, 316)\n" + "\n".join(
    "B0 = A @ A" if i == 0 else f"B{i} = B{i - 1} * A" for i in range(8))
EVERY_OPTION = {"code": True, "check": True, "optimizer": {"name": "adam", "lr": 0.1}}


def small_sum(terms: int) -> str:
    """x + x + … of a 2×3 tensor: each gate's captions write all its numbers out."""
    return f"x = {SMALL}\nL = sum(" + "+".join(["x"] * terms) + ")"


def doubling(body: str, leaves: list[str], levels: int, chars: int = 40) -> str:
    """`def f0(z, …): return body`, each f<i> calling f<i-1> twice: 2**levels gates of `body`,
    its named inputs `chars` characters long (z is the previous gate)."""
    names = [letter * (chars - 1) + "0" for letter in "QRS"][:len(leaves)]
    lines = [f"{name} = {value}" for name, value in zip(names, leaves, strict=True)]
    given = "".join(f", {name}" for name in names[1:])
    lines.append(f"def f0(z{given}): return {body.format(*names)}")
    lines += [f"def f{i}(z{given}): return f{i - 1}(f{i - 1}(z{given}){given})"
              for i in range(1, levels + 1)]
    return "\n".join([*lines, f"out = sum(f{levels}({names[0]}{given}))"])


BATCHNORM = ("batchnorm(z, {1}, {2})", [SMALL, "[0.5, 1.5, -2.5]", "[0.25, -0.5, 0.75]"])
SCALAR = ("z * {1}", ["0.123456", "1.00001"])

# name → (source, /api/graph options): near-limit tensors, thousands of nodes holding tensors,
# tensors just under the compact threshold, the node limit with every option on, long names in
# def calls; the last three pass 8 MB even with every tensor compact (a limit error).
GRAPHS: dict[str, tuple[str, dict[str, Any]]] = {
    "the issue's 316² and eight products": (PRODUCTS, {}),
    "… with the code view and an optimizer": (
        PRODUCTS, {"code": True, "optimizer": {"name": "adam", "lr": 0.1}}),
    "five near-limit inputs": (
        "\n".join(f"W{i} = randn(316, 316, seed={i})" for i in range(5)) + "\nL = sum("
        + " + ".join(f"W{i}" for i in range(5)) + ")", {"code": True, "check": True}),
    "a 4,999-term sum of a 200-vector": (
        "x = randn(200, seed=1)\nL = " + "+".join(["x"] * 4999), {"code": True}),
    "4,999 matrix products of 14×14": (
        "W = randn(14, 14, seed=1)\nL = " + "@".join(["W"] * 4999), {"code": True}),
    "products of two 200-vectors": (
        "x = randn(200, seed=1)\ny = randn(200, seed=2)\nL = " + "+".join(["x*y"] * 2400), {}),
    "99 tensors of 10,000": (
        "x = randn(10000, seed=1)\nL = " + "+".join(["x"] * 99), {"code": True, "check": True}),
    "990 tensors of 1,000": ("x = randn(1000, seed=1)\nL = " + "+".join(["x"] * 990), {}),
    "the node limit in scalars": (
        "a = 0.5\nL = " + "+".join(["a"] * 4990),
        {"code": True, "check": True, "optimizer": {"name": "sgd", "lr": 0.1}}),
    "2,048 scalar gates in def calls, 40-character names": (
        doubling(*SCALAR, levels=11), EVERY_OPTION),
    "1,024 batchnorm gates in def calls, 40-character names": (
        doubling(*BATCHNORM, levels=10), EVERY_OPTION),
    "4,150 sums of a 2×3 tensor": (small_sum(4150), {}),
    "4,236 sums of a 2×3 tensor: the most before the limit error": (small_sum(4236), {}),
    "4,998 sums of a 2×3 tensor": (small_sum(4998), {}),
    "2,048 batchnorm gates in def calls, 40-character names": (
        doubling(*BATCHNORM, levels=11), EVERY_OPTION),
    "4,096 scalar gates in def calls, 40-character names": (
        doubling(*SCALAR, levels=12), EVERY_OPTION),
}


def two_layer(hidden: int, n: int = 300) -> str:
    """CS231n's spiral and a 2→hidden→3 ReLU net (the gallery's spiral-net has hidden=100)."""
    return f"""X, t = dataset("spiral", n={n}, seed=0)
W1 = randn(2, {hidden}, seed=1) * 0.01
b1 = zeros({hidden})
W2 = randn({hidden}, 3, seed=2) * 0.01
b2 = zeros(3)
L = cross_entropy(relu(X @ W1 + b1) @ W2 + b2, t)"""


def many_vectors(count: int, size: int = 100) -> str:
    """`count` parameters of `size` numbers each: every one has a trajectory."""
    lines = [f"p{i} = randn({size}, seed={i})" for i in range(count)]
    return "\n".join([*lines, "L = " + " + ".join(f"sum(p{i} * p{i})" for i in range(count))])


def run(source: str, name: str, lr: float, steps: int, **more: Any) -> dict[str, Any]:
    return {"source": source, "optimizer": {"name": name, "lr": lr}, "steps": steps, **more}


# name → POST /api/train body
RUNS: dict[str, dict[str, Any]] = {
    "2→16→3 net (99 numbers), Adam, 5,000 steps": run(two_layer(16), "adam", 0.01, 5000),
    "… 3,000 steps": run(two_layer(16), "adam", 0.01, 3000),
    "… SGD on mini-batches of 16": run(two_layer(16), "sgd", 0.5, 5000, batch_size=16),
    "the gallery's spiral net, 5,000 steps": run(two_layer(100), "sgd", 1.0, 5000),
    "20 parameters of 100 numbers, 2,000 steps": run(many_vectors(20), "sgd", 0.01, 2000),
    "4,050 sums of a 2×3 parameter, 1 step": run(small_sum(4050), "sgd", 0.1, 1),
}


def graph_size(source: str, options: dict[str, Any]) -> tuple[int, int] | str:
    """(raw, gzip) bytes of the worker's answer, or its limit error's message."""
    from chainrule.app.runner.jobs import encode
    from chainrule.engine.core import limits
    from chainrule.engine.core.errors import GraphError
    from chainrule.engine.document.build import build

    try:
        reply = encode(200, build(source, limits=limits.Limits(seconds=300), fetch=True,
                                  **options))
    except GraphError as e:
        return str(e)
    return len(reply.plain()), len(reply.body)


def train_sizes(client: Any, body: dict[str, Any]) -> dict[str, int] | str:
    """The plain answer's and the NDJSON stream's last line's bytes raw, and each response's
    bytes on the wire (gzip), or the error's message."""
    plain, plain_wire = fetch(client, body, "application/json")
    if b'"error"' in plain[:10]:
        return str(json.loads(plain)["error"]["message"])
    lines, lines_wire = fetch(client, body, "application/x-ndjson")
    last = lines.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    assert json.loads(last) == json.loads(plain)
    return {"raw": len(plain), "gzip": plain_wire, "stream's last line": len(last),
            "stream gzip": lines_wire}


def fetch(client: Any, body: dict[str, Any], accept: str) -> tuple[bytes, int]:
    """The response's body as JSON text, and its bytes on the wire (gzip-compressed)."""
    headers = {"accept": accept, "accept-encoding": "gzip"}
    with client.stream("POST", "/api/train", json=body, headers=headers) as response:
        wire = b"".join(response.iter_raw())
        gzipped = response.headers.get("content-encoding") == "gzip"  # (short errors are not)
    return zlib.decompress(wire, wbits=31) if gzipped else wire, len(wire)


def show(name: str, measure: Callable[[], Any]) -> None:
    start = time.perf_counter()
    result = measure()
    seconds = time.perf_counter() - start
    if isinstance(result, str):
        print(f"{name}: {result}  ({seconds:.1f} s)", flush=True)
        return
    sizes = dict(zip(("raw", "gzip"), result, strict=True)) if isinstance(result, tuple) else result
    text = ", ".join(f"{key} {value / 1e6:.3f} MB" for key, value in sizes.items())
    assert max(sizes.values()) <= WIRE, (name, sizes)
    print(f"{name}: {text}  ({seconds:.1f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", action="store_true", help="only POST /api/graph")
    parser.add_argument("--train", action="store_true", help="only POST /api/train")
    parser.add_argument("--match", default="", help="only the cases whose name has these words")
    args = parser.parse_args()
    both = not (args.graph or args.train)
    if args.graph or both:
        print("POST /api/graph")
        for name, (source, options) in GRAPHS.items():
            if args.match in name:
                show(f"  {name}", lambda s=source, o=options: graph_size(s, o))
    if args.train or both:
        from fastapi.testclient import TestClient

        from chainrule.app import create_app

        print("POST /api/train")
        with TestClient(create_app(), raise_server_exceptions=False) as client:
            for name, body in RUNS.items():
                if args.match in name:
                    show(f"  {name}", lambda b=body: train_sizes(client, b))


if __name__ == "__main__":
    main()
