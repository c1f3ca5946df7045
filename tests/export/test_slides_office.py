"""The decks in LibreOffice Impress (headless), the program most lecturers' files meet besides
PowerPoint: each PPTX converts to PDF with one page per slide and every number where the graph has
it (pdftotext). Slow (about 10 s a conversion): marked `office`, left out of `make test-fast`."""

import shutil
import subprocess
from pathlib import Path

import pytest

from chainrule.engine.export.slides.make import slides
from tests.export.slides_helpers import pdf_pages, preset

pytestmark = pytest.mark.office


def converted(data: bytes, tmp: Path) -> bytes:
    """`data` (.pptx) as LibreOffice converts it to PDF."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice missing (apt-get install libreoffice-impress; make test does)")
    (tmp / "deck.pptx").write_bytes(data)
    profile = f"-env:UserInstallation=file://{tmp / 'profile'}"  # its own: runs side by side
    subprocess.run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp),
                    str(tmp / "deck.pptx")], check=True, capture_output=True, timeout=240)
    return (tmp / "deck.pdf").read_bytes()


def test_the_sigmoid_in_impress(tmp_path: Path) -> None:
    pages = pdf_pages(converted(slides(preset("cs231n-sigmoid-gates"), "pptx", "en"), tmp_path),
                      tmp_path)
    assert len(pages) == 24
    last = pages[-1]
    for number in ("-0.20", "0.39", "-0.39", "-0.59", "0.20", "-0.53", "1.37", "0.73"):
        assert number in last
    assert "backward 9/9" in last and "∂f/∂w0 = ∂f/∂a · ∂a/∂w0 = 0.20 · (-1) = -0.20" in last
    assert "?" in pages[1] and "-0.20" not in pages[1]


def test_a_korean_dark_practice_deck_in_impress(tmp_path: Path) -> None:
    data = slides(preset("conv-3x3-padding"), "pptx", "ko", theme="dark", practice="grad",
                  steps="14")
    pages = pdf_pages(converted(data, tmp_path), tmp_path)
    assert len(pages) == 3  # the title, step 14, the answers
    assert "역전파 6/6" in pages[1] and "상류 기울기 × 국소적 미분" in pages[1]
    assert "[12.90 6.40 …]" not in pages[1] and "[12.90 6.40 …]" in pages[2]
    assert "정답 (1/1)" in pages[2]
