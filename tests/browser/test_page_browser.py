"""The page in Debian's chromium: graph labels, player, editor errors, inspector, palette."""

import re

import pytest

from chainrule.app.examples import EXAMPLES

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

CS231N = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z"
SIGMOID = (
    "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\n"
    "f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
)
GREEN = "rgb(18, 129, 58)"
RED = "rgb(198, 40, 40)"
OKABE_BLUE = "rgb(0, 114, 178)"

# Every edge label: texts (first text node: a <title> with the full value follows it), colours,
# and where the texts sit against the line (local y = 0).
LABELS_JS = """() => [...document.querySelectorAll("g.edge-label")].map((g) => {
  const info = (cls) => {
    const t = g.querySelector("text." + cls);
    if (!t) return null;
    const box = t.getBBox();
    return {text: t.firstChild.nodeValue, fill: getComputedStyle(t).fill, top: box.y,
            bottom: box.y + box.height, pending: t.classList.contains("pending")};
  };
  return {edge: g.dataset.edge, value: info("value"), grad: info("grad")};
})"""

# Screen boxes of every text in the graph, to find overlaps.
TEXT_BOXES_JS = """() => [...document.querySelectorAll("svg.graph text")].map((t) => {
  const r = t.getBoundingClientRect();
  return {text: t.firstChild.nodeValue, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom};
})"""

# Counts the pulse dots added from now on (each lives only for the step's animation).
PULSE_COUNTER_JS = """() => {
  window.pulses = 0;
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) if (n.classList?.contains("pulse")) window.pulses++;
  }).observe(document.querySelector("g.pulses"), {childList: true});
}"""


def show(page, source: str) -> None:
    """Open `/`, type `source`, wait until the graph shows it, and leave the textarea."""
    page.goto("/")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    page.locator("#source").fill(source)
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", source)
    page.locator("#source").blur()


def labels(page) -> dict[str, dict]:
    return {item["edge"]: item for item in page.evaluate(LABELS_JS)}


def shown(page, kind: str) -> list[str]:
    """Texts of the revealed (not pending) value or grad labels."""
    return [
        info[kind]["text"] for info in labels(page).values()
        if info[kind] and not info[kind]["pending"]
    ]


def overlaps(page) -> list[tuple[str, str]]:
    boxes = page.evaluate(TEXT_BOXES_JS)
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes) for b in boxes[i + 1:]
        if a["x0"] < b["x1"] - 1 and b["x0"] < a["x1"] - 1
        and a["y0"] < b["y1"] - 1 and b["y0"] < a["y1"] - 1
    ]


def test_cs231n_values_above_gradients_below(app_page, screenshot_dir):
    page = app_page
    show(page, CS231N)
    page.keyboard.press("End")
    expect(page.locator(".progress")).to_have_text("backward 3/3")
    info = labels(page)
    assert sorted(shown(page, "value")) == sorted(["-2", "5", "-4", "3", "-12"])
    assert sorted(shown(page, "grad")) == sorted(["-4", "-4", "3", "-4", "1"])
    for item in info.values():
        assert item["value"]["fill"] == GREEN
        assert item["value"]["bottom"] <= 0 < item["grad"]["top"], item
        assert item["grad"]["fill"] == RED
    q_to_f = next(i for i in info.values() if i["value"]["text"] == "3")
    assert q_to_f["grad"]["text"] == "-4"
    z_to_f = next(i for i in info.values() if i["value"]["text"] == "-4")
    assert z_to_f["grad"]["text"] == "3"
    assert overlaps(page) == []
    page.screenshot(path=screenshot_dir / "cs231n_end.png")


