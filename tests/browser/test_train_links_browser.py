"""Overlaid training runs in links (static/js/train/state.js `runs`): a share link and the embed
code carry every run's settings and colour, and opening them runs each again — the same loss
curves as POST /api/train for the same settings. On a desktop and a phone, in Korean and
English."""

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.browser.test_train_browser import NET, api, open_train, run
from tests.conftest import sized_page

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

RUN_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7"]  # static/js/train/runs.js
RUNS = "runs.list.map((r) => ({loss: r.loss, colour: r.colour, current: r === runs.current}))"


def body(optimizer: dict, steps: int, batch: int | None = None, seed: int = 0) -> dict:
    return {"source": NET, "optimizer": optimizer, "steps": steps, "batch_size": batch,
            "seed": seed, "params": None}


def shown_runs(page, where: str = "window.chainrule.learning.train") -> list[dict]:  # type: ignore[no-untyped-def]
    """Each run on the chart: its loss, colour and whether it is the one shown."""
    return page.evaluate(f"(() => {{ const runs = {where}.runs; return {RUNS}; }})()")


def replayed(page, count: int) -> None:  # type: ignore[no-untyped-def]
    """Wait until `count` runs are on the chart with their whole loss curves."""
    expect(page.locator("path.curve.loss")).to_have_count(count)
    expect(page.locator('[data-train="run"]')).to_be_enabled(timeout=30_000)
    counts = page.locator("path.curve.loss").evaluate_all("(ps) => ps.map((p) => p.dataset.count)")
    assert all(int(c) > 0 for c in counts)


