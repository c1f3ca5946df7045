"""Tablets in chromium, touch, both orientations, the side panel open and closed: the graph fits
the part of the stage one can see (the panel never covers it), its numbers no smaller than the
phone's smallest, and the view stays on the current gate through resizes and steps."""

import json
from typing import Any
from urllib.request import urlopen

import pytest

from tests.browser.test_layout_browser import (
    TABLET,
    TABLET_LANDSCAPE,
    index_url,
    opened,
    overlapping,
)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

TABLET_TALL = {"width": 820, "height": 1180}
WHOLE_LABEL_PX = 9  # viewport.js: the smallest edge numbers a whole graph is shown with, phones too
CUT_LABEL_PX = 11  # viewport.js: edge numbers of a graph too wide for that, panned to the gate

# The stage one can see (the graph's window cut to the screen), the drawn graph, the current
# gate and the visible panels, as boxes; the edge numbers' size on screen; the fit.
GRAPH_JS = """() => {
  const svg = document.querySelector("svg.graph");
  const box = (el, what) => { const r = el.getBoundingClientRect();
    return {what, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const s = box(svg, "stage");
  const stage = {what: "stage", x0: Math.max(s.x0, 0), y0: Math.max(s.y0, 0),
                 x1: Math.min(s.x1, innerWidth), y1: Math.min(s.y1, innerHeight)};
  const within = (b) => b.x0 >= stage.x0 - 1 && b.x1 <= stage.x1 + 1
    && b.y0 >= stage.y0 - 1 && b.y1 <= stage.y1 + 1;
  const graph = box(svg.querySelector("g.viewport"), "graph");
  const current = svg.querySelector("g.node.current");
  const gate = current && box(current, "gate");
  const label = svg.querySelector("g.edge-label text.value");
  const t = d3.zoomTransform(svg);
  return {stage, graph, panels: [".editor", ".inspector"].map((q) => document.querySelector(q))
            .filter((el) => el.checkVisibility()).map((el) => box(el, el.className)),
          whole: within(graph), gate_in_sight: !!gate && within(gate),
          label_px: parseFloat(getComputedStyle(label).fontSize) * t.k, fit: svg.dataset.fit,
          transform: [t.x, t.y, t.k]};
}"""


@pytest.fixture(scope="module")
def sources(live_server: str) -> dict[str, str]:
    """Each gallery example's source by its id, as GET /api/examples serves them."""
    with urlopen(f"{live_server}/api/examples") as response:
        return {e["id"]: e["source"] for e in json.load(response)}


def pick(page: Any, example: str, source: str) -> None:
    """Load `example` from the gallery (its button is in the panel) and wait for its graph."""
    set_panel(page, True)
    page.locator(".gallery-open").click()
    page.locator(f'a.gallery-card[data-example="{example}"]').click()
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", source)


def graph(page: Any, until: str) -> dict:
    """GRAPH_JS once `until` (a JS condition on its answer `g`) holds: a fit follows a resize."""
    page.wait_for_function(f"(g => {until})(({GRAPH_JS})())")
    seen: dict = page.evaluate(GRAPH_JS)
    assert not overlapping([seen["stage"], *seen["panels"]]), seen  # no panel over the graph
    return seen


def set_panel(page: Any, open_: bool) -> None:
    toggle = page.locator(".code-toggle")
    if (toggle.get_attribute("aria-expanded") == "true") != open_:
        toggle.click()
    expect(page.locator(".editor")).to_be_visible(visible=open_)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("viewport", [TABLET, TABLET_TALL], ids=["768x1024", "820x1180"])
def test_sigmoid_fits_whole_with_the_panel_open_or_closed(  # type: ignore[no-untyped-def]
        chromium, live_server, sources, screenshot_dir, lang, viewport):
    """The CS231n sigmoid neuron from the gallery, at its last step: whole and legible in portrait
    and (768×1024 turned) landscape, with the panel open and closed."""
    with opened(chromium, live_server, index_url(lang), viewport, lang, touch=True) as page:
        pick(page, "cs231n-sigmoid-gates", sources["cs231n-sigmoid-gates"])
        page.locator(".player [data-action='last']").click()
        sizes = [viewport] + ([TABLET_LANDSCAPE] if viewport is TABLET else [])
        for size in sizes:
            page.set_viewport_size(size)  # turning the tablet
            for open_ in (True, False, True):
                set_panel(page, open_)
                seen = graph(page, "g.whole")
                assert seen["fit"] == "whole", seen
                assert seen["label_px"] >= WHOLE_LABEL_PX, seen
                shown = f"{size['width']}x{size['height']}-{'open' if open_ else 'closed'}"
                page.screenshot(path=screenshot_dir / f"tablet-sigmoid-{lang}-{shown}.png")


