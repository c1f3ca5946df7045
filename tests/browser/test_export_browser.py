"""The offline exports in real Chromium, from file:// with every network request refused."""

from pathlib import Path

import pytest

from chainrule.app.cli import main
from chainrule.engine import Tensor, exp

pytestmark = pytest.mark.browser
SIGMOID = "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"


def svg_texts(frame, css: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Revealed label texts (the first text node; a <title> with the full value follows it)."""
    return frame.locator(f"svg.graph {css}").evaluate_all(
        "(ts) => ts.filter((t) => !t.classList.contains('pending'))"
        ".map((t) => t.firstChild.nodeValue)"
    )


def test_cli_html_renders_offline(tmp_path: Path, offline_page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sigmoid.html"
    assert main(["export", SIGMOID, "-o", str(out)]) == 0
    offline_page.goto(out.as_uri())
    offline_page.wait_for_selector("[data-ready=true]")
    grads = svg_texts(offline_page, ".edge-label .grad")
    assert {"-0.20", "0.39", "-0.39", "-0.59", "0.20"} <= set(grads)
    assert "0.73" in svg_texts(offline_page, ".edge-label .value")
    assert offline_page.locator(".caption .katex").count() > 0
    offline_page.screenshot(path=str(screenshot_dir / "offline-sigmoid.png"))


def test_cli_html_opens_at_the_requested_step(tmp_path: Path, offline_page) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "simple.html"
    assert main(["export", "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z", "-o", str(out),
                 "--step", "5"]) == 0
    offline_page.goto(out.as_uri())
    offline_page.wait_for_selector("[data-ready=true]")
    assert "-12" in svg_texts(offline_page, ".edge-label .value")
    assert not {"-4", "3"} & set(svg_texts(offline_page, ".edge-label .grad"))


def test_offline_file_opens_with_groups_collapsed(tmp_path: Path, offline_page) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sig.html"
    source = "def sig(t): return 1 / (1 + exp(-t))\nx = 0.5\nf = sig(x * 2)"
    assert main(["export", source, "-o", str(out), "--collapsed", "g0"]) == 0
    offline_page.goto(out.as_uri())
    offline_page.wait_for_selector("[data-ready=true]")
    labels = offline_page.locator("svg.graph g.node .symbol").all_text_contents()
    assert "sig" in labels and "exp" not in labels


def test_notebook_iframe_renders_offline(tmp_path: Path, offline_page) -> None:  # type: ignore[no-untyped-def]
    s = Tensor(1.0, name="s")
    f = 1 / (1 + exp(-s))
    f.backward()
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!doctype html><body>{f._repr_html_()}</body>", encoding="utf-8")
    offline_page.goto(notebook.as_uri())
    frame = offline_page.frame_locator("iframe")
    frame.locator("[data-ready=true]").wait_for()
    assert "0.73" in svg_texts(frame, ".edge-label .value")
    assert "0.20" in svg_texts(frame, ".edge-label .grad")


def test_notebook_iframe_is_independent_of_the_host_charset(tmp_path: Path, offline_page) -> None:  # type: ignore[no-untyped-def]
    x, y = Tensor(2.0, name="x"), Tensor(3.0, name="y")
    f = x * y
    f.backward()
    host = tmp_path / "latin1.html"  # no <meta charset>: the host decodes as windows-1252
    host.write_bytes(f"<!doctype html><body>{f._repr_html_()}</body>".encode("ascii"))
    offline_page.goto(host.as_uri())
    frame = offline_page.frame_locator("iframe")
    frame.locator("[data-ready=true]").wait_for()
    assert frame.locator("svg.graph .node .symbol").first.text_content() == "×"
