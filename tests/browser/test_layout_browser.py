"""Phones, tablets and desktops in chromium: nothing overlaps or leaves the screen, the phone's
touch gestures, the bottom sheet, the header menu, and the page from the keyboard alone."""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest

from tests.conftest import page_failing_on_errors

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
TABLET_LANDSCAPE = {"width": 1024, "height": 768}
DESKTOP = {"width": 1400, "height": 850}
LAPTOP = {"width": 1280, "height": 720}
LOCALES = {"ko": "ko-KR", "en": "en-US"}
HANGUL = re.compile("[\uac00-\ud7a3]")

# Every visible control under the given roots, with its box and what it is.
CONTROLS_JS = """(roots) => {
  const found = roots.flatMap((s) => [...document.querySelectorAll(s)]).flatMap((root) =>
    [...root.querySelectorAll("button, select, input, textarea, summary, a[href], label")]);
  return [...new Set(found)].filter((el) => el.checkVisibility({visibilityProperty: true}))
    .map((el) => {
      const r = el.getBoundingClientRect();
      const box = (e) => e.matches("input[type=checkbox], input[type=radio]");
      return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, player: !!el.closest(".player"),
              box: box(el), in_label: !!el.closest("label"), holds_box: [...el.children].some(box),
              what: el.outerHTML.slice(0, 70), index: found.indexOf(el),
              inside: found.filter((o) => o !== el && o.contains(el)).map((o) => found.indexOf(o))};
    });
}"""

# Boxes of the page's regions that must not overlap each other.
REGIONS_JS = """() => [".topbar", ".editor", ".graph-wrap", ".caption", ".player", ".inspector"]
  .map((s) => document.querySelector(s)).filter((el) => el && el.checkVisibility())
  .map((el) => { const r = el.getBoundingClientRect();
    return {what: el.className, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; })"""

FOCUS_JS = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  return {what: el.outerHTML.slice(0, 80), outline: s.outlineStyle,
          width: parseFloat(s.outlineWidth)}; }"""

ZOOM_K_JS = "() => d3.zoomTransform(document.querySelector('svg.graph')).k"


@pytest.fixture(scope="module")
def sigmoid(live_server: str) -> str:
    """The CS231n sigmoid neuron, gate by gate, as GET /api/examples serves it."""
    with urlopen(f"{live_server}/api/examples") as response:
        examples = json.load(response)
    return next(e["source"] for e in examples if e["id"] == "cs231n-sigmoid-gates")


@contextmanager
def opened(chromium, live_server: str, url: str, viewport: dict, lang: str = "ko",  # type: ignore[no-untyped-def]
           touch: bool | None = None) -> Iterator[Any]:
    """`url` in a new context of that size and locale (touch on phones, or when asked), the graph
    drawn."""
    touch = viewport["width"] <= 600 if touch is None else touch
    context = chromium.new_context(base_url=live_server, viewport=viewport, locale=LOCALES[lang],
                                   has_touch=touch, is_mobile=touch)
    with page_failing_on_errors(context) as new_page:
        page: Any = new_page
        page.goto(url)
        expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
        yield page


def index_url(lang: str, source: str | None = None, step: int | None = None) -> str:
    params: dict[str, object] = {"lang": lang}
    if source is not None:
        params["src"] = source
    if step is not None:
        params["step"] = step
    return f"/?{urlencode(params)}"


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap by more than a pixel (a box and what contains it excepted)."""
    return [
        (a["what"], b["what"])
        for i, a in enumerate(boxes) for b in boxes[i + 1:]
        if a.get("index") not in b.get("inside", []) and b.get("index") not in a.get("inside", [])
        and a["x0"] < b["x1"] - 1 and b["x0"] < a["x1"] - 1
        and a["y0"] < b["y1"] - 1 and b["y0"] < a["y1"] - 1
    ]