# After a step: the view's translation, the window's height, and whether the current gate was in
# sight (24 px from the edges, viewport.js's MARGIN) under the view `before` the step.
STEP_JS = """async (before) => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const view = window.chainrule.stage.view;
  const svg = view.svg.node();
  const r = svg.getBoundingClientRect();
  const t = d3.zoomTransform(svg);
  const p = view.focusPoint();
  const x = p && before[0] + p.x * before[2];
  return {transform: [t.x, t.y, t.k], height: r.height,
          was_in_sight: !!p && x >= 24 && x <= r.width - 24};
}"""


@pytest.mark.parametrize("viewport", [TABLET, TABLET_LANDSCAPE], ids=["portrait", "landscape"])
def test_cut_graph_pans_only_for_a_gate_out_of_sight(  # type: ignore[no-untyped-def]
        chromium, live_server, sources, viewport):
    """Stepping back through the two-layer net (cut at 11 px): captions of a line and of two
    matrices change the graph's height, yet the view pans sideways only when the new current
    gate was out of sight, never back to centre it."""
    with opened(chromium, live_server, index_url("ko"), viewport, "ko", touch=True) as page:
        pick(page, "two-layer-net", sources["two-layer-net"])
        page.locator(".player [data-action='last']").click()
        seen = page.evaluate(STEP_JS, [0, 0, 1])
        heights, pans = {seen["height"]}, 0
        while page.locator(".stage").get_attribute("data-pos") != "0":
            page.locator(".player [data-action='prev']").click()  # no animation
            now = page.evaluate(STEP_JS, seen["transform"])
            if now["was_in_sight"]:
                assert now["transform"][0] == seen["transform"][0], (seen, now)
            pans += now["transform"][0] != seen["transform"][0]
            assert graph(page, "g.gate_in_sight")["fit"] == "readable"
            heights.add(now["height"])
            seen = now
        assert len(heights) > 2 and pans >= 1, (heights, pans)  # it did change, it did follow


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_wide_graph_keeps_the_current_gate_in_sight(  # type: ignore[no-untyped-def]
        chromium, live_server, sources, screenshot_dir, lang):
    """The two-layer net needs numbers under 9 px to fit a portrait tablet: it is cut at 11 px and
    follows the current gate, while playing, through the panel closing and opening and a turn to
    landscape (where it fits whole without the panel); the fit button shows all of it."""
    with opened(chromium, live_server, index_url(lang), TABLET, lang, touch=True) as page:
        pick(page, "two-layer-net", sources["two-layer-net"])
        page.locator(".player [data-action='play']").click()
        for open_ in (False, True):
            set_panel(page, open_)  # while playing
            seen = graph(page, "g.gate_in_sight")
            assert seen["fit"] == "readable" and seen["label_px"] >= CUT_LABEL_PX - 0.01, seen
        page.locator(".player [data-action='play']").click()  # pause
        page.set_viewport_size(TABLET_LANDSCAPE)
        graph(page, "g.gate_in_sight")
        set_panel(page, False)
        seen = graph(page, "g.whole")
        assert seen["fit"] == "whole" and seen["label_px"] >= WHOLE_LABEL_PX, seen
        set_panel(page, True)
        page.set_viewport_size(TABLET)
        graph(page, "g.gate_in_sight && g.fit === 'readable'")
        page.locator("[data-action='fit']").click()  # all of it, however small
        graph(page, "g.whole && g.fit === 'whole'")
        page.set_viewport_size(TABLET_LANDSCAPE)  # the whole graph, still, after a turn
        graph(page, "g.whole && g.fit === 'whole'")
        page.screenshot(path=screenshot_dir / f"tablet-two-layer-{lang}-fit-whole.png")
