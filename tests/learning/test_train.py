"""Learning in the engine: the update phase's numbers (three SGD iterations of CS231n's sigmoid
neuron by hand), mini-batches that cover every row once per epoch, losses on the right batch,
determinism, the decision boundary, and the Python helper."""

import math

import numpy as np
import pytest

from chainrule.engine import Tensor, mse
from chainrule.engine.core.errors import GraphError
from chainrule.engine.document.build import build
from chainrule.engine.document.training import train as train_request
from chainrule.engine.document.update import parameters
from chainrule.engine.language import parse
from chainrule.engine.learning import optim
from chainrule.engine.learning.datasets import generate
from chainrule.engine.learning.trainer import Trainer, train

NEURON = "w0 = {0}\nx0 = -1\nw1 = {1}\nx1 = -2\nw2 = {2}\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
START = (2.0, -3.0, -3.0)
SGD = {"name": "sgd", "lr": 0.1}


def neuron_by_hand(w: tuple[float, ...]) -> tuple[float, np.ndarray]:
    """f and ∂f/∂(w0, w1, w2) of the sigmoid neuron: σ(1 − σ) times x0, x1, 1."""
    s = 1 / (1 + math.exp(-(w[0] * -1 + w[1] * -2 + w[2])))
    return s, s * (1 - s) * np.array([-1.0, -2.0, 1.0])


def sgd_by_hand(iterations: int, lr: float = 0.1) -> list[np.ndarray]:
    ws = [np.array(START)]
    for _ in range(iterations):
        ws.append(ws[-1] - lr * neuron_by_hand(tuple(ws[-1]))[1])
    return ws


def update_steps(document: dict) -> list[dict]:
    return [s for s in document["steps"] if s["phase"] == "update"]


def test_one_sgd_iteration_on_the_sigmoid_neuron() -> None:
    document = build(NEURON.format(*START), optimizer=SGD, params=["w0", "w1", "w2"])
    steps = update_steps(document)
    assert document["steps"][-3:] == steps and [s["node"] for s in steps] == ["n0", "n2", "n4"]
    expected = sgd_by_hand(1)[1]
    np.testing.assert_allclose([s["value"] for s in steps], expected, rtol=1e-15)
    assert steps[0]["text"] == "w0 ← w0 − η·∂f/∂w0 = 2 − 0.1·(-0.20) = 2.02"
    assert steps[1]["text"] == "w1 ← w1 − η·∂f/∂w1 = -3 − 0.1·(-0.39) = -2.96"
    assert steps[2]["text"] == "w2 ← w2 − η·∂f/∂w2 = -3 − 0.1·0.20 = -3.02"
    assert steps[0]["tex"] == (r"w_{0} \leftarrow w_{0} - \eta \cdot \frac{\partial f}"
                               r"{\partial w_{0}} = 2 - 0.1 \cdot \left(-0.20\right) = 2.02")
    assert all(s["edges"] == [] for s in steps)
    node = next(n for n in document["nodes"] if n["id"] == "n0")
    assert node["value"] == 2.0  # the document itself stays at the parameters before the update


def test_three_sgd_iterations_by_hand() -> None:
    """Next iteration = forward again from the updated values; f falls each time."""
    by_hand = sgd_by_hand(3)
    ws, fs = START, []
    for k in range(3):
        document = build(NEURON.format(*ws), optimizer=SGD, params=["w0", "w1", "w2"])
        fs.append(next(n["value"] for n in document["nodes"] if n["id"] == document["output"]))
        assert fs[-1] == pytest.approx(neuron_by_hand(ws)[0], rel=1e-15)
        ws = tuple(s["value"] for s in update_steps(document))
        np.testing.assert_allclose(ws, by_hand[k + 1], rtol=1e-15)
    assert fs[0] > fs[1] > fs[2]
    np.testing.assert_allclose(fs, [0.7310585786300049, 0.7072432983163149, 0.6808764885540249],
                               rtol=1e-15)


