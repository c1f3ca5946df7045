"""The pages as a PowerPoint file, with python-pptx: every shape native and editable (ovals and
rounded rectangles for gates and dots, freeform lines with arrowheads for edges, text boxes for
every number and word), one slide per page, 16:9, the caption also in the speaker notes. Text
names its fonts as engine/export/slides/fonts.py says; each shape is named by what it shows
("value e3", "grad e3", "node n5"), so a lecturer can find and restyle them.

python-pptx takes milliseconds a shape (it searches the slide for a free shape id at each), and a
deck repeats most shapes from slide to slide (a gate, a number once shown): each distinct shape
(the shapes are values) is made once, on a stencil slide, and copied onto every slide showing it.
"""

import copy
import io
from collections.abc import Iterable
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from chainrule.engine.export.slides.fonts import NAMES, Names, text_width
from chainrule.engine.export.slides.shapes import (
    HEIGHT,
    WIDTH,
    Box,
    Circle,
    Lines,
    Page,
    Path,
    Shape,
    Text,
)

BLANK = 6  # the default template's blank layout
STENCIL_SHAPES = 40  # a stencil slide this full is replaced (python-pptx searches it for ids)
SAMPLES = 6  # line segments per Bézier piece (freeforms hold straight segments only)
ALIGN = {"start": PP_ALIGN.LEFT, "middle": PP_ALIGN.CENTER, "end": PP_ALIGN.RIGHT}
HANGUL = {"charset": "-127", "panose": "020B0503020000020004"}  # Malgun Gothic's, for fallback


def pptx_bytes(pages: Iterable[Page], lang: str, title: str) -> bytes:
    """The presentation of `pages` as .pptx bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Pt(WIDTH), Pt(HEIGHT)
    deck.core_properties.title = title
    deck.core_properties.language = lang
    stencil = Stencil(NAMES[lang])
    for page in pages:
        slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = _rgb(page.background)
        tree = slide.shapes._spTree
        for number, shape in enumerate(page.shapes, start=2):  # id 1 is the slide's own
            element = copy.deepcopy(stencil.element(shape))
            element[0][0].set("id", str(number))  # nvSpPr's cNvPr
            tree.insert_element_before(element, "p:extLst")
        if page.notes:
            slide.notes_slide.notes_text_frame.text = page.notes
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


class Stencil:
    """Each distinct shape drawn once, on slides of a presentation of its own, as an element."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.made: dict[Shape, Any] = {}
        self.deck = Presentation()
        self.shapes: Any = None
        self.count = STENCIL_SHAPES

    def element(self, shape: Shape) -> Any:
        """The shape's p:sp element, made on the stencil the first time."""
        made = self.made.get(shape)
        if made is None:
            if self.count >= STENCIL_SHAPES:
                self.shapes = self.deck.slides.add_slide(self.deck.slide_layouts[BLANK]).shapes
                self.count = 0
            _draw(self.shapes, shape, self.names)
            self.count += 1
            made = self.made[shape] = self.shapes._spTree[-1]
        return made


def _draw(shapes: Any, shape: Shape, names: Names) -> None:
    if isinstance(shape, Text):
        _text(shapes, shape, names)
    elif isinstance(shape, Lines):
        _lines(shapes, shape, names)
    elif isinstance(shape, Circle):
        made = shapes.add_shape(MSO_SHAPE.OVAL, Pt(shape.x - shape.r), Pt(shape.y - shape.r),
                                Pt(2 * shape.r), Pt(2 * shape.r))
        _paint(made, shape.fill, shape.stroke, shape.width, shape.role)
    elif isinstance(shape, Box):
        made = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Pt(shape.x), Pt(shape.y),
                                Pt(shape.w), Pt(shape.h))
        made.adjustments[0] = min(shape.r / max(min(shape.w, shape.h), 1e-6), 0.5)
        _paint(made, shape.fill, shape.stroke, shape.width, shape.role)
        if shape.dashed:
            made.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    else:
        _path(shapes, shape)


