"""The iframe view `/embed`: its parameters, its postMessage API and the docs' slides page."""

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

CS231N = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z"
SLIDES = Path(__file__).resolve().parents[2] / "docs" / "slides.html"
DARK_BG = "rgb(20, 23, 29)"
OKABE_BLUE = "rgb(0, 114, 178)"
GREEN = "rgb(18, 129, 58)"

# A host page: the embed in an iframe; every chainrule message it hears goes into window.heard.
HOST = """<!doctype html><meta charset="utf-8">
<iframe id="graph" src="{src}" style="width: 800px; height: 450px"></iframe>
<script>
window.heard = [];
window.addEventListener("message", (e) => {{
  if (e.source === document.getElementById("graph").contentWindow) window.heard.push(e.data);
}});
window.tell = (message) => document.getElementById("graph").contentWindow
  .postMessage(message, "{origin}");
</script>"""


def embed_url(base: str = "", **params: object) -> str:
    return f"{base}/embed?{urlencode({'src': CS231N, **params})}"


def revealed(frame, cls: str) -> list[str]:  # type: ignore[no-untyped-def]
    return frame.locator(f"g.edge-label text.{cls}:not(.pending)").evaluate_all(
        "(ts) => ts.map((t) => t.firstChild.nodeValue)")


@pytest.fixture
def host(app_page, live_server: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A file:// host page with the CS231n embed at step 0, ready for commands."""
    page = app_page
    src = embed_url(live_server, step=0) + "#controls=0"
    html = HOST.format(src=src, origin=live_server)
    (tmp_path / "host.html").write_text(html, encoding="utf-8")
    page.goto((tmp_path / "host.html").as_uri())
    page.wait_for_function("window.heard.some((m) => m.type === 'chainrule:ready')")
    return page


def test_embed_honours_step_theme_palette(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.goto(embed_url(step=7, theme="dark", palette="cb"))
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    expect(page.locator(".progress")).to_have_text("backward 2/3")
    assert sorted(revealed(page, "grad")) == ["-4", "1", "3"]
    expect(page.locator("body")).to_have_css("background-color", DARK_BG)
    expect(page.locator("g.edge-label text.value").first).to_have_css(
        "fill", "rgb(86, 180, 233)")  # Okabe–Ito sky blue on dark
    expect(page.locator(".player")).to_be_visible()


CONTROLS_OFF = [
    pytest.param("#controls=0", id="hash"),
    pytest.param("&controls=0", id="query"),
]


@pytest.mark.parametrize("suffix", CONTROLS_OFF)
def test_embed_without_controls_is_graph_only(app_page, suffix: str) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.goto(embed_url() + suffix)
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    expect(page.locator(".player")).to_be_hidden()
    expect(page.locator(".caption")).to_be_hidden()
    expect(page.locator("g.edge-label text.value").first).to_have_css("fill", GREEN)
    assert sorted(revealed(page, "grad")) == sorted(["-4", "-4", "3", "-4", "1"])
    svg = page.locator("svg.graph").bounding_box()
    assert svg and svg["height"] > 700  # fills the 820 px viewport
    page.locator("svg.graph").click()  # focus the frame's page, then step with the keys
    page.keyboard.press("Home")
    expect(page.locator(".stage")).to_have_attribute("data-pos", "-1")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".stage")).to_have_attribute("data-pos", "0")


