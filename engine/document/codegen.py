"""The code view: a graph as plain Python with NumPy, one line per gate, CS231n style.

The forward lines follow the forward steps (inputs first, `q = x + y`); the backward lines the
backward steps: the seed, then for each gate one line per input edge that carries a gradient
(`dx = 1.0 * dq`), written from the op's own `forward_code` and `backward_code`. A value used
twice accumulates (`dx += ...`). Running both defines every node and its gradient.
"""

from collections import Counter
from typing import Any

import numpy as np

from chainrule.engine.catalogs import i18n
from chainrule.engine.core.ops.base import NoCode, Vars, code_num
from chainrule.engine.core.tensor import Tensor, topological
from chainrule.engine.document.code_helpers import HELPERS, prelude
from chainrule.engine.document.trace import display_names

# Names the code itself uses; a node called so gets a trailing underscore.
RESERVED = {"np", "int", "range", *HELPERS}
LITERALS = 20_000  # numbers the code may write out (about 400 kB): else no code view


def code_view(output: Tensor, lang: str = "en",
              recipes: dict[int, str] | None = None) -> dict[str, str] | None:
    """The graph's code, or None while one of its ops has no code yet or its leaves hold more
    than LITERALS numbers that no `recipes` entry (code making a big input) writes."""
    recipes = recipes or {}
    leaves = [t for t in topological(output) if t.op is None and t.id not in recipes]
    if sum(t.value.size for t in leaves) > LITERALS:
        return None
    try:
        return generate(output, lang, recipes)
    except NoCode:
        return None


def generate(output: Tensor, lang: str = "en",
             recipes: dict[int, str] | None = None) -> dict[str, str]:
    """{"forward": ..., "backward": ...} for `output`'s graph after its backward pass."""
    order = topological(output)
    values, grads = variables(order, output)
    plain = plain_floats(order)
    forward = [f"# {i18n.t(lang, 'code.forward')}"]
    forward += [forward_line(t, values, grads, plain, recipes or {}) for t in order]
    backward = [f"# {i18n.t(lang, 'code.backward')}"]
    if output.grad is not None:
        seed = f"np.ones_like({values[output.id]})" if output.value.ndim else literal(
            np.ones(()), plain)
        backward.append(f"{grads[output.id]} = {seed}")
        backward += backward_lines(order, values, grads, lang)
    head = ["import numpy as np", "", *prelude(forward + backward, lang)]
    if len(head) > 2:
        head.append("")
    return {"forward": "\n".join(head + forward) + "\n", "backward": "\n".join(backward) + "\n"}


def variables(order: list[Tensor], output: Tensor) -> tuple[dict[int, str], dict[int, str]]:
    """Each node's variable (the symbol the steps use) and its gradient's (`d` + variable)."""
    symbols = display_names(order, output)
    taken = RESERVED | set(symbols.values())
    values: dict[int, str] = {}
    for t in order:
        name = symbols[t.id]
        values[t.id] = name if name not in RESERVED else fresh(name, taken)
    grads: dict[int, str] = {}
    for t in order:
        grads[t.id] = fresh("d" + values[t.id], taken)
    return values, grads


def fresh(name: str, taken: set[str]) -> str:
    """`name`, with underscores added until no other variable has it; then it is taken."""
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def plain_floats(order: list[Tensor]) -> bool:
    """Whether scalars can be Python floats: only without inf, nan and numbers near overflow,
    where Python raises (1.0 / 0.0, 1e200 ** 2) and NumPy answers inf or nan."""
    arrays = [t.value for t in order] + [t.grad for t in order if t.grad is not None]
    return all(bool(np.all(np.abs(a) < 1e100)) for a in arrays)


def literal(value: np.ndarray, plain: bool) -> str:
    """An input's value as Python that reads back exactly."""
    if value.ndim == 0:
        number = code_num(float(value))
        return number if plain else f"np.float64({number})"
    if value.size == 0:
        return f"np.zeros({value.shape})"
    if np.isfinite(value).all():
        return f"np.array({value.tolist()!r})"  # repr of a float is its shortest exact form
    return f"np.array({nested(value.tolist())})"