def _paint(made: Any, fill: str | None, stroke: str | None, width: float, role: str) -> None:
    made.name = role or made.name
    made.shadow.inherit = False
    if fill is None:
        made.fill.background()
    else:
        made.fill.solid()
        made.fill.fore_color.rgb = _rgb(fill)
    if stroke is None or width <= 0:
        made.line.fill.background()
    else:
        made.line.color.rgb = _rgb(stroke)
        made.line.width = Pt(width)


def _path(shapes: Any, path: Path) -> None:
    """A freeform line through the path's Bézier pieces, sampled, ending in an arrowhead."""
    points = []
    last = path.start
    for c1, c2, end in path.curves:
        points += [_bezier(last, c1, c2, end, i / SAMPLES) for i in range(1, SAMPLES + 1)]
        last = end
    builder = shapes.build_freeform(Pt(path.start[0]), Pt(path.start[1]), scale=1.0)
    builder.add_line_segments([(Pt(x), Pt(y)) for x, y in points], close=False)
    made = builder.convert_to_shape()
    _paint(made, None, path.stroke, path.width, path.role)
    if path.arrow:
        line = made.line._get_or_add_ln()
        line.append(line.makeelement(qn("a:tailEnd"), {"type": "triangle", "w": "med",
                                                        "len": "med"}))


def _bezier(p0: tuple[float, float], p1: tuple[float, float], p2: tuple[float, float],
            p3: tuple[float, float], t: float) -> tuple[float, float]:
    u = 1 - t
    x = u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0]
    y = u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]
    return x, y


def _text(shapes: Any, text: Text, names: Names) -> None:
    """A one-line text box, its middle at (x, y), aligned at x as `anchor` says."""
    width = text_width(text.text, text.size, text.bold) * 1.08 + text.size * 0.4
    left = {"start": text.x, "middle": text.x - width / 2, "end": text.x - width}[text.anchor]
    height = text.size * 1.6
    box = shapes.add_textbox(Pt(left), Pt(text.y - height / 2), Pt(width), Pt(height))
    box.name = text.role or box.name
    frame = _frame(box, MSO_ANCHOR.MIDDLE)
    if text.backdrop:
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(text.backdrop)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = ALIGN[text.anchor]
    _run(paragraph, text.text, text.size, text.colour, names, bold=text.bold, italic=text.italic,
         mono=text.mono)


def _lines(shapes: Any, lines: Lines, names: Names) -> None:
    """Lines of text in one box from its top-left corner, a paragraph each."""
    height = len(lines.lines) * lines.size * lines.gap + lines.size
    box = shapes.add_textbox(Pt(lines.x), Pt(lines.y), Pt(WIDTH - lines.x - 24), Pt(height))
    box.name = lines.role or box.name
    frame = _frame(box, MSO_ANCHOR.TOP)
    for i, words in enumerate(lines.lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.line_spacing = Pt(lines.size * lines.gap)  # exact, as the PDF spaces them
        _run(paragraph, words, lines.size, lines.colour, names, mono=lines.mono)


def _frame(box: Any, anchor: MSO_ANCHOR) -> Any:
    frame = box.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
    frame.word_wrap = False
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    return frame


def _run(paragraph: Any, words: str, size: float, colour: str, names: Names, bold: bool = False,
         italic: bool = False, mono: bool = False) -> None:
    run = paragraph.add_run()
    run.text = words
    font = run.font
    font.size = Pt(size)
    font.bold, font.italic = bold, italic
    font.color.rgb = _rgb(colour)
    font.name = names.mono if mono else names.latin
    properties = run._r.get_or_add_rPr()
    latin = properties.get_or_add_latin()
    latin.addnext(properties.makeelement(qn("a:ea"), {"typeface": names.east_asian} | HANGUL))


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())