def test_keyboard_steps_back_and_hides_gradients(app_page, screenshot_dir):
    page = app_page
    show(page, CS231N)
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".progress")).to_have_text("backward 2/3")
    assert sorted(shown(page, "grad")) == ["-4", "1", "3"]
    pending = page.locator("g.edge-label text.grad.pending")
    expect(pending).to_have_count(2)
    expect(pending.first).to_contain_text("?")
    page.screenshot(path=screenshot_dir / "cs231n_backward_2.png")
    page.keyboard.press("Home")
    expect(page.locator(".progress")).to_have_text("start 0/8")
    assert shown(page, "value") == [] and shown(page, "grad") == []
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator(".progress")).to_have_text("forward 3/5")
    page.evaluate(PULSE_COUNTER_JS)
    page.keyboard.press("ArrowRight")
    expect(page.locator(".progress")).to_have_text("forward 4/5")
    page.wait_for_function("window.pulses === 2")  # one dot along each input edge of +
    expect(page.locator("path.edge.active")).to_have_count(2)
    expect(page.locator('g.node[data-node="n3"]')).to_have_class(re.compile(r"\bcurrent\b"))
    assert sorted(shown(page, "value")) == sorted(["-2", "5", "-4", "3"])
    expect(page.locator(".caption .katex")).to_have_count(1)
    page.screenshot(path=screenshot_dir / "cs231n_forward_4.png")


def test_syntax_error_marks_its_place_and_keeps_the_graph(app_page, screenshot_dir):
    page = app_page
    show(page, CS231N)
    broken = CS231N.replace("q = x + y", "q = x $ y")
    with page.expect_response("**/api/graph") as answer:
        page.locator("#source").fill(broken)
    error = answer.value.json()["error"]
    assert answer.value.status == 400 and error["line"] == 4
    message = page.locator(".error-message")
    expect(message).to_be_visible()
    expect(message).to_contain_text(f"line {error['line']}, column {error['column']}")
    mark = page.locator(".highlights mark")
    expect(mark).to_have_count(1)
    before = page.evaluate("() => document.querySelector('.highlights mark').previousSibling.data")
    lines = broken.split("\n")
    assert len(before) == sum(len(line) + 1 for line in lines[:3]) + error["column"] - 1
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", CS231N)
    expect(page.locator("g.node")).to_have_count(5)
    page.screenshot(path=screenshot_dir / "syntax_error.png")


KOREAN = "가 = 3\n나 = 가 * 2\nf = 나 +* 가"
# What the backdrop must share with the textarea for the mark to sit under the same glyphs.
MIRROR_PROPS = [
    "fontFamily", "fontSize", "lineHeight", "letterSpacing", "paddingLeft", "paddingTop",
    "borderLeftWidth", "borderTopWidth", "whiteSpace", "overflowWrap", "tabSize", "width",
]


def test_korean_names_keep_the_error_mark_in_place(app_page):
    page = app_page
    show(page, CS231N)
    with page.expect_response("**/api/graph") as answer:
        page.locator("#source").fill(KOREAN)
    error = answer.value.json()["error"]
    assert (error["line"], error["column"]) == (3, 8)  # columns count characters
    expect(page.locator(".error-message")).to_contain_text("line 3, column 8")
    expect(page.locator(".highlights mark")).to_have_text("*")
    before = page.evaluate("() => document.querySelector('.highlights mark').previousSibling.data")
    assert before == "가 = 3\n나 = 가 * 2\nf = 나 +"
    styles = page.evaluate(
        """(props) => ["#source", ".backdrop"].map((s) => {
          const style = getComputedStyle(document.querySelector(s));
          return props.map((p) => style[p]);
        })""",
        MIRROR_PROPS,
    )
    assert styles[0] == styles[1]  # a full-width 가 is as wide in both: the mark stays under *
    for stack in (styles[0][0], page.evaluate("getComputedStyle(document.body).fontFamily")):
        assert "Noto Sans CJK KR" in stack and "Malgun Gothic" in stack, stack
    fixed = KOREAN.replace("f = 나 +* 가", "결과 = 나 + 가  # 출력")
    page.locator("#source").fill(fixed)
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", fixed)
    expect(page.locator("g.node text.name")).to_have_text("가")
    expect(page.locator("g.node text.caption-symbol")).to_have_text(["나", "결과"])
    page.locator("#source").blur()
    page.keyboard.press("End")
    assert sorted(shown(page, "value")) == ["3", "3", "6", "9"]
    assert overlaps(page) == []


