"""The optimizer race in Chromium: five paths from the same start whose points are the API's
trajectories, stepping through the iterations, the share link, the embed, the offline replay, a
phone, and both languages."""

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.test_train_browser import api, fits_a_phone, phone

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

BOWL = "x = -7.0\ny = 2.0\nf = x ** 2 / 20 + y ** 2"  # 밑바닥부터 시작하는 딥러닝, ch. 6
RATES = {"sgd": 0.95, "momentum": 0.1, "adagrad": 1.5, "rmsprop": 0.2, "adam": 0.3}
NAMES = {"ko": ["SGD", "모멘텀", "AdaGrad", "RMSProp", "Adam"],
         "en": ["SGD", "Momentum", "AdaGrad", "RMSProp", "Adam"]}


def open_race(page, query: str = "", lang: str = "en", source: str = BOWL) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/?lang={lang}&mode=race&src={quote(source)}{query}")
    expect(page.locator(".race")).to_have_attribute("data-ready", "true")
    expect(page.locator(".race")).not_to_have_attribute("data-busy", "true")


def race_points(page) -> dict[str, list[list[float]]]:  # type: ignore[no-untyped-def]
    return page.evaluate("Object.fromEntries(Object.entries(window.chainrule.learning.race.data"
                         ".runs).map(([name, run]) => [name, run.points]))")


def test_five_paths_are_the_api_trajectories(app_page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.set_viewport_size({"width": 1400, "height": 850})
    open_race(page)
    expect(page.locator(".racer-path")).to_have_count(5)
    expect(page.locator(".race-progress")).to_have_text("iteration 30/30")
    points = race_points(page)
    for name, lr in RATES.items():
        want = api(page, "/api/train", {"source": BOWL, "optimizer": {"name": name, "lr": lr},
                                        "steps": 30})["trajectory"]
        assert points[name] == [list(p) for p in zip(want["x"], want["y"], strict=True)]
        drawn = page.locator(f'.racer-path[data-optimizer="{name}"] circle')
        expect(drawn).to_have_count(30)
    # SGD zig-zags: y changes sign at every step; AdaGrad's steps shrink
    sgd_y = [p[1] for p in points["sgd"][:8]]
    assert all(a * b < 0 for a, b in zip(sgd_y, sgd_y[1:], strict=False))
    ada = points["adagrad"]
    assert abs(ada[1][0] - ada[0][0]) > abs(ada[20][0] - ada[19][0]) * 2
    # the gradient arrows: ∇f at the start is (x/10, 2y) = (-0.7, 4)
    grads = page.evaluate("window.chainrule.learning.race.data.runs.sgd.grads[0]")
    assert grads == pytest.approx([-0.7, 4.0])
    expect(page.locator(".gradient-arrow")).to_have_count(5)
    page.screenshot(path=str(screenshot_dir / "race_desktop_en.png"))


def test_stepping_through_the_race(app_page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.set_viewport_size({"width": 1400, "height": 850})
    open_race(page, lang="ko")
    page.locator(".race-player [data-action='first']").click()
    expect(page.locator(".race-progress")).to_have_text("반복 0/30")
    sgd = page.locator('.race-list li[data-optimizer="sgd"] .racer-now')
    expect(sgd).to_have_text("x = -7, y = 2, f = 6.45")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".race-progress")).to_have_text("반복 1/30")
    expect(sgd).to_have_text("x = -6.33, y = -1.80, f = 5.25")  # −0.95·(−0.7, 4)
    expect(page.locator(".racer-path .so-far")).to_have_count(5)
    assert "rk=1" in page.url
    assert page.locator(".race-list .racer-name").all_text_contents() == NAMES["ko"]
    expect(page.locator(".race-list .racer-formula .katex")).to_have_count(5)
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    expect(page.locator(".race-progress")).to_have_text("반복 6/30")
    page.screenshot(path=str(screenshot_dir / "race_desktop_ko.png"))


