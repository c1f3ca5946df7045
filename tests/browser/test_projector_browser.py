"""A lecture in chromium on a 720p projector and a 1080p screen: every CS231n, 밑바닥 2 and blog
preset picked from the gallery is drawn whole with edge numbers of at least 12 px (14 px at 1080p)
without pressing anything more; the inspector at 720p (no word or number broken inside itself, the
NumPy code scrolling in its own width, the stage keeping its size); fit on a graph too big for its
numbers shows an overview that says so and zooms in where clicked."""

import json
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

from tests.browser.test_layout_browser import index_url, opened, overlapping
from tests.browser.test_tablet_fit_browser import GRAPH_JS

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

PROJECTOR = {"width": 1280, "height": 720}
FULL_HD = {"width": 1920, "height": 1080}
LECTURES = ("cs231n", "dlfs2", "blog")
I18N = Path(__file__).parents[2] / "static" / "i18n"
CATALOGS = {lang: json.loads((I18N / f"{lang}.json").read_text(encoding="utf-8"))
            for lang in ("ko", "en")}
# 200 inputs summed: 400 nodes, far too wide for readable numbers on any screen
HUGE = "\n".join(f"x{i} = {i % 7 - 3}" for i in range(200)) + "\nf = " + " + ".join(
    f"x{i}" for i in range(200))

