"""Serving a lecture hall: gzip when the client accepts it, cache headers on static files."""

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app

BIG = "W = randn(40, 40, seed=0)\nx = randn(40, 3, seed=1)\nf = sum(W @ x)"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


@pytest.mark.parametrize("method, url, body", [
    ("post", "/api/graph", {"source": BIG}),
    ("get", "/static/js/graph/render.js", None),
    ("get", "/static/vendor/d3-7.9.2/d3.min.js", None),
    ("get", "/", None),
])
def test_gzip_is_negotiated(client: TestClient, method: str, url: str, body: object) -> None:
    zipped = client.request(method, url, json=body, headers={"Accept-Encoding": "gzip"})
    plain = client.request(method, url, json=body, headers={"Accept-Encoding": "identity"})
    assert zipped.status_code == plain.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert zipped.content == plain.content  # httpx decodes; same bytes either way
    assert zipped.num_bytes_downloaded < plain.num_bytes_downloaded / 2  # bytes on the wire


def test_vendored_assets_are_cached_for_a_year(client: TestClient) -> None:
    vendored = client.get("/static/vendor/katex-0.19.1/katex.min.js")
    own = client.get("/static/js/page/app.js")
    assert "max-age=31536000" in vendored.headers["cache-control"]
    assert "immutable" in vendored.headers["cache-control"]
    assert own.headers["cache-control"] == "no-cache"
    assert own.headers.get("etag")
    again = client.get("/static/js/page/app.js", headers={"If-None-Match": own.headers["etag"]})
    assert again.status_code == 304
