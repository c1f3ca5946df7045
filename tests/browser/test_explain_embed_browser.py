"""The explainers where there is no inspector — `/embed`, the offline file and a notebook's
frame — in chromium: a click on the gate (or Enter on the graph for the current step's gate)
opens the same walk-through as on the editor page, its numbers equal to the engine's, in Korean
and in English; on a phone it is a sheet above the player; a tensor the document only
summarises gets a note instead of a walk-through."""

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import numpy as np
import pytest

from chainrule.app.cli import main
from chainrule.app.presets import PRESETS
from chainrule.engine import Tensor, conv2d, tanh
from chainrule.engine.core import functions
from chainrule.engine.document.build import build
from tests.browser.test_explain_browser import (
    CATALOGS,
    CONV,
    DESKTOP,
    PHONE,
    POOL,
    api,
    checks,
    edge_grad,
    grid,
    sum_line,
)
from tests.conftest import page_failing_on_errors

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

PROJECTOR = {"width": 1280, "height": 720}
# 102×102 inputs: more than 10,000 numbers, so the document holds only their summaries.
BIG_CONV = """x = randn(1, 1, 102, 102, seed=0)
w = randn(1, 1, 2, 2, seed=1)
y = conv2d(x, w)
f = sum(y)"""
BIG_RELU = "x = randn(120, 100, seed=0)\ny = relu(x)\nf = sum(y)"


def gate(page, op: str):  # type: ignore[no-untyped-def]
    """The first `op` gate of the drawn graph (`page`: a page or a frame)."""
    node = page.locator("g.node").evaluate_all(
        "(gs, op) => gs.find((g) => g.__data__.op === op).dataset.node", op)
    return page.locator(f'g.node[data-node="{node}"]')