def test_training_three_steps_gives_the_same_iterations() -> None:
    run = train_request(NEURON.format(*START), SGD, steps=3, params=["w0", "w1", "w2"])
    assert isinstance(run, dict)
    by_hand = sgd_by_hand(4)
    for i, name in enumerate(("w0", "w1", "w2")):
        np.testing.assert_allclose(run["trajectory"][name], [w[i] for w in by_hand[:4]],
                                   rtol=1e-15)
    np.testing.assert_allclose(run["loss"], [neuron_by_hand(tuple(w))[0] for w in by_hand[:3]],
                               rtol=1e-15)
    np.testing.assert_allclose([s["value"] for s in update_steps(run["final"])], by_hand[4],
                               rtol=1e-15)  # final's update phase is the fourth iteration
    assert run["accuracy"] is None and run["boundary"] is None


@pytest.mark.parametrize(("name", "hyper", "lines"), [
    ("momentum", {"momentum": 0.9}, ["v ← α·v − η·∂f/∂w0 = 0.9·0 − 0.1·(-0.20) = 0.02",
                                     "w0 ← w0 + v = 2 + 0.02 = 2.02"]),
    ("adagrad", {}, ["h ← h + (∂f/∂w0)² = 0 + (-0.20)² = 0.04",
                     "w0 ← w0 − η·∂f/∂w0/(√h + ε) = 2 − 0.1·(-0.20)/(√0.04 + 1e-7) = 2.10"]),
    ("rmsprop", {"rho": 0.9}, ["h ← ρ·h + (1 − ρ)·(∂f/∂w0)² = 0.9·0 + 0.1·(-0.20)² = 3.87e-3",
                               "w0 ← w0 − η·∂f/∂w0/(√h + ε) = 2 − 0.1·(-0.20)/(√3.87e-3 + "
                               "1e-7) = 2.32"]),
    ("adam", {}, ["m ← β1·m + (1 − β1)·∂f/∂w0 = 0.9·0 + 0.1·(-0.20) = -0.02",
                  "v ← β2·v + (1 − β2)·(∂f/∂w0)² = 0.999·0 + 0.001·(-0.20)² = 3.87e-5",
                  "m̂ ← m/(1 − β1^1) = -0.02/(1 − 0.9^1) = -0.20",
                  "v̂ ← v/(1 − β2^1) = 3.87e-5/(1 − 0.999^1) = 0.04",
                  "w0 ← w0 − η·m̂/(√v̂ + ε) = 2 − 0.1·(-0.20)/(√0.04 + 1e-8) = 2.10"]),
])
def test_update_steps_write_each_rule_out(name: str, hyper: dict, lines: list[str]) -> None:
    spec = {"name": name, "lr": 0.1} | hyper
    document = build(NEURON.format(*START), optimizer=spec, params=["w0"])
    (step,) = update_steps(document)
    assert step["text"].split("\n") == lines
    w = Tensor(START[0])
    w.grad = neuron_by_hand(START)[1][:1].reshape(())
    optim.make(name, [w], **{"lr": 0.1} | hyper).step()
    assert step["value"] == float(w.value)


def test_default_parameters_are_every_input() -> None:
    document = build("W = [[1.0, -2.0]]\nx = [[3.0], [4.0]]\nb = 0.5\nf = sum(W @ x) + b",
                     optimizer={"name": "sgd", "lr": 0.5})
    steps = update_steps(document)
    assert [s["node"] for s in steps] == ["n0", "n1", "n2"]
    assert steps[0]["value"] == [[-0.5, -4.0]]
    assert steps[0]["text"] == "W ← W − η·∂f/∂W = [[1, -2]] − 0.5·[[3, 4]] = [[-0.50, -4]]"


@pytest.mark.parametrize(("params", "kind", "words"), [
    (["w9"], "name", "no node is named w9"),
    (["w00"], "name", "did you mean w0?"),
    (["f"], "value", "f is a node of kind op"),
    (["x0", "q"], "name", "no node is named q"),
])
def test_params_must_name_inputs(params: list[str], kind: str, words: str) -> None:
    with pytest.raises(GraphError) as info:
        build(NEURON.format(*START), optimizer=SGD, params=params)
    assert info.value.type == kind and words in info.value.message


def make_trainer(source: str, batch_size: int | None, seed: int = 0, lr: float = 0.1) -> Trainer:
    output = parse(source).output
    return Trainer(output, optim.make("sgd", parameters(output), lr=lr), batch_size, seed)


LINE = 'X, t = dataset("line", n={n}, seed=4)\nw = 0.5\nb = 0\nL = mse(X * w + b, t)'


