"""The graph of one slide as shapes: deck.js's layout and one frame's marks drawn as the page's
SVG draws them (static/js/graph/render.js and marks.js, colours and sizes of chainrule.css),
scaled into the slide's graph area. Same layout and fit on every slide: stepping through the
slides looks like stepping through the player."""

from dataclasses import dataclass
from typing import Any

from chainrule.engine.export.slides.colours import Colours
from chainrule.engine.export.slides.shapes import CENTRE, Box, Circle, Path, Shape, Text, svg_path

PENDING = "?"


@dataclass(frozen=True)
class Fit:
    """Layout pixels → slide points: p ↦ (dx + x·scale, dy + y·scale)."""

    scale: float
    dx: float
    dy: float

    def x(self, x: float) -> float:
        return self.dx + x * self.scale

    def y(self, y: float) -> float:
        return self.dy + y * self.scale


def fit(view: dict[str, Any], x: float, y: float, w: float, h: float, most: float) -> Fit:
    """The largest scale (at most `most`) showing the whole layout in the box, centred in it."""
    scale = min(w / max(view["width"], 1.0), h / max(view["height"], 1.0), most)
    return Fit(scale, x + (w - view["width"] * scale) / 2, y + (h - view["height"] * scale) / 2)


def draw(view: dict[str, Any], frame: dict[str, Any], at: Fit, c: Colours) -> list[Shape]:
    """The groups, edges, gates and numbers of `frame` (what is known after its steps)."""
    shapes: list[Shape] = []
    for group in view["groups"]:
        shapes += _group(group, at, c)
    active = set(frame["active"])
    for edge in view["edges"]:
        shapes.append(_edge(edge, edge["id"] in active, at, c))
    for node in view["nodes"]:
        shapes += _node(node, node["id"] == frame["current"], at, c)
    values, grads = set(frame["values"]), set(frame["grads"])
    for edge in view["edges"]:
        shapes += _labels(edge, edge["source"] in values, edge["id"] in grads, at, c)
    nodes = {node["id"]: node for node in view["nodes"]}
    for update in frame["updates"]:
        shapes.append(_new_value(update, nodes[update["node"]], at, c))
    return shapes


def _text(at: Fit, x: float, baseline: float, text: str, px: float, colour: str,
          **style: Any) -> Text:
    """A text the SVG places by its baseline, placed by its middle."""
    size = px * at.scale
    return Text(at.x(x), at.y(baseline) - CENTRE * size, text, size, colour, **style)


def _group(group: dict[str, Any], at: Fit, c: Colours) -> list[Shape]:
    box = group["box"]
    s = at.scale
    return [
        Box(at.x(box["x"] - box["width"] / 2), at.y(box["y"] - box["height"] / 2),
            box["width"] * s, box["height"] * s, 10 * s, None, c["muted"], 1.2 * s, dashed=True,
            role="group"),
        _text(at, group["x"], group["y"], group["text"], 13, c["muted"], anchor="start",
              bold=True, italic=True, role="group-label"),
    ]


def _edge(edge: dict[str, Any], active: bool, at: Fit, c: Colours) -> Path:
    start, curves = svg_path(edge["path"], at.scale, at.dx, at.dy)
    colour, width = (c["current"], 3.0) if active else (c["line"], 1.6)
    return Path(start, tuple(curves), colour, width * at.scale, role=f"edge {edge['id']}")


def _node(node: dict[str, Any], current: bool, at: Fit, c: Colours) -> list[Shape]:
    s = at.scale
    stroke, width = (c["current"], 4.0) if current else (c["line"], 1.8)
    role = f"node {node['id']}"
    if node["shape"] == "input":
        a = node["anchor"]
        leaf = node["kind"] == "input"
        dot = c["current"] if current else c["line"]
        return [
            Circle(at.x(a["x"]), at.y(a["y"]), node["r"] * s, dot, dot if current else None,
                   4.0 * s if current else 0, role=role),
            Text(at.x(a["x"] - node["r"] - 6), at.y(a["y"]), node["name"], 18 * s,
                 c["ink"] if leaf else c["muted"], anchor="end", italic=leaf,
                 role=f"name {node['id']}"),
        ]
    if node["group"]:
        width = max(width, 2.6)
    x, y, r = node["x"], node["y"], node["r"]
    if node["shape"] == "circle":
        gate: Shape = Circle(at.x(x), at.y(y), r * s, c["gate-fill"], stroke, width * s, role=role)
    else:
        w = node["width"]
        gate = Box(at.x(x - w / 2), at.y(y - r), w * s, 2 * r * s, r * s, c["gate-fill"], stroke,
                   width * s, role=role)
    shapes = [gate, Text(at.x(x), at.y(y), node["label"], 17 * s, c["ink"], bold=True,
                         role=f"label {node['id']}")]
    if node["symbol"]:
        shapes.append(_text(at, x, y + r + 13 + 1, node["symbol"], 13, c["muted"], italic=True,
                            role=f"symbol {node['id']}"))
    return shapes


def _labels(edge: dict[str, Any], value: bool, grad: bool, at: Fit, c: Colours) -> list[Shape]:
    """The value above the line, the gradient below, a tensor's shape on the line between."""
    x, y, offsets = edge["lx"], edge["ly"], edge["offsets"]
    shapes: list[Shape] = []
    if edge["shape"]:
        shapes.append(Text(at.x(x), at.y(y), edge["shape"], 12 * at.scale, c["muted"],
                           backdrop=c["bg"], role=f"shape {edge['id']}"))
    labels = [("value", edge["value"], value, c["fwd"])]
    if edge["grad"] is not None:
        labels.append(("grad", edge["grad"], grad, c["bwd"]))
    for what, text, known, colour in labels:
        shapes.append(_text(at, x, y + offsets[what], text if known else PENDING, 15,
                            colour if known else c["pending"], bold=known,
                            role=f"{what} {edge['id']}"))
    return shapes


def _new_value(update: dict[str, Any], node: dict[str, Any], at: Fit, c: Colours) -> Text:
    """The update phase's "→ 2.02" over a parameter's dot (static/js/train/newValues.js)."""
    tensor = update["text"].startswith("→ [")
    a = node["anchor"]
    return _text(at, a["x"] + (4 if tensor else 0), a["y"] - (18 if tensor else 14), update["text"],
                 14, c["upd"], anchor="end" if tensor else "middle", bold=True,
                 role=f"new-value {node['id']}")
