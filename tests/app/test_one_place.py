"""One place per fact: the limits live in engine/core/limits.py and the optimizers' names, defaults
and ranges in engine/learning/optim.py's table; the API's schema, the served pages and the offline
files read them from there, and static/js and templates keep no copy of them."""

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.app.schemas import OptimizerSpec, TrainRequest
from chainrule.engine.core import limits
from chainrule.engine.export.replay import replay_html
from chainrule.engine.export.viewer import facts, standalone_html
from chainrule.engine.learning import datasets as data
from chainrule.engine.learning import optim
from chainrule.engine.learning import trainer as train

ROOT = Path(__file__).resolve().parents[2]
FACTS = re.compile(r'<script type="application/json" id="chainrule-facts">(.*?)</script>', re.S)
# The literals that once stood in the page for the server's facts: the step limit, the largest
# data set, the optimizers' defaults and the old, disagreeing ranges (momentum ≤ .9999, …).
COPIES = re.compile(r"(?<![\w.])(5000|5_000|10000|20\.0|0\.9999+|0\.999|0\.99|"
                    r"1e-7|1e-8|1e-6)(?![\w.])|\"sgd\",\s*\"momentum\"")


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app()) as test_client:
        yield test_client


def embedded(page: str) -> dict:
    found = FACTS.findall(page)
    assert len(found) == 1
    return json.loads(found[0])


def expected() -> dict:
    return json.loads(json.dumps({"limits": limits.page()} | optim.table()))


@pytest.mark.parametrize("path", ["/", "/?lang=ko", "/embed?src=x%20%3D%201"])
def test_served_pages_embed_the_servers_facts(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert embedded(answer.text) == expected()


def test_offline_files_embed_the_same_facts(client: TestClient) -> None:
    """The standalone file and the training replay work from disk: they carry the facts, too."""
    assert embedded(client.get("/standalone?src=x%20%3D%202").text) == expected()
    assert embedded(replay_html("train")) == expected()
    assert embedded(standalone_html({"nodes": [], "edges": [], "steps": []})) == expected()


def test_the_facts_are_the_modules_values() -> None:
    page = facts()
    assert page["limits"]["train_steps"] == train.MAX_STEPS == limits.TRAIN_STEPS == 5_000
    assert page["limits"]["train_seconds"] == train.BUDGET == limits.TRAIN_SECONDS == 20.0
    assert page["limits"]["dataset_rows"] == data.MAX_N == limits.DATASET_ROWS
    assert page["limits"]["nodes"] == limits.Limits().nodes
    assert [row["name"] for row in page["optimizers"]] == list(optim.OPTIMIZERS)
    for row in page["optimizers"]:
        cls = optim.OPTIMIZERS[row["name"]]
        assert row["defaults"] == cls([]).hyper()  # the class's own defaults are the table's
        assert set(row["defaults"]) <= set(page["ranges"])
    momentum = page["ranges"]["momentum"]
    assert (momentum["min"], momentum["max"], momentum["min_in"], momentum["max_in"]) == (
        0, 1, True, False)  # 0 ≤ momentum < 1, as the engine (and PyTorch) accept it


def test_the_api_reads_the_table(client: TestClient) -> None:
    infos = client.get("/api/optimizers").json()
    assert [info["name"] for info in infos] == list(optim.DEFAULTS)
    for info in infos:
        assert {"lr": optim.DEFAULTS[info["name"]]["lr"]} | info["defaults"] == (
            optim.DEFAULTS[info["name"]])


def test_the_schemas_bounds_are_the_tables() -> None:
    schema = OptimizerSpec.model_json_schema()["properties"]
    for key, (low, high, low_in, high_in, rule) in optim.RANGES.items():
        field = schema[key]
        assert field["minimum" if low_in else "exclusiveMinimum"] == low
        assert field.get("maximum" if high_in else "exclusiveMaximum", float("inf")) == high
        assert rule in field["description"]
    for key in ["momentum", "rho", "beta1", "beta2"]:  # each taken by one optimizer
        [owner] = [row for row in optim.DEFAULTS.values() if key in row]
        assert schema[key]["default"] == owner[key]
    assert schema["eps"]["default"] is None  # adagrad's and rmsprop's differ from adam's
    assert all(f'"{name}"' in schema["name"]["description"] for name in optim.DEFAULTS)
    steps = TrainRequest.model_json_schema()["properties"]["steps"]
    assert (steps["minimum"], steps["maximum"]) == (1, limits.TRAIN_STEPS)


@pytest.mark.parametrize("doc", ["README.md", "docs/api.md"])
def test_the_docs_state_the_tables_values(doc: str) -> None:
    """Prose cannot import the table; this holds what the documents say to it."""
    text = (ROOT / doc).read_text("utf-8")
    defaults = OptimizerSpec.model_json_schema()["properties"]
    stated = re.findall(r'"(momentum|rho|beta1|beta2|eps)": ([\d.e-]+|null)', text)
    assert {key for key, _ in stated} == {"momentum", "rho", "beta1", "beta2", "eps"}
    for key, value in stated:
        assert json.loads(value) == defaults[key]["default"], (key, value)
    assert f"1..{limits.TRAIN_STEPS}" in text
    assert f"{limits.TRAIN_SECONDS:g} s" in text


def test_no_copies_in_static_js_or_templates() -> None:
    files = [*(ROOT / "static" / "js").rglob("*.js"), *(ROOT / "templates").glob("*.html")]
    files = [f for f in files if "vendor" not in f.parts]
    assert len(files) > 50
    copies = [f"{f.relative_to(ROOT)}:{n}: {line.strip()}"
              for f in files for n, line in enumerate(f.read_text("utf-8").splitlines(), 1)
              if COPIES.search(line)]
    assert copies == []


def test_the_copy_finder_finds_copies() -> None:
    for line in ['{ key: "steps", max: 5000 }', "whole(x, 1, 10000)", 'max="5000"',
                 "{ max: 0.9999 }", "eps: 1e-8", '["sgd", "momentum", "adagrad"]']:
        assert COPIES.search(line), line
    for line in ["ratio 0.5", "const n = 50000;", "x.toPrecision(3)", "1e-9", "timeout(f, 10_000)"]:
        assert not COPIES.search(line), line
