"""The expression language: Python syntax through a whitelist of `ast` nodes, never eval."""

import ast
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chainrule.engine.core.errors import GraphError, LimitError, NameErr, SyntaxErr, ValueErr
from chainrule.engine.core.limits import Limits, budget
from chainrule.engine.core.tensor import Group, Tensor, peek_id
from chainrule.engine.language import dataset, draws
from chainrule.engine.language.builtins import CONSTRUCTORS, FUNCTIONS
from chainrule.engine.language.evaluate import Evaluator
from chainrule.engine.language.recipe import recipe
from chainrule.engine.language.source import Source, parse_tree

# Refused statements, named by the keyword the student wrote.
KEYWORDS: dict[type[ast.stmt], str] = {
    ast.For: "for", ast.AsyncFor: "async for", ast.While: "while", ast.If: "if",
    ast.With: "with", ast.AsyncWith: "async with", ast.Try: "try", ast.TryStar: "try",
    ast.ClassDef: "class", ast.AsyncFunctionDef: "async def", ast.Delete: "del", ast.Pass: "pass",
    ast.Global: "global", ast.Nonlocal: "nonlocal", ast.Raise: "raise", ast.Assert: "assert",
    ast.Break: "break", ast.Continue: "continue", ast.Match: "match",
}


RECIPE_MIN = 100  # inputs with more numbers are written in the code view by the call making them


@dataclass
class Program:
    output: Tensor
    names: dict[str, Tensor] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    recipes: dict[int, str] = field(default_factory=dict)  # big inputs' NumPy code, by Tensor id
    # the last statement's place: where a limit met after evaluation (backward, check) is told
    place: tuple[int, int, int, int] | None = None


def parse(source: str, limits: Limits | None = None) -> Program:
    """Build the graph `source` describes; errors carry the place they refer to."""
    limits = limits or Limits()
    with budget(limits):
        return Interpreter(Source(source), limits).run()


