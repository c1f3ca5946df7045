"""The gallery (GET /api/examples): every preset builds through the API with the numbers its lecture
note gives, every lecture note has a group, every preset and group has words in both languages,
and the learning presets train (POST /api/train) and step (the update phase) as they say."""

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.app.presets import GROUPS, PRESETS
from chainrule.engine.learning.optim import OPTIMIZERS

NOTES = Path("/work/shared/lecture-notes")
# Each lecture note → its gallery group (the fifth note, CNN backpropagation, is summarized in
# the notes' README).
LECTURES = {
    "1-cs231n-lecture6-backprop.txt": "cs231n",
    "2-deep-learning-from-scratch-2-ch1-backprop.txt": "dlfs2",
    "3-backprop-blog.txt": "blog",
    "4-course-deck-activations-optimizers-cnn.txt": "deck",
    "README.md#the-fifth-note-cnn-backpropagation": "cnn",
}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
SETTINGS = {"graph": {"params"}, "train": {"steps", "batch_size", "seed", "params"},
            "race": {"steps", "runs"}}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.fixture(scope="module")
def docs(client: TestClient) -> dict[str, dict[str, Any]]:
    """Every preset built through POST /api/graph."""
    out = {}
    for key, (_, preset) in PRESETS.items():
        response = client.post("/api/graph", json={"source": preset.text})
        assert response.status_code == 200, (key, response.text)
        out[key] = response.json()
    return out


def named(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["name"]: n for n in doc["nodes"] if n["name"]}


def value(doc: dict[str, Any], name: str) -> np.ndarray:
    return np.array(named(doc)[name]["value"], dtype=float)


def grad(doc: dict[str, Any], name: str) -> np.ndarray:
    return np.array(named(doc)[name]["grad"], dtype=float)


def close(a: Any, b: Any, tol: float = 1e-9) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=tol, atol=tol))


# --- the gallery as the API serves it ---------------------------------------------------------

def test_examples_keep_the_old_fields_and_add_group_and_mode(client: TestClient) -> None:
    served = client.get("/api/examples").json()
    assert [e["id"] for e in served] == list(PRESETS)
    assert served[0]["id"] == "cs231n-simple"  # the editor's first program, as before
    for example in served:
        assert {"id", "title", "source", "description", "group", "group_title", "mode", "check",
                "optimizer", "settings"} == set(example)
        assert example["group"] in GROUPS and example["mode"] in SETTINGS
        assert set(example["settings"] or {}) <= SETTINGS[example["mode"]], example["id"]
        if example["optimizer"]:
            assert example["optimizer"]["name"] in OPTIMIZERS and example["optimizer"]["lr"] > 0
    groups = [e["group"] for e in served]
    assert groups == sorted(groups, key=list(GROUPS).index)  # each lecture in one run


def test_every_lecture_note_has_a_group_with_its_presets() -> None:
    files = {p.name for p in NOTES.glob("*.txt")}
    assert files == {name for name in LECTURES if name.endswith(".txt")}
    assert "The fifth note: CNN backpropagation" in (NOTES / "README.md").read_text()
    assert set(LECTURES.values()) | {"learning"} == set(GROUPS)
    assert all(len(presets) >= 4 for presets in GROUPS.values())


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_titles_notes_and_groups_in_both_languages(client: TestClient, lang: str) -> None:
    served = client.get("/api/examples", headers={"Accept-Language": lang}).json()
    for example in served:
        words = [example["title"], example["description"], example["group_title"]]
        assert not any(w.startswith(("example.", "gallery.")) for w in words), example["id"]
        assert all(w and w.strip() == w for w in words)
        if lang == "ko":
            assert HANGUL.search(example["description"]), example["id"]
            assert HANGUL.search(example["group_title"]), example["group"]
            assert not re.search(r"다\. \S", example["description"]), "one sentence"
        else:
            assert not HANGUL.search("".join(words)), example["id"]
            assert not re.search(r"[.!?] [A-Z]", example["description"]), "one sentence"
        assert example["description"].endswith((".", ")")), example["id"]


