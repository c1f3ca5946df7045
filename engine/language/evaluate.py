"""Evaluate one whitelisted expression AST into graph nodes (constants fold to arrays)."""

import ast
import difflib
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from chainrule.engine.core import functions as F
from chainrule.engine.core import limits
from chainrule.engine.core.errors import GraphError, NameErr, ShapeError, SyntaxErr, ValueErr
from chainrule.engine.core.nperrors import numpy_error
from chainrule.engine.core.tensor import Tensor
from chainrule.engine.language.builtins import (
    CONSTRUCTORS,
    FUNCTIONS,
    STRING_OPTIONS,
    Param,
    construct,
    option,
    seed_of,
    to_static,
)
from chainrule.engine.language.source import Source

BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: F.add, ast.Sub: F.sub, ast.Mult: F.mul, ast.Div: F.div,
    ast.Pow: F.power, ast.MatMult: F.matmul,
}
Call = Callable[[str, list[Any], ast.Call], Any]


OTHER_OPERATORS: dict[type[ast.operator], str] = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|",
    ast.BitXor: "^", ast.BitAnd: "&",
}
# Python expressions the language does not have, and the message that says so.
REFUSED: dict[type[ast.AST], str] = {
    ast.Compare: "err.syntax.comparison", ast.BoolOp: "err.syntax.boolean",
    ast.IfExp: "err.syntax.conditional", ast.Lambda: "err.syntax.lambda",
    ast.ListComp: "err.syntax.comprehension", ast.DictComp: "err.syntax.comprehension",
    ast.SetComp: "err.syntax.comprehension", ast.GeneratorExp: "err.syntax.generator",
    ast.Dict: "err.syntax.dict", ast.Set: "err.syntax.set", ast.Subscript: "err.syntax.indexing",
    ast.Starred: "err.syntax.starred", ast.JoinedStr: "err.syntax.fstring",
    ast.NamedExpr: "err.syntax.walrus", ast.Await: "err.syntax.await",
}


def refuse(node: ast.AST) -> SyntaxErr:
    return SyntaxErr(REFUSED.get(type(node), "err.syntax.expression"))


