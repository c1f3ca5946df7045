"""Engine behaviour on the lecture examples: exact CS231n numbers, forks, steps, optimizers."""

import numpy as np
import pytest

import chainrule.engine.core.functions as F
from chainrule.engine import Tensor, topological
from chainrule.engine.document.build import build
from chainrule.engine.document.trace import trace
from chainrule.engine.learning.optim import SGD, AdaGrad, Adam, Momentum, RMSProp

SIMPLE = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z"
SIGMOID = "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"


def by_name(doc: dict) -> dict:
    return {n["name"]: n for n in doc["nodes"] if n["name"]}


def test_cs231n_simple_numbers() -> None:
    doc = build(SIMPLE)
    nodes = by_name(doc)
    assert nodes["f"]["value"] == -12 and nodes["q"]["value"] == 3
    assert [nodes[n]["grad"] for n in "xyzq"] == [-4, -4, 3, -4]
    assert doc["output"] == nodes["f"]["id"] and nodes["f"]["grad"] == 1


def test_cs231n_sigmoid_numbers_gates_and_one_gate() -> None:
    for source in (SIGMOID, SIGMOID.replace("1 / (1 + exp(-(", "sigmoid((").replace(")))", "))")):
        nodes = by_name(build(source))
        assert nodes["f"]["value"] == pytest.approx(0.7310585786)
        grads = [round(nodes[n]["grad"], 2) for n in ("w0", "x0", "w1", "x1", "w2")]
        assert grads == [-0.20, 0.39, -0.39, -0.59, 0.20]


def test_unnamed_values_get_letters_in_captions() -> None:
    doc = build(SIGMOID)
    symbols = [n["symbol"] for n in doc["nodes"]]
    assert symbols == ["w0", "x0", "w1", "x1", "w2", "a", "b", "c", "d", "g", "h", "i", "f"]
    first = doc["steps"][-1]["text"].splitlines()[0]
    assert first == "∂f/∂w0 = ∂f/∂a · ∂a/∂w0 = 0.20 · (-1) = -0.20"


def test_formulas_use_the_nodes_own_symbols() -> None:
    nodes = by_name(build(SIMPLE))
    assert nodes["f"]["formula"] == (
        r"f = q\,z,\quad \frac{\partial f}{\partial q} = z,\quad \frac{\partial f}{\partial z} = q")
    formulas = [n["formula"] for n in build(SIGMOID)["nodes"] if n["formula"]]
    assert r"g = -1 \cdot d,\quad \frac{\partial g}{\partial d} = -1" in formulas
    assert r"f = \frac{1}{i},\quad \frac{\partial f}{\partial i} = -\frac{1}{i^2}" in formulas


def test_sigmoid_gate_labels_follow_the_slides() -> None:
    labels = [n["label"] for n in build(SIGMOID)["nodes"] if n["kind"] == "op"]
    assert labels == ["×", "×", "+", "+", "*-1", "exp", "+1", "1/x"]


def test_edge_grads_at_a_fork_sum_to_the_node_grad() -> None:
    doc = build("x = 2\ny = 3\na = x * y\nb = x + 1\nf = a * b + x")
    x = by_name(doc)["x"]
    outgoing = [e["grad"] for e in doc["edges"] if e["source"] == x["id"]]
    assert len(outgoing) == 3
    assert sum(outgoing) == pytest.approx(x["grad"])
    assert x["grad"] == pytest.approx(3 * 3 + 6 * 1 + 1)  # d/dx (xy)(x+1) + x


def test_a_times_a_keeps_two_edges() -> None:
    a = Tensor(3.0, name="a")
    f = a * a
    f.backward()
    doc = trace(f)
    assert [e["index"] for e in doc["edges"]] == [0, 1]
    assert [e["grad"] for e in doc["edges"]] == [3.0, 3.0] and a.grad == 6.0


def test_numpy_arrays_on_the_left_make_one_node() -> None:
    w = Tensor(np.ones((2, 2)), name="w")
    y = np.ones((3, 2)) @ w
    z = np.ones(2) + w
    assert isinstance(y, Tensor) and y.op is not None and y.op.name == "matmul"
    assert isinstance(z, Tensor) and z.op is not None and z.op.name == "add"
    functions_sum = F.sum(y) + F.sum(z)
    functions_sum.backward()
    np.testing.assert_allclose(w.grad, np.full((2, 2), 4.0))


def test_gradients_are_read_only_so_shared_arrays_stay_intact() -> None:
    x = Tensor([1.0, 2.0], name="x")
    q = x + 0.0
    f = F.sum(q * 1.0)
    f.backward()
    with pytest.raises(ValueError):
        q.grad += 1  # type: ignore[operator]
    x.grad = x.grad * 0  # rebinding is fine
    np.testing.assert_allclose(q.grad, [1.0, 1.0])