def test_the_catalogs_hold_no_stale_example_ids() -> None:
    root = Path(__file__).resolve().parents[2] / "static" / "i18n"
    for lang in ("en", "ko"):
        messages = json.loads((root / f"{lang}.json").read_text(encoding="utf-8"))
        ids = {k.split(".")[1] for k in messages if k.startswith("example.")}
        assert ids == set(PRESETS), lang
        groups = {k.split(".")[2] for k in messages if k.startswith("gallery.group.")}
        assert groups == set(GROUPS), lang


def test_every_preset_builds(docs: dict[str, Any]) -> None:
    """(Their gradients against central differences: tests/app/test_api.py, with KINKS below.)"""
    assert set(docs) == set(PRESETS)
    for key, doc in docs.items():
        output = next(n for n in doc["nodes"] if n["id"] == doc["output"])
        assert output["grad"] == 1 and len(doc["steps"]) > len(doc["nodes"]), key


# Presets on a kink, where central differences take the mean of two one-sided slopes; the check
# must disagree there (an entry whose check starts agreeing is stale and fails).
KINKS = {
    "maxpool-6x6": "two windows of X1 hold two 255s each: a tie",
    "spiral-net": "ReLU at 0: three spiral points sit at the origin, W1·0.01 keeps others near it",
}


@pytest.mark.parametrize("key", KINKS)
def test_kinks_are_where_the_check_disagrees(client: TestClient, key: str) -> None:
    body = client.post("/api/graph", json={"source": PRESETS[key][1].text, "check": True}).json()
    assert not body["check"]["ok"], f"{key} now agrees: drop it from KINKS"


# --- CS231n lecture 6 -----------------------------------------------------------------------

def test_cs231n_add_and_multiply(docs: dict[str, Any]) -> None:
    doc = docs["cs231n-simple"]
    assert value(doc, "f") == -12 and value(doc, "q") == 3
    assert [float(grad(doc, n)) for n in "xyz"] == [-4, -4, 3]


@pytest.mark.parametrize("key", ["cs231n-sigmoid-gates", "cs231n-sigmoid-gate", "sigmoid-def",
                                 "sgd-step-sigmoid"])
def test_sigmoid_neuron(docs: dict[str, Any], key: str) -> None:
    doc = docs[key]
    assert round(float(value(doc, "f")), 2) == 0.73
    grads = [round(float(grad(doc, n)), 2) for n in ("w0", "x0", "w1", "x1", "w2")]
    assert grads == [-0.20, 0.39, -0.39, -0.59, 0.20]


def test_linear_classifier_svm_and_regularization(docs: dict[str, Any]) -> None:
    doc = docs["cs231n-linear-svm"]
    scores = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]  # cat, car, frog images
    assert close(value(doc, "S"), scores, 1e-12)
    assert close(value(doc, "data"), (2.9 + 0 + 12.9) / 3)
    W, X = value(doc, "W"), value(doc, "X")
    assert close(value(doc, "L"), (2.9 + 12.9) / 3 + 0.01 * (W * W).sum())
    dS = np.zeros((3, 3))  # ∂(hinge)/∂S: +1 per positive margin, −count at the label, / N
    for i, y in enumerate([0, 1, 2]):
        for j in range(3):
            if j != y and scores[i][j] - scores[i][y] + 1 > 0:
                dS[i, j] += 1 / 3
                dS[i, y] -= 1 / 3
    assert close(grad(doc, "S"), dS)
    assert close(grad(doc, "W"), X.T @ dS + 0.02 * W)
    assert named(doc)["y"]["grad"] is None  # class labels