def test_a_share_link_runs_every_overlaid_run_again(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.set_viewport_size({"width": 1400, "height": 850})
    open_train(page, query="&opt=sgd&lr=0.5")
    run(page)
    page.locator(".train-picker select").select_option("adam")
    page.locator(".train-picker .lr-value").fill("0.05")
    page.locator(".train-picker .lr-value").dispatch_event("change")
    page.locator('input[name="batch-kind"][value="mini"]').check()
    for name, value in (("batch", "16"), ("seed", "3")):
        page.locator(f'input[name="{name}"]').fill(value)
        page.locator(f'input[name="{name}"]').dispatch_event("change")
    run(page, count=2)
    out = page.locator(".share-out textarea")
    page.locator('[data-share="link"]').click()
    expect(out).to_have_value(re.compile("runs="))
    link = out.input_value()
    assert parse_qs(urlsplit(link).query)["runs"] == ["sgd_lr0.5_n40,adam_lr0.05_n40_bs16_s3"]
    assert "runs=sgd_lr0.5_n40%2Cadam_lr0.05_n40_bs16_s3" in page.url  # the address, too
    page.locator('[data-share="embed"]').click()
    expect(out).to_have_value(re.compile("<iframe"))
    embed = out.input_value()
    assert "runs=sgd_lr0.5_n40%2Cadam_lr0.05_n40_bs16_s3" in embed

    other = page.context.new_page()
    other.goto(link)
    replayed(other, 2)
    sgd = api(other, "/api/train", body({"name": "sgd", "lr": 0.5}, 40))
    adam = api(other, "/api/train", body({"name": "adam", "lr": 0.05}, 40, 16, 3))
    runs = shown_runs(other)
    assert [r["loss"][0] for r in runs] == [sgd["loss"][0], adam["loss"][0]]
    assert [r["loss"] for r in runs] == [sgd["loss"], adam["loss"]] == [
        r["loss"] for r in shown_runs(page)]
    assert [r["colour"] for r in runs] == RUN_COLOURS[:2] and runs[1]["current"]
    assert other.locator(".train-runs .run-pick").all_text_contents() == page.locator(
        ".train-runs .run-pick").all_text_contents()
    expect(other.locator(".train-picker select")).to_have_value("adam")  # the settings as shared
    expect(other.locator(".boundary-map")).to_have_attribute("data-frame", "40")


def test_colours_the_run_shown_and_the_cap(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    runs = "momentum_lr0.02_mu0.8_n30_c2_cur,nadam_lr1_n9,sgd_lr0.5_n30_bs12_s5"
    open_train(page, lang="ko", query=f"&runs={runs}&at=12")
    replayed(page, 2)  # nadam is no optimizer of ours: that run is left out
    momentum = api(page, "/api/train", body({"name": "momentum", "lr": 0.02, "momentum": 0.8}, 30))
    sgd = api(page, "/api/train", body({"name": "sgd", "lr": 0.5}, 30, 12, 5))
    shown = shown_runs(page)
    assert [r["loss"] for r in shown] == [momentum["loss"], sgd["loss"]]
    assert [r["colour"] for r in shown] == [RUN_COLOURS[2], RUN_COLOURS[1]]
    assert [r["current"] for r in shown] == [True, False]  # `cur`: the run the link showed
    expect(page.locator(".train-runs li.current")).to_have_css("--run", RUN_COLOURS[2])
    expect(page.locator(".scrub-label")).to_contain_text("12/30")  # its scrubber, at= as linked
    expect(page.locator(".train-view")).to_have_attribute("data-graph-at", "12")
    written = parse_qs(urlsplit(page.url).query)["runs"]
    assert written == ["momentum_lr0.02_mu0.8_n30_c2_cur,sgd_lr0.5_n30_bs12_s5"]  # kept as read

    five = ",".join(f"sgd_lr{lr}_n5" for lr in (0.1, 0.2, 0.3, 0.4, 0.5))
    values = page.evaluate("""async (search) => {
      const { readSettings, viewQuery } = await import("chainrule/url.js");
      const settings = readSettings(search);
      return [settings.runs.map((r) => [r.lr, r.colour, r.current]),
              new URLSearchParams(viewQuery("link", settings)).get("runs")];
    }""", f"?runs={five}")
    assert values == [[[0.1, 0, False], [0.2, 1, False], [0.3, 2, False], [0.4, 3, True]],
                      "sgd_lr0.1_n5,sgd_lr0.2_n5,sgd_lr0.3_n5,sgd_lr0.4_n5"]  # four at most


def test_an_embed_runs_the_linked_runs_at_once(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.set_viewport_size({"width": 960, "height": 540})
    answers: list[Any] = []  # the panel's POST /api/train, streamed
    page.on("response", lambda r: r.url.endswith("/api/train") and answers.append(r))
    runs = "sgd_lr0.5_n30,rmsprop_lr0.01_rho0.9_eps1e-8_n30_bs16"
    page.goto(f"/embed?mode=train&lang=en&src={quote(NET)}&runs={runs}")
    expect(page.locator(".stage")).to_be_hidden()
    replayed(page, 2)
    rmsprop = {"name": "rmsprop", "lr": 0.01, "rho": 0.9, "eps": 1e-8}
    bodies = [body({"name": "sgd", "lr": 0.5}, 30), body(rmsprop, 30, 16)]
    assert [r.request.post_data_json for r in answers] == bodies
    streamed = [json.loads(r.text().strip().split("\n")[-1])["loss"] for r in answers]
    want = [api(page, "/api/train", b)["loss"] for b in bodies]
    assert [loss[0] for loss in streamed] == [loss[0] for loss in want] and streamed == want
    assert page.locator("path.curve.loss").evaluate_all(
        "(ps) => ps.map((p) => [p.getAttribute('stroke'), p.dataset.count])") == [
        [RUN_COLOURS[0], "30"], [RUN_COLOURS[1], "30"]]


@pytest.mark.parametrize("where", ["/embed?", "/?"])
def test_long_linked_runs_wait_for_a_press_of_run(app_page, where: str) -> None:  # type: ignore[no-untyped-def]
    """A link whose runs add up to more than 1,000 steps (static/js/train/state.js LINK_STEPS)
    starts nothing by itself: the panel says so, keeps the runs in the address, and Run trains
    them; a crafted link cannot make every visitor start 5,000-step runs."""
    page = app_page
    page.set_viewport_size({"width": 960, "height": 540})
    asked: list[Any] = []
    page.on("request", lambda r: r.url.endswith("/api/train") and asked.append(r))
    runs = "sgd_lr0.5_n600,adam_lr0.05_n600"
    page.goto(f"{where}mode=train&lang=ko&src={quote(NET)}&runs={runs}")
    status = page.locator(".train-status")
    expect(status).to_have_text(re.compile("학습 2개, 모두 1200번 반복.*1000번 반복까지만"))
    page.wait_for_timeout(500)  # time enough for a request the page would have made
    assert asked == [] and page.locator("path.curve.loss").count() == 0
    if where == "/?":
        assert parse_qs(urlsplit(page.url).query)["runs"] == [runs]  # kept for a share link
    page.locator('[data-train="run"]').click()
    replayed(page, 2)
    optimizers = [{"name": "sgd", "lr": 0.5}, {"name": "adam", "lr": 0.05}]
    assert [r.post_data_json for r in asked] == [body(o, 600) for o in optimizers]
    assert page.locator("path.curve.loss").evaluate_all(
        "(ps) => ps.map((p) => p.dataset.count)") == ["600", "600"]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("size", [(1400, 850), (390, 844)], ids=["desktop", "phone"])
def test_screenshots(chromium, live_server: str, screenshot_dir: Path, lang: str, size) -> None:  # type: ignore[no-untyped-def]
    page: Any  # playwright's Page
    with sized_page(chromium, live_server, size) as page:
        runs = "sgd_lr0.5_n40,adam_lr0.05_n40_bs16_s3"
        open_train(page, lang=lang, query=f"&runs={runs}")
        replayed(page, 2)
        expect(page.locator(".boundary-map")).to_have_attribute("data-frame", "40")
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], "sideways scroll"
        name = f"train-runs-link-{lang}-{'phone' if size[0] < 600 else 'desktop'}.png"
        if size[0] < 600:
            page.locator(".train-view").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / name))
        assert json.dumps(shown_runs(page)[0]["loss"][:1]) != "[null]"
