"""Bounded graph documents: big tensors in a compact form, so no answer passes 8 MB.

While a document is built every tensor field (node and edge values and gradients, the gradient
check's arrays, update steps' new values) is a `Slot`; `Compactor.finish` then writes each one
either whole (nested lists, as DESIGN.md) or in the compact form README.md documents:

    {"shape": [316, 316], "ref": "n0/value" | null,
     "summary": {"min", "max", "mean", "nonfinite", "head", "corner", "heatmap"}}  (optional)

(an object where DESIGN has a number or nested lists: nothing else there is one).

Tensors of more than `tensor` numbers are always compact (data-set leaves excepted: the trainer's
decision boundary draws them); smaller ones stay whole while the document fits `max_bytes`,
smallest first. Summaries go to node values first, then gradients, while room is left. An
edge's value is its source node's: whole when the node's is, else compact with the node's ref.
"""

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.trace import to_json

MAX_BYTES = 7_500_000  # what finish() aims at; the API promises 8,000,000 (room for rounding)
TENSOR = 10_000  # numbers in one tensor above which it is always compact
HEAD = 8  # first numbers (row-major) in a summary: the graph's edge labels preview them
CORNER = 8  # rows and columns of the first 2-D slice that a summary holds exactly
CELLS = 24  # a summary's heatmap: at most CELLS × CELLS block means of the first 2-D slice
DATA, VALUE, GRAD, EDGE_GRAD, OTHER = range(5)  # slot ranks: who gets room first


@dataclass(eq=False)
class Slot:
    """One tensor field of the document, written once the document's size is known."""

    array: np.ndarray
    ref: str
    rank: int
    order: int
    owner: "Slot | None" = None  # an edge's value: the node value it repeats
    mirrors: int = 0  # edges repeating this node value
    whole: bool = False
    summary: dict[str, Any] | None = None
    per_number: float = 0.0  # bytes per number written whole (estimated once)
    cached: Any = None  # the whole form, once written

    def decider(self) -> "Slot":
        return self.owner or self


@dataclass
class Compactor:
    """Slots for the tensors of one document; `finish` fits the document into `max_bytes`."""

    fetchable: bool = True  # refs for POST /api/tensor (not in files, which have no server)
    max_bytes: int = MAX_BYTES
    tensor: int = TENSOR
    slots: list[Slot] = field(default_factory=list)
    mirrors: list[Slot] = field(default_factory=list)

    def encode(self, array: np.ndarray | None, ref: str, rank: int = OTHER) -> Any:
        """A scalar, an empty tensor or None as itself; a tensor as a Slot until `finish`."""
        if array is None or array.ndim == 0 or array.size == 0:
            return to_json(array)
        slot = Slot(array, ref, rank, len(self.slots))
        self.slots.append(slot)
        return slot

    def mirror(self, value: Any, ref: str) -> Any:
        """An edge's value: its source node's (`value`, as `encode` gave it)."""
        if not isinstance(value, Slot):
            return value
        value.mirrors += 1
        copy = Slot(value.array, ref, value.rank, value.order, owner=value)
        self.mirrors.append(copy)
        return copy

    def finish(self, document: dict[str, Any]) -> dict[str, Any]:
        """`document` with every Slot written, whole or compact, within `max_bytes`."""
        if sum(s.array.size * (1 + s.mirrors) for s in self.slots) <= self.tensor:
            for s in self.slots:  # a small document: everything whole, nothing to measure
                s.whole = True
            return substitute(document, self.written)
        room = self.max_bytes - size_of(document, self.written)
        for _ in range(3):
            self.allocate(room)
            over = size_of(document, self.written) - self.max_bytes
            if over <= 0:
                break
            room -= over + self.max_bytes // 20
        else:  # the estimates missed thrice: only the skeleton is sure to fit
            self.allocate(0)
        return substitute(document, self.written)

    def allocate(self, room: int) -> None:
        """Whole tensors smallest first, then summaries by rank, while `room` bytes last."""
        for s in self.slots:
            s.whole, s.summary = False, None
        for s in sorted(self.slots, key=lambda s: (s.rank != DATA, s.array.size, s.order)):
            if s.array.size > self.tensor and s.rank != DATA:
                break
            cost = (whole_bytes(s) - minimal_bytes(s)) * (1 + s.mirrors)
            if cost <= room:
                s.whole, room = True, room - cost
        for s in sorted(self.slots, key=lambda s: (s.rank, s.order)):
            if room < 1000:
                break
            if s.whole:
                continue
            summary = summarize(s.array)
            cost = len(dumps(summary)) + s.mirrors * len(dumps({"head": summary["head"]}))
            if cost <= room:
                s.summary, room = summary, room - cost

    def written(self, s: Slot) -> Any:
        """Slot `s` as it is written now: whole, or its compact form."""
        decider = s.decider()
        if decider.whole:
            if decider.cached is None:
                decider.cached = to_json(decider.array)
            return decider.cached
        form: dict[str, Any] = {"shape": list(s.array.shape),
                                "ref": decider.ref if self.fetchable else None}
        if decider.summary is not None:
            form["summary"] = decider.summary if s.owner is None else {
                "head": decider.summary["head"]}
        return form