def test_gate_patterns_and_copy(docs: dict[str, Any]) -> None:
    doc = docs["gate-patterns"]
    assert value(doc, "f") == -17  # (3·−4 + max(2, −1))·2 + 3
    assert [float(grad(doc, n)) for n in "xyzw"] == [2 * -4 + 1, 2 * 3, 2, 0]  # swap+copy, router
    copy = docs["copy-gate"]
    assert value(copy, "f") == 8 and grad(copy, "x") == 3 + 1


def test_norm_of_wx(docs: dict[str, Any]) -> None:
    doc = docs["norm-wx"]
    W, x, q = value(doc, "W"), value(doc, "x"), value(doc, "q")
    assert close(value(doc, "f"), 0.116) and close(q, [0.22, 0.26])
    assert close(grad(doc, "W"), 2 * np.outer(q, x)) and close(grad(doc, "x"), 2 * W.T @ q)


# --- 밑바닥부터 시작하는 딥러닝 2, chapter 1 -------------------------------------------------

def softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_softmax_then_cross_entropy(docs: dict[str, Any]) -> None:
    doc = docs["softmax-ce"]
    s, t = value(doc, "s"), value(doc, "t")
    y = softmax(s)
    assert close(value(doc, "y"), y) and close(value(doc, "y").sum(), 1)
    assert close(value(doc, "L"), -math.log(y[0, 2]))
    assert close(grad(doc, "s"), y - t)


def test_softmax_with_loss_one_hot_and_index_targets(docs: dict[str, Any]) -> None:
    onehot, index = docs["softmax-loss-onehot"], docs["softmax-loss-index"]
    s, t = value(onehot, "s"), value(onehot, "t")
    y = softmax(s)
    assert close(value(onehot, "L"), -np.log(y[[0, 1], [2, 0]]).mean())
    assert close(grad(onehot, "s"), (y - t) / 2)  # (y − t)/N
    assert close(value(index, "L"), value(onehot, "L"))
    assert close(grad(index, "s"), grad(onehot, "s"))
    assert value(index, "t").tolist() == [2, 0] and named(index)["t"]["grad"] is None


def test_matmul_shapes(docs: dict[str, Any]) -> None:
    doc = docs["matmul-batch"]
    X, W, G = value(doc, "X"), value(doc, "W"), value(doc, "G")
    assert X.shape == (2, 3) and W.shape == (3, 4) and value(doc, "Y").shape == (2, 4)
    assert close(grad(doc, "Y"), G)
    assert close(grad(doc, "X"), G @ W.T)  # dx = dy·Wᵀ
    assert close(grad(doc, "W"), X.T @ G)  # dW = xᵀ·dy


def test_repeat_and_sum_d8_n7(docs: dict[str, Any]) -> None:
    doc = docs["repeat-sum"]
    x, G = value(doc, "x"), value(doc, "G")
    assert x.shape == (1, 8) and value(doc, "y").shape == (7, 8) and value(doc, "s").shape == (1, 8)
    assert close(value(doc, "y"), np.repeat(x, 7, axis=0))
    assert close(value(doc, "s"), (np.repeat(x, 7, axis=0) * G).sum(axis=0, keepdims=True))
    assert close(grad(doc, "y"), G)  # Sum's backward repeats the (1, D) upstream ones
    assert close(grad(doc, "x"), G.sum(axis=0, keepdims=True))  # Repeat's backward sums


def test_branch_node_adds(docs: dict[str, Any]) -> None:
    doc = docs["branch-node"]
    x = value(doc, "x")
    assert close(grad(doc, "x"), 2 + 2 * x)


# --- the blog -------------------------------------------------------------------------------

def test_relu_and_sigmoid_backward(docs: dict[str, Any]) -> None:
    relu = docs["relu"]
    x, g = value(relu, "x"), value(relu, "g")
    assert close(grad(relu, "x"), np.where(x > 0, g, 0))
    sig = docs["sigmoid-y1y"]
    y = value(sig, "y")
    assert close(y, 1 / (1 + np.exp(-value(sig, "x"))))
    assert close(grad(sig, "x"), y * (1 - y)) and close(grad(sig, "x")[1], 0.25)


