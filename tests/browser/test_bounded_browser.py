"""Big tensors in chromium: the graph previews a compact tensor's first numbers, the inspector
shows its summary and loads it whole on demand (the same numbers as the engine's)."""

import json
import re
from urllib.request import Request, urlopen

import pytest

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

SOURCE = "A = randn(316, 316, seed=3)\nB = A @ A\nL = sum(B)"


def show(page, source: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    page.locator("#source").fill(source)
    expect(page.locator("[data-app]")).to_have_attribute("data-graph-source", source)
    page.locator("#source").blur()


def api(base: str, path: str, body: dict) -> dict:  # type: ignore[type-arg]
    request = Request(base + path, data=json.dumps(body).encode(), method="POST",
                      headers={"Content-Type": "application/json"})
    with urlopen(request, timeout=60) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def test_a_big_tensor_previews_summarises_and_loads_whole(  # type: ignore[no-untyped-def]
        app_page, live_server, screenshot_dir) -> None:
    page = app_page
    show(page, SOURCE)
    page.keyboard.press("End")
    compact = api(live_server, "/api/graph", {"source": SOURCE})["nodes"][0]["value"]
    head = compact["summary"]["head"]
    label = page.locator('g.edge-label[data-edge="e0"] text.value')
    expect(label).to_have_text(re.compile(r"^\[-?\d\.\d\d -?\d\.\d\d …\]"))  # + its title
    page.locator('g.node[data-node="n0"]').dispatch_event("click")  # a small dot at this zoom
    box = page.locator(".inspector-body .tensor.compact").first
    expect(box.locator(".stats")).to_contain_text("mean")
    expect(box.locator("canvas.heat-canvas")).to_have_count(1)
    first = box.locator("table.heatmap td").first
    expect(first).to_have_attribute("title", str(head[0]))  # the corner's numbers are exact
    button = box.locator("button.tensor-load")
    expect(button).to_contain_text("99,856")
    button.click()
    picture = page.locator(".inspector-body .tensor.compact .heat-picture").first
    expect(picture).to_have_attribute("data-whole", "true", timeout=30_000)
    size = picture.locator("canvas").evaluate("(c) => [c.width, c.height]")
    assert size == [316, 316]
    picture.locator("canvas").hover(position={"x": 100, "y": 60})
    readout = picture.locator(".readout")
    expect(readout).to_have_text(re.compile(r"^\[\d+, \d+\] = "))
    at, value = readout.inner_text().split(" = ")
    i, j = (int(n) for n in at.strip("[]").split(", "))
    whole = api(live_server, "/api/tensor", {"source": SOURCE, "ref": "n0/value"})["value"]
    assert float(value) == whole[i][j]  # the page's numbers are the engine's
    page.screenshot(path=screenshot_dir / "big_tensor_inspector.png")
    page.keyboard.press("Home")  # the inspector is drawn anew: the numbers stay loaded
    page.keyboard.press("End")
    expect(page.locator(".inspector-body .heat-picture").first).to_have_attribute(
        "data-whole", "true")
