"""A document past the wire (8 MB) even with every tensor compact: its names, step texts,
formulas and code view alone are too long. The limit error is placed at the node where the
document passes the wire, counting everything else first and then the nodes in topological order,
each with its incoming edges and its steps."""

import json
import math
from collections import defaultdict
from typing import Any

from chainrule.engine.core.errors import LimitError

WIRE = 8_000_000  # bytes of JSON: the most any answer of the API takes (README: HTTP API)


def too_big(document: dict[str, Any], graph: dict[str, Any], written: Any, size: int,
            source: str | None, wire: int = WIRE) -> LimitError:
    """The limit error for `document` of `size` bytes past `wire`, its graph document `graph`;
    `written` writes its slots (as measured), `source` places the error (None: no place)."""
    error = LimitError("err.limit.answer", size=f"{math.ceil(size / 1e5) / 10:.1f}",
                       limit=f"{wire / 1e6:g}", nodes=f"{len(graph['nodes']):,}")
    span = passing(graph, written, size, wire)
    if span is not None and source is not None:
        from chainrule.engine.language.source import Source  # noqa: PLC0415  (the language is optional here)

        text = Source(source)
        error.place(*text.position(span[0]), *text.position(span[1]))
    return error


def passing(graph: dict[str, Any], written: Any, size: int, wire: int) -> list[int] | None:
    """The span of the node at which the running size passes `wire` (or of the last node before
    it that has one)."""
    parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edge in graph["edges"]:
        parts[edge["target"]].append(edge)
    for step in graph["steps"]:
        parts[step["node"]].append(step)
    costs = [length([node, *parts[node["id"]]], written) for node in graph["nodes"]]
    running = size - sum(costs)  # everything but the nodes, their edges and their steps
    span = None
    for node, cost in zip(graph["nodes"], costs, strict=True):
        running += cost
        span = node["span"] or span
        if running > wire and span is not None:
            return span
    return span


def length(items: list[dict[str, Any]], written: Any) -> int:
    """Bytes of `items` in their lists (a comma each), as the API writes them."""
    text = json.dumps(items, ensure_ascii=False, separators=(",", ":"), default=written)
    return len(text.encode("utf-8")) - 1