def test_affine(docs: dict[str, Any]) -> None:
    doc = docs["affine"]
    X, W, B, G = (value(doc, n) for n in ("X", "W", "B", "G"))
    assert close(value(doc, "Y"), X @ W + B)
    assert close(grad(doc, "X"), G @ W.T) and close(grad(doc, "W"), X.T @ G)
    assert close(grad(doc, "B"), G.sum(axis=0))


def test_identity_with_half_squared_error_gives_y_minus_t(docs: dict[str, Any]) -> None:
    doc = docs["identity-mse"]
    y, t = value(doc, "y"), value(doc, "t")
    assert close(value(doc, "L"), 0.5 * ((y - t) ** 2).sum())
    assert close(grad(doc, "y"), y - t)


def test_gradient_check_preset_opens_with_the_check(client: TestClient) -> None:
    preset = PRESETS["gradient-check"][1]
    assert preset.check and [k for k, (_, p) in PRESETS.items() if p.check] == ["gradient-check"]
    body = client.post("/api/graph", json={"source": preset.text, "check": True}).json()
    assert body["check"]["ok"] and body["check"]["max_rel_error"] < 1e-6
    assert set(body["check"]["inputs"]) == {"x", "W", "b", "t"}


# --- the course deck ------------------------------------------------------------------------

def test_activations_side_by_side(docs: dict[str, Any]) -> None:
    doc = docs["activations"]
    x = value(doc, "x")
    sig = 1 / (1 + np.exp(-x))
    assert close(value(doc, "d"), np.maximum(0.1 * x, x))  # Leaky ReLU as the deck writes it
    assert close(value(doc, "e"), np.where(x >= 0, x, np.exp(x) - 1))
    assert close(value(doc, "m"), np.maximum(1.0 * x + 0.0, -0.5 * x + 0.5))  # Maxout
    want = (sig * (1 - sig) + (1 - np.tanh(x) ** 2) + (x > 0) + np.where(x > 0, 1, 0.1)
            + np.where(x > 0, 1, np.exp(x)) + np.where(x > (0.5 / 1.5), 1.0, -0.5))
    assert close(grad(doc, "x"), want)


def test_vanishing_gradient_in_eight_sigmoid_layers(docs: dict[str, Any]) -> None:
    doc = docs["vanishing-sigmoid"]
    layers = [float(grad(doc, name)) for name in ["x", *(f"h{k}" for k in range(1, 9))]]
    assert all(0 < a <= 0.25 * b for a, b in zip(layers, layers[1:], strict=False))  # σ′ ≤ 0.25
    weights = [float(grad(doc, f"w{k}")) for k in range(1, 9)]
    assert weights == sorted(weights) and weights[-1] > 0.1 and weights[0] < 1e-5
    assert len(docs["vanishing-sigmoid"]["groups"]) == 8  # one box per layer


def test_dropout(docs: dict[str, Any]) -> None:
    doc = docs["dropout"]
    x = value(doc, "x")
    keep = np.random.default_rng(0).random(x.shape) >= 0.5
    assert close(value(doc, "y"), x * keep / 0.5) and close(grad(doc, "x"), keep / 0.5)


def test_four_losses(docs: dict[str, Any]) -> None:
    doc = docs["losses"]
    y, t, s, p, q = (value(doc, n) for n in "ytspq")
    want = (((y - t) ** 2).mean() + abs(y - t).mean() - math.log(softmax(s)[0, 0])
            - (q * np.log(p) + (1 - q) * np.log(1 - p)).mean())
    assert close(value(doc, "L"), want)
    assert close(grad(doc, "p"), -(q / p - (1 - q) / (1 - p)) / 3)


