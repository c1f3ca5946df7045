"""String options: a string literal only as a listed option's value (padding=, mode=) or a data
set's name; anywhere else a syntax error at the string, an unknown value a value error there."""

import numpy as np
import pytest

from chainrule.engine.core import functions as F
from chainrule.engine.core.errors import GraphError
from chainrule.engine.language import builtins, parse
from chainrule.engine.language.builtins import STRING_OPTIONS, Param, T

# source -> (type, line, column, end_line, end_column) of the error; columns 1-based, end exclusive
ERRORS = [
    ('x = "abc"', "syntax", 1, 5, 1, 10),
    ("x = 1\nf = x * 'a'", "syntax", 2, 9, 2, 12),
    ('x = 1\nf = relu(x, foo="same")', "syntax", 2, 17, 2, 23),
    ('x = ones(3)\nf = sum(x, "same")', "syntax", 2, 12, 2, 18),
    ('x = ones(3)\nf = probe(x, "same")', "syntax", 2, 14, 2, 20),
    ('x = ones(3)\nf = probe(x, mode=f"same")', "syntax", 2, 19, 2, 26),
    ('x = ones(3)\nf = probe(x, mode="sane")', "value", 2, 19, 2, 25),
    ('x = ones(3)\nf = probe(x, padding="fulll")', "value", 2, 22, 2, 29),
    ('x = ones(3)\nf = probe(x, mode=2)', "value", 2, 5, 2, 21),
    ('x = ones(3)\nf = probe(x, padding=1.5)', "value", 2, 5, 2, 26),
    ('x = ones(4, 1, 3, 3)\nf = conv2d(x, x, padding=x)', "value", 2, 5, 2, 28),
    ('x = ones(3)\nf = relu(x, mode="full")', "value", 2, 13, 2, 24),
    ('def g(t): return t\nx = 1\nf = g(x, mode="full")', "syntax", 3, 5, 3, 22),
]


def probe(x: F.Operand, mode: str, padding: int | str) -> F.Operand:
    """A stand-in op taking both kinds of option: records what the language passed."""
    probe.seen = (mode, padding)  # type: ignore[attr-defined]
    return F.mul(x, 1.0)


@pytest.fixture(autouse=True)
def probe_function(monkeypatch: pytest.MonkeyPatch) -> None:
    table = builtins.FUNCTIONS | {"probe": (probe, [
        T("x"), Param("mode", "str", "full"), Param("padding", "int|str", 0),
    ])}
    monkeypatch.setattr(builtins, "FUNCTIONS", table)
    monkeypatch.setattr("chainrule.engine.language.evaluate.FUNCTIONS", table)


@pytest.mark.parametrize(("source", "kind", "line", "column", "end_line", "end_column"), ERRORS)
def test_string_errors_have_their_place(
    source: str, kind: str, line: int, column: int, end_line: int, end_column: int
) -> None:
    with pytest.raises(GraphError) as info:
        parse(source)
    e = info.value
    assert (e.type, e.line, e.column, e.end_line, e.end_column) == (
        kind, line, column, end_line, end_column), e.message


@pytest.mark.parametrize(("call", "seen"), [
    ("probe(x)", ("full", 0)),
    ('probe(x, mode="valid")', ("valid", 0)),
    ('probe(x, padding="same", mode="same")', ("same", "same")),
    ("probe(x, padding=2)", ("full", 2)),
    ('probe(x, "full", "full")', None),
])
def test_string_options_reach_the_function(call: str, seen: tuple[str, object] | None) -> None:
    source = f"x = ones(3)\nf = {call}"
    if seen is None:
        with pytest.raises(GraphError, match="string"):
            parse(source)
        return
    program = parse(source)
    assert probe.seen == seen  # type: ignore[attr-defined]
    np.testing.assert_array_equal(program.output.value, np.ones(3))


def test_one_table_lists_every_string_option() -> None:
    assert STRING_OPTIONS["padding"] == ("valid", "same", "full")
    assert STRING_OPTIONS["mode"] == ("full", "same", "valid")


def test_error_messages_name_the_allowed_values() -> None:
    with pytest.raises(GraphError) as info:
        parse('x = ones(3)\nf = probe(x, mode="sane")')
    assert info.value.message == 'mode cannot be "sane"; use one of "full", "same", "valid"'
    assert "padding" in info.value.text("ko") or "mode" in info.value.text("ko")
