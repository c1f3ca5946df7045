"""Engine messages in both languages: Python's and NumPy's messages as ids, the language's
refusals, errors inside messages, and the one-line description a terminal shows."""

from collections.abc import Callable

import numpy as np
import pytest

from chainrule.engine.core.errors import (
    GraphError,
    LimitError,
    NameErr,
    ShapeError,
    SyntaxErr,
    ValueErr,
)
from chainrule.engine.core.nperrors import numpy_error
from chainrule.engine.language import parse

# source -> (id, params) of the message Python's own parser leads to
SYNTAX = [
    ("x = 1\ny = x +* 2", "err.syntax.invalid", {}),
    ("x = (1 2)", "err.syntax.comma", {}),
    ("f = (x = 1)", "err.syntax.equals", {}),
    ("x = [1, 2", "err.syntax.unclosed", {"bracket": "["}),
    ("f = x)", "err.syntax.unmatched", {"bracket": ")"}),
    ("f = (x]", "err.syntax.mismatch", {"close": "]", "open": "("}),
    ("  x = 1", "err.syntax.indent_unexpected", {}),
    ("def f(t):\nreturn t", "err.syntax.indent_expected", {"after": "1"}),
    ("x = 'abc", "err.syntax.unterminated_string", {}),
    ("def f(t)\n  return t", "err.syntax.expected", {"token": ":"}),
    ("x = 1a", "err.syntax.number", {}),
    ("x = 0x", "err.syntax.number", {}),
    ("x = 01", "err.syntax.leading_zero", {}),
    ("x = 1 →", "err.syntax.character", {"char": "→", "code": "U+2192"}),
    ("x = 1\u00a0+ 2", "err.syntax.invisible", {"code": "U+00A0"}),
    ("1 = x", "err.syntax.assign_target", {}),
    ("x = 1 = 2", "err.syntax.assign_target", {}),
    ("x = 1 \\ 2", "err.syntax.backslash", {}),
    ("f = g(x=1, 2)", "err.syntax.positional_after_keyword", {}),
    ("x = 3 +\\", "err.syntax.eof", {}),
    ("x = 1\nf = " + "1" * 4400, "err.syntax.long_integer", {"digits": "4,400", "limit": "4,300"}),
    ("f = (1 := 2)", "err.syntax.walrus", {}),
    ("f = x\0", "err.syntax.null_byte", {}),
    ("x = 1\nf = sum(x for x in y, 1)", "err.syntax.generator", {}),
]

# source -> the id the expression language itself refuses it with
REFUSED = [
    ("x = 1\nf = x < 2", "err.syntax.comparison"), ("x = 1\nf = x and x", "err.syntax.boolean"),
    ("f = lambda: 1", "err.syntax.lambda"), ("f = {1: 2}", "err.syntax.dict"),
    ("x = 1\nf = (y := x)", "err.syntax.walrus"), ("x = [1]\nf = x[0]", "err.syntax.indexing"),
    ("x = 1\nf = x // 2", "err.syntax.operator"), ("f = 2j", "err.syntax.complex"),
    ("x = 1\nf = f'{x}'", "err.syntax.fstring"), ("for i in [1]: pass", "err.syntax.statement"),
    ("x: float = 1", "err.syntax.annotation"), ("f = ...", "err.syntax.expression"),
    ("x = 1\nf = not x", "err.syntax.unary"), ("x = 1\nf = x.shape", "err.syntax.attribute"),
]


def error_of(source: str) -> GraphError:
    with pytest.raises(GraphError) as info:
        parse(source)
    return info.value


@pytest.mark.parametrize(("source", "msgid", "params"), SYNTAX)
def test_python_syntax_messages_become_ids(source: str, msgid: str, params: dict) -> None:  # type: ignore[type-arg]
    e = error_of(source)
    assert (e.type, e.msgid, e.params) == ("syntax", msgid, params)
    assert e.text("ko") != e.text("en")


def test_other_python_messages_keep_their_detail_behind_an_id() -> None:
    e = error_of("x = 1\nf = g(**)")
    assert e.msgid == "err.syntax.invalid"
    e = error_of("async def f(t): return t\nf = 1")
    assert e.type == "syntax" and e.msgid == "err.syntax.statement"
    assert e.params == {"keyword": "async def"}
    assert e.text("ko") == "async def 문은 이 수식 언어에서 쓸 수 없습니다"


@pytest.mark.parametrize(("source", "msgid"), REFUSED)
def test_refused_python_reads_in_both_languages(source: str, msgid: str) -> None:
    e = error_of(source)
    assert (e.type, e.msgid) == ("syntax", msgid)
    assert "쓸 수" in e.text("ko") or "지원하지 않습니다" in e.text("ko")


