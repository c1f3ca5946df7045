"""A gate's explainer where the graph must stay readable, in chromium: in present mode (P) on a
720p projector and a 1080p screen it opens beside the graph, which keeps at least half of the
stage with 12 px numbers, and × or Escape gives the graph its stage back; a present + `explain=`
link opens the same; on a phone each step of the conv window shows the window and the output
cell it fills together; in a 960×540 embed and offline file the graph's numbers stay ≥ 10 px."""

from typing import Any
from urllib.parse import urlencode

import pytest

from chainrule.app.presets import PRESETS
from tests.conftest import sized_page

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

# The conv program, and the gallery's "3×3 convolution with padding" (a wider graph).
CONV = """X = [[[[2, 1, 2], [5, 0, 1], [1, 7, 3]]]]
W = [[[[0.5, 0.7, 0.4], [0.3, 0.4, 0.1], [0.5, 1, 0.5]]]]
Y = conv2d(X, W, padding=1)
L = sum(Y)
"""
PADDED = PRESETS["conv-3x3-padding"][1].text
END = 99  # ?step= past the last step: the player at the end (every number shown)

# The stage (the layout under the header), the graph's window, the panel beside it, the edge
# numbers one can see (inside the graph's window) with their size on screen, the progress text.
SEEN_JS = """(panelSel) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const svg = document.querySelector("svg.graph");
  const g = box(svg);
  const inside = (b) => b.x0 >= g.x0 - 1 && b.x1 <= g.x1 + 1
    && b.y0 >= g.y0 - 1 && b.y1 <= g.y1 + 1;
  const labels = [...svg.querySelectorAll("g.edge-label text.value, g.edge-label text.grad")]
    .map((t) => ({...box(t), px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a}))
    .filter((b) => b.x1 > b.x0 && inside(b));
  const panel = panelSel && document.querySelector(panelSel);
  const progress = document.querySelector(".progress");
  const stage = document.querySelector(".layout, .embed, [data-standalone]");
  return {graph: g, stage: box(stage), labels,
          panel: panel && panel.checkVisibility() ? box(panel) : null,
          progress: {...box(progress), line: parseFloat(getComputedStyle(progress).lineHeight),
                     text: progress.textContent}};
}"""


def seen(page: Any, panel: str | None = None) -> dict:
    return page.evaluate(SEEN_JS, panel)


def overlaps(a: dict, b: dict) -> bool:
    across = a["x0"] < b["x1"] - 1 and b["x0"] < a["x1"] - 1
    return across and a["y0"] < b["y1"] - 1 and b["y0"] < a["y1"] - 1


def check_beside(s: dict, viewport: dict, min_px: float) -> None:
    """The panel on screen beside the graph, over none of its numbers; the graph keeps half the
    stage; the numbers one can see are at least `min_px` on screen."""
    panel, graph = s["panel"], s["graph"]
    assert panel and panel["x1"] - panel["x0"] > 200 and panel["y1"] - panel["y0"] > 200, s
    assert panel["x0"] >= -1 and panel["x1"] <= viewport["width"] + 1, panel
    assert panel["y0"] >= -1 and panel["y1"] <= viewport["height"] + 1, panel
    stage_width = s["stage"]["x1"] - s["stage"]["x0"]
    assert graph["x1"] - graph["x0"] >= 0.5 * stage_width, (graph, s["stage"])
    assert len(s["labels"]) >= 4, s["labels"]
    assert min(b["px"] for b in s["labels"]) >= min_px - 0.01, s["labels"]
    assert not [b for b in s["labels"] if overlaps(b, panel)], "the panel covers numbers"


def gate(page: Any, op: str) -> Any:
    node = page.locator("g.node").evaluate_all(
        "(gs, op) => gs.find((g) => g.__data__.op === op).dataset.node", op)
    return page.locator(f'g.node[data-node="{node}"]')


@pytest.mark.parametrize(("viewport", "lang"), [((1280, 720), "ko"), ((1920, 1080), "en")],
                         ids=["1280x720-ko", "1920x1080-en"])
