"""Random numbers of `randn` without a seed: new for every graph, yet reproducible on request.

A build draws them from one entropy (random unless the request names it); the n-th unseeded
randn call uses `default_rng([entropy, n])`. A compact tensor's "fetch" carries the entropy, so
POST /api/tensor rebuilds the very same numbers without the server keeping anything.
"""

import contextvars
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np


@dataclass
class Draws:
    entropy: int
    count: int = 0  # unseeded randn calls so far


_current: contextvars.ContextVar[Draws | None] = contextvars.ContextVar("draws", default=None)


@contextmanager
def drawing(entropy: int | None = None) -> Iterator[Draws]:
    """Draw the unseeded randn calls of this block from `entropy` (None: a fresh one)."""
    state = Draws(secrets.randbits(63) if entropy is None else entropy)
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


def generator(seed: int | None) -> np.random.Generator:
    """The generator of one randn call: from its seed, else the block's next draw."""
    if seed is not None:
        return np.random.default_rng(seed)
    state = _current.get()
    if state is None:
        return np.random.default_rng()
    state.count += 1
    return np.random.default_rng([state.entropy, state.count - 1])


def current() -> Draws | None:
    """The block's draws (None outside `drawing`)."""
    return _current.get()
