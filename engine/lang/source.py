"""Source text → Python AST, with 1-based character places and the depth limit."""

import ast
import re
from dataclasses import dataclass

from engine.errors import LimitError, SyntaxErr
from engine.lang.pyerrors import python_message
from engine.limits import Limits

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


@dataclass(frozen=True)
class Place:
    line: int
    column: int
    end_line: int
    end_column: int  # exclusive, like Python's end_col_offset


class Source:
    """Source text with the conversions AST byte offsets need (names may be Korean)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = [m.group(0) for m in _LINE.finditer(text)][:-1] or [""]
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def char_col(self, line: int, byte_col: int) -> int:
        """0-based character column of a UTF-8 byte column on 1-based `line`."""
        if not 1 <= line <= len(self.lines):
            return byte_col
        return len(self.lines[line - 1].encode("utf-8")[:byte_col].decode("utf-8", "ignore"))

    def place(self, node: ast.AST) -> Place:
        line, end_line = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
        col = self.char_col(line, node.col_offset)  # type: ignore[attr-defined]
        end_col = self.char_col(end_line, node.end_col_offset or 0)  # type: ignore[attr-defined]
        return Place(line, col + 1, end_line, end_col + 1)

    def span(self, node: ast.AST) -> tuple[int, int]:
        """Character offsets [start, end) of `node` in the whole text."""
        p = self.place(node)
        return self.offset(p.line, p.column), self.offset(p.end_line, p.end_column)

    def offset(self, line: int, column: int) -> int:
        return self.starts[min(line, len(self.lines)) - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        for i, start in enumerate(self.starts[1:]):
            if offset < start:
                return i + 1, offset - self.starts[i] + 1
        return len(self.lines), offset - self.starts[len(self.lines) - 1] + 1


def parse_tree(src: Source, limits: Limits) -> ast.Module:
    """Parse with Python's own parser; report syntax and nesting problems with places."""
    if len(src.text) > limits.source_chars:
        line, col = src.position(limits.source_chars)
        raise LimitError(
            "err.limit.source", line, col, src.position(len(src.text))[0], None,
            chars=f"{len(src.text):,}", limit=f"{limits.source_chars:,}",
        )
    try:
        tree = ast.parse(src.text, mode="exec")
    except SyntaxError as e:
        raise syntax_error(src, e) from None
    except (RecursionError, MemoryError):
        raise LimitError("err.limit.depth", limit=limits.depth) from None
    except ValueError as e:  # e.g. a NUL character
        msgid, params = python_message(str(e))
        raise SyntaxErr(msgid, **params) from None
    check_depth(src, tree, limits.depth)
    return tree


def syntax_error(src: Source, e: SyntaxError) -> SyntaxErr:
    line = e.lineno or 1
    col = max(e.offset or 1, 1)
    end_line = e.end_lineno if e.end_lineno and e.end_lineno >= line else line
    end_col = e.end_offset if e.end_offset and (end_line, e.end_offset) > (line, col) else col + 1
    msgid, params = python_message(e.msg)
    return SyntaxErr(msgid, line, col, end_line, end_col, **params)


def check_depth(src: Source, tree: ast.AST, limit: int) -> None:
    """Refuse expressions nested deeper than `limit`, without recursion."""
    stack: list[tuple[ast.AST, int, ast.AST]] = [(tree, 0, tree)]
    while stack:
        node, depth, placed = stack.pop()
        placed = node if hasattr(node, "lineno") else placed
        if depth > limit:
            p = src.place(placed)
            raise LimitError("err.limit.depth", p.line, p.column, p.end_line, p.end_column,
                             limit=limit)
        stack.extend((child, depth + 1, placed) for child in ast.iter_child_nodes(node))
