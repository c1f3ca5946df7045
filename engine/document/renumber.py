"""The same graph with other input numbers, for practice's "new numbers": `fresh` answers POST
/api/renumber on served pages, `variants` draws the few an offline file carries (it has no server
to ask). Both try seeds in turn through one loop, so they follow the same rules.

The input leaves' literals are rewritten in the source at their node's span: integers as small
integers (±1…4), decimals with one decimal, a new `seed=` for randn/rand; the second half of the
attempts keeps each number's sign. A draw that changes the graph's structure, leaves its numbers as
they were, or makes it a poor exercise (a non-finite or huge number, a new zero gradient, a tie at a
max or min gate) is dropped.
"""

import json
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import islice
from typing import Any

import numpy as np

from chainrule.engine.core.errors import GraphError, ValueErr
from chainrule.engine.core.limits import Limits
from chainrule.engine.document.build import build

_LITERAL = re.compile(r"^[\s\d.eE+\-\[\],()]+$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SEED = re.compile(r"(\bseed\s*=\s*)(\d+)")
_LARGEST = 1000  # scalars of a hand exercise: 0, or between 0.01 and 1000 in size
_SMALLEST = 0.01
ATTEMPTS = 12  # seeds POST /api/renumber tries before it answers err.renumber.none

Document = dict[str, Any]
Build = Callable[[str], Document]


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


def _draw(old: str, rng: np.random.Generator, keep_sign: bool) -> str:
    negative = float(old) < 0 if keep_sign else rng.random() < 0.5
    sign = -1 if negative else 1
    if re.fullmatch(r"[-+]?\d+", old):
        return str(sign * int(rng.integers(1, 5)))
    tenths = int(rng.integers(10, 41)) if abs(float(old)) >= 1 else int(rng.integers(1, 10))
    return f"{sign * tenths / 10:.1f}"


def rewrite(source: str, nodes: list[dict[str, Any]], seed: int, keep_signs: bool = False) -> str:
    """`source` with its input numbers drawn anew from `seed` (their signs kept when asked)."""
    rng = np.random.default_rng(seed)
    out, at = [], 0
    for start, end, text, is_seed in slots(source, nodes):
        drawn = str(int(rng.integers(0, 1000))) if is_seed else _draw(text, rng, keep_signs)
        out += [source[at:start], drawn]
        at = end
    return "".join(out) + source[at:]


def _structure(document: Document) -> str:
    nodes = [[n["kind"], n["op"], n["label"] if n["kind"] == "op" else n["name"], n["shape"]]
             for n in document["nodes"]]
    return json.dumps([nodes, [[e["source"], e["target"]] for e in document["edges"]]])


def _leaves(document: Document) -> str:
    """The numbers the program wrote: every value that is not a gate's."""
    return json.dumps([n["value"] for n in document["nodes"] if n["kind"] != "op"])


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
    """Is `fresh` the graph `old` with other input numbers, and a fair exercise?"""
    if _structure(old) != _structure(fresh) or _leaves(old) == _leaves(fresh):
        return False
    if not all(_fair(e["value"]) and _fair(e["grad"]) for e in fresh["edges"]):
        return False
    zeros = [sum(e["grad"] == 0 for e in d["edges"]) for d in (old, fresh)]
    values = {n["id"]: json.dumps(n["value"]) for n in fresh["nodes"]}
    ties = any(n["gate"] == "router" and len({values[i] for i in n["inputs"]}) < len(n["inputs"])
               for n in fresh["nodes"])
    return zeros[1] <= zeros[0] and not ties


def _draws(source: str, document: Document, remake: Build, seed: int, attempts: int,
           deadline: float) -> Iterator[tuple[int, str, Document]]:
    """(seed, source, document) of each usable draw from seeds `seed` … `seed + attempts - 1`,
    tried until `deadline` (time.monotonic()); the second half keeps the signs."""
    seen = {source}
    for k in range(attempts):
        if time.monotonic() > deadline:
            return
        text = rewrite(source, document["nodes"], seed + k, keep_signs=k >= attempts // 2)
        if text in seen:
            continue
        seen.add(text)
        try:
            result = remake(text)
        except GraphError:
            continue
        if usable(document, result):
            yield seed + k, text, result


def variants(
    source: str, document: Document, remake: Build, count: int = 4, attempts: int = 24,
    seconds: float = 2.0,
) -> list[Document]:
    """Up to `count` documents of the same graph with other input numbers (seeds 1, 2, …),
    drawn within `seconds` (a large graph gets fewer)."""
    if not slots(source, document["nodes"]):
        return []
    found = _draws(source, document, remake, 1, attempts, time.monotonic() + seconds)
    return [result for _, _, result in islice(found, count)]


def fresh(
    source: str, seed: int, attempts: int = ATTEMPTS, limits: Limits | None = None,
) -> Document:
    """POST /api/renumber: POST /api/graph's document for `source` with its input numbers drawn
    anew from seeds `seed`, `seed + 1`, … (the first usable one), plus that "source" and "seed";
    the program's own error as /api/graph's, err.renumber.* when no draw is kept. Every build
    shares `limits`' seconds."""
    limits = limits or Limits()
    deadline = time.monotonic() + limits.seconds
    document = build(source, limits=limits, fetch=True)
    if not slots(source, document["nodes"]):
        raise ValueErr("err.renumber.nothing")

    def remake(text: str) -> Document:
        left = replace(limits, seconds=max(0.0, deadline - time.monotonic()))
        return build(text, limits=left, fetch=True)

    for used, text, result in _draws(source, document, remake, seed, attempts, deadline):
        return result | {"source": text, "seed": used}
    raise ValueErr("err.renumber.none")