def test_present_mode_explains_beside_the_graph(chromium, live_server: str, viewport, lang: str,
                                                 screenshot_dir) -> None:
    size = {"width": viewport[0], "height": viewport[1]}
    explainer = ".inspector .explain-conv"
    with sized_page(chromium, live_server, viewport) as page:
        page.goto("/?" + urlencode({"lang": lang, "step": END, "src": PADDED}))
        expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
        page.locator("svg.graph").focus()
        page.keyboard.press("p")  # present mode, then the conv gate clicked
        expect(page.locator("[data-app]")).to_have_attribute("data-present", "true")
        page.wait_for_function("document.querySelector('.editor').checkVisibility() === false")
        before = seen(page)["graph"]
        for shut in ("Escape", "×"):
            gate(page, "conv2d").click()
            expect(page.locator(explainer)).to_be_in_viewport()
            page.wait_for_function("document.querySelector('svg.graph').dataset.fit")
            s = seen(page, ".inspector")
            check_beside(s, size, 12)
            explained = gate(page, "conv2d").bounding_box()  # the gate explained is not cut
            assert s["graph"]["x0"] - 1 <= explained["x"], (explained, s["graph"])
            assert explained["x"] + explained["width"] <= s["graph"]["x1"] + 1, explained
            progress = s["progress"]
            assert progress["y1"] - progress["y0"] < 1.5 * progress["line"], progress  # one line
            if shut == "Escape":
                page.screenshot(path=screenshot_dir / f"present_explain_{lang}_{viewport[0]}.png")
                page.keyboard.press("Escape")
            else:
                page.locator(".inspector .sheet-close").click()
            expect(page.locator(".inspector")).to_be_hidden()
            page.wait_for_function("(w) => document.querySelector('svg.graph')"
                                   ".getBoundingClientRect().width === w",
                                   arg=before["x1"] - before["x0"])
            assert seen(page)["graph"] == before
            assert page.locator("[data-app]").get_attribute("data-present") == "true"

        # the app's own link: present + explain= opens the same way
        page.goto("/?" + urlencode({"lang": lang, "present": 1, "explain": "Y", "step": END,
                                    "src": CONV}))
        expect(page.locator(explainer)).to_be_in_viewport()
        page.wait_for_function("document.querySelector('svg.graph').dataset.fit")
        check_beside(seen(page, ".inspector"), size, 12)


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_phone_sees_the_window_and_its_output_cell_together(chromium, live_server: str,
                                                           path: str) -> None:
    in_sight = """() => {
      const cells = (g) => [...document.querySelectorAll(`[data-grid="${g}"] td.win`)];
      const win = [...cells("conv-forward-input"), ...cells("conv-forward-output")];
      const panel = win[0].closest(".explain-sheet-body, .inspector").getBoundingClientRect();
      const top = Math.max(panel.top, 0), bottom = Math.min(panel.bottom, innerHeight);
      return win.length === 10 && win.every((td) => { const r = td.getBoundingClientRect();
        return r.height > 0 && r.top >= top - 1 && r.bottom <= bottom + 1; });
    }"""
    with sized_page(chromium, live_server, (390, 844)) as page:
        page.goto(path + "?" + urlencode({"lang": "ko", "explain": "Y", "step": END, "src": CONV}))
        step = page.locator('[data-sum="conv-forward"]')
        nxt = page.locator('.xstepper [data-step="next"]').first
        expect(nxt).to_be_visible()
        for index in range(1, 9):  # cells 2 … 9: each tap (the button scrolled to, as a thumb does)
            nxt.tap()
            expect(step).to_have_attribute("data-cell", f"{index // 3},{index % 3}")
            assert page.evaluate(in_sight), f"cell {index}: window or output out of sight"


@pytest.mark.parametrize("path", ["/embed", "/standalone"])
def test_small_embed_keeps_numbers_readable_beside_the_explainer(chromium, live_server: str,
                                                                 path: str) -> None:
    with sized_page(chromium, live_server, (960, 540)) as page:
        page.goto(path + "?" + urlencode({"lang": "ko", "explain": "Y", "step": END,
                                          "src": PADDED}))
        expect(page.locator(".explain-sheet .explain-conv")).to_be_in_viewport()
        page.wait_for_function("document.querySelector('svg.graph').dataset.fit")
        check_beside(seen(page, ".explain-sheet"), {"width": 960, "height": 540}, 10)
        page.locator(".explain-close").click()  # shut: the frame's whole graph again
        expect(page.locator("svg.graph")).to_have_attribute("data-fit", "whole")
