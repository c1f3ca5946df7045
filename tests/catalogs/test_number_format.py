"""One number format: engine/document/text.py and static/js/graph/format.js write every number alike
(plain and TeX). The vanishing-gradient preset on screen:
tests/browser/test_number_format_browser.py."""

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from chainrule.engine.document import text

FORMAT_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "graph" / "format.js"

SPEC = [  # (number, plain, TeX): the module docstring of engine/document/text.py, case by case
    (3, "3", "3"), (-4, "-4", "-4"), (65536, "65536", "65536"), (0.7310585786, "0.73", "0.73"),
    (-0.196611933, "-0.20", "-0.20"), (0.125, "0.13", "0.13"), (-0.125, "-0.13", "-0.13"),
    (0.01, "0.01", "0.01"), (999.994, "999.99", "999.99"),
    (5.51526374738973e-06, "5.52e-6", r"5.52 \times 10^{-6}"),
    (0.00387, "3.87e-3", r"3.87 \times 10^{-3}"), (12345.678, "1.23e4", r"1.23 \times 10^{4}"),
    (1e6, "1.00e6", r"1.00 \times 10^{6}"), (-1.5e300, "-1.50e300", r"-1.50 \times 10^{300}"),
    (0.0, "0", "0"), (-0.0, "0", "0"), (-2.87e-42, "0", "0"), (5.551115123125783e-17, "0", "0"),
    (1e-15, "1.00e-15", r"1.00 \times 10^{-15}"),
    ("nan", "NaN", r"\mathrm{NaN}"), ("inf", "∞", r"\infty"), ("-inf", "-∞", r"-\infty"),
]


def numbers() -> list:
    """The spec's cases, the edges between its ranges, ties, and 2,000 seeded numbers over
    forty decades, each also negative."""
    rng = np.random.default_rng(7)
    spread = (10.0 ** rng.uniform(-20, 20, 1000)).tolist()
    ties = (np.arange(1, 1000) / 1000 + 0.0005).tolist()  # 0.0015: a tie only in decimal
    edges = [0.01, 0.00999, 0.009995, 999.995, 1000, 999999, 999999.5, 1e-15, 9.99e-16,
             0.005, 0.015, 2.5, 1.005, 1e21, 2 ** 53, 0.1 + 0.2 - 0.3]
    plain = spread + ties + edges + rng.normal(0, 3, 500).round(3).tolist()
    return [n for n, _, _ in SPEC] + plain + [-x for x in plain]


def python_side(values: list) -> list[list[str]]:
    return [[text.num(float(v)), text.num_tex(float(v))] for v in values]


def js_side(values: list, tmp_path: Path) -> list[list[str]]:
    """fmt and fmtTex of static/js/graph/format.js, run by node over the same numbers."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    module = tmp_path / "format.mjs"
    module.write_text(FORMAT_JS.read_text(encoding="utf-8"), encoding="utf-8")
    script = (f"import {{ fmt, fmtTex }} from {json.dumps(module.as_uri())};\n"
              "import { readFileSync } from 'node:fs';\n"
              "const values = JSON.parse(readFileSync(0, 'utf8'));\n"
              "console.log(JSON.stringify(values.map((v) => [fmt(v), fmtTex(v)])));\n")
    runner = tmp_path / "run.mjs"
    runner.write_text(script, encoding="utf-8")
    done = subprocess.run([node, str(runner)], input=json.dumps(values), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_spec_cases() -> None:
    assert python_side([n for n, _, _ in SPEC]) == [[p, t] for _, p, t in SPEC]


def test_engine_and_browser_write_every_number_alike(tmp_path: Path) -> None:
    values = numbers()
    engine, browser = python_side(values), js_side(values, tmp_path)
    differ = [(v, e, b) for v, e, b in zip(values, engine, browser, strict=True) if e != b]
    assert not differ, differ[:10]
    assert len(values) > 4000


def test_captions_write_powers_of_ten_in_tex() -> None:
    """The vanishing-gradient preset: the last caption's TeX has × 10^{-6}, never e-06."""
    from chainrule.app.presets import PRESETS
    from chainrule.engine.document.build import build

    doc = build(PRESETS["vanishing-sigmoid"][1].source)
    last = doc["steps"][-1]
    assert r"5.52 \times 10^{-6}" in last["tex"] and "e-" not in last["tex"]
    assert "= 5.52e-6" in last["text"]
