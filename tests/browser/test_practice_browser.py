"""Practice mode in Chromium: students fill in the numbers (static/js/practice/)."""

import json
import math
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from chainrule.app.cli import main
from tests.conftest import page_failing_on_errors

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

ROOT = Path(__file__).resolve().parents[2]
SIGMOID = "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
SIGMOID_DEF = (
    "def sig(t):\n    return 1 / (1 + exp(-t))\n\n"
    "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = sig(w0*x0 + w1*x1 + w2)"
)
NORM = "W = [[0.1, 0.5], [-0.3, 0.8]]\nx = [0.2, 0.4]\nq = W @ x\nf = sum(q ** 2)"
MATMUL = "X = randn(2, 3, seed=0)\nW = randn(3, 4, seed=1)\nY = X @ W\nL = sum(Y)"
CS231N = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z"
# the sigmoid's gradients on the CS231n slide, by edge (e0 = w0 into the first ×)
SLIDE = {"e0": "-0.20", "e1": "0.39", "e2": "-0.39", "e3": "-0.59", "e11": "-0.53"}
PLAY = '.stage > .player [data-action="play"]'  # the race has a player of its own
ALL_GRADS = ["e11", "e10", "e9", "e8", "e6", "e7", "e4", "e5", "e2", "e3", "e0", "e1"]


