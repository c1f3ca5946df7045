"""docs/api.md's one error body: {"error": {type, message, line, column, end_line, end_column}}."""

import json
from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.types import Scope, Send

from chainrule.app.lang import accepted, page_language
from chainrule.engine.catalogs import i18n
from chainrule.engine.core.errors import GraphError, ValueErr

# pydantic's error types → catalog ids, each naming the field as {field} (and the bound of a
# limit as {limit}); a type not listed keeps pydantic's text as the {detail} of a translated line.
REQUEST_ERRORS = {
    "missing": "err.request.missing", "string_type": "err.request.string",
    "bool_type": "err.request.bool", "bool_parsing": "err.request.bool",
    "float_type": "err.request.number", "float_parsing": "err.request.number",
    "int_type": "err.request.whole", "int_parsing": "err.request.whole",
    "int_from_float": "err.request.whole", "int_parsing_size": "err.request.too_big",
    "finite_number": "err.request.finite",
    "model_type": "err.request.field_object", "model_attributes_type": "err.request.field_object",
    "dict_type": "err.request.field_object", "list_type": "err.request.list",
    "greater_than": "err.request.gt", "greater_than_equal": "err.request.ge",
    "less_than": "err.request.lt", "less_than_equal": "err.request.le",
    "too_short": "err.request.too_short", "too_long": "err.request.too_long",
    "string_too_short": "err.request.chars_min", "string_too_long": "err.request.chars_max",
    "extra_forbidden": "err.request.unknown",
}
LIMITS = ("gt", "ge", "lt", "le", "min_length", "max_length")  # pydantic's ctx keys of a bound
# FastAPI's 400 is "There was an error parsing the body": JSON that Python cannot read (nested
# too deep, an integer of over 4,300 digits); its 422s come as validation errors.
HTTP_ERRORS = {400: "err.request.unreadable", 404: "err.http.not_found", 405: "err.http.method"}


def error_body(error: GraphError, lang: str = i18n.DEFAULT) -> dict[str, object]:
    return {"error": error.to_dict(lang)}


def error_bytes(error: GraphError, lang: str = i18n.DEFAULT) -> bytes:
    return json.dumps(error_body(error, lang), ensure_ascii=False).encode()


async def send_error(scope: Scope, send: Send, status: int, error: GraphError,
                     headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    """Answer `error` from ASGI middleware, before any route: in Accept-Language's language."""
    header = dict(scope["headers"]).get(b"accept-language", b"").decode("latin-1")
    payload = error_bytes(error, i18n.pick(*accepted(header)))
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
        *headers,
    ]})
    await send({"type": "http.response.body", "body": payload})


def error_response(error: GraphError, status: int = 400, lang: str = i18n.DEFAULT) -> JSONResponse:
    """The error in `lang` (the API's: Accept-Language; a page's: its own)."""
    return JSONResponse(error_body(error, lang), status_code=status)


async def raised(request: Request, exc: Exception) -> JSONResponse:
    """A GraphError a page's dependency raised (a corrupt `zsrc`): the one error shape, in the
    page's language."""
    error = exc if isinstance(exc, GraphError) else ValueErr("err.http", detail=str(exc))
    return error_response(error, lang=page_language(request))


def request_error(errors: Sequence[Any]) -> ValueErr:
    """A request body that does not fit the schema, told by its first problem and its field
    (`optimizer.lr`, `points.0.1`)."""
    first = errors[0] if errors else {}
    kind = first.get("type", "")
    field = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    if kind == "json_invalid":  # its loc is a character position, not a field
        return ValueErr("err.request.json")
    if not field:  # the body itself is not an object (or is missing)
        return ValueErr("err.request.object")
    msgid = REQUEST_ERRORS.get(kind)
    if msgid is None:
        return ValueErr("err.request.invalid", field=field, detail=first.get("msg", kind))
    context = first.get("ctx") or {}
    limit = next((context[k] for k in LIMITS if k in context), "?")
    return ValueErr(msgid, field=field, limit=limit)  # messages without {limit} leave it out


def http_error(status: int, detail: str) -> ValueErr:
    """An HTTP error of the router (unknown path, wrong method) in the one error shape."""
    msgid = HTTP_ERRORS.get(status)
    return ValueErr(msgid) if msgid else ValueErr("err.http", detail=detail)
