"""User-facing errors. Each carries a type from DESIGN.md and, once known, a source place."""

from typing import Any


class GraphError(Exception):
    """Base error: `type` names the kind; line/column are 1-based, None where no place applies."""

    type = "value"

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        end_line: int | None = None,
        end_column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line, self.column = line, column
        self.end_line, self.end_column = end_line, end_column

    def place(self, line: int, column: int, end_line: int, end_column: int) -> "GraphError":
        """Attach a place unless a more precise one was set deeper down."""
        if self.line is None:
            self.line, self.column = line, column
            self.end_line, self.end_column = end_line, end_column
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        return f"{self.type} error: {where}{self.message}"


class SyntaxErr(GraphError):
    type = "syntax"


class NameErr(GraphError):
    type = "name"


class ShapeError(GraphError):
    type = "shape"


class ValueErr(GraphError):
    type = "value"


class LimitError(GraphError):
    type = "limit"