def catalog(lang: str) -> dict[str, str]:
    return json.loads((ROOT / "static" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def practice_url(path: str = "/", **params: str) -> str:
    return f"{path}?{urlencode(params)}"


def open_practice(page, source: str, practice: str = "grad", **params: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(practice_url(src=source, practice=practice, **params))
    expect(page.locator(".answer-box").first).to_be_visible()


def box(page, question: str):  # type: ignore[no-untyped-def]
    return page.locator(f'.answer-box[data-question="{question}"]')


def questions(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(".answer-box").evaluate_all("(bs) => bs.map((b) => b.dataset.question)")


def answer(page, question: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = box(page, question).locator("input").first
    field.fill(text)
    field.press("Enter")


def test_right_and_wrong_answers_with_the_player(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_practice(page, SIGMOID, lang="en")
    assert questions(page) == [f"{e}:g" for e in ALL_GRADS]  # every gradient, in step order
    page.locator(".stage > .player [data-speed]").select_option("4")
    page.locator(PLAY).click()
    # the player stops at the first asked edge (∂f/∂i, into 1/x) with the focus in its box
    expect(box(page, "e11:g")).to_have_class(re.compile(r"\bdue\b"))
    expect(box(page, "e11:g").locator("input")).to_be_focused()
    expect(page.locator(PLAY)).to_have_attribute("aria-pressed", "false")
    caption = page.locator(".caption").inner_text()
    assert "?" in caption and "0.53" not in caption  # the caption gives nothing away

    page.keyboard.type("0.53")
    page.keyboard.press("Enter")
    expect(box(page, "e11:g")).to_have_attribute("data-state", "wrong")
    expect(box(page, "e11:g")).to_have_class(re.compile(r"\bshake\b"))
    expect(page.locator(".practice-feedback")).to_have_attribute("data-kind", "wrong")

    answer(page, "e11:g", "\u22120.534")  # a typographic minus counts
    expect(box(page, "e11:g")).to_have_attribute("data-state", "right")
    expect(box(page, "e11:g").locator(".answer-done")).to_have_text("-0.53 ✓")
    expect(page.locator('g.edge-label[data-edge="e11"] text.grad')).to_be_hidden()  # in the box
    # the player walks on and stops at the next asked edge
    expect(box(page, "e10:g")).to_have_class(re.compile(r"\bdue\b"))
    expect(page.locator(".practice-score")).to_contain_text("1/12")

    # keyboard only: Tab goes from box to box, Enter checks
    box(page, "e0:g").locator("input").focus()
    page.keyboard.type("-0.2")  # two significant digits of -0.1966
    page.keyboard.press("Enter")
    expect(box(page, "e0:g")).to_have_attribute("data-state", "right")
    box(page, "e2:g").locator("input").focus()
    page.keyboard.press("Tab")
    expect(box(page, "e3:g").locator("input")).to_be_focused()
    page.keyboard.type("-0.6")  # 0.2 (the upstream as shown) times -3: rounding carried counts
    page.keyboard.press("Enter")
    expect(box(page, "e3:g")).to_have_attribute("data-state", "right")
    expect(page.locator(".practice-score")).to_contain_text("3/12")
    expect(page.locator(".practice-score")).to_contain_text("first try 2")


def test_the_hint_ladder_opens_one_rung_at_a_time(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    words = catalog("ko")
    open_practice(page, SIGMOID, lang="ko")
    box(page, "e0:g").locator("input").click()  # ∂f/∂w0, into the × gate
    hint = page.locator('[data-practice="hint"]')
    rungs = page.locator(".practice-hints li")
    expect(hint).to_have_text(words["practice.hint_n"].format(n=1, total=4))
    hint.click()  # (1) the gate pattern in words: 곱셈 노드는 입력을 서로 바꿔 곱합니다
    expect(rungs).to_have_count(1)
    expect(rungs.nth(0)).to_have_text(words["gate.swap"])
    hint.click()  # (2) the local gradient in the node's symbols, as KaTeX
    expect(rungs).to_have_count(2)
    expect(rungs.nth(1).locator(".katex")).to_have_count(1)
    assert "x0" in rungs.nth(1).locator("annotation").text_content().replace("_{0}", "0")
    hint.click()  # (3) the same with the numbers filled in, the result left open
    tex = rungs.nth(2).locator("annotation").text_content()
    assert "0.20" in tex and "(-1)" in tex and tex.rstrip().endswith("?")
    expect(box(page, "e0:g")).to_have_attribute("data-state", "open")
    hint.click()  # (4) the answer
    expect(rungs.nth(3)).to_have_text(words["practice.answer"].format(value="-0.1966"))
    expect(box(page, "e0:g")).to_have_attribute("data-state", "revealed")
    expect(hint).to_be_disabled()
    score = words["practice.score"].format(answered=1, total=12, first=0, hints=4)
    expect(page.locator(".practice-score")).to_have_text(score)


def test_new_numbers_keep_the_structure_and_recompute_the_answers(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_practice(page, SIGMOID, lang="en")
    answer(page, "e0:g", "-0.2")
    expect(box(page, "e0:g")).to_have_attribute("data-state", "right")
    structure = "[...chainrule.stage.model.nodes.values()].map((n) => [n.id, n.op, n.shape])"
    before = page.evaluate(structure)
    page.locator('[data-practice="numbers"]').click()
    expect(page.locator(".practice-feedback")).to_have_attribute("data-kind", "numbers")
    source = page.locator("#source").input_value()
    assert source != SIGMOID and source.endswith("f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))")
    leaves = re.findall(r"^\w+ = (-?\d+)$", source, re.M)
    assert len(leaves) == 5 and all(1 <= abs(int(v)) <= 4 for v in leaves)
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", source)
    assert page.evaluate(structure) == before
    assert questions(page) == [f"{e}:g" for e in ALL_GRADS]  # a fresh round, every box open
    expect(box(page, "e0:g")).to_have_attribute("data-state", "open")
    # the answer is the new graph's: ∂f/∂w0 = σ'(z)·x0 with the new numbers
    w0, x0, w1, x1, w2 = (int(v) for v in leaves)
    sigma = 1 / (1 + math.exp(-(w0 * x0 + w1 * x1 + w2)))
    answer(page, "e0:g", f"{sigma * (1 - sigma) * x0:.4g}")
    expect(box(page, "e0:g")).to_have_attribute("data-state", "right")


def test_a_tensor_edge_asks_its_shape_first(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_practice(page, NORM, lang="ko")
    w_grad = box(page, "e0:g")  # ∂f/∂W: the shape of W, then the 2×2 matrix
    expect(w_grad.locator("input")).to_have_count(1)
    placeholder = catalog("ko")["practice.shape_placeholder"]  # 행×열
    expect(w_grad.locator("input")).to_have_attribute("placeholder", placeholder)
    expect(page.locator('g.edge-label[data-edge="e0"] text.shape')).to_be_hidden()
    answer(page, "e0:g", "2×1")
    expect(w_grad).to_have_attribute("data-state", "wrong")
    answer(page, "e0:g", "2x2")
    expect(page.locator(".practice-feedback")).to_have_attribute("data-kind", "shape")
    cells = w_grad.locator("input.cell")
    expect(cells).to_have_count(4)
    # ∂f/∂W = [[0.088, 0.176], [0.104, 0.208]]: the last cell is wrong
    for i, v in enumerate(["0.09", "0.18", "0.1", "0.3"]):
        cells.nth(i).fill(v)
    cells.nth(3).press("Enter")
    expect(w_grad).to_have_attribute("data-state", "wrong")
    assert cells.evaluate_all("(cs) => cs.map((c) => c.dataset.cell)") == ["right"] * 3 + ["wrong"]
    cells.nth(3).fill("0.21")
    cells.nth(3).press("Enter")
    expect(w_grad).to_have_attribute("data-state", "right")

    open_practice(page, MATMUL, lang="en")  # W is 3×4: one highlighted element is asked
    answer(page, "e1:g", "3×4")
    expect(page.locator(".practice-question")).to_contain_text("1,3")
    expect(page.locator(".element-map td.asked")).to_have_count(1)
    exact = page.evaluate("chainrule.stage.model.edgeById.get('e1').grad[1][3]")
    answer(page, "e1:g", f"{exact:.3f}")
    expect(box(page, "e1:g")).to_have_attribute("data-state", "right")


def test_values_are_asked_above_the_edges(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_practice(page, CS231N, "value", lang="en")
    assert questions(page) == ["e2:v", "__out:v"]  # q = x + y, then f = q · z
    expect(box(page, "e2:v")).to_have_class(re.compile(r"\babove\b"))
    answer(page, "e2:v", "3")
    expect(box(page, "e2:v")).to_have_attribute("data-state", "right")
    answer(page, "__out:v", "-12")
    expect(box(page, "__out:v")).to_have_attribute("data-state", "right")


def test_a_collapsed_group_asks_its_boundary_edges(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_practice(page, SIGMOID_DEF, collapsed="g0")
    inside = page.evaluate("[...chainrule.stage.model.edges].filter((e) => "
                           "chainrule.stage.viewModel.edgeById.get(e.id) === undefined).length")
    assert inside > 0 and questions(page) == [f"{e}:g" for e in ("e8", "e6", "e7", "e4", "e5",
                                                                  "e2", "e3", "e0", "e1")]
    expect(page.locator('[data-practice="hint"]')).to_be_disabled()  # nothing picked yet
    box(page, "e8:g").locator("input").click()  # the edge into the sig gate
    page.locator('[data-practice="hint"]').click()
    expect(page.locator(".practice-hints li").first).to_contain_text("sig")
    answer(page, "e8:g", "0.2")
    expect(box(page, "e8:g")).to_have_attribute("data-state", "right")


def test_links_embed_code_and_embeds_carry_practice_and_ask(app_page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.goto(practice_url(src=SIGMOID, lang="en"))
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    page.locator("select[data-practice-kind]").select_option("grad")
    page.locator('[data-practice="author"]').click()  # the lecturer picks the asked edges
    chips = page.locator(".ask-chip")
    expect(chips).to_have_count(12)
    for edge in ALL_GRADS:
        if edge not in ("e3", "e5"):
            page.locator(f'.ask-chip[data-edge="{edge}"]').click()
    expect(page.locator('.ask-chip[aria-pressed="true"]')).to_have_count(2)
    page.locator('[data-practice="author"]').click()
    assert questions(page) == ["e5:g", "e3:g"]

    out = page.locator(".share-out textarea")
    page.locator('[data-share="link"]').click()
    expect(out).to_have_value(re.compile("practice=grad"))
    link = out.input_value()
    params = parse_qs(urlsplit(link).query)
    assert params["practice"] == ["grad"] and params["ask"] == ["e3,e5"] and "step" not in params
    page.locator('[data-share="embed"]').click()
    expect(out).to_have_value(re.compile("<iframe"))
    embed = re.search(r'src="([^"]+)"', out.input_value())[1].replace("&amp;", "&")  # type: ignore[index]
    assert parse_qs(urlsplit(embed).query)["ask"] == ["e3,e5"]

    page.goto(link)  # the student's page: the same two questions, the switch on "grad"
    expect(page.locator(".answer-box")).to_have_count(2)
    assert questions(page) == ["e5:g", "e3:g"]
    expect(page.locator("select[data-practice-kind]")).to_have_value("grad")
    page.goto(embed.removeprefix(live_server))
    expect(page.locator(".answer-box")).to_have_count(2)
    assert questions(page) == ["e5:g", "e3:g"]
    answer(page, "e3:g", "-0.59")
    expect(box(page, "e3:g")).to_have_attribute("data-state", "right")


def test_practice_in_the_offline_file(tmp_path: Path, offline_page) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sigmoid.html"
    args = ["export", SIGMOID, "-o", str(path), "--practice", "grad", "--ask", "e0,e1"]
    assert main([*args, "--lang", "ko"]) == 0
    page = offline_page  # file:// only, every network request refused
    page.goto(path.as_uri())
    expect(page.locator(".answer-box")).to_have_count(2)
    assert questions(page) == ["e0:g", "e1:g"]
    answer(page, "e1:g", "0.39")
    expect(box(page, "e1:g")).to_have_attribute("data-state", "right")
    before = leaf_values(page)
    assert before == [2, -1, -3, -2, -3]
    page.locator('[data-practice="numbers"]').click()  # numbers drawn when the file was made
    expect(page.locator(".practice-feedback")).to_have_attribute("data-kind", "numbers")
    expect(box(page, "e1:g")).to_have_attribute("data-state", "open")
    w0, x0, w1, x1, w2 = leaf_values(page)
    assert [w0, x0, w1, x1, w2] != before
    sigma = 1 / (1 + math.exp(-(w0 * x0 + w1 * x1 + w2)))
    answer(page, "e1:g", f"{sigma * (1 - sigma) * w0:.4g}")  # ∂f/∂x0 = σ'(z)·w0, new numbers
    expect(box(page, "e1:g")).to_have_attribute("data-state", "right")


def leaf_values(page) -> list[float]:  # type: ignore[no-untyped-def]
    """w0, x0, w1, x1, w2 of the sigmoid as its value labels show them."""
    return [float(page.locator(f'g.edge-label[data-edge="{e}"] text.value').evaluate(
        "(t) => t.firstChild.nodeValue")) for e in ("e0", "e1", "e2", "e3", "e7")]


def test_a_phone_with_touch(chromium, live_server: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True, device_scale_factor=2,
    )
    page: Any  # playwright's Page
    with page_failing_on_errors(context) as page:
        open_practice(page, SIGMOID, lang="ko")
        field = box(page, "e11:g").locator("input")
        assert field.get_attribute("inputmode") == "decimal"
        size = field.bounding_box()
        assert size and size["height"] >= 44 and size["width"] >= 44  # a thumb's size
        for button in page.locator(".practice-card button:visible").all():
            assert (button.bounding_box() or {"height": 0})["height"] >= 44
        page.locator(PLAY).tap()
        expect(box(page, "e11:g")).to_have_class(re.compile(r"\bdue\b"))
        field.tap()
        page.keyboard.type("0.53")  # iOS's decimal pad has no minus key: the ± button
        page.locator('[data-practice="sign"]').tap()
        expect(field).to_have_value("-0.53")
        expect(field).to_be_focused()  # the card's buttons keep the keyboard open
        page.locator('[data-practice="check"]').tap()
        expect(box(page, "e11:g")).to_have_attribute("data-state", "right")
        page.screenshot(path=str(screenshot_dir / "practice-phone-ko-answered.png"))


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("size", [(1400, 850), (390, 844)], ids=["desktop", "phone"])
def test_screenshots(chromium, live_server: str, screenshot_dir: Path, lang: str, size) -> None:  # type: ignore[no-untyped-def]
    phone = size[0] < 600
    context = chromium.new_context(
        base_url=live_server, viewport={"width": size[0], "height": size[1]}, is_mobile=phone,
        has_touch=phone,
    )
    page: Any  # playwright's Page
    with page_failing_on_errors(context) as page:
        open_practice(page, SIGMOID, lang=lang)
        answer(page, "e11:g", "-0.53")
        for _ in range(2):  # the steps of ∂f/∂i (answered) and of ∂f/∂h
            page.locator('.stage > .player [data-action="next"]').click()
        expect(box(page, "e10:g")).to_have_class(re.compile(r"\bdue\b"))
        answer(page, "e10:g", "1")
        expect(box(page, "e10:g")).to_have_attribute("data-state", "wrong")
        page.locator('[data-practice="hint"]').click()
        page.locator('[data-practice="hint"]').click()
        expect(page.locator(".practice-hints li")).to_have_count(2)
        # everything the student needs is on the screen: the box, the card and the player
        for selector in ['.answer-box[data-question="e10:g"] input', '[data-practice="check"]',
                         '[data-practice="hint"]', '.stage > .player [data-action="next"]']:
            rect = page.locator(selector).bounding_box()
            assert rect and rect["y"] >= 0 and rect["y"] + rect["height"] <= size[1], selector
        name = f"practice-sigmoid-{lang}-{'phone' if phone else 'desktop'}.png"
        page.screenshot(path=str(screenshot_dir / name))


TOLERANCE = [
    ("-0.2", -0.19661193324148188, True), ("-0.20", -0.19661193324148188, True),
    ("-0.19", -0.19661193324148188, False), ("0.39", 0.39322386648296376, True),
    ("0.4", 0.39322386648296376, False), ("−0.534", -0.534446645388523, True),
    ("0.09", 0.088, True), ("1.01", 1.0, True), ("1.06", 1.0, False), ("123", 123.4, True),
    ("0", 0.0, True), ("0.01", 0.0, False), ("1/5", 0.2, True), ("0,2", 0.2, True),
    ("abc", 1.0, False), ("", 1.0, False),
]


def test_the_tolerance_fits_rounding(app_page) -> None:  # type: ignore[no-untyped-def]
    app_page.goto("/")
    results = app_page.evaluate(
        """async (cases) => {
          const { close, parseNumber } = await import("chainrule/practice/answers.js");
          return cases.map(([typed, exact]) => {
            const a = parseNumber(typed);
            return a !== null && close(a, exact);
          });
        }""",
        [[typed, exact] for typed, exact, _ in TOLERANCE],
    )
    assert results == [right for _, _, right in TOLERANCE]
