"""The API's answers against the pydantic models of app/schemas.py (docs/api.md in code): every
gallery preset's POST /api/graph answer, POST /api/train's (whole and the NDJSON stream's last
line), POST /api/renumber's and the one error shape, each validated with extra fields forbidden;
and /openapi.json showing those models for the routes."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError

from chainrule.app import create_app
from chainrule.app.schemas import (
    Compact,
    ErrorResponse,
    GraphResponse,
    Preview,
    RenumberResponse,
    Summary,
    TensorResponse,
    TrainProgress,
    TrainResponse,
)

NDJSON = {"accept": "application/x-ndjson"}


@pytest.fixture(scope="module")
def client() -> Any:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def examples(client: TestClient) -> list[dict[str, Any]]:
    response = client.get("/api/examples")
    assert response.status_code == 200
    return response.json()


def valid(model: type[BaseModel], text: str) -> Any:
    """`text` parsed strictly as `model`: every field typed as documented, none undocumented."""
    return model.model_validate_json(text, strict=True)


def graph_request(example: dict[str, Any]) -> dict[str, Any]:
    """The body the page sends for a preset, with the check and the code view ticked, and the
    update phase of the preset's optimizer (and parameters) where it carries one."""
    body: dict[str, Any] = {"source": example["source"], "check": True, "code": True}
    if example["optimizer"]:
        params = (example["settings"] or {}).get("params")
        body |= {"optimizer": example["optimizer"], "params": params or None}
    return body


def test_every_preset_is_validated(examples: list[dict[str, Any]]) -> None:
    ids = [example["id"] for example in examples]
    assert len(ids) == len(set(ids)) >= 38
    assert {example["mode"] for example in examples} == {"graph", "train", "race"}


