"""The pages as a PDF, with ReportLab: vector shapes and real text (selectable, searchable), the
fonts embedded as subsets (engine/export/slides/fonts.py), so Hangul and the numbers render in any
viewer. One page per slide, 960 × 540 pt."""

import io
import math
from collections.abc import Iterable
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from chainrule.engine.export.slides import fonts
from chainrule.engine.export.slides.shapes import (
    CENTRE,
    HEIGHT,
    WIDTH,
    Box,
    Circle,
    Lines,
    Page,
    Path,
    Point,
    Shape,
    Text,
)

ARROW = (3.5, 1.6)  # an arrowhead's length and half width, in line widths (at least 6 × 2.75 pt)


def pdf_bytes(pages: Iterable[Page], lang: str, title: str) -> bytes:
    """The document of `pages` as .pdf bytes, one page each."""
    out = io.BytesIO()
    (first, _), = fonts.runs("0")  # registered: the initial font (else Helvetica, unembedded)
    pdf = Canvas(out, pagesize=(WIDTH, HEIGHT), pageCompression=1, lang=lang,
                 initialFontName=first)
    pdf.setTitle(title)
    pdf.setCreator("chainrule")
    for page in pages:
        pdf.translate(0, HEIGHT)  # the shapes' y grows downwards, as on a slide
        pdf.scale(1, -1)
        pdf.setFillColor(page.background)
        pdf.rect(0, 0, WIDTH, HEIGHT, stroke=0, fill=1)
        for shape in page.shapes:
            _draw(pdf, shape)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw(pdf: Canvas, shape: Shape) -> None:
    if isinstance(shape, Text):
        _text(pdf, shape)
    elif isinstance(shape, Lines):
        for i, words in enumerate(shape.lines):
            _write(pdf, shape.x, shape.y + shape.size * (0.9 + i * shape.gap), words, shape.size,
                   shape.colour, mono=shape.mono)
    elif isinstance(shape, Circle):
        fill, stroke = _paint(pdf, shape.fill, shape.stroke, shape.width)
        pdf.circle(shape.x, shape.y, shape.r, stroke=stroke, fill=fill)
    elif isinstance(shape, Box):
        fill, stroke = _paint(pdf, shape.fill, shape.stroke, shape.width)
        pdf.setDash([6 * shape.width, 4 * shape.width] if shape.dashed else [])
        pdf.roundRect(shape.x, shape.y, shape.w, shape.h, shape.r, stroke=stroke, fill=fill)
        pdf.setDash([])
    else:
        _path(pdf, shape)


def _paint(pdf: Canvas, fill: str | None, stroke: str | None, width: float) -> tuple[int, int]:
    """Set the colours and line width: (fill?, stroke?) as ReportLab's flags."""
    if fill is not None:
        pdf.setFillColor(fill)
    painted = stroke is not None and width > 0
    if painted:
        pdf.setStrokeColor(stroke)
        pdf.setLineWidth(width)
    return int(fill is not None), int(painted)


def _text(pdf: Canvas, text: Text) -> None:
    width = fonts.text_width(text.text, text.size, text.bold, text.mono)
    left = {"start": text.x, "middle": text.x - width / 2, "end": text.x - width}[text.anchor]
    if text.backdrop:
        pdf.setFillColor(text.backdrop)
        pad = text.size * 0.3
        pdf.rect(left - pad, text.y - text.size * 0.6, width + 2 * pad, text.size * 1.2, stroke=0,
                 fill=1)
    _write(pdf, left, text.y + CENTRE * text.size, text.text, text.size, text.colour,
           bold=text.bold, mono=text.mono, italic=text.italic)


def _write(pdf: Canvas, x: float, baseline: float, words: str, size: float, colour: str,
           bold: bool = False, mono: bool = False, italic: bool = False) -> None:
    """Text from (x, baseline), each run in the font that has its characters; italic slanted."""
    line: Any = pdf.beginText()
    line.setTextTransform(1, 0, 0.2 if italic else 0, -1, x, baseline)  # upright in a y-down page
    line.setFillColor(colour)
    for font, piece in fonts.runs(words, bold, mono):
        line.setFont(font, size)
        line.textOut(piece)
    pdf.drawText(line)


def _path(pdf: Canvas, path: Path) -> None:
    """The Bézier pieces stroked, stopping short of the arrowhead, then the arrowhead filled with
    its tip at the path's end."""
    length = max(ARROW[0] * path.width, 6.0) if path.arrow else 0.0
    *_, (_, c2, end) = path.curves
    direction = _direction(c2, end, path)
    drawn = pdf.beginPath()
    drawn.moveTo(*path.start)
    for i, (c1, c2_, e) in enumerate(path.curves):
        if i == len(path.curves) - 1:
            e = (e[0] - direction[0] * length * 0.8, e[1] - direction[1] * length * 0.8)
        drawn.curveTo(*c1, *c2_, *e)
    pdf.setStrokeColor(path.stroke)
    pdf.setLineWidth(path.width)
    pdf.drawPath(drawn, stroke=1, fill=0)
    if path.arrow:
        half = max(ARROW[1] * path.width, 2.75)
        base = (end[0] - direction[0] * length, end[1] - direction[1] * length)
        normal = (-direction[1] * half, direction[0] * half)
        head = pdf.beginPath()
        head.moveTo(*end)
        head.lineTo(base[0] + normal[0], base[1] + normal[1])
        head.lineTo(base[0] - normal[0], base[1] - normal[1])
        head.close()
        pdf.setFillColor(path.stroke)
        pdf.drawPath(head, stroke=0, fill=1)


def _direction(c2: Point, end: Point, path: Path) -> Point:
    """The unit direction the path arrives in (its last control point, else where it came from)."""
    for before in (c2, *(c for c, _, _ in reversed(path.curves)), path.start):
        dx, dy = end[0] - before[0], end[1] - before[1]
        size = math.hypot(dx, dy)
        if size > 1e-6:
            return dx / size, dy / size
    return 1.0, 0.0
