"""The example gallery in Chromium: open it, pick a preset, the graph loads; the keyboard (focus
kept inside, arrow keys, Escape gives focus back); a 390×844 phone (a full-screen sheet, 44 px
targets); Korean and English; screenshots at 1400×850 and 390×844 in both languages."""

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from chainrule.app.examples import examples_in
from tests.conftest import page_failing_on_errors

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

DESKTOP = {"width": 1400, "height": 850}
PHONE = {"width": 390, "height": 844}
PRESETS = {lang: {e.id: e for e in examples_in(lang)} for lang in ("ko", "en")}
OPEN = {"ko": "예제 갤러리", "en": "Example gallery"}


@pytest.fixture
def page_in(chromium, live_server: str) -> Iterator:  # type: ignore[no-untyped-def]
    """`page_in("ko", PHONE)`: a fresh page on /?lang=… at that viewport (a phone: touch)."""
    stack = []

    def open_page(lang: str, viewport: dict[str, int], **options):  # type: ignore[no-untyped-def]
        phone = viewport["width"] <= 600
        context = chromium.new_context(base_url=live_server, viewport=viewport, has_touch=phone,
                                       is_mobile=phone, **options)
        manager = page_failing_on_errors(context)
        stack.append(manager)
        page: Any = manager.__enter__()
        page.goto(f"/?lang={lang}")
        expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
        return page

    yield open_page
    for manager in reversed(stack):
        manager.__exit__(None, None, None)