class Interpreter:
    """Runs statements in order: assignments, defs and the final output."""

    def __init__(self, src: Source, limits: Limits) -> None:
        self.src, self.limits = src, limits
        self.scope: dict[str, Any] = {}
        self.defined: dict[str, int] = {}  # name -> line of its assignment
        self.functions: dict[str, ast.FunctionDef] = {}
        self.groups: list[Group] = []
        self.group_count = 0
        self.calls: list[Group] = []
        self.recipes: dict[int, str] = {}
        self.ev = Evaluator(src, self.call_user, set())

    def run(self) -> Program:
        tree = parse_tree(self.src, self.limits)
        if not tree.body:
            raise ValueErr("err.value.empty")
        output: Any = None
        for stmt in tree.body:
            p = self.src.place(stmt)
            place = (p.line, p.column, p.end_line, p.end_column)
            try:
                output = self.statement(stmt, last=stmt is tree.body[-1])
            except GraphError as e:
                raise e.place(*place) from None
            except RecursionError:  # a long chain of defs calling defs
                raise LimitError("err.limit.calls", *place) from None
            except MemoryError:  # past the worker's address space, outside any one op
                raise LimitError("err.limit.memory", *place) from None
        if not isinstance(output, Tensor):
            try:
                output = Tensor(output)
            except GraphError as e:  # a limit the output itself meets (time, nodes)
                raise e.place(*place) from None
        names = {k: v for k, v in self.scope.items() if isinstance(v, Tensor)}
        return Program(output, names, self.groups, self.recipes, place)

    def statement(self, stmt: ast.stmt, last: bool) -> Any:
        if isinstance(stmt, ast.Assign):
            return self.assign(stmt)
        if isinstance(stmt, ast.FunctionDef):
            if last:
                raise ValueErr("err.value.last_def")
            return self.define(stmt)
        if isinstance(stmt, ast.Expr):
            if not last:
                raise ValueErr("err.value.unused")
            return self.ev.eval(stmt.value, self.scope)
        if isinstance(stmt, ast.AugAssign):
            raise NameErr("err.name.augassign")
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            raise SyntaxErr("err.syntax.import")
        if isinstance(stmt, ast.Return):
            raise SyntaxErr("err.syntax.return")
        raise statement_error(stmt)

    def claim(self, node: ast.AST, name: str) -> None:
        """Check that `name` may be defined here (single assignment, not a function name)."""
        p = self.src.place(node)
        try:
            self.check_name(name)
        except GraphError as e:
            raise e.place(p.line, p.column, p.end_line, p.end_column) from None
        self.defined[name] = p.line

    def check_name(self, name: str) -> None:
        if name.startswith("__"):
            raise SyntaxErr("err.syntax.dunder", name=name)
        if name in FUNCTIONS or name in CONSTRUCTORS:
            raise NameErr("err.name.builtin", name=name)
        if name in self.defined:
            raise NameErr("err.name.reassigned", name=name, first=self.defined[name])

    def assign(self, stmt: ast.Assign) -> Any:
        if dataset.is_data_statement(stmt):
            return self.assign_data(stmt)
        if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
            raise SyntaxErr("err.syntax.assign_one")
        target = stmt.targets[0]
        drawn = draws.current()
        first_draw = drawn.count if drawn else 0
        value = self.ev.eval(stmt.value, self.scope)
        if not isinstance(value, Tensor):  # no other name referenced: an input leaf
            if not isinstance(value, np.ndarray | np.floating):
                raise ValueErr("err.value.leaf", name=target.id)
            value = Tensor(value, name=target.id)
            value.span = self.src.span(stmt)
            if value.value.size > RECIPE_MIN:
                code = recipe(stmt.value, value.value, first_draw)
                if code is not None:
                    self.recipes[value.id] = code
        elif value.name is None:
            value.name = target.id
        self.claim(target, target.id)
        self.scope[target.id] = value
        return value

    def assign_data(self, stmt: ast.Assign) -> Tensor:
        """X, t = dataset(...): two data leaves."""
        leaves = dataset.load(stmt, self.ev, self.scope)
        for target, leaf in leaves:
            self.claim(target, target.id)
            self.scope[target.id] = leaf
        return leaves[-1][1]

    def define(self, stmt: ast.FunctionDef) -> None:
        a = stmt.args
        if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs or a.defaults:
            raise SyntaxErr("err.syntax.def_params")
        if stmt.decorator_list:
            raise SyntaxErr("err.syntax.decorator")
        *body, ret = stmt.body
        if not isinstance(ret, ast.Return) or ret.value is None:
            raise SyntaxErr("err.syntax.def_return", name=stmt.name)
        for s in body:
            if not (isinstance(s, ast.Assign) and len(s.targets) == 1
                    and isinstance(s.targets[0], ast.Name)):
                p = self.src.place(s)
                raise SyntaxErr("err.syntax.def_body", p.line, p.column, p.end_line, p.end_column)
        self.claim(stmt, stmt.name)
        self.functions[stmt.name] = stmt
        self.ev.user_functions.add(stmt.name)

    def call_user(self, name: str, args: list[Any], node: ast.Call) -> Any:
        """Evaluate a def's body on `args`; nodes made inside join one group."""
        fn = self.functions[name]
        params = [p.arg for p in fn.args.args]
        if len(args) != len(params):
            raise ValueErr("err.value.arg_count", name=name, expected=len(params), got=len(args))
        if any(g.label == name for g in self.calls):
            raise ValueErr("err.value.recursion", name=name)
        group = Group(f"g{self.group_count}", name, self.calls[-1] if self.calls else None)
        self.group_count += 1
        mark = peek_id()
        self.calls.append(group)
        try:
            result = self.run_body(fn, dict(zip(params, args, strict=True)))
        finally:
            self.calls.pop()
        if isinstance(result, Tensor) and result.id >= mark:
            self.groups.append(group)
            tag(result, group, mark)
        return result

    def run_body(self, fn: ast.FunctionDef, local: dict[str, Any]) -> Any:
        scope = self.scope | local
        for stmt in fn.body[:-1]:  # define() checked: one-name assignments, then a return
            assert isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
            scope[stmt.targets[0].id] = self.ev.eval(stmt.value, scope)
        ret = fn.body[-1]
        assert isinstance(ret, ast.Return) and ret.value is not None
        return self.ev.eval(ret.value, scope)


def statement_error(stmt: ast.stmt) -> SyntaxErr:
    """The error for a statement the language does not have."""
    if isinstance(stmt, ast.AnnAssign):
        return SyntaxErr("err.syntax.annotation")
    keyword = KEYWORDS.get(type(stmt))
    if keyword is None:
        return SyntaxErr("err.syntax.statement_other")
    return SyntaxErr("err.syntax.statement", keyword=keyword)


def tag(result: Tensor, group: Group, mark: int) -> None:
    """Put every node made since `mark` that `result` depends on, and no inner call claimed,
    into `group`."""
    stack, seen = [result], set()
    while stack:
        node = stack.pop()
        if node.id < mark or node.id in seen:
            continue
        seen.add(node.id)
        if node.group is None:
            node.group = group
        stack.extend(node.inputs)
