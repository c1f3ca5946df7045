"""Source text → the whole graph document of DESIGN.md's POST /api/graph."""

from typing import Any

from engine import limits as lim
from engine import update
from engine.check import check as gradient_check
from engine.codegen import code_view
from engine.lang import Interpreter
from engine.lang.source import Source
from engine.trace import trace


def build(
    source: str, check: bool = False, limits: lim.Limits | None = None,
    optimizer: update.Spec | None = None, params: list[str] | None = None,
    code: bool = False, lang: str = "en",
) -> dict[str, Any]:
    """Parse, run forward and backward, trace, optionally check the gradients, and with an
    optimizer end the steps with one update step per parameter; `code` adds the code view (its
    comments in `lang`)."""
    limits = limits or lim.Limits()
    with lim.budget(limits):
        program = Interpreter(Source(source), limits).run()
        program.output.backward()
        lim.tick()
        document = trace(program.output)
        document["check"] = gradient_check(program.output, limits.check_elements) if check else None
        if code:  # DESIGN's code view, its comments in `lang`
            document["code"] = code_view(program.output, lang)
        chosen = update.parameters(program.output, params)
        if optimizer is not None:
            opt = update.optimizer(optimizer, chosen)
            document["steps"] += update.update_steps(opt, document, program.output)
    return document
