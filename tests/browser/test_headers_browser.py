"""The pages work under their Content-Security-Policy: no violation on the editor, the embed, the
offline file and /docs in Korean and English, KaTeX renders; the embed works in another site's
iframe and the editor refuses to be framed by one."""

from urllib.parse import quote

import pytest

from tests.browser.test_train_browser import NET
from tests.conftest import page_failing_on_errors

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

CS231N = quote("x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z")
# Every violation the document reports, before any of its own scripts runs.
LISTEN = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.violations ||= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
});"""


def violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate("window.violations || []")


@pytest.fixture
def watched(chromium, live_server: str):  # type: ignore[no-untyped-def]
    """A page on the app under its policy (conftest's contexts bypass it), failing on any page
    error, with violations and CSP console errors collected."""
    context = chromium.new_context(base_url=live_server, viewport={"width": 1400, "height": 820},
                                   bypass_csp=False)
    with page_failing_on_errors(context) as page:
        page.add_init_script(LISTEN)
        page.console = []
        page.on("console", lambda m: page.console.append(m.text))
        yield page


def refused(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [text for text in page.console if "Content Security Policy" in text]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_pages_and_katex_work_under_the_policy(watched, lang: str) -> None:  # type: ignore[no-untyped-def]
    page = watched
    page.goto(f"/?lang={lang}&src={CS231N}")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    page.keyboard.press("End")
    expect(page.locator(".katex").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == lang
    page.goto(f"/embed?src={CS231N}&lang={lang}")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    assert violations(page) == [] and refused(page) == []
    page.goto(f"/standalone?src={CS231N}&lang={lang}")  # served, not downloaded: sandboxed
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true", timeout=20_000)
    expect(page.locator(".katex").first).to_be_attached()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".stage")).to_have_attribute("data-pos", "0")
    assert violations(page) == [] and refused(page) == []


def test_api_docs_work_offline_under_the_policy(watched, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page = watched
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto("/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    assert page.locator(".opblock").count() >= 10
    assert [url for url in asked if not url.startswith((live_server, "data:"))] == []
    assert violations(page) == [] and refused(page) == []


def test_layout_worker_exports_and_training_work_under_the_policy(watched) -> None:  # type: ignore[no-untyped-def]
    """What needs more than 'self': the layout worker (a blob: worker importing dagre), the
    PNG and ZIP exports (data: images, blob: downloads), a streamed training run."""
    page = watched
    chain = "x = 1.5\n" + "".join(f"a{i} = {'x' if i == 0 else f'a{i - 1}'} * 1.01\n"
                                   for i in range(150)) + "f = a149 + x"
    page.goto(f"/?src={quote(chain)}")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true", timeout=30_000)
    assert page.evaluate("document.querySelector('.stage').dataset.layout") != "pending"
    for kind in ("png", "zip"):
        if kind == "zip":  # one SVG per step: the small graph's
            page.goto(f"/?src={CS231N}")
            expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
        page.locator(".export-menu summary").click()
        with page.expect_download() as info:
            page.locator(f'[data-export="{kind}"]').click()
        assert info.value.suggested_filename.endswith(f".{kind}")
    page.goto(f"/?mode=train&src={quote(NET)}&runs=sgd_lr0.5_n30")
    expect(page.locator("path.curve.loss")).to_have_count(1, timeout=30_000)
    assert violations(page) == [] and refused(page) == []


def host_page(src: str) -> str:
    return (f'<!doctype html><meta charset="utf-8"><iframe id="graph" src="{src}" '
            'style="width: 800px; height: 450px"></iframe>')


def test_only_the_embed_may_be_framed_by_another_site(watched, live_server: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The other site: slides opened from disk (file:, another origin), as a lecturer's are."""
    page = watched
    for path in ("/embed", "/"):
        host = tmp_path / f"slides{len(path)}.html"
        host.write_text(host_page(f"{live_server}{path}?src={CS231N}"), encoding="utf-8")
        page.goto(host.as_uri())
        frame = page.frame_locator("#graph")
        if path == "/embed":
            expect(frame.locator(".stage")).to_have_attribute("data-ready", "true")
            expect(frame.locator(".katex").first).to_be_attached()
            continue
        for _ in range(100):  # bounded: the refusal is reported as the frame loads
            if any("frame-ancestors" in text for text in refused(page)):
                break
            page.wait_for_timeout(100)
        assert any("frame-ancestors" in text for text in refused(page)), page.console
        child = next(f for f in page.frames if f != page.main_frame)
        assert not child.url.startswith(live_server)  # an error page, not the editor
