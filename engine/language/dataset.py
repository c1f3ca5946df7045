"""`X, t = dataset("spiral", n=200, seed=0, ...)`: the one statement that assigns two names."""

import ast
from typing import Any

import numpy as np

from chainrule.engine.core.errors import GraphError, SyntaxErr, ValueErr
from chainrule.engine.core.tensor import Tensor
from chainrule.engine.language.evaluate import Evaluator, is_string
from chainrule.engine.learning import datasets as data

NAME = "dataset"


def is_data_statement(stmt: ast.Assign) -> bool:
    """Two names on the left, or dataset(...) on the right: the data-set statement (or a wrong
    form of it)."""
    call = stmt.value
    return isinstance(stmt.targets[0], ast.Tuple | ast.List) or (
        isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == NAME)


def targets(stmt: ast.Assign, ev: Evaluator) -> tuple[ast.Name, ast.Name, ast.Call]:
    """The two names and the dataset(...) call of a tuple assignment, or where it goes wrong."""
    target, value = stmt.targets[0], stmt.value
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id == NAME):
        raise SyntaxErr("err.syntax.tuple").place(*ev.where(value))
    if (len(stmt.targets) != 1 or not isinstance(target, ast.Tuple | ast.List)
            or len(target.elts) != 2
            or not all(isinstance(e, ast.Name) for e in target.elts)):
        raise SyntaxErr("err.dataset.targets").place(*ev.where(target))
    x, t = target.elts
    assert isinstance(x, ast.Name) and isinstance(t, ast.Name)
    return x, t, value


def load(stmt: ast.Assign, ev: Evaluator, scope: dict[str, Any]) -> list[tuple[ast.Name, Tensor]]:
    """Make the data leaves X (n, features) and t (class indices or targets)."""
    x_name, t_name, call = targets(stmt, ev)
    name = data_name(call, ev)
    options: dict[str, float] = {}
    for k in call.keywords:
        try:
            if k.arg is None:
                raise SyntaxErr("err.dataset.kwargs")
            options[k.arg] = data.option(name, k.arg, number(ev.eval(k.value, scope)))
        except GraphError as e:
            raise e.place(*ev.where(k)) from None
    try:
        X, t = data.generate(name, **options)
    except GraphError as e:
        raise e.place(*ev.where(call)) from None
    span = ev.src.span(stmt)
    leaves = []
    for node, value in ((x_name, X), (t_name, t)):
        leaf = Tensor(value, name=node.id, data=True)
        leaf.span = span
        leaves.append((node, leaf))
    return leaves


def data_name(call: ast.Call, ev: Evaluator) -> str:
    """The data set's name: the call's one positional argument, a string."""
    if not call.args or not is_string(call.args[0]):
        where = call.args[0] if call.args else call
        raise ValueErr("err.dataset.name", names=", ".join(data.DATASETS)).place(*ev.where(where))
    if len(call.args) > 1:
        raise ValueErr("err.dataset.positional").place(*ev.where(call.args[1]))
    first = call.args[0]
    assert isinstance(first, ast.Constant)
    try:
        data.lookup(str(first.value))
    except GraphError as e:
        raise e.place(*ev.where(first)) from None
    return str(first.value)


def number(value: Any) -> float:
    """A keyword's value: one fixed number."""
    if isinstance(value, Tensor) or np.ndim(value) != 0 or isinstance(value, bool | None):
        raise ValueErr("err.dataset.number")
    return float(value)
