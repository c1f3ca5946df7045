"""The code view (docs/api.md): forward and backward, run in a fresh Python, reproduce
every value and gradient the API reports; one line per gate in step order; comments follow
Accept-Language. The programs together use every op in the catalog."""

import json
import math
import re
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.app.examples import EXAMPLES
from chainrule.engine import CATALOG
from chainrule.engine.document.codegen import generate
from chainrule.engine.language import parse

PROGRAMS = {
    "scalars": """
x = 1.5
y = -0.7
z = 2.0
a = x - y
b = x / z
c = z ** y
d = max(a, b)
k = min(a, b)
f = a * b + c - d / k
""",
    "constant-gates": """
x = 0.8
a = x + 3
b = x - 2
c = 2 * x
d = x / 4
g = 1 / x
h = x ** 3
i = x ** 2
k = 2 ** x
m = 1 - x
n = max(x, 0.5)
p = min(x, 0.5)
q = -x
f = a + b + c + d + g + h + i + k + m + n + p + q
""",
    "unary": """
x = [-1.5, -0.2, 0.3, 2.0]
y = [0.5, 2.0]
a = exp(x) + sin(x) + cos(x) + tanh(x) + sigmoid(x) + abs(x)
b = relu(x) + leaky_relu(x, slope=0.1) + elu(x, alpha=0.5)
f = sum(a * b) + sum(log(y) + sqrt(y))
""",
    "broadcast": """
W = [[1, 2, 3], [4, 5, 6]]
b = [0.1, 0.2, 0.3]
c = [[2], [3]]
s = 0.5
V = randn(2, 2, 3, seed=3)
u = [[1, -2, 3]]
f = sum((W + b) * c - b / c + s * W) + sum(V * u)
""",
    "fork-through-a-view": """
x = [[1, 2], [3, 4]]
b = x * 2
a = transpose(x)
f = sum(a * b)
""",
    "nested-defs": """
def lin(a, b):
    return a * b + 1

def sig(t):
    return 1 / (1 + exp(-t))

x = 0.5
w = -1.2
f = sig(lin(x, w)) * sig(x)
""",
    "matmul-shapes": """
A = randn(2, 3, seed=0)
B = randn(3, 2, seed=1)
v = [1, -1, 0.5]
u = [0.2, 0.3]
p = A @ v
q = u @ A
r = v @ v
M = A @ B
f = sum(p) + sum(q) + r + sum(M * M)
""",
    "conv2d": """
x = randn(2, 2, 5, 5, seed=0)
w = randn(3, 2, 3, 2, seed=1)
b = [0.1, -0.2, 0.3]
k = randn(1, 2, 3, 3, seed=2)
y = conv2d(x, w, b, stride=2, padding=1)
z = conv2d(x, k, padding="same")
v = conv2d(x, k, stride=2, padding="full")
f = sum(y * y) + sum(z) + sum(v * v)
""",
    "maxpool2d": """
x = randn(1, 2, 5, 5, seed=2)
t = [[[[1, 1], [0, 1]]]]
p = maxpool2d(x, 3, stride=2)
q = maxpool2d(t, 2)
f = sum(p * p) + sum(q)
""",
    "cross-entropy": """
s = randn(3, 4, seed=0)
t = [0, 3, 1]
o = [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]]
v = [1, 2, 0.5]
L = cross_entropy(s, t) + cross_entropy(s * 2, o) + cross_entropy(v, 2)
""",
    "softmax": """
x = randn(2, 3, seed=4)
y = softmax(x)
z = softmax(x, axis=0)
f = sum(y * [[1, 2, 3], [4, 5, 6]]) + sum(z * z)
""",
    "shapes": """
x = randn(2, 3, seed=5)
c = 2.5
r = reshape(x, (3, -1))
t = transpose(r)
m = mean(x, axis=0)
k = mean(x, axis=1, keepdims=True)
s = sum(x, axis=(0, 1))
p = repeat(m, 2, axis=0)
q = repeat(k, 3, axis=1)
u = repeat(c, 4)
v = transpose(c)
w = reshape(c, (1,))
f = sum(t * x) + sum(p) + sum(q * x) + s + sum(u) + mean(x) + v + sum(w)
""",
    "mse-broadcast": """
y = randn(4, 1, seed=6)
t = [0.5, -0.5, 1]
L = mse(y, t)
""",
    "svm-loss": """
W = randn(3, 4, seed=0)
X = randn(5, 3, seed=1)
y = [0, 3, 1, 1, 2]
s = [3.2, 5.1, -1.7]
L = svm_loss(X @ W, y) + svm_loss(s, 0, margin=2.0) + 0.1 * sum(W * W)
""",
    "bce-mae": """
z = [[0.3, -1.2], [2.0, 0.1]]
t = [[1, 0], [1, 1]]
y = [0.5, -0.3]
L = bce(sigmoid(z), t) + mae(y, [0.2, 0.4]) + mae(z, y)
""",
    "bce scalar p, larger target": """
P = [[0.2, 0.7], [0.9, 0.1]]
f = bce(sigmoid(0.5), P)
""",
    "avgpool2d": """
x = randn(1, 2, 5, 5, seed=7)
p = avgpool2d(x, 3, stride=2)
q = avgpool2d(x, 2)
f = sum(p * p) + sum(q)
""",
    "dropout": """
x = randn(3, 4, seed=8)
h = dropout(x, p=0.5, seed=3)
f = sum(h * x)
""",
    "batchnorm": """
x = randn(4, 3, seed=9)
g = [1.0, 0.5, 2.0]
b = [0.0, 0.1, -0.1]
X = randn(2, 2, 3, 3, seed=10)
G = [1.5, -0.5]
B = [0.2, 0.3]
f = sum(batchnorm(x, g, b) * x) + sum(batchnorm(X, G, B, eps=0.001) ** 2)
""",
    "conv1d": """
x = randn(2, 2, 7, seed=11)
w = randn(3, 2, 3, seed=12)
b = [0.5, -0.5, 0.0]
y = conv1d(x, w, b, stride=2, padding="full")
z = conv1d(x, w, padding="same")
f = sum(y * y) + sum(z)
""",
    "convolve": """
x = [1, 2, -1, 0.5, 3]
w = [0.2, -0.4, 1.0]
a = convolve(x, w)
b = convolve(x, w, mode="same")
c = convolve(w, x, mode="valid")
f = sum(a * a) + sum(b * [1, 2, 3, 4, 5]) + sum(c)
""",
    "data-set": """
X, t = dataset("blobs", n=6, seed=0)
W = randn(2, 3, seed=0)
b = zeros(3)
L = cross_entropy(X @ W + b, t) + 0 * sum(X)
""",
    "not-finite": """
x = 0
y = 2
a = y / x
f = a * y
""",
    "nan-routes-and-division-by-zero": """
y = 2
v = [1, -2]
b = v / 0
c = max(log(-y), y)
d = min(log(-y), y)
f = sum(b) + c + d
""",
}
CASES = {f"example:{e.id}": e.source for e in EXAMPLES} | PROGRAMS