def assert_laid_out(page, roots: list[str]) -> list[dict]:  # type: ignore[no-untyped-def]
    """No sideways scroll; every visible control inside the viewport and clear of the others."""
    width, height = page.evaluate("[innerWidth, innerHeight]")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    controls = page.evaluate(CONTROLS_JS, roots)
    assert controls, roots
    outside = [c["what"] for c in controls if c["x0"] < -0.5 or c["y0"] < -0.5
               or c["x1"] > width + 0.5 or c["y1"] > height + 0.5]
    assert not outside
    assert not overlapping(controls)
    return controls


def assert_touch_sizes(controls: list[dict]) -> None:
    """Phones: player buttons at least 44×44 px, every other control at least 32×32 px."""
    for c in controls:
        least = 44 if c["player"] and c["what"].startswith("<button") else 32
        if c["what"].startswith("<label") and not c["holds_box"] or c["in_label"] and c["box"]:
            continue  # a checkbox is as big as its label; other labels are text beside a control
        assert min(c["x1"] - c["x0"], c["y1"] - c["y0"]) >= least - 0.5, c["what"]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("viewport", [PHONE, TABLET, LAPTOP, DESKTOP],
                         ids=["phone", "tablet", "laptop", "desktop"])
def test_nothing_overlaps_or_leaves_the_screen(  # type: ignore[no-untyped-def]
        chromium, live_server, sigmoid, screenshot_dir, lang, viewport):
    """The default example, then the CS231n sigmoid at its last step (the widest captions)."""
    size = f"{viewport['width']}x{viewport['height']}"
    compact = viewport["width"] <= 1100
    with opened(chromium, live_server, index_url(lang), viewport, lang) as page:
        for example, url in [("default", None), ("sigmoid", index_url(lang, sigmoid, 99))]:
            if url:
                page.goto(url)
                backward = "역전파" if lang == "ko" else "backward"
                expect(page.locator(".progress")).to_contain_text(backward)
            page.screenshot(path=screenshot_dir / f"layout-{example}-{lang}-{size}.png")
            controls = assert_laid_out(page, [".topbar", ".layout"])
            assert not overlapping(page.evaluate(REGIONS_JS))
            expect(page.locator(".menu-toggle")).to_be_visible(visible=compact)
            expect(page.locator(".topbar [data-share='link']")).to_be_visible(visible=not compact)
            if viewport is PHONE:
                assert_touch_sizes(controls)
                player = page.locator(".player").bounding_box()
                assert player and abs(player["y"] + player["height"] - viewport["height"]) <= 1
        if compact:  # the open menu holds every header control, on screen and clear of each other
            page.locator(".menu-toggle").click()
            page.screenshot(path=screenshot_dir / f"layout-sigmoid-{lang}-{size}-menu.png")
            menu = assert_laid_out(page, [".topbar"])
            assert len(menu) >= 9  # copy link, embed, export, present, colours, dark, 2 languages…
            if viewport is PHONE:
                assert_touch_sizes(menu)


def test_desktop_header_is_one_row(chromium, live_server) -> None:  # type: ignore[no-untyped-def]
    with opened(chromium, live_server, index_url("en"), DESKTOP, "en") as page:
        tops = page.locator(".topbar button:visible").evaluate_all(
            "(bs) => bs.map((b) => Math.round(b.getBoundingClientRect().top))")
        # as before phones had a layout: one row (more controls than fit → the menu, or elsewhere)
        assert len(tops) >= 7 and len(set(tops)) == 1, tops
        expect(page.locator(".editor")).to_be_visible()
        expect(page.locator(".inspector")).to_be_visible()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_code_toggle_shows_and_hides_the_editor(chromium, live_server, lang) -> None:  # type: ignore[no-untyped-def]
    with opened(chromium, live_server, index_url(lang), PHONE, lang) as page:
        toggle = page.get_by_role("button", name="코드" if lang == "ko" else "source", exact=True)
        expect(page.locator(".editor")).to_be_hidden()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.tap()
        expect(page.locator("#source")).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        assert_touch_sizes(assert_laid_out(page, [".topbar", ".layout"]))
        toggle.tap()
        expect(page.locator(".editor")).to_be_hidden()


