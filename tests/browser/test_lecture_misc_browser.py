"""Lecture-day details in Chromium: a preset opens at its own start (a link's step= at that step),
the "copied" box closes itself and never covers the export menu, the language switch keeps the
step, the start caption is set in the page's sans font; in training, the decision boundary is
always the captioned iteration's (or says it is computing), and overlaid runs differ by colour,
dash and a legend, their accuracy curves hideable."""

import re
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.conftest import sized_page

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

DESKTOP = (1400, 850)
# what a person sees of the step: the progress text and the edges whose numbers are written
SHOWN_JS = """() => ({progress: document.querySelector('.progress').textContent,
  pos: document.querySelector('.stage').dataset.pos,
  known: document.querySelectorAll('.edge-labels text:is(.value, .grad):not(.pending)').length})"""


def open_preset(page, key: str) -> None:  # type: ignore[no-untyped-def]
    """Pick preset `key` in the gallery (a click on its card) and wait for its graph."""
    page.locator(".gallery-open").click()
    page.locator(f'a.gallery-card[data-example="{key}"]').click()
    expect(page.locator("dialog.gallery")).not_to_have_attribute("open", "")
    source = page.evaluate("(k) => window.chainrule.gallery.examples.find((e) => e.id === k)"
                           ".source", key)
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    page.wait_for_function("(s) => document.querySelector('[data-app]').dataset.graphSource === s"
                           " && !document.querySelector('[data-app]').dataset.busy", arg=source)


