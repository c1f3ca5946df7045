"""Big graphs in chromium: dagre lays them out in a Web Worker (served page and offline file)
while the page keeps drawing frames under a "laying out…" note, and a step rewrites only the
few SVG elements it reveals. Timings are bench/layout_bench.py's; these checks count things."""

import json
from pathlib import Path

import pytest

from chainrule.app.cli import main
from tests.conftest import sized_page

pytestmark = pytest.mark.browser

# Before the page's own scripts: count the Workers made, and at each animation frame note
# whether the worker is laying out and the note's words (frames drawn meanwhile).
WATCH = """(() => {
  const Made = window.Worker;
  window.__workers = 0;
  window.Worker = class extends Made { constructor(...a) { super(...a); window.__workers++; } };
  window.__pending = {frames: 0, notes: new Set()};
  const tick = () => {
    const stage = document.querySelector('.stage');
    if (stage?.dataset.layout) { // pending, then slow (the note shown)
      window.__pending.frames++;
      const note = stage.querySelector('.laying-out');
      if (note && !note.hidden) window.__pending.notes.add(note.textContent);
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""

SEEN = """() => ({workers: window.__workers, frames: window.__pending.frames,
  notes: [...window.__pending.notes]})"""

DRAWN = """(n) => document.querySelectorAll('svg.graph g.node').length === n
  && !document.querySelector('.stage').dataset.layout"""

# The SVG elements one → step changes (attributes, text, children), the pulse dot aside.
STEP_TOUCHES = """async () => {
  const svg = document.querySelector('svg.graph');
  const touched = new Set();
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (!el.closest('.pulses') && el !== svg.querySelector('g.viewport')) touched.add(el);
    }
  });
  observer.observe(svg, {subtree: true, attributes: true, childList: true, characterData: true});
  document.activeElement?.blur?.();
  document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  observer.disconnect();
  return {touched: touched.size, elements: svg.querySelectorAll('*').length};
}"""


# The chunks left out (outside the window), and the edge labels whose place lies inside the window
# but whose chunk is left out (none may be: culling leaves out only what one cannot see). Places
# are read from the labels' transforms: a left-out element has no box on screen.
CULLED = """() => { const svg = document.querySelector('svg.graph');
  const v = svg.getBoundingClientRect();
  const t = d3.zoomTransform(svg);
  let inView = 0, unpainted = 0;
  for (const g of svg.querySelectorAll('g.edge-labels g.edge-label')) {
    const m = /translate\\(([-\\d.e]+),([-\\d.e]+)\\)/.exec(g.getAttribute('transform'));
    const [x, y] = t.apply([+m[1], +m[2]]);
    if (x < 0 || x > v.width || y < 0 || y > v.height) continue;
    inView++;
    if (g.closest('g.chunk').classList.contains('culled')) unpainted++;
  }
  return {culled: svg.querySelectorAll('g.chunk.culled').length,
          chunks: svg.querySelectorAll('g.chunk').length, inView, unpainted}; }"""

SCALE = "() => d3.zoomTransform(document.querySelector('svg.graph')).k"


def sum_source(inputs: int) -> str:
    """x0 … x{inputs-1} added up: 2·inputs − 1 nodes (the issue's "sum of 200 inputs")."""
    lines = "".join(f"x{i} = {(i % 7) / 2 + 0.5}\n" for i in range(inputs))
    return lines + "f = " + " + ".join(f"x{i}" for i in range(inputs))


def test_two_thousand_nodes_lay_out_in_a_worker_and_a_step_touches_a_few_elements(  # type: ignore[no-untyped-def]
    chromium, live_server: str
) -> None:
    with sized_page(chromium, live_server, (1400, 850)) as page:
        page.add_init_script(f"localStorage.setItem('chainrule.source', "
                             f"{json.dumps(sum_source(1000))});" + WATCH)
        page.goto("/?lang=en")
        page.wait_for_function(DRAWN, arg=1999, timeout=90_000)
        seen = page.evaluate(SEEN)
        assert seen["workers"] == 1, seen
        assert seen["frames"] >= 2, f"no frames drawn while the worker laid out: {seen}"
        assert seen["notes"] == ["Laying out 1999 gates…"], seen
        assert page.locator(".laying-out").is_hidden()

        page.keyboard.press("Home")
        for _ in range(3):  # inputs, then past them: each step reveals a value and moves the gate
            step = page.evaluate(STEP_TOUCHES)
            assert step["elements"] > 8000
            assert 1 <= step["touched"] <= 12, step
        # a cut graph keeps its scale while steps pan it (a step during a pan took the
        # pan's mid-flight scale as its own: the numbers shrank step by step to the overview)
        scale = page.evaluate(SCALE)
        for _ in range(40):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(60)
        page.wait_for_timeout(700)  # the last pan's end
        assert page.evaluate(SCALE) == pytest.approx(scale), scale
        page.keyboard.press("End")
        assert page.locator("svg.graph text.grad.pending").count() == 0
        assert page.locator("svg.graph g.node.current").count() == 1
        # only the window's part is painted, at the end as at the start, and all of it is
        for key in ("End", "Home"):
            page.keyboard.press(key)
            page.wait_for_function(f"(c => c.inView >= 5 && c.unpainted === 0)(({CULLED})())")
            culled = page.evaluate(CULLED)
            assert culled["culled"] > culled["chunks"] * 0.8, culled
        # an exported SVG holds every gate, the ones outside the window too
        exported = page.evaluate("""async () => {
          const { svgMarkup } = await import("chainrule/share/export.js");
          return svgMarkup(chainrule.stage.view).match(/<g [^>]*data-node=/g).length; }""")
        assert exported == 1999
        assert page.evaluate(CULLED)["culled"] > 0  # and the page culls again after it


# The output edge's label: whether its texts are in the page, and what they read.
OUT_LABEL = """() => {
  const g = document.querySelector('svg.graph g.edge-label[data-edge="__out"]');
  const text = (c) => g.querySelector(`text.${c}`)?.firstChild.data ?? null;
  return {culled: g.closest('g.chunk').classList.contains('culled'), value: text('value'),
          grad: text('grad'), title: g.querySelector('text.grad title')?.textContent ?? null}; }"""

# Pan (no animation) so that the output edge's label is in the middle of the window.
SHOW_OUT = """() => { const view = chainrule.stage.view;
  const at = view.layout.edges.get('__out');
  const k = d3.zoomTransform(view.svg.node()).k;
  view.moveTo(d3.zoomIdentity.translate(view.size.width / 2 - at.lx * k,
                                        view.size.height / 2 - at.ly * k).scale(k), 0); }"""


def test_a_label_written_while_left_out_reads_its_number_once_in_the_window(  # type: ignore[no-untyped-def]
    chromium, live_server: str
) -> None:
    with sized_page(chromium, live_server, (1400, 850)) as page:
        page.add_init_script(f"localStorage.setItem('chainrule.source', "
                             f"{json.dumps(sum_source(1000))});")
        page.goto("/?lang=en")
        page.wait_for_function(DRAWN, arg=1999, timeout=90_000)
        page.keyboard.press("Home")
        # the start and the end both sit at the left (the last backward step is x0's): the
        # output's label at the right end stays left out, its texts out of the page, while End
        # writes its value and gradient
        page.keyboard.press("End")
        page.wait_for_function(f"({OUT_LABEL})().culled")
        assert page.evaluate(OUT_LABEL) == {"culled": True, "value": None, "grad": None,
                                            "title": None}
        page.evaluate(SHOW_OUT)
        page.wait_for_function(f"!({OUT_LABEL})().culled")
        shown = page.evaluate(OUT_LABEL)
        assert shown["value"] == "2.00e3"  # sum_source's 1,000 inputs add up to 1998.5
        assert shown["grad"] == "1"
        assert shown["title"] == "gradient: 1"
        assert page.locator("svg.graph text.pending").count() == 0
        page.keyboard.press("Home")  # back in the window, written back to "?" in place
        shown = page.evaluate(OUT_LABEL)
        assert (shown["value"], shown["grad"]) == ("?", "?")


def test_offline_file_lays_out_in_a_blob_worker(tmp_path: Path, offline_page) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sum.html"
    assert main(["export", sum_source(200), "-o", str(out), "--lang", "ko"]) == 0
    offline_page.add_init_script(WATCH)
    offline_page.goto(out.as_uri())
    offline_page.wait_for_function(DRAWN, arg=399, timeout=60_000)
    offline_page.wait_for_selector("[data-ready=true]")
    seen = offline_page.evaluate(SEEN)
    assert seen["workers"] == 1, seen
    assert seen["notes"] in ([], ["게이트 399개 배치 중…"]), seen  # a fast machine may skip a frame
    # drawn at the file's step (the end): every gradient shown, the output's gate current
    assert offline_page.locator("svg.graph text.grad.pending").count() == 0
    assert offline_page.locator("svg.graph g.edge-label").count() == 399