def test_every_preset_graph_fits_the_model(client: TestClient,
                                           examples: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for example in examples:
        response = client.post("/api/graph", json=graph_request(example))
        assert response.status_code == 200, (example["id"], response.text)
        graph = valid(GraphResponse, response.text)
        assert graph.output == graph.nodes[-1].id or graph.output in {n.id for n in graph.nodes}
        assert graph.check is not None and graph.code is not None, example["id"]
        seen |= {step.phase for step in graph.steps}
        if example["optimizer"]:
            assert graph.steps[-1].phase == "update", example["id"]
    assert seen == {"forward", "backward", "update"}


def test_update_step_value_is_the_new_parameter(client: TestClient,
                                                examples: list[dict[str, Any]]) -> None:
    sgd = next(example for example in examples if example["id"] == "sgd-step-sigmoid")
    graph = valid(GraphResponse, client.post("/api/graph", json=graph_request(sgd)).text)
    updates = [step for step in graph.steps if step.phase == "update"]
    assert [step.node for step in updates] == ["n0", "n2", "n4"]  # w0, w1, w2
    assert updates[0].value == pytest.approx(2.0196611933241484)  # README: 2 − 0.1·(−0.1966)


def train_body(examples: list[dict[str, Any]], steps: int) -> dict[str, Any]:
    """The gallery's mini-batch run, shortened to `steps`."""
    example = next(example for example in examples if example["id"] == "sgd-minibatch")
    settings = example["settings"]
    return {"source": example["source"], "optimizer": example["optimizer"], "steps": steps,
            "batch_size": settings["batch_size"], "seed": settings["seed"]}


def test_train_answer_fits_the_model(client: TestClient, examples: list[dict[str, Any]]) -> None:
    response = client.post("/api/train", json=train_body(examples, 20))
    assert response.status_code == 200, response.text
    run = valid(TrainResponse, response.text)
    assert len(run.loss) == 20 and run.accuracy is not None and len(run.accuracy) == 20
    assert all(len(path) == 21 for path in run.trajectory.values())  # p_0 … p_20, whole
    assert run.boundary is not None and len(run.boundary.classes) == len(run.boundary.y) >= 60
    assert run.final.steps[-1].phase == "update"  # the optimizer's next step


def test_train_stream_fits_the_model(client: TestClient, examples: list[dict[str, Any]]) -> None:
    body = train_body(examples, 20)
    with client.stream("POST", "/api/train", json=body, headers=NDJSON) as response:
        lines = [line for line in response.iter_lines() if line]
    *progress, last = lines
    run = valid(TrainResponse, last)
    whole = client.post("/api/train", json=body).json()
    assert json.loads(last) == whole  # the stream's last line is the whole answer
    steps = [valid(TrainProgress, line).step for line in progress]
    assert steps == sorted(steps) and all(1 <= step <= 20 for step in steps)
    assert run.loss == whole["loss"]


def test_errors_fit_the_model(client: TestClient) -> None:
    response = client.post("/api/graph", json={"source": "x = 1\ny = x +"})
    assert response.status_code == 400
    error = valid(ErrorResponse, response.text).error
    assert (error.type, error.line) == ("syntax", 2)
    response = client.post("/api/train", json={"source": "x = 1\nf = x * x", "steps": 10,
                                               "optimizer": {"name": "nesterov", "lr": 0.1}})
    assert response.status_code == 400
    assert valid(ErrorResponse, response.text).error.type in {"value", "name"}


def test_renumber_answers_fit_the_model(client: TestClient,
                                        examples: list[dict[str, Any]]) -> None:
    answered = 0
    for example in examples:
        if example["mode"] != "graph":
            continue
        body = {"source": example["source"], "seed": 1}
        response = client.post("/api/renumber", json=body)
        if response.status_code == 400:  # no input numbers, or none kept the graph fair
            assert valid(ErrorResponse, response.text).error.type == "value", example["id"]
            continue
        answer = valid(RenumberResponse, response.text)
        assert answer.source != example["source"] and answer.seed >= 1, example["id"]
        answered += 1
    assert answered >= 10


def test_compact_tensors_fit_the_model(client: TestClient) -> None:
    body = {"source": "W = randn(120, 120, seed=0)\nf = sum(W * W)"}
    graph = valid(GraphResponse, client.post("/api/graph", json=body).text)
    value = graph.nodes[0].value  # 14,400 numbers: compact, with room for a summary
    assert isinstance(value, Compact) and isinstance(value.summary, Summary)
    assert (value.shape, value.ref, value.summary.heatmap.rows) == ([120, 120], "n0/value", 24)
    edge = graph.edges[0].value  # the node's value again: its first numbers only
    assert isinstance(edge, Compact) and isinstance(edge.summary, Preview)
    assert edge.summary.head == value.summary.head
    answer = valid(TensorResponse, client.post("/api/tensor", json=body | {"ref": "n0/value"}).text)
    assert answer.shape == [120, 120] and len(answer.value) == 120


def test_an_undocumented_field_fails(client: TestClient) -> None:
    answer = client.post("/api/graph", json={"source": "x = 2\nf = x * x"}).json()
    valid(GraphResponse, json.dumps(answer))
    for place in (answer, answer["nodes"][0], answer["edges"][0], answer["steps"][0]):
        place["novel"] = 1
        with pytest.raises(ValidationError, match="novel"):
            valid(GraphResponse, json.dumps(answer))
        del place["novel"]
    answer["nodes"][0]["value"] = {"shape": [], "ref": None, "summary": {"head": [1], "x": 0}}
    with pytest.raises(ValidationError):  # a compact form with a field of neither kind
        valid(GraphResponse, json.dumps(answer))


@pytest.mark.parametrize(("path", "model"), [
    ("/api/graph", "GraphResponse"), ("/api/train", "TrainResponse"),
    ("/api/tensor", "TensorResponse"), ("/api/renumber", "RenumberResponse"),
])
def test_openapi_shows_the_models(client: TestClient, path: str, model: str) -> None:
    spec = client.get("/openapi.json").json()
    answers = spec["paths"][path]["post"]["responses"]
    assert answers["200"]["content"]["application/json"]["schema"]["$ref"] == (
        f"#/components/schemas/{model}")
    assert answers["400"]["content"]["application/json"]["schema"]["$ref"] == (
        "#/components/schemas/ErrorResponse")
    schema = spec["components"]["schemas"][model]
    assert schema.get("additionalProperties") is False  # extra fields are not part of it


ROOT = Path(__file__).resolve().parents[2]
CITING = ("app", "engine", "static/js", "templates", "tests", "bench", "docs")
API_MD = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


def cited_files() -> list[Path]:
    """The files that may cite the contract: code, templates, tests, bench, docs, the README."""
    kinds = {".py", ".js", ".html", ".md"}
    found = [path for folder in CITING for path in (ROOT / folder).rglob("*")
             if path.suffix in kinds and "vendor" not in path.parts]
    return [ROOT / "README.md", *found]


def test_the_contract_cited_is_in_the_repository() -> None:
    outside = [str(path.relative_to(ROOT)) for path in cited_files()
               if path != Path(__file__) and "DESIGN" in path.read_text(encoding="utf-8")]
    assert outside == []  # the contract is docs/api.md, which a clone holds


def test_every_section_cited_exists() -> None:
    headings = set(re.findall(r"^#+ (.+)$", API_MD, re.MULTILINE))
    cited = {section for path in cited_files()
             for section in re.findall(r'docs/api\.md "([^"]+)"', path.read_text(encoding="utf-8"))}
    assert cited and cited <= headings


def test_every_api_route_is_documented(client: TestClient) -> None:
    paths = {path for path in client.get("/openapi.json").json()["paths"] if "/api/" in path}
    assert len(paths) >= 9
    assert [path for path in sorted(paths) if path not in API_MD] == []
