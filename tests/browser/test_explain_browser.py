"""The explainers and the code tab in chromium: the conv walk-through's numbers against the
engine's gradients (read from the page, compared with the API document), the window's Σ, the
output-size formula, max-pool routing on the course deck's 6×6 example, activation plots, the
vanishing-gradient bars, the NumPy code and its copy button — in Korean and in English."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import numpy as np
import pytest

from tests.conftest import page_failing_on_errors

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

DESKTOP = {"width": 1400, "height": 850}
PHONE = {"width": 390, "height": 844}
I18N = Path(__file__).resolve().parents[2] / "static" / "i18n"
CATALOGS = {lang: json.loads((I18N / f"{lang}.json").read_text(encoding="utf-8"))
            for lang in ("en", "ko")}

# The course deck's padded 3×3 example.
CONV = """x = [[[[2, 1, 2], [5, 0, 1], [1, 7, 3]]]]
w = [[[[0.5, 0.7, 0.4], [0.3, 0.4, 0.1], [0.5, 1, 0.5]]]]
y = conv2d(x, w, padding=1)
f = sum(y * y)"""
# Batch, channels, filters, bias and a stride: every index of the formulas at work.
CONV_BATCH = """x = randn(2, 2, 5, 5, seed=0)
w = randn(3, 2, 3, 3, seed=1)
b = [0.1, 0.2, 0.3]
y = conv2d(x, w, b, stride=2, padding=1)
f = sum(y * y)"""
CONVOLVE = """x = [1, 2, 3, 4, 5]
w = [2, 1, 0.5]
y = convolve(x, w, mode="same")
f = sum(y * y)"""
# The course deck's 6×6 max-pooling example (2×2 windows, stride 2), weighted so that every
# window's gradient differs.
POOL = """X1 = [[[[10, 255, 125, 0, 170, 100], [70, 255, 105, 25, 25, 70], [255, 0, 150, 0, 10, 10], [0, 255, 10, 10, 150, 20], [70, 15, 200, 100, 95, 0], [25, 25, 100, 20, 0, 60]]]]
p = maxpool2d(X1, 2)
f = sum(p * [[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]])"""  # noqa: E501
TANH = "x = [-1.5, 0.25, 2]\ny = tanh(x)\nf = sum(y * y)"
CHAIN = "\n".join(["x = 1.0", *(f"w{i} = {0.5 + 0.1 * i:.1f}" for i in range(1, 9)),
                   *(f"h{i} = sigmoid(w{i} * {'x' if i == 1 else f'h{i - 1}'})"
                     for i in range(1, 9))])

GRID_JS = """(name) => [...document.querySelector(`[data-grid="${name}"] table`).rows]
  .map((row) => [...row.cells].map((td) => Number(td.dataset.value)))"""


def api(live_server: str, source: str, lang: str = "en", code: bool = False) -> dict:
    """The API document the page shows (POST /api/graph)."""
    body = json.dumps({"source": source, "code": code} if code else {"source": source}).encode()
    request = Request(f"{live_server}/api/graph", data=body, headers={
        "Content-Type": "application/json", "Accept-Language": lang})
    with urlopen(request) as response:
        return json.load(response)


def edge_grad(doc: dict, target_op: str, index: int) -> np.ndarray:
    """The gradient the engine sends back through input `index` of the first `target_op` gate."""
    node = next(n for n in doc["nodes"] if n["op"] == target_op)
    edge = next(e for e in doc["edges"] if e["target"] == node["id"] and e["index"] == index)
    return np.array(edge["grad"], dtype=float)


def play(page, source: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Open the editor page on `source` and play it to its end."""
    page.goto("/?" + urlencode({"lang": lang, "src": source}))
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", source)
    page.locator("svg.graph").focus()
    page.keyboard.press("End")


@contextmanager
def opened(chromium, live_server: str, source: str, lang: str,  # type: ignore[no-untyped-def]
           viewport: dict = DESKTOP) -> Iterator[Any]:
    """The editor page on `source`, played to its end."""
    phone = viewport["width"] <= 600
    context = chromium.new_context(base_url=live_server, viewport=viewport, has_touch=phone,
                                   is_mobile=phone)
    with page_failing_on_errors(context) as new_page:
        page: Any = new_page
        play(page, source, lang)
        yield page


