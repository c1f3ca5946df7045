"""HTML pages: the editor at `/`, the iframe view at `/embed`, the offline file at `/standalone`."""

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from chainrule.app.lang import COOKIE, page_language
from chainrule.app.paths import TEMPLATES_DIR
from chainrule.app.runner import results
from chainrule.app.views.options import Palette, Step, Theme, ViewOptions, offline_bytes
from chainrule.app.views.source import Program
from chainrule.engine.catalogs import i18n
from chainrule.engine.export.viewer import facts, script_json

FACTS = script_json(facts())  # the limits and the optimizer table, for static/js


def language_context(request: Request) -> dict[str, Any]:
    """Every page: its language, `t(id, **params)` for its words, and the catalog and the
    server's facts (limits, optimizers) for static/js."""
    lang = page_language(request)
    messages = script_json(i18n.catalog(lang))
    # The language switch names each language in its own words, Korean first (our users').
    names = [(code, i18n.t(code, "lang.name")) for code in sorted(i18n.LANGUAGES, reverse=True)]
    return {"lang": lang, "t": partial(i18n.t, lang), "messages": messages, "facts": FACTS,
            "cookie": COOKIE, "languages": names}


templates = Jinja2Templates(directory=TEMPLATES_DIR, context_processors=[language_context])
router = APIRouter(tags=["pages"])


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "index.html", {"page": "index"})


@router.get("/embed", response_class=HTMLResponse)
def embed(
    request: Request, src: Program, step: Annotated[Step, Query()] = None,
    theme: Annotated[Theme, Query()] = "light", palette: Annotated[Palette, Query()] = "classic",
    controls: Annotated[int, Query(ge=0, le=1)] = 1,
) -> HTMLResponse:
    """Graph and player only, sized to its iframe; see docs/ for the postMessage API."""
    context = {"page": "embed", "src": src, "step": step, "theme": theme, "palette": palette,
               "controls": controls}
    return templates.TemplateResponse(request, "embed.html", context)


@router.get("/standalone", response_class=HTMLResponse)
async def standalone(
    request: Request, src: Program, options: Annotated[ViewOptions, Query()],
    download: bool = False,
) -> Response:
    """One self-contained HTML file of the graph that works from disk with no server; made in
    a worker under the graph's deadline (an error: the one error shape, the page's language)."""
    lang = page_language(request)
    kwargs = {"source": src, "options": options.model_dump(), "lang": lang,
              "title": i18n.t(lang, "graph.title")}
    reply = await results.compute(request, offline_bytes, kwargs, None, results.GRAPH_SECONDS,
                                  lang=lang)
    if reply is None:
        return Response(status_code=results.GONE)
    if reply.status != 200:
        return await results.respond(reply, request)
    attached = {"Content-Disposition": 'attachment; filename="chainrule-graph.html"'}
    return await results.respond(reply, request, "text/html; charset=utf-8",
                                 attached if download else None)
