"""What the train panel and the race ask beyond /api/train: POST /api/surface (f over a grid and
∇f at points) and POST /api/boundaries (the decision boundary at a few iterations of the same
run)."""

import numpy as np
import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.engine.document.frames import checkpoints
from chainrule.engine.learning.surface import surface

BOWL = "x = -7.0\ny = 2.0\nf = x ** 2 / 20 + y ** 2"
NET = ('X, t = dataset("spiral", n=60, seed=0)\nW1 = randn(2, 8, seed=1) * 0.5\nb1 = zeros(8)\n'
       "h = relu(X @ W1 + b1)\nW2 = randn(8, 3, seed=2) * 0.5\nb2 = zeros(3)\n"
       "L = cross_entropy(h @ W2 + b2, t)")
RUN = {"source": NET, "optimizer": {"name": "sgd", "lr": 0.5}, "steps": 30, "batch_size": 16}


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def test_surface_grid_and_gradients(client: TestClient) -> None:
    body = {"source": BOWL, "bounds": [-10, 10, -5, 5], "grid": 5,
            "points": [[-7, 2], [0, 0], [3, -1]]}
    answer = client.post("/api/surface", json=body).json()
    assert answer["names"] == ["x", "y"]
    assert answer["x"] == [-10, -5, 0, 5, 10] and answer["y"] == [-5, -2.5, 0, 2.5, 5]
    gx, gy = np.meshgrid(answer["x"], answer["y"])
    assert np.allclose(answer["z"], gx**2 / 20 + gy**2)  # z[row][column] = f(x[column], y[row])
    # ∇f = (x/10, 2y): the book's start (-7, 2) is pushed along (0.7, -4)
    grads = [g for p in answer["points"] for g in p["grad"]]
    assert grads == pytest.approx([-0.7, 4, 0, 0, 0.3, -2])
    assert [p["f"] for p in answer["points"]] == pytest.approx([6.45, 0, 1.45])


@pytest.mark.parametrize("program", [
    "x = 1.0\ny = 2.0\nf = sum(x * y) + x ** 3",  # a reduction: evaluated point by point
    "x = 1.0\ny = 2.0\nf = max(x, y) * exp(-x)",  # a router: elementwise, vectorized
])
def test_surface_equals_point_by_point(program: str) -> None:
    points = [[0.5, -1.0], [2.0, 3.0], [-1.5, 0.25]]
    together = surface(program, [-2, 2, -2, 2], grid=4, points=points)
    for point, got in zip(points, together["points"], strict=True):
        alone = surface(program.replace("x = 1.0", f"x = {point[0]}")
                        .replace("y = 2.0", f"y = {point[1]}"), [-2, 2, -2, 2], grid=2,
                        points=[point])["points"][0]
        assert [got["f"], *got["grad"]] == pytest.approx([alone["f"], *alone["grad"]])
    assert len(together["z"]) == 4 and len(together["z"][0]) == 4


@pytest.mark.parametrize(("body", "words"), [
    ({"source": "x = 1\ny = 2\nz = 3\nf = x * y * z"}, "exactly two scalar inputs"),
    ({"source": "x = [1, 2]\ny = 2\nf = sum(x * y)"}, "exactly two scalar inputs"),
    ({"source": BOWL, "bounds": [1, -1, 0, 1]}, "x0 < x1"),
    ({"source": BOWL, "grid": 1000}, "grid"),
    ({"source": "x = 1\ny = \nf = x"}, "line 2"),
])
def test_surface_errors(client: TestClient, body: dict, words: str) -> None:
    response = client.post("/api/surface", json={"bounds": [-1, 1, -1, 1]} | body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert words in f"{error['message']} line {error['line']}"


def test_boundaries_are_the_runs_own(client: TestClient) -> None:
    frames = client.post("/api/boundaries", json=RUN | {"count": 3}).json()
    assert [f["step"] for f in frames["frames"]] == checkpoints(30, 3) == [0, 10, 20, 30]
    for frame in frames["frames"][1:]:
        run = client.post("/api/train", json=RUN | {"steps": frame["step"]}).json()
        assert frame["classes"] == run["boundary"]["classes"]
        assert frames["x"] == run["boundary"]["x"] and frames["y"] == run["boundary"]["y"]
    assert len(frames["frames"][0]["classes"]) >= 60


def test_boundaries_without_a_picture_and_limits(client: TestClient) -> None:
    bowl = {"source": BOWL, "optimizer": {"name": "sgd", "lr": 0.1}, "steps": 5}
    assert client.post("/api/boundaries", json=bowl).json() == {"x": [], "y": [], "frames": []}
    response = client.post("/api/boundaries", json=bowl | {"count": 41})
    assert response.status_code == 400 and response.json()["error"]["type"] == "value"
