"""Resource limits for untrusted graphs, active only inside `budget(...)` (parse uses it)."""

import contextvars
import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from engine.errors import LimitError


@dataclass(frozen=True)
class Limits:
    source_chars: int = 20_000
    nodes: int = 5_000
    tensor_elements: int = 100_000
    total_elements: int = 1_000_000
    exponent: float = 1_000.0
    depth: int = 100
    seconds: float = 5.0
    check_elements: int = 2_000


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


def active() -> Budget | None:
    return _current.get()


def reserve(shape: Sequence[int], what: str = "tensor") -> None:
    """Refuse a tensor of `shape` before it is allocated, if it breaks the active limits."""
    state = _current.get()
    if state is None:
        return
    size = math.prod(int(n) for n in shape)
    cap = state.limits.tensor_elements
    if size > cap:
        dims = "×".join(str(n) for n in shape)
        raise LimitError(f"{what} of shape {dims} has {size:,} elements; the limit is {cap:,}")
    tick()


def charge(size: int) -> None:
    """Count a new graph node holding `size` elements."""
    state = _current.get()
    if state is None:
        return
    state.nodes += 1
    state.elements += size
    if state.nodes > state.limits.nodes:
        raise LimitError(f"the graph has more than {state.limits.nodes:,} nodes")
    if state.elements > state.limits.total_elements:
        cap = state.limits.total_elements
        raise LimitError(f"the graph holds more than {cap:,} numbers in all")
    tick()


def tick() -> None:
    """Raise once the evaluation time is used up."""
    state = _current.get()
    if state is not None and time.monotonic() > state.deadline:
        raise LimitError(f"evaluation took longer than {state.limits.seconds:g} s")


def check_exponent(p: float) -> None:
    state = _current.get()
    if state is not None and abs(p) > state.limits.exponent:
        raise LimitError(f"exponent {p:g} is larger than {state.limits.exponent:g}")
