"""Training speed: Adam on CS231n's spiral in chainrule, in NumPy by hand, and in PyTorch.

`.venv/bin/python bench/train_bench.py [--steps 1000] [--quick]`
1. 1,000 full-batch Adam steps of a 2→100→3 ReLU net on the 300-point spiral: ms per step of
   chainrule's trainer (engine.learning.trainer), of the same maths written out in NumPy, and of
   PyTorch when importable; ratios against NumPy. Each implementation's losses must equal NumPy's
   first. 2. 300 mini-batch (16 rows) Adam steps of a 2→16→3 net on the 90-point spiral through
   POST /api/train (FastAPI's TestClient), timed end to end.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chainrule.engine.document.update import parameters  # noqa: E402
from chainrule.engine.language import parse  # noqa: E402
from chainrule.engine.learning import optim  # noqa: E402
from chainrule.engine.learning.datasets import generate  # noqa: E402
from chainrule.engine.learning.trainer import Trainer  # noqa: E402

TOL = 1e-9
LR = 0.01
SOURCE = """X, t = dataset("spiral", n={n}, seed=0)
W1 = randn(2, {h}, seed=1) * 0.01
b1 = zeros({h})
W2 = randn({h}, 3, seed=2) * 0.01
b2 = zeros(3)
s = relu(X @ W1 + b1) @ W2 + b2
L = cross_entropy(s, t)"""


def initial(n: int, hidden: int) -> dict[str, np.ndarray]:
    """The starting values SOURCE gives its leaves (randn(..., seed=k) is default_rng(k))."""
    X, t = generate("spiral", n=n, seed=0)
    return {"X": X, "t": t,
            "W1": np.random.default_rng(1).standard_normal((2, hidden)) * 0.01,
            "b1": np.zeros(hidden),
            "W2": np.random.default_rng(2).standard_normal((hidden, 3)) * 0.01,
            "b2": np.zeros(3)}


def chainrule_run(steps: int, n: int, hidden: int) -> list[float]:
    program = parse(SOURCE.format(n=n, h=hidden))
    opt = optim.make("adam", parameters(program.output), lr=LR)
    losses: list[float] = []
    for _, history in Trainer(program.output, opt).run(steps, seconds=float("inf")):
        losses = history.loss
    return losses


def numpy_run(steps: int, n: int, hidden: int) -> list[float]:
    """The same net, loss, gradients and Adam, written out (CS231n's case study + Adam)."""
    v = initial(n, hidden)
    X, y = v["X"], v["t"].astype(int)
    params = {k: v[k] for k in ("W1", "b1", "W2", "b2")}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    rows = np.arange(n)
    losses = []
    for step in range(1, steps + 1):
        W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        h = np.maximum(0, X @ W1 + b1)
        scores = h @ W2 + b2
        shifted = scores - scores.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        probs = exp / exp.sum(axis=1, keepdims=True)
        log_probs = shifted - np.log(exp.sum(axis=1, keepdims=True))
        losses.append(float(-log_probs[rows, y].sum() / n))
        dscores = probs.copy()
        dscores[rows, y] -= 1
        dscores /= n
        dh = dscores @ W2.T
        dh[h <= 0] = 0
        grads = {"W1": X.T @ dh, "b1": dh.sum(axis=0), "W2": h.T @ dscores,
                 "b2": dscores.sum(axis=0)}
        for k, g in grads.items():
            m[k] = 0.9 * m[k] + 0.1 * g
            s[k] = 0.999 * s[k] + 0.001 * g * g
            m_hat, s_hat = m[k] / (1 - 0.9**step), s[k] / (1 - 0.999**step)
            params[k] = params[k] - LR * m_hat / (np.sqrt(s_hat) + 1e-8)
    return losses


def torch_run(steps: int, n: int, hidden: int) -> list[float]:
    import torch  # noqa: PLC0415

    torch.set_num_threads(1)
    v = initial(n, hidden)
    X, y = torch.from_numpy(v["X"]), torch.from_numpy(v["t"]).long()
    params = [torch.tensor(v[k], requires_grad=True) for k in ("W1", "b1", "W2", "b2")]
    W1, b1, W2, b2 = params
    opt = torch.optim.Adam(params, lr=LR)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(torch.relu(X @ W1 + b1) @ W2 + b2, y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def timed(run: Callable[[int, int, int], list[float]], steps: int, n: int, hidden: int,
          repeats: int) -> tuple[float, float, list[float]]:
    """The fastest of `repeats` runs in ms per step, wall clock and CPU time of the process (the
    fair measure on a busy machine), and the last run's losses."""
    wall, cpu, losses = [], [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        losses = run(steps, n, hidden)
        wall.append((time.perf_counter() - start) * 1000 / steps)
        cpu.append((time.process_time() - start_cpu) * 1000 / steps)
    return min(wall), min(cpu), losses


def engines(steps: int, repeats: int) -> None:
    runs: dict[str, Callable[[int, int, int], list[float]]] = {
        "numpy by hand": numpy_run, "chainrule": chainrule_run}
    try:
        import torch  # noqa: F401, PLC0415

        runs["pytorch (1 thread)"] = torch_run
    except ImportError:
        print("pytorch: skipped (`import torch` failed)")
    results = {name: timed(run, steps, 300, 100, repeats) for name, run in runs.items()}
    reference = results["numpy by hand"][2]
    print(f"{steps} Adam steps (lr {LR}), 2→100→3 ReLU, cross-entropy, 300-point spiral, "
          f"full batch, float64; fastest of {repeats} runs")
    print(f"{'':<22}{'ms/step':>10}{'CPU ms':>10}{'× numpy':>10}{'max |Δloss|':>14}")
    base = results["numpy by hand"][1]
    for name, (ms, cpu, losses) in results.items():
        error = float(np.max(np.abs(np.subtract(losses, reference))))
        print(f"{name:<22}{ms:>10.3f}{cpu:>10.3f}{cpu / base:>10.2f}{error:>14.1e}")
        if name != "pytorch (1 thread)" and error > TOL:
            raise SystemExit(f"{name}: losses differ from NumPy's by {error:g}")
    print(f"× numpy: CPU time against NumPy by hand's; final loss {reference[-1]:.4f}\n")


def api(repeats: int) -> None:
    try:
        from fastapi.testclient import TestClient  # noqa: PLC0415

        from chainrule.app.main import create_app  # noqa: PLC0415
    except ImportError as e:
        print(f"/api/train: skipped ({e})")
        return
    body = {"source": SOURCE.format(n=90, h=16),
            "optimizer": {"name": "adam", "lr": 0.05}, "steps": 300, "batch_size": 16, "seed": 0}
    with TestClient(create_app()) as client:
        times = []
        for seed in range(repeats):  # a new seed each time: the result cache must not answer
            start = time.perf_counter()
            response = client.post("/api/train", json=body | {"seed": seed})
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise SystemExit(f"/api/train answered {response.status_code}: {response.text}")
        loss = response.json()["loss"]
    print(f"POST /api/train: 300 Adam steps, batch 16, 2→16→3 on the 90-point spiral: "
          f"median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
          f"over {repeats} requests (loss {loss[0]:.3f} → {loss[-1]:.3f})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="100 steps, one run each")
    args = parser.parse_args(argv)
    steps, repeats = (100, 1) if args.quick else (args.steps, 3)
    engines(steps, repeats)
    api(1 if args.quick else 5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