def test_3x3_convolution_with_padding(docs: dict[str, Any]) -> None:
    """The deck's X * W: W turned by 180° slides over X padded by 1, computed here by hand."""
    doc = docs["conv-3x3-padding"]
    X = np.array([[2, 1, 2], [5, 0, 1], [1, 7, 3]], dtype=float)
    W = np.array([[0.5, 0.7, 0.4], [0.3, 0.4, 0.1], [0.5, 1, 0.5]])
    padded = np.pad(X, 1)
    Y = np.array([[sum(padded[i + a, j + b] * W[2 - a, 2 - b] for a in range(3) for b in range(3))
                   for j in range(3)] for i in range(3)])
    assert close(Y, [[4.6, 3.7, 1.6], [8.7, 10.6, 7.8], [7.5, 6.8, 2.9]])
    assert close(value(doc, "Wr")[0, 0], W[::-1, ::-1])  # the deck's Wʳ
    assert close(value(doc, "Y")[0, 0], Y)
    assert named(doc)["Y"]["shape"] == [1, 1, 3, 3]  # "same": as big as X


def test_1d_convolution_flips_the_kernel(docs: dict[str, Any]) -> None:
    doc = docs["convolve-1d"]
    x, w = value(doc, "x"), value(doc, "w")
    y = [sum(x[i - k] * w[k] for k in range(len(w)) if 0 <= i - k < len(x))
         for i in range(len(x) + len(w) - 1)]  # y[i] = Σ x[i − k]·w[k]
    assert close(value(doc, "y"), y) and close(y, np.convolve(x, w, "full")) and len(y) == 12


def test_output_size_formula(docs: dict[str, Any]) -> None:
    n, p, f, s = 6, 1, 3, 2
    o = (n + 2 * p - f) // s + 1
    assert o == 3 and named(docs["conv-output-size"])["y"]["shape"] == [1, 1, o, o]


def test_6x6_max_pooling(docs: dict[str, Any]) -> None:
    doc = docs["maxpool-6x6"]
    assert value(doc, "Y")[0, 0].tolist() == [[255, 125, 170], [255, 150, 150], [70, 200, 95]]
    assert grad(doc, "X").sum() == 9  # one unit of gradient per window, to one place each


def test_batchnorm(docs: dict[str, Any]) -> None:
    doc = docs["batchnorm"]
    x, gamma, beta = value(doc, "x"), value(doc, "gamma"), value(doc, "beta")
    xhat = (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-5)
    assert close(value(doc, "y"), gamma * xhat + beta)
    dy = value(doc, "c")
    assert close(grad(doc, "gamma"), (dy * xhat).sum(axis=0))
    assert close(grad(doc, "beta"), dy.sum(axis=0))
    assert close(grad(doc, "x").sum(axis=0), np.zeros(3), 1e-9)  # the mean takes a shift back


# --- the CNN notes --------------------------------------------------------------------------

def test_fc_backward_with_half_squared_error(docs: dict[str, Any]) -> None:
    doc = docs["cnn-fc-backward"]
    x, W, out, target = (value(doc, n) for n in ("x", "W", "O", "Ot"))
    dO = out - target  # dC/dO = O − Oₜ
    dz = dO * out * (1 - out)  # local gradient: upstream · f′(z)
    assert close(grad(doc, "O"), dO) and close(grad(doc, "z"), dz)
    assert close(grad(doc, "x"), dz @ W.T) and close(grad(doc, "W"), x.T @ dz)


def test_conv_backward_c1_k1_s1_p0(docs: dict[str, Any]) -> None:
    doc = docs["cnn-conv-backward"]
    i, k, G = value(doc, "I")[0, 0], value(doc, "k")[0, 0], value(doc, "G")[0, 0]
    out = value(doc, "O")[0, 0]
    assert out.shape == (2, 2)  # O₀₀ = i₀₀k₀₀ + i₁₀k₁₀ + i₀₁k₀₁ + i₁₁k₁₁
    assert out[0, 0] == (i[0, 0] * k[0, 0] + i[1, 0] * k[1, 0]
                         + i[0, 1] * k[0, 1] + i[1, 1] * k[1, 1])
    dk = np.array([[(i[a:a + 2, b:b + 2] * G).sum() for b in range(2)] for a in range(2)])
    full = np.pad(G, 1)  # full convolution of G with k turned by 180°
    rot = k[::-1, ::-1]
    dI = np.array([[(full[i:i + 2, j:j + 2] * rot).sum() for j in range(3)] for i in range(3)])
    assert close(grad(doc, "k")[0, 0], dk) and close(grad(doc, "I")[0, 0], dI)


