"""One number format on screen: the vanishing-gradient preset's note, edges and last caption
(KaTeX) write ∂h8/∂w1 alike, in ko and en."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_vanishing_preset_on_screen(chromium, live_server: str, lang: str, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    """The gallery's vanishing-gradient preset: the note, the edges and the last caption (KaTeX)
    show ∂h8/∂w1 as the same 5.52e-6, the caption as 5.52×10⁻⁶ with no e and no subtraction."""
    from tests.conftest import sized_page

    expect = pytest.importorskip("playwright.sync_api").expect
    with sized_page(chromium, live_server, (1400, 850)) as page:
        page.goto(f"/?lang={lang}")
        expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
        page.locator(".gallery-open").click()
        card = page.locator('a.gallery-card[data-example="vanishing-sigmoid"]')
        expect(card.locator(".card-note")).to_contain_text("5.52e-6")
        card.click()
        expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
        page.locator(".stage svg").first.focus()
        page.keyboard.press("End")
        shown = page.locator(".caption .katex-html")
        expect(shown).to_contain_text("10")
        caption = shown.inner_text().replace("\n", "")
        assert "5.52×10−6" in caption and "e" not in caption.replace("∂", ""), caption
        grads = page.locator(".edge-label .grad").evaluate_all(
            "ts => ts.map(t => t.firstChild.nodeValue)")
        assert "5.52e-6" in grads and "1.28e-4" in grads, grads
        page.screenshot(path=screenshot_dir / f"number_format_vanishing_{lang}.png")
