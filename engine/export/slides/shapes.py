"""What a slide is made of, in points on a 960 × 540 page (16:9, 13.33 × 7.5 in): the few kinds
of native shapes both writers draw (to_pptx.py, to_pdf.py), so a PPTX and a PDF show the same
pages. Colours are "#rrggbb" (engine/export/slides/colours.py)."""

import re
from dataclasses import dataclass, field

WIDTH, HEIGHT = 960.0, 540.0
CENTRE = 0.35  # a line of text's middle lies this many sizes above its baseline


@dataclass(frozen=True)
class Text:
    """One line of text, its middle at `y`; `anchor` says where `x` is: start, middle or end."""

    x: float
    y: float
    text: str
    size: float
    colour: str
    anchor: str = "middle"
    bold: bool = False
    italic: bool = False
    mono: bool = False
    backdrop: str | None = None  # a fill behind the text (a shape on an edge's line cuts it)
    role: str = ""  # what it shows ("value", "grad", "caption", …), for the PPTX's shape names


@dataclass(frozen=True)
class Lines:
    """Lines of text from the top-left corner (x, y), one size, `gap` the line spacing in sizes."""

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    colour: str
    mono: bool = False
    gap: float = 1.25
    role: str = ""


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float
    fill: str | None
    stroke: str | None
    width: float = 1.0
    role: str = ""


@dataclass(frozen=True)
class Box:
    """A rectangle with rounded corners of radius `r` (a pill when r is half its height)."""

    x: float
    y: float
    w: float
    h: float
    r: float
    fill: str | None
    stroke: str | None
    width: float = 1.0
    dashed: bool = False
    role: str = ""


Point = tuple[float, float]


@dataclass(frozen=True)
class Path:
    """An open path from `start` through cubic Bézier pieces (c1, c2, end), with an arrowhead at
    its end when `arrow`."""

    start: Point
    curves: tuple[tuple[Point, Point, Point], ...]
    stroke: str
    width: float
    arrow: bool = True
    role: str = ""


Shape = Text | Lines | Circle | Box | Path


@dataclass
class Page:
    """One slide: its background and shapes, drawn in order (later ones on top)."""

    background: str
    shapes: list[Shape] = field(default_factory=list)
    notes: str = ""


_NUMBER = r"(-?[\d.]+(?:e[-+]?\d+)?)"


def svg_path(d: str, scale: float, dx: float, dy: float) -> tuple[Point, list[tuple[Point, Point,
                                                                                    Point]]]:
    """d3's path text (M, L and C commands, as d3.line writes them) as a start and Bézier pieces,
    scaled by `scale` and moved by (dx, dy); a straight piece is a Bézier with its ends as
    controls."""
    numbers = [float(n) for n in re.findall(_NUMBER, d)]
    commands = re.findall(r"[MLC]", d)
    points = iter(zip(numbers[::2], numbers[1::2], strict=True))

    def at() -> Point:
        x, y = next(points)
        return dx + x * scale, dy + y * scale

    start = at()
    curves: list[tuple[Point, Point, Point]] = []
    last = start
    for command in commands[1:]:
        if command == "L":
            end = at()
            curves.append((last, end, end))
        else:
            curves.append((at(), at(), end := at()))
        last = curves[-1][2]
    return start, curves