def test_maxpool_backward_routes_to_the_maxima(docs: dict[str, Any]) -> None:
    doc = docs["cnn-maxpool-backward"]
    A, G = value(doc, "A")[0, 0], value(doc, "G")[0, 0]
    want = np.zeros_like(A)
    for i in range(2):
        for j in range(2):
            window = A[2 * i:2 * i + 2, 2 * j:2 * j + 2]
            a, b = np.unravel_index(window.argmax(), window.shape)
            assert (window == window.max()).sum() == 1  # no ties here
            want[2 * i + a, 2 * j + b] = G[i, j]
    assert close(grad(doc, "A")[0, 0], want)


# --- learning -------------------------------------------------------------------------------

def test_spiral_net_shapes_and_first_loss(docs: dict[str, Any]) -> None:
    doc = docs["spiral-net"]
    nodes = named(doc)
    assert nodes["X"]["shape"] == [300, 2] and nodes["t"]["shape"] == [300]
    assert nodes["W1"]["shape"] == [2, 100] and nodes["scores"]["shape"] == [300, 3]
    assert nodes["X"]["kind"] == "data" and nodes["t"]["grad"] is None
    assert abs(float(value(doc, "L")) - math.log(3)) < 1e-3  # tiny weights: a uniform guess


def test_race_function(docs: dict[str, Any]) -> None:
    doc = docs["optimizer-race"]
    assert close(value(doc, "f"), 49 / 20 + 4)
    assert close(grad(doc, "x"), -7 / 10) and close(grad(doc, "y"), 4)
    runs = PRESETS["optimizer-race"][1].settings["runs"]  # type: ignore[index]
    assert [r["name"] for r in runs] == ["sgd", "momentum", "adagrad", "adam"]


def test_one_sgd_step_on_the_sigmoid_neuron(client: TestClient) -> None:
    preset = PRESETS["sgd-step-sigmoid"][1]
    body = client.post("/api/graph", json={"source": preset.text, "optimizer": preset.optimizer,
                                           "params": preset.settings["params"]}).json()  # type: ignore[index]
    updates = {named_id(body, s["node"]): s["value"] for s in body["steps"]
               if s["phase"] == "update"}
    assert {k: round(v, 2) for k, v in updates.items()} == {"w0": 2.02, "w1": -2.96, "w2": -3.02}


def named_id(doc: dict[str, Any], node_id: str) -> str:
    return next(n["name"] for n in doc["nodes"] if n["id"] == node_id)


@pytest.mark.parametrize("key", ["spiral-net", "gd-full-batch", "sgd-minibatch"])
def test_train_presets_learn(client: TestClient, key: str) -> None:
    preset = PRESETS[key][1]
    assert preset.mode == "train" and preset.optimizer and preset.settings
    body = client.post("/api/train", json={"source": preset.text, "optimizer": preset.optimizer,
                                           **preset.settings}).json()
    assert len(body["loss"]) == preset.settings["steps"]
    assert body["loss"][-1] < 0.2 * body["loss"][0], key
    final = body["final"]
    accuracy = accuracy_of(final)
    assert accuracy > 0.9, (key, accuracy)


def accuracy_of(final: dict[str, Any]) -> float:
    scores, t = np.array(value(final, "scores")), np.array(value(final, "t"))
    return float((scores.argmax(axis=1) == t).mean())
