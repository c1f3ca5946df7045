"""Application factory."""

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from chainrule.app import errors
from chainrule.app.body_limit import BodyLimit
from chainrule.app.headers import SecurityHeaders
from chainrule.app.paths import STATIC_DIR
from chainrule.app.request_guard import RequestGuard
from chainrule.app.views import api_docs, pages
from chainrule.app.views.static_files import CachedStatic
from chainrule.engine.core.errors import GraphError


def create_app() -> FastAPI:
    """Build the FastAPI app with API routes, pages and static files."""
    from chainrule.app.routes import graph as api
    from chainrule.app.routes import learn as learn_api
    from chainrule.app.routes import practice as practice_api
    from chainrule.app.runner import results  # noqa: PLC0415  (engine imports)
    from chainrule.app.views import replay as replay_page
    from chainrule.app.views import slides as slides_page

    # /docs is Swagger UI from static/vendor (app/views/api_docs.py); /redoc is off.
    application = FastAPI(title="chainrule", version="0.1.0", lifespan=results.lifespan,
                          docs_url=None, redoc_url=None)
    api.install(application)
    application.include_router(learn_api.router)  # the train panel's and the race's extras
    application.include_router(practice_api.router)  # practice's new numbers
    application.add_middleware(BodyLimit)
    # JSON, pages and static files compressed when the client accepts gzip (streamed NDJSON is
    # flushed chunk by chunk, so progress lines still arrive as they are written).
    application.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    application.add_middleware(RequestGuard)  # ambiguous framing, over-long addresses
    application.add_middleware(SecurityHeaders)  # outermost: on every answer, refusals too
    application.include_router(pages.router)
    application.add_exception_handler(GraphError, errors.raised)  # a page's corrupt zsrc
    application.include_router(replay_page.router)
    application.include_router(slides_page.router)  # GET /slides: PowerPoint and PDF decks
    application.include_router(api_docs.router)
    application.mount("/static", CachedStatic(directory=STATIC_DIR), name="static")
    return application
