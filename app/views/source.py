"""A page's program from its address: `src=` as written, or `zsrc=`, the program's UTF-8 bytes
compressed with raw DEFLATE (RFC 1951) and written in base64url without padding (RFC 4648 §5),
as static/js/url.js writes a long one (docs/api.md "Pages and their view parameters")."""

import base64
import binascii
import zlib
from typing import Annotated

from fastapi import Depends, Query

from chainrule.engine.core.errors import LimitError, ValueErr
from chainrule.engine.core.limits import Limits

SOURCE_CHARS = Limits().source_chars
MOST_BYTES = 4 * SOURCE_CHARS  # UTF-8 takes at most 4 bytes a character


def inflate(packed: str) -> str:
    """The program a `zsrc` value holds: a value error for one that holds none (cut off when
    the link was copied, mistyped), a limit error for one longer than any program may be."""
    try:
        data = base64.b64decode(packed + "=" * (-len(packed) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):  # a character outside base64url, a wrong length
        raise ValueErr("err.request.zsrc") from None
    inflater = zlib.decompressobj(wbits=-zlib.MAX_WBITS)  # raw DEFLATE: no zlib header
    try:
        raw = inflater.decompress(data, MOST_BYTES + 1)  # bounded: no deflate bomb
    except zlib.error:
        raise ValueErr("err.request.zsrc") from None
    if len(raw) > MOST_BYTES:
        raise LimitError("err.limit.zsrc", limit=f"{SOURCE_CHARS:,}")
    if not inflater.eof or inflater.unused_data:  # cut short, or something after the end
        raise ValueErr("err.request.zsrc")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueErr("err.request.zsrc") from None


def source_param(
    src: Annotated[str | None, Query(description="the program, as written")] = None,
    zsrc: Annotated[str | None, Query(
        description="the program compressed: raw DEFLATE of its UTF-8, base64url unpadded")] = None,
) -> str:
    """The program the address carries (`zsrc` when both are there); "" when it has none."""
    if zsrc is not None:
        return inflate(zsrc)
    return src or ""


Program = Annotated[str, Depends(source_param)]  # a page's program, from src= or zsrc=
