"""trace(output): the graph as JSON-ready nodes, edges and teaching steps (no drawing here)."""

import itertools
import math
import string
from typing import Any, Protocol

import numpy as np

from chainrule.engine.core.tensor import Group, Tensor, topological
from chainrule.engine.document import text


def to_json(arr: np.ndarray | None) -> Any:
    """Full-precision floats; non-finite numbers as "nan", "inf", "-inf"."""
    if arr is None:
        return None
    if arr.ndim == 0:
        v = float(arr)
        return v if math.isfinite(v) else str(v)
    if np.isfinite(arr).all():
        return arr.tolist()
    return [to_json(row) for row in arr]


class Encoder(Protocol):
    """How tensors are written: whole (`Whole`), or compact when big (engine.document.compact)."""

    def encode(self, array: np.ndarray | None, ref: str, rank: int = 4) -> Any: ...

    def mirror(self, value: Any, ref: str) -> Any: ...


class Whole:
    """Every tensor whole, as nested lists: the API's plain form (the API bounds it instead)."""

    def encode(self, array: np.ndarray | None, ref: str, rank: int = 4) -> Any:
        return to_json(array)

    def mirror(self, value: Any, ref: str) -> Any:
        return value


def trace(output: Tensor, encoder: Encoder | None = None) -> dict[str, Any]:
    """Nodes in topological order (ids n0, n1, ...), one edge per input slot, and steps;
    tensors written by `encoder` (default: whole), each under a ref like "n3/grad"."""
    enc = encoder or Whole()
    order = topological(output)
    ids = {t.id: f"n{i}" for i, t in enumerate(order)}
    names = display_names(order, output)
    values = {t.id: enc.encode(t.value, f"{ids[t.id]}/value", 0 if t.data else 1)
              for t in order}  # once: a node and its out-edges share it
    edges, incoming = edge_list(order, ids, values, enc)
    return {
        "output": ids[output.id],
        "nodes": [node_json(t, ids, names, names[output.id], values[t.id], enc) for t in order],
        "edges": edges,
        "steps": steps(order, output, names, ids, incoming),
        "groups": groups_json(order),
    }


def edge_list(
    order: list[Tensor], ids: dict[int, str], values: dict[int, Any], enc: Encoder
) -> tuple[list[dict[str, Any]], dict[int, list[str]]]:
    """Every input slot as an edge, and each node's incoming edge ids."""
    edges: list[dict[str, Any]] = []
    incoming: dict[int, list[str]] = {}
    for t in order:
        incoming[t.id] = []
        for index, source in enumerate(t.inputs):
            eid = f"e{len(edges)}"
            incoming[t.id].append(eid)
            edges.append({
                "id": eid, "source": ids[source.id], "target": ids[t.id], "index": index,
                "value": enc.mirror(values[source.id], f"{eid}/value"),
                "grad": enc.encode(t.edge_grads[index], f"{eid}/grad", 3),
            })
    return edges, incoming


def groups_json(order: list[Tensor]) -> list[dict[str, Any]]:
    """The def calls the nodes belong to, with the calls around them."""
    groups: dict[int, Group] = {}
    for t in order:
        g = t.group
        while g is not None and id(g) not in groups:
            groups[id(g)] = g
            g = g.parent
    return [
        {"id": g.id, "label": g.label, "parent": g.parent.id if g.parent else None}
        for g in sorted(groups.values(), key=lambda g: int(g.id[1:]))
    ]


def node_json(
    t: Tensor, ids: dict[int, str], names: dict[int, str], final: str, value: Any, enc: Encoder
) -> dict[str, Any]:
    op = t.op
    if op is not None:
        label = op.node_label()
    elif t.name:
        label = t.name
    else:
        label = text.value(t.value) if t.value.size <= 1 else text.dims(t.shape)
    return {
        "id": ids[t.id], "kind": t.kind, "op": op.name if op else None, "label": label,
        "name": t.name, "symbol": names[t.id], "inputs": [ids[s.id] for s in t.inputs],
        "shape": list(t.shape),
        "value": value, "grad": enc.encode(t.grad, f"{ids[t.id]}/grad", 2),
        "span": list(t.span) if t.span else None,
        "gate": op.gate if op else None, "formula": formula(t, names, final),
        "group": t.group.id if t.group else None,
        "params": params_json(op.params()) if op else {},
    }


def params_json(params: dict[str, object]) -> dict[str, object]:
    """An op's static arguments (stride, padding, slope, a folded constant) as JSON values."""
    return {k: to_json(np.asarray(v)) if isinstance(v, float) else v for k, v in params.items()}


def formula(t: Tensor, names: dict[int, str], final: str) -> str | None:
    """The op's local-gradient formula written with this node's symbols."""
    if t.op is None:
        return None
    inputs = [text.name_tex(names[s.id]) for s in t.inputs]
    return t.op.node_formula(text.name_tex(names[t.id]), inputs, text.name_tex(final))


