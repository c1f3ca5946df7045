"""Pydantic models of the JSON API (docs/api.md is the contract; these document it in /docs, and
tests/app/test_contract.py holds every answer to them)."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue
from typing_extensions import TypeAliasType

from chainrule.engine.core.limits import TRAIN_STEPS
from chainrule.engine.learning.optim import DEFAULTS, RANGES

Json = Any  # request-side and gallery fields of free shape (an optimizer object, settings)
Number = float | Literal["nan", "inf", "-inf"]  # float64 at full precision; non-finite as text
Nested = TypeAliasType("Nested", "Number | list[Nested]")  # a tensor whole: nested lists
RESPONSE = ConfigDict(extra="forbid")  # an answer's field that no model names fails the test


def _bounds(key: str) -> dict[str, JsonValue]:
    """The hyperparameter `key`'s range (engine.learning.optim.RANGES) as JSON Schema words.
    Documented, not enforced here: the engine checks the optimizer's own ones, with the API's one
    error."""
    low, high, low_in, high_in, _ = RANGES[key]
    out: dict[str, JsonValue] = {"minimum" if low_in else "exclusiveMinimum": low}
    if high != float("inf"):
        out["maximum" if high_in else "exclusiveMaximum"] = high
    return out


def _hyper(key: str) -> Any:
    """The optimizer object's field `key`, from engine.learning.optim's table: its default (null
    when the optimizers that take it differ, as eps's), which take it, its range."""
    owners: dict[float, list[str]] = {}
    for name, row in DEFAULTS.items():
        if key in row:
            owners.setdefault(row[key], []).append(name)
    rule = RANGES[key][4]
    if len(owners) == 1:
        [(default, names)] = owners.items()
        words = f"{', '.join(names)}: {rule}"
    else:
        default = None
        each = (f"{', '.join(names)}: {v!r}".replace("e-0", "e-") for v, names in owners.items())
        words = "; ".join([*each, rule])
    return Field(default=default, description=words, json_schema_extra=_bounds(key))


class OptimizerSpec(BaseModel):
    """An optimizer and its hyperparameters; each uses only its own (docs/api.md's update rules)."""

    name: str = Field(description=" | ".join(f'"{name}"' for name in DEFAULTS))
    lr: float = Field(description=f"learning rate: {RANGES['lr'][4]}",
                      json_schema_extra=_bounds("lr"))
    momentum: float = _hyper("momentum")
    rho: float = _hyper("rho")
    beta1: float = _hyper("beta1")
    beta2: float = _hyper("beta2")
    eps: float | None = _hyper("eps")


class TrainRequest(BaseModel):
    source: str = Field(description="Program whose last statement is a scalar loss")
    optimizer: OptimizerSpec
    steps: int = Field(description=f"1 to {TRAIN_STEPS:,} optimizer steps",
                       json_schema_extra={"minimum": 1, "maximum": TRAIN_STEPS})
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


class RenumberRequest(BaseModel):
    """Practice's "new numbers": the program shown and the first seed to draw its inputs from."""

    model_config = ConfigDict(extra="forbid")
    source: str = Field(description="Program in the expression language")
    seed: int = Field(ge=0, lt=2**63, description="the first seed tried; the answer's \"seed\" "
                      "+ 1 draws the next other numbers")


class Preview(BaseModel):
    """An edge's compact value: its node's first numbers only."""

    model_config = RESPONSE
    head: list[Number]


class Heatmap(BaseModel):
    model_config = RESPONSE
    rows: int
    cols: int
    cells: list[list[float | None]] = Field(description="block means, 4 significant digits; "
                                            "null: no finite number in the block")


class Summary(BaseModel):
    """A compact tensor's statistics (min, max, mean over the finite numbers; null: none)."""

    model_config = RESPONSE
    min: Number | None
    max: Number | None
    mean: Number | None
    nonfinite: int = Field(description="how many are nan, inf or -inf")
    head: list[Number] = Field(description="the first 8 numbers in row-major order, exact")
    corner: Nested = Field(description="the top-left 8×8 of the first 2-D slice, exact")
    heatmap: Heatmap


class Compact(BaseModel):
    """A big tensor in short (docs/api.md "Big tensors")."""

    model_config = RESPONSE
    shape: list[int]
    ref: str | None = Field(description='what POST /api/tensor takes, e.g. "n3/value"; null '
                            "in files and in /api/train's trajectories")
    summary: Summary | Preview | None = Field(default=None, description="present while the "
                                              "answer has room; an edge's value: the head only")


Tensor = Nested | Compact  # whole, or a big tensor's compact form


class TensorResponse(BaseModel):
    model_config = RESPONSE
    ref: str
    shape: list[int]
    value: Nested = Field(description="the numbers whole, as nested lists")


class Node(BaseModel):
    model_config = RESPONSE
    id: str
    kind: Literal["input", "const", "data", "op"]
    op: str | None = Field(description="the catalog's op name (GET /api/ops); null: a leaf")
    label: str
    name: str | None
    symbol: str = Field(description="what step captions call the node: its name, else a letter")
    inputs: list[str]
    shape: list[int]
    value: Tensor
    grad: Tensor | None = Field(description="null: constants, data and class targets")
    span: tuple[int, int] | None = Field(description="[start, end) of its text in the source")
    gate: Literal["distributor", "swap", "router", "adder"] | None
    formula: str | None = Field(description="TeX of the local gradient; null: a leaf")
    group: str | None = Field(description="the def call it belongs to (an id of `groups`)")
    params: dict[str, Any] = Field(description="the op's static arguments, which differ per op: "
                                   "stride, padding, size, slope, a folded constant c, …")


class Edge(BaseModel):
    model_config = RESPONSE
    id: str
    source: str
    target: str
    index: int = Field(description="which input of the target it is")
    value: Tensor = Field(description="its source node's value")
    grad: Tensor | None = Field(description="the gradient flowing to the source through it")


class Step(BaseModel):
    model_config = RESPONSE
    phase: Literal["forward", "backward", "update"]
    node: str
    edges: list[str]
    text: str
    tex: str
    value: Tensor | None = Field(default=None, description="update steps only: the parameter "
                                 "after the update")


class InputCheck(BaseModel):
    model_config = RESPONSE
    analytic: Tensor
    numeric: Tensor = Field(description='central differences; "nan" past the check\'s limit')
    rel_error: Number


class Check(BaseModel):
    model_config = RESPONSE
    ok: bool
    max_rel_error: Number
    inputs: dict[str, InputCheck] = Field(description="one entry per differentiable input")


class Group(BaseModel):
    model_config = RESPONSE
    id: str
    label: str
    parent: str | None


class CodeView(BaseModel):
    model_config = RESPONSE
    forward: str = Field(description="Python with NumPy: the inputs, then one line per gate")
    backward: str = Field(description="Run after forward: d<name> for each gradient")


class GraphResponse(BaseModel):
    """POST /api/graph's answer (docs/api.md "POST /api/graph")."""

    model_config = RESPONSE
    output: str
    nodes: list[Node]
    edges: list[Edge]
    steps: list[Step]
    check: Check | None = Field(description='only with "check": true')
    groups: list[Group]
    code: CodeView | None = Field(default=None, description='Only with "code": true; null '
                                  "while an op of the graph has no code view")
    entropy: int | None = Field(description="what randn without a seed drew from (send it back "
                                "for the same numbers); null: no such randn")


class RenumberResponse(GraphResponse):
    """POST /api/renumber's answer: POST /api/graph's for the new source, with that source and
    the seed it was drawn from (docs/api.md "POST /api/renumber")."""

    source: str = Field(description="the program with its input numbers drawn anew")
    seed: int = Field(description="the seed that drew them")


class Boundary(BaseModel):
    model_config = RESPONSE
    x: list[float] = Field(description="grid columns")
    y: list[float] = Field(description="grid rows")
    classes: list[list[int]] = Field(description="predicted class; classes[row][column]")


class TrainProgress(BaseModel):
    """A progress line of the NDJSON stream (every line but the last)."""

    model_config = RESPONSE
    step: int = Field(description="steps done")
    loss: Number = Field(description="the latest step's loss")
    accuracy: float | None = Field(description="cross_entropy/svm_loss on class indices")


class TrainResponse(BaseModel):
    """POST /api/train's answer; streamed, the last NDJSON line (docs/api.md "POST /api/train")."""

    model_config = RESPONSE
    loss: list[Number] = Field(description="loss at step k, on batch k, before update k")
    accuracy: list[float] | None = Field(description="cross_entropy/svm_loss on class indices")
    trajectory: dict[str, Nested | Compact] = Field(
        description="p_0 … p_steps of each parameter of at most 100 numbers: nested lists, or "
        "past the answer's room a compact form of shape [steps + 1, …] with ref null")
    final: GraphResponse = Field(description="the graph at the final parameters, whole data set")
    boundary: Boundary | None = Field(description="2-feature classification data only")


class ErrorDetail(BaseModel):
    model_config = RESPONSE
    type: Literal["syntax", "name", "shape", "value", "limit"]
    message: str = Field(description="in the language of Accept-Language")
    line: int | None = Field(description="1-based; null only when no place applies")
    column: int | None = Field(description="1-based, counting characters")
    end_line: int | None
    end_column: int | None = Field(description="exclusive")


class ErrorResponse(BaseModel):
    """The one error shape of every 400 (docs/api.md "Errors")."""

    model_config = RESPONSE
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
