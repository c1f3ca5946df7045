"""The slides' fonts: the names a PPTX asks for, the files a PDF embeds, and text widths.

A PPTX names its fonts and the viewer supplies them: Latin text in Calibri (English) or Malgun
Gothic (Korean, as Korean decks are set), East Asian text in Malgun Gothic marked as Hangul
(charset and PANOSE), so that a machine without it substitutes a Korean font (LibreOffice, through
fontconfig, Noto Sans CJK KR). A PDF carries its fonts, embedded as subsets: DejaVu Sans, the
page's own font on Linux (static/css/chainrule.css --sans), with NanumGothic for what it lacks
(Hangul); DejaVu Sans Mono and NanumGothicCoding for the source. Both are TrueType (Debian's
fonts-dejavu-core and fonts-nanum), which ReportLab embeds and subsets quickly; Debian's Noto Sans
CJK is OpenType CFF, which ReportLab cannot embed and fpdf2 takes 3–5 s a document to load and
subset (measured), past /api/graph's deadline. Widths for the layout are measured in these fonts.
"""

from functools import cache
from pathlib import Path
from typing import NamedTuple

from chainrule.engine.core.errors import ValueErr

FOLDERS = {"dejavu": (Path("/usr/share/fonts/truetype/dejavu"), "fonts-dejavu-core"),
           "nanum": (Path("/usr/share/fonts/truetype/nanum"), "fonts-nanum")}
# (regular, bold, mono): each a chain of (registered name, folder, file), first the one to use
CHAINS = {
    "regular": (("SlidesSans", "dejavu", "DejaVuSans.ttf"),
                ("SlidesHangul", "nanum", "NanumGothic.ttf")),
    "bold": (("SlidesSansBold", "dejavu", "DejaVuSans-Bold.ttf"),
             ("SlidesHangulBold", "nanum", "NanumGothicBold.ttf")),
    "mono": (("SlidesMono", "dejavu", "DejaVuSansMono.ttf"),
             ("SlidesHangulMono", "nanum", "NanumGothicCoding.ttf"),
             ("SlidesHangul", "nanum", "NanumGothic.ttf")),
}


class Names(NamedTuple):
    """The typefaces a PPTX names for one language."""

    latin: str
    east_asian: str = "Malgun Gothic"
    mono: str = "Consolas"


NAMES = {"en": Names("Calibri"), "ko": Names("Malgun Gothic")}


def kind(bold: bool = False, mono: bool = False) -> str:
    return "mono" if mono else "bold" if bold else "regular"


@cache
def _font(name: str, folder: str, file: str) -> frozenset[int]:
    """Register a font with ReportLab (once): the characters it has."""
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415  (loaded by the slides alone)
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    place, package = FOLDERS[folder]
    if not (place / file).is_file():
        raise ValueErr("err.slides.font", package=package)
    font = TTFont(name, str(place / file))
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


def _which(code: int, chain: tuple[tuple[str, str, str], ...]) -> str:
    """The first font of `chain` with character `code` (else the first); a fallback is loaded
    only when a character needs it (an English deck never loads NanumGothic)."""
    for font in chain:
        if code in _font(*font):
            return font[0]
    return chain[0][0]


def runs(text: str, bold: bool = False, mono: bool = False) -> list[tuple[str, str]]:
    """`text` cut into (font, piece) runs: each character in the first font of its chain that
    has it."""
    chain = CHAINS[kind(bold, mono)]
    out: list[tuple[str, str]] = []
    for ch in text:
        font = _which(ord(ch), chain)
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def text_width(text: str, size: float, bold: bool = False, mono: bool = False) -> float:
    """The width of `text` at `size` (any unit: the result is in the same) as the PDF draws it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: PLC0415

    return sum(stringWidth(piece, font, size) for font, piece in runs(text, bold, mono))


def css_width(text: str, font: str) -> float:
    """A canvas's measureText for a CSS font ("600 15px family"): what static/js/graph/boxes.js
    measures its boxes with, here in the slides' fonts."""
    weight, _, rest = font.partition(" ")
    size = float(rest.partition("px")[0])
    return text_width(text, size, bold=weight.isdigit() and int(weight) >= 600)
