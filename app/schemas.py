"""Pydantic models of the JSON API (DESIGN.md is the contract; these document it in /docs)."""

from typing import Any, Literal

from pydantic import BaseModel, Field

Json = Any  # a number, "nan"/"inf"/"-inf", nested lists of those, or a big tensor's compact form
# (an object {"shape", "ref", "summary"?}: README "Big tensors"); POST /api/tensor sends it whole


class OptimizerSpec(BaseModel):
    """An optimizer and its hyperparameters; each uses only its own (DESIGN's update rules)."""

    name: str = Field(description='"sgd" | "momentum" | "adagrad" | "rmsprop" | "adam"')
    lr: float = Field(description="learning rate η > 0")
    momentum: float = Field(default=0.9, description="momentum: 0 ≤ momentum < 1")
    rho: float = Field(default=0.99, description="rmsprop: decay 0 ≤ rho ≤ 1")
    beta1: float = Field(default=0.9, description="adam: 0 ≤ beta1 < 1")
    beta2: float = Field(default=0.999, description="adam: 0 ≤ beta2 < 1")
    eps: float | None = Field(default=None, description="adagrad, rmsprop: 1e-7; adam: 1e-8")


class TrainRequest(BaseModel):
    source: str = Field(description="Program whose last statement is a scalar loss")
    optimizer: OptimizerSpec
    steps: int = Field(description="1 to 5,000 optimizer steps")
    batch_size: int | None = Field(default=None, description="rows per mini-batch; null: all")
    seed: int = Field(default=0, description="seeds the one generator that draws the batches")
    params: list[str] | None = Field(default=None, description='null: every "input" node')


class GraphRequest(BaseModel):
    source: str = Field(description="Program in the expression language")
    check: bool = Field(default=False, description="Also compare with central differences")
    optimizer: OptimizerSpec | None = Field(
        default=None, description='With it, the steps end with one "update" step per parameter')
    params: list[str] | None = Field(default=None, description='null: every "input" node')
    code: bool = Field(default=False, description="Also return the graph as NumPy code")
    entropy: int | None = Field(default=None, ge=0, lt=2**63, description="draws randn without "
                                "a seed as the answer whose \"entropy\" this is; null: anew")


class TensorRequest(GraphRequest):
    """The graph request a compact tensor came from, and its ref: that tensor whole."""

    ref: str = Field(max_length=100, description='a compact form\'s "ref", e.g. "n3/value"')


class TensorResponse(BaseModel):
    ref: str
    shape: list[int]
    value: Json = Field(description="the numbers whole, as nested lists")


class Node(BaseModel):
    id: str
    kind: Literal["input", "const", "data", "op"]
    op: str | None
    label: str
    name: str | None
    symbol: str = Field(description="what step captions call the node: its name, else a letter")
    inputs: list[str]
    shape: list[int]
    value: Json
    grad: Json | None
    span: list[int] | None
    gate: Literal["distributor", "swap", "router", "adder"] | None
    formula: str | None
    group: str | None = None
    params: dict[str, Any] = Field(default_factory=dict, description="the op's static arguments: "
                                   "stride, padding, size, slope, a folded constant c, …")


class Edge(BaseModel):
    id: str
    source: str
    target: str
    index: int
    value: Json
    grad: Json | None


class Step(BaseModel):
    phase: Literal["forward", "backward", "update"]
    node: str
    edges: list[str]
    text: str
    tex: str
    value: Json | None = Field(default=None, description="update steps: the new parameter value")


class InputCheck(BaseModel):
    analytic: Json
    numeric: Json
    rel_error: float | str


class Check(BaseModel):
    ok: bool
    max_rel_error: float | str
    inputs: dict[str, InputCheck]


class Group(BaseModel):
    id: str
    label: str
    parent: str | None


class CodeView(BaseModel):
    forward: str = Field(description="Python with NumPy: the inputs, then one line per gate")
    backward: str = Field(description="Run after forward: d<name> for each gradient")


class GraphResponse(BaseModel):
    output: str
    nodes: list[Node]
    edges: list[Edge]
    steps: list[Step]
    check: Check | None
    groups: list[Group] = []
    code: CodeView | None = Field(default=None, description='Only with "code": true; null '
                                  "while an op of the graph has no code view")
    entropy: int | None = Field(default=None, description="what randn without a seed drew "
                                "from (send it back for the same numbers); null: no such randn")


class Boundary(BaseModel):
    x: list[float] = Field(description="grid columns")
    y: list[float] = Field(description="grid rows")
    classes: list[list[int]] = Field(description="predicted class; classes[row][column]")


class TrainResponse(BaseModel):
    """The last NDJSON line when streamed; the lines before: {"step", "loss", "accuracy"}."""

    loss: list[Json] = Field(description="loss at step k, on batch k, before update k")
    accuracy: list[Json] | None = Field(description="cross_entropy/svm_loss on class indices")
    trajectory: dict[str, Json] = Field(description="p_0 … p_steps of each parameter of at most "
                                        "100 numbers: a list, or past the answer's room a "
                                        "compact form of shape [steps + 1, …] with ref null")
    final: GraphResponse = Field(description="the graph at the final parameters, whole data set")
    boundary: Boundary | None = Field(description="2-feature classification data only")


class ErrorDetail(BaseModel):
    type: Literal["syntax", "name", "shape", "value", "limit"]
    message: str
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None


class ErrorResponse(BaseModel):
    error: ErrorDetail


class OpInfo(BaseModel):
    name: str
    label: str
    formula: str
    gate: str | None
    arity: int
    syntax: str
    doc: str


class Example(BaseModel):
    """A gallery preset; `mode`, `check`, `optimizer` and `settings` say how the page opens it."""

    id: str
    title: str
    source: str
    description: str = Field(description="one sentence: what the preset shows")
    group: str = Field(description="its lecture: cs231n | dlfs2 | blog | deck | cnn | learning")
    group_title: str = Field(description="the lecture's name in Accept-Language")
    mode: Literal["graph", "train", "race"] = Field(
        default="graph", description="the panel it opens in (the page's view parameter mode=)")
    check: bool = Field(default=False, description="opens with the gradient check ticked")
    optimizer: dict[str, Json] | None = Field(
        default=None, description='as /api/train\'s optimizer, e.g. {"name": "sgd", "lr": 0.1}')
    settings: dict[str, Json] | None = Field(
        default=None, description="train: steps, batch_size, seed, params; graph: params (the "
        "update phase); race: steps and runs, one optimizer object each")
