"""Runs of a graph over many points at once (the race's surface, the decision boundary) hold at
most GRID_ELEMENTS numbers at a time: a big graph is run a few points at a time, to the same
numbers, instead of making every node as big as the grid (gigabytes before). The race refuses
one input given for both x and y."""

import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.engine.catalogs import i18n
from chainrule.engine.core.errors import GraphError
from chainrule.engine.core.limits import GRID_ELEMENTS, rows_at_once
from chainrule.engine.document.training import boundary, per_row, trainer_for
from chainrule.engine.learning.surface import surface

TERMS = 600  # f = x*y + x*y + …: 1,800 nodes, each a 200 × 200 grid in one run (576 MB before)
MANY = "x = 0.5\ny = 0.25\nf = x * y" + " + x * y" * (TERMS - 1)
WIDE = 10_000  # a hidden layer of 2 rows × 10,000 in the graph; 4,096 × 10,000 on the grid
NET = (f'X, t = dataset("moons", n=2)\nW = randn(2, {WIDE}, seed=0) * 0.1\nh = relu(X @ W)\n'
       f"V = randn({WIDE}, 2, seed=1) * 0.1\nL = cross_entropy(h @ V, t)")


def traced(run: Callable[[], Any]) -> tuple[Any, int]:
    """run()'s result and the most bytes NumPy and Python held meanwhile."""
    tracemalloc.start()
    try:
        return run(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_big_graphs_surface_is_run_a_few_points_at_a_time() -> None:
    points = [[0.5, -1.0], [2.0, 3.0]]
    answer, peak = traced(lambda: surface(MANY, [-1, 1, -1, 1], grid=200, points=points))
    assert peak < 64 << 20, f"{peak / 2**20:.0f} MB"
    gx, gy = np.meshgrid(answer["x"], answer["y"])
    np.testing.assert_allclose(answer["z"], TERMS * gx * gy, rtol=1e-12)
    for (x, y), got in zip(points, answer["points"], strict=True):
        assert [got["f"], *got["grad"]] == pytest.approx([TERMS * x * y, TERMS * y, TERMS * x])


def test_a_small_graphs_surface_is_one_run() -> None:
    assert rows_at_once(3) == GRID_ELEMENTS // 3 > 200 * 200


def test_one_input_for_both_axes_is_refused() -> None:
    with pytest.raises(GraphError) as info:
        surface("x = 1\ny = 2\nf = x * y", [-1, 1, -1, 1], x="x", y="x")
    assert (info.value.type, info.value.msgid, info.value.params) == (
        "value", "err.surface.same", {"name": "x"})


def test_the_race_answers_400_naming_both_fields() -> None:
    body = {"source": "x = 1\ny = 2\nf = x * y", "bounds": [-1, 1, -1, 1], "x": "y", "y": "y"}
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        response = client.post("/api/surface", json=body, headers={"Accept-Language": "ko"})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "type": "value", "message": i18n.t("ko", "err.surface.same", name="y"), "line": None,
        "column": None, "end_line": None, "end_column": None}


def test_a_wide_nets_boundary_is_run_a_few_grid_rows_at_a_time() -> None:
    trainer = trainer_for(NET, {"name": "sgd", "lr": 0.1}, None, 0, None)
    for _ in trainer.run(2):
        pass
    X = next(t for t in trainer.order if t.data and t.name == "X")
    # a row: its 2 numbers, X @ W's and relu's 10,000 each, the scores' 2; the loss's 1 rounds up
    assert per_row(trainer.order, X) == 2 + 2 * WIDE + 2 + 1
    area, peak = traced(lambda: boundary(trainer))
    assert peak < 100 << 20, f"{peak / 2**20:.0f} MB"  # 2 × 328 MB before
    W, V = (next(t.value for t in trainer.order if t.name == name) for name in "WV")
    gx, gy = np.meshgrid(area["x"], area["y"])
    grid = np.c_[gx.ravel(), gy.ravel()]
    want = np.concatenate([np.argmax(np.maximum(rows @ W, 0) @ V, axis=-1)
                           for rows in np.split(grid, 64)])
    assert np.array_equal(np.array(area["classes"]).ravel(), want)