def display_names(order: list[Tensor], output: Tensor) -> dict[int, str]:
    """What captions call each node: its name; else f for the output, a, b, c... for the rest."""
    taken = {t.name for t in order if t.name} | {"e"}  # e reads as Euler's number
    names = {t.id: t.name for t in order if t.name}
    if output.name is None and "f" not in taken:
        names[output.id] = "f"
    taken.add("f")
    fresh = (f"{letter}{round_ or ''}" for round_ in itertools.count()
             for letter in string.ascii_lowercase)
    for t in order:
        if t.id not in names:
            names[t.id] = next(n for n in fresh if n not in taken)
    return names


def steps(order: list[Tensor], output: Tensor, names: dict[int, str], ids: dict[int, str],
          incoming: dict[int, list[str]]) -> list[dict[str, Any]]:
    out = [forward_step(t, names, ids[t.id], incoming[t.id]) for t in order]
    if output.grad is None:  # backward() has not run: only the forward pass to show
        return out
    f = names[output.id]
    out.append({
        "phase": "backward", "node": ids[output.id], "edges": [],
        "text": f"{text.partial(f, f)} = {text.value(output.grad)}",
        "tex": rf"{text.partial_tex(f, f)} = {text.value_tex(output.grad)}",
    })
    for t in reversed(order):
        if t.op is not None:
            out.append(backward_step(t, f, names, ids[t.id], incoming[t.id]))
    return out


def forward_step(t: Tensor, names: dict[int, str], node: str, edges: list[str]) -> dict[str, Any]:
    name = names[t.id]
    result, result_tex = text.value(t.value), text.value_tex(t.value)
    if t.op is None:
        return {"phase": "forward", "node": node, "edges": edges,
                "text": f"{name} = {result}", "tex": f"{text.name_tex(name)} = {result_tex}"}
    args = [names[s.id] for s in t.inputs]
    sym = t.op.expr(args)
    sym_tex = t.op.expr_tex([text.name_tex(a) for a in args])
    line, tex = f"{name} = {sym}", f"{text.name_tex(name)} = {sym_tex}"
    if all(s.value.size <= text.INLINE_ELEMENTS for s in t.inputs):
        line += " = " + t.op.expr(operands([text.value(s.value) for s in t.inputs]))
        tex += " = " + t.op.expr_tex(operands([text.value_tex(s.value) for s in t.inputs]))
    return {"phase": "forward", "node": node, "edges": edges,
            "text": f"{line} = {result}", "tex": f"{tex} = {result_tex}"}


def backward_step(
    t: Tensor, f: str, names: dict[int, str], node: str, edges: list[str]
) -> dict[str, Any]:
    """One line per input edge: downstream = upstream · local."""
    assert t.op is not None
    scalar = t.value.ndim == 0 and all(s.value.ndim == 0 for s in t.inputs)
    local: list[Any] = [None] * len(t.inputs)
    if scalar and t.grad is not None:
        with np.errstate(all="ignore"):
            local = list(t.op.backward(np.ones(()), t.value, *(s.value for s in t.inputs)))
    lines = [
        chain_line(t, index, f, names, local[index])
        for index in range(len(t.inputs)) if t.edge_grads[index] is not None
    ]
    if not lines:  # no input takes a gradient (constants, data): a dash in every language
        lines = [(f"{text.partial(f, names[s.id])} = —",
                  rf"{text.partial_tex(f, names[s.id])} = \text{{—}}") for s in t.inputs]
    texs = [tex for _, tex in lines]
    rows = r" \\ ".join(texs)
    tex = texs[0] if len(texs) == 1 else rf"\begin{{gathered}}{rows}\end{{gathered}}"
    plain = "\n".join(line for line, _ in lines)
    return {"phase": "backward", "node": node, "edges": edges, "text": plain, "tex": tex}


def chain_line(
    t: Tensor, index: int, f: str, names: dict[int, str], local: Any
) -> tuple[str, str]:
    """∂f/∂x = ∂f/∂q · ∂q/∂x (= upstream · local for scalars) = the edge's gradient."""
    q, x, grad = names[t.id], names[t.inputs[index].id], t.edge_grads[index]
    assert grad is not None
    chain = f"{text.partial(f, q)} · {text.partial(q, x)}"
    chain_tex = rf"{text.partial_tex(f, q)} \cdot {text.partial_tex(q, x)}"
    if local is not None and t.grad is not None:
        up, loc = operands([text.value(t.grad), text.num(local)])
        up_tex, loc_tex = operands([text.value_tex(t.grad), text.num_tex(local)])
        chain, chain_tex = f"{chain} = {up} · {loc}", rf"{chain_tex} = {up_tex} \cdot {loc_tex}"
    return (f"{text.partial(f, x)} = {chain} = {text.value(grad)}",
            rf"{text.partial_tex(f, x)} = {chain_tex} = {text.value_tex(grad)}")


def operands(values: list[str]) -> list[str]:
    """Parenthesise negative numbers after the first: 3 · (-4)."""
    return [v if i == 0 or not v.startswith("-") else f"({v})" for i, v in enumerate(values)]
