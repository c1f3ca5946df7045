"""Long flat chains in chromium: a 3,000-term sum lays out, renders and plays without a stack
overflow; a value reused along a long chain is laid out without dagre's minutes of dummies."""

import pytest

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

# Drawn nodes, and how far the graph reaches (the gates' and leaves' centres as drawn: a big
# graph leaves the parts outside its window out of the rendering, where getBBox reads 0), once the
# stage has drawn `source`.
DRAWN_JS = """() => {
  const nodes = document.querySelectorAll("svg.graph g.nodes g.node");
  const xs = [...nodes].map((n) => {
    const dot = n.querySelector("circle");
    const box = n.querySelector("rect");
    return dot ? +dot.getAttribute("cx") : +box.getAttribute("x") + +box.getAttribute("width") / 2;
  });
  return {nodes: nodes.length, edges: document.querySelectorAll("svg.graph path.edge").length,
          span: Math.max(...xs) - Math.min(...xs)};
}"""


def show(page, source: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    page.locator("#source").fill(source)
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", source,
                                                         timeout=60_000)
    page.locator("#source").blur()
    # a big graph is laid out in a worker: drawn once the stage's data-layout is gone
    page.wait_for_function("!document.querySelector('.stage').dataset.layout", timeout=60_000)


@pytest.mark.parametrize(("leaves", "terms"), [(3, 3000), (3, 300), (500, 500)])
def test_a_long_sum_lays_out_renders_and_plays(app_page, leaves: int, terms: int) -> None:  # type: ignore[no-untyped-def]
    names = [f"l{i}" for i in range(leaves)]
    source = "".join(f"{n} = {i % 7 - 3}\n" for i, n in enumerate(names))
    source += "L = " + " + ".join(names[i % leaves] for i in range(terms))
    show(app_page, source)
    drawn = app_page.evaluate(DRAWN_JS)
    assert drawn["nodes"] == leaves + terms - 1
    assert drawn["edges"] == 2 * (terms - 1) + 1  # and the output's dangling edge
    assert drawn["span"] > 100 * terms  # one column per gate, not piled up
    app_page.keyboard.press("End")
    steps = 2 * (leaves + terms - 1) - leaves + 1
    expect(app_page.locator(".stage")).to_have_attribute("data-pos", str(steps - 1))
