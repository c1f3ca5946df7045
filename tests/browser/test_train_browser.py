"""Learning in Chromium: the update phase on the graph page (three SGD iterations of CS231n's
sigmoid neuron), the train panel (run, loss curve, scrubber, overlaid runs), its share link, embed
and offline replay, on a desktop and a phone, in Korean and English. Numbers are checked against
the API's own answers for the same requests."""

import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import page_failing_on_errors

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

SIGMOID = "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
SGD = {"name": "sgd", "lr": 0.1}
# a small softmax classifier on CS231n's spiral: every parameter has a trajectory
NET = ('X, t = dataset("spiral", n=60, seed=0)\nW1 = randn(2, 8, seed=1) * 0.5\nb1 = zeros(8)\n'
       "h = relu(X @ W1 + b1)\nW2 = randn(8, 3, seed=2) * 0.5\nb2 = zeros(3)\n"
       "L = cross_entropy(h @ W2 + b2, t)")
STEPS = 40


def api(page, path: str, body: dict) -> dict:  # type: ignore[no-untyped-def]
    response = page.request.post(path, data=json.dumps(body),
                                 headers={"content-type": "application/json"})
    assert response.ok, response.text()
    return response.json()


def new_values(page) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The update phase's new values on the graph, at full precision (from their titles)."""
    return page.locator("text.new-value").evaluate_all(
        "(ts) => Object.fromEntries(ts.map((t) => [t.dataset.node,"
        " Number(t.querySelector('title').textContent.split(': ').pop())]))")


def model_values(page) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Every named node's value in the graph the stage shows."""
    return page.evaluate("Object.fromEntries([...window.chainrule.stage.model.nodes.values()]"
                         ".filter((n) => n.name).map((n) => [n.name, n.value]))")


def open_train(page, source: str = NET, query: str = "", lang: str = "en") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/?lang={lang}&mode=train&src={quote(source)}&steps={STEPS}{query}")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    expect(page.locator(".train-panel")).to_be_visible()