class Evaluator:
    """Turns expression ASTs into Tensors; `scope` maps names to Tensors or constants."""

    def __init__(self, src: Source, call_user: Call, user_functions: set[str]) -> None:
        self.src = src
        self.call_user = call_user
        self.user_functions = user_functions

    def eval(self, node: ast.expr, scope: dict[str, Any]) -> Any:
        if isinstance(node, ast.BinOp):
            return self.chain(node, scope)
        return self.guarded(node, lambda: self.dispatch(node, scope))

    def chain(self, node: ast.BinOp, scope: dict[str, Any]) -> Any:
        """A left-nested run of operators (a + b + … + z, thousands long), without recursion:
        down the left operands first, then each operation in turn, errors at its own place."""
        spine: list[ast.BinOp] = []
        left: ast.expr = node
        while isinstance(left, ast.BinOp):
            spine.append(left)
            left = left.left
        value = self.eval(left, scope)
        for op_node in reversed(spine):
            value = self.guarded(op_node, partial(self.binary, op_node, value, scope))
        return value

    def guarded(self, node: ast.expr, compute: Callable[[], Any]) -> Any:
        """`compute()`, its errors placed at `node`, its new graph node given `node`'s span."""
        try:
            result = compute()
        except GraphError as e:
            raise e.place(*self.where(node)) from None
        except (ValueError, TypeError, ArithmeticError, IndexError, MemoryError) as e:
            raise numpy_error(e).place(*self.where(node)) from None
        if isinstance(result, Tensor) and result.op is not None and result.span is None:
            result.span = self.src.span(node)
        return result

    def where(self, node: ast.AST) -> tuple[int, int, int, int]:
        p = self.src.place(node)
        return p.line, p.column, p.end_line, p.end_column

    def dispatch(self, node: ast.expr, scope: dict[str, Any]) -> Any:
        limits.tick()
        if is_string(node):  # string options and dataset's name are read where they are allowed
            raise SyntaxErr("err.syntax.string", options=", ".join(STRING_OPTIONS))
        if isinstance(node, ast.Constant):
            return number(node.value)
        if isinstance(node, ast.Name):
            return self.name(node, scope)
        if isinstance(node, ast.List | ast.Tuple):
            return literal([self.eval(e, scope) for e in node.elts])
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, scope)
        if isinstance(node, ast.Call):
            return self.call(node, scope)
        if isinstance(node, ast.Attribute):
            if node.attr != "T":
                raise SyntaxErr("err.syntax.attribute", attr=node.attr)
            return F.transpose(self.eval(node.value, scope))
        raise refuse(node)

    def binary(self, node: ast.BinOp, left: Any, scope: dict[str, Any]) -> Any:
        """`node`'s operation on the already evaluated `left` operand."""
        limits.tick()
        op = BINARY.get(type(node.op))
        if op is None:
            raise SyntaxErr("err.syntax.operator", op=OTHER_OPERATORS[type(node.op)])
        return op(left, self.eval(node.right, scope))

    def name(self, node: ast.Name, scope: dict[str, Any]) -> Any:
        if node.id in scope:
            return scope[node.id]
        if node.id in FUNCTIONS or node.id in CONSTRUCTORS or node.id in self.user_functions:
            raise NameErr("err.name.function_value", name=node.id)
        known = [*scope, *FUNCTIONS]
        hint = difflib.get_close_matches(node.id, known, n=1)
        if hint:
            raise NameErr("err.name.undefined_hint", name=node.id, hint=hint[0])
        raise NameErr("err.name.undefined", name=node.id)

    def unary(self, node: ast.UnaryOp, scope: dict[str, Any]) -> Any:
        value = self.eval(node.operand, scope)
        if isinstance(node.op, ast.USub):
            return F.neg(value)
        if isinstance(node.op, ast.UAdd):
            return value
        raise SyntaxErr("err.syntax.unary")

    def call(self, node: ast.Call, scope: dict[str, Any]) -> Any:
        if not isinstance(node.func, ast.Name):
            raise SyntaxErr("err.syntax.call_target")
        name = node.func.id
        if name == "dataset":  # read only by `X, t = dataset(...)` (engine.language.dataset)
            raise SyntaxErr("err.dataset.where")
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            raise SyntaxErr("err.syntax.star_args")
        args = [self.eval(a, scope) for a in node.args]
        kwargs = {k.arg: (k, self.keyword(k, scope)) for k in node.keywords if k.arg}
        if name in self.user_functions:
            if kwargs:
                raise SyntaxErr("err.syntax.positional_only", name=name)
            return self.call_user(name, args, node)
        if name in CONSTRUCTORS:
            return self.construct(name, args, kwargs)
        if name not in FUNCTIONS:
            hint = difflib.get_close_matches(name, [*FUNCTIONS, *CONSTRUCTORS], n=1)
            if hint:
                raise NameErr("err.name.function_hint", name=name, hint=hint[0])
            raise NameErr("err.name.function", name=name)
        func, params = FUNCTIONS[name]
        return func(*bind(name, params, args, kwargs, self))

    def keyword(self, k: ast.keyword, scope: dict[str, Any]) -> Any:
        """A keyword argument's value: a string only for the options in STRING_OPTIONS."""
        if k.arg in STRING_OPTIONS and is_string(k.value):
            assert isinstance(k.value, ast.Constant)
            try:
                return option(k.arg, str(k.value.value))
            except GraphError as e:
                raise e.place(*self.where(k.value)) from None
        return self.eval(k.value, scope)

    def construct(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if any(isinstance(a, Tensor) for a in args):
            raise ValueErr("err.value.shape_args", name=name)
        seed = None
        for key, (knode, value) in kwargs.items():
            if key not in CONSTRUCTORS[name].keywords:  # randn's seed, the one keyword
                raise ValueErr("err.value.no_keyword", name=name, key=key).place(
                    *self.where(knode))
            try:
                seed = seed_of(name, value)
            except GraphError as e:
                raise e.place(*self.where(knode)) from None
        return construct(name, args, seed)


def bind(name: str, params: list[Param], args: list[Any], kwargs: dict[str, Any],
         ev: Evaluator) -> list[Any]:
    """Match arguments to parameters and convert the fixed (non-tensor) ones."""
    if len(args) > len(params):
        raise ValueErr("err.value.too_many_args", name=name, most=len(params), got=len(args))
    values: dict[str, Any] = dict(zip((p.name for p in params), args, strict=False))
    for key, (knode, value) in kwargs.items():
        if key not in {p.name for p in params}:
            raise ValueErr("err.value.no_keyword", name=name, key=key).place(*ev.where(knode))
        if key in values:
            raise ValueErr("err.value.keyword_twice", name=name, key=key).place(*ev.where(knode))
        values[key] = value
    out = []
    for p in params:
        if p.name not in values:
            if p.default is ...:
                raise ValueErr("err.value.missing_arg", name=name, key=p.name)
            values[p.name] = p.default
        value = values[p.name]
        if isinstance(value, str) != p.kind.endswith("str"):
            out.append(string_option(name, p, value, kwargs, ev))
        elif p.kind.startswith("tensor"):
            out.append(value)
        elif isinstance(value, Tensor):
            raise ValueErr("err.value.fixed", name=name, param=p.name)
        else:
            out.append(to_static(value, p.kind, f"{name}(): {p.name}"))
    return out


def is_string(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def string_option(name: str, p: Param, value: Any, kwargs: dict[str, Any], ev: Evaluator) -> Any:
    """A string where a number belongs, or a number where only a string option does."""
    if not isinstance(value, str):
        if p.kind == "str":
            raise ValueErr("err.option.string", function=name, option=p.name,
                           allowed=", ".join(f'"{a}"' for a in STRING_OPTIONS[p.name]))
        return to_static(value, p.kind, f"{name}(): {p.name}")
    knode = kwargs[p.name][0]
    raise ValueErr("err.option.number", function=name, option=p.name).place(*ev.where(knode.value))


def number(value: Any) -> Any:
    """A literal as a float64 constant; True/False/None stay as themselves for options."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        try:
            return np.float64(value)
        except OverflowError:
            raise ValueErr("err.value.float_overflow") from None
    if isinstance(value, complex):
        raise SyntaxErr("err.syntax.complex")
    raise SyntaxErr("err.syntax.expression")


def literal(items: list[Any]) -> np.ndarray:
    """A (nested) list of numbers as a constant array."""
    if any(isinstance(i, Tensor) for i in items):
        raise ValueErr("err.value.list_tensor")
    if any(i is None or isinstance(i, bool) for i in items):
        raise ValueErr("err.value.list_numbers")
    try:
        arr = np.array(items, dtype=np.float64)
    except ValueError:
        raise ShapeError("err.shape.ragged") from None
    limits.reserve(arr.shape)
    return arr