@pytest.mark.parametrize(("n", "batch_size"), [(10, 3), (10, 10), (7, 1), (5, 16), (9, 4)])
def test_every_epoch_covers_each_row_once(n: int, batch_size: int) -> None:
    batches = make_trainer(LINE.format(n=n), batch_size, seed=7).batches()
    rng = np.random.default_rng(7)
    for _epoch in range(3):
        order = rng.permutation(n)
        seen = []
        for start in range(0, n, batch_size):
            rows = next(batches)
            assert rows is not None
            np.testing.assert_array_equal(rows, order[start:start + batch_size])
            seen.extend(rows.tolist())
        assert sorted(seen) == list(range(n))


def test_each_loss_is_on_its_batch_before_its_update() -> None:
    n, batch_size = 10, 3
    trainer = make_trainer(LINE.format(n=n), batch_size, seed=1)
    X, t = generate("line", n=n, seed=4)
    *_, (steps, history) = trainer.run(8)
    rng = np.random.default_rng(1)
    rows = np.concatenate([rng.permutation(n) for _ in range(3)])
    starts = [0, 3, 6, 9, 10, 13, 16, 19]  # epochs of 3, 3, 3 and 1 rows
    sizes = [3, 3, 3, 1, 3, 3, 3, 1]
    for k, (start, size) in enumerate(zip(starts, sizes, strict=True)):
        batch = rows[start:start + size]
        w, b = history.trajectory["w"][k], history.trajectory["b"][k]
        expected = np.mean((X[batch] * w + b - t[batch]) ** 2)
        assert history.loss[k] == pytest.approx(expected, rel=1e-14)
    assert steps == 8 and trainer.data[0].value.shape == (n, 1)  # the whole data set again


def test_the_same_request_gives_the_same_numbers() -> None:
    spec = {"name": "adam", "lr": 0.05}
    runs = [train_request(SPIRAL, spec, steps=40, batch_size=8, seed=3) for _ in range(2)]
    assert runs[0] == runs[1]
    other = train_request(SPIRAL, spec, steps=40, batch_size=8, seed=4)
    assert isinstance(other, dict) and other["loss"] != runs[0]["loss"]


SPIRAL = """X, t = dataset("spiral", n=60, seed=0)
W1 = randn(2, 8, seed=1) * 0.5
b1 = zeros(8)
W2 = randn(8, 3, seed=2) * 0.5
b2 = zeros(3)
s = relu(X @ W1 + b1) @ W2 + b2
L = cross_entropy(s, t)"""


def test_classification_runs_report_accuracy_and_boundary() -> None:
    run = train_request(SPIRAL, {"name": "adam", "lr": 0.05}, steps=200)
    assert isinstance(run, dict)
    assert len(run["loss"]) == len(run["accuracy"]) == 200
    assert run["loss"][-1] < run["loss"][0] * 0.6 and run["accuracy"][-1] > 0.6
    assert set(run["trajectory"]) == {"W1", "b1", "W2", "b2"}  # 16, 8, 24, 3 numbers
    assert all(len(values) == 201 for values in run["trajectory"].values())
    area = run["boundary"]
    assert len(area["x"]) >= 60 and len(area["y"]) >= 60
    assert len(area["classes"]) == len(area["y"]) and len(area["classes"][0]) == len(area["x"])
    assert {c for row in area["classes"] for c in row} == {0, 1, 2}
    X, _ = generate("spiral", n=60, seed=0)
    assert area["x"][0] < X[:, 0].min() and area["x"][-1] > X[:, 0].max()
    assert area["y"][0] < X[:, 1].min() and area["y"][-1] > X[:, 1].max()
    final = run["final"]
    data = [n for n in final["nodes"] if n["kind"] == "data"]
    assert [(n["name"], n["shape"], n["grad"]) for n in data] == [("X", [60, 2], None),
                                                                ("t", [60], None)]
    assert final["nodes"][-1]["value"] == pytest.approx(accuracy_free_loss(run))


def accuracy_free_loss(run: dict) -> float:
    """The final graph's loss recomputed from the last trajectory values on the whole data."""
    X, t = generate("spiral", n=60, seed=0)
    p = {k: np.array(v[-1]) for k, v in run["trajectory"].items()}
    s = np.maximum(X @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"]
    s = s - s.max(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(60), t.astype(int)].mean())


