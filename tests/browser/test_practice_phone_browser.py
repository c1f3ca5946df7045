"""Practice on a phone with its keyboard open (static/js/practice/keyboard.js), shape questions
for vectors, and the verdict and hints as the questions move on: measured in chromium."""

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.conftest import sized_page

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

ROOT = Path(__file__).resolve().parents[2]
SIGMOID = "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))\n"
NORM = "W = [[1, 2], [3, 4]]\nx = [1, -1]\nf = sum((W @ x) ** 2)"
PHONE = (390, 844)
KEYBOARD_HEIGHTS = (480, 560)  # the visual viewport a phone's keyboard leaves

# What a student sees with a box focused: the visual viewport; the focused box, the question and
# the newest hint (each cut to what its scrolling list shows, and whether it is on top where it
# is drawn); the other controls on top somewhere (select, button, the card); the hint list's
# KaTeX boxes cut by the list's edge; the player and the optimizer row.
MEASURE_JS = """() => {
  const vv = visualViewport;
  const view = {x0: 0, y0: vv.offsetTop, x1: vv.width, y1: vv.offsetTop + vv.height};
  const rect = (el) => { const r = el.getBoundingClientRect();
    return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const onTop = (el) => { const r = rect(el);
    const hit = document.elementFromPoint((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2);
    return !!hit && (el.contains(hit) || hit.contains(el)); };
  const box = document.activeElement.closest(".answer-box");
  const list = document.querySelector(".practice-hints");
  const hint = list.querySelector("li:last-child");
  const shown = rect(list);
  const cut = [...list.querySelectorAll(".katex-html")].map(rect).filter((r) =>
    r.y1 > shown.y0 + 1 && r.y0 < shown.y1 - 1 && (r.y0 < shown.y0 - 1 || r.y1 > shown.y1 + 1));
  const targets = {box, question: document.querySelector(".practice-question"), hint};
  const controls = [...document.querySelectorAll("select, button, .practice-card")]
    .filter((el) => el.checkVisibility() && onTop(el) && !box.contains(el))
    .map((el) => ({...rect(el), what: el.className || el.tagName,
                   card: el.matches(".practice-card, .practice-card *")}));
  return {
    view, keyboard: document.querySelector(".stage").dataset.keyboard ?? null,
    focused: !!box, hint_whole: rect(hint).y0 >= shown.y0 - 1 && rect(hint).y1 <= shown.y1 + 1,
    targets: Object.fromEntries(Object.entries(targets).map(([k, el]) =>
      [k, {...rect(el), top: onTop(el)}])),
    controls, cut,
    player: document.querySelector(".stage > .player").checkVisibility(),
    optimizer: !!document.querySelector(".update-bar")?.checkVisibility(),
  };
}"""


def catalog(lang: str) -> dict[str, str]:
    return json.loads((ROOT / "static" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def open_practice(page: Any, source: str, lang: str, path: str = "/") -> None:
    page.goto(f"{path}?" + urlencode({"lang": lang, "practice": "grad", "src": source}))
    expect(page.locator(".answer-box").first).to_be_visible()


def overlap(a: dict, b: dict) -> bool:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 1 and \
        min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > 1


def inside(a: dict, b: dict) -> bool:
    return a["x0"] >= b["x0"] - 1 and a["x1"] <= b["x1"] + 1 and \
        a["y0"] >= b["y0"] - 1 and a["y1"] <= b["y1"] + 1


def problems(m: dict) -> list[str]:
    """What a student could not read in measurement `m` (empty when all is well)."""
    found = [] if m["focused"] and m["keyboard"] == "open" else ["no box focused, no keyboard"]
    targets = m["targets"]
    for name, r in targets.items():
        if not inside(r, m["view"]) or not r["top"]:
            found.append(f"{name} out of sight: {r}")
    names = list(targets)
    found += [f"{a} overlaps {b}" for i, a in enumerate(names) for b in names[i + 1:]
              if overlap(targets[a], targets[b])]
    for c in m["controls"]:
        for name, r in targets.items():
            if (name == "box" or not c["card"]) and overlap(r, c):
                found.append(f"{name} overlaps {c['what']}")
    if not m["hint_whole"]:
        found.append("the newest hint is cut by its list")
    if m["cut"]:
        found.append(f"KaTeX cut by the hint list: {m['cut']}")
    if m["player"] or m["optimizer"]:
        found.append("the player or the optimizer row stays while typing")
    return found


def settled(page: Any, frames: int = 90) -> list[str]:
    """The problems of the page once it reads well, or after `frames` frames (a resize's refit,
    the card's new height and the box's reveal take a few)."""
    for _ in range(frames):
        found = problems(page.evaluate(MEASURE_JS))
        if not found:
            return found
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => r()))")
    return [*found, str(page.evaluate(MEASURE_JS))]


