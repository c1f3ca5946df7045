"""Every limit and budget, in one place: those of untrusted graphs (active only inside
`budget(...)`, which parse uses), a training run's, and the wall-clock budgets of the workers.

The page reads them from the server too (`page()`, embedded beside the messages): no copies.
"""

import contextvars
import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from chainrule.engine.core.errors import LimitError


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
    finally:
        _current.reset(token)


active = _current.get  # () -> Budget | None; bound once: Tensor() asks on every node


def reserve(shape: Sequence[int], windows_of: str | None = None) -> None:
    """Refuse a tensor of `shape` before it is allocated, if it breaks the active limits.

    `windows_of` names the op when the tensor is that op's window matrix (conv2d)."""
    state = _current.get()
    if state is None:
        return
    size = math.prod(int(n) for n in shape)
    cap = state.limits.tensor_elements
    if size > cap:
        dims, count, most = "×".join(str(n) for n in shape), f"{size:,}", f"{cap:,}"
        if windows_of:
            raise LimitError("err.limit.windows", op=windows_of, dims=dims, size=count, cap=most)
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
