"""Bounded documents (/api/graph's, /api/train's): big tensors in a compact form, so no answer
passes 8 MB.

While a document is built every tensor field (node and edge values and gradients, the gradient
check's arrays, update steps' new values) is a `Slot`; `Compactor.finish` then writes each one
either whole (nested lists) or in the compact form of docs/api.md "Big tensors":

    {"shape": [316, 316], "ref": "n0/value" | null,
     "summary": {"min", "max", "mean", "nonfinite", "head", "corner", "heatmap"}}  (optional)

(an object where the API has a number or nested lists: nothing else there is one).

The rest of the document (names, step texts, formulas, the code view) is measured first, every
tensor compact: past `wire` (8 MB) that skeleton is a limit error (engine.document.oversize).
Tensors of more than `tensor` numbers are always compact (data-set leaves excepted: the trainer's
decision boundary draws them; and /api/train's trajectories, whole whenever they fit); smaller ones
stay whole while the document fits `max_bytes` (`wire` when the skeleton alone passes `max_bytes`),
smallest first. Summaries go to node values first, then gradients, while room is left. An
edge's value is its source node's: whole when the node's is, else compact with the node's ref.
"""

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chainrule.engine.document.oversize import WIRE, too_big
from chainrule.engine.document.trace import to_json

MAX_BYTES = 7_500_000  # what finish() aims at (estimates to spare); WIRE is the API's 8 MB
TENSOR = 10_000  # numbers in one tensor above which it is always compact
HEAD = 8  # first numbers (row-major) in a summary: the graph's edge labels preview them
CORNER = 8  # rows and columns of the first 2-D slice that a summary holds exactly
SAMPLE = 256  # numbers whose JSON gives a tensor's bytes per number
CELLS = 24  # a summary's heatmap: at most CELLS × CELLS block means of the first 2-D slice
DATA, VALUE, GRAD, EDGE_GRAD, OTHER, TRAJECTORY = range(6)  # slot ranks: who gets room first
ANY_SIZE = (DATA, TRAJECTORY)  # ranks that may be whole past `tensor` numbers


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
    compact: int = 0  # bytes of its compact forms without a summary, its edges' included
    cached: Any = None  # the whole form, once written

    def decider(self) -> "Slot":
        return self.owner or self


@dataclass
class Compactor:
    """Slots for the tensors of one document; `finish` fits the document into `max_bytes`, or
    `wire` when even the skeleton passes `max_bytes`."""

    fetchable: bool = True  # refs for POST /api/tensor (not in files, which have no server)
    source: str | None = None  # the program, to place the limit error of a document past WIRE
    max_bytes: int = MAX_BYTES
    wire: int = WIRE  # what no document passes: past it even with every tensor compact, an error
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

    def finish(self, document: dict[str, Any], graph: dict[str, Any] | None = None,
               extra: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
        """`document` with every Slot written, whole or compact. Slots sit in `graph` (the graph
        document inside `document`; default: `document` itself) and in `extra`'s values."""
        graph = document if graph is None else graph
        self.fit(document, graph)
        for item in [*extra, *graph_places(graph)]:
            for key, value in item.items():
                if isinstance(value, Slot):
                    item[key] = self.written(value)
        return document

    def fit(self, document: dict[str, Any], graph: dict[str, Any]) -> None:
        """Choose each slot's form: the document within `max_bytes` when its skeleton (every
        tensor compact, no summary) allows, else within `wire`; a skeleton past `wire` raises
        the limit error, placed at the node of `graph` that passes it."""
        if sum(s.array.size * (1 + s.mirrors) for s in self.slots) <= self.tensor:
            for s in self.slots:  # a small document: everything whole when it fits
                s.whole = True
            if size_of(document, self.written) <= self.max_bytes:
                return
        self.allocate(None)
        skeleton = size_of(document, self.written)
        if skeleton > self.wire:
            raise too_big(document, graph, self.written, skeleton, self.source, self.wire)
        bound = self.max_bytes if skeleton <= self.max_bytes else self.wire
        room = bound - skeleton
        for s in self.slots:
            s.compact = minimal_bytes(s, self.fetchable)
        for m in self.mirrors:
            m.decider().compact += minimal_bytes(m, self.fetchable)
        for _ in range(3):
            self.allocate(room)
            over = size_of(document, self.written) - bound
            if over <= 0:
                return
            room -= over + (bound - skeleton) // 20
        self.allocate(None)  # the estimates missed thrice: the skeleton, measured to fit

    def allocate(self, room: int | None) -> None:
        """Whole tensors smallest first, then summaries by rank, while `room` bytes last (None:
        every tensor compact, without a summary)."""
        for s in self.slots:
            s.whole, s.summary = False, None
        if room is None:
            return
        for s in sorted(self.slots, key=lambda s: (s.rank != DATA, s.array.size, s.order)):
            if s.array.size > self.tensor and s.rank not in ANY_SIZE:
                continue
            cost = whole_bytes(s) * (1 + s.mirrors) - s.compact
            if cost <= room:
                s.whole, room = True, room - cost
        for s in sorted(self.slots, key=lambda s: (s.rank, s.order)):
            if room < 1000:
                break
            if s.whole:
                continue
            summary = summarize(s.array)
            head = len(',"summary":') + len(dumps({"head": summary["head"]}))
            cost = len(',"summary":') + len(dumps(summary)) + s.mirrors * head
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


def graph_places(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The objects of a graph document whose values may be Slots."""
    places: list[dict[str, Any]] = [*document["nodes"], *document["edges"], *document["steps"]]
    check = document.get("check")
    if check:
        places += check["inputs"].values()
    return places


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
    """About how many bytes the slot's tensor takes written whole: its numbers at the mean length
    of up to 2·SAMPLE of them (2% to spare), its brackets and commas exactly."""
    if not s.per_number:
        flat = s.array.reshape(-1)
        sample = flat[:: max(1, flat.size // SAMPLE)]
        s.per_number = (len(dumps(to_json(sample))) - 1) / sample.size  # a number and a comma
    shape = s.array.shape
    frame = sum(math.prod(shape[:d]) * (shape[d] + 1) for d in range(len(shape)))
    return math.ceil((s.per_number - 1) * s.array.size * 1.02) + frame


def minimal_bytes(s: Slot, fetchable: bool) -> int:
    """Bytes of the slot's compact form without a summary: {"shape":[…],"ref":"…"|null}."""
    ref = len(s.ref) + 2 if fetchable else len("null")
    return 19 + len(",".join(str(n) for n in s.array.shape)) + ref


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