# Runs in a fresh interpreter: each job's forward, then its backward, in a fresh namespace, then
# prints every asked-for variable (or the error).
RUNNER = """
import json, sys, traceback
import numpy as np
out = {}
for name, job in json.load(sys.stdin).items():
    scope = {}
    try:
        exec(compile(job["forward"], name + ":forward", "exec"), scope)
        exec(compile(job["backward"], name + ":backward", "exec"), scope)
    except Exception:
        out[name] = {"error": traceback.format_exc()}
        continue
    names = [k for k in job["names"] if k in scope]
    out[name] = {k: np.asarray(scope[k], dtype=float).tolist() for k in names}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def documents(client: TestClient) -> dict[str, dict[str, Any]]:
    out = {}
    for name, source in CASES.items():
        response = client.post("/api/graph", json={"source": source, "code": True})
        assert response.status_code == 200, (name, response.text)
        out[name] = whole(client, source, response.json())
        if out[name]["code"] is None:  # say which op
            program = parse(source)
            program.output.backward()
            generate(program.output)
    return out


def whole(client: TestClient, source: str, document: dict[str, Any]) -> dict[str, Any]:
    """The document with its big tensors' compact forms fetched whole (POST /api/tensor)."""
    for node in document["nodes"]:
        for key in ("value", "grad"):
            if isinstance(node[key], dict):
                body = {"source": source, "ref": node[key]["ref"], "entropy": document["entropy"]}
                node[key] = client.post("/api/tensor", json=body).json()["value"]
    return document


def expected(document: dict[str, Any]) -> dict[str, Any]:
    """Every node's value under its symbol, and its gradient (when it has one) under d<symbol>."""
    want = {}
    for node in document["nodes"]:
        want[node["symbol"]] = node["value"]
        if node["grad"] is not None:
            want["d" + node["symbol"]] = node["grad"]
    return want


@pytest.fixture(scope="module")
def runs(documents: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every case's code run in one fresh interpreter, each in a namespace of its own."""
    jobs = {name: dict(d["code"], names=sorted(expected(d))) for name, d in documents.items()}
    done = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(jobs), text=True,
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    results: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return results


def as_array(value: Any) -> np.ndarray:
    """A JSON value of the API ("inf", "nan" as strings) as a float array."""
    if isinstance(value, list):
        return np.array([as_array(v) for v in value], dtype=float)
    return np.array(float(value))


@pytest.mark.parametrize("name", CASES)
def test_code_reproduces_values_and_gradients(name: str, documents: dict[str, Any],
                                              runs: dict[str, Any]) -> None:
    want, got = expected(documents[name]), runs[name]
    assert "error" not in got, got.get("error")
    assert sorted(got) == sorted(want), "the code must define every node and gradient"
    for key, value in want.items():
        a, b = np.asarray(got[key], dtype=float), as_array(value)
        assert a.shape == b.shape, (key, a.shape, b.shape)
        assert np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True), (key, a, b)