def test_sigmoid_gradients_rounded_like_the_slides(app_page, screenshot_dir):
    page = app_page
    show(page, SIGMOID)
    page.keyboard.press("End")
    expect(page.locator(".progress")).to_contain_text("backward")
    grads = shown(page, "grad")
    for text in ["-0.20", "0.39", "-0.39", "-0.59", "0.20", "1"]:
        assert text in grads, (text, grads)
    values = shown(page, "value")
    for text in ["0.73", "1.37", "0.37", "-1", "4", "6"]:
        assert text in values, (text, values)
    assert overlaps(page) == []
    page.screenshot(path=screenshot_dir / "sigmoid_end.png")


def test_inspector_gate_words_and_gradient_check(app_page, screenshot_dir):
    page = app_page
    show(page, CS231N)
    page.keyboard.press("End")
    page.locator('g.node[data-node="n3"]').click()
    body = page.locator(".inspector-body")
    expect(body).to_contain_text(re.compile("distributor", re.IGNORECASE))
    expect(body).to_contain_text("add")
    expect(body.locator(".katex")).not_to_have_count(0)
    page.locator("input.check-toggle").check()
    table = page.locator(".check-table")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_contain_text("agree")
    expect(table.locator("tbody tr")).to_have_count(3)
    page.locator('g.node[data-node="n4"]').click()
    expect(body).to_contain_text(re.compile("swap", re.IGNORECASE))
    page.screenshot(path=screenshot_dir / "inspector_check.png")


def test_palette_and_theme_toggles(app_page, screenshot_dir):
    page = app_page
    show(page, CS231N)
    page.keyboard.press("End")
    page.locator('[data-toggle="palette"]').click()
    page.locator('[data-toggle="theme"]').click()
    expect(page.locator("html")).to_have_attribute("data-palette", "cb")
    first_value = page.locator("g.edge-label text.value").first
    expect(first_value).to_have_css("fill", OKABE_BLUE.replace("0, 114, 178", "86, 180, 233"))
    page.screenshot(path=screenshot_dir / "dark_colourblind.png")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.locator("#source")).to_have_value(CS231N)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3, "3"), (-12, "-12"), (0.7310585786, "0.73"), (-0.196611933, "-0.20"),
        (0.39322386, "0.39"), (-0.5898357997, "-0.59"), (1.36787944, "1.37"),
        (0.001234, "1.23e-3"), (12345.678, "1.23e4"), (0.0, "0"), ("nan", "NaN"), ("-inf", "-∞"),
    ],
)
def test_number_format(app_page, value, text):
    app_page.goto("/")
    got = app_page.evaluate(
        "async (v) => (await import('/static/js/graph/format.js')).fmt(v)", value
    )
    assert got == text


def test_tensor_edges_show_shape_and_inspector_heatmap(app_page, screenshot_dir):
    page = app_page
    show(page, "W = [[0.1, 0.5], [-0.3, 0.8]]\nx = [0.2, 0.4]\nq = W @ x\nf = sum(q ** 2)")
    page.keyboard.press("End")
    assert "[0.10 0.50 …]" in shown(page, "value")
    assert "[0.22 0.26]" in shown(page, "value")  # q = W @ x
    assert "[0.44 0.52]" in shown(page, "grad")  # ∂f/∂q = 2q
    w_edge = page.locator('g.edge-label[data-edge="e0"]')
    expect(w_edge.locator("text.shape")).to_have_text("2×2")  # the shape once, on the line
    expect(page.locator('g.edge-label[data-edge="__out"] text.shape')).to_have_count(0)
    page.locator('g.node[data-node="n0"]').click()
    heatmap = page.locator(".inspector-body table.heatmap").first
    expect(heatmap.locator("tr")).to_have_count(2)
    expect(heatmap.locator("td").first).to_have_text("0.10")
    assert overlaps(page) == []
    page.screenshot(path=screenshot_dir / "tensor_inspector.png")


