"""GET /slides: a graph as a PowerPoint or PDF download, one slide per step
(docs/api.md "GET /slides"). The deck is made in the worker pool under /api/graph's deadline and
result cache, by engine/export/slides/make.py; a bad source or parameter is the one error shape,
in the page's language (`lang=`, else the saved choice, else Accept-Language)."""

import sys
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chainrule.app.errors import error_response, request_error
from chainrule.app.lang import page_language
from chainrule.app.presets import PRESETS
from chainrule.app.runner import results
from chainrule.app.schemas import OptimizerSpec
from chainrule.app.views.options import Palette, Theme, ViewOptions
from chainrule.app.views.source import Program
from chainrule.engine.catalogs import i18n
from chainrule.engine.core.errors import GraphError
from chainrule.engine.export.slides import make

router = APIRouter(tags=["pages"])
MEDIA = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
         "pdf": "application/pdf"}
Number = Annotated[float | None, Field(allow_inf_nan=False)]


class SlidesQuery(BaseModel):
    """/slides's parameters: the view parameters of a link (docs/api.md), `format` and `steps`,
    and the update phase's optimizer as the page's link writes it (opt, lr, …, params)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    src: str = Field("", max_length=100_000, description="the program")
    format: Literal["pptx", "pdf"] = "pptx"
    steps: str = Field("", max_length=200, description="counts of steps shown, e.g. 0-4,9")
    theme: Theme = "light"
    palette: Palette = "classic"
    collapsed: str = Field("", pattern=r"^(g\d+(,g\d+)*)?$")
    practice: Literal["grad", "value", "both"] | None = None
    ask: str = Field("", pattern=r"^(\w+(,\w+)*)?$")
    opt: str = ""
    lr: Number = None
    momentum: Number = None
    rho: Number = None
    beta1: Number = None
    beta2: Number = None
    eps: Number = None
    params: str = Field("", max_length=2000)

    def optimizer(self) -> dict[str, Any] | None:
        """The optimizer object of docs/api.md (checked by the engine), or None without `opt`."""
        if not self.opt:
            return None
        spec: dict[str, Any] = {"name": self.opt, "lr": 0.1 if self.lr is None else self.lr}
        for key in ("momentum", "rho", "beta1", "beta2", "eps"):
            if getattr(self, key) is not None:
                spec[key] = getattr(self, key)
        return OptimizerSpec.model_validate(spec).model_dump()


@router.get("/slides", response_class=Response, responses={
    200: {"content": {media: {} for media in MEDIA.values()},
          "description": "the deck, as a download"},
    400: {"description": "the one error shape (docs/api.md \"Errors\")"}})
async def slides(request: Request, src: Program) -> Response:
    """The graph of `src` as slides: `format=pptx|pdf`, `steps=0-4,9` (default: every step)."""
    lang = page_language(request)
    try:
        query = SlidesQuery.model_validate(dict(request.query_params) | {"src": src})
        optimizer = query.optimizer()
    except ValidationError as e:
        return error_response(request_error(e.errors()), lang=lang)
    preset = _preset(query.src)
    title = i18n.t(lang, f"example.{preset}.title") if preset else None
    params = [p.strip() for p in query.params.split(",") if p.strip()] or None
    kwargs = {
        "source": query.src, "format": query.format, "lang": lang, "title": title,
        "theme": query.theme, "palette": query.palette,
        "collapsed": tuple(g for g in query.collapsed.split(",") if g),
        "practice": query.practice, "ask": tuple(e for e in query.ask.split(",") if e),
        "steps": query.steps, "optimizer": optimizer,
        "params": params if query.opt else None,
    }
    answer = await results.answer(_speaking(request, lang), make.slides, kwargs, query,
                                  results.GRAPH_SECONDS)
    if answer.status_code != 200:
        return answer
    name = f"{preset or 'chainrule-slides'}.{query.format}"
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    headers |= {k: v for k, v in answer.headers.items() if k in ("content-encoding", "vary")}
    return Response(answer.body, media_type=MEDIA[query.format], headers=headers)


def _speaking(request: Request, lang: str) -> Request:
    """The request as the API reads its language: errors in the page's language (`lang=`), which
    the worker pool takes from Accept-Language."""
    headers = [(k, v) for k, v in request.scope["headers"] if k != b"accept-language"]
    scope = {**request.scope, "headers": [*headers, (b"accept-language", lang.encode())]}
    return Request(scope, request.receive)


def _preset(source: str) -> str | None:
    """The gallery preset whose program `source` is, if any (it names the deck and its file)."""
    text = source.strip() + "\n"
    return next((key for key, (_, preset) in PRESETS.items() if preset.text == text), None)


def write_deck(source: str, out: Path, options: ViewOptions, steps: str, lang: str) -> int:
    """`chainrule export SRC -o lecture.pptx|lecture.pdf`: the deck /slides makes, here without
    the worker pool; 2 after an error (told on stderr in `lang`)."""
    preset = _preset(source)
    try:
        data = make.slides(
            source, "pdf" if out.suffix.lower() == ".pdf" else "pptx", lang,
            title=i18n.t(lang, f"example.{preset}.title") if preset else None,
            theme=options.theme, palette=options.palette, collapsed=tuple(options.shut()),
            practice=options.practice, ask=tuple(options.asked()), steps=steps)
    except GraphError as e:
        print(f"chainrule: {e.describe(lang)}", file=sys.stderr)
        return 2
    out.write_bytes(data)
    print(i18n.t(lang, "cli.wrote_deck", path=out))
    return 0
