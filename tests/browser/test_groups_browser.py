"""`def` groups drawn as labelled boxes that collapse into one gate; symbols under the gates."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from chainrule.app.examples import EXAMPLES
from tests.browser.test_page_browser import SIGMOID, labels, overlaps, show

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

SIG_DEF = next(e.source for e in EXAMPLES if e.id == "sigmoid-def")
SQ = "def sq(u): return u * u\n"
NESTED = SQ + "def sig(t): return 1 / (1 + exp(-sq(t * 2)))\nx = 0.5\nf = sig(x) + sig(x)"
NESTED_FIRST = SQ + "def sig(t): return 1 / (1 + exp(-sq(t)))\nx = 0.5\nf = sig(x)"

# Screen boxes of the drawn group boxes and of every gate, to check what lies inside what.
BOXES_JS = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom]; };
  const pick = (sel, key) => Object.fromEntries([...document.querySelectorAll(sel)]
    .map((g) => [g.dataset[key], box(g.querySelector("rect, circle"))]));
  return {groups: pick("g.group", "group"), nodes: pick("g.node", "node")};
}"""


def graph(page, source: str) -> dict:  # type: ignore[no-untyped-def]
    response = page.request.post("/api/graph", data={"source": source})
    assert response.ok
    return response.json()  # type: ignore[no-any-return]


def members(data: dict, gid: str) -> set[str]:
    """Nodes of group `gid`, its nested groups included."""
    parent = {g["id"]: g["parent"] for g in data["groups"]}

    def within(group: str | None) -> bool:
        while group is not None:
            if group == gid:
                return True
            group = parent[group]
        return False

    return {n["id"] for n in data["nodes"] if within(n["group"])}


def boundary_edges(data: dict, gid: str = "g0") -> list[str]:
    """Edges with exactly one end inside group `gid`, plus the output's dangling edge."""
    inside = members(data, gid)
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
        if page.locator('.stage > .player [data-action="next"]').is_disabled():
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


def inside(inner: list[float], outer: list[float]) -> bool:
    left, top, right, bottom = outer
    return left < inner[0] and top < inner[1] and inner[2] < right and inner[3] < bottom


def test_nested_groups_draw_inside_and_collapse_with_their_parent(app_page, screenshot_dir: Path):  # type: ignore[no-untyped-def]
    page = app_page
    data = graph(page, NESTED)
    assert [(g["id"], g["label"], g["parent"]) for g in data["groups"]] == [
        ("g0", "sig", None), ("g1", "sq", "g0"), ("g2", "sig", None), ("g3", "sq", "g2"),
    ]
    edges = boundary_edges(data, "g0")
    show(page, NESTED)
    page.keyboard.press("End")
    boxes = page.evaluate(BOXES_JS)
    assert sorted(boxes["groups"]) == ["g0", "g1", "g2", "g3"]
    assert inside(boxes["groups"]["g1"], boxes["groups"]["g0"])
    assert inside(boxes["groups"]["g3"], boxes["groups"]["g2"])
    for node in data["nodes"]:
        for gid in {"g0", "g1", "g2", "g3"}:
            assert inside(boxes["nodes"][node["id"]], boxes["groups"][gid]) == (
                node["id"] in members(data, gid)), (node, gid)
    expanded = boundary_texts(page, edges)
    assert expanded[edges[0]] == (("0.50", False), ("0.79", False))  # x into the first sig
    assert overlaps(page) == []
    page.screenshot(path=str(screenshot_dir / "nested_expanded.png"))

    page.locator('g.group[data-group="g0"] text.group-label').click()  # the outer sig
    expect(page.locator("g.node.collapsed-group")).to_have_count(1)
    expect(page.locator("g.group")).to_have_count(2)  # g2 and its sq; g1 went with g0
    expect(page.locator('g.group[data-group="g1"]')).to_have_count(0)
    assert boundary_texts(page, edges) == expanded
    page.locator('g.group[data-group="g3"] text.group-label').click()  # an inner sq
    expect(page.locator("g.node.collapsed-group")).to_have_count(2)
    assert inside(page.evaluate(BOXES_JS)["nodes"]["g3"], page.evaluate(BOXES_JS)["groups"]["g2"])
    assert boundary_texts(page, edges) == expanded
    assert overlaps(page) == []
    page.screenshot(path=str(screenshot_dir / "nested_collapsed.png"))

    page.locator('g.node[data-node="g0"]').click()  # expand the outer again: sq is back inside
    expect(page.locator("g.group")).to_have_count(3)
    assert inside(page.evaluate(BOXES_JS)["groups"]["g1"], page.evaluate(BOXES_JS)["groups"]["g0"])
    assert boundary_texts(page, edges) == expanded


def test_nested_collapse_reveals_boundary_numbers_like_expanded(app_page):  # type: ignore[no-untyped-def]
    page = app_page
    edges = boundary_edges(graph(page, NESTED), "g0")
    show(page, NESTED)
    expanded = every_step(page, edges)
    page.locator('g.group[data-group="g0"] text.group-label').click()
    expect(page.locator("g.node.collapsed-group")).to_have_count(1)
    assert every_step(page, edges) == expanded


def test_nested_group_labels_do_not_collide(app_page):  # type: ignore[no-untyped-def]
    page = app_page
    show(page, NESTED_FIRST)  # sq is the first gate inside sig: both labels at the top left
    page.keyboard.press("End")
    expect(page.locator("text.group-label")).to_have_count(2)
    assert overlaps(page) == []
    page.locator('g.group[data-group="g1"] text.group-label').click()
    expect(page.locator("g.node.collapsed-group")).to_have_count(1)


def test_collapsed_groups_survive_a_share_link(app_page, live_server: str):  # type: ignore[no-untyped-def]
    page = app_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    show(page, NESTED)
    page.locator('g.group[data-group="g2"] text.group-label').click()
    page.locator('g.group[data-group="g1"] text.group-label').click()
    expect(page.locator(".stage")).to_have_attribute("data-collapsed", "g1 g2")
    page.keyboard.press("End")
    numbers = labels(page)
    page.locator('[data-share="link"]').click()
    expect(page.locator(".share-out")).to_have_attribute("data-copied", "true")
    link = page.evaluate("navigator.clipboard.readText()")
    assert parse_qs(urlsplit(link).query)["collapsed"] == ["g1,g2"]
    other = page.context.new_page()
    other.goto(link)
    expect(other.locator(".stage")).to_have_attribute("data-collapsed", "g1 g2")
    expect(other.locator("g.node.collapsed-group")).to_have_count(2)
    expect(other.locator("g.group")).to_have_count(1)  # g0 with its sq shut
    assert labels(other) == numbers
    page.locator('[data-share="embed"]').click()
    snippet = page.evaluate("navigator.clipboard.readText()")
    assert "collapsed=g1%2Cg2" in snippet
    host = page.context.new_page()
    host.set_content(snippet.replace('loading="lazy"', ""))
    frame = host.frame_locator("iframe")
    expect(frame.locator(".stage")).to_have_attribute("data-collapsed", "g1 g2")
    expect(frame.locator("g.node.collapsed-group")).to_have_count(2)