def test_scalars_are_numpy_scalars_and_arrays_are_the_nodes_own() -> None:
    data = np.array([1.0, 2.0])
    x, s = Tensor(data, name="x"), Tensor(2.0, name="s")
    y = F.reshape(x, (2, 1))  # NumPy's reshape is a view of x's array: the node keeps a copy
    f = F.sum(y * s)
    f.backward()
    assert {type(s.value), type(f.value), type(s.grad)} == {np.float64}
    data[0] = 5.0
    assert x.value[0] == 1.0 and not np.shares_memory(y.value, x.value)
    assert s.grad == 3.0 and f.value == 6.0


def test_ops_turn_numpy_warnings_off_only_while_they_run() -> None:
    before = np.geterr()
    f = F.log(Tensor(0.0, name="x")) * 0.0  # -inf, then nan: no RuntimeWarning (an error here)
    f.backward()
    assert np.isnan(f.value) and np.geterr() == before


def test_transpose_of_a_scalar_stays_a_scalar() -> None:
    nodes = by_name(build("x = 1.5\nf = -x.T"))
    assert nodes["f"]["shape"] == [] and nodes["x"]["grad"] == -1


def test_broadcast_gradient_is_summed_back_to_shape() -> None:
    nodes = by_name(build("X = ones(4, 3)\nb = [1, 2, 3]\nY = X + b\nL = sum(Y * Y)"))
    assert nodes["b"]["shape"] == [3]
    np.testing.assert_allclose(nodes["b"]["grad"], 4 * 2 * (1 + np.array([1, 2, 3])))


def test_affine_layer_gradients() -> None:
    doc = build(
        "X = [[1, 2], [3, 4]]\nW = [[1, 0, 1], [0, 1, 1]]\nb = [1, 1, 1]\nL = sum(X @ W + b)"
    )
    nodes = by_name(doc)
    np.testing.assert_allclose(nodes["W"]["grad"], [[4, 4, 4], [6, 6, 6]])
    np.testing.assert_allclose(nodes["X"]["grad"], [[2, 2], [2, 2]])
    np.testing.assert_allclose(nodes["b"]["grad"], [2, 2, 2])


def test_softmax_with_loss_backward_is_y_minus_t_over_n() -> None:
    nodes = by_name(build("s = [[1, 2, 3], [1, 1, 1]]\nt = [2, 0]\nL = cross_entropy(s, t)"))
    y = np.exp([[1, 2, 3], [1, 1, 1]]) / np.exp([[1, 2, 3], [1, 1, 1]]).sum(1, keepdims=True)
    t = np.array([[0, 0, 1], [1, 0, 0]])
    np.testing.assert_allclose(nodes["s"]["grad"], (y - t) / 2)
    assert nodes["t"]["grad"] is None
    assert nodes["L"]["value"] == pytest.approx(-np.log(y[0, 2] * y[1, 0]) / 2)


def test_norm_wx_matches_cs231n() -> None:
    source = "W = [[0.1, 0.5], [-0.3, 0.8]]\nx = [0.2, 0.4]\nq = W @ x\nf = sum(q ** 2)"
    nodes = by_name(build(source))
    assert nodes["f"]["value"] == pytest.approx(0.116)
    np.testing.assert_allclose(nodes["W"]["grad"], [[0.088, 0.176], [0.104, 0.208]])
    np.testing.assert_allclose(nodes["x"]["grad"], [-0.112, 0.636])


def test_steps_cover_every_node_then_every_gate_in_reverse() -> None:
    doc = build(SIMPLE)
    forward = [s for s in doc["steps"] if s["phase"] == "forward"]
    backward = [s for s in doc["steps"] if s["phase"] == "backward"]
    assert [s["node"] for s in forward] == [n["id"] for n in doc["nodes"]]
    assert [s["node"] for s in backward] == ["n4", "n4", "n3"]
    assert forward[3]["text"] == "q = x + y = -2 + 5 = 3"
    assert backward[0]["edges"] == [] and backward[2]["edges"] == ["e0", "e1"]
    assert "∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = -4" in backward[2]["text"].splitlines()


def test_inputs_come_first_even_when_defined_late() -> None:
    doc = build("x = 1\na = x * 2\ny = 3\nf = a * y")
    assert [n["name"] for n in doc["nodes"]] == ["x", "y", "a", "f"]
    assert [s["node"] for s in doc["steps"][:2]] == ["n0", "n1"]


def test_topological_order_without_recursion_on_a_long_chain() -> None:
    x = Tensor(1.0, name="x")
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert len(topological(y)) == 5001
    assert x.grad == pytest.approx(1.0001**5000)


def test_non_finite_values_become_strings() -> None:
    nodes = by_name(build("x = 0\nf = log(x)"))
    assert nodes["f"]["value"] == "-inf" and nodes["x"]["grad"] == "inf"
    assert by_name(build("x = [0, 1]\nf = x / 0"))["f"]["value"][0] == "nan"