def open_gallery(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    if page.viewport_size["width"] <= 600:  # phones: the gallery button sits in the source panel
        page.locator(".code-toggle").click()
    button = page.locator(".gallery-open")
    expect(button).to_have_text(OPEN[lang])
    button.click()
    expect(page.locator("dialog.gallery")).to_have_attribute("open", "")


def card(page, key: str):  # type: ignore[no-untyped-def]
    return page.locator(f'a.gallery-card[data-example="{key}"]')


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pick_a_preset_and_the_graph_loads(page_in, lang: str, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    page = page_in(lang, DESKTOP)
    open_gallery(page, lang)
    presets = PRESETS[lang]
    expect(page.locator("dialog.gallery section h3")).to_have_text(
        list(dict.fromkeys(e.group_title for e in presets.values())))
    expect(page.locator("a.gallery-card")).to_have_count(len(presets))
    sigmoid = presets["cs231n-sigmoid-gates"]
    expect(card(page, sigmoid.id).locator(".card-title")).to_have_text(sigmoid.title)
    expect(card(page, sigmoid.id).locator(".card-note")).to_have_text(sigmoid.description)
    page.screenshot(path=screenshot_dir / f"gallery_desktop_{lang}.png")
    learning = presets["spiral-net"].group_title
    page.locator(".gallery-jump button", has_text=learning).click()  # jump to a lecture
    expect(page.locator("#gallery-learning")).to_be_in_viewport()
    expect(card(page, "spiral-net").locator(".card-badges")).to_contain_text(
        {"ko": "학습 패널", "en": "train panel"}[lang])
    page.screenshot(path=screenshot_dir / f"gallery_learning_{lang}.png")
    card(page, sigmoid.id).click()
    expect(page.locator("dialog.gallery")).not_to_have_attribute("open", "")
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", sigmoid.source)
    expect(page.locator("#source")).to_have_value(sigmoid.source)
    page.keyboard.press("End")
    expect(page.locator("g.node")).to_have_count(13)
    # picked and reopened: its card is marked as the one open now
    page.locator(".gallery-open").click()
    expect(card(page, sigmoid.id)).to_have_attribute("aria-current", "true")
    expect(card(page, sigmoid.id)).to_be_focused()


def test_keyboard_focus_stays_inside_and_escape_returns(page_in) -> None:  # type: ignore[no-untyped-def]
    page = page_in("en", DESKTOP)
    button = page.locator(".gallery-open")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.gallery")
    expect(dialog).to_have_attribute("open", "")
    first = page.locator("a.gallery-card").first
    expect(first).to_be_focused()  # nothing picked yet: the first card
    inside = "() => document.querySelector('dialog.gallery').contains(document.activeElement)"
    for _ in range(60):  # more stops than the dialog holds: focus must wrap, never leave
        page.keyboard.press("Tab")
        assert page.evaluate(inside)
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(inside)
    first.focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("a.gallery-card").nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).not_to_have_attribute("open", "")
    expect(button).to_be_focused()
    # Enter on a card picks it
    page.keyboard.press("Enter")
    simple = PRESETS["en"]["cs231n-simple"]
    card(page, "copy-gate").focus()
    page.keyboard.press("Enter")
    copy = PRESETS["en"]["copy-gate"]
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", copy.source)
    assert simple.source != copy.source
    expect(button).to_be_focused()


def test_the_filter_keeps_matching_cards(page_in) -> None:  # type: ignore[no-untyped-def]
    page = page_in("ko", DESKTOP)
    open_gallery(page, "ko")
    page.locator(".gallery-filter").fill("풀링")
    shown = page.locator("a.gallery-card:visible")
    expect(shown).not_to_have_count(0)
    for text in shown.all_inner_texts():
        assert "풀링" in text
    page.locator(".gallery-filter").fill("zzzz 없음")
    expect(page.locator(".gallery-none")).to_be_visible()
    expect(page.locator("a.gallery-card:visible")).to_have_count(0)


def test_gradient_check_preset_ticks_the_box(page_in) -> None:  # type: ignore[no-untyped-def]
    page = page_in("en", DESKTOP)
    open_gallery(page, "en")
    card(page, "gradient-check").click()
    expect(page.locator("input.check-toggle")).to_be_checked()
    expect(page.locator(".check-result")).to_contain_text("agree")


def test_a_learning_preset_carries_its_mode(page_in) -> None:  # type: ignore[no-untyped-def]
    """Its card links to mode=train with the optimizer and steps (the learning views' URL
    fields); a click loads its source here, and the link itself opens the same program."""
    page = page_in("en", DESKTOP)
    open_gallery(page, "en")
    spiral = PRESETS["en"]["spiral-net"]
    href = card(page, spiral.id).get_attribute("href")
    query = parse_qs(urlsplit(href).query)
    assert query["mode"] == ["train"] and query["opt"] == ["sgd"] and query["lr"] == ["1"]
    assert query["steps"] == ["1000"] and query["src"] == [spiral.source]
    assert query["lang"] == ["en"] and "batch" not in query  # the whole data set
    race = parse_qs(urlsplit(card(page, "optimizer-race").get_attribute("href")).query)
    assert race["mode"] == ["race"] and race["rsteps"] == ["30"] and race["lr_adagrad"] == ["1.5"]
    plain = parse_qs(urlsplit(card(page, "cs231n-simple").get_attribute("href")).query)
    assert set(plain) == {"src", "lang"}  # a graph: nothing else
    card(page, spiral.id).click()
    expect(page.locator("#source")).to_have_value(spiral.source)
    page.goto(href)
    expect(page.locator("#source")).to_have_value(spiral.source)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_full_screen_sheet(page_in, lang: str, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    page = page_in(lang, PHONE)
    open_gallery(page, lang)
    box = page.locator("dialog.gallery").bounding_box()
    assert box == {"x": 0, "y": 0, "width": 390, "height": 844}
    sizes = page.evaluate("""() => [...document.querySelectorAll(
        'dialog.gallery a.gallery-card, dialog.gallery button, dialog.gallery input')]
      .filter((el) => el.getClientRects().length)
      .map((el) => { const r = el.getBoundingClientRect(); return [r.width, r.height]; })""")
    assert sizes and all(w >= 44 and h >= 44 for w, h in sizes), sizes
    wide = page.evaluate("() => document.querySelector('.gallery-body').scrollWidth")
    assert wide <= 390  # no sideways scrolling
    page.screenshot(path=screenshot_dir / f"gallery_phone_{lang}.png")
    last = page.locator("a.gallery-card").last
    last.scroll_into_view_if_needed()  # the sheet scrolls to its last card
    expect(last).to_be_in_viewport()
    pool = PRESETS[lang]["maxpool-6x6"]
    card(page, pool.id).tap()
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", pool.source)
    page.screenshot(path=screenshot_dir / f"gallery_phone_picked_{lang}.png")


def test_phone_close_button_and_escape(page_in) -> None:  # type: ignore[no-untyped-def]
    page = page_in("ko", PHONE)
    open_gallery(page, "ko")
    close = page.locator(".gallery-close")
    expect(close).to_have_attribute("aria-label", "갤러리 닫기")
    close.tap()
    expect(page.locator("dialog.gallery")).not_to_have_attribute("open", "")
    expect(page.locator(".gallery-open")).to_be_focused()
    assert re.search(r"lang=ko", page.url)
