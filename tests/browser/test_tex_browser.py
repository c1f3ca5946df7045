"""Every formula and caption the API sends must render in KaTeX (throwOnError: true)."""

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app

pytestmark = pytest.mark.browser

RENDER_ALL_JS = """(texts) => texts.flatMap((tex) => {
  try { katex.renderToString(tex, {throwOnError: true, displayMode: true}); return []; }
  catch (error) { return [tex + "  →  " + error.message]; }
})"""
EXTRA = [  # names and constants the presets do not use
    "x = 4\nf = (x - 3) / 2 + 1 / x + 2 ** x + x ** 0.5",
    "loss_1 = 2\n가 = 3\nf = leaky_relu(loss_1 * 가, slope=0.1) + elu(-loss_1) + min(가, 1)",
    "scores = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0]]\nw_1 = [1, 0, -1]\nx = ones(1, 1, 6)\n"
    "y = convolve(w_1, [1, 2], mode=\"same\") + sum(conv1d(x, ones(2, 1, 3), padding=\"same\"))\n"
    "h = dropout(batchnorm(scores, ones(3), [0, 1, 2]), p=0.5)"
    " + sum(avgpool2d(ones(1, 1, 4, 4), 2))\n"
    "loss_1 = svm_loss(h, [0, 1], margin=2) + mae(scores, ones(2, 3))"
    " + bce(sigmoid(scores), ones(2, 3)) + sum(y)",
]


def all_tex() -> list[str]:
    client = TestClient(create_app())
    texts = [op["formula"] for op in client.get("/api/ops").json()]
    sources = [e["source"] for e in client.get("/api/examples").json()] + EXTRA
    for source in sources:
        doc = client.post("/api/graph", json={"source": source}).json()
        texts += [n["formula"] for n in doc["nodes"] if n["formula"]]
        texts += [s["tex"] for s in doc["steps"]]
    return texts


def test_every_formula_and_caption_renders(app_page) -> None:  # type: ignore[no-untyped-def]
    texts = all_tex()
    app_page.goto("/")
    assert len(texts) > 250  # 38 catalog formulas, then every node and step of 13 programs
    assert app_page.evaluate(RENDER_ALL_JS, texts) == []
