"""GET /docs: Swagger UI on the app's OpenAPI (/openapi.json), from static/vendor, never a CDN.
ReDoc (/redoc) is off: the same OpenAPI shown a second way, for another megabyte of script."""

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

SWAGGER = "/static/vendor/swagger-ui-5.35.0"
ICON = ("data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 "
        "viewBox=%220 0 16 16%22%3E%3Ccircle cx=%228%22 cy=%228%22 r=%226%22 fill=%22none%22 "
        "stroke=%22%2312813a%22 stroke-width=%222%22/%3E%3C/svg%3E")

router = APIRouter(include_in_schema=False)


def docs_html() -> str:
    """The page: the vendored bundle and style sheet, and the one inline script that starts it
    (allowed by its hash, app/headers.py)."""
    page = get_swagger_ui_html(
        openapi_url="/openapi.json", title="chainrule API", swagger_favicon_url=ICON,
        swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER}/swagger-ui.css")
    return bytes(page.body).decode()


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    return HTMLResponse(docs_html())