def test_check_reports_numeric_and_analytic() -> None:
    report = build(SIGMOID, check=True)["check"]
    assert report["ok"] and report["max_rel_error"] < 1e-8
    assert report["inputs"]["x1"]["analytic"] == pytest.approx(-0.5898358, abs=1e-6)
    assert report["inputs"]["x1"]["numeric"] == pytest.approx(-0.5898358, abs=1e-6)


def test_check_flags_a_wrong_gradient() -> None:
    from chainrule.engine.document.check import check

    x = Tensor(0.5, name="x")
    f = F.sin(x)
    f.backward()
    x.grad = x.grad + 0.1  # sabotage the analytic gradient
    assert not check(f)["ok"]


def test_check_with_overflow_is_not_ok_and_json_safe() -> None:
    report = build("x = 1.5\ny = [-2, 0.5, 3]\nf = x / mse(y, 1e308)", check=True)["check"]
    assert not report["ok"] and report["max_rel_error"] == "nan"


@pytest.mark.parametrize(("opt", "lr"), [
    (SGD, 0.1), (Momentum, 0.05), (AdaGrad, 1.0), (RMSProp, 0.05), (Adam, 0.1),
])
def test_optimizers_minimise_a_quadratic(opt: type, lr: float) -> None:
    w = Tensor([3.0, -2.0], name="w")
    optimizer = opt([w], lr=lr)
    for _ in range(300):
        loss = F.sum((w - 1.0) ** 2)
        loss.backward()
        optimizer.step()
    np.testing.assert_allclose(w.value, [1.0, 1.0], atol=0.05)


def test_sgd_step_is_lr_times_grad() -> None:
    w = Tensor([1.0, 2.0], name="w")
    F.sum(w * w).backward()
    SGD([w], lr=0.5).step()
    np.testing.assert_allclose(w.value, [0.0, 0.0])


def test_nested_def_calls_get_their_own_groups() -> None:
    source = ("def sq(u): return u * u\n"
              "def sig(t): return 1 / (1 + exp(-sq(t * 2)))\n"
              "x = 0.5\nf = sig(x) + sig(x)")
    doc = build(source)
    assert doc["groups"] == [
        {"id": "g0", "label": "sig", "parent": None}, {"id": "g1", "label": "sq", "parent": "g0"},
        {"id": "g2", "label": "sig", "parent": None}, {"id": "g3", "label": "sq", "parent": "g2"},
    ]
    members = {g: [n["label"] for n in doc["nodes"] if n["group"] == g] for g in ("g0", "g1")}
    assert members == {"g0": ["*2", "*-1", "exp", "+1", "1/x"], "g1": ["×"]}


def test_def_groups_nodes() -> None:
    doc = build("def sig(t): return 1 / (1 + exp(-t))\nx = 0.5\nf = sig(x * 2)")
    grouped = [n["label"] for n in doc["nodes"] if n["group"]]
    assert grouped == ["*-1", "exp", "+1", "1/x"]
    assert doc["groups"] == [{"id": "g0", "label": "sig", "parent": None}]


@pytest.mark.parametrize(("op", "shapes"), [
    (F.matmul, [(4, 3), (3, 2)]),
    (F.matmul, [(3,), (3, 2)]),
    (F.conv2d, [(2, 2, 5, 5), (3, 2, 3, 3), (3,)]),
    (F.conv1d, [(2, 2, 7), (3, 2, 3), (3,)]),
    (F.mse, [(4, 1), (4, 1)]),
])
def test_ops_that_skip_gradients_of_constants_give_the_same_gradients(op, shapes) -> None:
    """MatMul, the convolutions and MSE compute no gradient for an input that needs none (a
    data set, a target); what they do compute equals the whole backward, and the engine's
    gradients equal those of the same graph with every input a variable."""
    rng = np.random.default_rng(3)
    values = [rng.standard_normal(s) for s in shapes]
    out = op(*[Tensor(v) for v in values])
    whole = out.op.backward(np.ones_like(out.value), out.value, *values)
    for needs in ([False] + [True] * (len(shapes) - 1), [True] + [False] * (len(shapes) - 1)):
        some = out.op.backward(np.ones_like(out.value), out.value, *values, needs=needs)
        for need, full, part in zip(needs, whole, some, strict=True):
            if need or part is not None:  # skipping is allowed, not required (a bias is cheap)
                np.testing.assert_array_equal(part, full)
        assert some[needs.index(False)] is None or op is F.mse and needs[0] is False
        leaves = [Tensor(v, requires_grad=need) for v, need in zip(values, needs, strict=True)]
        F.sum(op(*leaves)).backward()
        ones = out.op.backward(np.ones_like(out.value), out.value, *values)
        for leaf, need, full in zip(leaves, needs, ones, strict=True):
            if need:
                np.testing.assert_allclose(leaf.grad, full, rtol=1e-12)
            else:
                assert leaf.grad is None