def test_refusals_are_grammatical() -> None:
    """One operator and one construct are each singular: "is not part", not "are"."""
    walrus, indexing = error_of("x = 1\nf = (y := x)"), error_of("x = [1]\nf = x[0]")
    assert walrus.message == "the := operator is not part of the expression language"
    assert indexing.message == "indexing is not part of the expression language"


def test_describe_tells_kind_place_and_message() -> None:
    e = error_of("x = 1\nf = x * y")
    assert str(e) == "name error: line 2, column 9: name 'y' is not defined"
    assert e.describe("ko") == "이름 오류: 2행 9열: 'y'은(는) 정의되지 않은 이름입니다"
    assert NameErr("err.name.undefined", name="q").describe("ko") == (
        "이름 오류: 'q'은(는) 정의되지 않은 이름입니다")
    kinds = [cls("err.value.empty").describe("ko").split(":")[0]
             for cls in (SyntaxErr, NameErr, ShapeError, ValueErr, LimitError)]
    assert kinds == ["문법 오류", "이름 오류", "형상 오류", "값 오류", "한도 초과"]


def raised(compute: Callable[[], object]) -> BaseException:
    try:
        compute()
    except Exception as e:  # noqa: BLE001  (any of NumPy's and Python's)
        return e
    raise AssertionError("no error")


# what NumPy or Python raised -> (type, English, Korean) of the catalog's message for it
NUMPY = [
    (lambda: np.ones((16, 1)) + np.ones((60, 1)), "shape",
     "cannot broadcast shapes (16,1), (60,1)",
     "형상 (16,1), (60,1)을(를) 브로드캐스트할 수 없습니다"),
    (lambda: np.ones(16).reshape(60, 1), "shape", "cannot reshape an array of 16 numbers into "
     "shape (60,1)", "원소 16개짜리 배열을 형상 (60,1)(으)로 바꿀 수 없습니다"),
    (lambda: np.ones((16, 2)) @ np.ones((60, 1)), "shape", "cannot multiply matrices: inner "
     "sizes 60 and 2 differ", "안쪽 크기(60, 2)가 서로 달라 행렬곱을 할 수 없습니다"),
    (lambda: np.sum(np.ones(3), axis=2), "shape", "axis 2 is out of range for a 1-D tensor",
     "axis 2은(는) 1차원 텐서의 축 범위를 벗어납니다"),
    (lambda: np.ones(3)[5], "shape", "index 5 is out of range for an axis of size 3",
     "인덱스 5이(가) 크기 3인 축의 범위를 벗어납니다"),
    (lambda: np.max(np.ones(0)), "value", "cannot take the maximum of an empty tensor (it holds "
     "no numbers)", "빈 텐서(원소 0개)에서는 maximum을(를) 구할 수 없습니다"),
    (lambda: 1 / 0, "value", "division by zero", "0으로 나눌 수 없습니다"),
    (lambda: ().__getitem__(2), "value", "NumPy could not compute this: tuple index out of range",
     "NumPy가 이 값을 계산하지 못했습니다 (NumPy의 메시지: tuple index out of range)"),
]


@pytest.mark.parametrize(("compute", "kind", "english", "korean"), NUMPY)
def test_numpy_messages_read_in_both_languages(
    compute: Callable[[], object], kind: str, english: str, korean: str
) -> None:
    e = numpy_error(raised(compute))
    assert (e.type, e.message, e.text("ko")) == (kind, english, korean)


def test_numpy_messages_from_an_op_keep_the_place() -> None:
    e = error_of("x = 1\nf = softmax(ones(0))")
    assert (e.line, e.column, e.end_line, e.end_column) == (2, 5, 2, 21)
    assert e.text("ko") == "빈 텐서(원소 0개)에서는 maximum을(를) 구할 수 없습니다"


def test_an_error_inside_a_message_reads_in_its_language() -> None:
    inner = ShapeError("err.shape.reshape", 4, 5, 4, 32, shape="(16, 1)", target="(60, 1)")
    outer = inner.within("err.train.batch", rows=16, n=60)
    assert (outer.type, outer.line, outer.end_column) == ("shape", 4, 32)
    assert outer.text("ko").startswith(
        "16행짜리 미니배치에서 계산하지 못했습니다 (데이터셋은 60행): "
        "형상 (16, 1)을(를) (60, 1)(으)로")
    assert outer.message.startswith(
        "on a mini-batch of 16 rows (the data set has 60): cannot reshape shape (16, 1) into")


@pytest.mark.parametrize("character", ["\0", "\ud800"])
def test_characters_python_cannot_read_are_placed(character: str) -> None:
    e = error_of(f"x = 1\ny = 2 # {character}")
    assert (e.type, e.line, e.column, e.end_line, e.end_column) == ("syntax", 2, 9, 2, 10)