def test_every_catalog_op_is_covered(documents: dict[str, Any]) -> None:
    used = {n["op"] for d in documents.values() for n in d["nodes"] if n["op"]}
    missing = set(CATALOG) - used
    assert not missing, f"add a program using {sorted(missing)} to PROGRAMS (and its code)"


def code_lines(text: str, header: str) -> list[str]:
    """The statements after a pass's header comment, without comments and blank lines."""
    lines = text.split(f"# {header}\n", 1)[1].splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def target(line: str) -> str:
    match = re.match(r"(\w+) \+?= ", line)
    assert match, line
    return match[1]


@pytest.mark.parametrize("name", CASES)
def test_one_line_per_gate_in_step_order(name: str, documents: dict[str, Any]) -> None:
    document = documents[name]
    symbol = {n["id"]: n["symbol"] for n in document["nodes"]}
    edges = {e["id"]: e for e in document["edges"]}
    forward = [s for s in document["steps"] if s["phase"] == "forward"]
    backward = [s for s in document["steps"] if s["phase"] == "backward"]
    lines = code_lines(document["code"]["forward"], "forward pass")
    assert [target(line) for line in lines] == [symbol[s["node"]] for s in forward]
    want = ["d" + symbol[backward[0]["node"]]]  # the seed
    for step in backward[1:]:
        want += ["d" + symbol[edges[e]["source"]] for e in step["edges"]
                 if edges[e]["grad"] is not None]
    assert [target(line) for line in code_lines(document["code"]["backward"],
                                                "backward pass")] == want


def test_cs231n_lines(documents: dict[str, Any]) -> None:
    code = documents["example:cs231n-simple"]["code"]
    assert code_lines(code["forward"], "forward pass") == [
        "x = -2.0", "y = 5.0", "z = -4.0", "q = x + y", "f = q * z"]
    assert code_lines(code["backward"], "backward pass") == [
        "df = 1.0", "dq = z * df", "dz = q * df", "dx = 1.0 * dq", "dy = 1.0 * dq"]
    assert "# add gate (distributor)" in code["backward"]


def test_branch_accumulates_and_broadcast_sums(documents: dict[str, Any]) -> None:
    copy = documents["example:copy-gate"]["code"]["backward"]
    assert re.search(r"^dx = .*\n(.*\n)*dx \+= .*# branch node", copy, re.M)
    net = documents["example:two-layer-net"]["code"]["backward"]
    assert "db1 = (1.0 * db).sum(axis=0)" in net


def test_korean_comments(client: TestClient) -> None:
    source = CASES["example:copy-gate"]
    ko = client.post("/api/graph", json={"source": source, "code": True},
                     headers={"Accept-Language": "ko-KR,ko;q=0.9"}).json()["code"]
    assert ko["forward"].count("# 순전파") == 1 and "# 역전파" in ko["backward"]
    assert "# 곱셈 노드" in ko["backward"] and "# 분기 노드" in ko["backward"]
    assert "forward pass" not in ko["forward"]


def test_code_only_when_asked(client: TestClient) -> None:
    body = client.post("/api/graph", json={"source": "x = 2\nf = x * x"}).json()
    assert "code" not in body


def test_names_python_needs_are_renamed(client: TestClient) -> None:
    """A node called np, or x next to a node called dx, keeps the code runnable."""
    document = client.post("/api/graph", json={
        "source": "np = 2\nx = 3\ndx = 4\nf = np * x + dx", "code": True}).json()
    code = document["code"]
    assert "np_ = 2.0" in code["forward"] and "dx = 4.0" in code["forward"]
    scope: dict[str, Any] = {}
    exec(code["forward"] + code["backward"], scope)  # noqa: S102  (our own generated code)
    assert (scope["dnp_"], scope["dx_"], scope["ddx"]) == (3.0, 2.0, 1.0)
    assert scope["np_"] == 2.0 and scope["dx"] == 4.0 and scope["f"] == 10.0


def test_non_finite_inputs_use_numpy_scalars(documents: dict[str, Any]) -> None:
    forward = documents["not-finite"]["code"]["forward"]
    assert "x = np.float64(0.0)" in forward
    assert math.isinf(as_array(documents["not-finite"]["nodes"][-1]["value"]))