TWO_LAYER = next(e for e in EXAMPLES if e.id == "two-layer-net")
# Edge numbers' on-screen heights, and whether the current gate lies inside the graph's window.
READABLE_JS = """() => {
  const texts = document.querySelectorAll("g.edge-label text.value, g.edge-label text.grad");
  const svg = document.querySelector("svg.graph").getBoundingClientRect();
  const gate = document.querySelector("g.node.current").getBoundingClientRect();
  return {heights: [...texts].map((t) => t.getBoundingClientRect().height),
          inside: gate.left >= svg.left && gate.right <= svg.right
            && gate.top >= svg.top && gate.bottom <= svg.bottom};
}"""


def test_tensor_graph_is_readable_at_fit(app_page, screenshot_dir):
    page = app_page
    page.set_viewport_size({"width": 1400, "height": 850})
    page.goto("/")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    page.locator(".gallery-open").click()  # the example gallery, as a lecturer opens it
    page.locator(f'a.gallery-card[data-example="{TWO_LAYER.id}"]').click()
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", TWO_LAYER.source)
    page.locator("#source").blur()
    page.keyboard.press("End")
    expect(page.locator(".progress")).to_have_text("backward 7/7")
    seen = page.evaluate(READABLE_JS)
    assert min(seen["heights"]) >= 12, seen["heights"]  # was 6 px when fit shrank to all
    assert seen["inside"]  # too wide to show whole at that size: panned to the current gate
    expect(page.locator("svg.graph")).to_have_attribute("data-fit", "readable")
    assert "[0.17 0.41 …]" in shown(page, "value")  # W1, its shape 2×3 on the line
    expect(page.locator("g.edge-label text.shape", has_text="2×3")).not_to_have_count(0)
    assert overlaps(page) == []
    page.screenshot(path=screenshot_dir / "two_layer_fit.png")
    page.locator('[data-action="fit"]').click()  # again: the whole graph, however small
    expect(page.locator("svg.graph")).to_have_attribute("data-fit", "whole")
    page.locator('[data-action="fit"]').click()
    expect(page.locator("svg.graph")).to_have_attribute("data-fit", "readable")
    page.keyboard.press("Home")
    for _ in range(12):  # the forward pass runs off the right edge; the view follows it
        page.keyboard.press("ArrowRight")
    expect(page.locator(".progress")).to_have_text("forward 12/12")
    page.wait_for_function(f"({READABLE_JS})().inside")


# Screen boxes of the graph's window and of every gate.
GATES_JS = """() => {
  const svg = document.querySelector("svg.graph").getBoundingClientRect();
  return [...document.querySelectorAll("g.node")].every((g) => {
    const r = g.getBoundingClientRect();
    return r.left >= svg.left && r.right <= svg.right && r.top >= svg.top && r.bottom <= svg.bottom;
  });
}"""


def test_cs231n_sigmoid_fits_whole_on_a_laptop(app_page, screenshot_dir):
    page = app_page
    page.set_viewport_size({"width": 1400, "height": 850})
    show(page, SIGMOID)
    page.keyboard.press("End")
    expect(page.locator("svg.graph")).to_have_attribute("data-fit", "whole")
    assert page.evaluate(GATES_JS)  # every gate, the output's 1/x included, is on screen
    assert min(page.evaluate(READABLE_JS)["heights"]) >= 9
    assert overlaps(page) == []
    page.screenshot(path=screenshot_dir / "sigmoid_fit_1400.png")


def test_embed_shows_graph_at_step_without_editor(app_page, screenshot_dir):
    page = app_page
    page.goto("/embed?src=x%20%3D%203%0Ay%20%3D%20-4%0Af%20%3D%20x%20*%20y&step=3")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    expect(page.locator(".progress")).to_have_text("forward 3/3")
    expect(page.locator("textarea")).to_have_count(0)
    assert sorted(shown(page, "value")) == ["-12", "-4", "3"]
    assert shown(page, "grad") == []
    page.screenshot(path=screenshot_dir / "embed_step3.png")
