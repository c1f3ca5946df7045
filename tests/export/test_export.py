"""Exports: the offline HTML file, the static SVG, the CLI and the notebook view."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.app.cli import main
from chainrule.engine import Tensor, exp
from chainrule.engine.document.build import build
from chainrule.engine.export.viewer import script_json, standalone_html

SIMPLE = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z"
SVG = "{http://www.w3.org/2000/svg}"


def embedded_graph(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="chainrule-graph">(.*?)</script>',
                      page, re.S)
    assert match
    return json.loads(match.group(1).replace("<\\/", "</"))


def test_standalone_is_self_contained() -> None:
    page = standalone_html(build(SIMPLE), step=3, theme="dark", palette="cb")
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", page, flags=re.S)
    assert not re.search(r'(src|href)="(?!data:)', markup), "a file or URL is referenced"
    assert "@import" not in page and "url(fonts/" not in page
    assert 'data-theme="dark"' in page and 'data-palette="cb"' in page
    assert 'data-step="3"' in page
    importmap = re.search(r'<script type="importmap">(.*?)</script>', page, re.S)
    assert importmap
    imports = json.loads(importmap[1])["imports"]
    assert "chainrule/page/standalone.js" in imports
    assert all(url.startswith("data:text/javascript;base64,") for url in imports.values())
    assert embedded_graph(page)["nodes"][4]["value"] == -12


def test_standalone_survives_hostile_names_and_text() -> None:
    page = standalone_html(build("x = 1\nf = x * 2"), title="</script><script>alert(1)")
    assert "<script>alert(1)" not in page
    assert embedded_graph(page)["output"] == "n1"


def test_cli_exports_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "graph.html"
    assert main(["export", SIMPLE, "-o", str(out), "--step", "5", "--lang", "en"]) == 0
    page = out.read_text(encoding="utf-8")
    assert embedded_graph(page)["nodes"][3]["grad"] == -4 and 'data-step="5"' in page
    assert "5 nodes, 8 steps" in capsys.readouterr().out


def test_cli_exports_svg_of_the_final_step_from_a_file(tmp_path: Path) -> None:
    source = tmp_path / "cs231n.py"
    source.write_text(SIMPLE + "\n", encoding="utf-8")
    out = tmp_path / "graph.svg"
    assert main(["export", str(source), "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "v"]
    grads = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "g"]
    assert sorted(values) == sorted(["-2", "5", "-4", "3", "-12"])
    assert sorted(grads) == sorted(["-4", "-4", "3", "-4", "1"])
    names = {t.text for t in root.iter(f"{SVG}text") if t.get("class") == "name"}
    assert names == {"x", "y", "z"}


def test_cli_reports_bad_source_with_its_place(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "g.html")
    assert main(["export", "x = 1\ny = x +* 2", "-o", out, "--lang", "en"]) == 2
    assert "line 2, column 8" in capsys.readouterr().err
    assert not (tmp_path / "g.html").exists()


def test_cli_export_speaks_the_chosen_language(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.html"
    assert main(["export", "x = 1\ny = x +* 2", "-o", str(out), "--lang", "ko"]) == 2
    assert capsys.readouterr().err == "chainrule: 문법 오류: 2행 8열: 문법이 올바르지 않습니다\n"
    assert main(["export", "x = 2\nf = x * 3", "-o", str(out), "--lang", "ko"]) == 0
    assert "노드 2개, 단계 4개" in capsys.readouterr().out
    assert '<html lang="ko"' in out.read_text(encoding="utf-8")
    assert main(["export", "x = 2\nf = x * 3", "-o", str(out), "--lang", "en"]) == 0
    assert "2 nodes, 4 steps" in capsys.readouterr().out
    assert '<html lang="en"' in out.read_text(encoding="utf-8")


def test_cli_export_language_defaults_to_the_locale(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LC_ALL", "ko_KR.UTF-8")
    assert main(["export", "f = y", "-o", str(tmp_path / "g.html")]) == 2
    assert "이름 오류" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "x = 1", "--lang", "fr"])


def test_notebook_repr_is_an_iframe_with_the_viewer() -> None:
    x, y, z = Tensor(-2.0, name="x"), Tensor(5.0, name="y"), Tensor(-4.0, name="z")
    f = (x + y) * z
    f.backward()
    html = f._repr_html_()
    assert html.startswith("<iframe srcdoc=") and "&lt;script type=&quot;importmap&quot;" in html


def test_trace_before_backward_has_only_forward_steps() -> None:
    from chainrule.engine.document.trace import trace

    s = Tensor(1.0, name="s")
    doc = trace(1 / (1 + exp(-s)))
    assert {step["phase"] for step in doc["steps"]} == {"forward"}
    assert all(node["grad"] is None for node in doc["nodes"])


def test_collapsed_groups_reach_the_offline_file(tmp_path: Path) -> None:
    out = tmp_path / "sig.html"
    source = "def sig(t): return 1 / (1 + exp(-t))\nx = 0.5\nf = sig(x * 2)"
    assert main(["export", source, "-o", str(out), "--collapsed", "g0"]) == 0
    assert 'data-collapsed="g0"' in out.read_text(encoding="utf-8")
    client = TestClient(create_app())
    page = client.get("/standalone", params={"src": source, "collapsed": "g0,g1"}).text
    assert 'data-collapsed="g0,g1"' in page
    bad = client.get("/standalone", params={"src": source, "collapsed": '"><script>'})
    assert bad.status_code == 400


def test_standalone_route() -> None:
    client = TestClient(create_app())
    response = client.get("/standalone", params={"src": SIMPLE, "download": 1, "theme": "dark"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert embedded_graph(response.text)["output"] == "n4"
    bad = client.get("/standalone", params={"src": "f = q"})
    assert bad.status_code == 400 and bad.json()["error"]["type"] == "name"
    assert client.get("/standalone", params={"src": SIMPLE, "theme": "neon"}).status_code == 400


def test_svg_colours_are_the_pages_colours() -> None:
    """app/views/svg.py restates the palette of static/css/chainrule.css; keep them one palette."""
    from chainrule.app.paths import STATIC_DIR
    from chainrule.app.views.svg import COLOURS

    css = (STATIC_DIR / "css" / "chainrule.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = {sel.strip(): dict(re.findall(r"--(\w+):\s*(#[0-9a-f]{6})", body))
             for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)}
    for (theme, palette), colours in COLOURS.items():
        dark, cb = '[data-theme="dark"]', '[data-palette="cb"]'
        chain = [":root"] + [dark] * (theme == "dark") + [cb] * (palette == "cb")
        chain += [dark + cb] * (theme == "dark" and palette == "cb")
        merged: dict[str, str] = {}
        for selector in chain:
            merged |= rules[selector]
        assert colours == tuple(merged[k] for k in ("bg", "ink", "fwd", "bwd")), (theme, palette)


@pytest.mark.parametrize("text", ["</script>", "<!-- x -->", "a < b", "<\\!--"])
def test_json_in_a_script_element_cannot_end_it_and_still_parses(text: str) -> None:
    inline = script_json({"text": text})
    assert "<" not in inline
    assert json.loads(inline) == {"text": text}