def rect(page, css: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    box = page.locator(css).bounding_box()
    assert box, css
    return box


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def caption_font(page) -> str:  # type: ignore[no-untyped-def]
    """The start caption's font, which must be the page's sans (Noto Sans CJK for Hangul)."""
    expect(page.locator(".stage")).to_have_attribute("data-pos", "-1")
    family = page.locator(".caption").evaluate("(c) => getComputedStyle(c).fontFamily")
    body = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "mono" not in family.lower() and family == body, family
    assert "Noto Sans CJK KR" in family
    return family


def test_presets_links_copy_box_language_and_caption(chromium, live_server: str,  # type: ignore[no-untyped-def]
                                                     screenshot_dir: Path) -> None:
    with sized_page(chromium, live_server, DESKTOP) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto("/?lang=ko")
        open_preset(page, "cs231n-sigmoid-gates")
        # the start caption: words in the page's sans font (Noto Sans CJK for Hangul), not mono
        start = page.evaluate(SHOWN_JS)
        caption_font(page)
        page.screenshot(path=str(screenshot_dir / "lecture_start_caption_ko.png"))
        # stepped to its end, then another preset from the gallery: it opens at its own start
        page.locator("svg.graph").focus()
        page.keyboard.press("End")
        end = page.evaluate(SHOWN_JS)
        assert end["known"] > start["known"] and end["pos"] != "-1"
        open_preset(page, "copy-gate")
        other = page.evaluate(SHOWN_JS)
        total = page.evaluate("window.chainrule.stage.model.steps.length")
        assert other["pos"] == "-1"
        assert other["progress"] == f"시작 0/{total}"
        # as many numbers written as when the preset is opened on its own in a new page
        page.goto(f"/?lang=ko&src={quote(page.evaluate('window.chainrule.editor.value'))}")
        expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
        assert page.evaluate(SHOWN_JS) == other
        # a link's step= opens at that step
        page.goto(f"/?lang=ko&step=3&src={quote(page.evaluate('window.chainrule.editor.value'))}")
        expect(page.locator(".stage")).to_have_attribute("data-pos", "2")
        expect(page.locator(".progress")).to_have_text(re.compile(r"3/"))
        # the "copied" box: it never covers the open export menu, and it goes by itself
        page.locator('[data-share="link"]').click()
        out = page.locator(".share-out")
        expect(out).to_have_attribute("data-copied", "true")
        expect(out).to_be_visible()
        page.locator(".export-menu summary").click()
        items = page.locator(".export-menu .menu > *")
        expect(items.first).to_be_visible()
        if out.is_visible():  # (it closes as the menu opens)
            box = rect(page, ".share-out")
            for i in range(items.count()):
                assert not overlap(box, items.nth(i).bounding_box()), i
        page.screenshot(path=str(screenshot_dir / "lecture_export_menu_ko.png"))
        page.locator(".export-menu summary").click()  # menu shut: copy again, then wait
        page.locator('[data-share="embed"]').click()
        expect(out).to_be_visible()
        shown_at = time.monotonic()
        page.mouse.move(5, 400)  # the pointer away from the box
        expect(out).to_be_hidden(timeout=6000)
        assert time.monotonic() - shown_at < 5.5
        # the language switch keeps the step
        page.locator("svg.graph").focus()
        for _ in range(2):
            page.keyboard.press("ArrowRight")
        expect(page.locator(".stage")).to_have_attribute("data-pos", "4")
        before = page.locator(".progress").text_content()
        page.locator('.lang-switch [data-lang="en"]').click()
        page.wait_for_url(re.compile("lang=en"))
        expect(page.locator(".stage")).to_have_attribute("data-pos", "4")
        assert page.locator(".progress").text_content() != before  # the same step, in English
        assert re.search(r"\d+/\d+", before).group() in page.locator(".progress").text_content()
        assert parse_qs(urlsplit(page.url).query)["step"] == ["5"]
        page.locator("svg.graph").focus()
        page.keyboard.press("Home")
        caption_font(page)
        page.screenshot(path=str(screenshot_dir / "lecture_start_caption_en.png"))


STEPS = 24  # checkpoints(24, 12): a boundary frame every second iteration


def spiral(page) -> str:  # type: ignore[no-untyped-def]
    """The spiral preset's program, as the gallery serves it."""
    examples = page.request.get("/api/examples").json()
    return next(e["source"] for e in examples if e["id"] == "spiral-net")


def run(page, count: int) -> None:  # type: ignore[no-untyped-def]
    page.locator('[data-train="run"]').click()
    expect(page.locator(".train-runs li")).to_have_count(count)
    expect(page.locator(".train-view")).to_have_attribute("data-graph-at", str(STEPS))
    expect(page.locator('[data-train="run"]')).to_be_enabled()


def scrub(page, k: int) -> None:  # type: ignore[no-untyped-def]
    page.locator(".scrubber input").evaluate(
        "(s, k) => { s.value = String(k); s.dispatchEvent(new Event('input')); }", k)


def test_boundary_matches_its_iteration_and_runs_are_told_apart(chromium, live_server: str,  # type: ignore[no-untyped-def]
                                                                screenshot_dir: Path) -> None:
    with sized_page(chromium, live_server, DESKTOP) as page:
        held: list[object] = []
        page.route("**/api/boundaries", lambda route: held.append(route))  # released below
        source = spiral(page)
        page.goto(f"/?lang=ko&mode=train&src={quote(source)}&steps={STEPS}&opt=sgd&lr=0.5")
        expect(page.locator(".train-panel")).to_be_visible()
        run(page, 1)
        box = page.locator(".boundary-map")
        caption = page.locator(".boundary-caption")
        expect(box).to_have_attribute("data-frame", str(STEPS))  # the last: its own boundary
        expect(caption).to_have_text(f"결정 경계 · 반복 {STEPS}")
        # scrubbed to 12 before the frames came: no other iteration's boundary, and it says so
        scrub(page, 12)
        expect(box).to_have_attribute("data-loading", "true")
        expect(caption).to_have_text("결정 경계 · 반복 12: 계산하는 중…")
        assert box.get_attribute("data-frame") is None
        picture = "window.chainrule.learning.train.view.map.picture.grid.classes"
        assert page.evaluate(f"{picture}.length") == 0  # the data points alone
        page.screenshot(path=str(screenshot_dir / "lecture_boundary_loading_ko.png"))
        assert len(held) == 1
        held[0].continue_()  # type: ignore[attr-defined]
        page.unroute("**/api/boundaries")
        expect(box).to_have_attribute("data-loading", "false")
        expect(box).to_have_attribute("data-frame", "12")
        expect(caption).to_have_text("결정 경계 · 반복 12")
        body = {"source": source, "optimizer": {"name": "sgd", "lr": 0.5}, "steps": STEPS,
                "batch_size": None, "seed": 0, "params": None, "count": 12}
        frames = page.request.post("/api/boundaries", data=body).json()["frames"]
        assert page.evaluate(picture) == next(f["classes"] for f in frames if f["step"] == 12)
        # a second run on mini-batches: colour and dash differ, a legend names both
        scrub(page, STEPS)
        page.locator('input[name="batch-kind"][value="mini"]').check()
        page.locator('input[name="batch"]').fill("16")
        page.locator('input[name="batch"]').dispatch_event("change")
        run(page, 2)
        looks = page.locator("path.curve.loss").evaluate_all("""(ps) => ps.map((p) => {
          const s = getComputedStyle(p); return [s.stroke, s.strokeDasharray]; })""")
        assert len(looks) == 2
        assert looks[0][0] != looks[1][0] and looks[0][1] != looks[1][1], looks
        legend = page.locator(".chart-legend li")
        expect(legend).to_have_count(2)
        expect(legend.nth(0)).to_have_text("SGD η=0.5 · 전체 데이터")
        expect(legend.nth(1)).to_have_text("SGD η=0.5 · 미니배치 16")
        dashes = page.locator("path.curve.loss").evaluate_all(
            "(ps) => ps.map((p) => p.getAttribute('stroke-dasharray') ?? '')")
        # the first run's line solid, the second's dashed (polled: the legend is drawn anew as
        # the second run's last numbers come, and a replaced line has no computed style)
        page.wait_for_function("""() => {
          const ls = [...document.querySelectorAll(".chart-legend li .legend-line")];
          const looks = ls.map((l) => getComputedStyle(l).backgroundImage);
          return ls.length === 2 && looks[0] === "none"
            && looks[1].includes("repeating-linear-gradient"); }""")
        swatches = legend.locator(".legend-line").evaluate_all(
            "(ls) => ls.map((l) => l.dataset.dash)")
        assert swatches == dashes  # each legend line dashed as its curve
        chart = rect(page, ".loss-chart svg")
        assert chart["height"] > 150 and overlap(chart, rect(page, ".chart-legend")) is False
        # the accuracy curves: shown, hidden, shown again
        visible_accuracy = "path.curve.accuracy:visible"
        expect(page.locator(visible_accuracy)).to_have_count(2)
        page.screenshot(path=str(screenshot_dir / "lecture_two_runs_ko.png"))
        toggle = page.locator(".accuracy-toggle input")
        expect(page.locator(".accuracy-toggle")).to_have_text(re.compile("정확도 곡선"))
        toggle.uncheck()
        expect(page.locator(visible_accuracy)).to_have_count(0)
        expect(page.locator("path.curve.loss")).to_have_count(2)
        expect(page.locator(".axis.acc")).to_have_count(0)
        page.screenshot(path=str(screenshot_dir / "lecture_two_runs_no_accuracy_ko.png"))
        toggle.check()
        expect(page.locator(visible_accuracy)).to_have_count(2)