def click_gate(page, op: str) -> None:  # type: ignore[no-untyped-def]
    node = page.evaluate(f"""() => [...window.chainrule.stage.model.nodes.values()]
      .find((n) => n.op === "{op}").id""")
    page.locator(f'g.node[data-node="{node}"]').click()


def explained(page, live_server: str, source: str, op: str,  # type: ignore[no-untyped-def]
              lang: str = "en") -> tuple[dict, Any]:
    """The page on `source` with the first `op` gate's explainer open: (API document, panel)."""
    doc = api(live_server, source)
    play(page, source, lang)
    click_gate(page, op)
    return doc, page.locator(".explain").first


def size_of(panel) -> dict:  # type: ignore[no-untyped-def]
    """The numbers the output-size formula was filled with."""
    return panel.locator(".xsize .xtex").first.evaluate("(el) => ({...el.dataset})")


def checks(panel) -> list[str]:  # type: ignore[no-untyped-def]
    """data-ok of every "✓ equals the engine's gradient" line."""
    return panel.locator(".xcheck").evaluate_all("(els) => els.map((e) => e.dataset.ok)")


def grid(page, name: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array(page.evaluate(GRID_JS, name))


def sum_line(page, name: str) -> dict:  # type: ignore[no-untyped-def]
    return page.locator(f'[data-sum="{name}"]').evaluate("(el) => ({...el.dataset})")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_conv_explainer_equals_the_engine(chromium, live_server, screenshot_dir, lang):
    doc = api(live_server, CONV)
    y = np.array(next(n for n in doc["nodes"] if n["op"] == "conv2d")["value"])
    with opened(chromium, live_server, CONV, lang) as page:
        click_gate(page, "conv2d")
        panel = page.locator(".explain-conv")
        expect(panel.locator("h3")).to_have_text(CATALOGS[lang]["explain.conv.heading"])
        assert size_of(panel) == {"n": "3", "p": "1", "f": "3", "s": "1", "o": "3"}
        assert "3+2⋅1−3" in panel.locator(".xsize .katex-html").text_content().replace(" ", "")
        assert grid(page, "conv-forward-input").shape == (5, 5)  # padded by 1
        assert float(sum_line(page, "conv-forward")["value"]) == pytest.approx(y[0, 0, 0, 0])
        panel.locator('[data-step="next"]').first.click()
        assert sum_line(page, "conv-forward")["cell"] == "0,1"
        assert float(sum_line(page, "conv-forward")["value"]) == pytest.approx(y[0, 0, 0, 1])
        panel.locator(".xstepper").first.focus()
        page.keyboard.press("ArrowRight")  # the window's keys, not the graph player's
        assert sum_line(page, "conv-forward")["cell"] == "0,2"
        expect(page.locator(".stage")).to_have_attribute("data-pos", str(len(doc["steps"]) - 1))
        page.screenshot(path=screenshot_dir / f"explain_conv_forward_{lang}.png")

        panel.locator('[data-tab="conv-backward"]').click()
        expect(panel.locator('[data-tab="conv-backward"]')).to_have_text(
            CATALOGS[lang]["explain.backward"])
        w = np.array(doc["nodes"][1]["value"])[0, 0]
        assert np.array_equal(grid(page, "conv-rot"), w[::-1, ::-1])
        np.testing.assert_allclose(grid(page, "conv-dw-output"), edge_grad(doc, "conv2d", 1)[0, 0])
        np.testing.assert_allclose(grid(page, "conv-dx-crop"), edge_grad(doc, "conv2d", 0)[0, 0])
        assert checks(panel) == ["true", "true"]
        dw = sum_line(page, "conv-dw")  # dW[0,0] = Σ X_p[u, v]·dY[u, v]
        assert float(dw["value"]) == pytest.approx(edge_grad(doc, "conv2d", 1)[0, 0, 0, 0])
        panel.locator(".xsum").first.scroll_into_view_if_needed()
        page.screenshot(path=screenshot_dir / f"explain_conv_backward_{lang}.png")


def test_conv_explainer_batch_channels_filters_stride(app_page, live_server):
    page = app_page
    doc, panel = explained(page, live_server, CONV_BATCH, "conv2d")
    size = size_of(panel)
    assert (size["n"], size["p"], size["s"], size["o"]) == ("5", "1", "2", "3")
    for key, value in {"n": "1", "c": "1", "k": "2"}.items():
        panel.locator(f'select[data-index="{key}"]').select_option(value)
    y = np.array(next(n for n in doc["nodes"] if n["op"] == "conv2d")["value"])
    line = sum_line(page, "conv-forward")  # one channel's products, then Σ_c s_c + b
    assert float(line["value"]) != pytest.approx(y[1, 2, 0, 0])
    assert f"{y[1, 2, 0, 0]:.2f}" in panel.locator('[data-sum="conv-forward"]').text_content()
    panel.locator('[data-tab="conv-backward"]').click()
    dx, dw = edge_grad(doc, "conv2d", 0), edge_grad(doc, "conv2d", 1)
    np.testing.assert_allclose(grid(page, "conv-dx-total"), dx[1, 1], atol=1e-12)
    np.testing.assert_allclose(grid(page, "conv-dw-total"), dw[2, 1], atol=1e-12)
    assert checks(panel) == ["true", "true", "true"]  # dW, dX, db over every n, c, k


def test_convolve_flips_the_kernel(app_page, live_server):
    page = app_page
    doc, panel = explained(page, live_server, CONVOLVE, "convolve", "ko")
    assert grid(page, "convolve-flipped").tolist() == [[0.5, 1, 2]]
    size = size_of(panel)
    assert (size["n"], size["f"], size["o"]) == ("5", "3", "5")
    y = np.convolve([1, 2, 3, 4, 5], [2, 1, 0.5], "same")
    for cell in range(3):
        line = sum_line(page, "convolve-forward")
        assert (line["cell"], float(line["value"])) == (f"0,{cell}", pytest.approx(y[cell]))
        panel.locator('[data-step="next"]').click()
    panel.locator('[data-tab="convolve-backward"]').click()
    np.testing.assert_allclose(grid(page, "convolve-dx-output")[0], edge_grad(doc, "convolve", 0))
    np.testing.assert_allclose(grid(page, "convolve-dw-output")[0], edge_grad(doc, "convolve", 1))
    assert checks(panel) == ["true", "true"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_max_pool_mask_and_routes_on_the_deck_example(chromium, live_server, screenshot_dir,
                                                      lang):
    doc = api(live_server, POOL)
    with opened(chromium, live_server, POOL, lang) as page:
        click_gate(page, "maxpool2d")
        panel = page.locator(".explain-pool")
        assert grid(page, "pool-output").tolist() == [[255, 125, 170], [255, 150, 150],
                                                      [70, 200, 95]]
        mask = page.evaluate("""() => [...document.querySelectorAll(
          '[data-grid="pool-input"] td')].map((td, i) => td.classList.contains("argmax") ? i : -1)
          .filter((i) => i >= 0)""")
        # First maxima, row by row: the tied windows (0,0) and (1,0) pick (0,1) and (2,0).
        assert [divmod(i, 6) for i in mask] == [(0, 1), (0, 2), (0, 4), (2, 0), (2, 2), (3, 4),
                                                (4, 0), (4, 2), (4, 4)]
        first = sum_line(page, "pool-forward")
        assert (first["pick"], first["ties"]) == ("0,1", "true")
        expect(panel.locator('[data-sum="pool-forward"] .tie')).to_have_text(
            CATALOGS[lang]["explain.pool.tie_here"])
        panel.locator('[data-tab="pool-backward"]').click()
        dx = grid(page, "pool-dx")
        np.testing.assert_array_equal(dx, edge_grad(doc, "maxpool2d", 0)[0, 0])
        assert dx[0, 1] == 1 and dx[1, 1] == 0 and dx[2, 0] == 4 and dx[3, 1] == 0
        expect(panel.locator(".ties")).to_contain_text("argmax")
        assert panel.locator(".xcheck").get_attribute("data-ok") == "true"
        page.screenshot(path=screenshot_dir / f"explain_maxpool_{lang}.png")


def test_activation_plot_marks_the_inputs(app_page, live_server, screenshot_dir):
    page = app_page
    doc, panel = explained(page, live_server, TANH, "tanh")
    plot = panel.locator("svg.xplot")
    expect(plot.locator("path.curve")).to_have_count(2)
    marks = plot.locator("g.marker").evaluate_all("""(gs) => gs.map((g) =>
      ({...g.dataset, cx: +g.querySelector("circle").getAttribute("cx")}))""")
    assert [float(m["x"]) for m in marks] == [-1.5, 0.25, 2]
    assert marks[0]["cx"] < marks[1]["cx"] < marks[2]["cx"]
    node = next(n for n in doc["nodes"] if n["op"] == "tanh")
    upstream, through = np.array(node["grad"]), edge_grad(doc, "tanh", 0)
    local = np.array([float(m["dfx"]) for m in marks])
    np.testing.assert_allclose(local * upstream, through)  # f′(x) · upstream = the engine's
    np.testing.assert_allclose([float(m["fx"]) for m in marks], node["value"])
    page.locator(".explain-act").screenshot(path=screenshot_dir / "explain_activation_en.png")


def test_vanishing_gradient_bars_shrink_toward_the_input(app_page, live_server, screenshot_dir):
    page = app_page
    doc = api(live_server, CHAIN)
    play(page, CHAIN, "ko")
    bars = page.locator(".explain-vanish rect.bar")  # shown with nothing selected, too
    expect(bars).to_have_count(8)
    values = [float(v) for v in bars.evaluate_all("(rs) => rs.map((r) => r.dataset.value)")]
    assert all(a < b for a, b in zip(values, values[1:], strict=False))  # layer 1 smallest
    sigmoids = [n for n in doc["nodes"] if n["op"] == "sigmoid"]
    expected = [np.abs(next(e["grad"] for e in doc["edges"] if e["target"] == n["id"]))
                for n in sigmoids]
    np.testing.assert_allclose(values, expected)
    assert values[-1] / values[0] > 4**7  # σ′ ≤ 1/4 per layer (and |w| ≤ 1.3)
    click_gate(page, "sigmoid")  # the first layer: its plot and the bars, its bar selected
    expect(page.locator(".explain-act")).to_be_visible()
    expect(page.locator(".explain-vanish rect.bar.selected")).to_have_count(1)
    page.screenshot(path=screenshot_dir / "explain_vanishing_ko.png")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_code_tab_shows_the_code_and_copies_it(chromium, live_server, screenshot_dir, lang):
    doc = api(live_server, CONV, lang, code=True)
    with opened(chromium, live_server, CONV, lang) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        tab = page.locator('[data-inspector-tab="code"]')
        expect(tab).to_have_text(CATALOGS[lang]["codeview.tab"])
        tab.click()
        forward = page.locator('pre[data-code="forward"]')
        expect(forward).to_have_text(doc["code"]["forward"].rstrip("\n") + "\n")
        expect(page.locator('pre[data-code="backward"] .comment').first).to_have_text(
            f"# {CATALOGS[lang]['code.backward']}")
        page.locator(".code-copy").click()
        expect(page.locator(".code-out .share-status")).to_have_text(
            CATALOGS[lang]["share.copied_code"])
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == doc["code"]["forward"] + "\n" + doc["code"]["backward"]
        page.screenshot(path=screenshot_dir / f"code_tab_{lang}.png")
        # No clipboard (an insecure origin, a refused permission): the code stays selected.
        page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(Error()); }")
        page.locator(".code-copy").click()
        expect(page.locator(".code-out .share-status")).to_have_text(
            CATALOGS[lang]["share.by_hand_code"])
        area = page.locator(".code-out textarea")
        expect(area).to_be_visible()
        assert area.input_value() == copied


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_sheet_holds_the_explainer_and_the_code(chromium, live_server, screenshot_dir,
                                                      lang):
    with opened(chromium, live_server, CONV, lang, PHONE) as page:
        click_gate(page, "conv2d")
        sheet = page.locator(".inspector")
        expect(sheet).to_be_visible()
        page.locator(".explain-conv").scroll_into_view_if_needed()
        assert sheet.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1")  # no sideways scroll
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=screenshot_dir / f"explain_conv_phone_{lang}.png")
        page.locator('[data-inspector-tab="code"]').click()
        expect(page.locator('pre[data-code="forward"]')).to_contain_text("import numpy as np")
        page.screenshot(path=screenshot_dir / f"code_tab_phone_{lang}.png")


def test_offline_file_shows_the_code(chromium, live_server):
    with urlopen(f"{live_server}/standalone?" + urlencode({"src": CONV, "lang": "ko"})) as reply:
        page_html = reply.read().decode()
    assert '"chainrule/explain/conv.js"' in page_html  # the feature folders are in its import map
    context = chromium.new_context(viewport=DESKTOP)
    with page_failing_on_errors(context) as page:
        page.set_content(page_html)
        expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
        page.locator(".standalone-code summary").click()
        expect(page.locator('pre[data-code="backward"] .comment').first).to_have_text(
            f"# {CATALOGS['ko']['code.backward']}")
