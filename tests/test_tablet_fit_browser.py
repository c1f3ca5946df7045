"""Tablets in chromium, touch, both orientations, the side panel open and closed: the graph fits
the part of the stage one can see (the panel never covers it), its numbers no smaller than the
phone's smallest."""

import json
from typing import Any
from urllib.request import urlopen

import pytest

from tests.test_layout_browser import TABLET, TABLET_LANDSCAPE, index_url, opened, overlapping

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

TABLET_TALL = {"width": 820, "height": 1180}
WHOLE_LABEL_PX = 9  # viewport.js: the smallest edge numbers a whole graph is shown with, phones too

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
