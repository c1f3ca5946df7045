"""Source text → Python AST, with 1-based character places and the depth limit."""

import ast
import io
import re
import sys
import tokenize
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from chainrule.engine.core.errors import LimitError, SyntaxErr
from chainrule.engine.core.limits import Limits
from chainrule.engine.language.pyerrors import python_message

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
OPEN, CLOSE = {"(", "[", "{"}, {")", "]", "}"}
UNREADABLE = re.compile("[\x00\ud800-\udfff]")  # characters Python's parser refuses to read


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

    def end(self) -> tuple[int, int]:
        """1-based (line, column) just past the last character (before a final line break)."""
        return self.position(len(self.text.rstrip("\r\n")))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        for i, start in enumerate(self.starts[1:]):
            if offset < start:
                return i + 1, offset - self.starts[i] + 1
        return len(self.lines), offset - self.starts[len(self.lines) - 1] + 1


def parse_tree(src: Source, limits: Limits) -> ast.Module:
    """Parse with Python's own parser; report syntax and nesting problems with places."""
    if len(src.text) > limits.source_chars:
        raise LimitError(
            "err.limit.source", *src.position(limits.source_chars), *src.end(),
            chars=f"{len(src.text):,}", limit=f"{limits.source_chars:,}",
        )
    try:
        with room_for(src.text):
            tree = ast.parse(src.text, mode="exec")
    except SyntaxError as e:
        raise syntax_error(src, e, limits.depth) from None
    except (RecursionError, MemoryError):  # nesting without brackets (- - - x, x ** x ** …)
        p = too_deep(src)
        raise LimitError("err.limit.depth", p.line, p.column, p.end_line, p.end_column,
                         limit=limits.depth) from None
    except ValueError as e:  # e.g. a lone surrogate
        msgid, params = python_message(str(e))
        raise SyntaxErr(msgid, *unreadable(src), **params) from None
    check_depth(src, tree, limits.depth)
    check_names(src, tree, limits.name_chars)
    return tree


@contextmanager
def room_for(text: str) -> Iterator[None]:
    """Let `ast.parse` build the deep left-nested trees of long flat chains (a + b + … + z).

    CPython 3.11 refuses to turn parser output deeper than 3× the recursion limit into Python
    objects (1,000 → about 3,000 terms). That conversion recurses in C at ~100 bytes a level,
    and no tree is deeper than the text is long, so the limit is raised for the call only."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, len(text) // 2 + 1_000))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def syntax_error(src: Source, e: SyntaxError, depth: int) -> SyntaxErr | LimitError:
    line = e.lineno or 1
    col = max(e.offset or 1, 1)
    end_line = e.end_lineno if e.end_lineno and e.end_lineno >= line else line
    end_col = e.end_offset if e.end_offset and (end_line, e.end_offset) > (line, col) else col + 1
    msgid, params = python_message(e.msg)
    if msgid in ("err.syntax.null_byte", "err.syntax.surrogate"):  # Python places it at 1:1
        return SyntaxErr(msgid, *unreadable(src), **params)
    if msgid == "err.syntax.nesting":  # more brackets open than Python's tokenizer takes (200)
        return LimitError("err.limit.depth", line, col, end_line, end_col, limit=depth)
    if msgid == "err.syntax.long_integer":  # Python gives the line only: find the number
        p, digits = long_integer(src, line, int(params["limit"]))
        return SyntaxErr(msgid, p.line, p.column, p.end_line, p.end_column,
                         digits=f"{digits:,}", limit=f"{int(params['limit']):,}")
    return SyntaxErr(msgid, line, col, end_line, end_col, **params)


def unreadable(src: Source) -> tuple[int, ...]:
    """The place of the first NUL or lone surrogate (no place when there is none)."""
    m = UNREADABLE.search(src.text)
    return (*src.position(m.start()), *src.position(m.end())) if m else ()


def long_integer(src: Source, line: int, limit: int) -> tuple[Place, int]:
    """The place and digit count of the first integer with more than `limit` digits on `line`."""
    text = src.lines[line - 1] if 1 <= line <= len(src.lines) else ""
    for m in re.finditer(r"(?<![\w.])\d[\d_]*", text):
        digits = len(m.group(0).replace("_", ""))
        if digits > limit:
            return Place(line, m.start() + 1, line, m.end() + 1), digits
    return Place(line, 1, line, len(text.rstrip("\r\n")) + 1), limit + 1


def too_deep(src: Source) -> Place:
    """The statement Python's parser gave up on for nesting; the whole text if none alone is."""
    whole = Place(1, 1, *src.end())
    try:
        statements = list(statement_places(src))
    except (tokenize.TokenError, SyntaxError):
        return whole
    for p in statements:
        start, end = src.offset(p.line, p.column), src.offset(p.end_line, p.end_column)
        try:
            with room_for(src.text):
                ast.parse(src.text[start:end])
        except (RecursionError, MemoryError):
            return p
        except (SyntaxError, ValueError):
            continue
    return whole


def statement_places(src: Source) -> Iterator[Place]:
    """Each simple statement's place, split at newlines and `;` outside brackets."""
    start: tuple[int, int] | None = None
    end = (1, 0)
    depth = 0
    for tok in tokenize.generate_tokens(io.StringIO(src.text).readline):
        if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER) or (
            tok.type == tokenize.OP and tok.string == ";" and depth == 0
        ):
            if start is not None:
                yield Place(start[0], start[1] + 1, end[0], end[1] + 1)
            start = None
        elif tok.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            start, end = start or tok.start, tok.end
            if tok.type == tokenize.OP:
                depth += (tok.string in OPEN) - (tok.string in CLOSE)


def check_depth(src: Source, tree: ast.AST, limit: int) -> None:
    """Refuse expressions nested deeper than `limit`, without recursion.

    A flat chain (a + b - c * d …) is one level, however long: Python nests each operator's
    left operand in the next one, but where no bracket opens between them (the left operand
    starts where the operation does) nothing is nested in the text."""
    stack: list[tuple[ast.AST, int, ast.AST]] = [(tree, 0, tree)]
    while stack:
        node, depth, placed = stack.pop()
        placed = node if hasattr(node, "lineno") else placed
        if depth > limit:
            p = src.place(placed)
            raise LimitError("err.limit.depth", p.line, p.column, p.end_line, p.end_column,
                             limit=limit)
        for child in ast.iter_child_nodes(node):
            stack.append((child, depth if continues_chain(node, child) else depth + 1, placed))


def check_names(src: Source, tree: ast.AST, limit: int) -> None:
    """Refuse names longer than `limit` characters, at their place."""
    for node in ast.walk(tree):
        name = identifier(node)
        if name is not None and len(name) > limit:
            p = src.place(node)
            raise LimitError("err.limit.name", p.line, p.column, p.end_line, p.end_column,
                             name=name[:12] + "…", chars=f"{len(name):,}", limit=limit)


def identifier(node: ast.AST) -> str | None:
    """The name `node` itself spells, if any (not its children's)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.alias):
        return node.name
    if isinstance(node, ast.arg):
        return node.arg
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.arg if isinstance(node, ast.keyword) else None


def continues_chain(node: ast.AST, child: ast.AST) -> bool:
    """Whether `child` is the unbracketed left operand of the operation `node`."""
    return (isinstance(node, ast.BinOp) and child is node.left and isinstance(child, ast.BinOp)
            and (child.lineno, child.col_offset) == (node.lineno, node.col_offset))
