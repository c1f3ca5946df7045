"""Source text → the whole graph document of DESIGN.md's POST /api/graph."""

from typing import Any

from engine import limits as lim
from engine.check import check as gradient_check
from engine.codegen import code_view
from engine.lang import Interpreter
from engine.lang.source import Source
from engine.trace import trace


def build(
    source: str, check: bool = False, limits: lim.Limits | None = None,
    code: bool = False, lang: str = "en",
) -> dict[str, Any]:
    """Parse, run forward and backward, trace, and optionally check the gradients and add the
    code view (its comments in `lang`)."""
    limits = limits or lim.Limits()
    with lim.budget(limits):
        program = Interpreter(Source(source), limits).run()
        program.output.backward()
        lim.tick()
        document = trace(program.output)
        document["check"] = gradient_check(program.output, limits.check_elements) if check else None
        if code:  # DESIGN's code view, its comments in `lang`
            document["code"] = code_view(program.output, lang)
    return document
