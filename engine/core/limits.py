"""Every limit and budget, in one place: those of untrusted graphs (active only inside
`budget(...)`, which parse uses), a training run's, the wall-clock budgets and the memory of the
workers, and the one rule of seeds.

The page reads them from the server too (`page()`, embedded beside the messages): no copies.
"""

import contextvars
import math
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from chainrule.engine.core.errors import LimitError, ValueErr


@dataclass(frozen=True)
class Limits:
    source_chars: int = 20_000
    nodes: int = 5_000
    tensor_elements: int = 100_000
    total_elements: int = 1_000_000
    exponent: float = 1_000.0
    depth: int = 100
    name_chars: int = 40  # a name is repeated in many step texts: one long name made 366 MB
    seconds: float = 5.0
    check_elements: int = 2_000


TRAIN_STEPS = 5_000  # optimizer steps of one training run, at most (and the page's iterations)
TRAIN_SECONDS = 20.0  # one training run's budget (docs/api.md); past it, a limit error
SLACK = 1.0  # a worker's hard deadline is its budget plus this (tracing, the answer's JSON)
DATASET_ROWS = 10_000  # rows of a data set (so the largest mini-batch), at most
SEEDS = 2**63  # a seed (randn, dropout, dataset, training's batches) is a whole number below this
# A worker process may map this much address space beyond what it holds when it starts (RLIMIT_AS),
# plus THREAD_MEMORY per core for the threads BLAS starts later: past it an allocation raises
# MemoryError, a `limit` error for that one request. The legal programs peak under 200 MB beyond.
WORKER_MEMORY = 1 << 30
THREAD_MEMORY = 64 << 20
GRID_ELEMENTS = 4_000_000  # numbers a graph run over many points at once (surface, boundary) holds


def rows_at_once(per_row: int) -> int:
    """How many points (grid rows) one run over many may take, each adding `per_row` numbers."""
    return max(1, GRID_ELEMENTS // max(per_row, 1))


def page() -> dict[str, float]:
    """The limits as the page reads them (static/js/train/facts.js): numbers by name."""
    return asdict(Limits()) | {"train_steps": TRAIN_STEPS, "train_seconds": TRAIN_SECONDS,
                               "dataset_rows": DATASET_ROWS}


@dataclass
class Budget:
    limits: Limits
    deadline: float
    nodes: int = 0
    elements: int = 0
    stack: list[str] = field(default_factory=list)


_current: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("budget", default=None)


@contextmanager
def budget(limits: Limits) -> Iterator[Budget]:
    """Enforce `limits` on every tensor made in this block."""
    state = Budget(limits, time.monotonic() + limits.seconds)
    token = _current.set(state)
    try:
        yield state
    except MemoryError:  # past the worker's address space (cap_memory): a limit, not a crash
        raise LimitError("err.limit.memory") from None
    finally:
        _current.reset(token)


active = _current.get  # () -> Budget | None; bound once: Tensor() asks on every node


PARTS = {"windows": "err.limit.windows", "padded": "err.limit.padded"}  # reserve()'s parts


def reserve(shape: Sequence[int], part: str | None = None, op: str = "") -> None:
    """Refuse an array of `shape` before it is allocated, if it breaks the active limits.

    `part` names what the array is to `op` when it is no tensor of the graph: "windows" (a
    convolution's or pooling's window matrix, or the work of one), "padded" (its padded input)."""
    state = _current.get()
    if state is None:
        return
    size = math.prod(int(n) for n in shape)
    cap = state.limits.tensor_elements
    if size > cap:
        dims, count, most = "×".join(str(n) for n in shape), f"{size:,}", f"{cap:,}"
        if part:
            raise LimitError(PARTS[part], op=op, dims=dims, size=count, cap=most)
        raise LimitError("err.limit.tensor", dims=dims, size=count, cap=most)
    tick()


def charge(size: int) -> None:
    """Count a new graph node holding `size` elements."""
    state = _current.get()
    if state is None:
        return
    state.nodes += 1
    state.elements += size
    if state.nodes > state.limits.nodes:
        raise LimitError("err.limit.nodes", limit=f"{state.limits.nodes:,}")
    if state.elements > state.limits.total_elements:
        raise LimitError("err.limit.numbers", limit=f"{state.limits.total_elements:,}")
    tick()


def tick() -> None:
    """Raise once the evaluation time is used up."""
    state = _current.get()
    if state is not None and time.monotonic() > state.deadline:
        raise LimitError("err.limit.time", seconds=f"{state.limits.seconds:g}")


def check_exponent(p: float) -> None:
    state = _current.get()
    if state is not None and abs(p) > state.limits.exponent:
        limit = f"{state.limits.exponent:g}"
        raise LimitError("err.limit.exponent", exponent=f"{p:g}", limit=limit)


def check_seed(seed: float, what: str) -> int:
    """`seed` as an int, or a value error naming `what` (the one rule of every seed)."""
    whole = isinstance(seed, int) or (math.isfinite(seed) and float(seed).is_integer())
    if not whole or not 0 <= seed < SEEDS:
        shown = f"{seed:g}" if isinstance(seed, float) else str(seed)
        raise ValueErr("err.value.seed", what=what, value=shown, most=f"{SEEDS - 1:,}")
    return int(seed)


def cap_memory() -> None:
    """Limit this process's address space to what it maps now plus WORKER_MEMORY (and
    THREAD_MEMORY a core), where the system allows it (Linux): a worker calls this first."""
    try:
        import resource  # Unix only

        with open("/proc/self/statm") as f:  # mapped now, in pages
            mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    cap = mapped + WORKER_MEMORY + THREAD_MEMORY * (os.cpu_count() or 1)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
