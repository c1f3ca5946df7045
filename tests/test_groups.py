"""`def` groups drawn as labelled boxes that collapse into one gate; symbols under the gates."""

import re
from pathlib import Path

import pytest

from app.examples import EXAMPLES
from tests.test_browser import SIGMOID, labels, overlaps, show

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

SIG_DEF = next(e.source for e in EXAMPLES if e.id == "sigmoid-def")


def graph(page, source: str) -> dict:  # type: ignore[no-untyped-def]
    response = page.request.post("/api/graph", data={"source": source})
    assert response.ok
    return response.json()  # type: ignore[no-any-return]


def boundary_edges(data: dict) -> list[str]:
    """Edges with exactly one end inside group g0, plus the output's dangling edge."""
    inside = {n["id"] for n in data["nodes"] if n["group"] == "g0"}
    crossing = [
        e["id"] for e in data["edges"] if (e["source"] in inside) != (e["target"] in inside)
    ]
    return [*crossing, "__out"]


def boundary_texts(page, edges: list[str]) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    info = labels(page)
    return {
        e: tuple((info[e][k]["text"], info[e][k]["pending"]) for k in ("value", "grad"))
        for e in edges
    }


def every_step(page, edges: list[str]) -> list[dict]:  # type: ignore[no-untyped-def]
    """Boundary labels at each player position, from the start to the end."""
    page.keyboard.press("Home")
    total = int(page.locator(".progress").inner_text().split("/")[-1])
    seen = [boundary_texts(page, edges)]
    for pos in range(total * 3):  # forward + backward steps, bounded
        page.keyboard.press("ArrowRight")
        expect(page.locator(".stage")).to_have_attribute("data-pos", str(pos))
        seen.append(boundary_texts(page, edges))
        if page.locator('[data-action="next"]').is_disabled():
            break
    return seen


def test_group_box_collapses_to_one_gate_with_the_same_numbers(app_page, screenshot_dir: Path):  # type: ignore[no-untyped-def]
    page = app_page
    data = graph(page, SIG_DEF)
    assert data["groups"] == [{"id": "g0", "label": "sig", "parent": None}]
    edges = boundary_edges(data)
    show(page, SIG_DEF)
    page.keyboard.press("End")
    label = page.locator("text.group-label")
    expect(label).to_have_count(1)
    expect(label).to_contain_text("sig")
    nodes = len(data["nodes"])
    expect(page.locator("g.node")).to_have_count(nodes)
    expanded = boundary_texts(page, edges)
    assert expanded[edges[0]] == (("1", False), ("0.20", False))  # into σ: 1, gradient 0.20
    assert expanded["__out"] == (("0.73", False), ("1", False))
    page.screenshot(path=str(screenshot_dir / "group_expanded.png"))

    label.click()
    gate = page.locator("g.node.collapsed-group")
    expect(gate).to_have_count(1)
    expect(gate.locator("text.symbol")).to_have_text("sig")
    expect(gate.locator("text.caption-symbol")).to_have_text("f")
    expect(page.locator("g.node")).to_have_count(nodes - 3)
    expect(page.locator("g.group")).to_have_count(0)
    assert boundary_texts(page, edges) == expanded
    assert overlaps(page) == []
    page.screenshot(path=str(screenshot_dir / "group_collapsed.png"))

    gate.click()
    expect(page.locator("g.node")).to_have_count(nodes)
    expect(page.locator("text.group-label")).to_have_count(1)
    assert boundary_texts(page, edges) == expanded


def test_collapsed_steps_reveal_boundary_numbers_like_expanded(app_page):  # type: ignore[no-untyped-def]
    page = app_page
    edges = boundary_edges(graph(page, SIG_DEF))
    show(page, SIG_DEF)
    expanded = every_step(page, edges)
    page.locator("text.group-label").click()
    expect(page.locator("g.node.collapsed-group")).to_have_count(1)
    assert every_step(page, edges) == expanded
    assert len(expanded) == 23  # start + 13 forward + 9 backward
    # The collapsed gate is computed at the group's last forward step (13), not before.
    page.keyboard.press("Home")
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    gate = page.locator("g.node.collapsed-group")
    expect(gate).not_to_have_class(re.compile(r"\bcomputed\b"))
    expect(gate).to_have_class(re.compile(r"\bcurrent\b"))  # its gate +1 runs
    page.keyboard.press("ArrowRight")
    expect(gate).to_have_class(re.compile(r"\bcomputed\b.*\bcurrent\b|\bcurrent\b.*\bcomputed\b"))


@pytest.mark.parametrize("source", [SIG_DEF, SIGMOID], ids=["sigmoid-def", "sigmoid-gates"])
def test_symbols_under_gates_match_captions(app_page, source: str):  # type: ignore[no-untyped-def]
    page = app_page
    data = graph(page, source)
    show(page, source)
    page.keyboard.press("End")
    for node in data["nodes"]:
        symbol = page.locator(f'g.node[data-node="{node["id"]}"] text.caption-symbol')
        if node["kind"] == "op":
            expect(symbol).to_have_text(node["symbol"])
        else:
            expect(symbol).to_have_count(0)
    first_op = next(n for n in data["nodes"] if n["kind"] == "op")
    assert first_op["symbol"] == "a"
    expect(page.locator(".caption")).to_contain_text("∂a")  # the last step: ∂f/∂w0 via a
    assert overlaps(page) == []
