"""Reading decks back as their users' programs do: python-pptx for a PPTX (each slide's named
shapes, their text and colour), poppler's pdftotext for a PDF (its text, page by page)."""

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from chainrule.app.presets import PRESETS


def preset(key: str) -> str:
    return PRESETS[key][1].text


def slides_of(data: bytes) -> list[Any]:
    return list(Presentation(io.BytesIO(data)).slides)


def texts(slide: Any) -> dict[str, tuple[str, str]]:
    """Each named text shape of a slide: name → (its text, its first run's colour "#rrggbb")."""
    found = {}
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text:
            run = shape.text_frame.paragraphs[0].runs[0]
            found[shape.name] = (shape.text_frame.text, f"#{run.font.color.rgb}".lower())
    return found


def pictures(data: bytes) -> int:
    return sum(shape.shape_type == MSO_SHAPE_TYPE.PICTURE
               for slide in slides_of(data) for shape in slide.shapes)


def pdf_pages(data: bytes, tmp: Path) -> list[str]:
    """The PDF's text, a string per page (pdftotext, layout kept)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext missing (apt-get install poppler-utils; make test installs it)")
    path = tmp / "deck.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                         capture_output=True, timeout=60).stdout.decode("utf-8")
    return out.split("\f")[:-1]
