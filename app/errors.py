"""DESIGN.md's one error body: {"error": {type, message, line, column, end_line, end_column}}."""

from fastapi.responses import JSONResponse

from engine import i18n
from engine.errors import GraphError


def error_body(error: GraphError, lang: str = i18n.DEFAULT) -> dict[str, object]:
    return {"error": error.to_dict(lang)}


def error_response(error: GraphError, status: int = 400, lang: str = i18n.DEFAULT) -> JSONResponse:
    """The error in `lang` (the API's: Accept-Language; a page's: its own)."""
    return JSONResponse(error_body(error, lang), status_code=status)