def values(doc: dict, op: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The first `op` gate's output and the gradients it sends to its first two inputs."""
    y = np.array(next(n for n in doc["nodes"] if n["op"] == op)["value"], dtype=float)
    return y, edge_grad(doc, op, 0), edge_grad(doc, op, 1)


@contextmanager
def embedded(chromium, live_server: str, source: str, lang: str,  # type: ignore[no-untyped-def]
             viewport: dict = DESKTOP, **params: object) -> Iterator[Any]:
    """`/embed` on `source`, drawn; phones with touch."""
    phone = viewport["width"] <= 600
    context = chromium.new_context(base_url=live_server, viewport=viewport, has_touch=phone,
                                   is_mobile=phone)
    with page_failing_on_errors(context) as page:
        page.goto("/embed?" + urlencode({"src": source, "lang": lang, **params}))
        expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
        yield page


def check_conv_walkthrough(page, doc: dict, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The sheet's conv walk-through shows the engine's Y, and computes its dW and dX."""
    y, dx, dw = values(doc, "conv2d")
    sheet = page.locator(".explain-sheet")
    expect(sheet.locator(".explain-conv h3")).to_have_text(CATALOGS[lang]["explain.conv.heading"])
    np.testing.assert_allclose(grid(page, "conv-forward-output"), y[0, 0])
    assert float(sum_line(page, "conv-forward")["value"]) == pytest.approx(y[0, 0, 0, 0])
    sheet.locator('[data-step="next"]').click()
    assert float(sum_line(page, "conv-forward")["value"]) == pytest.approx(y[0, 0, 0, 1])
    sheet.locator('[data-tab="conv-backward"]').click()
    expect(sheet.locator('[data-tab="conv-backward"]')).to_have_text(
        CATALOGS[lang]["explain.backward"])
    np.testing.assert_allclose(grid(page, "conv-dx-crop"), dx[0, 0])
    np.testing.assert_allclose(grid(page, "conv-dw-output"), dw[0, 0])
    assert checks(sheet) == ["true", "true"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_embed_explains_a_clicked_conv_gate(chromium, live_server, screenshot_dir, lang):
    doc = api(live_server, CONV)
    with embedded(chromium, live_server, CONV, lang, PROJECTOR) as page:
        sheet = page.locator(".explain-sheet")
        expect(sheet).to_be_hidden()
        gate(page, "conv2d").click()
        expect(sheet).to_be_visible()
        expect(sheet.locator(".explain-sheet-title")).to_have_text("y — conv2d")
        expect(page.locator(".player")).to_be_visible()
        page.screenshot(path=screenshot_dir / f"embed_explain_conv_{lang}.png")
        check_conv_walkthrough(page, doc, lang)
        page.screenshot(path=screenshot_dir / f"embed_explain_conv_backward_{lang}.png")
        page.keyboard.press("Escape")  # shut, and the keys step the graph again
        expect(sheet).to_be_hidden()
        expect(page.locator("g.node.selected")).to_have_count(0)
        page.keyboard.press("Home")
        expect(page.locator(".stage")).to_have_attribute("data-pos", "-1")


def test_embed_enter_explains_the_current_gate_as_the_player_reveals_it(chromium, live_server):
    doc = api(live_server, CONV)
    conv = next(n["id"] for n in doc["nodes"] if n["op"] == "conv2d")
    forward = next(i for i, s in enumerate(doc["steps"]) if s["node"] == conv)
    with embedded(chromium, live_server, CONV, "en", step=forward + 1) as page:
        page.locator("svg.graph").focus()
        page.keyboard.press("Enter")  # the current step's gate: conv2d, just computed
        sheet = page.locator(".explain-sheet")
        expect(sheet).to_have_attribute("data-node", conv)
        y = values(doc, "conv2d")[0]
        assert float(sum_line(page, "conv-forward")["value"]) == pytest.approx(y[0, 0, 0, 0])
        sheet.locator('[data-tab="conv-backward"]').click()
        expect(sheet.locator(".xnote.pending")).to_have_text(
            CATALOGS["en"]["explain.pending_backward"])
        page.locator("svg.graph").focus()
        page.keyboard.press("End")  # the backward pass reaches it: the gradients appear
        expect(sheet.locator(".xcheck")).to_have_count(2)
        assert checks(sheet) == ["true", "true"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_embed_sheet_sits_above_the_player(chromium, live_server, screenshot_dir, lang):
    doc = api(live_server, POOL)
    pool = next(n["id"] for n in doc["nodes"] if n["op"] == "maxpool2d")
    backward = next(i for i, s in enumerate(doc["steps"])
                    if s["node"] == pool and s["phase"] == "backward")
    with embedded(chromium, live_server, POOL, lang, PHONE, step=backward + 1) as page:
        gate(page, "maxpool2d").tap()  # the view follows the current gate: the pool
        sheet = page.locator(".explain-sheet")
        expect(sheet.locator(".explain-pool h3")).to_have_text(
            CATALOGS[lang]["explain.pool.heading_max"])
        player, box = page.locator(".player").bounding_box(), sheet.bounding_box()
        assert box and player and box["y"] + box["height"] <= player["y"] + 1  # not covered
        assert player["y"] + player["height"] <= PHONE["height"] + 1
        assert page.locator("svg.graph").bounding_box()["height"] >= 100  # type: ignore[index]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert sheet.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1")
        page.screenshot(path=screenshot_dir / f"embed_explain_phone_{lang}.png")
        sheet.locator('[data-tab="pool-backward"]').tap()
        np.testing.assert_array_equal(grid(page, "pool-dx"), edge_grad(doc, "maxpool2d", 0)[0, 0])
        sheet.locator(".explain-close").tap()
        expect(sheet).to_be_hidden()
        expect(page.locator('.player [data-action="next"]')).to_be_visible()


def test_portrait_tablet_embed_puts_the_sheet_under_the_graph(chromium, live_server):
    tablet = {"width": 768, "height": 1024}
    with embedded(chromium, live_server, CONV, "ko", tablet) as page:
        gate(page, "conv2d").click()
        sheet = page.locator(".explain-sheet").bounding_box()
        graph = page.locator("svg.graph").bounding_box()
        player = page.locator(".player").bounding_box()
        assert sheet and graph and player
        assert graph["width"] >= tablet["width"] - 1  # the graph keeps the whole width
        assert sheet["y"] >= player["y"] + player["height"] - 1
        assert sheet["y"] + sheet["height"] <= tablet["height"] + 1


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_offline_file_explains_conv_without_a_server(tmp_path: Path, offline_page,
                                                     screenshot_dir, lang):
    out = tmp_path / f"conv-{lang}.html"
    assert main(["export", CONV, "-o", str(out), "--lang", lang]) == 0
    page = offline_page
    page.set_viewport_size(PROJECTOR)
    page.goto(out.as_uri())
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    gate(page, "conv2d").click()
    check_conv_walkthrough(page, build(CONV), lang)
    page.screenshot(path=screenshot_dir / f"offline_explain_conv_{lang}.png")


def test_notebook_frame_explains_conv_and_tanh(tmp_path: Path,  # type: ignore[no-untyped-def]
                                               offline_page) -> None:
    x = Tensor([[[[2.0, 1, 2], [5, 0, 1], [1, 7, 3]]]], name="x")
    w = Tensor([[[[0.5, 0.7, 0.4], [0.3, 0.4, 0.1], [0.5, 1, 0.5]]]], name="w")
    y = conv2d(x, w, padding=1)
    f = functions.sum(tanh(y * 0.1) * y)
    f.backward()
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!doctype html><body>{f.show(lang='ko', height=700)._repr_html_()}",
                        encoding="utf-8")
    offline_page.set_viewport_size({"width": 1200, "height": 760})
    offline_page.goto(notebook.as_uri())
    frame = offline_page.frame_locator("iframe")
    expect(frame.locator(".stage")).to_have_attribute("data-ready", "true")
    gate(frame, "conv2d").click()
    cells = frame.locator('[data-grid="conv-forward-output"] td').evaluate_all(
        "(tds) => tds.map((td) => Number(td.dataset.value))")
    np.testing.assert_allclose(cells, y.value[0, 0].ravel())  # the engine's own Y
    gate(frame, "tanh").click()  # another gate: its plot replaces the walk-through
    marks = frame.locator(".explain-act g.marker").evaluate_all(
        "(gs) => gs.map((g) => Number(g.dataset.fx))")
    np.testing.assert_allclose(sorted(marks), sorted(np.tanh(0.1 * y.value).ravel()))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_summarised_tensors_get_a_note_not_a_walkthrough(chromium, live_server, lang):
    with embedded(chromium, live_server, BIG_CONV, lang) as page:
        gate(page, "conv2d").click()
        note = CATALOGS[lang]["explain.summarised"].format(shape="1×1×101×101", count=10201)
        expect(page.locator(".explain-summarised .xnote")).to_have_text(note)
        expect(page.locator(".explain-sheet .xgrid")).to_have_count(0)
    with embedded(chromium, live_server, BIG_RELU, lang) as page:
        gate(page, "relu").click()  # the plot marks the 8 numbers the summary has
        note = CATALOGS[lang]["explain.act.markers_some"].format(shown=8, count=12000)
        expect(page.locator(".explain-act .xnote")).to_have_text(note)
        expect(page.locator(".explain-act g.marker")).to_have_count(8)


GALLERY_CONV = PRESETS["conv-3x3-padding"][1].text  # Y = conv2d(X, Wr, padding="same")


def embed_src(snippet: str) -> dict[str, list[str]]:
    """The query of the iframe's src in a copied embed snippet."""
    src = re.search(r'src="([^"]+)"', snippet)
    assert src, snippet
    return parse_qs(urlsplit(html.unescape(src[1])).query)


@pytest.mark.parametrize("viewport", [PROJECTOR, PHONE], ids=["projector", "phone"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_explain_parameter_opens_the_sheet(chromium, live_server, screenshot_dir, lang, viewport):
    doc = api(live_server, GALLERY_CONV)
    y = next(n for n in doc["nodes"] if n["name"] == "Y")
    with embedded(chromium, live_server, GALLERY_CONV, lang, viewport, explain="Y") as page:
        sheet = page.locator(".explain-sheet")
        expect(sheet).to_have_attribute("data-node", y["id"])
        expect(sheet.locator(".explain-conv h3")).to_have_text(
            CATALOGS[lang]["explain.conv.heading"])
        np.testing.assert_allclose(grid(page, "conv-forward-output"),
                                   np.array(y["value"], dtype=float)[0, 0])
        expect(page.locator(f'g.node.selected[data-node="{y["id"]}"]')).to_have_count(1)
        name = "phone" if viewport is PHONE else "projector"
        page.screenshot(path=screenshot_dir / f"embed_explain_param_{name}_{lang}.png")
        sheet.locator(".explain-close").click()
        expect(sheet).to_be_hidden()
    for ref in ("Wr", "nothing"):  # a gate without an explainer, and no gate: ignored
        with embedded(chromium, live_server, GALLERY_CONV, lang, viewport, explain=ref) as page:
            expect(page.locator(".explain-sheet")).to_be_hidden()
            expect(page.locator("g.node.selected")).to_have_count(0)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_share_state_keeps_the_explained_gate_while_it_is_open(chromium, live_server, lang):
    doc = api(live_server, GALLERY_CONV)
    y = next(n for n in doc["nodes"] if n["name"] == "Y")
    context = chromium.new_context(base_url=live_server, viewport=PROJECTOR)
    with page_failing_on_errors(context) as page:
        steps = len(doc["steps"])  # the editor opens at step 0 unless the link says
        page.goto("/?" + urlencode({"src": GALLERY_CONV, "lang": lang, "step": steps,
                                    "explain": "Y"}))
        expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
        inspector = page.locator(".inspector")
        expect(inspector.locator(".explain-conv h3")).to_have_text(
            CATALOGS[lang]["explain.conv.heading"])
        np.testing.assert_allclose(grid(page, "conv-forward-output"),
                                   np.array(y["value"], dtype=float)[0, 0])
        assert embed_src(copied(page, "embed"))["explain"] == ["Y"]
        assert parse_qs(urlsplit(copied(page, "link")).query)["explain"] == ["Y"]
        page.locator('[data-action="fit"]').click()  # the whole graph, beside the inspector
        gate(page, "reshape").click()  # another gate, without an explainer: Y's is shut
        expect(inspector.locator(".explain-conv")).to_have_count(0)
        assert "explain" not in embed_src(copied(page, "embed"))
        assert "explain" not in parse_qs(urlsplit(copied(page, "link")).query)


def copied(page, what: str) -> str:  # type: ignore[no-untyped-def]
    """What the "copy link" or "copy embed code" button writes (shown in the copy panel)."""
    out = page.locator(".share-out textarea")
    out.evaluate("(area) => { area.value = ''; }")
    page.locator(f'[data-share="{what}"]').click()
    expect(out).not_to_have_value("")
    text = out.input_value()
    page.locator('[data-share="close"]').click()
    return text


def test_offline_file_opens_the_explained_gate(tmp_path: Path, offline_page):
    out = tmp_path / "conv.html"
    assert main(["export", GALLERY_CONV, "-o", str(out), "--lang", "ko", "--explain", "Y"]) == 0
    offline_page.set_viewport_size(PROJECTOR)
    offline_page.goto(out.as_uri())
    y = next(n for n in build(GALLERY_CONV)["nodes"] if n["name"] == "Y")
    expect(offline_page.locator(".explain-sheet")).to_have_attribute("data-node", y["id"])
    np.testing.assert_allclose(grid(offline_page, "conv-forward-output"),
                               np.array(y["value"], dtype=float)[0, 0])
