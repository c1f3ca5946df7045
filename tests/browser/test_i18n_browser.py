"""Korean and English in Chromium: the browser's language, ?lang=, the switch, and lang travelling
into share links, embed code, /embed and the offline file; English stays as it was."""

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from chainrule.engine import Tensor, exp
from tests.browser.test_page_browser import CS231N, SIGMOID, show
from tests.browser.test_share_export_browser import IframeSrc
from tests.conftest import page_failing_on_errors

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

VIEWPORT = {"width": 1400, "height": 850}
KOREAN = {
    "lang": "ko", "tagline": "게이트 하나씩 따라가는 역전파", "inspector": "노드 정보",
    "legend": "값 (순전파)", "chain": "상류 기울기 × 국소적 미분",
}
ENGLISH = {
    "lang": "en", "tagline": "backpropagation, gate by gate", "inspector": "Inspector",
    "legend": "value (forward)", "chain": "upstream gradient × local gradient",
}
WORDS = {"ko": KOREAN, "en": ENGLISH}
# CS231n's f = (x + y)·z: a key, then the progress label and the caption's header it shows.
STEPS_IN_KOREAN = [
    ("Home", "시작 0/8", None),
    ("ArrowRight", "순전파 1/5", "순전파: 입력값"),
    ("ArrowRight", "순전파 2/5", "순전파: 입력값"),
    ("ArrowRight", "순전파 3/5", "순전파: 입력값"),
    ("ArrowRight", "순전파 4/5", "순전파: 국소적 계산 (입력 → 출력)"),
    ("ArrowRight", "순전파 5/5", "순전파: 국소적 계산 (입력 → 출력)"),
    ("ArrowRight", "역전파 1/3", "역전파 시작: 출력의 기울기는 1"),
    ("ArrowRight", "역전파 2/3", "상류 기울기 × 국소적 미분"),
    ("Home", "시작 0/8", None),
    ("End", "역전파 3/3", "상류 기울기 × 국소적 미분"),
]


@pytest.fixture
def browser_in(chromium, live_server: str) -> Iterator:  # type: ignore[no-untyped-def]
    """`browser_in("ko-KR")`: a page of a fresh context whose browser speaks that locale."""
    stack = []

    def open_page(locale: str, **options):  # type: ignore[no-untyped-def]
        context = chromium.new_context(base_url=live_server, locale=locale, viewport=VIEWPORT,
                                       **options)
        manager = page_failing_on_errors(context)
        stack.append(manager)
        return manager.__enter__()

    yield open_page
    for manager in reversed(stack):
        manager.__exit__(None, None, None)


def expect_language(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    words = WORDS[lang]
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".tagline")).to_have_text(words["tagline"])
    expect(page.locator(".inspector h2")).to_have_text(words["inspector"])
    expect(page.locator(".legend-fwd")).to_have_text(words["legend"])
    expect(page.locator('.lang-switch [aria-pressed="true"]')).to_have_attribute("data-lang", lang)


