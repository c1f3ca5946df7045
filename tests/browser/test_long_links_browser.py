"""Long programs travel in links: the share link, the embed code and the offline file's URL
carry a 15,015-character program with Korean comments compressed (zsrc=), far under the
request-line limit (2.3 KB where src= takes 83 KB), and open the same graph; a plain old
src= link still opens."""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from chainrule.app.request_guard import MAX_TARGET
from tests.app.test_source_param import long_korean_program
from tests.browser.test_page_browser import CS231N

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

POS = "Number(document.querySelector('.stage').dataset.pos)"  # the last step: every gate's


def typed(page, source: str) -> None:  # type: ignore[no-untyped-def]
    """Open `/`, put `source` into the editor and wait until the graph shows it."""
    page.goto("/")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    page.locator("#source").fill(source)
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", source,
                                                          timeout=20_000)
    page.locator("#source").blur()


SHAPES = {"link": re.compile(r"^https?://[^<]*[?&]z?src="), "embed": re.compile(r"^<iframe ")}


def shared(page, kind: str) -> str:  # type: ignore[no-untyped-def]
    """The share box's text once it holds the `kind` asked for (it is written after the click,
    the source compressed first: read at once, it may still hold the previous kind's)."""
    page.locator(f'[data-share="{kind}"]').click()
    box = page.locator(".share-out textarea")
    expect(box).to_have_value(SHAPES[kind])
    return box.input_value()


def test_a_long_korean_program_travels_in_every_link(app_page) -> None:  # type: ignore[no-untyped-def]
    source = long_korean_program()
    typed(app_page, source)
    expect(app_page.locator(".stage")).to_have_attribute("data-ready", "true")
    app_page.keyboard.press("End")
    last = app_page.evaluate(POS)
    assert last > 600  # 300 gates forward and backward

    link = shared(app_page, "link")
    query = parse_qs(urlsplit(link).query)
    assert "src" not in query and len(query["zsrc"][0]) < 8_000
    assert len(link) < MAX_TARGET // 10 < len(quote(source))  # as src= it takes 83 KB
    other = app_page.context.new_page()
    other.goto(link)
    expect(other.locator("#source")).to_have_value(source)
    expect(other.locator("[data-app]")).to_have_attribute("data-graph-source", source,
                                                        timeout=20_000)
    expect(other.locator(".stage")).to_have_attribute("data-pos", str(last))
    assert "zsrc=" in app_page.url  # the page's own address carries it the same way

    snippet = shared(app_page, "embed")
    embed = snippet.split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "zsrc=" in embed and len(embed) < 8_000
    other.goto(embed)
    expect(other.locator(".stage")).to_have_attribute("data-ready", "true", timeout=20_000)
    expect(other.locator(".stage")).to_have_attribute("data-pos", str(last))

    app_page.locator(".export-menu summary").click()
    with app_page.expect_download(timeout=60_000) as info:
        app_page.locator('[data-export="html"]').click()
    offline = info.value.url
    assert "zsrc=" in offline and len(offline) < 8_000
    text = Path(info.value.path()).read_text("utf-8")
    island = text.split('id="chainrule-graph">', 1)[1].split("</script>", 1)[0]
    graph = json.loads(island)
    assert len(graph["steps"]) == last + 1
    assert {"a0", "a150"} <= {node["name"] for node in graph["nodes"]}


def test_a_plain_src_link_still_opens(app_page) -> None:  # type: ignore[no-untyped-def]
    app_page.goto(f"/?src={quote(CS231N)}&step=3")
    expect(app_page.locator("#source")).to_have_value(CS231N)
    expect(app_page.locator(".stage")).to_have_attribute("data-pos", "2")
    app_page.goto(f"/embed?src={quote(CS231N)}")
    expect(app_page.locator(".stage")).to_have_attribute("data-pos", "7")  # 5 + 1 + 2 steps


def test_a_short_program_keeps_a_readable_src(app_page) -> None:  # type: ignore[no-untyped-def]
    """Up to 1,024 characters of link text a program stays src= (zsrc would be shorter here)."""
    typed(app_page, CS231N)
    link = shared(app_page, "link")
    assert parse_qs(urlsplit(link).query)["src"] == [CS231N] and "zsrc" not in link
