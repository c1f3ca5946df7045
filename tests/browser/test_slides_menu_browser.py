"""The export menu's slides: PowerPoint and PDF of the program and view on the page, every step or
one phase's, downloaded as a person would and read back (python-pptx, the PDF's header); and the
server's layout of the slides against the page's own drawing of the same graph."""

from pathlib import Path

import pytest

from chainrule.engine.document.build import build
from chainrule.engine.export.slides.view import deck_view
from tests.browser.test_page_browser import CS231N, SIGMOID, show
from tests.export.slides_helpers import slides_of, texts

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

# Where the page drew each gate's centre and each leaf's dot (render.js: circles, pills as rects)
GATES_JS = """() => Object.fromEntries([...document.querySelectorAll("g.node")].map((g) => {
  const c = g.querySelector("circle");
  const at = (name) => Number((c ?? g.querySelector("rect")).getAttribute(name));
  const place = c ? [at("cx"), at("cy")] : [at("x") + at("width") / 2, at("y") + at("height") / 2];
  return [g.dataset.node, place];
}))"""


def download(page, kind: str, which: str = "all") -> bytes:  # type: ignore[no-untyped-def]
    # a worker that made a deck before has python-pptx, the fonts and QuickJS loaded: on a busy
    # machine a first deck can pass /api/graph's 6 s
    page.request.get("/slides", params={"src": "x = 1", "format": kind}, timeout=30_000)
    page.locator(".export-menu summary").click()
    page.locator('[data-slides="steps"]').select_option(which)
    with page.expect_download() as info:
        page.locator(f'[data-export="{kind}"]').click()
    assert info.value.suggested_filename == f"cs231n-simple.{kind}"
    return Path(info.value.path()).read_bytes()


def test_the_backward_pass_as_powerpoint(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    show(page, CS231N)
    page.locator('[data-toggle="theme"]').click()
    deck = slides_of(download(page, "pptx", "backward"))
    assert len(deck) == 1 + 4  # the title, then 5 … 8 steps shown: the backward pass
    first, last = texts(deck[1]), texts(deck[-1])
    assert first["progress"][0] == "forward 5/5" and last["progress"][0] == "backward 3/3"
    assert last["grad e0"] == ("-4", "#ff6b6b")  # dark theme's red
    grads = sorted(text for name, (text, _) in last.items() if name.startswith("grad "))
    assert grads == ["-4", "-4", "-4", "1", "3"] and last["value __out"] == ("-12", "#4cd27a")
    page.locator(".export-menu summary").click()
    assert page.locator('[data-slides="steps"] option[value="update"]').is_hidden()


def test_pdf_in_korean_with_every_step(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.goto("/?lang=ko")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    page.locator("#source").fill(CS231N)
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", CS231N)
    data = download(page, "pdf")
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(
        b"/Type /Page ") >= 1


@pytest.mark.parametrize("source", [CS231N, SIGMOID])
def test_the_slides_lay_the_graph_out_as_the_page(app_page, source: str) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    show(page, source)
    drawn = page.evaluate(GATES_JS)
    view = deck_view(build(source), [0], [], None, [])
    slides = {n["id"]: (n["anchor"]["x"], n["anchor"]["y"]) for n in view["nodes"]}
    assert set(drawn) == set(slides)
    for axis in (0, 1):  # the same order left to right and top to bottom
        assert sorted(drawn, key=lambda n: (drawn[n][axis], n)) == sorted(
            slides, key=lambda n: (slides[n][axis], n))
    apart = max(abs(drawn[n][axis] - slides[n][axis]) for n in drawn for axis in (0, 1))
    print(f"the page and the slides place gates at most {apart:.2f} px apart")
    # the same modules and dagre; widths measured in DejaVu Sans there (the page's font on Debian)
    # and here: the same places
    assert apart < 1
