"""A source with an error in Chromium: the graph beside it stays, dimmed and labelled as the last
good graph (both languages), until a good program replaces it; every error place shows in the
editor, one at a line's end as a box of its own on that line. At 1400×850 and at 390×844."""

from typing import Any

import pytest

from tests.conftest import sized_page

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

CS231N = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z"
LABEL = {"ko": "마지막으로 성공한 그래프", "en": "Last good graph"}
SIZES = [(1400, 850), (390, 844)]
# source, the error's line, the marked text (None: a place at the line's end, drawn as a box)
ERRORS = [
    ("x = -2\nf = (x + \ny = 5", 2, "("),
    ("x = -2\ny = 5\nf = x +", 3, None),  # the source's very end
    ("x = -2\ny = 5\nf = x +\n", 3, None),  # a newline: nothing to underline there
]

STAGE_JS = """() => {
  const stage = document.querySelector('.stage');
  const label = stage.querySelector('.last-good');
  const box = label && !label.hidden ? label.getBoundingClientRect() : null;
  const wrap = stage.querySelector('.graph-wrap').getBoundingClientRect();
  const fit = stage.querySelector('.fit').getBoundingClientRect();
  return {
    marked: stage.dataset.lastGood === 'true',
    opacity: Number(getComputedStyle(stage.querySelector('svg.graph')).opacity),
    captionOpacity: Number(getComputedStyle(stage.querySelector('.caption')).opacity),
    label: box && {text: label.textContent, left: box.left, right: box.right, top: box.top,
                   bottom: box.bottom, opacity: Number(getComputedStyle(label).opacity),
                   font: parseFloat(getComputedStyle(label).fontSize)},
    wrap: {left: wrap.left, right: wrap.right, top: wrap.top, bottom: wrap.bottom},
    belowFit: !box || box.top >= fit.bottom,
  };
}"""

MARK_JS = """() => {
  const area = document.querySelector('#source');
  const mark = document.querySelector('.highlights mark');
  const box = mark.getBoundingClientRect(), field = area.getBoundingClientRect();
  const style = getComputedStyle(area);
  const lineHeight = parseFloat(style.lineHeight);
  const top = field.top + parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth)
    - area.scrollTop;
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const above = document.elementsFromPoint(x, y);
  const covers = above.slice(0, above.indexOf(mark))
    .filter((el) => !el.contains(mark)
      && getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)');
  return {
    width: box.width, height: box.height, text: mark.textContent,
    atEnd: mark.classList.contains('at-end'), line: Math.floor((y - top) / lineHeight) + 1,
    inside: box.left >= field.left && box.right <= field.right
      && box.top >= field.top && box.bottom <= field.bottom,
    background: getComputedStyle(mark).backgroundColor, covers: covers.map((el) => el.className),
    message: document.querySelector('#source-error').textContent,
  };
}"""


def type_source(page: Any, source: str) -> None:
    page.locator("#source").fill(source)


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_error_keeps_the_last_good_graph_marked(  # type: ignore[no-untyped-def]
        chromium, live_server: str, lang: str, size: tuple[int, int], screenshot_dir) -> None:
    with sized_page(chromium, live_server, size) as page:
        page.goto(f"/?lang={lang}")
        page.evaluate("(s) => window.chainrule.editor.set(s)", CS231N)
        app = page.locator("[data-app]")
        expect(app).to_have_attribute("data-graph-source", CS231N)
        good = page.evaluate(STAGE_JS)
        assert not good["marked"] and good["opacity"] == 1 and good["label"] is None
        if size[0] < 600 and page.locator(".code-toggle").get_attribute("aria-expanded") != "true":
            page.locator(".code-toggle").click()  # phones: the source panel opens over the graph
        for source, line, text in ERRORS:
            type_source(page, source)
            expect(page.locator("#source-error")).to_be_visible()
            mark = page.evaluate(MARK_JS)
            assert f"{line}" in mark["message"], mark
            assert mark["line"] == line and mark["inside"], mark
            assert mark["width"] > 4 and mark["height"] > 10, mark
            assert mark["background"] != "rgba(0, 0, 0, 0)" and not mark["covers"], mark
            assert mark["atEnd"] == (text is None) and (text is None or mark["text"] == text), mark
            stale = page.evaluate(STAGE_JS)
            assert stale["marked"] and stale["opacity"] < 0.5 and stale["captionOpacity"] < 0.5
            label = stale["label"]
            assert label and label["text"].startswith(LABEL[lang]) and label["opacity"] == 1, stale
            wrap = stale["wrap"]
            assert wrap["left"] <= label["left"] and label["right"] <= wrap["right"], stale
            assert wrap["top"] <= label["top"] and label["bottom"] <= wrap["bottom"], stale
            assert label["font"] >= 14 and stale["belowFit"], stale  # the fit button uncovered
            expect(app).to_have_attribute("data-graph-source", CS231N)  # the old graph stays
        page.screenshot(path=screenshot_dir / f"errors_last_good_{size[0]}_{lang}.png")
        fixed = "a = 3\nb = 4\nf = a * b"
        type_source(page, fixed)
        expect(app).to_have_attribute("data-graph-source", fixed)
        expect(page.locator("#source-error")).to_be_hidden()
        done = page.evaluate(STAGE_JS)
        assert not done["marked"] and done["opacity"] == 1 and done["label"] is None, done
