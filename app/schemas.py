"""Pydantic models of the JSON API (DESIGN.md is the contract; these document it in /docs)."""

from typing import Any, Literal

from pydantic import BaseModel, Field

Json = Any  # a number, "nan"/"inf"/"-inf", or nested lists of those


class GraphRequest(BaseModel):
    source: str = Field(description="Program in the expression language")
    check: bool = Field(default=False, description="Also compare with central differences")
    code: bool = Field(default=False, description="Also return the graph as NumPy code")


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


class Edge(BaseModel):
    id: str
    source: str
    target: str
    index: int
    value: Json
    grad: Json | None


class Step(BaseModel):
    phase: Literal["forward", "backward"]
    node: str
    edges: list[str]
    text: str
    tex: str


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
    id: str
    title: str
    source: str
    description: str
