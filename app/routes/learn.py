"""What the train panel and the optimizer race ask for beyond /api/train: POST /api/surface (a
two-input program over a grid, and its gradient at points) and POST /api/boundaries (the decision
boundary at a few iterations of the same run)."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from chainrule.app.runner import results
from chainrule.app.runner.workers import HEAVY
from chainrule.app.schemas import ErrorResponse, Json, TrainRequest
from chainrule.engine.document import frames
from chainrule.engine.document.frames import FRAMES_MOST
from chainrule.engine.learning import surface as race_surface
from chainrule.engine.learning.surface import GRID_MOST, POINTS_MOST

router = APIRouter(prefix="/api", tags=["api"])
ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorResponse}}


class SurfaceRequest(BaseModel):
    source: str = Field(description="a program with two scalar inputs (the start) and a scalar f")
    bounds: list[float] = Field(min_length=4, max_length=4, description="[x0, x1, y0, y1]")
    grid: int = Field(default=80, ge=2, le=GRID_MOST, description="grid points per side")
    points: list[list[float]] = Field(
        default_factory=list, max_length=POINTS_MOST, description="[[x, y], …]: f and ∇f there")
    x: str | None = Field(default=None, description="the first input; null: the program's first")
    y: str | None = Field(default=None, description="the second input; null: its second")


class PointValue(BaseModel):
    f: Json
    grad: list[Json] = Field(description="[∂f/∂x, ∂f/∂y]")


class SurfaceResponse(BaseModel):
    names: list[str] = Field(description="the two inputs, [x, y]")
    x: list[float] = Field(description="grid columns")
    y: list[float] = Field(description="grid rows")
    z: list[list[Json]] = Field(description="f at (x[column], y[row]): z[row][column]")
    points: list[PointValue]


class BoundariesRequest(TrainRequest):
    count: int = Field(default=10, ge=1, le=FRAMES_MOST, description="frames besides step 0")


class Frame(BaseModel):
    step: int = Field(description="iteration k: the boundary at the parameters p_k")
    classes: list[list[int]] = Field(description="predicted class; classes[row][column]")


class BoundariesResponse(BaseModel):
    x: list[float] = Field(description="grid columns (as /api/train's boundary)")
    y: list[float] = Field(description="grid rows")
    frames: list[Frame] = Field(description="empty without 2-feature classification data")


@router.post("/surface", response_model=SurfaceResponse, responses=ERRORS)
async def surface(body: SurfaceRequest, request: Request) -> Response:
    """f over a grid × grid grid inside `bounds`, and f and ∇f at `points` (the race's contour
    plot and its gradient arrows)."""
    return await results.answer(request, race_surface.surface, body.model_dump(), body,
                                results.GRAPH_SECONDS, lane=HEAVY)


@router.post("/boundaries", response_model=BoundariesResponse, responses=ERRORS)
async def boundaries(body: BoundariesRequest, request: Request) -> Response:
    """The run /api/train makes of the same body, with the predicted class over its boundary
    grid at `count` + 1 evenly spread iterations (0 and `steps` included)."""
    kwargs = body.model_dump()
    return await results.answer(request, frames.frames, kwargs, body,
                                results.TRAIN_SECONDS, lane=HEAVY)