@pytest.mark.parametrize(("lang", "path"), [("ko", "/"), ("en", "/embed")])
def test_the_keyboard_leaves_the_box_its_question_and_the_newest_hint(
        chromium: Any, live_server: str, lang: str, path: str, screenshot_dir: Path) -> None:
    with sized_page(chromium, live_server, PHONE) as page:
        open_practice(page, SIGMOID, lang, path)
        expect(page.locator(".update-bar")).to_have_count(1 if path == "/" else 0)
        expect(page.locator(".update-bar")).to_be_hidden()  # no optimizer for students
        field = page.locator(".answer-box input").first
        field.tap()
        page.keyboard.type("0.5")
        page.locator('[data-practice="check"]').tap()
        for _ in range(3):
            page.locator('[data-practice="hint"]').tap()
        expect(page.locator(".practice-hints li")).to_have_count(3)
        expect(field).to_be_focused()
        assert page.evaluate(MEASURE_JS)["cut"] == []  # no keyboard yet: whole rungs in the list
        for height in KEYBOARD_HEIGHTS:
            page.set_viewport_size({"width": PHONE[0], "height": height})
            found = settled(page)
            name = f"practice-keyboard-{path.strip('/') or 'index'}-{lang}-{height}.png"
            page.screenshot(path=str(screenshot_dir / name))
            assert not found, (height, found)
        page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})  # the keyboard shut
        expect(page.locator(".stage > .player")).to_be_visible()
        expect(page.locator(".update-bar")).to_be_hidden()
        assert page.evaluate(MEASURE_JS)["cut"] == []


# Each answer box's question with the shape and the symbol of the node its edge comes from.
SOURCES_JS = """(boxes) => boxes.map((b) => {
  const model = chainrule.stage.model;
  const node = model.nodes.get(model.edgeById.get(b.dataset.question.split(":")[0]).source);
  return [b.dataset.question, node.shape, node.symbol];
})"""


def verdict(page: Any) -> Any:
    return page.locator(".practice-feedback")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_vectors_shape_is_asked_as_a_vector(chromium: Any, live_server: str, lang: str) -> None:
    words = catalog(lang)
    with sized_page(chromium, live_server, (1400, 850)) as page:
        open_practice(page, NORM, lang)
        asked = page.locator(".answer-box").evaluate_all(SOURCES_JS)
        vector, name = next((q, s) for q, shape, s in asked if shape == [2])  # ∂f/∂x: (2,)
        matrix = next(q for q, shape, _ in asked if shape == [2, 2])  # ∂f/∂W: 2×2
        field = page.locator(f'.answer-box[data-question="{vector}"] input')
        expect(field).to_have_attribute("placeholder", words["practice.shape_placeholder_vector"])
        field.click()
        form = words["practice.shape_form.vector"]  # 3 or (3,): not rows×columns
        expect(page.locator(".practice-question")).to_have_text(
            words["practice.shape_question"].format(name=f"∂f/∂{name}", form=form))
        rank = words["practice.shape_rank"].format(
            name=f"∂f/∂{name}", rank=words["practice.rank.vector"], form=form)
        for typed in ("1x2", "2x1", "1×2", "(1, 2)"):  # two elements in two dimensions
            field.fill(typed)
            field.press("Enter")
            expect(verdict(page)).to_have_attribute("data-kind", "rank")
            expect(verdict(page)).to_have_text(rank)
        field.fill("3")  # the wrong count is plainly wrong
        field.press("Enter")
        expect(verdict(page)).to_have_text(words["practice.wrong"])
        field.fill("(2,)")
        field.press("Enter")
        expect(verdict(page)).to_have_attribute("data-kind", "shape")
        expect(page.locator(f'.answer-box[data-question="{vector}"] input.cell')).to_have_count(2)

        grid = page.locator(f'.answer-box[data-question="{matrix}"]')
        grid.locator("input").click()  # a matrix as before
        expect(page.locator(".practice-question")).to_contain_text(
            words["practice.shape_form.matrix"])
        expect(grid.locator("input")).to_have_attribute(
            "placeholder", words["practice.shape_placeholder"])
        grid.locator("input").fill("2x3")
        grid.locator("input").press("Enter")
        expect(verdict(page)).to_have_text(words["practice.wrong"])
        for _ in range(2):  # the rule, then the shape shown: the cells keep the (phone's) keyboard
            page.locator('[data-practice="hint"]').click()
        expect(grid.locator("input.cell").first).to_be_focused()
        expect(verdict(page)).to_be_hidden()  # the shape's verdict went with the shape question


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_verdict_goes_with_its_question_and_the_reciprocal_hint_says_what_it_does(
        chromium: Any, live_server: str, lang: str) -> None:
    words = catalog(lang)
    with sized_page(chromium, live_server, PHONE) as page:
        open_practice(page, SIGMOID, lang)
        first = page.locator('.answer-box[data-question="e11:g"]')  # ∂f/∂i, into 1/x
        first.locator("input").tap()
        page.locator('[data-practice="hint"]').tap()
        hint = page.locator(".practice-hints li").first
        expect(hint).to_have_text(words["op.rdiv_const.doc"])
        assert "−1/x²" in hint.inner_text()  # its local gradient, not just its name

        page.keyboard.type("-0.53")
        page.locator('[data-practice="check"]').tap()
        expect(first).to_have_attribute("data-state", "right")
        expect(first).to_have_class(re.compile(r"\bflash\b"))  # the box itself says it was right
        nxt = page.locator('.answer-box[data-question="e10:g"]')  # on to ∂f/∂h
        expect(nxt.locator("input")).to_be_focused()
        expect(page.locator(".practice-question annotation")).to_contain_text("h")
        expect(verdict(page)).to_be_hidden()  # "✓ 정답!" was ∂f/∂i's, not ∂f/∂h's
        assert words["practice.right"] not in page.locator(".practice-card").inner_text()

        for _ in range(4):  # a revealed answer: its verdict stays while its question does
            page.locator('[data-practice="hint"]').tap()
        expect(verdict(page)).to_have_text(words["practice.revealed"])
        page.locator('.answer-box[data-question="e9:g"] input').focus()  # Tab, or a pan and a tap
        expect(verdict(page)).to_be_hidden()
