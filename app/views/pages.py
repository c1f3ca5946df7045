"""HTML pages: the editor at `/`, the iframe view at `/embed`, the offline file at `/standalone`."""

from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from chainrule.app.errors import error_response
from chainrule.app.lang import COOKIE, page_language
from chainrule.app.paths import TEMPLATES_DIR
from chainrule.engine import GraphError
from chainrule.engine.catalogs import i18n
from chainrule.engine.document.build import build
from chainrule.engine.document.renumber import variants
from chainrule.engine.export.viewer import facts, script_json, standalone_html

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

Source = Annotated[str, Query(description="program in the expression language")]
Step = Annotated[int | None, Query(ge=0, description="steps shown (default: all)")]
Theme = Annotated[Literal["light", "dark"], Query()]
Palette = Annotated[Literal["classic", "cb"], Query()]
Practice = Annotated[Literal["grad", "value", "both"] | None,
                     Query(description="practice mode: students fill in these numbers")]
Ask = Annotated[str, Query(pattern=r"^(\w+(,\w+)*)?$", description="edges asked, e.g. e3,e5")]
Explain = Annotated[str, Query(max_length=100, description="the gate explained, e.g. Y or n3")]


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "index.html", {"page": "index"})


@router.get("/embed", response_class=HTMLResponse)
def embed(
    request: Request, src: Source = "", step: Step = None, theme: Theme = "light",
    palette: Palette = "classic", controls: Annotated[int, Query(ge=0, le=1)] = 1,
) -> HTMLResponse:
    """Graph and player only, sized to its iframe; see docs/ for the postMessage API."""
    context = {"page": "embed", "src": src, "step": step, "theme": theme, "palette": palette,
               "controls": controls}
    return templates.TemplateResponse(request, "embed.html", context)


@router.get("/standalone", response_class=HTMLResponse)
def standalone(
    request: Request, src: Source, step: Step = None, theme: Theme = "light",
    palette: Palette = "classic",
    collapsed: Annotated[str, Query(pattern=r"^(g\d+(,g\d+)*)?$")] = "", download: bool = False,
    practice: Practice = None, ask: Ask = "", explain: Explain = "",
) -> Response:
    """One self-contained HTML file of the graph that works from disk with no server."""
    lang = page_language(request)
    try:
        document = build(src, code=True, lang=lang)  # the file shows the code view, too
    except GraphError as e:
        return error_response(e, lang=lang)
    shut = collapsed.split(",") if collapsed else []
    # practice: a few other input numbers drawn now, as the file has no server to ask
    others = variants(src, document, partial(build, code=True, lang=lang)) if practice else []
    page = standalone_html(document, step=step, theme=theme, palette=palette,
                           title=i18n.t(lang, "graph.title"), collapsed=shut, lang=lang,
                           practice=practice, ask=ask.split(",") if ask else [], variants=others,
                           explain=explain)
    headers = {"Content-Disposition": 'attachment; filename="chainrule-graph.html"'}
    return HTMLResponse(page, headers=headers if download else None)
