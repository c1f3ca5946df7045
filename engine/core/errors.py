"""User-facing errors. Each carries a type of docs/api.md, a message id and, once known, a place."""

from collections.abc import Callable
from typing import Any

# How a message id becomes words: the catalogs (engine/catalogs/) register their translator when
# the engine is imported; the core itself holds no words. Until then an error reads as its id.
Translate = Callable[..., str]  # (lang or None for the default, msgid, **params) → text


def _untranslated(lang: str | None, msgid: str, **params: Any) -> str:
    return msgid


_translate: Translate = _untranslated


def use_translator(translate: Translate) -> None:
    """Let every GraphError read in the catalogs' words (engine.catalogs calls this)."""
    global _translate
    _translate = translate


class GraphError(Exception):
    """Base error: `type` names the kind; line/column are 1-based, None where no place applies.

    `msgid` is a catalog id (engine/catalogs/) and `params` fill its placeholders, so the same
    error reads in every language: `ShapeError("err.shape.matmul", a="(2, 3)", b="(4,)")`. A param
    that is itself a GraphError reads in the same language as the message around it."""

    type = "value"

    def __init__(
        self,
        msgid: str,
        line: int | None = None,
        column: int | None = None,
        end_line: int | None = None,
        end_column: int | None = None,
        **params: Any,
    ) -> None:
        super().__init__(msgid)
        self.msgid, self.params = msgid, params
        self.line, self.column, self.end_line, self.end_column = whole(
            line, column, end_line, end_column)

    @property
    def message(self) -> str:
        """The message in the default language, English (Python users, logs)."""
        return self.text(None)

    def text(self, lang: str | None) -> str:
        """The message in `lang` (None: the default language)."""
        params = {k: v.text(lang) if isinstance(v, GraphError) else v
                  for k, v in self.params.items()}
        return _translate(lang, self.msgid, **params)

    def place(self, line: int, column: int, end_line: int, end_column: int) -> "GraphError":
        """Attach a place unless a more precise one was set deeper down."""
        if self.line is None:
            self.line, self.column, self.end_line, self.end_column = whole(
                line, column, end_line, end_column)
        return self

    def within(self, msgid: str, **params: Any) -> "GraphError":
        """This error told inside `msgid`'s message (as its {reason}): same type and place."""
        return type(self)(msgid, self.line, self.column, self.end_line, self.end_column,
                          reason=self, **params)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "type": self.type,
            "message": self.text(lang),
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }

    def describe(self, lang: str | None = None) -> str:
        """One line for a terminal or a log: kind, place and message, e.g. `syntax error: line 2,
        column 8: invalid syntax`."""
        words = _translate
        kind, message = words(lang, f"err.kind.{self.type}"), self.text(lang)
        if self.line is None:
            return words(lang, "err.plain", kind=kind, message=message)
        if self.column is None:
            return words(lang, "err.at_line", kind=kind, line=self.line, message=message)
        return words(lang, "err.at", kind=kind, line=self.line, column=self.column,
                      message=message)

    def __str__(self) -> str:
        return self.describe()


Place = tuple[int | None, int | None, int | None, int | None]


def whole(line: int | None, column: int | None, end_line: int | None,
          end_column: int | None) -> Place:
    """A place with all four parts or none: one known only in part is completed around what
    is known (its first column, one character, the same line), never sent half empty."""
    if line is None:
        return None, None, None, None
    column = column or 1
    end_line = end_line if end_line is not None and end_line >= line else line
    if end_column is None:
        end_column = column + 1 if end_line == line else 1
    return line, column, end_line, end_column


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
