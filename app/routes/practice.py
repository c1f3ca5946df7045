"""Practice's route: POST /api/renumber, the same graph with other input numbers (drawn by
engine.document.renumber, as the offline file's variants are)."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from chainrule.app.runner import results
from chainrule.app.schemas import ErrorResponse, RenumberRequest, RenumberResponse
from chainrule.engine.document import renumber as renumbering

router = APIRouter(prefix="/api", tags=["api"])
ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorResponse}}


@router.post("/renumber", response_model=RenumberResponse, responses=ERRORS)
async def renumber(body: RenumberRequest, request: Request) -> Response:
    """Redraw the program's input numbers from seeds `seed`, `seed + 1`, … until the graph stays
    the same and a fair exercise: POST /api/graph's answer for the new source, with that source
    and the seed used; after a few draws, an error and the numbers stay (docs/api.md)."""
    kwargs = {"source": body.source, "seed": body.seed}
    return await results.answer(request, renumbering.fresh, kwargs, body, results.GRAPH_SECONDS)
