"""Does engine/core/quiet.py's private NumPy context variable pay against `np.errstate`?

`.venv/bin/python bench/quiet_bench.py`: one forward and backward pass of the scalar MLP of
bench/engine_bench.py (one node per number: every op enters and leaves quiet mode once) and of
its matrix form, timed with quiet.enter/leave as they are and with the public `np.errstate`,
in alternating blocks of CPU time in this same run; prints each median and their ratio.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_threads, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_mlps import make_problem, scalar_step, tensor_step  # noqa: E402

import chainrule  # noqa: E402
from chainrule.engine.core import quiet, tensor  # noqa: E402


def public_enter() -> Any:
    state = np.errstate(all="ignore")
    state.__enter__()
    return state


def public_leave(token: Any) -> None:
    token.__exit__(None, None, None)


MODES = {"private contextvar": (quiet.enter, quiet.leave), "np.errstate": (public_enter,
                                                                           public_leave)}


def use(enter: Callable[[], Any], leave: Callable[[Any], Any]) -> None:
    """Every op (tensor.apply's bound copies) and the backward pass enter and leave so."""
    quiet.enter, quiet.leave = enter, leave
    tensor._enter, tensor._leave = enter, leave


def block(step: Callable[[], Any], runs: int) -> float:
    start = time.process_time()
    for _ in range(runs):
        step()
    return (time.process_time() - start) / runs


def measure(step: Callable[[], Any], runs: int, blocks: int) -> dict[str, float]:
    times: dict[str, list[float]] = {mode: [] for mode in MODES}
    for _ in range(blocks):
        for mode, (enter, leave) in MODES.items():
            use(enter, leave)
            times[mode].append(block(step, runs))
    use(*MODES["private contextvar"])
    return {mode: statistics.median(t) for mode, t in times.items()}


def main() -> int:
    cases = {
        "scalars, 32 × 16 (≈2,000 gates)": (partial(scalar_step, chainrule.Tensor, chainrule,
                                                    make_problem(32, 16)), 3),
        "tensors, 32 × 16": (partial(tensor_step, make_problem(32, 16)), 200),
        "tensors, 300 × 100": (partial(tensor_step, make_problem(300, 100)), 50),
    }
    print(f"{'':34} {'private':>10} {'errstate':>10} {'errstate ÷ private':>20}")
    for name, (step, runs) in cases.items():
        step()  # warm up
        t = measure(step, runs, blocks=7)
        private, public = t["private contextvar"], t["np.errstate"]
        print(f"{name:34} {private * 1e3:8.2f}ms {public * 1e3:8.2f}ms {public / private:19.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