def substitute(document: dict[str, Any], written: Any) -> dict[str, Any]:
    """Replace every Slot where the graph document can hold one by `written(slot)`."""
    places: list[dict[str, Any]] = [*document["nodes"], *document["edges"], *document["steps"]]
    check = document.get("check")
    if check:
        places += check["inputs"].values()
    for item in places:
        for key, value in item.items():
            if isinstance(value, Slot):
                item[key] = written(value)
    return document


def summarize(array: np.ndarray) -> dict[str, Any]:
    """Statistics over all numbers, the first HEAD, the top-left corner of the first 2-D slice
    exactly, and that slice's heatmap of block means (4 significant digits)."""
    finite = array[np.isfinite(array)]
    stats = [finite.min(), finite.max(), finite.mean()] if finite.size else None
    low, high, mean = to_json(np.array(stats)) if stats else (None, None, None)
    plane = first_plane(array)
    return {
        "min": low, "max": high, "mean": mean, "nonfinite": int(array.size - finite.size),
        "head": to_json(array.reshape(-1)[:HEAD]),
        "corner": to_json(plane[:CORNER, :CORNER] if plane.ndim == 2 else plane[:CORNER]),
        "heatmap": heatmap(plane),
    }


def first_plane(array: np.ndarray) -> np.ndarray:
    """The tensor as the inspector shows it: 1-D as it is, N-D as its [0, 0, …] matrix."""
    while array.ndim > 2:
        array = array[0]
    return array


def heatmap(plane: np.ndarray) -> dict[str, Any]:
    """Block means of finite numbers over at most CELLS × CELLS blocks (a row for 1-D)."""
    grid = plane.reshape(1, -1) if plane.ndim == 1 else plane
    rows = np.linspace(0, grid.shape[0], min(grid.shape[0], CELLS) + 1).astype(int)[:-1]
    cols = np.linspace(0, grid.shape[1], min(grid.shape[1], CELLS) + 1).astype(int)[:-1]
    ok = np.isfinite(grid)
    sums = np.add.reduceat(np.add.reduceat(np.where(ok, grid, 0.0), rows, 0), cols, 1)
    counts = np.add.reduceat(np.add.reduceat(ok.astype(float), rows, 0), cols, 1)
    with np.errstate(all="ignore"):
        means = sums / counts
    cells = [[float(f"{v:.4g}") if math.isfinite(v) else None for v in row]
             for row in means.tolist()]
    return {"rows": len(cells), "cols": len(cells[0]), "cells": cells}


def whole_bytes(s: Slot) -> int:
    """About how many bytes the slot's tensor takes written whole, from 16 of its numbers."""
    if not s.per_number:
        flat = s.array.reshape(-1)
        sample = flat[:: max(1, flat.size // 16)]
        s.per_number = (len(dumps(to_json(sample))) - 1) / sample.size
    rows = s.array.size // s.array.shape[-1]
    return math.ceil(s.per_number * s.array.size * 1.1) + 3 * rows


def minimal_bytes(s: Slot) -> int:
    """Bytes of the slot's compact form without a summary."""
    return 24 + len(s.ref) + sum(len(str(n)) + 1 for n in s.array.shape)


def dumps(value: Any, default: Any = None) -> str:
    """JSON as the API writes it (compact separators, UTF-8 text)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                      default=default)


def size_of(document: Any, written: Any) -> int:
    """Bytes of `document` as the API sends it before compression, slots as `written` says."""
    return len(dumps(document, default=written).encode("utf-8"))


class Collector:
    """Every tensor of a document by its ref, for POST /api/tensor (nothing is written)."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def encode(self, array: np.ndarray | None, ref: str, rank: int = OTHER) -> Any:
        if array is not None:
            self.arrays[ref] = array
        return ref

    def mirror(self, value: Any, ref: str) -> Any:
        if value in self.arrays:
            self.arrays[ref] = self.arrays[value]
        return ref
