"""HTML pages: the editor at `/` and the iframe view at `/embed`."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.paths import TEMPLATES_DIR

templates = Jinja2Templates(directory=TEMPLATES_DIR)
router = APIRouter(tags=["pages"])


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "index.html", {"page": "index"})


@router.get("/embed", response_class=HTMLResponse)
def embed(
    request: Request,
    src: Annotated[str, Query(max_length=20_000)] = "",
    step: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "embed.html", {"page": "embed", "src": src, "step": step}
    )