def test_embed_at_projector_size(chromium, live_server: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(embed_url(live_server, step=6))
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    size = page.locator("g.edge-label text.value").first.evaluate(
        "(t) => t.getBoundingClientRect().height")
    assert size >= 28, size  # edge numbers at least ~2× their editor size
    caption = page.locator(".caption").evaluate("(c) => parseFloat(getComputedStyle(c).fontSize)")
    assert caption >= 30, caption
    page.screenshot(path=str(screenshot_dir / "embed_projector_1920.png"))
    context.close()


def test_postmessage_round_trip(host) -> None:  # type: ignore[no-untyped-def]
    page = host
    ready = page.evaluate("window.heard.find((m) => m.type === 'chainrule:ready')")
    assert ready == {"type": "chainrule:ready", "step": 0, "total": 8, "phase": "start"}
    frame = page.frame_locator("#graph")
    page.evaluate("window.heard = []; window.tell({type: 'chainrule:step', step: 5})")
    page.wait_for_function("window.heard.length > 0")
    assert page.evaluate("window.heard") == [
        {"type": "chainrule:step", "step": 5, "total": 8, "phase": "forward"}]
    assert "-12" in revealed(frame, "value") and revealed(frame, "grad") == []
    page.evaluate("window.heard = []; window.tell({type: 'chainrule:next'})")
    page.wait_for_function("window.heard.length > 0")
    assert page.evaluate("window.heard[0]")["phase"] == "backward"
    assert revealed(frame, "grad") == ["1"]
    page.evaluate("""window.heard = [];
      window.tell("not ours"); window.tell({type: "other:step", step: 1});
      window.tell({type: "chainrule:step", step: "2"}); window.tell({type: "chainrule:get"})""")
    page.wait_for_function("window.heard.length > 0")
    assert page.evaluate("window.heard") == [
        {"type": "chainrule:step", "step": 6, "total": 8, "phase": "backward"}]


def test_keys_inside_the_frame_tell_the_host(host) -> None:  # type: ignore[no-untyped-def]
    page = host
    page.frame_locator("#graph").locator("svg.graph").click()
    page.evaluate("window.heard = []")
    page.keyboard.press("End")
    page.wait_for_function("window.heard.some((m) => m.step === 8)")
    assert page.evaluate("window.heard.at(-1)")["phase"] == "backward"


def test_slides_fragments_drive_the_graph(chromium, live_server: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{SLIDES.as_uri()}?{urlencode({'server': live_server})}")
    page.keyboard.press("ArrowRight")  # title fragment
    page.keyboard.press("ArrowRight")  # → slide 2
    expect(page.locator("body")).to_have_attribute("data-slide", "1")
    iframe = page.locator("section.present iframe")
    expect(iframe).to_have_attribute("data-ready", "true")
    for step in ["3", "4", "5"]:
        page.keyboard.press("ArrowRight")
        expect(iframe).to_have_attribute("data-step", step)
    frame = page.frame_locator("section.present iframe")
    expect(frame.locator(".stage")).to_have_attribute("data-pos", "4")
    assert "-12" in revealed(frame, "value")
    expect(page.locator("section.present .fragment.visible")).to_have_count(3)
    page.keyboard.press("ArrowLeft")
    expect(iframe).to_have_attribute("data-step", "4")
    expect(frame.locator(".stage")).to_have_attribute("data-pos", "3")
    page.screenshot(path=str(screenshot_dir / "slides_page.png"))
    frame.locator("svg.graph").click()  # keys inside the frame move the fragments along
    page.keyboard.press("End")
    expect(page.locator("section.present .fragment.visible")).to_have_count(6)
    context.close()
    assert not errors, errors


def test_embed_messages_are_json_plain(host) -> None:  # type: ignore[no-untyped-def]
    """Every message the frame sends survives JSON (hosts may relay them)."""
    heard = host.evaluate("window.heard")
    assert heard and json.loads(json.dumps(heard)) == heard


def test_embed_always_fits_the_whole_graph(app_page) -> None:  # type: ignore[no-untyped-def]
    """The host sized the frame: even a wide tensor graph is shown whole, never cut or panned."""
    from chainrule.app.examples import EXAMPLES

    two_layer = next(e for e in EXAMPLES if e.id == "two-layer-net")
    page = app_page
    page.set_viewport_size({"width": 800, "height": 450})
    page.goto("/embed?" + urlencode({"src": two_layer.source, "controls": 0}))
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    expect(page.locator("svg.graph")).to_have_attribute("data-fit", "whole")
    inside = page.evaluate("""() => {
      const svg = document.querySelector("svg.graph").getBoundingClientRect();
      return [...document.querySelectorAll("g.node")].every((g) => {
        const r = g.getBoundingClientRect();
        return r.left >= svg.left - 1 && r.right <= svg.right + 1
          && r.top >= svg.top - 1 && r.bottom <= svg.bottom + 1;
      });
    }""")
    assert inside
