"""DESIGN.md's one error body: {"error": {type, message, line, column, end_line, end_column}}."""

from collections.abc import Sequence
from typing import Any

from fastapi.responses import JSONResponse

from engine import i18n
from engine.errors import GraphError, ValueErr

# pydantic's error types → catalog ids (with the field as {field}); others keep pydantic's text.
REQUEST_ERRORS = {
    "missing": "err.request.missing", "string_type": "err.request.string",
    "bool_type": "err.request.bool", "bool_parsing": "err.request.bool",
    "int_type": "err.request.number", "int_parsing": "err.request.number",
    "float_type": "err.request.number", "float_parsing": "err.request.number",
    "model_attributes_type": "err.request.object", "dict_type": "err.request.object",
    "json_invalid": "err.request.json",
}
HTTP_ERRORS = {404: "err.http.not_found", 405: "err.http.method"}


def error_body(error: GraphError, lang: str = i18n.DEFAULT) -> dict[str, object]:
    return {"error": error.to_dict(lang)}


def error_response(error: GraphError, status: int = 400, lang: str = i18n.DEFAULT) -> JSONResponse:
    """The error in `lang` (the API's: Accept-Language; a page's: its own)."""
    return JSONResponse(error_body(error, lang), status_code=status)


def request_error(errors: Sequence[Any]) -> ValueErr:
    """A request body that does not fit the schema, told by its first problem."""
    first = errors[0] if errors else {}
    field = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    msgid = REQUEST_ERRORS.get(first.get("type", ""))
    if msgid and (field or msgid in ("err.request.json", "err.request.object")):
        return ValueErr(msgid, field=field)
    prefix = f"{field}: " if field else ""
    return ValueErr("err.request", detail=f"{prefix}{first.get('msg', '')}".rstrip(": "))


def http_error(status: int, detail: str) -> ValueErr:
    """An HTTP error of the router (unknown path, wrong method) in the one error shape."""
    msgid = HTTP_ERRORS.get(status)
    return ValueErr(msgid) if msgid else ValueErr("err.http", detail=detail)