@pytest.mark.parametrize("viewport", [TABLET, TABLET_LANDSCAPE], ids=["portrait", "landscape"])
def test_tablet_side_panel_collapses(chromium, live_server, viewport) -> None:  # type: ignore[no-untyped-def]
    """Landscape: the panel beside the graph; portrait: under it, the graph as wide as the
    screen."""
    with opened(chromium, live_server, index_url("en"), viewport, "en") as page:
        graph = page.locator("svg.graph")
        side = "height" if viewport is TABLET else "width"
        small = graph.bounding_box()[side]
        if viewport is TABLET:
            assert graph.bounding_box()["width"] >= TABLET["width"] - 1
        page.locator(".code-toggle").click()
        expect(page.locator(".editor")).to_be_hidden()
        expect(page.locator(".inspector")).to_be_hidden()
        grown = f"document.querySelector('svg.graph').client{side.title()} > {small + 100}"
        page.wait_for_function(grown)
        assert graph.bounding_box()["width"] >= viewport["width"] - 1
        page.locator("g.node.kind-op").first.click()  # inspecting a gate opens the panel again
        expect(page.locator(".inspector .row").first).to_be_visible()


def touch(cdp, kind: str, points: list[tuple[float, float]]) -> None:  # type: ignore[no-untyped-def]
    fingers = [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": fingers})


def gesture(cdp, start: list[tuple[float, float]], end: list[tuple[float, float]]) -> None:  # type: ignore[no-untyped-def]
    """Fingers from `start` to `end` in a few moves, then up: a flick when the points are few."""
    touch(cdp, "touchStart", start)
    for k in range(1, 6):
        touch(cdp, "touchMove", [(x0 + (x1 - x0) * k / 5, y0 + (y1 - y0) * k / 5)
                                 for (x0, y0), (x1, y1) in zip(start, end, strict=True)])
    touch(cdp, "touchEnd", [])


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_swipes_step_and_a_pinch_zooms(chromium, live_server, sigmoid, path) -> None:  # type: ignore[no-untyped-def]
    url = f"{path}?{urlencode({'lang': 'ko', 'src': sigmoid, 'step': 5})}"
    with opened(chromium, live_server, url, PHONE) as page:
        stage = page.locator(".stage")
        expect(stage).to_have_attribute("data-pos", "4")
        box = page.locator("svg.graph").bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.8
        cdp = page.context.new_cdp_session(page)
        gesture(cdp, [(x + 80, y)], [(x - 80, y)])
        expect(stage).to_have_attribute("data-pos", "5")
        gesture(cdp, [(x - 80, y)], [(x + 80, y)])
        expect(stage).to_have_attribute("data-pos", "4")
        k = page.evaluate(ZOOM_K_JS)
        gesture(cdp, [(x - 30, y), (x + 30, y)], [(x - 140, y), (x + 140, y)])
        assert page.evaluate(ZOOM_K_JS) > 1.5 * k
        expect(stage).to_have_attribute("data-pos", "4")
        if path == "/embed":
            assert_touch_sizes(assert_laid_out(page, [".embed"]))


def test_tapping_a_gate_opens_a_bottom_sheet(chromium, live_server, sigmoid) -> None:  # type: ignore[no-untyped-def]
    with opened(chromium, live_server, index_url("ko", sigmoid, 99), PHONE) as page:
        sheet = page.locator(".inspector")
        expect(sheet).to_be_hidden()
        page.locator("g.node.kind-op").nth(2).tap()
        expect(sheet).to_be_visible()
        expect(sheet.locator(".row").first).to_contain_text("노드")
        close = page.get_by_role("button", name="노드 정보 닫기")
        expect(close).to_be_focused()
        assert_touch_sizes(assert_laid_out(page, [".topbar", ".layout"]))
        assert not overlapping(page.evaluate(REGIONS_JS))  # the player stays clear of the sheet
        page.locator(".player [data-action='prev']").tap()  # still usable with the sheet open
        expect(page.locator(".stage")).not_to_have_attribute("data-pos", re.compile("^(-1|99)$"))
        close.tap()
        expect(sheet).to_be_hidden()


def tab_to(page, selector: str, limit: int = 25) -> int:  # type: ignore[no-untyped-def]
    """Press Tab until `selector` has the focus; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} tabs")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_desktop_from_the_keyboard(chromium, live_server, sigmoid, lang) -> None:  # type: ignore[no-untyped-def]
    with opened(chromium, live_server, index_url(lang, sigmoid, 3), DESKTOP, lang) as page:
        stage = page.locator(".stage")
        tab_to(page, "textarea#source")
        tab_to(page, "svg.graph", limit=1)  # the graph right after the editor, then the player
        tab_to(page, ".player [data-action='next']", limit=8)  # fit, ⇤, ←, ▶, → and the like
        focus = page.evaluate(FOCUS_JS)
        assert focus["outline"] == "solid" and focus["width"] >= 2, focus
        page.keyboard.press("Enter")
        expect(stage).to_have_attribute("data-pos", "3")
        page.keyboard.press("ArrowRight")
        expect(stage).to_have_attribute("data-pos", "4")
        live = page.locator(".caption")
        expect(live).to_have_attribute("aria-live", "polite")
        expect(live).not_to_be_empty()
        expect(live.locator("math").first).to_be_attached()  # read as MathML, not as glyphs
        expect(live.locator(".katex-html").first).to_have_attribute("aria-hidden", "true")
        page.locator("summary").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".export-menu")).to_have_attribute("open", "")
        page.keyboard.press("Escape")
        expect(page.locator(".export-menu")).not_to_have_attribute("open", "")
        expect(page.locator("summary")).to_be_focused()


def test_phone_menu_and_sheet_from_the_keyboard(chromium, live_server, sigmoid) -> None:  # type: ignore[no-untyped-def]
    with opened(chromium, live_server, index_url("ko", sigmoid, 3), PHONE) as page:
        menu_button = page.get_by_role("button", name="메뉴")
        tab_to(page, ".menu-toggle", limit=2)
        page.keyboard.press("Enter")
        expect(menu_button).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("Tab")  # into the menu, right after its button
        assert page.evaluate("!!document.activeElement.closest('.topbar-menu')")
        page.keyboard.press("Escape")
        expect(page.locator(".topbar-menu")).to_be_hidden()
        expect(menu_button).to_be_focused()
        tab_to(page, "svg.graph", limit=2)  # the editor is folded away
        page.keyboard.press("Enter")
        expect(page.locator(".inspector")).to_be_visible()
        expect(page.get_by_role("button", name="노드 정보 닫기")).to_be_focused()
        page.keyboard.press("Escape")
        expect(page.locator(".inspector")).to_be_hidden()
        expect(page.locator("svg.graph")).to_be_focused()
        tab_to(page, ".player [data-action='next']", limit=8)  # fit, ⇤, ←, ▶, → and the like
        page.keyboard.press("Enter")
        expect(page.locator(".stage")).to_have_attribute("data-pos", "3")


CONTROL_ROLES = {"button", "combobox", "checkbox", "textbox", "link", "DisclosureTriangle"}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_control_has_a_name_in_the_page_language(  # type: ignore[no-untyped-def]
        chromium, live_server, lang, viewport):
    with opened(chromium, live_server, index_url(lang), viewport, lang) as page:
        if viewport is PHONE:
            page.locator(".menu-toggle").click()
        tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
        named = [(n["role"]["value"], n.get("name", {}).get("value", "")) for n in tree
                 if not n.get("ignored") and n.get("role", {}).get("value") in CONTROL_ROLES]
        assert len(named) >= 12, named
        assert all(name.strip() for _, name in named), named
        if lang == "ko":
            english = [(role, name) for role, name in named
                       if not HANGUL.search(name) and name != "English"]
            assert not english, english