# Words (runs of non-space) of the visible text under `root` drawn on more than one line: a word
# or number broken inside itself. KaTeX, code blocks and the graph are laid out by their own rules.
BROKEN_WORDS_JS = """(root) => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el.checkVisibility() || el.closest(".katex, pre, textarea, svg")) continue;
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""

# Whether each cell's text is drawn on one line (its rectangles share one top).
ONE_LINE_JS = """(cells) => cells.map((cell) => { const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].filter((r) => r.width > 0)
    .map((r) => Math.round(r.top))).size === 1; })"""

# Elements under the inspector wider than their box (scrolling sideways), each with its overflow.
SIDEWAYS_JS = """() => [...document.querySelectorAll(".inspector, .inspector *")]
  .filter((el) => el.checkVisibility() && !el.closest(".katex-mathml")  // read aloud, not seen
    && el.scrollWidth > el.clientWidth + 1
    && getComputedStyle(el).display !== "inline")
  .map((el) => ({what: el.tagName + "." + el.className, overflow: getComputedStyle(el).overflowX,
                 code: el.matches(".code-panel pre")}))"""

STAGE_BOX_JS = """() => { const r = document.querySelector("svg.graph").getBoundingClientRect();
  return [r.left, r.top, r.width, r.height]; }"""

# Visible text of the graph and its smallest size on screen; the overview's note.
OVERVIEW_JS = """() => {
  const svg = document.querySelector("svg.graph");
  const k = d3.zoomTransform(svg).k;
  const shown = [...svg.querySelectorAll("text")].filter((t) => t.checkVisibility()
    && t.getBoundingClientRect().width > 0);
  const note = document.querySelector(".overview-note");
  return {fit: svg.dataset.fit, k, texts: shown.length,
          smallest: Math.min(...shown.map((t) => parseFloat(getComputedStyle(t).fontSize) * k)),
          note: note && note.checkVisibility() ? note.textContent : null,
          note_px: note ? parseFloat(getComputedStyle(note).fontSize) : 0};
}"""


# What sits over the graph: the note, the fit button, the legend and any other control.
WRAP_BOXES_JS = """() => [...document.querySelectorAll(".graph-wrap > :not(svg)")]
  .filter((el) => el.checkVisibility()).map((el) => { const r = el.getBoundingClientRect();
    return {what: el.className, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; })"""


@pytest.fixture(scope="module")
def presets(live_server: str) -> list[dict]:
    """The gallery's CS231n, 밑바닥 2 and blog presets, as GET /api/examples serves them."""
    with urlopen(f"{live_server}/api/examples") as response:
        return [e for e in json.load(response) if e["group"] in LECTURES]


def drawn(page: Any, until: str) -> dict:
    """GRAPH_JS once `until` (a JS condition on its answer `g`) holds."""
    page.wait_for_function(f"(g => {until})(({GRAPH_JS})())")
    return page.evaluate(GRAPH_JS)


def pick(page: Any, example: dict) -> None:
    """Load `example` as a lecturer does: the source toggle if the panel is folded, the gallery,
    the card."""
    if not page.locator(".gallery-open").is_visible():
        page.locator(".code-toggle").click()
    page.locator(".gallery-open").click()
    page.locator(f'a.gallery-card[data-example="{example["id"]}"]').click()
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", example["source"])
    page.locator(".player [data-action='last']").click()  # every number shown


@pytest.mark.parametrize(("lang", "viewport", "least_px"),
                         [("ko", PROJECTOR, 12), ("en", FULL_HD, 14)],
                         ids=["ko-1280x720", "en-1920x1080"])
def test_every_lecture_preset_is_whole_and_readable(  # type: ignore[no-untyped-def]
        chromium, live_server, presets, screenshot_dir, lang, viewport, least_px):
    """No panel takes the graph's room until it is needed: at 720p the source panel folds away
    again once a preset is picked, at 1080p it stays; the inspector waits for a gate."""
    assert len(presets) >= 18, [e["id"] for e in presets]
    size = f"{viewport['width']}x{viewport['height']}"
    with opened(chromium, live_server, index_url(lang), viewport, lang) as page:
        expect(page.locator(".code-toggle")).to_be_visible()  # the editor is one press away
        for example in presets:
            pick(page, example)
            seen = drawn(page, "g.whole")
            assert seen["label_px"] >= least_px, (example["id"], seen)
            assert not overlapping([seen["stage"], *seen["panels"]]), (example["id"], seen)
            panels = [p["what"] for p in seen["panels"]]
            assert panels == (["editor"] if viewport is FULL_HD else []), panels
            if example["id"] in ("cs231n-sigmoid-gates", "two-layer-net"):
                shot = f"projector-{example['id']}-{lang}-{size}.png"
                page.screenshot(path=screenshot_dir / shot)


def test_inspector_on_a_projector(chromium, live_server, presets, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    """The gradient-check preset at 720p: a gate picked opens the inspector beside the graph (whole
    still); the check's table and the rows keep every word and number on one line; the code tab
    scrolls its code inside its own width and the stage keeps its size; closed, the graph has
    the width back."""
    example = next(e for e in presets if e["id"] == "gradient-check")
    with opened(chromium, live_server, index_url("ko"), PROJECTOR, "ko") as page:
        pick(page, example)
        expect(page.locator(".inspector")).to_be_hidden()
        page.locator("g.node.kind-op").first.click()
        inspector = page.locator(".inspector")
        expect(inspector).to_be_visible()
        expect(page.locator(".check-table caption")).to_contain_text("일치")
        seen = drawn(page, "g.whole")
        page.screenshot(path=screenshot_dir / "projector-inspector-check-ko.png")
        assert not overlapping([seen["stage"], *seen["panels"]]), seen
        box = inspector.bounding_box()  # at the right edge, the stage beside it: no gap
        assert box and abs(box["x"] + box["width"] - PROJECTOR["width"]) <= 0.5, box
        assert abs(seen["stage"]["x1"] - box["x"]) <= 1.5, (seen["stage"], box)
        assert page.evaluate(BROKEN_WORDS_JS, ".inspector") == []
        assert page.evaluate(BROKEN_WORDS_JS, ".player") == []  # the step counter on one line
        heads = page.locator(".check-table :is(th, td:first-child, td:last-child)").evaluate_all(
            ONE_LINE_JS)
        assert heads and all(heads), heads  # "입력" was one syllable a line
        sideways = page.evaluate(SIDEWAYS_JS)
        assert [s for s in sideways if not s["code"]] == [], sideways
        stage = page.evaluate(STAGE_BOX_JS)

        page.locator('[data-inspector-tab="code"]').click()
        expect(page.locator('pre[data-code="forward"]')).to_be_visible()
        assert page.evaluate(STAGE_BOX_JS) == stage  # the code tab does not widen the inspector
        sideways = page.evaluate(SIDEWAYS_JS)
        assert sideways and all(s["code"] and s["overflow"] == "auto" for s in sideways), sideways
        assert page.evaluate(BROKEN_WORDS_JS, ".inspector") == []
        assert page.evaluate(BROKEN_WORDS_JS, ".player") == []
        caption = page.locator(".caption").evaluate("(c) => c.scrollWidth <= c.clientWidth + 1")
        assert caption  # the caption's matrices whole
        page.screenshot(path=screenshot_dir / "projector-inspector-code-ko.png")
        page.locator('[data-inspector-tab="node"]').click()
        assert page.evaluate(STAGE_BOX_JS) == stage

        page.locator(".inspector .sheet-close").click()
        expect(inspector).to_be_hidden()
        seen = drawn(page, f"g.whole && g.stage.x1 - g.stage.x0 > {stage[2] + 200}")
        assert seen["label_px"] >= 12, seen


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_fit_on_a_huge_graph_shows_an_overview(chromium, live_server, screenshot_dir, lang) -> None:  # type: ignore[no-untyped-def]
    """400 nodes at 720p: opened cut at readable numbers; fit shows all of it as an overview, its
    text hidden rather than drawn sub-pixel, with a note saying so; a click zooms in there."""
    with opened(chromium, live_server, index_url(lang, HUGE), PROJECTOR, lang) as page:
        assert page.locator("g.node").count() == 399  # 200 inputs, 199 additions
        first = drawn(page, "g.gate_in_sight || g.fit === 'readable'")
        assert first["fit"] == "readable" and first["label_px"] >= 12, first
        page.locator("[data-action='fit']").click()
        page.wait_for_function("!chainrule.stage.view.moving")  # the fit's animation is over
        seen = drawn(page, "g.fit === 'overview' && g.whole")
        assert seen["label_px"] < 1, seen  # the numbers would have been sub-pixel
        view = page.evaluate(OVERVIEW_JS)
        assert view["texts"] == 0, view  # so no text is drawn at all
        assert view["note"] == CATALOGS[lang]["stage.overview_note"] and view["note_px"] >= 12, view
        assert not overlapping(page.evaluate(WRAP_BOXES_JS)), page.evaluate(WRAP_BOXES_JS)
        page.screenshot(path=screenshot_dir / f"projector-overview-{lang}.png")

        gate = page.locator("g.node.kind-op").nth(120)  # well inside the chain
        box = gate.bounding_box()
        assert box
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.click(x, y)
        page.wait_for_function("!chainrule.stage.view.moving")  # the zoom's animation is over
        seen = drawn(page, "g.fit === 'readable' && g.label_px >= 12")
        zoomed = page.evaluate(OVERVIEW_JS)
        assert zoomed["note"] is None and zoomed["texts"] > 0 and zoomed["smallest"] >= 9, zoomed
        there, stage = gate.bounding_box(), seen["stage"]  # the gate clicked, now in sight
        assert there and stage["x0"] <= there["x"] and there["x"] + there["width"] <= stage["x1"]
        assert stage["y0"] <= there["y"] and there["y"] + there["height"] <= stage["y1"]
        expect(page.locator(".inspector")).to_be_hidden()  # the click zoomed; it picked no gate
        page.screenshot(path=screenshot_dir / f"projector-overview-zoomed-{lang}.png")


# The header's visible controls: their rows (distinct tops) and whether each lies on screen.
HEADER_JS = """() => { const seen = [...document.querySelectorAll(
    ".topbar :is(h1, button, summary, a)")].filter((el) => el.checkVisibility());
  const rects = seen.map((el) => el.getBoundingClientRect());
  return {rows: new Set(rects.map((r) => Math.round(r.top / 8))).size,
          height: document.querySelector(".topbar").getBoundingClientRect().height,
          off: seen.filter((el, i) => rects[i].right > innerWidth || rects[i].left < 0)
                   .map((el) => el.textContent)}; }"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_header_keeps_one_row_on_a_projector(chromium, live_server, lang) -> None:  # type: ignore[no-untyped-def]
    """At 1280×720 every header control stays in one row on screen (a second row took 40 px of
    the graph's height)."""
    with opened(chromium, live_server, index_url(lang), PROJECTOR, lang) as page:
        header = page.evaluate(HEADER_JS)
        assert header["rows"] == 1 and header["height"] < 50 and not header["off"], header