@pytest.mark.parametrize(("locale", "lang"), [("ko-KR", "ko"), ("en-US", "en")])
def test_the_page_follows_the_browser(browser_in, locale: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page = browser_in(locale)
    page.goto("/")
    expect_language(page, lang)
    expect(page.locator(".lang-switch button")).to_have_text(["한국어", "English"])


@pytest.mark.parametrize(("locale", "lang"), [("ko-KR", "en"), ("en-US", "ko")])
def test_query_overrides_the_browser(browser_in, locale: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page = browser_in(locale)
    page.goto(f"/?lang={lang}")
    expect_language(page, lang)


def test_korean_player_caption_and_inspector(browser_in) -> None:  # type: ignore[no-untyped-def]
    page = browser_in("ko-KR")
    show(page, CS231N)
    for key, progress, head in STEPS_IN_KOREAN:
        page.keyboard.press(key)
        expect(page.locator(".progress")).to_have_text(progress)
        if head:
            expect(page.locator(".caption-head")).to_have_text(head)
    page.locator("g.node.kind-op", has_text="+").click()
    rows = page.locator(".inspector .row")
    expect(rows.filter(has_text="국소적 미분")).to_have_count(1)
    expect(rows.filter(has_text="패턴")).to_contain_text(
        "덧셈 노드 (분배기): 상류 기울기를 그대로 모든 입력에 분배합니다.")
    page.locator("g.node.kind-op", has_text="×").click()
    expect(rows.filter(has_text="패턴")).to_contain_text(
        "곱셈 노드 (교환 곱): 입력을 서로 바꿔 곱합니다.")
    page.locator(".check-toggle").check()
    caption = page.locator(".check-table caption")
    expect(caption).to_contain_text("✓ 기울기 일치 — 최대 상대 오차")
    expect(page.locator(".check-table th")).to_have_text(
        ["입력", "역전파", "수치 미분", "상대 오차"])


def test_korean_errors_keep_their_place(browser_in) -> None:  # type: ignore[no-untyped-def]
    page = browser_in("ko-KR")
    show(page, CS231N)
    page.locator("#source").fill("x = 1\nf = x + y")
    message = page.locator(".error-message")
    expect(message).to_have_text("2행 9열: 'y'은(는) 정의되지 않은 이름입니다")
    page.route("**/api/graph", lambda route: route.abort())
    page.locator("#source").fill(CS231N)
    expect(message).to_contain_text("서버에 연결할 수 없습니다")


def test_the_switch_reloads_keeps_the_view_and_persists(browser_in) -> None:  # type: ignore[no-untyped-def]
    page = browser_in("en-US")
    page.goto("/?" + urlencode({"step": 6, "theme": "dark", "src": CS231N}))
    expect(page.locator(".progress")).to_have_text("backward 1/3")
    page.locator('.lang-switch [data-lang="ko"]').click()
    page.wait_for_url("**lang=ko**")
    expect_language(page, "ko")
    query = parse_qs(urlsplit(page.url).query)
    assert query["step"] == ["6"] and query["theme"] == ["dark"] and query["src"] == [CS231N]
    expect(page.locator(".progress")).to_have_text("역전파 1/3")
    cookie = {c["name"]: c for c in page.context.cookies()}["chainrule.lang"]
    assert cookie["value"] == "ko" and cookie["path"] == "/"
    assert cookie["expires"] > time.time() + 360 * 86400  # kept for a year
    page.goto("/")  # no ?lang=: the saved choice wins over the browser's English
    expect_language(page, "ko")
    page.locator('.lang-switch [data-lang="en"]').click()
    page.wait_for_url("**lang=en**")
    expect_language(page, "en")


def test_share_link_and_embed_code_carry_the_language(browser_in, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser_in("ko-KR")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    show(page, CS231N)
    page.keyboard.press("End")
    page.locator('[data-share="link"]').click()
    expect(page.locator(".share-status")).to_have_text("링크를 클립보드에 복사했습니다.")
    link = page.evaluate("navigator.clipboard.readText()")
    assert parse_qs(urlsplit(link).query)["lang"] == ["ko"]
    page.locator('[data-share="embed"]').click()
    expect(page.locator(".share-status")).to_have_text("임베드 코드를 클립보드에 복사했습니다.")
    snippet = page.evaluate("navigator.clipboard.readText()")
    assert 'title="chainrule 계산 그래프"' in snippet
    parser = IframeSrc()
    parser.feed(snippet)
    assert parse_qs(urlsplit(parser.src or "").query)["lang"] == ["ko"]
    english = browser_in("en-US")  # a host page in an English browser still shows it in Korean
    english.set_content(snippet.replace('loading="lazy"', ""))
    frame = english.frame_locator("iframe")
    expect(frame.locator(".progress")).to_have_text("역전파 3/3")
    expect(frame.locator("html")).to_have_attribute("lang", "ko")


def test_embed_speaks_its_lang(browser_in) -> None:  # type: ignore[no-untyped-def]
    page = browser_in("en-US")
    page.goto("/embed?" + urlencode({"lang": "ko", "step": 3, "src": SIGMOID}))
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator(".progress")).to_have_text("순전파 3/13")
    expect(page.locator('[data-action="next"]')).to_have_attribute("aria-label", "다음 단계 (→)")
    page.goto("/embed?" + urlencode({"lang": "ko", "src": "x = 1\nf = x + y"}))
    expect(page.locator(".error-message")).to_have_text("'y'은(는) 정의되지 않은 이름입니다")
    page.route("**/api/graph", lambda route: route.abort())
    page.goto("/embed?" + urlencode({"lang": "ko", "src": CS231N}))
    expect(page.locator(".error-message")).to_contain_text("서버에 연결할 수 없습니다")


def test_offline_file_keeps_the_language(browser_in, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser_in("ko-KR")
    show(page, CS231N)
    page.keyboard.press("End")
    page.locator(".export-menu summary").click()
    link = page.locator('[data-export="html"]')
    expect(link).to_have_text("오프라인 HTML 파일")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert parse_qs(urlsplit(str(download.url)).query)["lang"] == ["ko"]
    saved = tmp_path / "graph.html"
    download.save_as(saved)
    offline = browser_in("en-US", offline=True)
    offline.goto(saved.as_uri())
    expect(offline.locator("[data-ready=true]")).to_have_count(1)
    expect(offline.locator("html")).to_have_attribute("lang", "ko")
    expect(offline.locator(".progress")).to_have_text("역전파 3/3")
    expect(offline.locator(".legend-fwd")).to_have_text("값 (순전파)")
    expect(offline.locator(".caption-head")).to_have_text("상류 기울기 × 국소적 미분")


def test_notebook_display_in_korean(browser_in, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = Tensor(1.0, name="s")
    f = 1 / (1 + exp(-s))
    f.backward()
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!doctype html><body>{f.show(lang='ko')._repr_html_()}</body>")
    page = browser_in("en-US", offline=True)
    page.goto(notebook.as_uri())
    frame = page.frame_locator("iframe")
    expect(frame.locator(".progress")).to_have_text("역전파 5/5")
    expect(frame.locator('[data-action="prev"]')).to_have_attribute("aria-label", "이전 단계 (←)")


def test_english_reads_as_before(browser_in) -> None:  # type: ignore[no-untyped-def]
    page = browser_in("en-US")
    show(page, CS231N)
    expect_language(page, "en")
    expect(page.locator(".topbar .share > button, .export-menu summary")).to_have_text(
        ["↗ copy link", "‹/› copy embed code", "⇩ export"])
    expect(page.locator(".toggles button")).to_have_text(["⊡ present", "◐ colour-blind", "☾ dark"])
    expect(page.locator(".editor-head label")).to_have_text("Source")
    expect(page.locator(".inspector .hint")).to_have_text("Click a gate or an input to inspect it.")
    page.keyboard.press("End")
    expect(page.locator(".progress")).to_have_text("backward 3/3")
    expect(page.locator(".caption-head")).to_have_text("upstream gradient × local gradient")
    page.locator("g.node.kind-op", has_text="+").click()
    expect(page.locator(".inspector .row .key")).to_have_text(
        ["node", "shape", "value", "grad", "local gradient", "pattern"])
    expect(page.locator(".inspector .row").last).to_contain_text(
        "Gradient distributor: an add gate passes the upstream gradient unchanged to every input.")


@pytest.mark.parametrize("locale", ["ko-KR", "en-US"])
def test_screenshots(browser_in, screenshot_dir: Path, locale: str) -> None:  # type: ignore[no-untyped-def]
    """The CS231n sigmoid mid-backward with a gate inspected and the check on, to look at."""
    page = browser_in(locale)
    lang = locale[:2]
    show(page, SIGMOID)
    page.locator(".check-toggle").check()
    expect(page.locator(".check-table")).to_have_count(1)
    page.locator(".check-toggle").blur()  # the player's keys are ignored in a form control
    page.keyboard.press("End")
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    expect(page.locator(".caption-head")).to_have_text(WORDS[lang]["chain"])
    page.locator("g.node.kind-op", has_text="+").first.click()
    page.screenshot(path=str(screenshot_dir / f"i18n_{lang}_sigmoid_backward.png"))
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.screenshot(path=str(screenshot_dir / f"i18n_{lang}_sigmoid_forward.png"))
