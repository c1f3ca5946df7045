"""Practice keeps its answers (static/js/practice/secrets.js): while a question is open, the NumPy
code's line for it, the gate's local-gradient formula and walk-through in the inspector, the
gradient check's numbers and the update phase's new values stay hidden, and each comes back with
the hint rung that shows as much, a right answer, a reveal, the author view or practice off. The
page, the offline file; a desktop and a phone, in Korean and English."""

import json
import math
import re
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from chainrule.app.cli import main
from chainrule.engine.document.build import build
from chainrule.engine.document.renumber import variants
from tests.browser.test_practice_browser import box, catalog, leaf_values
from tests.conftest import sized_page

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

SIGMOID = "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
SQUASH = "a = 1.5\nb = sigmoid(a)\nf = b * 2"  # a unary gate: the inspector plots σ and σ′


def api(page, body: dict, lang: str = "en") -> dict:  # type: ignore[no-untyped-def]
    response = page.request.post("/api/graph", data=json.dumps(body), headers={
        "content-type": "application/json", "accept-language": lang})
    assert response.ok, response.text()
    return response.json()


def open_practice(page, source: str, **params: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/?{urlencode({'src': source, 'practice': 'grad', **params})}")
    expect(page.locator(".answer-box").first).to_be_visible()


def answer(page, question: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = box(page, question).locator("input").first
    field.fill(text)
    field.press("Enter")
    expect(box(page, question)).to_have_attribute("data-state", "right")


def hint(page, question: str, rung: int) -> None:  # type: ignore[no-untyped-def]
    """Open `question`'s hint ladder up to `rung`."""
    box(page, question).locator("input").first.focus()
    rungs = page.locator(".practice-hints li")
    for n in range(rungs.count() + 1, rung + 1):
        page.locator('[data-practice="hint"]').click()
        expect(rungs).to_have_count(n)


def masked(code: str, *names: str) -> list[str]:
    """The API's code lines, those that assign `names` written `name = ?`."""
    lines = code.rstrip("\n").split("\n")
    return [f"{line.split(' = ')[0]} = ?" if line.split(" = ")[0] in names else line
            for line in lines]


def code_lines(page, which: str) -> list[str]:  # type: ignore[no-untyped-def]
    text = page.locator(f'.code-panel pre[data-code="{which}"]').text_content()
    return text.rstrip("\n").split("\n")


def inspect(page, node: str) -> None:  # type: ignore[no-untyped-def]
    """Pick a gate as a click on it does (answer boxes may cover it)."""
    page.evaluate("(id) => chainrule.stage.view.select(id)", node)


def test_code_formula_and_check_come_back_rung_by_rung(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    words = catalog("en")
    open_practice(page, SIGMOID, ask="e0,e1", lang="en")  # ∂f/∂w0 and ∂f/∂x0, into a = w0·x0
    doc = api(page, {"source": SIGMOID, "code": True, "check": True})
    formula = next(n["formula"] for n in doc["nodes"] if n["id"] == "n5")
    page.locator("input.check-toggle").check()
    rows = page.locator(".check-table tbody tr")
    expect(rows).to_have_count(5)
    cells = rows.evaluate_all("(rs) => rs.map((r) => [...r.cells].map((c) => c.textContent))")
    # the gradients asked are "?"; those the graph shows (w1, x1, w2: the player is past them)
    # are the check's own numbers
    assert [c[1:3] for c in cells[:2]] == [["?", "?"]] * 2
    for name, analytic, numeric, _ in cells[2:]:
        want = doc["check"]["inputs"][name]["analytic"]
        assert abs(float(analytic) - want) < 0.006 and abs(float(numeric) - want) < 0.006

    page.locator('[data-inspector-tab="code"]').click()
    expect(page.locator(".code-panel .masked")).to_have_count(2)
    assert code_lines(page, "backward") == masked(doc["code"]["backward"], "dw0", "dx0")
    assert code_lines(page, "forward") == doc["code"]["forward"].rstrip("\n").split("\n")
    expect(page.locator(".code-panel")).to_contain_text(words["codeview.practice_masked"])
    page.locator('[data-inspector-tab="node"]').click()
    inspect(page, "n5")
    body = page.locator(".inspector-body")
    expect(body).to_contain_text(words["practice.hidden_formula"])
    assert formula not in body.text_content()  # KaTeX keeps its TeX in an annotation

    hint(page, "e0:g", 1)  # the gate's pattern in words: nothing more
    assert formula not in body.text_content()
    hint(page, "e0:g", 2)  # rung 2: the formula in the node's symbols, here and in the code
    expect(body.locator("annotation")).to_have_text(formula)
    page.locator('[data-inspector-tab="code"]').click()
    assert code_lines(page, "backward") == masked(doc["code"]["backward"], "dx0")
    answer(page, "e1:g", "0.39")  # ∂f/∂x0 = w0 · 0.20: its line comes back, so all of them
    expect(page.locator(".code-panel .masked")).to_have_count(0)
    assert code_lines(page, "backward") == doc["code"]["backward"].rstrip("\n").split("\n")
    expect(page.locator(".code-panel")).not_to_contain_text(words["codeview.practice_masked"])
    cells = rows.evaluate_all("(rs) => rs.map((r) => [...r.cells].map((c) => c.textContent))")
    assert cells[0][1:3] == ["?", "?"] and float(cells[1][1]) == 0.39  # w0's is still asked
    hint(page, "e0:g", 4)  # rung 4: the answer, revealed
    expect(box(page, "e0:g")).to_have_attribute("data-state", "revealed")
    expect(rows.first.locator("td").nth(1)).to_have_text("-0.20")


def test_values_the_walk_through_the_author_view_and_practice_off(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    words = catalog("ko")
    open_practice(page, SQUASH, practice="both", lang="ko")
    doc = api(page, {"source": SQUASH, "code": True}, lang="ko")
    assert [q for q in page.locator(".answer-box").evaluate_all(
        "(bs) => bs.map((b) => b.dataset.question)")] == ["e1:v", "__out:v", "e1:g", "e0:g"]
    page.locator('[data-inspector-tab="code"]').click()
    assert code_lines(page, "forward") == masked(doc["code"]["forward"], "b", "f")
    page.locator('[data-inspector-tab="node"]').click()
    inspect(page, "n1")  # σ: its value is asked, so no plot (its dot would show σ(1.5))
    body = page.locator(".inspector-body")
    expect(body).to_contain_text(words["practice.hidden_formula"])
    expect(body.locator(".explain-act")).to_have_count(0)
    sigma = next(n["value"] for n in doc["nodes"] if n["id"] == "n1")
    answer(page, "e1:v", f"{sigma:.3f}")  # 0.818
    hint(page, "e0:g", 2)
    expect(body.locator(".explain-act")).to_have_count(0)  # the plot works the numbers: rung 3
    hint(page, "e0:g", 3)
    expect(body.locator(".explain-act")).to_have_count(1)

    page.locator('[data-practice="author"]').click()  # the lecturer sees every number
    page.locator('[data-inspector-tab="code"]').click()
    expect(page.locator(".code-panel .masked")).to_have_count(0)
    assert code_lines(page, "forward") == doc["code"]["forward"].rstrip("\n").split("\n")
    page.locator(".stage > .player [data-action='last']").click()
    grad = next(e["grad"] for e in doc["edges"] if e["id"] == "e0")  # ∂f/∂a = 2·σ′(1.5)
    expect(page.locator(".caption annotation")).to_contain_text(f"= {grad:.2f}")
    page.locator('[data-practice="author"]').click()  # the student's view hides them again
    expect(page.locator(".code-panel .masked")).to_have_count(2)
    page.locator("select[data-practice-kind]").select_option("")  # practice off: all of it
    expect(page.locator(".code-panel .masked")).to_have_count(0)
    assert code_lines(page, "backward") == doc["code"]["backward"].rstrip("\n").split("\n")


def test_the_embed_explains_a_gate_once_its_question_allows(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.goto(f"/embed?{urlencode({'src': SQUASH, 'practice': 'grad', 'lang': 'en'})}")
    expect(page.locator(".answer-box")).to_have_count(2)
    sheet = page.locator(".explain-sheet")
    gate = page.locator('g.node[data-node="n1"]')  # σ: its plot writes f′(1.5), ∂f/∂a's factor
    gate.dispatch_event("click")
    expect(sheet).to_be_hidden()
    hint(page, "e0:g", 2)
    gate.dispatch_event("click")
    expect(sheet).to_be_hidden()
    hint(page, "e0:g", 3)  # rung 3 writes the numbers: so may the plot
    gate.dispatch_event("click")
    expect(sheet.locator(".explain-act")).to_be_visible()
    sigma = 1 / (1 + math.exp(-1.5))
    expect(sheet.locator("annotation").last).to_contain_text(f"f'(x)={sigma * (1 - sigma):.2f}")


def test_update_phase_keeps_the_gradients_asked(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_practice(page, SIGMOID, ask="e0", lang="en", opt="sgd", lr="0.1")
    updates = {s["node"]: s["value"] for s in api(page, {
        "source": SIGMOID, "optimizer": {"name": "sgd", "lr": 0.1}})["steps"]
        if s["phase"] == "update"}
    page.locator(".stage > .player [data-action='last']").click()
    expect(page.locator(".progress")).to_have_text("update 5/5")
    shown = "(ts) => Object.fromEntries(ts.map((t) => [t.dataset.node,"\
            " Number(t.querySelector('title').textContent.split(': ').pop())]))"
    # w0's new value would give ∂f/∂w0 away: (2 − 2.0197) / 0.1
    expect(page.locator("text.new-value")).to_have_count(4)
    assert page.locator("text.new-value").evaluate_all(shown) == {
        k: v for k, v in updates.items() if k != "n0"}
    for _ in range(4):  # back to w0's update: the rule, no numbers
        page.locator(".stage > .player [data-action='prev']").click()
    expect(page.locator(".progress")).to_have_text("update 1/5")
    caption = page.locator(".caption annotation").text_content()
    assert caption.endswith("= ?") and "0.20" not in caption and "0.1" not in caption
    answer(page, "e0:g", "-0.2")
    page.locator(".stage > .player [data-action='last']").click()
    expect(page.locator("text.new-value")).to_have_count(5)
    assert page.locator("text.new-value").evaluate_all(shown) == updates


def test_the_offline_file_masks_its_code(tmp_path: Path, offline_page) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sigmoid.html"
    args = ["export", SIGMOID, "-o", str(path), "--practice", "grad", "--ask", "e0,e1"]
    assert main([*args, "--lang", "ko"]) == 0
    page = offline_page
    page.goto(path.as_uri())
    expect(page.locator(".answer-box")).to_have_count(2)
    code = json.loads(page.locator("#chainrule-graph").text_content())["code"]
    page.locator(".standalone-code summary").click()
    expect(page.locator(".code-panel .masked")).to_have_count(2)
    assert code_lines(page, "backward") == masked(code["backward"], "dw0", "dx0")
    expect(page.locator(".standalone-code")).to_contain_text(
        catalog("ko")["codeview.practice_masked"])
    answer(page, "e0:g", "-0.2")
    assert code_lines(page, "backward") == masked(code["backward"], "dx0")
    answer(page, "e1:g", "0.39")
    assert code_lines(page, "backward") == code["backward"].rstrip("\n").split("\n")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_offline_code_follows_new_numbers(tmp_path: Path, offline_page, lang: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sigmoid.html"
    args = ["export", SIGMOID, "-o", str(path), "--practice", "grad", "--ask", "e0,e1"]
    assert main([*args, "--lang", lang]) == 0
    original = build(SIGMOID, code=True, lang=lang)
    others = variants(SIGMOID, original, partial(build, code=True, lang=lang))  # as the export
    names = ["w0", "x0", "w1", "x1", "w2"]
    page = offline_page
    page.goto(path.as_uri())
    page.locator(".standalone-code summary").click()
    expect(page.locator(".code-panel .masked")).to_have_count(2)
    assert code_lines(page, "forward") == original["code"]["forward"].rstrip("\n").split("\n")
    page.locator('[data-practice="numbers"]').click()
    expect(page.locator(".practice-feedback")).to_have_attribute("data-kind", "numbers")
    shown = leaf_values(page)
    fresh = next(d for d in others if [input_values(d)[n] for n in names] == shown)
    assert shown != [input_values(original)[n] for n in names]
    lines = dict(line.split(" = ") for line in code_lines(page, "forward") if " = " in line)
    assert [float(lines[n]) for n in names] == shown  # the code's inputs are the graph's
    assert code_lines(page, "forward") == fresh["code"]["forward"].rstrip("\n").split("\n")
    expect(page.locator(".code-panel .masked")).to_have_count(2)  # a fresh round: still asked
    assert code_lines(page, "backward") == masked(fresh["code"]["backward"], "dw0", "dx0")
    w0, x0, w1, x1, w2 = shown
    sigma = 1 / (1 + math.exp(-(w0 * x0 + w1 * x1 + w2)))
    answer(page, "e1:g", f"{sigma * (1 - sigma) * w0:.4g}")  # ∂f/∂x0 = σ'(z)·w0
    assert code_lines(page, "backward") == masked(fresh["code"]["backward"], "dw0")


def input_values(document: dict) -> dict[str, float]:
    return {n["name"]: n["value"] for n in document["nodes"] if n["kind"] == "input"}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("size", [(1400, 850), (390, 844)], ids=["desktop", "phone"])
def test_screenshots(chromium, live_server: str, screenshot_dir: Path, lang: str, size) -> None:  # type: ignore[no-untyped-def]
    phone = size[0] < 600
    page: Any  # playwright's Page
    with sized_page(chromium, live_server, size) as page:
        open_practice(page, SIGMOID, ask="e0,e1,e4", lang=lang)
        hint(page, "e4:g", 2)  # ∂f/∂a: its line of code is back, ∂f/∂w0's and ∂f/∂x0's are not
        words = catalog(lang)
        if phone:  # the inspector is a bottom sheet: a tap on a gate opens it
            page.evaluate("chainrule.stage.view.select('n5')")
            expect(page.locator(".inspector")).to_be_in_viewport()
            expect(page.locator(".inspector-body")).to_contain_text(
                words["practice.hidden_formula"])
            page.screenshot(path=str(screenshot_dir / f"practice-honest-{lang}-phone-node.png"))
        page.locator('[data-inspector-tab="code"]').click()
        expect(page.locator(".code-panel .masked")).to_have_count(2)
        page.locator(".code-panel .masked").first.scroll_into_view_if_needed()
        assert re.search(r"da = 1\.0 \* dc", page.locator(".code-panel").text_content())
        name = f"practice-honest-{lang}-{'phone' if phone else 'desktop'}.png"
        page.screenshot(path=str(screenshot_dir / name))
