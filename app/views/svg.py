"""A static SVG of a graph's final step for `chainrule export -o graph.svg` (no browser needed).

grandalf's Sugiyama layout places the gates in layers, left to right as in the slides; each edge
carries its forward value above the line and its gradient below, in the web page's colours.
The page's dagre is JavaScript and this runs where no browser is (the CLI), hence a Python layout
library; its drawing is a picture of the end, not the page's steppable graph.
"""

from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import SugiyamaLayout

from chainrule.engine.document import text

COLOURS = {  # the same values as static/css/chainrule.css
    ("light", "classic"): ("#ffffff", "#1d2330", "#12813a", "#c62828"),
    ("dark", "classic"): ("#14171d", "#e6e9ef", "#4cd27a", "#ff6b6b"),
    ("light", "cb"): ("#ffffff", "#1d2330", "#0072b2", "#d55e00"),
    ("dark", "cb"): ("#14171d", "#e6e9ef", "#56b4e9", "#e69f00"),
}
RADIUS, LABEL, MARGIN, TAIL = 22, 15, 24, 80


@dataclass
class Box:
    w: float
    h: float
    xy: tuple[float, float] = (0.0, 0.0)


def label(value: Any, shape: list[int]) -> str:
    """An edge label: numbers as on the page, larger tensors as their shape."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    arr = np.asarray(value, dtype=float)
    return text.value(arr) if arr.size <= 3 else text.dims(tuple(shape))


def text_width(s: str, size: float) -> float:
    return 0.6 * size * len(s)


def layout(document: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Centre of every node, inputs on the left and the output on the right."""
    nodes = document["nodes"]
    widest = max([text_width(label(e["value"], []), LABEL) for e in document["edges"]] + [40])
    vertices = {n["id"]: Vertex(n["id"]) for n in nodes}
    for v in vertices.values():
        v.view = Box(2 * RADIUS + 2 * LABEL + 16, 2 * RADIUS)  # grandalf lays out top-down
    pairs = {(e["source"], e["target"]) for e in document["edges"]}
    graph = Graph(list(vertices.values()), [Edge(vertices[a], vertices[b]) for a, b in pairs])
    for component in graph.C:
        sugiyama = SugiyamaLayout(component)
        sugiyama.yspace = widest + 40
        sugiyama.init_all()
        sugiyama.draw()
    return {id_: (v.view.xy[1], v.view.xy[0]) for id_, v in vertices.items()}


def render_svg(document: dict[str, Any], theme: str = "light", palette: str = "classic") -> str:
    """The final step: every value and gradient shown."""
    bg, ink, fwd, bwd = COLOURS[(theme, palette)]
    pos = layout(document)
    nodes = {n["id"]: n for n in document["nodes"]}
    parts = [edge_svg(e, pos, nodes) for e in document["edges"]]
    out = nodes[document["output"]]
    x, y = pos[out["id"]]
    parts.append(labelled_path(x + RADIUS, y, x + RADIUS + TAIL, y,
                               label(out["value"], out["shape"]), label(out["grad"], out["shape"])))
    parts += [node_svg(n, pos[n["id"]]) for n in nodes.values()]
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    left, top = min(xs) - RADIUS - 90, min(ys) - RADIUS - 2 * LABEL
    width, height = max(xs) + RADIUS + TAIL + 20 - left, max(ys) + RADIUS + 2 * LABEL - top
    style = (f".edge{{stroke:{ink};stroke-width:2;fill:none}} .node{{fill:{bg};stroke:{ink};"
             f"stroke-width:2}} .sym,.name{{fill:{ink}}} .v{{fill:{fwd}}} .g{{fill:{bwd}}} "
             "text{font-family:system-ui,sans-serif;font-weight:600} "
             f".v,.g{{font-size:{LABEL}px;text-anchor:middle;paint-order:stroke;stroke:{bg};"
             "stroke-width:4px} .sym{font-size:17px;text-anchor:middle;dominant-baseline:central}"
             " .name{font-size:18px;font-style:italic;text-anchor:end;dominant-baseline:central}")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} {top:.1f} '
            f'{width:.1f} {height:.1f}" width="{width:.0f}" height="{height:.0f}">'
            f'<rect x="{left:.1f}" y="{top:.1f}" width="100%" height="100%" fill="{bg}"/>'
            f"<style>{style}</style>{arrow(ink)}{''.join(parts)}</svg>\n")


def arrow(ink: str) -> str:
    return ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{ink}"/>'
            "</marker></defs>")


def edge_svg(edge: dict[str, Any], pos: dict[str, tuple[float, float]],
             nodes: dict[str, dict[str, Any]]) -> str:
    (x1, y1), (x2, y2) = pos[edge["source"]], pos[edge["target"]]
    source = nodes[edge["source"]]
    start = x1 + (RADIUS if source["kind"] == "op" else 5)
    shape = source["shape"]
    return labelled_path(start, y1, x2 - RADIUS, y2,
                         label(edge["value"], shape), label(edge["grad"], shape))


def labelled_path(x1: float, y1: float, x2: float, y2: float, value: str, grad: str) -> str:
    """A straight run out of the source carrying the labels, then a curve into the target."""
    bend = x1 + (x2 - x1) * 0.6
    path = (f"M{x1:.1f},{y1:.1f} H{bend:.1f} C{(bend + x2) / 2:.1f},{y1:.1f} "
            f"{(bend + x2) / 2:.1f},{y2:.1f} {x2:.1f},{y2:.1f}")
    lx = (x1 + bend) / 2
    return (f'<path class="edge" d="{path}" marker-end="url(#arrow)"/>'
            f'<text class="v" x="{lx:.1f}" y="{y1 - 7:.1f}">{escape(value)}</text>'
            f'<text class="g" x="{lx:.1f}" y="{y1 + LABEL + 5:.1f}">{escape(grad)}</text>')


def node_svg(node: dict[str, Any], xy: tuple[float, float]) -> str:
    x, y = xy
    if node["kind"] == "op":
        return (f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS}"/>'
                f'<text class="sym" x="{x:.1f}" y="{y:.1f}">{escape(node["label"])}</text>')
    name = node["name"] or node["label"]
    return (f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="5" style="fill:currentColor"/>'
            f'<text class="name" x="{x - 10:.1f}" y="{y:.1f}">{escape(name)}</text>')
