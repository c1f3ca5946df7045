"""A page's program from its address (app/views/source.py): `src=` as written or `zsrc=`, raw
DEFLATE + base64url; a corrupt or oversized `zsrc` is a clear 400 in the one error shape."""

import base64
import random
import zlib
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.app.request_guard import MAX_TARGET
from chainrule.app.views.source import MOST_BYTES, SOURCE_CHARS, inflate
from chainrule.engine.core.errors import GraphError

ERROR_KEYS = {"type", "message", "line", "column", "end_line", "end_column"}


def long_korean_program(length: int = 15_015) -> str:
    """A valid program of exactly `length` characters: a chain of 150 gates, each explained by
    a Korean comment, then Korean comment lines up to the length."""
    lines = ["# 입력: 학생들이 함께 역전파를 따라가는 긴 예제입니다", "a0 = 1.5"]
    for i in range(1, 151):
        lines.append(f"# {i}번째 게이트: 앞의 값에 작은 수를 곱하고 더합니다 (연쇄 법칙)")
        lines.append(f"a{i} = a{i - 1} * 1.001 + 0.{i % 9 + 1}")
    lines.append("f = a150 * a150")
    text = "\n".join(lines)
    filler = "\n# 덧붙인 설명: 기울기는 출력에서 입력 쪽으로 흐릅니다"
    while len(text) + len(filler) <= length:
        text += filler
    text += "\n#" + "가" * (length - len(text) - 2)
    assert len(text) == length
    return text


def deflated(source: str | bytes) -> str:
    """`source` as static/js/url.js writes it for zsrc: raw DEFLATE, base64url, no padding."""
    data = source.encode() if isinstance(source, str) else source
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = packer.compress(data) + packer.flush()
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as client:  # the lifespan starts the worker pool
        yield client


def test_inflate_reads_back_every_program() -> None:
    for source in ["x = 2\nf = x * x", long_korean_program(), "😀" * 20_000, ""]:
        assert inflate(deflated(source)) == source


def test_a_long_korean_program_fits_in_a_short_link() -> None:
    source = long_korean_program()
    assert len(deflated(source)) < 6_000 < len(quote(source))  # 2,258 and 82,719 characters


def test_every_program_within_the_source_limit_fits_in_a_request_line() -> None:
    """The worst case: 20,000 characters that do not compress, each 4 bytes of UTF-8."""
    rng = random.Random(0)
    worst = "".join(chr(rng.randrange(0x10000, 0x10FFFF)) for _ in range(SOURCE_CHARS))
    assert len(deflated(worst)) < 107_000 < MAX_TARGET - 4_096  # room for the other parameters


@pytest.mark.parametrize("packed", [
    "", "a", "%%%", "abc=", deflated("x = 1")[:-2], deflated("x = 1") + "AAAA",
    base64.urlsafe_b64encode(b"\xff\xfe\x00").decode(), deflated(b"\xff\xfe"), "한글",
])
def test_inflate_refuses_what_holds_no_program(packed: str) -> None:
    with pytest.raises(GraphError) as caught:
        inflate(packed)
    assert caught.value.type == "value" and caught.value.msgid == "err.request.zsrc"


def test_inflate_stops_a_deflate_bomb() -> None:
    bomb = deflated(b"#" * (MOST_BYTES * 50))  # 4 MB of text in a few kilobytes
    assert len(bomb) < 10_000
    with pytest.raises(GraphError) as caught:
        inflate(bomb)
    assert caught.value.type == "limit" and "20,000" in caught.value.message


@pytest.mark.parametrize("path", ["/embed", "/standalone"])
def test_pages_read_zsrc_and_src_alike(client: TestClient, path: str) -> None:
    source = "x = 3  # 셋\nf = x * x"
    packed = client.get(path, params={"zsrc": deflated(source)})
    plain = client.get(path, params={"src": source})
    assert packed.status_code == plain.status_code == 200
    assert packed.text == plain.text
    both = client.get(path, params={"zsrc": deflated(source), "src": "y = 1"})
    assert both.text == plain.text  # zsrc is read when both are there


def test_the_long_korean_program_opens_from_zsrc(client: TestClient) -> None:
    source = long_korean_program()
    answer = client.get("/embed", params={"zsrc": deflated(source)})
    assert answer.status_code == 200
    assert 'data-src="# 입력: 학생들이' in answer.text and "a150 * a150" in answer.text


def test_slides_read_zsrc_as_src(client: TestClient) -> None:
    source = "x = 3  # 셋\nf = x * x"
    packed = client.get("/slides", params={"zsrc": deflated(source), "format": "pptx"})
    plain = client.get("/slides", params={"src": source, "format": "pptx"})
    assert packed.status_code == plain.status_code == 200, packed.text[:300]
    assert packed.content == plain.content


@pytest.mark.parametrize(("lang", "words"), [("en", "invalid link: zsrc"), ("ko", "잘못된 링크")])
@pytest.mark.parametrize("path", ["/embed", "/standalone", "/slides"])
def test_a_corrupt_zsrc_is_a_400_in_the_error_shape(
    client: TestClient, path: str, lang: str, words: str,
) -> None:
    cut = deflated("x = 3\nf = x * x")[:-4]
    answer = client.get(path, params={"zsrc": cut, "lang": lang})
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/json"
    error = answer.json()["error"]
    assert set(error) == ERROR_KEYS and error["type"] == "value"
    assert error["message"].startswith(words)


def test_an_oversized_zsrc_is_a_limit_error(client: TestClient) -> None:
    answer = client.get("/embed", params={"zsrc": deflated("#" * (MOST_BYTES + 1))})
    assert answer.status_code == 400
    assert answer.json()["error"]["type"] == "limit"