def test_race_share_link_and_rate(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_race(page)
    rate = page.locator('.race-list li[data-optimizer="momentum"] input')
    rate.fill("0.05")
    rate.dispatch_event("change")
    expect(page.locator(".race")).not_to_have_attribute("data-busy", "true")
    expect(page.locator(".race")).to_have_attribute("data-k", "30")
    page.locator('[data-share="link"]').click()
    expect(page.locator(".share-out textarea")).to_have_value(re.compile("mode=race"))
    link = page.locator(".share-out textarea").input_value()
    assert "mode=race" in link and "lr_momentum=0.05" in link
    other = page.context.new_page()
    other.goto(link)
    expect(other.locator(".race")).to_have_attribute("data-ready", "true")
    expect(other.locator('.race-list li[data-optimizer="momentum"] input')).to_have_value("0.05")
    want = api(page, "/api/train", {"source": BOWL, "optimizer": {"name": "momentum", "lr": 0.05},
                                    "steps": 30})["trajectory"]
    assert race_points(other)["momentum"][-1] == [want["x"][-1], want["y"][-1]]


def test_race_needs_two_scalar_inputs(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    three = "x = -2\ny = 5\nz = -4\nf = (x + y) * z"
    page.goto(f"/?lang=en&mode=race&src={quote(three)}")
    expect(page.locator(".race-error")).to_contain_text("exactly two scalar inputs")
    expect(page.locator(".race-error")).to_contain_text("x, y, z")


def test_a_race_of_vectors_whose_paths_come_compact_says_what_it_needs(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page  # five paths of ~100 numbers × 1,001 steps: 10 MB, so p0's comes compact
    sizes = [100, 99, 99, 99, 99]
    lines = [f"p{i} = randn({n}, seed={i})" for i, n in enumerate(sizes)]
    source = "\n".join([*lines, "f = " + " + ".join(f"sum(p{i} * p{i})" for i in range(5))])
    body = {"source": source, "optimizer": {"name": "sgd", "lr": 0.01}, "steps": 1000}
    trajectory = api(page, "/api/train", body)["trajectory"]
    assert trajectory["p0"]["shape"] == [1001, 100] and isinstance(trajectory["p1"], list)
    page.goto(f"/?lang=en&mode=race&rsteps=1000&src={quote(source)}")  # five 6.8 MB answers
    expect(page.locator(".race-error")).to_contain_text("exactly two scalar inputs", timeout=30_000)


def test_a_race_link_without_a_program_opens_the_books_bowl(app_page) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    page.goto("/?lang=en&mode=race")  # the editor's default program has three inputs
    expect(page.locator("#source")).to_have_value(BOWL)
    expect(page.locator(".race-progress")).to_have_text("iteration 30/30")


def test_race_presets_and_embed(app_page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_race(page)
    page.locator(".race-preset select").select_option("rosenbrock")
    expect(page.locator("#source")).to_have_value("x = -1.2\ny = 1.0\n"
                                                  "f = (1 - x) ** 2 + 100 * (y - x ** 2) ** 2")
    expect(page.locator(".race-progress")).to_have_text("iteration 300/300")
    page.set_viewport_size({"width": 960, "height": 540})
    page.goto(f"/embed?mode=race&lang=ko&src={quote(BOWL)}")
    expect(page.locator(".race")).to_have_attribute("data-ready", "true")
    expect(page.locator(".racer-path")).to_have_count(5)
    page.screenshot(path=str(screenshot_dir / "race_embed_ko.png"))


def test_offline_replay_of_a_race(app_page, offline_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = app_page
    open_race(page, query="&rk=12")
    expect(page.locator(".race-progress")).to_have_text("iteration 12/30")
    points = race_points(page)
    page.locator(".export-menu summary").click()
    with page.expect_download() as info:
        page.locator('[data-export="html"]').click()
    out = tmp_path / "race.html"
    out.write_bytes(Path(info.value.path()).read_bytes())
    offline_page.goto(out.as_uri())
    expect(offline_page.locator(".race")).to_have_attribute("data-ready", "true")
    expect(offline_page.locator(".racer-path")).to_have_count(5)
    expect(offline_page.locator(".race-progress")).to_have_text("iteration 12/30")
    recorded = json.loads(offline_page.locator("#chainrule-replay").text_content())
    assert {n: r["points"] for n, r in recorded["race"]["runs"].items()} == points
    offline_page.locator(".race-player [data-action='last']").click()
    expect(offline_page.locator(".race-progress")).to_have_text("iteration 30/30")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_race_on_a_phone(chromium, live_server: str, lang: str,  # type: ignore[no-untyped-def]
                         screenshot_dir: Path) -> None:
    with phone(chromium, live_server) as page:
        open_race(page, lang=lang)
        fits_a_phone(page, ".race")
        plot = page.locator(".race-plot").bounding_box()
        assert plot and 300 < plot["width"] <= 390 and plot["height"] > 300
        assert page.locator(".race-list .racer-name").all_text_contents() == NAMES[lang]
        page.screenshot(path=str(screenshot_dir / f"race_phone_{lang}.png"))
