"""POST /api/train (a training run, whole or streamed as NDJSON; docs/api.md) and
GET /api/optimizers."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from chainrule.app.runner import results
from chainrule.app.runner.workers import HEAVY
from chainrule.app.schemas import ErrorResponse, TrainRequest, TrainResponse
from chainrule.engine.core.limits import SLACK, TRAIN_SECONDS
from chainrule.engine.document import training
from chainrule.engine.learning.datasets import DATASETS
from chainrule.engine.learning.optim import OPTIMIZERS

router = APIRouter(prefix="/api", tags=["api"])
BUDGET = TRAIN_SECONDS  # a run's budget in seconds (tests shorten it); past it, a `limit` error
NDJSON = results.NDJSON
TARGET = training.train


class OptimizerInfo(BaseModel):
    name: str
    defaults: dict[str, float]
    tex: str


class DataSetInfo(BaseModel):
    name: str
    options: dict[str, float]
    classification: bool


@router.post("/train", response_model=TrainResponse,
             responses={400: {"model": ErrorResponse},
                        200: {"content": {NDJSON: {}}, "description": "with Accept: " + NDJSON}})
async def train(body: TrainRequest, request: Request) -> Response:
    """Train the program's parameters; `Accept: application/x-ndjson` streams progress lines
    {"step", "loss", "accuracy"} (at least every 50 steps and 0.5 s) and the document last,
    or an error line in the one error shape. Trainings have workers of their own: a busy server
    answers 503 with Retry-After at once."""
    kwargs: dict[str, Any] = body.model_dump() | {"seconds": BUDGET}
    kwargs["optimizer"] = body.optimizer.model_dump()
    if NDJSON in request.headers.get("accept", ""):
        return await results.stream(request, TARGET, kwargs | {"stream": True}, BUDGET + SLACK,
                                    lane=HEAVY)
    return await results.answer(request, TARGET, kwargs, body, BUDGET + SLACK, lane=HEAVY)


@router.get("/optimizers", response_model=list[OptimizerInfo])
def optimizers() -> list[OptimizerInfo]:
    """Each optimizer's hyperparameters (besides lr) with defaults, and its rule in TeX."""
    return [OptimizerInfo(name=name, defaults=cls.defaults, tex=cls.tex)
            for name, cls in OPTIMIZERS.items()]


@router.get("/datasets", response_model=list[DataSetInfo])
def datasets() -> list[DataSetInfo]:
    """The names dataset() takes, their options (besides n and seed) with defaults."""
    return [DataSetInfo(name=name, options=spec.options, classification=spec.classification)
            for name, spec in DATASETS.items()]