def run(page, count: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Press Run and wait until the run's graph is on the stage."""
    page.locator('[data-train="run"]').click()
    expect(page.locator(".train-runs li")).to_have_count(count)
    expect(page.locator(".train-view")).to_have_attribute("data-graph-at", str(STEPS))
    expect(page.locator('[data-train="run"]')).to_be_enabled()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_three_sgd_iterations_of_the_sigmoid_neuron(app_page, lang: str,  # type: ignore[no-untyped-def]
                                                    screenshot_dir: Path) -> None:
    page = app_page
    page.set_viewport_size({"width": 1400, "height": 850})
    page.goto(f"/?lang={lang}&src={quote(SIGMOID)}&opt=sgd&lr=0.1&params=w0,w1,w2")
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    body = {"source": SIGMOID, "optimizer": SGD, "params": ["w0", "w1", "w2"]}
    label = {"ko": "갱신 3/3", "en": "update 3/3"}[lang]
    last = 3 if lang == "ko" else 2  # English: the same page, fewer clicks
    for iteration in range(1, last + 1):
        expect(page.locator(".iteration-label")).to_contain_text(str(iteration))
        page.locator("svg.graph").focus()
        page.keyboard.press("End")
        expect(page.locator(".progress")).to_have_text(label)
        want = (api(page, "/api/graph", body) if iteration == 1 else
                api(page, "/api/train", body | {"steps": iteration - 1})["final"])
        updates = {s["node"]: s["value"] for s in want["steps"] if s["phase"] == "update"}
        assert new_values(page) == updates
        shown = model_values(page)
        assert {n["name"]: shown[n["name"]] for n in want["nodes"] if n["id"] in updates} == {
            n["name"]: n["value"] for n in want["nodes"] if n["id"] in updates}
        expect(page.locator(".caption .katex")).to_have_count(1)  # w₂ ← w₂ − η·∂f/∂w₂ = …
        if iteration < last:
            page.locator('[data-update="next-iteration"]').click()
            expect(page.locator(".stage")).to_have_attribute("data-pos", "-1")
    # iteration k shows p_(k-1) and updates it to p_k; f moved every time
    run = api(page, "/api/train", body | {"steps": last})
    assert new_values(page)["n0"] == run["trajectory"]["w0"][last]
    history = page.locator(".iteration-history").text_content()
    assert history.count("→") == last - 1 and "0.73" in history
    assert lang == "en" or "0.68" in history
    page.screenshot(path=str(screenshot_dir / f"update_phase_{lang}.png"))


def test_train_panel_run_loss_curve_and_scrubber(app_page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.set_viewport_size({"width": 1400, "height": 850})
    open_train(page, query="&opt=adam&lr=0.05", lang="ko")
    run(page)
    body = {"source": NET, "optimizer": {"name": "adam", "lr": 0.05}, "steps": STEPS,
            "batch_size": None, "seed": 0, "params": None}
    want = api(page, "/api/train", body)
    curve = page.locator('path.curve.loss[data-run]')
    expect(curve).to_have_attribute("data-count", str(STEPS))
    expect(page.locator("path.curve.accuracy")).to_have_attribute("data-count", str(STEPS))
    assert page.evaluate("window.chainrule.learning.train.runs.current.loss") == want["loss"]
    expect(page.locator(".boundary-map")).to_be_visible()
    # the scrubber: iteration 10 shows the graph at p₁₀, equal to the trajectory and the API
    page.locator(".scrubber input").evaluate("(s) => { s.value = '10';"
                                             " s.dispatchEvent(new Event('input')); }")
    expect(page.locator(".train-view")).to_have_attribute("data-graph-at", "10")
    expect(page.locator(".scrub-label")).to_contain_text("10/40")
    at10 = api(page, "/api/train", body | {"steps": 10})["final"]
    shown = model_values(page)
    assert shown["W1"] == want["trajectory"]["W1"][10]
    assert shown == {n["name"]: n["value"] for n in at10["nodes"] if n["name"]}
    grads = page.evaluate("window.chainrule.stage.model.edges.filter((e) => e.grad !== null)"
                          ".map((e) => e.grad)")
    assert grads == [e["grad"] for e in at10["edges"] if e["grad"] is not None] + [1.0]
    assert "mode=train" in page.url and "at=10" in page.url
    expect(page.locator(".boundary-map")).to_have_attribute("data-frame", "10")
    page.screenshot(path=str(screenshot_dir / "train_desktop_ko.png"))


# a program written for the whole data set: its reshape fails on a mini-batch
SIZED = ('X, t = dataset("line", n=60, seed=0)\nw = 0.5\nb = 0.0\n'
         "y = reshape(X * w + b, (60, 1))\nL = mse(y, t)")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "line 4, column 5: on a mini-batch of 16 rows (the data set has 60)"),
    ("ko", "4행 5열: 16행짜리 미니배치에서 계산하지 못했습니다 (데이터셋은 60행)"),
])
def test_a_mini_batch_error_points_at_its_node(app_page, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_train(page, source=SIZED, query="&opt=sgd&lr=0.1&batch=16", lang=lang)
    page.locator('[data-train="run"]').click()
    expect(page.locator(".train-error")).to_contain_text(words)
    expect(page.locator(".highlights mark")).to_have_text("reshape(X * w + b, (60, 1))")
    expect(page.locator(".train-runs li")).to_have_count(0)


def test_gradient_descent_and_minibatch_overlay(app_page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.set_viewport_size({"width": 1400, "height": 850})
    open_train(page, query="&opt=sgd&lr=0.5")
    run(page)
    page.locator('input[name="batch-kind"][value="mini"]').check()
    page.locator('input[name="batch"]').fill("16")
    page.locator('input[name="batch"]').dispatch_event("change")
    run(page, count=2)
    curves = page.locator("path.curve.loss")
    expect(curves).to_have_count(2)
    assert curves.evaluate_all("(ps) => ps.map((p) => p.dataset.count)") == [str(STEPS)] * 2
    assert len(set(curves.evaluate_all("(ps) => ps.map((p) => p.getAttribute('stroke'))"))) == 2
    labels = page.locator(".train-runs .run-pick").all_text_contents()
    assert "whole data set" in labels[0] and "mini-batch 16" in labels[1]
    minibatch = api(page, "/api/train", {"source": NET, "optimizer": {"name": "sgd", "lr": 0.5},
                                         "steps": STEPS, "batch_size": 16})
    assert page.evaluate("window.chainrule.learning.train.runs.list[1].loss") == minibatch["loss"]
    expect(page.locator(".boundary-map")).to_have_attribute("data-frame", str(STEPS))
    page.screenshot(path=str(screenshot_dir / "train_desktop_en.png"))


def test_train_share_link_round_trip(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_train(page, query="&opt=momentum&lr=0.02&momentum=0.8&batch=12&seed=3")
    page.locator('[data-share="link"]').click()
    expect(page.locator(".share-out textarea")).to_have_value(re.compile("mode=train"))
    link = page.locator(".share-out textarea").input_value()
    for part in ("mode=train", "opt=momentum", "lr=0.02", "momentum=0.8", "batch=12", "seed=3",
                 f"steps={STEPS}"):
        assert part in link
    other = page.context.new_page()
    other.goto(link)
    expect(other.locator(".train-panel")).to_be_visible()
    tab = other.locator('.mode-tabs [data-mode="train"]')
    expect(tab).to_have_attribute("aria-pressed", "true")
    expect(other.locator(".train-picker select")).to_have_value("momentum")
    expect(other.locator(".train-picker .lr-value")).to_have_value("0.02")
    expect(other.locator('.train-picker input[name="momentum"]')).to_have_value("0.8")
    expect(other.locator('input[name="batch-kind"][value="mini"]')).to_be_checked()
    expect(other.locator('input[name="batch"]')).to_have_value("12")
    expect(other.locator('input[name="seed"]')).to_have_value("3")
    expect(other.locator('input[name="steps"]')).to_have_value(str(STEPS))
    expect(other.locator("#source")).to_have_value(NET)


def test_train_embed_runs_for_slides(app_page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.set_viewport_size({"width": 960, "height": 540})
    page.goto(f"/embed?mode=train&lang=ko&src={quote(NET)}&opt=sgd&lr=0.5&steps=30")
    expect(page.locator(".train-view")).to_be_visible()
    expect(page.locator(".stage")).to_be_hidden()
    page.locator('[data-train="run"]').click()
    expect(page.locator("path.curve.loss")).to_have_attribute("data-count", "30")
    expect(page.locator(".boundary-map")).to_be_visible()
    expect(page.locator(".boundary-map")).to_have_attribute("data-frame", "30")
    page.screenshot(path=str(screenshot_dir / "train_embed_ko.png"))


def test_offline_replay_of_a_run(app_page, offline_page, tmp_path: Path,  # type: ignore[no-untyped-def]
                                 screenshot_dir: Path) -> None:
    page = app_page
    open_train(page, query="&opt=adam&lr=0.05")
    run(page)
    loss = page.evaluate("window.chainrule.learning.train.runs.current.loss")
    page.locator(".export-menu summary").click()
    with page.expect_download() as info:
        page.locator('[data-export="html"]').click()
    out = tmp_path / "run.html"
    out.write_bytes(Path(info.value.path()).read_bytes())
    offline_page.set_viewport_size({"width": 1400, "height": 850})
    offline_page.goto(out.as_uri())
    expect(offline_page.locator("path.curve.loss")).to_have_attribute("data-count", str(STEPS))
    expect(offline_page.locator(".stage")).to_have_attribute("data-ready", "true")
    expect(offline_page.locator(".train-view")).to_have_attribute("data-graph-at", str(STEPS))
    recorded = json.loads(offline_page.locator("#chainrule-replay").text_content())
    assert recorded["train"]["runs"][0]["loss"] == loss
    assert offline_page.locator(".replay-source").text_content() == NET
    # scrubbing offline: the marker and the label follow; the graph stays the nearest recorded
    offline_page.locator(".scrubber input").evaluate(
        "(s) => { s.value = '5'; s.dispatchEvent(new Event('input')); }")
    expect(offline_page.locator(".scrub-label")).to_contain_text("5/40")
    expect(offline_page.locator(".scrub-label")).to_contain_text("nearest recorded")
    offline_page.screenshot(path=str(screenshot_dir / "train_offline_replay.png"))


@contextmanager
def phone(chromium, live_server: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A 390 × 844 touch phone page that fails on JavaScript errors."""
    context = chromium.new_context(base_url=live_server, viewport={"width": 390, "height": 844},
                                   has_touch=True, is_mobile=True, device_scale_factor=2)
    with page_failing_on_errors(context) as page:
        yield page


def fits_a_phone(page, css: str) -> None:  # type: ignore[no-untyped-def]
    """No sideways scroll, and every visible control under `css` at least 32 px tall."""
    width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], "sideways scroll"
    small = page.locator(css).evaluate_all("""(roots) => roots
      .flatMap((r) => [...r.querySelectorAll('button, select, input')])
      .filter((e) => e.offsetParent && e.type !== 'radio')
      .map((e) => [e.outerHTML.slice(0, 50), e.getBoundingClientRect().height])
      .filter(([, h]) => h < 32)""")
    assert small == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_train_panel_on_a_phone(chromium, live_server: str, lang: str,  # type: ignore[no-untyped-def]
                                screenshot_dir: Path) -> None:
    with phone(chromium, live_server) as page:
        open_train(page, lang=lang, query="&opt=adam&lr=0.05")
        run(page)
        expect(page.locator(".boundary-map")).to_have_attribute("data-frame", str(STEPS))
        fits_a_phone(page, ".train-panel, .train-view")
        chart = page.locator(".loss-chart svg").bounding_box()
        assert chart and 300 < chart["width"] <= 390 and chart["height"] > 150
        page.screenshot(path=str(screenshot_dir / f"train_phone_{lang}.png"))
        page.locator(".layout").evaluate("(l) => { l.scrollTop = l.scrollHeight * 0.42; }")
        page.screenshot(path=str(screenshot_dir / f"train_phone_charts_{lang}.png"))
        assert math.isfinite(page.evaluate("window.chainrule.learning.train.runs.current.loss[0]"))