def test_big_parameters_have_no_trajectory() -> None:
    source = SPIRAL.replace("8", "60")
    run = train_request(source, {"name": "sgd", "lr": 0.1}, steps=2)
    assert isinstance(run, dict) and set(run["trajectory"]) == {"b2", "b1"}


def test_streaming_lines_end_with_the_document() -> None:
    lines = list(train_request(SPIRAL, {"name": "sgd", "lr": 0.5}, steps=120, stream=True))
    progress, last = lines[:-1], lines[-1]
    assert [p["step"] for p in progress] == [50, 100]
    assert all(set(p) == {"step", "loss", "accuracy"} for p in progress)
    assert progress[1]["loss"] == last["loss"][99]
    assert progress[1]["accuracy"] == last["accuracy"][99]
    assert last == train_request(SPIRAL, {"name": "sgd", "lr": 0.5}, steps=120)


@pytest.mark.parametrize(("source", "settings", "words"), [
    ("x = 1\nf = x * [1, 2]", {}, "single number"),
    ("x = 1\nf = x * 2", {"params": []}, "nothing to train"),
    ("x = 1\nf = x * 2", {"steps": 0}, "from 1 to 5,000"),
    ("x = 1\nf = x * 2", {"steps": 5001}, "from 1 to 5,000"),
    (LINE.format(n=5), {"batch_size": 0}, "batch_size"),
    (LINE.format(n=5), {"seed": -2}, "seed"),
    ('X, t = dataset("line", n=5)\nX2, t2 = dataset("line", n=6)\nw = 1\n'
     "L = mse(X * w, t) + mse(X2 * w, t2)", {}, "different numbers of rows"),
])
def test_bad_runs_are_value_errors(source: str, settings: dict, words: str) -> None:
    kwargs = {"steps": 3} | settings
    with pytest.raises(GraphError) as info:
        train_request(source, SGD, **kwargs)
    assert info.value.type == "value" and words in info.value.message


def test_a_run_past_its_budget_is_a_limit_error() -> None:
    with pytest.raises(GraphError) as info:
        train_request(SPIRAL, SGD, steps=5000, seconds=0.01)
    assert info.value.type == "limit" and "0.01 s" in info.value.message


def test_python_helper_trains_a_tensor_graph_in_place() -> None:
    w, x, t = Tensor(0.0, name="w"), Tensor([1.0, 2.0, 3.0], requires_grad=False), [2.0, 4.0, 6.0]
    loss = mse(x * w, t)
    history = train(loss, "sgd", lr=0.1, steps=30)
    assert history.loss[0] == pytest.approx(56 / 3)
    assert float(w.value) == pytest.approx(2.0, abs=1e-3) and history.loss[-1] < 1e-5
    assert len(history.trajectory["w"]) == 31 and history.accuracy is None
    assert w.grad is not None and abs(float(w.grad)) < 1e-2  # graph left at the final values


def test_python_helper_takes_source() -> None:
    history = train(LINE.format(n=40), "sgd", lr=0.5, steps=200, batch_size=8, seed=0)
    w, b = history.trajectory["w"][-1], history.trajectory["b"][-1]
    assert float(w) == pytest.approx(2.0, abs=0.1) and float(b) == pytest.approx(1.0, abs=0.1)


def test_python_data_leaves_are_cut_into_batches() -> None:
    X, t = generate("line", n=12, seed=0)
    w, b = Tensor(0.0, name="w"), Tensor(0.0, name="b")
    loss = mse(Tensor(X, name="X", data=True) * w + b, Tensor(t, name="t", data=True))
    seen: list[int] = []
    train(loss, "sgd", lr=0.3, steps=9, batch_size=5,
          progress=lambda done, h: seen.append(loss.inputs[0].value.shape[0]))
    assert seen == [5, 5, 2] * 3  # the shapes of the batch each step ran on
    assert loss.inputs[0].value.shape == (12, 1)  # the whole data set at the end


def test_the_benchmark_implementations_agree() -> None:
    """bench/train_bench.py times the same maths three ways; here: the same losses."""
    import importlib.util  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    path = Path(__file__).resolve().parents[2] / "bench" / "train_bench.py"
    spec = importlib.util.spec_from_file_location("train_bench", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    np.testing.assert_allclose(bench.chainrule_run(20, 30, 8), bench.numpy_run(20, 30, 8),
                               rtol=1e-12)
