"""Share links, the embed snippet and the page's exports: SVG, PNG 2×, ZIP of steps, HTML."""

import re
import struct
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.test_page_browser import CS231N, GREEN, RED, show

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

SVG = "{http://www.w3.org/2000/svg}"
NO_CLIPBOARD = "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined})"


@pytest.fixture
def page(app_page, live_server: str):  # type: ignore[no-untyped-def]
    """The editor page with clipboard access granted."""
    app_page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    return app_page


def at_step_6_dark(page) -> None:  # type: ignore[no-untyped-def]
    """CS231n graph after the seed step (6 of 8), dark theme, colour-blind palette."""
    show(page, CS231N)
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".progress")).to_have_text("backward 1/3")
    page.locator('[data-toggle="theme"]').click()
    page.locator('[data-toggle="palette"]').click()


def texts_by_fill(root: ET.Element) -> dict[str, set[str]]:
    """Edge-label texts of an exported SVG, keyed by their inlined fill colour."""
    found: dict[str, set[str]] = {}
    for text in root.iter(f"{SVG}text"):
        fill = re.search(r"(?:^|;)\s*fill:\s*([^;]+)", text.get("style", ""))
        if fill and text.text:
            found.setdefault(fill.group(1).strip(), set()).add(text.text)
    return found


def export(page, kind: str) -> bytes:  # type: ignore[no-untyped-def]
    page.locator(".export-menu summary").click()
    with page.expect_download() as info:
        page.locator(f'[data-export="{kind}"]').click()
    return Path(info.value.path()).read_bytes()


def test_share_link_reopens_the_same_view(page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    at_step_6_dark(page)
    page.keyboard.press("p")
    page.locator('[data-share="link"]').click()
    expect(page.locator(".share-out")).to_have_attribute("data-copied", "true")
    page.screenshot(path=str(screenshot_dir / "share_link.png"))
    link = page.evaluate("navigator.clipboard.readText()")
    assert page.locator(".share-out textarea").input_value() == link
    query = parse_qs(urlsplit(link).query)
    assert query["step"] == ["6"] and query["theme"] == ["dark"] and query["palette"] == ["cb"]
    other = page.context.new_page()
    other.goto(link)
    expect(other.locator(".stage")).to_have_attribute("data-pos", "5")
    expect(other.locator(".progress")).to_have_text("backward 1/3")
    expect(other.locator("#source")).to_have_value(CS231N)
    expect(other.locator("html")).to_have_attribute("data-theme", "dark")
    expect(other.locator("html")).to_have_attribute("data-palette", "cb")
    expect(other.locator("[data-app]")).to_have_attribute("data-present", "true")
    expect(other.locator(".editor")).to_be_hidden()


def test_copy_falls_back_to_selectable_text(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.add_init_script(NO_CLIPBOARD)
    show(page, CS231N)
    page.locator('[data-share="link"]').click()
    out = page.locator(".share-out")
    expect(out).to_have_attribute("data-copied", "false")
    expect(out.locator(".share-status")).to_contain_text("no clipboard")
    area = out.locator("textarea")
    assert "/?src=" in area.input_value()
    selected = page.evaluate("(a => a.selectionEnd - a.selectionStart)(document.activeElement)")
    assert selected == len(area.input_value())


class IframeSrc(HTMLParser):
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.src = dict(attrs)["src"]


def test_embed_code_shows_the_same_step(page) -> None:  # type: ignore[no-untyped-def]
    at_step_6_dark(page)
    page.locator('[data-share="embed"]').click()
    expect(page.locator(".share-out")).to_have_attribute("data-copied", "true")
    snippet = page.evaluate("navigator.clipboard.readText()")
    assert snippet.startswith("<iframe ") and snippet.endswith("></iframe>")
    parser = IframeSrc()
    parser.feed(snippet)
    assert urlsplit(parser.src).path == "/embed"
    host = page.context.new_page()
    host.set_content(snippet.replace('loading="lazy"', ""))
    frame = host.frame_locator("iframe")
    expect(frame.locator(".progress")).to_have_text("backward 1/3")
    expect(frame.locator("html")).to_have_attribute("data-theme", "dark")


def test_svg_export_stands_alone(page) -> None:  # type: ignore[no-untyped-def]
    show(page, CS231N)
    page.keyboard.press("End")
    data = export(page, "svg")
    assert b"var(--" not in data
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg" and float(root.get("width", 0)) > 100
    fills = texts_by_fill(root)
    assert {"-2", "5", "-4", "3", "-12"} <= fills[GREEN]
    assert {"-4", "3", "1"} <= fills[RED]
    assert root.find(f"{SVG}defs/{SVG}marker") is not None


def test_png_export_is_twice_the_svg(page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    show(page, CS231N)
    page.keyboard.press("End")
    width = float(ET.fromstring(export(page, "svg")).get("width", 0))
    png = export(page, "png")
    (screenshot_dir / "export_cs231n_2x.png").write_bytes(png)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    png_width, png_height = struct.unpack(">II", png[16:24])
    assert png_width == 2 * width and png_height > 100


def test_zip_has_one_svg_per_step(page) -> None:  # type: ignore[no-untyped-def]
    show(page, CS231N)
    page.keyboard.press("ArrowRight")
    archive = zipfile.ZipFile(BytesIO(export(page, "zip")))
    names = archive.namelist()
    assert len(names) == 8 and names[0] == "step-01-forward.svg"
    assert names[-1] == "step-08-backward.svg"
    first = texts_by_fill(ET.fromstring(archive.read(names[0])))
    last = texts_by_fill(ET.fromstring(archive.read(names[-1])))
    assert "-2" in first[GREEN] and RED not in first
    assert {"-4", "3", "1"} <= last[RED]
    expect(page.locator(".progress")).to_have_text("forward 1/5")  # the page kept its step


def test_offline_html_download(page) -> None:  # type: ignore[no-untyped-def]
    show(page, CS231N)
    page.keyboard.press("End")
    html = export(page, "html").decode("utf-8")
    assert html.startswith("<!doctype html>") and 'id="chainrule-graph"' in html
    assert 'data-step="8"' in html and "q = x + y" in html
