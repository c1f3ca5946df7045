"""DESIGN.md's one error body: {"error": {type, message, line, column, end_line, end_column}}."""

from fastapi.responses import JSONResponse

from engine.errors import GraphError


def error_body(error: GraphError) -> dict[str, object]:
    return {"error": error.to_dict()}


def error_response(error: GraphError, status: int = 400) -> JSONResponse:
    return JSONResponse(error_body(error), status_code=status)
