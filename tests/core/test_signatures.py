"""Each function's signature is declared once, on its op (Op.signature): the language's builtins,
the Python functions, the engine's face, GET /api/ops and the README's list all read the same."""

import inspect
import pydoc
import re
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

import chainrule
from chainrule.app import create_app
from chainrule.engine import CATALOG
from chainrule.engine.core import functions as F
from chainrule.engine.core.ops.base import Array, Grads, Op
from chainrule.engine.core.signature import Param, T, call_syntax, literal
from chainrule.engine.language import builtins, parse

README = Path(__file__).resolve().parents[2] / "README.md"
MADE = {name: cls for name, cls in CATALOG.items() if cls.signature}  # ops a function makes
OPERATORS = {"Operand", "add", "apply", "div", "matmul", "mul", "neg", "power", "scalar_const",
             "sub"}  # functions.py's names that no op's signature makes: x + y, -x, …


def declared(name: str) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in MADE[name].signature]


def python(function: object) -> list[tuple[str, object]]:
    params = inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    return [(p.name, ... if p.default is p.empty else p.default) for p in params]


def test_the_language_has_a_function_for_each_declaration() -> None:
    assert set(builtins.FUNCTIONS) == set(MADE) == set(F.FUNCTIONS)
    for name, (function, params) in builtins.FUNCTIONS.items():
        assert params == list(MADE[name].signature), name
        assert function is F.FUNCTIONS[name], name


@pytest.mark.parametrize("name", sorted(MADE))
def test_the_python_function_takes_the_declared_parameters(name: str) -> None:
    function = F.FUNCTIONS[name]
    assert python(function) == declared(name)
    assert getattr(F, function.__name__) is function and function.__name__ in F.__all__


def test_every_public_function_is_an_operator_or_an_ops() -> None:
    assert set(F.__all__) == OPERATORS | {f.__name__ for f in F.FUNCTIONS.values()}


def test_the_engine_exports_each_but_pythons_own_names() -> None:
    names = {f.__name__ for f in F.FUNCTIONS.values()}
    assert set(chainrule.__all__) == {"CATALOG", "GraphError", "Tensor", "functions",
                                      "topological"} | names - {"abs", "sum"}
    assert all(getattr(chainrule, n) is getattr(F, n) for n in names - {"abs", "sum"})
    page = pydoc.render_doc(chainrule.conv2d)
    assert "stride: int = 1, padding: int | str = 0" in page and '"same"' in page


def test_the_catalog_shows_the_declaration() -> None:
    ops = {op["name"]: op for op in TestClient(create_app()).get("/api/ops").json()}
    assert set(ops) == set(CATALOG)
    for name, cls in CATALOG.items():
        assert ops[name]["syntax"] == cls.catalog_syntax()
        assert "syntax" not in vars(cls) or not cls.signature, f"{name}: syntax written twice"
        if cls.signature:
            assert ops[name]["syntax"].startswith(f"{name}(")
            assert ops[name]["arity"] == sum(p.tensor for p in cls.signature)
        else:
            assert ops[name]["syntax"], f"{name}: an example of writing it"
    assert ops["conv2d"]["syntax"] == 'conv2d(x, w, b=None, stride=1, padding=0 | "valid" | ' \
        '"same" | "full")'
    assert ops["batchnorm"]["syntax"] == "batchnorm(x, gamma, beta, eps=1e-5)"
    assert ops["maxpool2d"]["syntax"] == "maxpool2d(x, size, stride=size)"
    assert ops["transpose"]["syntax"] == "transpose(x), x.T"


def test_each_ops_static_arguments_are_its_constructors() -> None:
    """The function passes the declared non-tensor parameters to the op, in order."""
    for name, cls in MADE.items():
        statics = [p for p in cls.signature if not p.tensor]
        init = list(inspect.signature(cls).parameters)
        assert len(init) == len(statics), name


def test_string_options_are_the_declared_ones() -> None:
    options = {p.name: p.options for cls in MADE.values() for p in cls.signature if p.options}
    assert options == builtins.STRING_OPTIONS
    assert list(options) == ["padding", "mode"]


def readme_list(bullet: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"- **{bullet}**")
    return text[start : text.index("\n- **", start + 1)]


def test_the_readme_lists_every_function_as_declared() -> None:
    """Each function is named in README's Functions list; each call written out there has the
    declared parameters and defaults (`padding=0` for `padding=0 | "valid" | …`)."""
    text = readme_list("Functions")
    assert not set(MADE) - set(re.findall(r"\w+", text))
    calls = re.findall(r"`(\w+)\(([^`]*)\)`", text)
    assert len(calls) > 15
    for name, args in calls:
        if name not in MADE or args == "...":
            continue
        written = [(a.split("=")[0], a.split("=")[1].split(" | ")[0] if "=" in a else None)
                   for a in args.split(", ")]
        want = [(p.name, p.shown.split("=")[1] if "=" in p.shown else
                 None if p.default is ... else literal(p.default)) for p in MADE[name].signature]
        assert written == want, name


def test_the_readme_shows_the_constructors() -> None:
    text = readme_list("Inputs")
    for name, constructor in builtins.CONSTRUCTORS.items():
        assert f"{name}(" in text
        assert all(re.search(rf"{name}\([^)]*{k}=", text) for k in constructor.keywords)


class Scale(Op):
    """A probe op, unregistered: what adding one takes."""

    name, label, formula = "scale", "k·x", "k"
    signature = (T("x"), Param("k", "float", 2.0))

    def __init__(self, k: float) -> None:
        self.k = k

    def forward(self, *xs: Array) -> Array:
        return xs[0] * self.k

    def backward(self, g: Array, out: Array, *xs: Array) -> Grads:
        return (g * self.k,)


def test_an_ops_declaration_is_its_function() -> None:
    scale = F.function(Scale)
    assert python(scale) == [("x", ...), ("k", 2.0)] and scale.__name__ == "scale"
    assert scale(np.float64(3.0)) == 6.0 and scale(x=1.0, k=-1.0) == -1.0
    assert Scale.catalog_syntax() == call_syntax("scale", Scale.signature) == "scale(x, k=2.0)"
    with pytest.raises(TypeError, match="argument"):
        scale()


def test_the_language_calls_through_the_declaration() -> None:
    program = parse("x = [[1, -2, 3]]\nf = sum(softmax(x), axis=1)")
    np.testing.assert_allclose(program.output.value, [1.0])
    assert literal(1e-5) == "1e-5" and literal(0.01) == "0.01" and literal("full") == '"full"'
