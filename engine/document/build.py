"""Source text → the whole graph document of docs/api.md "POST /api/graph", and one of its
tensors in full (POST /api/tensor)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from chainrule.engine.core import limits as lim
from chainrule.engine.core.errors import LimitError, ValueErr
from chainrule.engine.document import update
from chainrule.engine.document.check import check as gradient_check
from chainrule.engine.document.codegen import code_view
from chainrule.engine.document.compact import Collector, Compactor
from chainrule.engine.document.trace import Encoder, to_json, trace
from chainrule.engine.language import Interpreter, Program, draws
from chainrule.engine.language.source import Source


def build(
    source: str, check: bool = False, limits: lim.Limits | None = None,
    optimizer: update.Spec | None = None, params: list[str] | None = None,
    code: bool = False, lang: str = "en", entropy: int | None = None, fetch: bool = False,
) -> dict[str, Any]:
    """Parse, run forward and backward, trace, optionally check the gradients, and with an
    optimizer end the steps with one update step per parameter; `code` adds the code view (its
    comments in `lang`). Big tensors come compact (engine.document.compact), with the ref POST
    /api/tensor sends them whole by when `fetch`, and a document past 8 MB even so is a limit error
    at the node that passes it; `entropy` draws randn without a seed (engine.language.draws), and
    the document's "entropy" is the one it drew from (null: no randn without a seed)."""
    limits = limits or lim.Limits()
    compactor = Compactor(fetchable=fetch, source=source)
    with draws.drawing(entropy) as drawn:
        document = run(source, check, limits, optimizer, params, code, lang, compactor)
    document["entropy"] = drawn.entropy if drawn.count else None
    return compactor.finish(document)


def tensor(source: str, ref: str, entropy: int | None = None, check: bool = False,
           limits: lim.Limits | None = None, optimizer: update.Spec | None = None,
           params: list[str] | None = None) -> dict[str, Any]:
    """The tensor `ref` (as a compact form names it: "n3/value", "e5/grad", "check/W/numeric",
    "update/n0") whole: {"ref", "shape", "value"}, rebuilt from the same request and entropy."""
    collector = Collector()
    with draws.drawing(entropy):
        run(source, check, limits or lim.Limits(), optimizer, params, False, "en", collector)
    if ref not in collector.arrays:
        raise ValueErr("err.tensor.ref", ref=ref[:60])
    array = collector.arrays[ref]
    return {"ref": ref, "shape": list(array.shape), "value": to_json(array)}


def run(source: str, check: bool, limits: lim.Limits, optimizer: update.Spec | None,
        params: list[str] | None, code: bool, lang: str, encoder: Encoder) -> dict[str, Any]:
    """The document with its tensors as `encoder` writes them."""
    with lim.budget(limits):
        program = Interpreter(Source(source), limits).run()
        with told_at(program):
            program.output.backward()
            lim.tick()
            document = trace(program.output, encoder)
            document["check"] = gradient_check(
                program.output, limits.check_elements, encoder) if check else None
            if code:  # the code view, its comments in `lang`
                document["code"] = code_view(program.output, lang, program.recipes)
            chosen = update.parameters(program.output, params)
            if optimizer is not None:
                opt = update.optimizer(optimizer, chosen)
                document["steps"] += update.update_steps(opt, document, program.output, encoder)
    return document


AFTER = ("err.limit.time", "err.limit.memory")  # the limits met after evaluation too


@contextmanager
def told_at(program: Program) -> Iterator[None]:
    """A time or memory limit met after evaluation (the backward pass, the gradient check, the
    code view) told at the program's last statement, the one whose output they work on."""
    try:
        yield
    except MemoryError:
        raise LimitError("err.limit.memory", *(program.place or ())) from None
    except LimitError as e:
        if e.msgid in AFTER and program.place:
            e.place(*program.place)
        raise
