"""NumPy's (and Python's) own messages from inside an op as catalog ids, so they read in every
language: "cannot reshape array of size 16 into shape (60,1)" → err.numpy.reshape."""

import re
from typing import Any

from chainrule.engine.core.errors import GraphError, LimitError, ShapeError, ValueErr

# First match wins; named groups become the message's placeholders.
MESSAGES: list[tuple[re.Pattern[str], type[GraphError], str]] = [
    (re.compile(pattern), kind, msgid) for pattern, kind, msgid in [
        (r"could not be broadcast together with (?:remapped )?shapes", ShapeError,
         "err.numpy.broadcast"),
        (r"cannot reshape array of size (?P<size>\d+) into shape (?P<shape>\(.*?\))", ShapeError,
         "err.numpy.reshape"),
        (r"^matmul: .*\(size (?P<a>\d+) is different from (?P<b>\d+)\)", ShapeError,
         "err.numpy.matmul"),
        (r"axis (?P<axis>-?\d+) is out of bounds for array of dimension (?P<ndim>\d+)", ShapeError,
         "err.numpy.axis"),
        (r"index (?P<index>-?\d+) is out of bounds for axis \d+ with size (?P<size>\d+)",
         ShapeError, "err.numpy.index"),
        (r"zero-size array to reduction operation (?P<op>\w+)", ValueErr, "err.numpy.empty"),
        (r"attempt to get (?P<op>\w+) of an empty sequence", ValueErr, "err.numpy.empty"),
        (r"negative dimensions are not allowed", ValueErr, "err.numpy.negative"),
        (r"cannot convert float (?:NaN|infinity) to integer", ValueErr, "err.numpy.not_finite"),
        (r"arrays used as indices must be of integer", ValueErr, "err.numpy.index_type"),
        (r"array is too big|Maximum allowed dimension", LimitError, "err.limit.memory"),
    ]
]
SHAPES = re.compile(r"\([\d, ]*\)")


def numpy_error(error: BaseException) -> GraphError:
    """The catalog's error for an exception NumPy or Python raised while computing; a message
    the table does not know keeps its own text (quoted) inside a translated sentence."""
    if isinstance(error, MemoryError):
        return LimitError("err.limit.memory")
    if isinstance(error, ZeroDivisionError):
        return ValueErr("err.numpy.zero_division")
    if isinstance(error, OverflowError):
        return ValueErr("err.value.float_overflow")
    text = str(error)
    for pattern, kind, msgid in MESSAGES:
        if m := pattern.search(text):
            params: dict[str, Any] = m.groupdict()
            if msgid == "err.numpy.broadcast":
                params["shapes"] = ", ".join(SHAPES.findall(text)) or "?"
            return kind(msgid, **params)
    return ValueErr("err.numpy.other", detail=text.strip() or type(error).__name__)
