"""The same graph with other input numbers, for practice (static/js/practice/newNumbers.js draws
them in the browser; an offline file carries a few drawn here, as it has no server to ask).

The input leaves' literals are rewritten in the source at their node's span: integers as small
integers (±1…4), decimals with one decimal, a new `seed=` for randn/rand. A draw that changes the
graph's structure or makes it a poor exercise (a non-finite or huge number, a new zero gradient,
a tie at a max gate) is dropped.
"""

import json
import math
import re
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule.engine.core.errors import GraphError

_LITERAL = re.compile(r"^[\s\d.eE+\-\[\],()]+$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SEED = re.compile(r"(\bseed\s*=\s*)(\d+)")
_LARGEST = 1000  # scalars of a hand exercise: 0, or between 0.01 and 1000 in size
_SMALLEST = 0.01

Document = dict[str, Any]


def slots(source: str, nodes: list[dict[str, Any]]) -> list[tuple[int, int, str, bool]]:
    """(start, end, text, is_seed) of each number in `source` that new numbers may change."""
    found = []
    for node in nodes:
        if node["kind"] != "input" or not node.get("span"):
            continue
        start, end = node["span"]
        statement = source[start:end]
        eq = statement.find("=")
        if eq < 0:
            continue
        rhs, offset = statement[eq + 1:], start + eq + 1
        if _LITERAL.match(rhs):
            found += [(offset + m.start(), offset + m.end(), m.group(), False)
                      for m in _NUMBER.finditer(rhs)]
        else:
            found += [(offset + m.start(2), offset + m.end(2), m.group(2), True)
                      for m in _SEED.finditer(rhs)]
    return sorted(found)


def _draw(old: str, rng: np.random.Generator) -> str:
    sign = -1 if rng.random() < 0.5 else 1
    if re.fullmatch(r"[-+]?\d+", old):
        return str(sign * int(rng.integers(1, 5)))
    tenths = int(rng.integers(10, 41)) if abs(float(old)) >= 1 else int(rng.integers(1, 10))
    return f"{sign * tenths / 10:.1f}"


def rewrite(source: str, nodes: list[dict[str, Any]], seed: int) -> str:
    """`source` with its input numbers drawn anew from `seed`."""
    rng = np.random.default_rng(seed)
    out, at = [], 0
    for start, end, text, is_seed in slots(source, nodes):
        out += [source[at:start], str(int(rng.integers(0, 1000))) if is_seed else _draw(text, rng)]
        at = end
    return "".join(out) + source[at:]


def _structure(document: Document) -> str:
    nodes = [[n["kind"], n["op"], n["label"] if n["kind"] == "op" else n["name"], n["shape"]]
             for n in document["nodes"]]
    return json.dumps([nodes, [[e["source"], e["target"]] for e in document["edges"]]])


def _finite(values: Any) -> bool:
    if isinstance(values, list):
        return all(_finite(v) for v in values)
    return isinstance(values, (int, float)) and math.isfinite(values)


def _fair(value: Any) -> bool:
    """Finite tensors; scalars 0 or of a size one works with by hand."""
    if value is None or isinstance(value, list):
        return value is None or _finite(value)
    return _finite(value) and (value == 0 or _SMALLEST <= abs(value) <= _LARGEST)


def usable(old: Document, fresh: Document) -> bool:
    """Is `fresh` the graph `old` with other numbers, and a fair exercise?"""
    if _structure(old) != _structure(fresh):
        return False
    if not all(_fair(e["value"]) and _fair(e["grad"]) for e in fresh["edges"]):
        return False
    zeros = [sum(e["grad"] == 0 for e in d["edges"]) for d in (old, fresh)]
    values = {n["id"]: json.dumps(n["value"]) for n in fresh["nodes"]}
    ties = any(n["gate"] == "router" and len({values[i] for i in n["inputs"]}) < len(n["inputs"])
               for n in fresh["nodes"])
    return zeros[1] <= zeros[0] and not ties


def variants(
    source: str, document: Document, build: Callable[[str], Document], count: int = 4,
    attempts: int = 24, seconds: float = 2.0,
) -> list[Document]:
    """Up to `count` documents of the same graph with other input numbers (seeds 1, 2, …),
    drawn within `seconds` (a large graph gets fewer)."""
    if not slots(source, document["nodes"]):
        return []
    found: list[Document] = []
    seen = {source}
    deadline = time.monotonic() + seconds
    for seed in range(1, attempts + 1):
        if time.monotonic() > deadline:
            break
        fresh = rewrite(source, document["nodes"], seed)
        if fresh in seen:
            continue
        seen.add(fresh)
        try:
            result = build(fresh)
        except GraphError:
            continue
        if usable(document, result):
            found.append(result)
        if len(found) == count:
            break
    return found
