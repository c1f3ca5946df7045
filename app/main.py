"""Application factory."""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app import pages
from app.body_limit import BodyLimit
from app.paths import STATIC_DIR


def create_app() -> FastAPI:
    """Build the FastAPI app with API routes, pages and static files."""
    from app import api  # noqa: PLC0415  (api imports engine; keep start-up order explicit)

    application = FastAPI(title="chainrule", version="0.1.0")
    api.install(application)
    application.add_middleware(BodyLimit)
    application.include_router(pages.router)
    application.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return application