def nested(items: Any) -> str:
    if isinstance(items, list):
        return "[" + ", ".join(nested(item) for item in items) + "]"
    return code_num(items)


def gate_vars(t: Tensor, values: dict[int, str], grads: dict[int, str]) -> Vars:
    return Vars(xs=[values[s.id] for s in t.inputs], z=values[t.id], dz=grads[t.id],
                shapes=[s.shape for s in t.inputs], shape=t.shape)


def forward_line(t: Tensor, values: dict[int, str], grads: dict[int, str], plain: bool,
                 recipes: dict[int, str]) -> str:
    if t.op is None:
        return f"{values[t.id]} = {recipes.get(t.id) or literal(t.value, plain)}"
    return f"{values[t.id]} = {t.op.forward_code(gate_vars(t, values, grads))}"


def backward_lines(
    order: list[Tensor], values: dict[int, str], grads: dict[int, str], lang: str
) -> list[str]:
    """Gate by gate from the output back, one line per input edge that carries a gradient."""
    uses = Counter(s.id for t in order for s, g in zip(t.inputs, t.edge_grads, strict=True)
                   if g is not None)
    started = {order[-1].id}  # the output's gradient is the seed
    lines: list[str] = []
    notes: set[str] = set()
    for t in reversed(order):
        if t.op is None or all(g is None for g in t.edge_grads):
            continue
        note = t.op.code_note or (f"code.gate.{t.op.gate}" if t.op.gate else "")
        if note and note not in notes:
            notes.add(note)
            lines.append(f"# {i18n.t(lang, note)}")
        lines += gate_lines(t, gate_vars(t, values, grads), grads, started, uses)
    return explain_first_sum(lines, lang)


def gate_lines(t: Tensor, v: Vars, grads: dict[int, str], started: set[int],
               uses: Counter[int]) -> list[str]:
    """One gate's backward: `dx = ...` for an input's first gradient, `dx += ...` after."""
    assert t.op is not None
    lines, raw = [], raw_shapes(t)
    for index, (source, g) in enumerate(zip(t.inputs, t.edge_grads, strict=True)):
        if g is None:
            continue
        expr = sum_to(t.op.backward_code(v, index), raw[index], source.shape)
        if source.id in started:
            lines.append(f"{grads[source.id]} += {expr}")
            continue
        started.add(source.id)
        if uses[source.id] > 1 and t.op.code_view:
            expr += ".copy()"  # += must not write into the upstream gradient it views
        lines.append(f"{grads[source.id]} = {expr}")
    return lines


def raw_shapes(t: Tensor) -> list[tuple[int, ...]]:
    """The shapes of the op's gradients before broadcast axes are summed (unbroadcast)."""
    assert t.op is not None and t.grad is not None
    shapes = [s.shape for s in t.inputs]
    if all(shape == shapes[0] for shape in shapes):
        return shapes  # nothing broadcast: each gradient has its input's shape
    with np.errstate(all="ignore"):
        grads = t.op.backward(t.grad, t.value, *(s.value for s in t.inputs))
    return [() if g is None else np.shape(g) for g in grads]


def explain_first_sum(lines: list[str], lang: str) -> list[str]:
    """The first `+=` (a value used twice: its gradients add up) says so."""
    for i, line in enumerate(lines):
        if " += " in line:
            lines[i] = f"{line}  # {i18n.t(lang, 'code.branch')}"
            break
    return lines


def sum_to(expr: str, raw: tuple[int, ...], shape: tuple[int, ...]) -> str:
    """Code summing a broadcast gradient back to the input's shape, as ops.unbroadcast does."""
    if raw == shape:
        return expr
    out = expr if expr.isidentifier() else f"({expr})"
    if not shape:
        return f"{out}.sum()"
    lead = len(raw) - len(shape)
    kept = tuple(i for i, n in enumerate(shape) if n == 1 and raw[lead + i] != 1)
    if lead:
        out += f".sum(axis={axes(tuple(range(lead)))})"
    if kept:
        out += f".sum(axis={axes(kept)}, keepdims=True)"
    return out


def axes(numbers: tuple[int, ...]) -> str:
    return str(numbers[0]) if len(numbers) == 1 else str(numbers)
