"""JSON API: /api/graph, /api/tensor, /api/ops, /api/examples, /healthz, and the one error
shape."""

import logging
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from chainrule.app.errors import error_response, http_error, request_error
from chainrule.app.examples import examples_in
from chainrule.app.lang import api_language
from chainrule.app.routes import train as train_api
from chainrule.app.runner import results
from chainrule.app.schemas import (
    ErrorResponse,
    Example,
    GraphRequest,
    GraphResponse,
    OpInfo,
    TensorRequest,
    TensorResponse,
)
from chainrule.engine import CATALOG
from chainrule.engine.catalogs import i18n
from chainrule.engine.document import build

log = logging.getLogger("chainrule")
router = APIRouter(prefix="/api", tags=["api"])
ERRORS: dict[int | str, dict[str, object]] = {400: {"model": ErrorResponse}}


@router.post("/graph", response_model=GraphResponse, responses=ERRORS)
async def graph(body: GraphRequest, request: Request) -> Response:
    """Parse the source, run forward and backward, and return nodes, edges and steps.

    Runs in a worker process under a hard deadline; identical requests share one result.
    Big tensors come compact (README "Big tensors"): POST /api/tensor sends one whole."""
    kwargs = engine_kwargs(body) | {"fetch": True}
    if body.code:  # the code view's comments follow the request's language
        kwargs |= {"code": True, "lang": api_language(request)}
    return await results.answer(request, build.build, kwargs, body, results.GRAPH_SECONDS)


@router.post("/tensor", response_model=TensorResponse, responses=ERRORS)
async def tensor(body: TensorRequest, request: Request) -> Response:
    """One tensor of a graph whole: send the graph's request again with the compact form's
    "ref" and the graph answer's "entropy"."""
    kwargs = engine_kwargs(body) | {"ref": body.ref}
    return await results.answer(request, build.tensor, kwargs, body, results.GRAPH_SECONDS)


def engine_kwargs(body: GraphRequest) -> dict[str, Any]:
    """The engine's arguments for a graph request (the update phase only when asked for)."""
    kwargs: dict[str, Any] = {"source": body.source, "check": body.check, "entropy": body.entropy}
    if body.optimizer is not None or body.params is not None:  # the update phase
        optimizer = body.optimizer.model_dump() if body.optimizer else None
        kwargs |= {"optimizer": optimizer, "params": body.params}
    return kwargs


@router.get("/ops", response_model=list[OpInfo])
def ops(request: Request) -> list[OpInfo]:
    """The op catalog: label, TeX local-gradient formula, gate kind and doc (Accept-Language)."""
    lang = api_language(request)
    return [
        OpInfo(name=name, label=cls.label, formula=cls.catalog_formula(), gate=cls.gate,
               arity=cls.arity, syntax=cls.catalog_syntax(), doc=i18n.t(lang, f"op.{name}.doc"))
        for name, cls in CATALOG.items()
    ]


@router.get("/examples", response_model=list[Example])
def examples(request: Request) -> list[Example]:
    """Preset programs from the lecture notes, titled and described in Accept-Language."""
    return examples_in(api_language(request))


def install(app: FastAPI) -> None:
    """Add the API routes, /healthz and the error handlers that keep one error shape."""
    app.include_router(router)
    app.include_router(train_api.router)

    @app.get("/healthz", tags=["api"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(request_error(exc.errors()), lang=api_language(request))

    @app.exception_handler(StarletteHTTPException)
    async def http_exception(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if request.url.path.startswith("/api/"):
            return error_response(http_error(exc.status_code, str(exc.detail)), exc.status_code,
                                  lang=api_language(request))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
